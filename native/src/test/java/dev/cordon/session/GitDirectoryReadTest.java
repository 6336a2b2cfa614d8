package dev.cordon.session;

import dev.cordon.core.GitDirectory;
import dev.cordon.core.Instance;
import dev.cordon.platform.ProcessStarts;
import dev.cordon.platform.linux.WorkspaceGrants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The repository walks' reads (GitDirectory) of {@code HEAD}, {@code commondir} and {@code .git} files as the host does them (the platform's
 * {@code WorkspaceAccess::readRegularFile}): a sandbox sharing the root that swaps a FIFO, or a symlink to one, in for
 * the file between any look and the open blocks no thread of the host; a symlink to a device is not opened; what is
 * a regular file throughout is still read as git reads it.
 */
class GitDirectoryReadTest {
    private static final long SELF = ProcessHandle.current().pid();
    private static final ProcessStarts STARTS = pid -> pid == SELF ? Optional.of("test:self") : Optional.empty();
    /** How long the sandbox swaps; the reads must all have returned well within the bound. */
    private static final Duration SWAPPING = Duration.ofSeconds(3);
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path root;
    private GitDirectory.RegularFiles files;

    @BeforeEach
    void setUp() throws IOException {
        Instance instance = new Instance("twalk", root.resolve("state"));
        files = new WorkspaceGrants(instance, STARTS)::readRegularFile;
    }

    @Test
    void aFifoSwappedInForCommondirBlocksNothing() throws Exception {
        Path gitDir = gitDirectory(root.resolve("ws/bare.git"));
        Files.writeString(gitDir.resolve("commondir"), ".\n");
        assertThat(GitDirectory.commonDir(gitDir, files)).isEqualTo(gitDir.resolve("."));

        int reads = whileSwapping(gitDir.resolve("commondir"), () -> {
            Path common = GitDirectory.commonDir(gitDir, files);
            assertThat(common == null || common.equals(gitDir.resolve("."))).isTrue();
            GitDirectory.isGitDirectory(gitDir, files);
        });
        assertThat(reads).isPositive();
    }

    @Test
    void aFifoSwappedInForHeadBlocksNothing() throws Exception {
        Path gitDir = gitDirectory(root.resolve("ws/bare.git"));
        assertThat(GitDirectory.isGitDirectory(gitDir, files)).isTrue();

        int reads = whileSwapping(gitDir.resolve("HEAD"), () -> GitDirectory.isGitDirectory(gitDir, files));
        assertThat(reads).isPositive();
    }

    @Test
    void aFifoSwappedInForADotGitFileBlocksNothing() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("ws/wt"));
        Path gitDir = gitDirectory(root.resolve("ws/main.git"));
        Path dotGit = worktree.resolve(".git");
        Files.writeString(dotGit, "gitdir: " + gitDir + "\n");
        assertThat(GitDirectory.namedGitDir(worktree, dotGit, files)).isEqualTo(gitDir);

        int reads = whileSwapping(dotGit, () -> {
            Path named = GitDirectory.namedGitDir(worktree, dotGit, files);
            assertThat(named == null || named.equals(gitDir)).isTrue();
        });
        assertThat(reads).isPositive();
    }

    @Test
    void aSymlinkToAFifoOrADeviceIsNotOpened() throws Exception {
        Path gitDir = gitDirectory(root.resolve("ws/bare.git"));
        Path fifo = fifo(root.resolve("elsewhere/fifo"));
        Path commondir = gitDir.resolve("commondir");
        Files.createSymbolicLink(commondir, fifo);
        assertTimeoutPreemptively(BOUND, () -> {
            assertThat(GitDirectory.commonDir(gitDir, files)).isNull();
            assertThat(GitDirectory.isGitDirectory(gitDir, files)).isFalse();
        });
        Files.delete(commondir);
        Files.createSymbolicLink(commondir, Path.of("/dev/zero"));
        assertTimeoutPreemptively(BOUND, () -> assertThat(GitDirectory.commonDir(gitDir, files)).isNull());
        Path worktree = Files.createDirectories(root.resolve("ws/wt"));
        assertTimeoutPreemptively(BOUND, () -> assertThat(GitDirectory.namedGitDir(worktree, fifo, files)).isNull());
    }

    /**
     * Runs {@code reads} over and over while another thread swaps what is at {@code target} (a regular file at first)
     * for a FIFO, a symlink to a FIFO and the regular file again, each by one rename; returns how many rounds ran. Fails
     * when the reads do not all return within {@link #BOUND}: one blocked in an open of the FIFO.
     */
    private int whileSwapping(Path target, Runnable reads) throws Exception {
        Path dir = Files.createDirectories(root.resolve("swap"));
        Path regular = dir.resolve("regular");
        Files.copy(target, regular);
        Path fifo = fifo(dir.resolve("fifo"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), fifo);
        Path next = target.resolveSibling(target.getFileName() + ".next");
        AtomicBoolean swapping = new AtomicBoolean(true);
        Thread sandbox = new Thread(() -> {
            long end = System.nanoTime() + SWAPPING.toNanos();
            try {
                while (System.nanoTime() < end) {
                    for (Path variant : List.of(fifo, link, regular)) {
                        Files.createLink(next, variant); // a hard link to the FIFO or the symlink itself
                        Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                swapping.set(false);
            }
        }, "sandbox-swapping");
        sandbox.setDaemon(true);
        AtomicInteger rounds = new AtomicInteger();
        sandbox.start();
        try {
            assertTimeoutPreemptively(BOUND, () -> {
                while (swapping.get()) {
                    reads.run();
                    rounds.incrementAndGet();
                }
            }, "a read blocked while the file was swapped for a FIFO");
        } finally {
            swapping.set(false);
            sandbox.join(BOUND.toMillis());
        }
        return rounds.get();
    }

    /** A git directory as git makes one: a HEAD naming a branch, objects/ and refs/. */
    private static Path gitDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("objects"));
        Files.createDirectories(dir.resolve("refs"));
        Files.writeString(dir.resolve("HEAD"), "ref: refs/heads/main\n");
        return dir;
    }

    private static Path fifo(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return path;
    }
}
