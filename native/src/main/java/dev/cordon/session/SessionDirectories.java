package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.FileTrees;
import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Group;
import dev.cordon.platform.ScratchSpaces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Each session's directory under the instance's state directory: made with its host record in one rename, its
 * {@code home} and {@code tmp} bounded scratch ({@link ScratchSpaces}); removed scratch first.
 */
public final class SessionDirectories {
    private final Instance instance;
    private final SandboxAccounts accounts;
    private final ScratchSpaces scratch;
    private final SessionHost host;

    public SessionDirectories(Instance instance, SandboxAccounts accounts, ScratchSpaces scratch, SessionHost host) {
        this.instance = instance;
        this.accounts = accounts;
        this.scratch = scratch;
        this.host = host;
    }

    /** True when the host recorded in session directory {@code dir} still runs. */
    boolean hostAlive(Path dir) {
        return host.alive(dir);
    }

    /**
     * The session's directory (root's, the session's own group {@code gid}, 0710) with its host record, then
     * {@code home} and {@code tmp}: each a tmpfs of {@code tmpSizeBytes} mounted here, in the host's mount namespace (so
     * it outlives a runner restarted by a network switch), root:{@code gid} 0770 like the directories under it. Not the
     * sandbox accounts' group: every session runs as those accounts, and another session could then reach sockets and
     * files here (Landlock hides the state directory from reads, not from {@code connect}). Half-made: undone here.
     */
    Path create(String id, long tmpSizeBytes, int gid) {
        Path sessionsDir = instance.sessionsDir();
        Path dir = sessionsDir.resolve(id);
        Path stage = null;
        try {
            if (!Files.isDirectory(sessionsDir)) {
                Files.createDirectory(sessionsDir);
                Files.setPosixFilePermissions(sessionsDir, PosixFilePermissions.fromString("rwx--x--x"));
            }
            // the directory appears under its id together with its host record: a reaper or janitor of another
            // host never sees this session without an owner
            stage = Files.createTempDirectory(sessionsDir, SessionHost.STAGE_PREFIX);
            Files.setAttribute(stage, "unix:gid", gid);
            Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwx--x---"));
            host.write(stage);
            Files.move(stage, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (stage != null) {
                FileTrees.deleteTree(stage);
            }
            throw CordonException.internal("Cannot create the session directory: " + e.getMessage(), e);
        }
        try {
            for (String sub : List.of("home", "tmp")) {
                Path p = dir.resolve(sub);
                Files.createDirectory(p);
                Files.setAttribute(p, "unix:gid", gid);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwx---"));
                scratch.bound(p, tmpSizeBytes, new Group("session " + id, Principal.gid(gid), List.of()));
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            try {
                remove(dir);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e instanceof IOException io ? CordonException.internal("Cannot create the session directory: "
                    + io.getMessage(), io) : (RuntimeException) e;
        }
    }

    /** The scratch spaces of the session directory {@code dir}. */
    List<Path> scratchUnder(Path dir) {
        return scratch.under(dir);
    }

    /** Takes a session's scratch spaces off (never following a symlink), then deletes its directory. */
    void remove(Path dir) {
        scratch.removeAllUnder(dir);
        FileTrees.deleteTree(dir);
    }
}
