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
 * {@code bin/java} stays: the backend starts runners, network probes and the background host with it. Its class-data
 * archive holds the JDK's default classes and the JDK and JavaFX classes the panel loads before its first frame
 * ({@link #archivePanelClasses}).
 */
final class RuntimeImage {
    /** Loaded by reflection or service lookup, which jdeps does not see. */
    static final List<String> EXTRA_MODULES = List.of("jdk.unsupported");
    private static final String NATIVE_LIBRARY = "[^/]+\\.(so|dll|dylib)";
    /** The JDK and JavaFX classes the panel loads before its first frame (how it is made: its header). */
    static final String PANEL_CLASSES = "panel-classes.txt";

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
        archivePanelClasses(output);
        return output;
    }

    /**
     * Makes the runtime's class-data archive again ({@code lib/server/classes.jsa}, which every start of the runtime
     * maps) from jlink's default class list and {@link #PANEL_CLASSES}: JavaFX's classes otherwise come out of the
     * runtime's modules and are verified at each panel start (about 1,700 of them before the first frame). Only classes
     * of the runtime: an archive of the class path made here would name this build's paths, not the installed ones,
     * and the JVM would then refuse the whole archive. A listed class the runtime does not have is skipped.
     */
    static void archivePanelClasses(Path runtime) throws IOException {
        Set<String> lines = new LinkedHashSet<>(Files.readAllLines(runtime.resolve("lib").resolve("classlist")));
        try (InputStream in = RuntimeImage.class.getResourceAsStream(PANEL_CLASSES)) {
            if (in == null) {
                throw new PackagingException("The packager's " + PANEL_CLASSES + " is missing from its class path.",
                        "Build the packager with its resources: mvn -B -Ppackage package.");
            }
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(lines::add);
        }
        Path list = runtime.resolveSibling("runtime-classes.txt");
        Files.write(list, lines);
        Path java = runtime.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        long start = System.nanoTime();
        // the default archive's place; classes the dump cannot find or archive are warnings: errors only
        Tools.checked(List.of(java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + list, "-Xlog:disable",
                "-Xlog:all=error:stderr"), null);
        System.out.printf("packager: class-data archive (%d class-list entries) took %.1f s%n", lines.size(),
                (System.nanoTime() - start) / 1e9);
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
