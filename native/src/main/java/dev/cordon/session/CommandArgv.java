package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.InputBounds;

import java.util.List;

/** What a command line must be before a session runs it; checked before a one-shot session is started for it. */
public final class CommandArgv {
    private CommandArgv() {
    }

    /**
     * @throws CordonException (usage) naming the argument when there is no program to run or an argument is not text,
     *                         or naming {@code argv} when it is beyond {@link #bounded its bounds}
     */
    public static List<String> require(List<String> argv) {
        bounded(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw CordonException.usage(argv.isEmpty() ? "No command given." : "The command's program name is empty.",
                    "Put the command and its arguments after `--`, e.g. `-- ls -la`.");
        }
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).indexOf('\uFFFD') >= 0 || argv.get(i).indexOf('\0') >= 0) {
                throw CordonException.usage("Argument " + i + " is not valid UTF-8 text.",
                        "Cordon passes arguments as UTF-8; rename the file or pass the bytes through a script.");
            }
        }
        return argv;
    }

    /**
     * {@code argv} when it has at most {@link InputBounds#MAX_ARGV_ENTRIES} entries and {@link InputBounds#MAX_ARGV_BYTES}
     * bytes; otherwise a usage error naming {@code argv}, the bound and the fix (review finding V1).
     */
    public static List<String> bounded(List<String> argv) {
        return InputBounds.strings("argv (the command and its arguments)", argv, InputBounds.MAX_ARGV_ENTRIES,
                InputBounds.MAX_ARGV_BYTES, "Give a long list of arguments in a file instead (e.g. `xargs -a LIST CMD`"
                        + " inside the session): Cordon runs a command with at most " + InputBounds.MAX_ARGV_ENTRIES
                        + " arguments, " + InputBounds.MAX_ARGV_BYTES / 1024 + " KiB in all.");
    }
}
