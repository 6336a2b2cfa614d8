package dev.cordon.packaging;

import dev.cordon.core.FileTrees;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * jpackage's app-image with two launchers on the jlinked runtime: {@code cordon}, the CLI (on Windows a console
 * program), and {@code cordon-panel}, the control panel (on Windows a GUI program). The panel finds its own path in
 * {@code jpackage.app-path}, which jpackage's launcher sets, for its pkexec relaunch.
 *
 * On Windows the panel is {@code cordon-panel.exe}, not {@code Cordon.exe}: both sit in one directory, and on a
 * case-insensitive file system {@code Cordon.exe} and {@code cordon.exe} are the same file.
 */
final class AppImage {
    static final String NAME = "cordon";
    static final String PANEL = "cordon-panel";
    static final String CLI_MAIN = "dev.cordon.cli.CordonCli";
    static final String PANEL_MAIN = "dev.cordon.app.Launcher";
    /** As ./cordon starts the CLI: a short-lived JVM (the CLI's start-up is most of a command's time). */
    static final String CLI_JAVA_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr";
    /**
     * As ./cordon starts the panel: the optimizing JIT waits for code 20x hotter than by default (before the first frame
     * it took about 1 s of CPU from the two cores the window needs; issue 13 part 4, docs/benchmarks.md).
     */
    static final String PANEL_JAVA_OPTIONS = "-Xshare:auto -XX:Tier4InvocationThreshold=100000 -XX:Tier4CompileThreshold=150000"
            + " -XX:Tier4BackEdgeThreshold=1000000 -Xlog:disable -Xlog:all=warning:stderr";

    private AppImage() {
    }

    /** @return the app-image's directory ({@code dest/cordon}) */
    static Path build(AppJars jars, Path runtime, Path icon, String version, Path work, Path dest) throws IOException {
        Path input = work.resolve("input");
        FileTrees.deleteTree(input);
        Files.createDirectories(input);
        for (Path jar : jars.classpath()) {
            Files.copy(jar, input.resolve(jar.getFileName()));
        }
        Properties panel = new Properties();
        panel.setProperty("main-jar", jars.panelJar().getFileName().toString());
        panel.setProperty("main-class", PANEL_MAIN);
        panel.setProperty("java-options", PANEL_JAVA_OPTIONS);
        panel.setProperty("icon", icon.toString());
        panel.setProperty("win-console", "false");
        Path panelProperties = work.resolve(PANEL + ".properties");
        try (Writer w = Files.newBufferedWriter(panelProperties)) {
            panel.store(w, "the control panel's launcher");
        }
        Path image = dest.resolve(NAME);
        FileTrees.deleteTree(image);
        Files.createDirectories(dest);
        List<String> args = new ArrayList<>(List.of("--type", "app-image", "--name", NAME, "--dest", dest.toString(),
                "--input", input.toString(), "--main-jar", jars.cliJar().getFileName().toString(),
                "--main-class", CLI_MAIN, "--runtime-image", runtime.toString(),
                "--app-version", numericVersion(version), "--vendor", "Cordon",
                "--description", "Sandbox accounts, firewall, vault and runner for coding agents, with a control panel",
                "--icon", icon.toString(), "--add-launcher", PANEL + "=" + panelProperties));
        for (String option : CLI_JAVA_OPTIONS.split(" ")) {
            args.addAll(List.of("--java-options", option));
        }
        if (RuntimeImage.isWindows()) {
            args.add("--win-console");
        }
        Tools.jdk("jpackage", args);
        return image;
    }

    /** jpackage takes 1 to 3 numbers: 0.1.0-SNAPSHOT → 0.1.0. */
    static String numericVersion(String version) {
        String numeric = version.replaceFirst("[^0-9.].*$", "").replaceAll("\\.+$", "");
        if (!numeric.matches("[0-9]+(\\.[0-9]+){0,2}")) {
            throw new PackagingException("Version '" + version + "' does not start with 1 to 3 numbers.",
                    "Set the project version in pom.xml to something like 1.2.3 or 1.2.3-SNAPSHOT.");
        }
        return numeric;
    }
}
