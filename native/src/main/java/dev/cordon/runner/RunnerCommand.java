package dev.cordon.runner;

/** A command the runner has accepted: the host may feed its stdin or kill it until it has reported its exit. */
interface RunnerCommand {
    void stdin(byte[] data, boolean eof);

    void kill(String reason);
}
