package dev.cordon.provision;


import dev.cordon.core.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One OS change Cordon makes, as written to the ledger.
 *
 * @param kind   what sort of object ({@link Kind})
 * @param target its name on the system (account name, table name, path)
 * @param attrs  facts needed to undo or to recognise it later (uid, gid, ports); never secrets. An id ({@link Principal})
 *               is written as the OS writes it: a number for a uid or gid (the ledger's format since version 1), a
 *               string {@code S-1-…} for a Windows SID
 */
public record Change(Kind kind, String target, Map<String, Object> attrs) {
    public Change {
        attrs = attrs == null ? Map.of() : new TreeMap<>(attrs);
    }

    public static Change of(Kind kind, String target) {
        return new Change(kind, target, Map.of());
    }

    public Change with(String key, Object value) {
        Map<String, Object> m = new TreeMap<>(attrs);
        m.put(key, value);
        return new Change(kind, target, m);
    }

    public Change with(String key, Principal id) {
        return with(key, id instanceof Principal.PosixId p ? (Object) p.number() : id.value());
    }

    /** An id attribute written by {@link #with(String, Principal)}, read back as a {@code kind} principal. */
    public Optional<Principal> principalAttr(String key, Principal.Kind kind) {
        Object v = attrs.get(key);
        if (v instanceof Number n) {
            return Optional.of(new Principal.PosixId(kind, n.intValue()));
        }
        return v instanceof String sid ? Optional.of(new Principal.Sid(kind, sid)) : Optional.empty();
    }

    /** A number attribute, however JSON parsing typed it. */
    public Integer intAttr(String key) {
        Object v = attrs.get(key);
        return v instanceof Number n ? n.intValue() : null;
    }

    public boolean sameObject(Change other) {
        return kind == other.kind && target.equals(other.target);
    }

    /**
     * The OS-neutral kinds, then what a platform makes beyond them ({@code platform.AccountExtras.Kind}, same names):
     * a profile, a registry value, LSA rights, a security descriptor saved before a change (SDDL backup), a firewall
     * rule, an account's sealed secret.
     */
    public enum Kind {
        STATE_DIR, GROUP, USER, HOST_KEY, FIREWALL_TABLE,
        PROFILE, REGISTRY_VALUE, LSA_RIGHTS, SDDL_BACKUP, FIREWALL_RULE, ACCOUNT_SECRET
    }
}
