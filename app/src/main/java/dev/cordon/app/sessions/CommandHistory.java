package dev.cordon.app.sessions;

import java.util.ArrayList;
import java.util.List;

/** The commands typed in one console, oldest first, walked with Up and Down like a shell's history. */
public final class CommandHistory {
    private final List<String> entries = new ArrayList<>();
    /** entries.size() means "below the newest": the text being typed. */
    private int cursor;
    private String draft = "";

    public void add(String command) {
        if (!command.isBlank() && (entries.isEmpty() || !entries.get(entries.size() - 1).equals(command))) {
            entries.add(command);
        }
        cursor = entries.size();
        draft = "";
    }

    /** Up: the previous entry; {@code current} is kept as the draft when leaving the bottom. Null at the top. */
    public String previous(String current) {
        if (cursor == 0) {
            return null;
        }
        if (cursor == entries.size()) {
            draft = current;
        }
        cursor--;
        return entries.get(cursor);
    }

    /** Down: the next entry, or the draft again at the bottom. Null when already there. */
    public String next() {
        if (cursor >= entries.size()) {
            return null;
        }
        cursor++;
        return cursor == entries.size() ? draft : entries.get(cursor);
    }

    public List<String> entries() {
        return List.copyOf(entries);
    }
}
