package dev.cordon.app;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** The sidebar's pages, in order. */
public enum Page {
    OVERVIEW("overview", Feather.HOME),
    ACCOUNTS("accounts", Feather.USERS),
    NETWORK("network", Feather.SHIELD),
    LEFTOVERS("leftovers", Feather.ARCHIVE),
    PROCESSES("processes", Feather.CPU),
    SESSIONS("sessions", Feather.TERMINAL),
    DOCTOR("doctor", Feather.ACTIVITY),
    AUDIT("audit", Feather.FILE_TEXT);

    private final String key;
    private final Ikon icon;

    Page(String key, Ikon icon) {
        this.key = key;
        this.icon = icon;
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
}
