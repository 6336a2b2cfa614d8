package dev.cordon.core;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The names of everything Cordon creates. An instance name prefixes every account, group, table and
 * directory so tests and parallel installs never collide with a real install.
 *
 * <p>User names fit the platform's limit ({@code userNameLimit}): Linux allows 32 characters, where every name fits as
 * {@code <instance>-cordon-offline}; Windows' SAM allows 20 ({@link #SAM_USER_NAME_LIMIT}). A name that does not fit
 * keeps the instance prefix and takes a compact base ({@code cdn-off}, {@code cdn-on}): {@code t1-cordon-offline}
 * (17) stays, {@code abcdefghijkl-cordon-offline} (27) becomes {@code abcdefghijkl-cdn-off} (20). The default names
 * and instances of up to five characters are the same on every OS. The rule is injective: an instance name has no
 * {@code -}, so the text before the first {@code -} is the instance, and no base ({@code cordon-…}, {@code cdn-…})
 * equals what follows {@code cordon-} in a default name. Group names are not shortened (Windows allows 256).
 *
 * @param name the instance name, or empty for the default install
 * @param stateRoot the directory under which the state directory lives ({@code /var/lib} on Linux, {@code %ProgramData%}
 *                  on Windows)
 * @param userNameLimit the longest user name the platform accepts (at least {@link #SAM_USER_NAME_LIMIT})
 */
public record Instance(String name, Path stateRoot, int userNameLimit) {
    public static final String ENV = "CORDON_INSTANCE";
    /** Lowercase, starts with a letter, at most 12 characters: keeps account names under 32 characters. */
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9]{0,11}");
    /** useradd's limit on Linux (and most Unix systems). */
    public static final int POSIX_USER_NAME_LIMIT = 32;
    /** The longest local user name Windows' SAM accepts (sAMAccountName); local group names may have 256. */
    public static final int SAM_USER_NAME_LIMIT = 20;

    /** An instance with Linux's user name limit. */
    public Instance(String name, Path stateRoot) {
        this(name, stateRoot, POSIX_USER_NAME_LIMIT);
    }

    public Instance {
        if (userNameLimit < SAM_USER_NAME_LIMIT) {
            throw new IllegalArgumentException("user names of at most " + userNameLimit + " characters cannot hold "
                    + "an instance prefix; the rule needs " + SAM_USER_NAME_LIMIT);
        }
        if (name == null) {
            name = "";
        }
        if (!name.isEmpty() && !VALID.matcher(name).matches()) {
            throw CordonException.usage("Invalid instance name '" + name + "'.",
                    "Use 1-12 characters: a lowercase letter, then lowercase letters or digits (e.g. --instance t1).");
        }
    }

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
            .startsWith("windows");

    /** The install of this OS: under {@code /var/lib}, or on Windows under {@code %ProgramData%} with the SAM's limit. */
    public static Instance of(String name) {
        return WINDOWS ? new Instance(name, programData(System.getenv("ProgramData")), SAM_USER_NAME_LIMIT)
                : new Instance(name, Path.of("/var/lib"));
    }

    /** {@code %ProgramData%}, or its default when the variable is unset (a service's stripped environment). */
    static Path programData(String variable) {
        return Path.of(variable == null || variable.isBlank() ? "C:\\ProgramData" : variable);
    }

    /** The instance from the option if given, else from {@code CORDON_INSTANCE}, else the default. */
    public static Instance resolve(String option) {
        if (option != null) {
            return of(option);
        }
        String env = System.getenv(ENV);
        return of(env == null ? "" : env);
    }

    /** The same instance where user names have at most {@code limit} characters (Windows: {@link #SAM_USER_NAME_LIMIT}). */
    public Instance withUserNameLimit(int limit) {
        return new Instance(name, stateRoot, limit);
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

    /** {@code base} with the instance prefix, or {@code <instance>-<compact>} when that is longer than the limit. */
    private String userName(String base, String compact) {
        String full = prefixed(base, "-");
        return full.length() <= userNameLimit ? full : name + "-" + compact;
    }

    public String offlineAccount() {
        return userName("cordon-offline", "cdn-off");
    }

    public String onlineAccount() {
        return userName("cordon-online", "cdn-on");
    }

    /** The sandbox accounts by name: the offline one, then the online one. */
    public java.util.List<String> sandboxAccounts() {
        return java.util.List.of(offlineAccount(), onlineAccount());
    }

    /** nftables identifiers cannot contain '-'. */
    public String firewallTable() {
        return prefixed("cordon", "_");
    }

    /** {@code /var/lib/cordon} or {@code /var/lib/NAME-cordon}; on Windows {@code %ProgramData%\Cordon} or {@code Cordon-NAME}. */
    public Path stateDir() {
        return stateRoot.resolve(stateDirName(name, WINDOWS));
    }

    static String stateDirName(String name, boolean windows) {
        if (windows) {
            return name.isEmpty() ? "Cordon" : "Cordon-" + name;
        }
        return name.isEmpty() ? "cordon" : name + "-cordon";
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

    /** The sandbox accounts' sealed passwords (Windows), apart from the secrets sessions may be handed. */
    public Path credentialsDir() {
        return stateDir().resolve("credentials");
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
