package dev.cordon.platform.linux.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.StringArray;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.OwnedFd;
import dev.cordon.platform.linux.sys.Pidfd;
import dev.cordon.platform.linux.confine.SeccompFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Starts a command straight into a cgroup v2 directory ({@code clone3} with {@code CLONE_INTO_CGROUP}, through our
 * {@code libcordonspawn}), so the caller never has to move itself into the command's cgroup and back. The child
 * inherits the calling thread's credentials: call it on a confined thread to confine the command.
 */
public final class CgroupSpawner {
    /** The command's PATH when its environment has none (glibc's and the JDK's fallback is similar). */
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private CgroupSpawner() {
    }

    /**
     * Why this JVM cannot use the native spawn, or empty when it can ({@link #probe} asks the kernel). Call it before
     * confining the spawning thread: it loads the library, which a confined thread may not be allowed to read.
     */
    public static Optional<String> unavailableReason() {
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            return Optional.of("spawning into a cgroup is implemented for x86_64 only (this is " + arch + ")");
        }
        Throwable t = CordonSpawnLibrary.LOAD_FAILURE;
        return t == null ? Optional.empty()
                : Optional.of("lib" + CordonSpawnLibrary.NAME + ".so could not be loaded (" + t.getMessage() + ")");
    }

    /**
     * Starts a child into the cgroup open as {@code cgroupDirFd} that exits at once: empty when it lived to exit 0,
     * else why commands cannot be started this way here (no clone3, no CLONE_INTO_CGROUP, or the kernel kills such
     * children). Call it before the first command, from the thread that will own the runner's cgroup membership.
     */
    public static Optional<String> probe(int cgroupDirFd) {
        Optional<String> unavailable = unavailableReason();
        if (unavailable.isPresent()) {
            return unavailable;
        }
        int r = CordonSpawnLibrary.cordon_spawn_probe(cgroupDirFd);
        if (r == 0) {
            return Optional.empty();
        }
        return Optional.of(r < 0
                ? "clone3 with CLONE_INTO_CGROUP failed: error=" + -r + ", " + SpawnFailure.describe(-r)
                : "the kernel killed a child started into the command cgroup (signal " + r + ")");
    }

    /**
     * Starts {@code argv} with exactly {@code env}, in {@code cwd}, inside the cgroup open as {@code cgroupDirFd}
     * (empty: the caller's own cgroup). A program name without '/' is looked up in the command's PATH.
     *
     * @throws SpawnFailure when it did not start (the errno tells why: 2 not found, 13 not executable, ...)
     */
    public static SpawnedCommand start(List<String> argv, Map<String, String> env, Path cwd, OptionalInt cgroupDirFd)
            throws IOException {
        return start(argv, env, cwd, cgroupDirFd, null, 0L);
    }

    /**
     * As {@link #start(List, Map, Path, OptionalInt)}, and the child installs {@code childFilter} (stacked on the
     * caller's own filter) just before it execs: see {@link SeccompFilter#clone3Refusal}; and, when
     * {@code childScopes} is not 0, first enters a Landlock domain of its own with those scopes
     * ({@code LandlockAccess.SCOPE_*}), nested in the caller's: the command then cannot signal (or reach the abstract
     * sockets of) the caller's threads even when they are confined in the same domain as the caller.
     */
    public static SpawnedCommand start(List<String> argv, Map<String, String> env, Path cwd, OptionalInt cgroupDirFd,
                                       SeccompFilter childFilter, long childScopes) throws IOException {
        if (argv.isEmpty()) {
            throw new IndexOutOfBoundsException("no command given");
        }
        unavailableReason().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        String[] args = argv.toArray(String[]::new);
        String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        for (String s : args) {
            requireNoNul(s, "argument");
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            requireNoNul(e.getKey() + e.getValue(), "environment variable " + e.getKey());
            if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0) {
                throw new IOException("invalid environment variable name \"" + e.getKey() + "\"");
            }
        }
        String searchPath = env.getOrDefault("PATH", DEFAULT_PATH);
        int[] in = pipe();
        int[] out = null;
        int[] err = null;
        try (StringArray cArgv = new StringArray(args, StandardCharsets.UTF_8.name());
             StringArray cEnv = new StringArray(envp, StandardCharsets.UTF_8.name())) {
            out = pipe();
            err = pipe();
            int[] result = new int[3];
            int pid = CordonSpawnLibrary.cordon_spawn(cString(args[0]), cArgv, cEnv,
                    cwd == null ? null : cString(cwd.toString()), cString(searchPath),
                    in[0], out[1], err[1], cgroupDirFd.orElse(-1),
                    childFilter == null ? null : childFilter.nativeProgram(), childScopes, result);
            if (pid < 0) {
                SpawnFailure.Step step = SpawnFailure.Step.values()[
                        Math.max(0, Math.min(result[1], SpawnFailure.Step.values().length) - 1)];
                throw new SpawnFailure(args[0], cwd == null ? null : cwd.toString(), step, result[2]);
            }
            closeQuietly(in[0], out[1], err[1]);
            return new SpawnedCommand(Pidfd.adopt(result[0], pid), new OwnedFd(in[1], "the stdin of " + pid),
                    new OwnedFd(out[0], "the stdout of " + pid), new OwnedFd(err[0], "the stderr of " + pid));
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(in);
            closeQuietly(out);
            closeQuietly(err);
            throw e;
        }
    }

    private static void requireNoNul(String s, String what) throws IOException {
        if (s.indexOf('\0') >= 0) {
            throw new IOException("invalid null character in " + what);
        }
    }

    private static byte[] cString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(utf8, utf8.length + 1);
    }

    private static int[] pipe() throws IOException {
        int[] fds = new int[2];
        try {
            LinuxLibc.libc().pipe2(fds, LinuxLibc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("pipe2 failed: errno " + e.getErrorCode() + " (too many open files?)", e);
        }
        return fds;
    }

    private static void closeQuietly(int... fds) {
        if (fds == null) {
            return;
        }
        for (int fd : fds) {
            try {
                LinuxLibc.libc().close(fd);
            } catch (LastErrorException alreadyClosed) {
                // closing is cleanup after a failure that is already being reported
            }
        }
    }
}
