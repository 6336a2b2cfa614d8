package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.core.TerminalSafeFilter;
import dev.cordon.platform.Terminal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The terminal side of a command run from the CLI, whether in this process ({@code cordon run} as root) or through
 * the host ({@link RemoteExec}): its output written to ours as it arrives, our stdin forwarded to it. Where our
 * stdout or stderr is a terminal, the command's output to it goes through a {@link TerminalSafeFilter} (its escape
 * sequences but colours shown as text, issue 8 F9) unless {@code --raw-output} asked for the bytes unchanged; to a
 * pipe or a file it is always written byte for byte.
 */
final class CommandStreams {
    /** Where forwarded stdin goes: a chunk, or the end of input. */
    interface StdinSink {
        void send(byte[] data, boolean eof);
    }

    private final OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    private final OutputStream stderr = new FileOutputStream(FileDescriptor.err);
    /** Null where the stream is written unchanged. */
    private final TerminalSafeFilter stdoutFilter;
    private final TerminalSafeFilter stderrFilter;

    /** @param raw {@code --raw-output}: the command's bytes unchanged even to a terminal */
    CommandStreams(Terminal terminal, boolean raw) {
        this.stdoutFilter = !raw && terminal.isTerminal(Terminal.Stream.STDOUT) ? filter() : null;
        this.stderrFilter = !raw && terminal.isTerminal(Terminal.Stream.STDERR) ? filter() : null;
    }

    /** In the locale's encoding: a terminal outside UTF-8 gets ASCII only (see {@link TerminalSafeFilter#forTerminal}). */
    private static TerminalSafeFilter filter() {
        return TerminalSafeFilter.forLocale();
    }

    /** Writes one chunk of the command's stdout or stderr to ours, unbuffered. */
    void write(boolean toStdout, byte[] data) {
        TerminalSafeFilter filter = toStdout ? stdoutFilter : stderrFilter;
        writeRaw(toStdout, filter == null ? data : filter.filter(data));
    }

    /** At the command's end: what a filter held back (an unfinished sequence), shown as text. */
    void finish() {
        if (stdoutFilter != null) {
            writeRaw(true, stdoutFilter.finish());
        }
        if (stderrFilter != null) {
            writeRaw(false, stderrFilter.finish());
        }
    }

    private void writeRaw(boolean toStdout, byte[] data) {
        if (data.length == 0) {
            return;
        }
        OutputStream o = toStdout ? stdout : stderr;
        try {
            o.write(data);
            o.flush();
        } catch (IOException closed) {
            // our own output is gone (a closed pipe): nothing left to show the output to
        }
    }

    /** Forwards our stdin to {@code sink} on a daemon thread, then its end. */
    static void forwardStdin(String threadName, StdinSink sink) {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    sink.send(Arrays.copyOf(buf, n), false);
                }
                sink.send(new byte[0], true);
            } catch (IOException | CordonException e) {
                // stdin closed, or the command finished first: nothing more to forward
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }
}
