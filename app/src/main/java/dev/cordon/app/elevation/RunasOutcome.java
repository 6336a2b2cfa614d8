package dev.cordon.app.elevation;

import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.Problem;
import dev.cordon.platform.ElevatedRelauncher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The panel's relaunch through the OS's consent prompt (Windows: UAC) and what follows it, decided without the FX
 * thread: started → this read-only panel closes (the elevated one takes over); declined (1223) → it stays, with its
 * read-only banner and a problem saying so; failed → the same, with the reason.
 */
public final class RunasOutcome {
    private RunasOutcome() {
    }

    /** What starts this panel again: its own program, and {@code --instance NAME} for a named install. */
    public static List<String> argv(String program, String instance) {
        List<String> argv = new ArrayList<>(List.of(program));
        if (!instance.isEmpty()) {
            argv.add("--instance");
            argv.add(instance);
        }
        return List.copyOf(argv);
    }

    /** Empty when the elevated panel started (close this one); else the problem to show, the banner kept. */
    public static Optional<Problem> problem(ElevatedRelauncher.Result result, Messages messages) {
        return switch (result.outcome()) {
            case STARTED -> Optional.empty();
            case DECLINED -> Optional.of(new Problem(messages.get("readonly.relaunch.declined"),
                    messages.get("readonly.relaunch.declined.fix")));
            case FAILED -> Optional.of(new Problem(messages.get("readonly.relaunch.uac.failed", result.detail()),
                    messages.get("readonly.relaunch.declined.fix")));
        };
    }
}
