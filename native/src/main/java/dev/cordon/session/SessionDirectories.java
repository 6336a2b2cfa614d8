package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.FileTrees;
import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.Group;
import dev.cordon.platform.ScratchSpaces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Each session's directory under the instance's state directory: made with its host record in one rename, its
 * {@code home} and {@code tmp} bounded scratch ({@link ScratchSpaces}); removed scratch first.
 */
public final class SessionDirectories {
    private final Instance instance;
    private final SandboxAccounts accounts;
    private final ScratchSpaces scratch;
    private final FileSecurity files;
    private final SessionHost host;

    public SessionDirectories(Instance instance, SandboxAccounts accounts, ScratchSpaces scratch, FileSecurity files,
                              SessionHost host) {
        this.instance = instance;
        this.accounts = accounts;
        this.scratch = scratch;
        this.files = files;
        this.host = host;
    }

    /** True when the host recorded in session directory {@code dir} still runs. */
    boolean hostAlive(Path dir) {
        return host.alive(dir);
    }

    /**
     * The session's directory (root's, which the session's own principal {@code group} may pass through:
     * {@link FileSecurity#shareWithGroup}, Linux 0710) with its host record, then {@code home} and {@code tmp}: each a
     * tmpfs of {@code tmpSizeBytes} mounted here, in the host's mount namespace (so it outlives a runner restarted by a
     * network switch), root's and {@code group}'s to change (Linux 0770) like the directories under it. Not the
     * sandbox accounts' group: every session runs as those accounts, and another session could then reach sockets and
     * files here (Landlock hides the state directory from reads, not from {@code connect}). Half-made: undone here.
     */
    Path create(String id, long tmpSizeBytes, Principal group) {
        Path sessionsDir = instance.sessionsDir();
        Path dir = sessionsDir.resolve(id);
        Path stage = null;
        try {
            if (!Files.isDirectory(sessionsDir)) {
                Files.createDirectory(sessionsDir);
                files.makeTraversableByAll(sessionsDir);
            }
            // the directory appears under its id together with its host record: a reaper or janitor of another
            // host never sees this session without an owner
            stage = Files.createTempDirectory(sessionsDir, SessionHost.STAGE_PREFIX);
            files.shareWithGroup(stage, group, false);
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
                files.shareWithGroup(p, group, true);
                scratch.bound(p, tmpSizeBytes, new Group("session " + id, group, List.of()));
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
