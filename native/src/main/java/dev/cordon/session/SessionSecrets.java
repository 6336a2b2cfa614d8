package dev.cordon.session;

import dev.cordon.vault.Vault;

/** The secrets a session may name and, while online, hand to its commands. */
public interface SessionSecrets {
    /** True when a secret of that name is stored; a name that is not valid is a usage error. */
    boolean exists(String name);

    /** The secret's value; the caller zeroes it when done. */
    byte[] reveal(String name);

    static SessionSecrets of(Vault vault) {
        return new SessionSecrets() {
            @Override
            public boolean exists(String name) {
                // status() validates the name; whether it unseals is checked when it is handed out
                return vault.status(name, false).state() != Vault.State.MISSING;
            }

            @Override
            public byte[] reveal(String name) {
                return vault.reveal(name);
            }
        };
    }
}
