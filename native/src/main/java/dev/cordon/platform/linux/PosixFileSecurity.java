package dev.cordon.platform.linux;

import dev.cordon.core.Instance;
import dev.cordon.core.StateDirectory;
import dev.cordon.platform.FileSecurity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Owner-only files with POSIX modes, given at creation (the umask can only narrow them, never widen). */
public final class PosixFileSecurity implements FileSecurity {
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    @Override
    public void createOwnerOnlyFile(Path file) throws IOException {
        Files.createFile(file, OWNER_FILE);
    }

    @Override
    public void createOwnerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, OWNER_DIR);
    }

    @Override
    public void createOwnerOnlyDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, OWNER_DIR);
    }

    @Override
    public void secureStateDirectory(Path dir) throws IOException {
        Files.setAttribute(dir, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dir, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(Instance.STATE_DIR_MODE));
    }

    @Override
    public DirectoryAccess stateDirectory(Path dir) {
        StateDirectory state = StateDirectory.read(dir);
        return state.exists() ? new DirectoryAccess(state.directory(), state.secure(), "owned by " + state.owner() + ", "
                + state.mode()) : new DirectoryAccess(false, false, "does not exist");
    }

    @Override
    public void makePublicReadOnly(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
