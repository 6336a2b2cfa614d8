package dev.cordon.provision;

import java.util.Map;
import java.util.TreeMap;

/**
 * One OS change Cordon makes, as written to the ledger.
 *
 * @param kind   what sort of object ({@link Kind})
 * @param target its name on the system (account name, table name, path)
 * @param attrs  facts needed to undo or to recognise it later (uid, gid, ports); never secrets
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

    /** A number attribute, however JSON parsing typed it. */
    public Integer intAttr(String key) {
        Object v = attrs.get(key);
        return v instanceof Number n ? n.intValue() : null;
    }

    public boolean sameObject(Change other) {
        return kind == other.kind && target.equals(other.target);
    }

    public enum Kind {
        STATE_DIR, GROUP, USER, HOST_KEY, FIREWALL_TABLE
    }
}
