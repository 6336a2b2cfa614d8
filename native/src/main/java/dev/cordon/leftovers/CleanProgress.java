package dev.cordon.leftovers;

/** Hooks the panel uses to show progress of a clean and to stop it between items. */
public interface CleanProgress {
    CleanProgress NONE = new CleanProgress() {
    };

    /** Called after each item was handled (also for skipped and cancelled ones). */
    default void done(CleanOutcome outcome) {
    }

    /** Polled before each item; once true, the remaining items are reported as cancelled and left alone. */
    default boolean cancelRequested() {
        return false;
    }
}
