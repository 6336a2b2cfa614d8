package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.FileTrees;
import dev.cordon.platform.Group;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * The listening socket's file: refuses a live one, replaces a stale one, and appears at its path only with its
 * final owner and mode. The socket is bound inside a fresh {@code 0700} directory next to the path, given its group
 * and mode there, then renamed into place, so there is no moment where it is reachable with the umask's mode.
 */
final class HostSocketFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int BACKLOG = 64;

    /** A bound, listening socket at {@code path}; {@code fileKey} identifies our file for the delete on close. */
    record Bound(ServerSocketChannel channel, Path path, Object fileKey, String mode) {
    }

    private HostSocketFile() {
    }

    static Bound bind(Path path, String groupName) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        refuseIfTaken(path);
        Optional<Group> group = Passwd.load().group(groupName);
        Path staging = Files.createTempDirectory(parent, ".cordon-bind-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            Path staged = staging.resolve("s");
            channel.bind(UnixDomainSocketAddress.of(staged), BACKLOG);
            String mode;
            if (group.isPresent()) {
                Files.setAttribute(staged, "unix:gid", PosixIds.gid(group.get()), LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-rw----"));
                mode = "0660 " + Files.getOwner(staged, LinkOption.NOFOLLOW_LINKS).getName() + ":" + groupName;
            } else {
                Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
                mode = "0600 " + Files.getOwner(staged, LinkOption.NOFOLLOW_LINKS).getName()
                        + " (group '" + groupName + "' does not exist)";
            }
            Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE);
            Object fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new Bound(channel, path, fileKey, mode);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } finally {
            FileTrees.deleteTree(staging);
        }
    }

    /** Deletes the socket file if it is still the one we bound (a later server may have replaced it). */
    static void deleteIfOurs(Bound bound) throws IOException {
        try {
            Object now = Files.readAttributes(bound.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            if (Objects.equals(now, bound.fileKey())) {
                Files.delete(bound.path());
            }
        } catch (NoSuchFileException e) {
            // already gone (removed by an administrator): nothing to clean
        }
    }

    private static void refuseIfTaken(Path path) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new CordonException(ExitCode.CONFLICT, path + " exists and is not a socket.",
                    "Remove it if it is not needed, or choose another socket path.");
        }
        SocketChannel probe;
        try {
            probe = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (ConnectException e) {
            return; // connection refused: a stale file left by a server that died; the rename in bind() replaces it
        }
        probe.close();
        throw new CordonException(ExitCode.CONFLICT,
                "A Cordon host (or another program) is already listening at " + path + ".",
                "Stop the running `cordon serve` first, or choose another socket path.");
    }
}
