package dev.cordon.app;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** The sidebar's pages, in order. {@code built} is false for pages of the panel issue not in this build yet. */
public enum Page {
    OVERVIEW("overview", Feather.HOME, true),
    ACCOUNTS("accounts", Feather.USERS, true),
    NETWORK("network", Feather.SHIELD, true),
    LEFTOVERS("leftovers", Feather.ARCHIVE, true),
    PROCESSES("processes", Feather.CPU, true),
    SESSIONS("sessions", Feather.TERMINAL, true),
    DOCTOR("doctor", Feather.ACTIVITY, true),
    AUDIT("audit", Feather.FILE_TEXT, true);

    private final String key;
    private final Ikon icon;
    private final boolean built;

    Page(String key, Ikon icon, boolean built) {
        this.key = key;
        this.icon = icon;
        this.built = built;
    }

    /** Message key of the page's name: {@code nav.<key>}. */
    public String titleKey() {
        return "nav." + key;
    }

    public String id() {
        return key;
    }

    public Ikon icon() {
        return icon;
    }

    public boolean built() {
        return built;
    }
}
