package dev.cordon.runner;

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
final class CommandCgroup {
    private static final long SELF = ProcessHandle.current().pid();
    private final Path dir;

    private CommandCgroup(Path dir) {
        this.dir = dir;
    }

    static CommandCgroup create(Path sessionDir, String name) throws IOException {
        Path dir = sessionDir.resolve(name);
        Files.createDirectory(dir);
        return new CommandCgroup(dir);
    }

    Path dir() {
        return dir;
    }

    void enterSelf() throws IOException {
        write(dir.resolve("cgroup.procs"), Long.toString(SELF));
    }

    static void moveSelfTo(Path leaf) throws IOException {
        write(leaf.resolve("cgroup.procs"), Long.toString(SELF));
    }

    boolean empty() throws IOException {
        try {
            return Files.readString(dir.resolve("cgroup.procs")).isBlank();
        } catch (NoSuchFileException gone) {
            return true;
        }
    }

    /** Kills every process in the command's cgroup (cgroup.kill, kernel 5.14+; else one SIGKILL per pid, repeated). */
    void kill() throws IOException {
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

    /** Kills what is left and removes the directory once the kernel reports it empty (polled every 0.2 ms, up to 1 s). */
    void remove() throws IOException, InterruptedException {
        if (!empty()) {
            kill();
        }
        for (int i = 0; i < 5000; i++) {
            if (empty()) {
                try {
                    Files.deleteIfExists(dir);
                    return;
                } catch (IOException busy) {
                    // EBUSY until the last exiting task is reaped: try again shortly
                }
            }
            Thread.sleep(0, 200_000);
        }
        throw new IOException("cgroup " + dir + " still has processes after kill");
    }

    private static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
    }
}
