package dev.cordon.platform;

import java.io.IOException;

/**
 * One command started by {@link ConfinedCommands}: its main process, its stdio and its container, which holds the
 * whole tree it starts (daemons included). Only the thread that runs the command's life calls {@link #next}; stdin,
 * kills and {@link #close} may come from others.
 */
public interface ConfinedProcess {
    int STDOUT = 1;
    int STDERR = 2;

    /** What {@link #next} saw. */
    sealed interface Event permits Output, OutputEnd, Exit {
    }

    /** {@code length} bytes of the stream ({@link #STDOUT} or {@link #STDERR}) are at the start of the caller's buffer. */
    record Output(int stream, int length) implements Event {
    }

    /** The stream has ended (the command and everything holding it closed it); it is closed on our side. */
    record OutputEnd(int stream) implements Event {
    }

    /** The main process has exited (and is reaped); the rest of its tree may live on in the container. */
    record Exit(int code) implements Event {
    }

    long pid();

    /**
     * Waits up to {@code timeoutMillis} ({@code -1}: no limit) for output, the end of a stream or the exit, and
     * returns it; null when nothing happened in time. Output is read into {@code buffer}. After the exit and the end
     * of both streams there is nothing more to wait for: do not call it again.
     */
    Event next(byte[] buffer, int timeoutMillis) throws IOException;

    /** Writes all of {@code data} into the command's stdin (blocks while the command does not read). */
    void writeStdin(byte[] data) throws IOException;

    /** Closes the command's stdin (its end of input); idempotent. */
    void closeStdin();

    /** Gives up on both output streams, whoever else holds them (a process that left the container): no more output. */
    void closeOutput();

    /** Whether no process is left in the command's container. */
    boolean containerEmpty() throws IOException;

    /** Kills every process in the command's container. */
    void killTree() throws IOException;

    /** Kills the main process alone: the fallback when {@link #killTree} failed. */
    void killMain();

    /** Waits for the main process to exit and reaps it, unless that has happened. */
    void reap();

    /** Waits up to {@code millis} until the container is empty; false if it is not by then. */
    boolean awaitEmpty(long millis) throws IOException, InterruptedException;

    /** Releases the output streams and the process handle (not stdin: {@link #closeStdin}). */
    void close();
}
