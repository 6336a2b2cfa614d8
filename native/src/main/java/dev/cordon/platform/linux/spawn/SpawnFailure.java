package dev.cordon.platform.linux.spawn;

import java.io.IOException;

/** The command did not start: which step failed, with its errno; the message reads like the JDK's own. */
public final class SpawnFailure extends IOException {
    /** The steps {@code cordon_spawn} reports. */
    public enum Step { DUP, CHDIR, EXEC, CLOSE_DESCRIPTORS, CLONE, SECCOMP, LANDLOCK, CORE_LIMIT }

    private final Step step;
    private final int errno;

    SpawnFailure(String program, String cwd, Step step, int errno) {
        super("Cannot run program \"" + program + "\"" + (cwd == null ? "" : " (in directory \"" + cwd + "\")") + ": "
                + (step == Step.EXEC ? "" : step.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " failed, ")
                + "error=" + errno + ", " + describe(errno));
        this.step = step;
        this.errno = errno;
    }

    public Step step() {
        return step;
    }

    public int errno() {
        return errno;
    }

    static String describe(int errno) {
        return switch (errno) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 7 -> "Argument list too long";
            case 8 -> "Exec format error";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 20 -> "Not a directory";
            case 22 -> "Invalid argument";
            case 38 -> "Function not implemented";
            default -> "errno " + errno;
        };
    }
}
