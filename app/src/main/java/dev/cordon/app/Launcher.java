package dev.cordon.app;

import javafx.application.Application;

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
            System.err.println(PanelOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(PanelOptions.USAGE);
            System.out.println("Opens the Cordon control panel (as root it uses the embedded host; otherwise read-only).");
            return;
        }
        Application.launch(CordonPanel.class, args);
    }
}
