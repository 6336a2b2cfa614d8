package dev.cordon.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the packages of this OS from the build's {@code app/target}: run by {@code mvn -B -Ppackage package
 * -DskipTests}. Linux: the jlinked runtime, the app-image and {@code cordon_VERSION_ARCH.deb}. Windows: the same
 * runtime and app-image, the launchers' manifests replaced by ours ({@code cordon-panel.exe} asks for elevation), and
 * the MSI (jpackage with WiX 3).
 *
 * <pre>Packager --app=DIR --resources=DIR --version=V --out=DIR --work=DIR [--native-client=FILE]</pre>
 * ({@code --native-client}: native/target/cordon-run, which the .deb needs)
 */
public final class Packager {
    private Packager() {
    }

    public static void main(String[] args) throws IOException {
        try {
            build(options(args));
        } catch (PackagingException e) {
            System.err.println("packager: " + e); // message and Fix: line; Maven then fails the build with it
            throw e;
        }
    }

    private static void build(Map<String, String> options) throws IOException {
        Path app = Path.of(options.get("app")).toAbsolutePath().normalize();
        Path resources = Path.of(options.get("resources")).toAbsolutePath().normalize();
        Path out = Path.of(options.get("out")).toAbsolutePath().normalize();
        Path work = Path.of(options.get("work")).toAbsolutePath().normalize();
        String version = options.get("version");
        long start = System.nanoTime();

        AppJars jars = AppJars.find(app);
        Path runtime = RuntimeImage.build(jars, work.resolve("runtime"));
        report("runtime image", runtime, start);
        boolean windows = RuntimeImage.isWindows();
        Path icon = windows ? IcoFile.write(resources.resolve("icons"), work.resolve("cordon.ico"))
                : resources.resolve("icons/cordon-256.png");
        long imageStart = System.nanoTime();
        Path image = AppImage.build(jars, runtime, icon, version, work, out.resolve("image"));
        if (windows) {
            WindowsLaunchers.replaceManifests(image, resources.resolve("windows"));
        }
        report("app-image", image, imageStart);
        long packageStart = System.nanoTime();
        Path pkg;
        if (windows) {
            pkg = WindowsInstaller.build(image, icon, version, work, out);
        } else {
            pkg = DebPackage.build(image, nativeClient(options), resources, version, work, out);
            checkDebContents(pkg);
        }
        report("package", pkg, packageStart);
        System.out.printf("packager: done in %.1f s: %s%n", (System.nanoTime() - start) / 1e9, pkg);
    }

    /** The native `cordon run` client built by native/src/main/c/build.sh (Linux only). */
    static Path nativeClient(Map<String, String> options) {
        String given = options.get("native-client");
        Path client = given == null || given.isBlank() ? null : Path.of(given).toAbsolutePath().normalize();
        if (client == null || !Files.isExecutable(client)) {
            throw new PackagingException("The native run client " + (client == null ? "(--native-client=)" : client)
                    + " is missing.", "Build the native module first: mvn -B -Ppackage package -DskipTests (from the "
                    + "repository root); it builds native/target/cordon-run with gcc.");
        }
        return client;
    }

    /** No file outside /opt/cordon and the four /usr paths (directories above them are the system's). */
    static void checkDebContents(Path deb) {
        for (String path : DebPackage.contents(deb)) {
            if (path.endsWith("/")) {
                continue;
            }
            boolean ours = path.startsWith(DebPackage.INSTALL_DIR + "/")
                    || DebPackage.USR_PATHS.stream().anyMatch(u -> u.endsWith("/") ? path.startsWith(u) : path.equals(u));
            if (!ours) {
                throw new PackagingException(deb + " would install " + path + ", outside " + DebPackage.INSTALL_DIR
                        + " and " + DebPackage.USR_PATHS + ".", "Stage that file under " + DebPackage.INSTALL_DIR + ".");
            }
        }
    }

    private static void report(String what, Path path, long startNanos) throws IOException {
        System.out.printf("packager: %s: %.1f MB in %.1f s (%s)%n", what, size(path) / 1e6,
                (System.nanoTime() - startNanos) / 1e9, path);
    }

    static long size(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return Files.size(path);
        }
        try (Stream<Path> files = Files.walk(path)) {
            long total = 0;
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new PackagingException("Unknown argument '" + a + "'.", "Pass --NAME=VALUE for app, resources, version, out, work.");
            }
            options.put(a.substring(2, eq), a.substring(eq + 1));
        }
        for (String required : List.of("app", "resources", "version", "out", "work")) {
            if (!options.containsKey(required) || options.get(required).isBlank()) {
                throw new PackagingException("--" + required + "= is missing.", "Pass --app, --resources, --version, --out and --work.");
            }
        }
        return options;
    }
}
