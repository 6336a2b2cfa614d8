package dev.cordon.app.sessions;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A console's lines, on the UI thread. Output text joins the open last line of its stream, so a line written in
 * pieces shows as one; the whole is capped (oldest lines go first, and the first row then says how many went) so a
 * chatty command cannot grow it without end. Each call changes the list at most three times (the open last line,
 * the new lines in one block, the dropped head in one block), whatever the amount of text: a list view's cost per
 * change is what makes a flood freeze a window.
 */
public final class ConsoleModel {
    public static final int DEFAULT_MAX_CHARS = 200_000;
    /** A longer line without a newline continues on the next row. */
    static final int MAX_LINE_CHARS = 4_000;

    private final ObservableList<ConsoleLine> lines = FXCollections.observableArrayList();
    private final int maxChars;
    private final LongFunction<String> droppedMarker;
    private long chars;
    /** Lines dropped from the head so far. */
    private long dropped;
    /** Row 0 is the marker saying how many lines were dropped. */
    private boolean markerRow;
    /** True while the last line is output that has not seen its newline yet. */
    private boolean lastOpen;

    public ConsoleModel() {
        this(DEFAULT_MAX_CHARS, n -> "[" + n + " earlier lines dropped]");
    }

    /** {@code droppedMarker} makes row 0's text from the number of lines dropped so far. */
    public ConsoleModel(int maxChars, LongFunction<String> droppedMarker) {
        this.maxChars = maxChars;
        this.droppedMarker = droppedMarker;
    }

    public ObservableList<ConsoleLine> lines() {
        return lines;
    }

    /** The kept text length (the marker row not counted). */
    public long chars() {
        return chars;
    }

    /** Lines dropped from the head since the last {@link #clear}. */
    public long dropped() {
        return dropped;
    }

    /** A whole line of the console's own (command, exit, note): always starts a new row. */
    public void note(ConsoleLine.Kind kind, String text) {
        lastOpen = false;
        chars += text.length();
        lines.add(new ConsoleLine(kind, text));
        trim();
    }

    /** Output of a stream; may hold several lines or part of one. */
    public void output(ConsoleLine.Kind stream, String text) {
        List<ConsoleLine> added = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            String piece = nl < 0 ? text.substring(start) : text.substring(start, nl);
            if (!piece.isEmpty() || nl >= 0) {
                appendToLine(stream, piece, added);
            }
            if (nl < 0) {
                break;
            }
            lastOpen = false; // the newline closes it
            start = nl + 1;
        }
        if (!added.isEmpty()) {
            lines.addAll(skipWhatTrimWouldDrop(added));
        }
        trim();
    }

    private void appendToLine(ConsoleLine.Kind stream, String piece, List<ConsoleLine> added) {
        ConsoleLine open = lastOpen ? (added.isEmpty() ? lastListed() : added.get(added.size() - 1)) : null;
        if (open != null && open.kind() == stream) {
            String joined = open.text() + piece;
            String kept = joined.length() <= MAX_LINE_CHARS ? joined : joined.substring(0, MAX_LINE_CHARS);
            chars += kept.length() - open.text().length();
            replaceLast(added, new ConsoleLine(stream, kept));
            piece = joined.substring(kept.length());
            if (piece.isEmpty()) {
                return;
            }
        }
        while (piece.length() > MAX_LINE_CHARS) {
            addLine(added, new ConsoleLine(stream, piece.substring(0, MAX_LINE_CHARS)));
            piece = piece.substring(MAX_LINE_CHARS);
        }
        addLine(added, new ConsoleLine(stream, piece));
        lastOpen = true;
    }

    private ConsoleLine lastListed() {
        int last = lines.size() - 1;
        return last < 0 || (markerRow && last == 0) ? null : lines.get(last);
    }

    private void replaceLast(List<ConsoleLine> added, ConsoleLine line) {
        if (added.isEmpty()) {
            lines.set(lines.size() - 1, line);
        } else {
            added.set(added.size() - 1, line);
        }
    }

    private void addLine(List<ConsoleLine> added, ConsoleLine line) {
        added.add(line);
        chars += line.text().length();
    }

    /** Lines of one batch that {@link #trim} would remove at once are never listed: only the count is kept. */
    private List<ConsoleLine> skipWhatTrimWouldDrop(List<ConsoleLine> added) {
        long batch = added.stream().mapToLong(l -> l.text().length()).sum();
        if (batch <= maxChars) {
            return added;
        }
        long listed = chars - batch; // what was listed before this batch: all of it goes
        int skip = 0;
        long remaining = batch;
        while (skip < added.size() - 1 && remaining > maxChars) {
            remaining -= added.get(skip).text().length();
            skip++;
        }
        dropAll(listed);
        chars = remaining;
        dropped += skip;
        return added.subList(skip, added.size());
    }

    /** Drops every listed line (their text length is {@code listedChars}), keeping only the marker row. */
    private void dropAll(long listedChars) {
        int from = markerRow ? 1 : 0;
        dropped += lines.size() - from;
        chars -= listedChars;
        lines.remove(from, lines.size());
    }

    private void trim() {
        int from = markerRow ? 1 : 0;
        int drop = 0;
        long remaining = chars;
        while (from + drop < lines.size() - 1 && remaining > maxChars) {
            remaining -= lines.get(from + drop).text().length();
            drop++;
        }
        if (drop > 0) {
            lines.remove(from, from + drop); // one change for the list view
            chars = remaining;
            dropped += drop;
        }
        if (dropped > 0) {
            ConsoleLine marker = new ConsoleLine(ConsoleLine.Kind.INFO, droppedMarker.apply(dropped));
            if (!markerRow) {
                lines.add(0, marker);
                markerRow = true;
            } else if (!lines.get(0).equals(marker)) {
                lines.set(0, marker);
            }
        }
    }

    public void clear() {
        lines.clear();
        chars = 0;
        dropped = 0;
        markerRow = false;
        lastOpen = false;
    }
}
