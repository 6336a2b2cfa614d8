package dev.cordon.app.processes;

import dev.cordon.platform.ProcessInfo;

import java.time.Instant;

/**
 * One row of the process tree, as shown. {@code process} is null for a session row (its figures are the sum of its
 * tree); {@code sessionId} names the session a row belongs to in the sessions mode.
 */
public record ProcessRow(RowKey key, Kind kind, int pid, String name, String user, double cpuPercent, long rssBytes,
                         Instant started, String commandLine, String sessionId, ProcessInfo process) {
    public enum Kind { SESSION, RUNNER, COMMAND, PROCESS }

    /**
     * A process's name and command line are the sandbox's to choose: their control characters are shown inert
     * ({@code ^[}, as the console shows them), never handed to a label as they are.
     */
    public ProcessRow {
        name = name == null ? null : dev.cordon.core.TerminalSafeFilter.visible(name);
        commandLine = commandLine == null ? null : dev.cordon.core.TerminalSafeFilter.visible(commandLine);
    }

    public static ProcessRow of(Kind kind, ProcessInfo p, String sessionId) {
        return new ProcessRow(new RowKey.Process(p.pid(), p.startTicks()), kind, p.pid(), p.name(), p.user(),
                p.cpuPercent(), p.rssBytes(), p.startTime(), p.commandLine(), sessionId, p);
    }

    public boolean isSession() {
        return kind == Kind.SESSION;
    }
}
