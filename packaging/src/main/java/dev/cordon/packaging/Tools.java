package dev.cordon.packaging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;

/** The JDK's tools (jlink, jpackage, jdeps) in-process, and the few OS commands the .deb needs. */
final class Tools {
    private Tools() {
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a JDK tool; its output is returned, and named in the error when it fails. */
    static String jdk(String name, List<String> args) {
        ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new PackagingException(
                "The JDK at " + System.getProperty("java.home") + " has no " + name + ".",
                "Build with a full JDK 17 (Debian: openjdk-17-jdk-headless, which has jlink, jpackage and the jmods),"
                        + " e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64."));
        StringWriter out = new StringWriter();
        long start = System.nanoTime();
        int rc;
        try (PrintWriter pw = new PrintWriter(out)) {
            rc = tool.run(pw, pw, args.toArray(String[]::new));
        }
        if (rc != 0) {
            throw new PackagingException(name + " failed (exit " + rc + "): " + name + " " + String.join(" ", args)
                    + "\n" + out.toString().strip(), "Read " + name + "'s message above.");
        }
        System.out.printf("packager: %s took %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        return out.toString();
    }

    /** Runs an OS command and returns its exit code and output (stdout and stderr together). */
    static Result command(List<String> cmd, Path dir) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new PackagingException("Cannot run " + cmd.get(0) + ": " + e.getMessage(),
                    "Install it (Debian: dpkg and libc-bin come with the base system).", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackagingException("Interrupted while running " + String.join(" ", cmd), "", e);
        }
    }

    /** Like {@link #command} but a non-zero exit is an error. */
    static String checked(List<String> cmd, Path dir) {
        Result r = command(cmd, dir);
        if (r.exitCode() != 0) {
            throw new PackagingException(String.join(" ", cmd) + " failed (exit " + r.exitCode() + "):\n" + r.output().strip(),
                    "Read its message above.");
        }
        return r.output();
    }
}
