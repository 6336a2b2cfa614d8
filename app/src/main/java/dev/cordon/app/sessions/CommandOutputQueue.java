package dev.cordon.app.sessions;

import dev.cordon.core.TerminalSafeFilter;
import dev.cordon.session.CommandExit;
import dev.cordon.session.CommandListener;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A command's life as the backend's reader thread reports it, handed to the UI thread in batches: output is made
 * harmless text first ({@link TerminalSafeFilter#forTextView}: escape sequences and other control characters shown as
 * {@code ^[]52;…}, colours and carriage returns dropped, so nothing the console shows, copies or logs can act on a
 * terminal it is pasted or printed into), decoded (UTF-8, a character split across chunks is kept for the next one), joined with the previous chunk of the same
 * stream, and flushed at most once per {@link BatchScheduler} delay; all of it also goes to the console's log file.
 * Output beyond {@code maxPendingChars} waiting for one flush is dropped from its oldest end and counted, so a flood costs the UI thread one capped batch.
 */
public final class CommandOutputQueue implements CommandListener {
    /** What the UI thread receives, in the order it happened. */
    public sealed interface Event permits Started, Output, Dropped, Exited {
    }

    public record Started(long pid) implements Event {
    }

    public record Output(ConsoleLine.Kind stream, String text) implements Event {
    }

    /** Output that was dropped before the UI thread could show it. */
    public record Dropped(long chars) implements Event {
    }

    public record Exited(CommandExit exit) implements Event {
    }

    private final BatchScheduler scheduler;
    private final ConsoleLog log;
    private final Consumer<List<Event>> sink;
    private final int maxPendingChars;
    private final CharsetDecoder stdout = decoder();
    private final CharsetDecoder stderr = decoder();
    private final ByteBuffer[] leftover = {ByteBuffer.allocate(0), ByteBuffer.allocate(0)};
    private final TerminalSafeFilter[] filters = {TerminalSafeFilter.forTextView(), TerminalSafeFilter.forTextView()};
    private List<Event> pending = new ArrayList<>();
    private long pendingChars;
    private boolean scheduled;

    /** {@code log} receives all output as it arrives, before any of it can be dropped for the screen. */
    public CommandOutputQueue(BatchScheduler scheduler, int maxPendingChars, ConsoleLog log, Consumer<List<Event>> sink) {
        this.scheduler = scheduler;
        this.log = log;
        this.maxPendingChars = maxPendingChars;
        this.sink = sink;
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    @Override
    public void started(long pid) {
        push(new Started(pid));
    }

    @Override
    public void output(int fd, byte[] data) {
        String text = decode(fd == 2 ? 1 : 0, data, false);
        if (!text.isEmpty()) {
            log.append(text);
            push(new Output(fd == 2 ? ConsoleLine.Kind.STDERR : ConsoleLine.Kind.STDOUT, text));
        }
    }

    @Override
    public void exited(CommandExit exit) {
        for (int i = 0; i < 2; i++) {
            String rest = decode(i, new byte[0], true);
            if (!rest.isEmpty()) {
                log.append(rest);
                push(new Output(i == 1 ? ConsoleLine.Kind.STDERR : ConsoleLine.Kind.STDOUT, rest));
            }
        }
        log.flush();
        push(new Exited(exit));
    }

    private synchronized String decode(int index, byte[] raw, boolean end) {
        byte[] data = filters[index].filter(raw);
        if (end) {
            byte[] held = filters[index].finish();
            data = java.util.Arrays.copyOf(data, data.length + held.length);
            System.arraycopy(held, 0, data, data.length - held.length, held.length);
        }
        CharsetDecoder decoder = index == 1 ? stderr : stdout;
        ByteBuffer in = ByteBuffer.allocate(leftover[index].remaining() + data.length);
        in.put(leftover[index]).put(data).flip();
        CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 4);
        decoder.decode(in, out, end);
        if (end) {
            decoder.flush(out);
            decoder.reset();
        }
        leftover[index] = in.slice();
        return out.flip().toString();
    }

    private void push(Event event) {
        boolean schedule;
        synchronized (this) {
            int last = pending.size() - 1;
            if (event instanceof Output o && last >= 0 && pending.get(last) instanceof Output p && p.stream() == o.stream()) {
                pending.set(last, new Output(o.stream(), p.text() + o.text()));
            } else {
                pending.add(event);
            }
            if (event instanceof Output o) {
                pendingChars += o.text().length();
                dropOldest();
            }
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            scheduler.later(this::flush);
        }
    }

    /** Keeps the newest output within the cap; events other than output are never dropped. */
    private void dropOldest() {
        long excess = pendingChars - maxPendingChars;
        if (excess <= 0) {
            return;
        }
        long dropped = 0;
        int i = 0;
        while (excess > 0 && i < pending.size()) {
            if (pending.get(i) instanceof Output o) {
                int cut = (int) Math.min(excess, o.text().length());
                if (cut == o.text().length()) {
                    pending.remove(i);
                } else {
                    pending.set(i, new Output(o.stream(), o.text().substring(cut)));
                    i++;
                }
                dropped += cut;
                excess -= cut;
                pendingChars -= cut;
            } else {
                i++;
            }
        }
        if (!pending.isEmpty() && pending.get(0) instanceof Dropped d) {
            pending.set(0, new Dropped(d.chars() + dropped));
        } else {
            pending.add(0, new Dropped(dropped));
        }
    }

    /** On the UI thread: everything since the last flush, in one batch. */
    public void flush() {
        List<Event> batch;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            pendingChars = 0;
            scheduled = false;
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
