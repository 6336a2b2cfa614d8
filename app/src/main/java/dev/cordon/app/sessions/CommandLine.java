package dev.cordon.app.sessions;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what a person types into argv, the way a simple shell would, without running a shell: whitespace separates
 * arguments; {@code '…'} keeps everything literally; {@code "…"} keeps everything except that {@code \"} and
 * {@code \\} stand for {@code "} and {@code \}; outside quotes {@code \} takes the next character literally. No
 * variables, globs, pipes or redirections: for those run {@code sh -c '…'}.
 */
public final class CommandLine {
    private CommandLine() {
    }

    /** The arguments; throws IllegalArgumentException for an unclosed quote or a trailing backslash. */
    public static List<String> split(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inArgument) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
                i++;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed single quote at column " + (i + 1));
                }
                current.append(text, i + 1, end);
                inArgument = true;
                i = end + 1;
            } else if (c == '"') {
                int j = i + 1;
                boolean closed = false;
                while (j < text.length()) {
                    char d = text.charAt(j);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\' && j + 1 < text.length() && (text.charAt(j + 1) == '"' || text.charAt(j + 1) == '\\')) {
                        current.append(text.charAt(j + 1));
                        j += 2;
                    } else {
                        current.append(d);
                        j++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unclosed double quote at column " + (i + 1));
                }
                inArgument = true;
                i = j + 1;
            } else if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new IllegalArgumentException("trailing backslash");
                }
                current.append(text.charAt(i + 1));
                inArgument = true;
                i += 2;
            } else {
                current.append(c);
                inArgument = true;
                i++;
            }
        }
        if (inArgument) {
            args.add(current.toString());
        }
        return args;
    }

    /** The argv as one line that {@link #split} turns back into the same argv (for the history). */
    public static String join(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String arg : argv) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (!arg.isEmpty() && arg.chars().noneMatch(ch -> Character.isWhitespace(ch) || "'\"\\".indexOf(ch) >= 0)) {
                sb.append(arg);
            } else {
                sb.append('\'').append(arg.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }
}
