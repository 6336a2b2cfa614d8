package dev.cordon.platform.linux;

import dev.cordon.core.Caller;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.FileSecurity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Owner-only files with POSIX modes, given at creation (the umask can only narrow them, never widen). */
public final class PosixFileSecurity implements FileSecurity {
    /**
     * The state directory's mode: root-owned and not listable by others; the execute bit lets a session runner reach
     * its own directory under {@code sessions/} by name. Everything secret below it (keys, secrets, quarantine, ledger,
     * audit) is 0700/0600.
     */
    static final String STATE_DIR_MODE = "rwx--x--x";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    @Override
    public void createOwnerOnlyFile(Path file) throws IOException {
        Files.createFile(file, OWNER_FILE);
    }

    /**
     * The directory is reached by descriptor without following a symlink anywhere on its path ({@link PathFd}), the file
     * made in it with {@code O_CREAT|O_EXCL|O_NOFOLLOW} mode 0600. For another {@code owner} this is done on a thread
     * with that person's filesystem identity ({@link AsUser}): the kernel decides whether they may create a file there,
     * and the file is theirs from its first instant, so root never writes where they could not, nor leaves them a
     * root-owned file.
     */
    @Override
    public void createNewFile(Path file, byte[] content, java.util.Optional<Account> owner) throws IOException {
        inDirectoryOf(file, owner, (directory, name) -> directory.createFile(name, 0600, content));
    }

    /**
     * As {@link #createNewFile}, and an existing file (or a symlink: removed as itself, never followed) at the name is
     * replaced: the content goes into a new file beside it, which is then renamed to the name. Someone who puts
     * something back at the name in between makes it fail, nothing written through it.
     */
    @Override
    public void replaceFile(Path file, byte[] content, java.util.Optional<Account> owner) throws IOException {
        inDirectoryOf(file, owner, (directory, name) -> {
            byte[] partial = (".cordon-" + Long.toHexString(new java.security.SecureRandom().nextLong()) + ".part")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            directory.createFile(partial, 0600, content);
            try {
                try {
                    directory.remove(name, false);
                } catch (java.nio.file.NoSuchFileException absent) {
                    // nothing to replace
                }
                directory.rename(partial, directory, name);
            } catch (IOException e) {
                try {
                    directory.remove(partial, false);
                } catch (IOException ignored) {
                    e.addSuppressed(ignored);
                }
                throw e;
            }
        });
    }

    @FunctionalInterface
    private interface InDirectory {
        void run(PathFd directory, byte[] name) throws IOException;
    }

    /**
     * {@code work} on the directory of {@code file}, reached by descriptor without following a symlink anywhere on its
     * path ({@link PathFd}), and the file's name in it; for another {@code owner} on a thread with that person's
     * filesystem identity ({@link AsUser}): the kernel decides whether they may change that directory, and what is made
     * there is theirs from its first instant, so root never writes where they could not, nor leaves them a root-owned
     * file.
     */
    private static void inDirectoryOf(Path file, java.util.Optional<Account> owner, InDirectory work) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.getFileName() == null || absolute.getParent() == null) {
            throw new IOException("Not a file name: " + file);
        }
        Path dir = absolute.getParent();
        byte[] name = absolute.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (owner.isEmpty() || PosixIds.uid(owner.get()) == 0) {
            inDirectory(dir, name, work);
            return;
        }
        Account a = owner.get();
        Caller as = new Caller(a.id(), a.primaryGroup(), Passwd.load().gidsOf(a).stream()
                .map(g -> (Principal) Principal.gid(g)).toList(), a.name());
        java.util.concurrent.atomic.AtomicReference<IOException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        AsUser.call(as, () -> {
            try {
                inDirectory(dir, name, work);
            } catch (IOException e) {
                failed.set(e);
            }
            return null;
        });
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    private static void inDirectory(Path dir, byte[] name, InDirectory work) throws IOException {
        try (PathFd directory = PathFd.open(dir)) {
            if (directory.stat().isSymlink()) { // opened as the link itself, never followed
                throw new IOException("Cannot write a file in " + dir + ": a symlink on the way");
            }
            work.run(directory, name);
        }
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
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(STATE_DIR_MODE));
    }

    /** Secure when it is a directory (not a link) owned by root with mode {@link #STATE_DIR_MODE}. */
    @Override
    public String stateDirectoryPolicy() {
        return "root-owned, 0711: not listable by others";
    }

    @Override
    public DirectoryAccess stateDirectory(Path dir) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return new DirectoryAccess(false, false, "does not exist");
        }
        String owner = a.owner().getName();
        String mode = PosixFilePermissions.toString(a.permissions());
        return new DirectoryAccess(a.isDirectory(), a.isDirectory() && "root".equals(owner) && STATE_DIR_MODE.equals(mode),
                "owned by " + owner + ", " + mode);
    }

    @Override
    public void makePublicReadOnly(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "rwxr-xr-x" : "rw-r--r--"));
    }

    @Override
    public void makeTraversableByAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @Override
    public Path sharedTemporaryRoot() {
        return Path.of("/tmp");
    }

    @Override
    public void shareWithGroup(Path dir, Principal group, boolean write) throws IOException {
        Files.setAttribute(dir, "unix:gid", PosixIds.number(group), LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(write ? "rwxrwx---" : "rwx--x---"));
    }
}
