package dev.cordon.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands one session ran, in the order they were sent, each record replaced as its command starts and ends, and
 * how many of them still run. Only grows: an entry's place in it stays its command's.
 */
final class CommandHistory {
    private final List<CommandRecord> records = new ArrayList<>();
    private int sent;
    private int running;

    /** A new command, its id the session's next ({@code c1}, {@code c2} …), recorded as begun now and running. */
    synchronized Entry begin(List<String> argvShown, String network) {
        sent++;
        CommandRecord first = new CommandRecord("c" + sent, List.copyOf(argvShown), network, Instant.now(), null, null,
                null, false);
        Entry entry = new Entry(records.size(), first);
        records.add(first);
        running++;
        return entry;
    }

    synchronized List<CommandRecord> records() {
        return List.copyOf(records);
    }

    /** One command's place in the history. */
    final class Entry {
        private final int index;
        private CommandRecord record;

        private Entry(int index, CommandRecord record) {
            this.index = index;
            this.record = record;
        }

        String id() {
            synchronized (CommandHistory.this) {
                return record.id();
            }
        }

        void started(long pid) {
            synchronized (CommandHistory.this) {
                replace(new CommandRecord(record.id(), record.argv(), record.network(), record.started(), null, pid > 0 ? pid : null, null,
                        false));
            }
        }

        /** Records the end; true when no command of the session runs any more. */
        boolean exited(CommandExit exit) {
            synchronized (CommandHistory.this) {
                replace(new CommandRecord(record.id(), record.argv(), record.network(), record.started(), Instant.now(),
                        record.pid(), exit.code(), exit.timedOut()));
                running--;
                return running == 0;
            }
        }

        private void replace(CommandRecord next) {
            records.set(index, next);
            record = next;
        }
    }
}
