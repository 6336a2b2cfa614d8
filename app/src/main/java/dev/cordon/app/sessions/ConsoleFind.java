package dev.cordon.app.sessions;

import java.util.List;
import java.util.Locale;

/**
 * Find in a console's lines: the next or previous line holding the text (ignoring case), wrapping around, and how many
 * lines hold it. Pure: the view selects and scrolls to what it returns.
 */
final class ConsoleFind {
    private ConsoleFind() {
    }

    /**
     * The index of the next line after {@code from} (or the previous one before it, when not {@code forward}) holding
     * {@code query}, wrapping around; -1 when none does. {@code from} -1 starts at the top (or the bottom backwards).
     */
    static int find(List<ConsoleLine> lines, String query, int from, boolean forward) {
        if (query == null || query.isEmpty() || lines.isEmpty()) {
            return -1;
        }
        String q = query.toLowerCase(Locale.ROOT);
        int n = lines.size();
        int start = from < 0 ? (forward ? -1 : n) : Math.min(from, n);
        for (int step = 1; step <= n; step++) {
            int i = Math.floorMod(forward ? start + step : start - step, n);
            if (lines.get(i).text().toLowerCase(Locale.ROOT).contains(q)) {
                return i;
            }
        }
        return -1;
    }

    /** How many lines hold {@code query}, and which of them (1-based) {@code index} is. */
    static int[] position(List<ConsoleLine> lines, String query, int index) {
        if (query == null || query.isEmpty()) {
            return new int[] {0, 0};
        }
        String q = query.toLowerCase(Locale.ROOT);
        int count = 0;
        int at = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).text().toLowerCase(Locale.ROOT).contains(q)) {
                count++;
                if (i == index) {
                    at = count;
                }
            }
        }
        return new int[] {at, count};
    }
}
