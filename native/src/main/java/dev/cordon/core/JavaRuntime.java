package dev.cordon.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** The java program of the running JVM, for the JVMs Cordon starts (runners, network probes, the background host). */
public final class JavaRuntime {
    private JavaRuntime() {
    }

    /**
     * {@code java.home}'s {@code bin/java}. Not the current process's program: started from a jpackage launcher
     * ({@code /opt/cordon/bin/cordon}) that is the launcher, which takes no JVM options. Falls back to the current
     * program when the runtime has no {@code bin/java}.
     */
    public static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java");
        if (Files.isRegularFile(java) && Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse(java.toString());
    }
}
