package dev.cordon.session;

/** Receives a command's life as it happens. Called from one reader thread per session, in order. */
public interface CommandListener {
    void started(long pid);

    /** {@code fd} 1 = stdout, 2 = stderr; the array is the listener's to keep. */
    void output(int fd, byte[] data);

    void exited(CommandExit exit);
}
