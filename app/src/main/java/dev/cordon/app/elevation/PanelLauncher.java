package dev.cordon.app.elevation;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The program that started this panel, and how pkexec can start it again as root.
 *
 * @param path the program: the installed {@code cordon-panel} launcher, or the {@code ./cordon} script of a checkout
 * @param kind how it was started
 */
public record PanelLauncher(Path path, Kind kind) {
    /** The polkit action the package installs for the panel launcher. */
    public static final Path INSTALLED_POLICY = Path.of("/usr/share/polkit-1/actions/dev.cordon.panel.policy");

    public enum Kind {
        /** A jpackage launcher that the installed polkit action names: pkexec runs it with that action (allow_gui). */
        INSTALLED,
        /** A jpackage launcher no installed action names (an app-image outside the package). */
        APP_IMAGE,
        /** The {@code cordon} script of a source checkout, which takes {@code panel} as its first argument. */
        SCRIPT
    }

    /**
     * @param appPath      {@code jpackage.app-path}: set by jpackage's launcher to its own path
     * @param script       {@code cordon.launcher}: set by the {@code cordon} script to its path
     * @param policyExec   the exec.path of the installed polkit action, if there is one
     */
    public static Optional<PanelLauncher> of(Optional<String> appPath, Optional<String> script, Optional<Path> policyExec) {
        if (appPath.isPresent()) {
            Path launcher = Path.of(appPath.get());
            boolean installed = policyExec.isPresent() && policyExec.get().equals(launcher);
            return Optional.of(new PanelLauncher(launcher, installed ? Kind.INSTALLED : Kind.APP_IMAGE));
        }
        return script.map(s -> new PanelLauncher(Path.of(s), Kind.SCRIPT));
    }

    /** This process's launcher, from the system properties and the installed polkit action. */
    public static Optional<PanelLauncher> current() {
        return of(Optional.ofNullable(System.getProperty("jpackage.app-path")),
                Optional.ofNullable(System.getProperty("cordon.launcher")), PolkitAction.execPath(INSTALLED_POLICY));
    }
}
