package dev.cordon.testing;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Firewall tables in memory, applied atomically like {@code nft -f}: a failed apply leaves the old table as it was. */
public final class FakeFirewall implements Firewall {
    private final Map<String, FirewallSpec> tables = new LinkedHashMap<>();
    private boolean failNextApply;
    private FirewallState.Ineffective ineffective;
    private List<Uncovered> uncovered = List.of();

    /** The next {@link #apply} fails and changes nothing. */
    public FakeFirewall failNextApply() {
        failNextApply = true;
        return this;
    }

    /** The OS stops enforcing the rules (Group Policy, a profile switched off): read() says so; null undoes it. */
    public FakeFirewall ineffective(FirewallState.Ineffective why) {
        ineffective = why;
        return this;
    }

    /** A table someone else made: present, but not understood as a Cordon table. */
    public void addForeignTable(String table) {
        tables.put(table, null);
    }

    /** The tables present, by name. */
    public List<String> tables() {
        return List.copyOf(tables.keySet());
    }

    @Override
    public void apply(FirewallSpec spec) {
        if (failNextApply) {
            failNextApply = false;
            throw new CordonException(ExitCode.INTERNAL, "Applying table " + spec.table() + " failed (injected).",
                    "Nothing to fix: a test asked for this failure.");
        }
        tables.put(spec.table(), spec);
    }

    @Override
    public FirewallState read(String table) {
        FirewallSpec spec = tables.get(table);
        FirewallState state = !tables.containsKey(table) ? FirewallState.missing()
                : spec == null ? new FirewallState(true, Optional.empty(), List.of("foreign rule"), "foreign")
                : new FirewallState(true, Optional.of(spec), List.of(), spec.toString());
        return ineffective == null ? state : state.withIneffective(ineffective);
    }

    @Override
    public void remove(String table) {
        tables.remove(table);
    }

    @Override
    public String rulesetDump() {
        return tables.toString();
    }

    /** In words of its own, so a test sees the OS's words come from the firewall, not from the code above it. */
    @Override
    public String describe(String table) {
        return "fake firewall table " + table;
    }

    @Override
    public String objectName(String table) {
        return table;
    }

    @Override
    public String inspectHint(String table) {
        return "the fake's tables (" + tables.keySet() + ")";
    }

    /** Channels these rules do not stop (Windows: DNS Client, ICMP, SMB/WebDAV), for the doctor to list. */
    public FakeFirewall notCovered(List<Uncovered> channels) {
        uncovered = List.copyOf(channels);
        return this;
    }

    @Override
    public List<Uncovered> notCovered() {
        return uncovered;
    }
}
