package dev.cordon.session;

/**
 * The states a person sees for a session. {@code STUCK}: its processes and scratch are gone but its workspace was not
 * fully given back; it stays listed (and counts toward a member's cap) until `cordon session stop` gives it back.
 */
public enum SessionState {
    STARTING, IDLE, RUNNING, STOPPING, STOPPED, FAILED, STUCK;

    public boolean live() {
        return this == STARTING || this == IDLE || this == RUNNING;
    }
}
