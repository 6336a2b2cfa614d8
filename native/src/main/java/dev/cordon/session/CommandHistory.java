package dev.cordon.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands one session ran, in the order they were sent, each record replaced as its command starts and ends, and
 * how many of them still run. Bounded (review finding V1: every argv was kept whole, and one member's 60 execs of
 * 200,000 arguments took the host's heap from 11 to 606 MiB and root's {@code session.list} beyond the frame): it
 * keeps the {@link #MAX_RECORDS} most recent commands, counting the earlier ones it let go ({@link #dropped}), and of
 * each command's argv only as much as {@link #MAX_SHOWN_ARGV_BYTES} of JSON, then a marker saying what was left off.
 * The audit log has every command (its own bounds: 4096 characters a string).
 *
 * <p>What a session's history is as JSON at most ({@code session.show}): {@link #MAX_RECORDS} records of at most
 * {@link #MAX_RECORD_JSON_BYTES} each, 256 × 1,536 B = 384 KiB, under the 1 MiB frame with room for the rest of the
 * session. {@code session.list} carries only {@link SessionInfo#LIST_COMMANDS} of them per session (CommandHistoryTest
 * checks both).
 */
final class CommandHistory {
    /** Records kept per session: the most recent; an agent's session runs more, but no one reads further back here. */
    static final int MAX_RECORDS = 256;
    /**
     * JSON bytes of one record's argv as kept (each argument's escaped text and its quotes and comma): the command as
     * `session show` and the panel show it, not as it ran (that is in the audit log).
     */
    static final int MAX_SHOWN_ARGV_BYTES = 1024;
    /**
     * One record as JSON at most: its argv ({@link #MAX_SHOWN_ARGV_BYTES} and the marker, under 100 bytes), its id (up
     * to {@code c2147483647}), network, two instants, pid, exit code, the flag and the keys, under 300 bytes.
     */
    static final int MAX_RECORD_JSON_BYTES = 1536;

    private final List<CommandRecord> records = new ArrayList<>();
    /** Commands sent before {@code records.get(0)} that are no longer kept. */
    private long dropped;
    private int sent;
    private int running;

    /** A new command, its id the session's next ({@code c1}, {@code c2} …), recorded as begun now and running. */
    synchronized Entry begin(List<String> argv, String network) {
        sent++;
        CommandRecord first = new CommandRecord("c" + sent, shown(argv), network, Instant.now(), null, null, null,
                false);
        Entry entry = new Entry(dropped + records.size(), first);
        records.add(first);
        if (records.size() > MAX_RECORDS) {
            records.remove(0);
            dropped++;
        }
        running++;
        return entry;
    }

    synchronized List<CommandRecord> records() {
        return List.copyOf(records);
    }

    /** How many commands the session ran before the oldest one kept. */
    synchronized long dropped() {
        return dropped;
    }

    /**
     * {@code argv} as the history keeps it: whole when its arguments as JSON take at most {@link #MAX_SHOWN_ARGV_BYTES},
     * else as many as fit (the last one cut), then {@code …[not kept: N more arguments, M bytes]}.
     */
    static List<String> shown(List<String> argv) {
        List<String> out = new ArrayList<>();
        long budget = MAX_SHOWN_ARGV_BYTES;
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            long cost = jsonBytes(arg, arg.length()) + 3;
            if (cost <= budget) {
                out.add(arg);
                budget -= cost;
                continue;
            }
            int keep = 0;
            long used = 3;
            while (keep < arg.length() && used + jsonBytes(arg.charAt(keep)) <= budget) {
                used += jsonBytes(arg.charAt(keep));
                keep++;
            }
            if (keep > 0 && Character.isHighSurrogate(arg.charAt(keep - 1))) {
                keep--;
            }
            long leftBytes = dev.cordon.core.InputBounds.utf8Length(arg.substring(keep));
            for (int j = i + 1; j < argv.size(); j++) {
                leftBytes += dev.cordon.core.InputBounds.utf8Length(argv.get(j));
            }
            if (keep > 0) {
                out.add(arg.substring(0, keep));
            }
            int leftArgs = argv.size() - i - (keep > 0 ? 1 : 0);
            out.add("…[not kept: " + leftArgs + " more argument" + (leftArgs == 1 ? "" : "s") + ", " + leftBytes
                    + " bytes]");
            break;
        }
        return List.copyOf(out);
    }

    /** What {@code s}'s first {@code n} characters take in JSON at most (Jackson escapes controls as \\uXXXX). */
    private static long jsonBytes(String s, int n) {
        long b = 0;
        for (int i = 0; i < n; i++) {
            b += jsonBytes(s.charAt(i));
        }
        return b;
    }

    static int jsonBytes(char c) {
        return c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }

    /** One command's place in the history; once newer commands pushed its record out, its updates change only it. */
    final class Entry {
        /** Its place counted from the session's first command. */
        private final long index;
        private CommandRecord record;

        private Entry(long index, CommandRecord record) {
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
            long at = index - dropped;
            if (at >= 0) {
                records.set((int) at, next);
            }
            record = next;
        }
    }
}
