package dev.cordon.session;

import dev.cordon.core.CordonException;

/** Which sandbox account a session's runner runs as: the firewall cuts the offline one off. */
public enum NetworkMode {
    OFFLINE, ONLINE;

    public static NetworkMode parse(String text) {
        for (NetworkMode m : values()) {
            if (m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw CordonException.usage("Unknown network mode '" + text + "'.", "Use `offline` or `online`.");
    }

    public String label() {
        return name().toLowerCase();
    }
}
