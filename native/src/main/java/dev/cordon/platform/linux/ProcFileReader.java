package dev.cordon.platform.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads small {@code /proc} files into one reusable buffer: procfs reports size 0, so read until EOF.
 * Not thread-safe; one per snapshot in progress.
 */
final class ProcFileReader {
    private byte[] buffer = new byte[4096];
    private int length;

    /** Reads {@code file} whole; false if it does not exist (for a pid file: the process has exited). */
    boolean read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * Reads a file that holds one newline-terminated line ({@code /proc/[pid]/stat}): a short read ending in '\n'
     * is the whole line, which saves the read that would only confirm EOF (one syscall per process).
     */
    boolean readLine(Path file) throws IOException {
        return read(file, true);
    }

    private boolean read(Path file, boolean oneLine) throws IOException {
        length = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int space = buffer.length - length;
                int n = channel.read(ByteBuffer.wrap(buffer, length, space));
                if (n < 0) {
                    return true;
                }
                length += n;
                if (oneLine && n < space && n > 0 && buffer[length - 1] == '\n') {
                    return true;
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The bytes of the last successful {@link #read}, valid up to {@link #length()}. */
    byte[] bytes() {
        return buffer;
    }

    int length() {
        return length;
    }
}
