package dev.cordon.platform.windows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link WindowsFileAcl} for tests everywhere: creates the files for real (in a temporary directory) and keeps each
 * one's SDDL by inode, so a rename keeps it, as on NTFS. Every call is recorded in order ({@link #calls}).
 */
public final class FakeWindowsFileAcl implements WindowsFileAcl {
    /** What an object without a DACL of ours reads as: inherited entries for Users too. */
    public static final String INHERITED = "O:BAD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)";
    private final Map<Object, String> sddl = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void createFile(Path file, String sddl) throws IOException {
        calls.add("createFile " + file.getFileName() + " " + sddl);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Files.createFile(file);
        this.sddl.put(key(file), sddl);
    }

    @Override
    public void createDirectory(Path dir, String sddl) throws IOException {
        calls.add("createDirectory " + dir.getFileName() + " " + sddl);
        Files.createDirectory(dir);
        this.sddl.put(key(dir), sddl);
    }

    @Override
    public void apply(Path path, String sddl) throws IOException {
        calls.add("apply " + path.getFileName() + " " + sddl);
        this.sddl.put(key(path), sddl);
    }

    @Override
    public String read(Path path) throws IOException {
        return sddl.getOrDefault(key(path), INHERITED);
    }

    private static Object key(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path.toString());
        }
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
