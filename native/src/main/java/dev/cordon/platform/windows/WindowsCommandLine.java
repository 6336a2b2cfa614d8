package dev.cordon.platform.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * Windows has no argv: a process gets one command-line string, and the C runtime or {@code CommandLineToArgvW} splits
 * it again. {@link #quote} builds the string so that those rules give back exactly the argv we meant (quotes,
 * backslashes before quotes, trailing backslashes, empty arguments); {@link #parse} applies the rules, for tests and
 * for reading the command lines of running processes.
 */
public final class WindowsCommandLine {
    private WindowsCommandLine() {
    }

    /**
     * The command line for {@code argv}. The program (argv[0]) is parsed without backslash escapes, so it is quoted
     * as a whole and may not contain a quote.
     *
     * @throws IllegalArgumentException for an empty argv, a NUL anywhere, or a quote in the program
     */
    public static String quote(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no program to run");
        }
        StringBuilder b = new StringBuilder();
        String program = argv.get(0);
        if (program.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a Windows program path cannot contain a quote: " + program);
        }
        if (program.isEmpty() || needsQuotes(program)) {
            b.append('"').append(program).append('"');
        } else {
            b.append(program);
        }
        for (String arg : argv.subList(1, argv.size())) {
            b.append(' ');
            appendArgument(b, arg);
        }
        if (b.indexOf("\0") >= 0) {
            throw new IllegalArgumentException("a command line cannot contain a NUL character");
        }
        return b.toString();
    }

    private static boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '"') {
                return true;
            }
        }
        return false;
    }

    private static void appendArgument(StringBuilder b, String arg) {
        if (!arg.isEmpty() && !needsQuotes(arg)) {
            b.append(arg); // backslashes not followed by a quote are literal
            return;
        }
        b.append('"');
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                b.append("\\".repeat(2 * backslashes + 1)).append('"'); // 2n+1 backslashes + quote: n backslashes, a quote
            } else {
                b.append("\\".repeat(backslashes)).append(c);
            }
            backslashes = 0;
        }
        b.append("\\".repeat(2 * backslashes)).append('"'); // before the closing quote they must be doubled
    }

    /** Splits a command line as {@code CommandLineToArgvW} does (a quote pair inside quotes gives one quote). */
    public static List<String> parse(String commandLine) {
        List<String> argv = new ArrayList<>();
        int i = 0;
        int n = commandLine.length();
        // the program: up to the first whitespace, or between quotes, with no escapes
        StringBuilder program = new StringBuilder();
        if (i < n && commandLine.charAt(i) == '"') {
            i++;
            while (i < n && commandLine.charAt(i) != '"') {
                program.append(commandLine.charAt(i++));
            }
            i++;
        } else {
            while (i < n && commandLine.charAt(i) != ' ' && commandLine.charAt(i) != '\t') {
                program.append(commandLine.charAt(i++));
            }
        }
        argv.add(program.toString());
        while (true) {
            while (i < n && (commandLine.charAt(i) == ' ' || commandLine.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                return argv;
            }
            StringBuilder arg = new StringBuilder();
            boolean quoted = false;
            while (i < n) {
                char c = commandLine.charAt(i);
                if (!quoted && (c == ' ' || c == '\t')) {
                    break;
                }
                if (c == '\\') {
                    int start = i;
                    while (i < n && commandLine.charAt(i) == '\\') {
                        i++;
                    }
                    int count = i - start;
                    if (i < n && commandLine.charAt(i) == '"') {
                        arg.append("\\".repeat(count / 2));
                        if (count % 2 == 1) {
                            arg.append('"');
                            i++;
                        }
                    } else {
                        arg.append("\\".repeat(count));
                    }
                    continue;
                }
                if (c == '"') {
                    if (quoted && i + 1 < n && commandLine.charAt(i + 1) == '"') {
                        arg.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = !quoted;
                    i++;
                    continue;
                }
                arg.append(c);
                i++;
            }
            argv.add(arg.toString());
        }
    }
}
