package dev.cordon.testing;

import dev.cordon.core.Principal;
import dev.cordon.platform.FileSecurity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the files for real (in a test's temporary directory) and remembers, by inode, which were made owner-only or
 * secured, so a test asks {@link #ownerOnly} instead of needing root to set and read owners. By inode, because a
 * rename keeps what was set on a file: a staged directory moved into place stays secured.
 */
public final class FakeFileSecurity implements FileSecurity {
    private final Set<Object> ownerOnly = new HashSet<>();
    private final Set<Object> stateDirectories = new HashSet<>();
    private final Set<Object> publicReadOnly = new HashSet<>();
    private final Set<Object> foreign = new HashSet<>();

    /** Someone else made {@code dir} before setup did (Windows: a user's folder under %ProgramData%). */
    public void ownedBySomeoneElse(Path dir) {
        key(dir).ifPresent(foreign::add);
    }
    private final java.util.Map<Object, String> access = new java.util.HashMap<>();

    public boolean ownerOnly(Path path) {
        return key(path).map(ownerOnly::contains).orElse(false);
    }

    public boolean publicReadOnly(Path path) {
        return key(path).map(publicReadOnly::contains).orElse(false);
    }

    /** Someone loosened the state directory behind Cordon's back. */
    public void loosen(Path dir) {
        key(dir).ifPresent(stateDirectories::remove);
    }

    @Override
    public void createOwnerOnlyFile(Path file) throws IOException {
        Files.createFile(file);
        ownerOnly.add(key(file).orElseThrow());
    }

    @Override
    public void createOwnerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
        ownerOnly.add(key(dir).orElseThrow());
    }

    @Override
    public void createOwnerOnlyDirectories(Path dir) throws IOException {
        List<Path> made = new ArrayList<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
             p = p.getParent()) {
            made.add(p);
        }
        Files.createDirectories(dir);
        made.forEach(p -> ownerOnly.add(key(p).orElseThrow()));
    }

    @Override
    public void secureStateDirectory(Path dir) throws IOException {
        stateDirectories.add(key(dir).orElseThrow(() -> new IOException(dir + " does not exist")));
    }

    @Override
    public String stateDirectoryPolicy() {
        return "root-owned, 0711: not listable by others";
    }

    @Override
    public DirectoryAccess stateDirectory(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new DirectoryAccess(false, false, "does not exist");
        }
        boolean secure = key(dir).map(stateDirectories::contains).orElse(false);
        boolean trusted = key(dir).map(k -> !foreign.contains(k)).orElse(true);
        return new DirectoryAccess(true, secure, secure ? "owned by root, rwx--x--x" : "owned by someone, rwxrwxrwx",
                trusted);
    }

    @Override
    public void makePublicReadOnly(Path path) {
        key(path).ifPresent(publicReadOnly::add);
    }

    @Override
    public void makeTraversableByAll(Path dir) {
        key(dir).ifPresent(k -> access.put(k, "traverse: everyone"));
    }

    /** The JVM's temporary directory: the fake makes no directory of its own there. */
    @Override
    public Path sharedTemporaryRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    @Override
    public void shareWithGroup(Path dir, Principal group, boolean write) {
        key(dir).ifPresent(k -> access.put(k, (write ? "write: " : "traverse: ") + group));
    }

    /** What was said of who else may use {@code dir}: {@code traverse: everyone}, {@code write: gid 61000}, …; null if nothing. */
    public String access(Path dir) {
        return key(dir).map(access::get).orElse(null);
    }

    private static java.util.Optional<Object> key(Path path) {
        try {
            return java.util.Optional.ofNullable(Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
