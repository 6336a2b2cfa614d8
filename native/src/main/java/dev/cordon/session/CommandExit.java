package dev.cordon.session;

/**
 * How a command ended. {@code code} follows the shell: 127 not found, 126 not executable, 128+N killed by signal N;
 * {@code timedOut} when the timeout killed it (the CLI exits 124); {@code error} explains a failure to start.
 */
public record CommandExit(int code, boolean started, boolean timedOut, String killed, String error) {
}
