package dev.cordon.packaging;

import dev.cordon.core.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The jlinked Java runtime of the packages: the JDK modules the jars need (jdeps), JavaFX's modules from its platform
 * jars, and JavaFX's native libraries as files in the runtime's library directory. Left inside the modules, JavaFX
 * would unpack them into {@code ~/.openjfx/cache} at every first start of a user (under pkexec: root's home); from the
 * runtime's {@code lib} (Windows: {@code bin}) {@code System.loadLibrary} finds them in place.
 * {@code bin/java} stays: the backend starts runners, network probes and the background host with it.
 */
final class RuntimeImage {
    /** Loaded by reflection or service lookup, which jdeps does not see. */
    static final List<String> EXTRA_MODULES = List.of("jdk.unsupported");
    private static final String NATIVE_LIBRARY = "[^/]+\\.(so|dll|dylib)";

    private RuntimeImage() {
    }

    static Path build(AppJars jars, Path output) throws IOException {
        FileTrees.deleteTree(output);
        Files.createDirectories(output.getParent());
        String fxPath = String.join(java.io.File.pathSeparator, jars.javafx().stream().map(Path::toString).toList());
        List<String> jdeps = new ArrayList<>(List.of("--module-path", fxPath, "--print-module-deps",
                "--ignore-missing-deps", "--multi-release", "17"));
        jars.classpath().forEach(j -> jdeps.add(j.toString()));
        Set<String> modules = new LinkedHashSet<>(List.of(lastLine(Tools.jdk("jdeps", jdeps)).split(",")));
        modules.addAll(EXTRA_MODULES);
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (!Files.isDirectory(jmods)) {
            throw new PackagingException("The JDK at " + System.getProperty("java.home") + " has no jmods directory.",
                    "Build with a JDK that has them (Debian: openjdk-17-jdk-headless; Temurin 17 JDK).");
        }
        Tools.jdk("jlink", List.of("--module-path", jmods + java.io.File.pathSeparator + fxPath,
                "--add-modules", String.join(",", modules),
                // JavaFX's natives and its bundled SWT bridge jar stay out of the modules; the natives are copied below
                "--exclude-resources", "regex:/javafx\\.[a-z]+/(" + NATIVE_LIBRARY + "|[^/]+\\.sha1|javafx-swt\\.jar)",
                "--strip-debug", "--no-header-files", "--no-man-pages", "--generate-cds-archive",
                "--output", output.toString()));
        Path libraries = output.resolve(isWindows() ? "bin" : "lib");
        for (Path jar : jars.javafx()) {
            copyNativeLibraries(jar, libraries);
        }
        return output;
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        if (!last.matches("[a-z][a-z0-9.]*(,[a-z][a-z0-9.]*)*")) {
            throw new PackagingException("jdeps printed no module list: " + output.strip(), "Read jdeps' message above.");
        }
        return last;
    }

    private static void copyNativeLibraries(Path jar, Path dir) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.getName().matches(NATIVE_LIBRARY)) {
                    try (InputStream in = file.getInputStream(e)) {
                        Files.copy(in, dir.resolve(e.getName()));
                    }
                }
            }
        }
    }
}
