package dev.cordon.app.elevation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command that starts this panel again as root on Linux.
 * <ul>
 * <li>Installed: {@code pkexec /opt/cordon/bin/cordon-panel [--instance NAME]}. pkexec finds the package's polkit
 * action by the program's path, and that action (allow_gui) keeps DISPLAY and XAUTHORITY.</li>
 * <li>Otherwise {@code pkexec env DISPLAY=… XAUTHORITY=… <launcher> [panel] [--instance NAME]}: pkexec clears the
 * environment, so the display variables are passed on explicitly; the checkout's {@code cordon} script takes
 * {@code panel}, an app-image's launcher does not. (pkexec checks this form against its generic action for
 * {@code /usr/bin/env}.)</li>
 * </ul>
 */
public record RelaunchCommand(List<String> argv) {
    /** The variables a graphical program needs to reach the caller's display. */
    static final List<String> DISPLAY_VARIABLES = List.of("DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR");

    /**
     * @param pkexec   pkexec's path, if installed
     * @param launcher what started this panel, if known
     * @param env      the current environment
     * @param instance the instance name, empty for the default install
     */
    public static Optional<RelaunchCommand> linux(Optional<String> pkexec, Optional<PanelLauncher> launcher,
                                                  Map<String, String> env, String instance) {
        if (pkexec.isEmpty() || launcher.isEmpty()) {
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>(List.of(pkexec.get()));
        PanelLauncher.Kind kind = launcher.get().kind();
        if (kind != PanelLauncher.Kind.INSTALLED) {
            argv.add("env");
            for (String name : DISPLAY_VARIABLES) {
                String value = env.get(name);
                if (value != null && !value.isEmpty()) {
                    argv.add(name + "=" + value);
                }
            }
        }
        argv.add(launcher.get().path().toString());
        if (kind == PanelLauncher.Kind.SCRIPT) {
            argv.add("panel");
        }
        if (!instance.isEmpty()) {
            argv.add("--instance");
            argv.add(instance);
        }
        return Optional.of(new RelaunchCommand(List.copyOf(argv)));
    }

    /** For the tooltip: what will run, as one line. */
    public String display() {
        return String.join(" ", argv);
    }
}
