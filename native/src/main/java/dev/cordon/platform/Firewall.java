package dev.cordon.platform;

/** The account-scoped network cut-off. */
public interface Firewall {
    /** Installs or replaces the rules atomically. */
    void apply(FirewallSpec spec);

    FirewallState read(String table);

    /** Removes the rules; a no-op when they are absent. */
    void remove(String table);

    /** The whole ruleset as the OS prints it, for support bundles. */
    String rulesetDump();
}
