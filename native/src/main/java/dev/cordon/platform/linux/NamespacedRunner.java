package dev.cordon.platform.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A runner started in a pid namespace of its own ({@code cordon-mounts --pid}, R46): the process the host started
 * (which stays in the host's pid namespace, forwards SIGTERM/SIGINT/SIGHUP and exits with the runner's status) is the
 * grandparent of the runner, whose pid in its namespace is 2 (the namespace's init, 1, forks it first). Streams, exit
 * and signals are those of the started process; {@link #pid()} is the runner's own pid in the host's namespace, as
 * everything on the host names it (its cgroup leaf, {@code --enter}, {@code session ps}, the panel's process tree),
 * once it is born (before that, the started process's).
 */
final class NamespacedRunner extends Process {
    /** The runner's pid inside its namespace: the init's first child. */
    static final long RUNNER_IN_NAMESPACE = 2;

    private final Process started;
    private volatile long runner;

    NamespacedRunner(Process started) {
        this.started = started;
    }

    @Override
    public long pid() {
        long known = runner;
        if (known > 0) {
            return known;
        }
        for (long init : childrenOf(started.pid())) {
            OptionalLong found = hostPid(init, RUNNER_IN_NAMESPACE);
            if (found.isPresent()) {
                runner = found.getAsLong();
                return runner;
            }
        }
        return started.pid();
    }

    /**
     * The host pid of the child of {@code parent} (host pid) whose pid in its own namespace is {@code inNamespace}
     * (the last field of {@code NSpid} in its status); empty when there is none now (it ended, or is not born yet).
     */
    static OptionalLong hostPid(long parent, long inNamespace) {
        for (long child : childrenOf(parent)) {
            if (namespacePid(child) == inNamespace) {
                return OptionalLong.of(child);
            }
        }
        return OptionalLong.empty();
    }

    /** The children of every thread of {@code pid} ({@code /proc/<pid>/task/<tid>/children}); none when it is gone. */
    private static List<Long> childrenOf(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    for (String c : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!c.isEmpty()) {
                            out.add(Long.parseLong(c));
                        }
                    }
                } catch (IOException threadGone) {
                    // a thread that ended meanwhile has no children to list
                }
            }
        } catch (IOException gone) {
            return List.of();
        }
        return out;
    }

    /** The last field of {@code NSpid} in {@code /proc/<pid>/status} (its pid in its own namespace), or -1. */
    private static long namespacePid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[f.length - 1]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    @Override
    public OutputStream getOutputStream() {
        return started.getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return started.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return started.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        return started.waitFor();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return started.waitFor(timeout, unit);
    }

    @Override
    public int exitValue() {
        return started.exitValue();
    }

    /** SIGTERM to the started process, which forwards it through the init to the runner. */
    @Override
    public void destroy() {
        started.destroy();
    }

    /** SIGKILL to the started process: the init gets SIGKILL with it (its parent-death signal), and the namespace ends. */
    @Override
    public Process destroyForcibly() {
        started.destroyForcibly();
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return started.supportsNormalTermination();
    }

    @Override
    public boolean isAlive() {
        return started.isAlive();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return started.onExit().thenApply(p -> this);
    }

    /**
     * The started process's handle, deliberately not the runner's: it is what the host owns (a pid the runner's end
     * cannot make it lose to reuse), its liveness is the session's (it exits with the runner's status), killing it ends
     * the whole namespace (its init dies of its parent-death signal, and the kernel kills everything in a pid namespace
     * whose init ends), and {@link #children()}/{@link #descendants()} (which go through this handle) list the init,
     * the runner and every command. Its {@code pid()} is therefore not {@link #pid()}; nothing that names the runner on
     * the host should take its pid from here.
     */
    @Override
    public ProcessHandle toHandle() {
        return started.toHandle();
    }

    @Override
    public String toString() {
        return "runner " + pid() + " (started as " + started.pid() + ", in a pid namespace of its own)";
    }
}
