package dev.cordon.session;

/** The states a person sees for a session. */
public enum SessionState {
    STARTING, IDLE, RUNNING, STOPPING, STOPPED, FAILED;

    public boolean live() {
        return this == STARTING || this == IDLE || this == RUNNING;
    }
}
