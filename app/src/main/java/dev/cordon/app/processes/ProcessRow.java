package dev.cordon.app.processes;

import dev.cordon.platform.ProcessInfo;

import java.time.Instant;

/**
 * One row of the process tree, as shown. {@code process} is null for a session row (its figures are the sum of its
 * tree); {@code sessionId} names the session a row belongs to in the sessions mode.
 */
public record ProcessRow(RowKey key, Kind kind, int pid, String name, String user, double cpuPercent, long rssBytes,
                         Instant started, String commandLine, String sessionId, ProcessInfo process, Mark mark) {
    /**
     * {@code NAMESPACE_KEEPER} and {@code NAMESPACE_INIT} hold the runner's pid namespace (R46): the roles
     * {@code cordon session ps} gives them ({@link dev.cordon.session.SessionProcessRoles}).
     */
    public enum Kind { SESSION, RUNNER, NAMESPACE_KEEPER, NAMESPACE_INIT, COMMAND, PROCESS }

    /**
     * How a row is highlighted for a short while (System Informer's green and red): {@code NEW} just appeared,
     * {@code EXITING} has just left the process table and is still shown so the eye can catch it.
     */
    public enum Mark { NONE, NEW, EXITING }

    /**
     * A process's name and command line are the sandbox's to choose: their control characters are shown inert
     * ({@code ^[}, as the console shows them), never handed to a label as they are.
     */
    public ProcessRow {
        name = name == null ? null : dev.cordon.core.TerminalSafeFilter.visible(name);
        commandLine = commandLine == null ? null : dev.cordon.core.TerminalSafeFilter.visible(commandLine);
        mark = mark == null ? Mark.NONE : mark;
    }

    /** A row with no highlight. */
    public ProcessRow(RowKey key, Kind kind, int pid, String name, String user, double cpuPercent, long rssBytes,
                      Instant started, String commandLine, String sessionId, ProcessInfo process) {
        this(key, kind, pid, name, user, cpuPercent, rssBytes, started, commandLine, sessionId, process, Mark.NONE);
    }

    public ProcessRow marked(Mark m) {
        return m == mark ? this : new ProcessRow(key, kind, pid, name, user, cpuPercent, rssBytes, started, commandLine,
                sessionId, process, m);
    }

    /** Still running as far as the panel knows: a row marked EXITING has left the process table. */
    public boolean isLive() {
        return mark != Mark.EXITING;
    }

    /** Whether the filter text (lower case) is in its name, pid, user or command line. */
    public boolean matches(String needle) {
        if (needle == null || needle.isBlank()) {
            return true;
        }
        String n = needle.strip().toLowerCase(java.util.Locale.ROOT);
        return (name != null && name.toLowerCase(java.util.Locale.ROOT).contains(n))
                || (!isSession() && Integer.toString(pid).contains(n))
                || (user != null && user.toLowerCase(java.util.Locale.ROOT).contains(n))
                || (commandLine != null && commandLine.toLowerCase(java.util.Locale.ROOT).contains(n));
    }

    public static ProcessRow of(Kind kind, ProcessInfo p, String sessionId) {
        return new ProcessRow(new RowKey.Process(p.pid(), p.startTicks()), kind, p.pid(), p.name(), p.user(),
                p.cpuPercent(), p.rssBytes(), p.startTime(), p.commandLine(), sessionId, p);
    }

    public boolean isSession() {
        return kind == Kind.SESSION;
    }
}
