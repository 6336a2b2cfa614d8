package dev.cordon.app.sessions;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A console's lines, on the UI thread. Output text joins the open last line of its stream, so a line written in
 * pieces shows as one; the whole is capped (oldest lines go first) so a chatty command cannot grow it without end.
 */
public final class ConsoleModel {
    public static final int DEFAULT_MAX_CHARS = 200_000;
    /** A longer line without a newline continues on the next row. */
    static final int MAX_LINE_CHARS = 4_000;

    private final ObservableList<ConsoleLine> lines = FXCollections.observableArrayList();
    private final int maxChars;
    private long chars;
    /** True while the last line is output that has not seen its newline yet. */
    private boolean lastOpen;

    public ConsoleModel() {
        this(DEFAULT_MAX_CHARS);
    }

    public ConsoleModel(int maxChars) {
        this.maxChars = maxChars;
    }

    public ObservableList<ConsoleLine> lines() {
        return lines;
    }

    /** The kept text length. */
    public long chars() {
        return chars;
    }

    /** A whole line of the console's own (command, exit, note): always starts a new row. */
    public void note(ConsoleLine.Kind kind, String text) {
        lastOpen = false;
        add(new ConsoleLine(kind, text));
        trim();
    }

    /** Output of a stream; may hold several lines or part of one. */
    public void output(ConsoleLine.Kind stream, String text) {
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            String piece = nl < 0 ? text.substring(start) : text.substring(start, nl);
            if (!piece.isEmpty() || nl >= 0) {
                appendToLine(stream, piece);
            }
            if (nl < 0) {
                break;
            }
            lastOpen = false; // the newline closes it
            start = nl + 1;
        }
        trim();
    }

    private void appendToLine(ConsoleLine.Kind stream, String piece) {
        int last = lines.size() - 1;
        if (lastOpen && last >= 0 && lines.get(last).kind() == stream) {
            String joined = lines.get(last).text() + piece;
            chars += piece.length();
            if (joined.length() <= MAX_LINE_CHARS) {
                lines.set(last, new ConsoleLine(stream, joined));
                return;
            }
            lines.set(last, new ConsoleLine(stream, joined.substring(0, MAX_LINE_CHARS)));
            piece = joined.substring(MAX_LINE_CHARS);
            chars -= piece.length();
        }
        while (piece.length() > MAX_LINE_CHARS) {
            add(new ConsoleLine(stream, piece.substring(0, MAX_LINE_CHARS)));
            piece = piece.substring(MAX_LINE_CHARS);
        }
        add(new ConsoleLine(stream, piece));
        lastOpen = true;
    }

    private void add(ConsoleLine line) {
        lines.add(line);
        chars += line.text().length();
    }

    private void trim() {
        if (chars <= maxChars) {
            return;
        }
        int drop = 0;
        long remaining = chars;
        while (drop < lines.size() - 1 && remaining > maxChars) {
            remaining -= lines.get(drop).text().length();
            drop++;
        }
        lines.remove(0, drop); // one change for the list view
        chars = remaining;
    }

    public void clear() {
        lines.clear();
        chars = 0;
        lastOpen = false;
    }
}
