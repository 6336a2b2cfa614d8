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

    /**
     * The rules of {@code table} ({@code Instance.firewallTable()}) in the words of this OS, for plans, checks, the CLI
     * and the panel: "nftables table inet cordon", "Windows Firewall rule group Cordon".
     */
    String describe(String table);

    /** Their name as the OS's own tools take it, for {@code --json}: "inet cordon", "Cordon" (the rule group). */
    String objectName(String table);

    /** Where a person sees every rule that could let an account through, for fixes: a command or a console. */
    String inspectHint(String table);

    /**
     * Traffic of the offline account that these rules do not stop, each for the doctor to list as "not covered" (never
     * as passing): on Windows, name resolution through the DNS Client service, ICMP, and the SMB/WebDAV redirectors
     * act for the account from system services, which per-user rules do not match. Empty where the rules cover all.
     */
    default java.util.List<Uncovered> notCovered() {
        return java.util.List.of();
    }

    /** A channel the firewall does not cover: a stable {@code id}, what it is, and why the rules miss it. */
    record Uncovered(String id, String channel, String why) {
    }
}
