package dev.cordon.app;

import dev.cordon.cli.CordonCli;
import dev.cordon.core.ExitCode;
import javafx.application.Application;

import java.io.PrintWriter;
import java.util.List;

/**
 * Entry point. JavaFX runs from the classpath here, and a main class that extends {@link Application} directly is
 * refused there ("JavaFX runtime components are missing"): this one only checks the arguments and launches.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        PanelOptions options;
        try {
            options = PanelOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("cordon panel: " + e.getMessage());
            System.err.println("Fix: see `cordon panel --help`.");
            System.exit(ExitCode.USAGE.code());
            return;
        }
        if (options.help()) { // the CLI's usage of `cordon panel`: one text, whichever way the panel was started
            System.exit(CordonCli.run(new String[] {"panel", "--help"}, new PrintWriter(System.out, true),
                    new PrintWriter(System.err, true)));
            return;
        }
        if (noDisplay()) {
            System.err.println("cordon panel: no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set).");
            System.err.println("Fix: run it in a desktop session, or under a virtual display: `xvfb-run -a ./cordon panel`."
                    + " Every panel action is also in the CLI (`./cordon --help`).");
            System.exit(69);
            return;
        }
        try {
            Application.launch(CordonPanel.class, args);
        } catch (RuntimeException e) {
            System.err.println("cordon panel: the window could not be opened: " + e.getMessage());
            System.err.println("Fix: check that a display is reachable and that libgtk-3-0 is installed.");
            System.exit(69);
        }
    }

    private static boolean noDisplay() {
        boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
        return linux && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
