package dev.cordon.core;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The names of everything Cordon creates. An instance name prefixes every account, group, table and
 * directory so tests and parallel installs never collide with a real install.
 *
 * @param name the instance name, or empty for the default install
 * @param stateRoot the directory under which the state directory lives ({@code /var/lib} on Linux)
 */
public record Instance(String name, Path stateRoot) {
    public static final String ENV = "CORDON_INSTANCE";
    /**
     * Root-owned and not listable by others; the execute bit lets a session runner reach its own directory under
     * {@code sessions/} by name. Everything secret below it (keys, secrets, quarantine, ledger, audit) is 0700/0600.
     */
    public static final String STATE_DIR_MODE = "rwx--x--x";
    /** Lowercase, starts with a letter, at most 12 characters: keeps account names under 32 characters. */
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9]{0,11}");

    public Instance {
        if (name == null) {
            name = "";
        }
        if (!name.isEmpty() && !VALID.matcher(name).matches()) {
            throw CordonException.usage("Invalid instance name '" + name + "'.",
                    "Use 1-12 characters: a lowercase letter, then lowercase letters or digits (e.g. --instance t1).");
        }
    }

    public static Instance of(String name) {
        return new Instance(name, Path.of("/var/lib"));
    }

    /** The instance from the option if given, else from {@code CORDON_INSTANCE}, else the default. */
    public static Instance resolve(String option) {
        if (option != null) {
            return of(option);
        }
        String env = System.getenv(ENV);
        return of(env == null ? "" : env);
    }

    public boolean isDefault() {
        return name.isEmpty();
    }

    private String prefixed(String base, String separator) {
        return isDefault() ? base : name + separator + base;
    }

    public String sandboxGroup() {
        return prefixed("cordon-sandbox", "-");
    }

    /** People allowed to use the host's socket without being root. */
    public String usersGroup() {
        return prefixed("cordon-users", "-");
    }

    /** The host's Unix socket: under /run, recreated at each start. */
    public Path hostSocket() {
        return Path.of("/run", stateDir().getFileName().toString(), "host.sock");
    }

    public String offlineAccount() {
        return prefixed("cordon-offline", "-");
    }

    public String onlineAccount() {
        return prefixed("cordon-online", "-");
    }

    /** The sandbox accounts by name: the offline one, then the online one. */
    public java.util.List<String> sandboxAccounts() {
        return java.util.List.of(offlineAccount(), onlineAccount());
    }

    /** nftables identifiers cannot contain '-'. */
    public String firewallTable() {
        return prefixed("cordon", "_");
    }

    public Path stateDir() {
        return stateRoot.resolve(prefixed("cordon", "-"));
    }

    public Path ledgerFile() {
        return stateDir().resolve("ledger.jsonl");
    }

    public Path auditFile() {
        return stateDir().resolve("audit.jsonl");
    }

    public Path hostKeyFile() {
        return stateDir().resolve("keys").resolve("host.key");
    }

    public Path secretsDir() {
        return stateDir().resolve("secrets");
    }

    public Path sessionsDir() {
        return stateDir().resolve("sessions");
    }

    public Path quarantineDir() {
        return stateDir().resolve("quarantine");
    }

    public String displayName() {
        return isDefault() ? "(default)" : name;
    }
}
