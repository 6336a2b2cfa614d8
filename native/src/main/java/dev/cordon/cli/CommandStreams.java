package dev.cordon.cli;

import dev.cordon.core.CordonException;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The terminal side of a command run from the CLI, whether in this process ({@code cordon run} as root) or through
 * the host ({@link RemoteExec}): its output written to ours as it arrives, our stdin forwarded to it.
 */
final class CommandStreams {
    /** Where forwarded stdin goes: a chunk, or the end of input. */
    interface StdinSink {
        void send(byte[] data, boolean eof);
    }

    private final OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    private final OutputStream stderr = new FileOutputStream(FileDescriptor.err);

    /** Writes one chunk of the command's stdout or stderr to ours, unbuffered. */
    void write(boolean toStdout, byte[] data) {
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
