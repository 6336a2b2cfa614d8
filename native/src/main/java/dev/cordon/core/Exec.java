package dev.cordon.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an OS tool with a bounded wait and captured output. Tools are resolved from system directories only. */
public final class Exec {
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private Exec() {
    }

    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws with the tool's own message when it failed. */
        public Result orThrow(String what) {
            if (!ok()) {
                throw new CordonException(ExitCode.INTERNAL,
                        what + " failed: `" + String.join(" ", command) + "` exited " + exitCode
                                + (stderr.isBlank() ? "" : ": " + stderr.strip()),
                        "Read the tool's message above; run `cordon doctor` for the state of the system.");
            }
            return this;
        }
    }

    /** The absolute path of a system tool, looked up in the system directories (not the caller's PATH). */
    public static Optional<Path> which(String tool) {
        String override = System.getProperty("cordon.tool." + tool);
        if (override != null) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #which} but fails with a message naming the package that provides the tool. */
    /** Where {@link #which} looks, for messages: {@code /usr/sbin, /usr/bin, /sbin, /bin}. */
    public static String searchPath() {
        return String.join(", ", SYSTEM_DIRS);
    }

    public static Path require(String tool, String debianPackage) {
        return which(tool).orElseThrow(() -> new CordonException(ExitCode.UNAVAILABLE,
                "`" + tool + "` was not found in " + String.join(", ", SYSTEM_DIRS) + ".",
                "Install the package that provides it: `apt-get install " + debianPackage + "`."));
    }

    public static Result run(List<String> command) {
        return run(command, null, Map.of(), 120);
    }

    public static Result run(List<String> command, String stdin) {
        return run(command, stdin, Map.of(), 120);
    }

    public static Result run(List<String> command, String stdin, Map<String, String> env, int timeoutSeconds) {
        return runWithInput(command, stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), env, timeoutSeconds);
    }

    /**
     * {@code command} with {@code stdin}'s bytes as its input. A program that ends before it read them all (a broken
     * pipe) is not an error here: what it printed and its exit status say what it did (W1: the host's own write failing
     * lost every answer the program had given).
     */
    public static Result runWithInput(List<String> command, byte[] stdin, Map<String, String> env, int timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException brokenPipe) {
                // it stopped reading: its output and exit status below tell the caller what it did
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new CordonException(ExitCode.INTERNAL,
                        "`" + String.join(" ", command) + "` did not finish within " + timeoutSeconds + " s.",
                        "Check the system load and retry.");
            }
            return new Result(List.copyOf(command), p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new CordonException(ExitCode.UNAVAILABLE, "Cannot run `" + command.get(0) + "`: " + e.getMessage(),
                    "Check that the tool is installed and executable.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CordonException(ExitCode.INTERNAL, "Interrupted while running " + command.get(0), null, e);
        }
    }

    /** Own daemon threads: the common pool has one worker on a 2-core machine, and two drains must run at once. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "exec-drain");
        t.setDaemon(true);
        t.start();
        return result;
    }
}
