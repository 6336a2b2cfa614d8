package dev.cordon.platform;

import java.util.List;

/**
 * Starts a program again elevated through the OS's own consent prompt, for the panel's "Relaunch as administrator"
 * (Windows: {@code ShellExecuteExW} with the verb {@code runas}, the UAC dialog). Linux has none here: the panel's pkexec
 * relaunch is its own ({@code app.elevation}).
 */
public interface ElevatedRelauncher {
    enum Outcome { STARTED, DECLINED, FAILED }

    /** What happened: the elevated program started, the user declined the prompt, or it failed ({@code detail}). */
    record Result(Outcome outcome, String detail) {
    }

    /** Starts {@code argv} (the program, then its arguments) elevated; returns once it started or was refused. */
    Result relaunch(List<String> argv);
}
