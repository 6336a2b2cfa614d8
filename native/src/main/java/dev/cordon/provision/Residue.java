package dev.cordon.provision;

import java.util.List;

/**
 * What sandbox accounts leave behind (processes, files in temp directories). Uninstall purges it before the
 * accounts go, so nothing of ours is left and {@code userdel} does not fail on running processes.
 */
public interface Residue {
    /** One line per item that {@link #purge} would remove. */
    List<String> describe();

    /** Kills every process of the sandbox accounts and deletes every file they own in the scanned places. */
    void purge();
}
