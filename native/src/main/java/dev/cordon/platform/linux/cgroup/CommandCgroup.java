package dev.cordon.platform.linux.cgroup;

import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.OwnedFd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The cgroup of one command inside the session's delegated cgroup: the command's whole tree, daemons included.
 * The child is born inside it (no window to escape): spawned straight into it, or, on the portable path, by the
 * runner moving itself in for the spawn and back out.
 */
public final class CommandCgroup {
    private static final long SELF = ProcessHandle.current().pid();
    private static final byte[] ONE = {'1'};
    private final Path dir;
    /** For spawning into it and killing it from a thread whose Landlock policy forbids opening these paths. */
    private OwnedFd dirFd;
    private OwnedFd killFd;
    private OwnedFd procsFd;

    private CommandCgroup(Path dir) {
        this.dir = dir;
    }

    /** The name of the leaf the runner of process id {@code runnerPid} moves itself into, in its session's cgroup. */
    public static String runnerLeafName(long runnerPid) {
        return "runner-" + runnerPid;
    }

    /**
     * This runner's process id in the host's pid namespace: what {@code cordon-mounts --pid} noted before it mounted
     * the runner's own {@code /proc} (R46; the host names the runner's leaf by it), else this process's own id (no pid
     * namespace of its own: the shell interpreter's start).
     */
    public static long runnerHostPid() {
        String noted = System.getenv("CORDON_RUNNER_HOST_PID");
        if (noted == null) {
            return SELF;
        }
        try {
            return Long.parseLong(noted);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("CORDON_RUNNER_HOST_PID is not a process id: " + noted, e);
        }
    }

    public static CommandCgroup create(Path sessionDir, String name) throws IOException {
        Path dir = sessionDir.resolve(name);
        Files.createDirectory(dir);
        return new CommandCgroup(dir);
    }

    /** {@link #create} and open the directory and its cgroup.kill (kernel 5.14+), so confined threads can use them. */
    public static CommandCgroup createOpen(Path sessionDir, String name) throws IOException {
        CommandCgroup cg = create(sessionDir, name);
        try {
            cg.dirFd = OwnedFd.open(cg.dir, LinuxLibc.O_RDONLY | LinuxLibc.O_DIRECTORY);
            cg.killFd = OwnedFd.open(cg.dir.resolve("cgroup.kill"), LinuxLibc.O_WRONLY);
            cg.procsFd = OwnedFd.open(cg.dir.resolve("cgroup.procs"), LinuxLibc.O_RDONLY);
        } catch (IOException e) {
            cg.closeFds();
            Files.deleteIfExists(cg.dir);
            throw e;
        }
        return cg;
    }

    /** The open directory, for clone3's CLONE_INTO_CGROUP. */
    public OwnedFd dirFd() {
        return dirFd;
    }

    public void closeFds() {
        if (dirFd != null) {
            dirFd.close();
        }
        if (killFd != null) {
            killFd.close();
        }
        if (procsFd != null) {
            procsFd.close();
        }
    }

    public Path dir() {
        return dir;
    }

    public void enterSelf() throws IOException {
        write(dir.resolve("cgroup.procs"), Long.toString(SELF));
    }

    public static void moveSelfTo(Path leaf) throws IOException {
        write(leaf.resolve("cgroup.procs"), Long.toString(SELF));
    }

    public boolean empty() throws IOException {
        if (procsFd != null && procsFd.isOpen()) {
            return procsFd.readFromStart(new byte[1]) == 0; // one byte is enough to know there is a pid
        }
        try {
            return Files.readString(dir.resolve("cgroup.procs")).isBlank();
        } catch (NoSuchFileException gone) {
            return true;
        }
    }

    /** Kills every process in the command's cgroup (cgroup.kill, kernel 5.14+; else one SIGKILL per pid, repeated). */
    public void kill() throws IOException {
        if (killFd != null && killFd.isOpen()) {
            killFd.write(ONE);
            return;
        }
        Path killFile = dir.resolve("cgroup.kill");
        if (Files.exists(killFile)) {
            write(killFile, "1");
            return;
        }
        for (int round = 0; round < 50 && !empty(); round++) {
            for (String pid : Files.readString(dir.resolve("cgroup.procs")).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /** Waits until the kernel reports no process in it (polled every 0.2 ms, up to {@code millis}); false if not. */
    public boolean awaitEmpty(long millis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!empty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    /** Kills what is left and removes the directory once the kernel reports it empty (up to 1 s). */
    public void remove() throws IOException, InterruptedException {
        closeFds();
        if (!empty()) {
            kill();
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (true) {
            if (empty()) {
                try {
                    Files.deleteIfExists(dir);
                    return;
                } catch (IOException busy) {
                    // EBUSY until the last exiting task is reaped: try again shortly
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("cgroup " + dir + " still has processes after kill");
            }
            pause();
        }
    }

    /** 0.2 ms (Thread.sleep(0, n) would sleep a whole millisecond on JDK 17). */
    private static void pause() throws InterruptedException {
        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
    }
}
