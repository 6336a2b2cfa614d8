package dev.cordon.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the build left in {@code app/target}: the panel's jar, and in {@code lib/} the backend's jar and every runtime
 * dependency. JavaFX goes into the runtime image as modules (its platform jars, e.g. {@code javafx-graphics-21-linux.jar});
 * its empty classifier-less jars are left out; everything else goes on the launchers' class path.
 *
 * @param panelJar   cordon-app.jar (main class of the {@code cordon-panel} launcher)
 * @param cliJar     cordon-native-VERSION.jar (main class of the {@code cordon} launcher)
 * @param classpath  every jar for the launchers' class path, the two above included
 * @param javafx     the JavaFX platform jars, for jlink's module path
 */
record AppJars(Path panelJar, Path cliJar, List<Path> classpath, List<Path> javafx) {
    static AppJars find(Path appTarget) {
        Path panel = appTarget.resolve("cordon-app.jar");
        Path lib = appTarget.resolve("lib");
        if (!Files.isRegularFile(panel) || !Files.isDirectory(lib)) {
            throw new PackagingException(panel + " or " + lib + " not found.",
                    "Build the panel first: mvn -B -Ppackage package -DskipTests (from the repository root).");
        }
        List<Path> classpath = new ArrayList<>(List.of(panel));
        List<Path> javafx = new ArrayList<>();
        Path cli = null;
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("javafx-")) {
                    // javafx-graphics-21.0.11-linux.jar: the module with its natives; javafx-graphics-21.0.11.jar: empty
                    if (name.matches("javafx-[a-z]+-[0-9.]+-[a-z0-9-]+\\.jar")) {
                        javafx.add(jar);
                    }
                    continue;
                }
                if (name.startsWith("cordon-native-")) {
                    cli = jar;
                }
                classpath.add(jar);
            }
        } catch (IOException e) {
            throw new PackagingException("Cannot list " + lib + ": " + e.getMessage(), "", e);
        }
        if (cli == null || javafx.isEmpty()) {
            throw new PackagingException(lib + " has no " + (cli == null ? "cordon-native-*.jar" : "JavaFX platform jars")
                    + ".", "Build again from the repository root: mvn -B -Ppackage package -DskipTests.");
        }
        return new AppJars(panel, cli, List.copyOf(classpath), List.copyOf(javafx));
    }
}
