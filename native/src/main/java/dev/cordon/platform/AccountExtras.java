package dev.cordon.platform;

import java.util.List;
import java.util.Map;

/**
 * What an OS makes for each sandbox account beyond the account itself, each object planned, ledgered, made, read back
 * and undone on its own by setup and uninstall (Windows: the account's profile, its hidden-user value, its deny-logon
 * rights; Linux: nothing). Uninstall removes them in reverse, before the account goes.
 */
public interface AccountExtras {
    /** None (Linux): setup's and uninstall's plans are exactly the accounts, groups, key and firewall. */
    AccountExtras NONE = new AccountExtras() {
        @Override
        public List<Extra> wanted(String account) {
            return List.of();
        }

        @Override
        public boolean present(Extra extra) {
            return false;
        }

        @Override
        public Extra make(Extra extra) {
            throw new IllegalStateException("no extras on this platform: " + extra);
        }

        @Override
        public void remove(Extra extra) {
            throw new IllegalStateException("no extras on this platform: " + extra);
        }
    };

    /** The kinds of object, each a kind of ledger entry of its own. */
    enum Kind { PROFILE, REGISTRY_VALUE, LSA_RIGHTS, SDDL_BACKUP, FIREWALL_RULE, ACCOUNT_SECRET }

    /**
     * One object.
     *
     * @param kind        what sort
     * @param step        its step in plans and failpoints, e.g. {@code profile:cordon-offline}
     * @param target      its name on the system (an account name, a registry value's full name)
     * @param account     the sandbox account it belongs to
     * @param facts       what was learnt when it was made (a SID, a profile path); never secrets
     * @param description one line for plans
     */
    record Extra(Kind kind, String step, String target, String account, Map<String, String> facts, String description) {
        public Extra {
            facts = Map.copyOf(facts);
        }

        public Extra withFacts(Map<String, String> more) {
            java.util.Map<String, String> all = new java.util.TreeMap<>(facts);
            all.putAll(more);
            return new Extra(kind, step, target, account, all, description);
        }
    }

    /** The objects setup makes for {@code account}, in the order it makes them (the account may not exist yet). */
    List<Extra> wanted(String account);

    /** Whether {@code extra} is on the system as setup makes it, read now. */
    boolean present(Extra extra);

    /**
     * Whether anything of {@code extra} is left for uninstall to remove. Usually {@link #present}; wider where "present"
     * means more than "there" (an account's sealed password is present only while it logs on, yet its file is removed
     * all the same).
     */
    default boolean leftToRemove(Extra extra) {
        return present(extra);
    }

    /** Makes {@code extra} (nothing when it is there already) and returns it with what was learnt. */
    Extra make(Extra extra);

    /** Removes {@code extra}; nothing when it is gone already. */
    void remove(Extra extra);
}
