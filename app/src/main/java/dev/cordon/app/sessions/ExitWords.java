package dev.cordon.app.sessions;

import dev.cordon.app.ui.Messages;
import dev.cordon.session.CommandExit;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a command ended, in words: "[killed by SIGTERM (143) after 2.1 s: killed on request]" rather than a bare exit
 * code, and a start failure without Java's wording ("Cannot run program … error=2, …").
 */
final class ExitWords {
    private static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"),
            Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(10, "SIGUSR1"), Map.entry(11, "SIGSEGV"),
            Map.entry(12, "SIGUSR2"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"),
            Map.entry(24, "SIGXCPU"), Map.entry(25, "SIGXFSZ"), Map.entry(31, "SIGSYS"));
    /** What ProcessBuilder says when exec fails: the program and the system's reason are what a person needs. */
    private static final Pattern JAVA_START_FAILURE = Pattern.compile(
            "Cannot run program \"([^\"]*)\"(?: \\(in directory \"[^\"]*\"\\))?: error=\\d+, (.*)");

    private ExitWords() {
    }

    static String describe(CommandExit exit, String took, Messages messages) {
        if (!exit.started()) {
            return messages.get("sessions.exit.notStarted", startFailure(exit.error()));
        }
        if (exit.timedOut()) {
            return messages.get("sessions.exit.timedOut", exit.code(), took);
        }
        String signal = signal(exit.code());
        String why = exit.killed() == null || exit.killed().isBlank() ? "" : exit.killed();
        if (signal != null) {
            return why.isEmpty() ? messages.get("sessions.exit.signal", signal, exit.code(), took)
                    : messages.get("sessions.exit.signalBecause", signal, exit.code(), took, why);
        }
        return why.isEmpty() ? messages.get("sessions.exit.code", exit.code(), took)
                : messages.get("sessions.exit.codeBecause", exit.code(), took, why);
    }

    /** "SIGTERM" for 143 (128 + 15), or null when the code is not a death by signal. */
    static String signal(int code) {
        if (code <= 128 || code > 128 + 64) {
            return null;
        }
        return SIGNALS.getOrDefault(code - 128, "signal " + (code - 128));
    }

    static String startFailure(String error) {
        if (error == null || error.isBlank()) {
            return "";
        }
        Matcher m = JAVA_START_FAILURE.matcher(error.strip());
        return m.matches() ? m.group(1) + ": " + m.group(2) : error.strip();
    }
}
