package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import dev.cordon.platform.windows.FirewallCom.Ref;
import dev.cordon.platform.windows.FirewallCom.Session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline account's cut-off as Windows Firewall rules (COM {@code HNetCfg.FwPolicy2} / {@code INetFwRule3}, through
 * {@link FirewallCom}), all in one rule group {@code Cordon[-instance]}, each scoped to the account with
 * {@code LocalUserAuthorizedList = O:LSD:(A;;CC;;;<SID>)} ({@link FirewallScope}): block outbound non-loopback, block
 * inbound non-loopback, block loopback UDP, block loopback TCP except the allowed proxy ports.
 *
 * <p>Never a moment without the block: a rule is created fully configured before it is added; the loopback-TCP rule is
 * added (or an existing one re-opened) blocking every port and only then narrowed to the complement of the allowed
 * ports; rules that are wrong in shape are replaced make-before-break (renamed aside, the right one added, then the old
 * one removed); a rule already right is not written at all, so applying twice changes nothing. Only rules whose
 * {@code Grouping} is this group are ever changed or removed, and a rule is removed by a name no other rule has.
 *
 * <p>A policy run by Group Policy, a profile with the firewall off, or the firewall service stopped make the rules
 * ineffective: {@link #read} reports that as {@link FirewallState#ineffective()} with a fix, never as an exception.
 * Not run on Windows yet: tested here through a recording fake of {@link FirewallCom}.
 */
public final class WindowsFirewall implements Firewall {
    static final int DIR_IN = 1;
    static final int DIR_OUT = 2;
    static final int ACTION_BLOCK = 0;
    static final int PROFILES_ALL = 0x7FFFFFFF;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_ANY = 256;
    static final int PROFILE_DOMAIN = 1;
    static final int PROFILE_PRIVATE = 2;
    static final int PROFILE_PUBLIC = 4;
    static final int MODIFY_STATE_OK = 0;
    static final int MODIFY_STATE_GP_OVERRIDE = 1;
    static final int MODIFY_STATE_INBOUND_BLOCKED = 2;
    static final int S_FALSE = 1;

    /** The properties read back from each of our rules (and written, where they are ours to set). */
    static final List<String> RULE_PROPERTIES = List.of("Name", "Description", "Grouping", "Direction", "Action",
            "Enabled", "Profiles", "Protocol", "RemoteAddresses", "RemotePorts", "LocalAddresses", "LocalPorts",
            "ApplicationName", "ServiceName", "InterfaceTypes", "LocalUserAuthorizedList");

    private static final Pattern TABLE = Pattern.compile("(?:([a-z][a-z0-9]{0,11})_)?cordon");
    private static final String GP_FIX = "Ask the domain administrator to let local rules apply (Group Policy: Windows "
            + "Defender Firewall with Advanced Security > each profile > Settings > Customize > 'Apply local firewall "
            + "rules: Yes'), or to deploy the rules `cordon network status` lists by policy; then run `cordon doctor`.";
    private static final String PROFILE_FIX = "Turn the firewall on for every profile (elevated: `netsh advfirewall set "
            + "allprofiles state on`, or Windows Security > Firewall & network protection), then run `cordon doctor`.";

    /** The four rules, in the order they are written. */
    enum Kind {
        OUTBOUND("block outbound non-loopback", DIR_OUT, PROTO_ANY, FirewallValues.NON_LOOPBACK,
                "every outbound connection of the offline sandbox account except to loopback"),
        INBOUND("block inbound non-loopback", DIR_IN, PROTO_ANY, FirewallValues.NON_LOOPBACK,
                "every inbound connection to the offline sandbox account except from loopback"),
        LOOPBACK_UDP("block loopback UDP", DIR_OUT, PROTO_UDP, FirewallValues.LOOPBACK,
                "UDP of the offline sandbox account to loopback"),
        LOOPBACK_TCP("block loopback TCP except proxy ports", DIR_OUT, PROTO_TCP, FirewallValues.LOOPBACK,
                "TCP of the offline sandbox account to loopback, except the allowed proxy ports");

        final String label;
        final int direction;
        final int protocol;
        final String remoteAddresses;
        final String blocks;

        Kind(String label, int direction, int protocol, String remoteAddresses, String blocks) {
            this.label = label;
            this.direction = direction;
            this.protocol = protocol;
            this.remoteAddresses = remoteAddresses;
            this.blocks = blocks;
        }

        String ruleName(String group) {
            return group + ": " + label;
        }

        String description() {
            return "Blocks " + blocks + ". Managed by Cordon; `cordon uninstall` removes it.";
        }
    }

    /** One rule as enumerated: the live object, its name and group, and (for ours) its properties. */
    private record Rule(Ref ref, String name, String grouping, Map<String, Object> props) {
        Object prop(String p) {
            return props.get(p);
        }
    }

    private final FirewallCom com;

    /** The real firewall, through COM on Windows. */
    public WindowsFirewall() {
        this(new JnaFirewallCom());
    }

    WindowsFirewall(FirewallCom com) {
        this.com = Objects.requireNonNull(com);
    }

    /**
     * The rule group for a seam table name ({@code Instance.firewallTable()}): {@code cordon} → {@code Cordon},
     * {@code t1_cordon} → {@code Cordon-t1}.
     */
    public static String group(String table) {
        Matcher m = TABLE.matcher(table == null ? "" : table);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Cordon firewall table name: " + table
                    + " (expected cordon or <instance>_cordon)");
        }
        return m.group(1) == null ? "Cordon" : "Cordon-" + m.group(1);
    }

    // ------------------------------------------------------------------ apply

    @Override
    public void apply(FirewallSpec spec) {
        String group = group(spec.table());
        if (!(spec.offline() instanceof Principal.Sid sid)) {
            throw new IllegalArgumentException("Windows Firewall rules name a SID, not " + spec.offline());
        }
        String sddl = FirewallScope.localUserAuthorizedList(sid.value());
        String narrowPorts = FirewallValues.blockedPorts(spec.allowedLoopbackPorts());
        change("Applying the firewall rules of group " + group, s -> {
            Ref rules = (Ref) s.get(s.policy(), "Rules");
            List<Rule> all = scan(s, rules);
            refuseForeignNames(all, group);
            List<Rule> ours = ours(s, all, group);
            Set<String> takenNames = names(all);
            List<String> removeByName = new ArrayList<>();
            Map<Kind, Ref> kept = new LinkedHashMap<>();
            for (Kind kind : Kind.values()) {
                String name = kind.ruleName(group);
                Rule keep = null;
                for (Rule r : ours) {
                    if (!name.equals(r.name())) {
                        continue;
                    }
                    if (keep == null && shapeProblems(r, kind).isEmpty()) {
                        keep = r;
                    } else { // a duplicate or a rule of the wrong shape: set aside now, removed once the right one is in
                        removeByName.add(rename(s, r, group, takenNames));
                    }
                }
                if (keep != null) {
                    reconcile(s, keep, kind, sddl, narrowPorts);
                    kept.put(kind, keep.ref());
                } else {
                    create(s, rules, kind, group, sddl);
                }
            }
            if (!FirewallValues.ANY.equals(narrowPorts)) { // narrowed only once the broad block is in place
                String name = Kind.LOOPBACK_TCP.ruleName(group);
                Ref tcp = kept.get(Kind.LOOPBACK_TCP);
                if (tcp == null) {
                    tcp = (Ref) s.call(rules, "Item", name);
                    if (!group.equals(s.get(tcp, "Grouping"))) {
                        throw new CordonException(ExitCode.CONFLICT, "The firewall rule '" + name
                                + "' Cordon just added is not the one Windows returns by that name.",
                                "Remove or rename other rules named '" + name + "', then run `cordon setup`.");
                    }
                }
                if (!FirewallValues.ports(narrowPorts).equals(FirewallValues.ports(string(s.get(tcp, "RemotePorts"))))) {
                    s.put(tcp, "RemotePorts", narrowPorts);
                }
            }
            Set<String> wanted = new LinkedHashSet<>();
            for (Kind kind : Kind.values()) {
                wanted.add(kind.ruleName(group));
            }
            for (Rule r : ours) {
                if (!wanted.contains(r.name())) { // a rule of our group Cordon does not write (any more)
                    removeByName.add(uniqueName(s, r, all, group, takenNames));
                }
            }
            removeAll(s, rules, removeByName);
        });
    }

    /** Runs a change in one COM session; a failing call becomes a sentence, the call, its HRESULT and a fix. */
    private void change(String doing, java.util.function.Consumer<Session> work) {
        try {
            com.session(s -> {
                work.accept(s);
                return null;
            });
        } catch (ComFailure f) {
            throw FirewallErrors.toException(doing, f);
        }
    }

    private static void removeAll(Session s, Ref rules, List<String> names) {
        for (String name : names) {
            s.call(rules, "Remove", name);
        }
    }

    /** A rule created fully configured, then added; the loopback-TCP rule blocks every port until narrowed. */
    private static void create(Session s, Ref rules, Kind kind, String group, String sddl) {
        Ref rule = s.newRule();
        s.put(rule, "Name", kind.ruleName(group));
        s.put(rule, "Description", kind.description());
        s.put(rule, "Grouping", group);
        s.put(rule, "Direction", kind.direction);
        s.put(rule, "Protocol", kind.protocol); // before any port property, or Windows refuses the ports
        s.put(rule, "RemoteAddresses", kind.remoteAddresses);
        s.put(rule, "Action", ACTION_BLOCK);
        s.put(rule, "Profiles", PROFILES_ALL);
        s.put(rule, "LocalUserAuthorizedList", sddl);
        s.put(rule, "Enabled", Boolean.TRUE);
        s.call(rules, "Add", rule);
    }

    /** An existing rule of the right shape, each differing property written, the block never loosened first. */
    private static void reconcile(Session s, Rule r, Kind kind, String sddl, String narrowPorts) {
        if (!Objects.equals(integer(r.prop("Action")), ACTION_BLOCK)) {
            s.put(r.ref(), "Action", ACTION_BLOCK);
        }
        if (!Boolean.TRUE.equals(r.prop("Enabled"))) {
            s.put(r.ref(), "Enabled", Boolean.TRUE);
        }
        if (!Objects.equals(integer(r.prop("Profiles")), PROFILES_ALL)) {
            s.put(r.ref(), "Profiles", PROFILES_ALL);
        }
        String sid = FirewallScope.authorizedSids(sddl).iterator().next();
        if (!FirewallScope.authorizedSids(string(r.prop("LocalUserAuthorizedList"))).equals(Set.of(sid))) {
            s.put(r.ref(), "LocalUserAuthorizedList", sddl);
        }
        if (kind == Kind.LOOPBACK_TCP) {
            Optional<?> now = FirewallValues.ports(string(r.prop("RemotePorts")));
            if (!now.equals(FirewallValues.ports(narrowPorts)) && !now.equals(FirewallValues.ports(FirewallValues.ANY))) {
                s.put(r.ref(), "RemotePorts", FirewallValues.ANY); // broad first; narrowed after every block is in
            }
        }
        if (!sameAddresses(string(r.prop("RemoteAddresses")), kind.remoteAddresses)) {
            s.put(r.ref(), "RemoteAddresses", kind.remoteAddresses);
        }
        if (!kind.description().equals(r.prop("Description"))) {
            s.put(r.ref(), "Description", kind.description());
        }
    }

    /** Sets a rule aside under a name no rule has, so removing it by name removes nothing else. */
    private static String rename(Session s, Rule r, String group, Set<String> taken) {
        String aside;
        do {
            aside = group + ": removing " + UUID.randomUUID();
        } while (taken.contains(aside));
        taken.add(aside);
        s.put(r.ref(), "Name", aside);
        return aside;
    }

    /** The rule's name if no other rule in the store has it, else a fresh one it is renamed to. */
    private static String uniqueName(Session s, Rule r, List<Rule> all, String group, Set<String> taken) {
        long same = all.stream().filter(o -> Objects.equals(o.name(), r.name())).count();
        return same == 1 && r.name() != null && !r.name().isEmpty() ? r.name() : rename(s, r, group, taken);
    }

    private static void refuseForeignNames(List<Rule> all, String group) {
        for (Kind kind : Kind.values()) {
            String name = kind.ruleName(group);
            for (Rule r : all) {
                if (name.equals(r.name()) && !group.equals(r.grouping())) {
                    throw new CordonException(ExitCode.CONFLICT, "A firewall rule named '" + name + "' exists outside "
                            + "the group " + group + " (group: " + (r.grouping() == null ? "none" : r.grouping())
                            + "): Cordon changes only rules of its own group.",
                            "Rename or remove that rule (wf.msc), or use another instance name (`--instance`).");
                }
            }
        }
    }

    // ------------------------------------------------------------------ read

    @Override
    public FirewallState read(String table) {
        String group = group(table);
        try {
            return com.session(s -> {
                Ref policy = s.policy();
                StringBuilder raw = new StringBuilder();
                Optional<FirewallState.Ineffective> ineffective = effectiveness(s, policy, raw);
                List<Rule> ours = ours(s, scan(s, (Ref) s.get(policy, "Rules")), group);
                ours.forEach(r -> raw.append(describe(r)).append('\n'));
                FirewallState state = ours.isEmpty() ? FirewallState.missing() : parse(table, group, ours, raw.toString());
                return ineffective.map(state::withIneffective).orElse(state);
            });
        } catch (ComFailure f) {
            if (FirewallErrors.serviceDown(f.hresult())) {
                Win32Errors.Explanation x = FirewallErrors.explain(f.hresult());
                return FirewallState.missing().withIneffective(new FirewallState.Ineffective(x.sentence(), x.fix()));
            }
            throw FirewallErrors.toException("Reading the firewall rules of group " + group, f);
        }
    }

    /** What our group's rules do, and every way they differ from the rules {@link #apply} writes. */
    private static FirewallState parse(String table, String group, List<Rule> ours, String raw) {
        List<String> problems = new ArrayList<>();
        Set<String> sids = new LinkedHashSet<>();
        List<Integer> allowed = List.of();
        Set<String> known = new LinkedHashSet<>();
        for (Kind kind : Kind.values()) {
            String name = kind.ruleName(group);
            known.add(name);
            List<Rule> named = ours.stream().filter(r -> name.equals(r.name())).toList();
            if (named.isEmpty()) {
                problems.add("missing rule '" + name + "'");
                continue;
            }
            if (named.size() > 1) {
                problems.add(named.size() + " rules named '" + name + "'");
            }
            for (Rule r : named) {
                List<String> wrong = new ArrayList<>(shapeProblems(r, kind));
                if (!Objects.equals(integer(r.prop("Action")), ACTION_BLOCK)) {
                    wrong.add("action is not block");
                }
                if (!Boolean.TRUE.equals(r.prop("Enabled"))) {
                    wrong.add("disabled");
                }
                if (!Objects.equals(integer(r.prop("Profiles")), PROFILES_ALL)) {
                    wrong.add("not in every profile (profiles " + r.prop("Profiles") + ")");
                }
                if (!sameAddresses(string(r.prop("RemoteAddresses")), kind.remoteAddresses)) {
                    wrong.add("remote addresses " + r.prop("RemoteAddresses") + " instead of " + kind.remoteAddresses);
                }
                Set<String> authorized = FirewallScope.authorizedSids(string(r.prop("LocalUserAuthorizedList")));
                if (authorized.size() != 1) {
                    wrong.add("scoped to " + (authorized.isEmpty() ? "no account" : authorized.size() + " accounts")
                            + " (LocalUserAuthorizedList " + r.prop("LocalUserAuthorizedList") + ")");
                }
                sids.addAll(authorized);
                if (kind == Kind.LOOPBACK_TCP) {
                    Optional<List<Integer>> open = FirewallValues.allowedPorts(string(r.prop("RemotePorts")));
                    if (open.isEmpty()) {
                        wrong.add("remote ports " + r.prop("RemotePorts") + " cannot be understood");
                    } else {
                        allowed = open.get();
                    }
                } else if (!FirewallValues.ports(string(r.prop("RemotePorts"))).equals(FirewallValues.ports(FirewallValues.ANY))) {
                    wrong.add("limited to remote ports " + r.prop("RemotePorts"));
                }
                wrong.forEach(w -> problems.add("rule '" + name + "': " + w));
            }
        }
        for (Rule r : ours) {
            if (!known.contains(r.name())) {
                problems.add("foreign rule '" + r.name() + "' in group " + group);
            }
        }
        if (sids.size() > 1) {
            problems.add("the rules name more than one account: " + String.join(", ", sids));
        }
        Optional<FirewallSpec> spec = sids.isEmpty() ? Optional.empty() : Optional.of(new FirewallSpec(table,
                new Principal.Sid(Principal.Kind.USER, sids.iterator().next()), allowed));
        return new FirewallState(true, spec, problems, raw);
    }

    /** What would make a rule match other traffic than its kind's: those are replaced, not edited in place. */
    private static List<String> shapeProblems(Rule r, Kind kind) {
        List<String> wrong = new ArrayList<>();
        if (!Objects.equals(integer(r.prop("Direction")), kind.direction)) {
            wrong.add("direction " + r.prop("Direction") + " instead of " + (kind.direction == DIR_IN ? "in" : "out"));
        }
        if (!Objects.equals(integer(r.prop("Protocol")), kind.protocol)) {
            wrong.add("protocol " + r.prop("Protocol") + " instead of " + kind.protocol);
        }
        for (String p : List.of("ApplicationName", "ServiceName")) {
            if (!blank(r.prop(p))) {
                wrong.add("limited to " + p + " " + r.prop(p));
            }
        }
        if (!blankOrAny(r.prop("LocalAddresses"))) {
            wrong.add("limited to local addresses " + r.prop("LocalAddresses"));
        }
        if (!blankOrAny(r.prop("LocalPorts"))) {
            wrong.add("limited to local ports " + r.prop("LocalPorts"));
        }
        Object types = r.prop("InterfaceTypes");
        if (!blank(types) && !"all".equalsIgnoreCase(string(types).trim())) {
            wrong.add("limited to interface types " + types);
        }
        return wrong;
    }

    /**
     * Whether rules written now take effect: {@code LocalPolicyModifyState} (Group Policy) and each profile's
     * {@code FirewallEnabled}. Appends what it saw to {@code raw}.
     */
    private static Optional<FirewallState.Ineffective> effectiveness(Session s, Ref policy, StringBuilder raw) {
        List<String> reasons = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        FirewallCom.ModifyState ms = s.localPolicyModifyState(policy);
        raw.append("LocalPolicyModifyState: ").append(ms.state()).append(ms.hresult() == S_FALSE ? " (S_FALSE)" : "")
                .append('\n');
        if (ms.state() == MODIFY_STATE_GP_OVERRIDE) {
            reasons.add("Group Policy controls the firewall of the current profile, so the rules Cordon writes locally "
                    + "do not take effect");
            fixes.add(GP_FIX);
        } else if (ms.hresult() == S_FALSE) {
            reasons.add("local firewall rules take effect in only some of the active profiles (Group Policy controls "
                    + "the others)");
            fixes.add(GP_FIX);
        } // INBOUND_BLOCKED: unsolicited inbound is refused anyway; our rules are blocks and still take effect
        List<String> off = new ArrayList<>();
        for (int profile : new int[] {PROFILE_DOMAIN, PROFILE_PRIVATE, PROFILE_PUBLIC}) {
            boolean on = Boolean.TRUE.equals(s.get(policy, "FirewallEnabled", profile));
            raw.append("FirewallEnabled(").append(profileName(profile)).append("): ").append(on).append('\n');
            if (!on) {
                off.add(profileName(profile));
            }
        }
        if (!off.isEmpty()) {
            reasons.add("Windows Firewall is switched off for the " + String.join(", ", off) + " profile"
                    + (off.size() > 1 ? "s" : "") + ": no rule takes effect while such a network is connected");
            fixes.add(PROFILE_FIX);
        }
        return reasons.isEmpty() ? Optional.empty()
                : Optional.of(new FirewallState.Ineffective(String.join("; ", reasons) + ".", String.join(" ", fixes)));
    }

    private static String profileName(int profile) {
        return switch (profile) {
            case PROFILE_DOMAIN -> "domain";
            case PROFILE_PRIVATE -> "private";
            default -> "public";
        };
    }

    // ------------------------------------------------------------------ remove, dump

    @Override
    public void remove(String table) {
        String group = group(table);
        change("Removing the firewall rules of group " + group, s -> {
            Ref rules = (Ref) s.get(s.policy(), "Rules");
            List<Rule> all = scan(s, rules);
            Set<String> taken = names(all);
            List<String> names = new ArrayList<>();
            for (Rule r : all) {
                if (group.equals(r.grouping())) {
                    names.add(uniqueName(s, r, all, group, taken));
                }
            }
            removeAll(s, rules, names);
        });
    }

    @Override
    public String rulesetDump() {
        try {
            return com.session(s -> {
                Ref policy = s.policy();
                StringBuilder out = new StringBuilder("Windows Firewall policy\n");
                effectiveness(s, policy, out).ifPresent(why -> out.append("NOT IN EFFECT: ").append(why.reason()).append('\n'));
                List<Rule> all = scan(s, (Ref) s.get(policy, "Rules"));
                int others = 0;
                for (Rule r : all) {
                    if (r.grouping() != null && (r.grouping().equals("Cordon") || r.grouping().startsWith("Cordon-"))) {
                        out.append(describe(readProps(s, r))).append('\n');
                    } else {
                        others++;
                    }
                }
                return out.append(others).append(" other rule(s) not shown\n").toString();
            });
        } catch (ComFailure f) {
            return "Windows Firewall could not be read: " + FirewallErrors.explain(f.hresult()).sentence() + " ("
                    + f.getMessage() + ")";
        }
    }

    @Override
    public String describe(String table) {
        return "Windows Firewall rule group " + objectName(table);
    }

    @Override
    public String objectName(String table) {
        return group(table);
    }

    @Override
    public String inspectHint(String table) {
        return "`Get-NetFirewallRule -Group " + group(table) + "` and `Get-NetFirewallProfile` in an elevated "
                + "PowerShell (or wf.msc), and the firewall settings of any Group Policy";
    }

    @Override
    public List<Uncovered> notCovered() {
        return List.of(
                new Uncovered("firewall.uncovered.dns", "name resolution through the DNS Client service",
                        "lookups are sent by the Dnscache service (NETWORK SERVICE), not by the offline account, so "
                                + "per-user rules do not match them: a command can still leak data in DNS names"),
                new Uncovered("firewall.uncovered.icmp", "ICMP (ping)",
                        "ICMP echo is sent from the kernel on the caller's behalf and is not matched by per-user "
                                + "(LocalUserAuthorizedList) rules; blocking it per account needs WFP filters"),
                new Uncovered("firewall.uncovered.smb-webdav", "SMB and WebDAV redirectors (\\\\host\\share paths)",
                        "file access to UNC paths is carried by the kernel SMB redirector and the WebClient service, "
                                + "not by the offline account's sockets"));
    }

    // ------------------------------------------------------------------ helpers

    /** Every rule in the store: its object, name and group. */
    private static List<Rule> scan(Session s, Ref rules) {
        List<Rule> all = new ArrayList<>();
        for (Ref r : s.items(rules)) {
            all.add(new Rule(r, string(s.get(r, "Name")), string(s.get(r, "Grouping")), Map.of()));
        }
        return all;
    }

    /** Our group's rules, with every property {@link #RULE_PROPERTIES} names. */
    private static List<Rule> ours(Session s, List<Rule> all, String group) {
        return all.stream().filter(r -> group.equals(r.grouping())).map(r -> readProps(s, r)).toList();
    }

    private static Rule readProps(Session s, Rule r) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String p : RULE_PROPERTIES) {
            props.put(p, s.get(r.ref(), p));
        }
        return new Rule(r.ref(), r.name(), r.grouping(), props);
    }

    private static Set<String> names(List<Rule> all) {
        Set<String> names = new LinkedHashSet<>();
        all.forEach(r -> names.add(r.name()));
        return names;
    }

    private static String describe(Rule r) {
        StringBuilder b = new StringBuilder("rule");
        r.props().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    private static boolean sameAddresses(String actual, String expected) {
        Optional<FirewallValues.Addresses> a = FirewallValues.addresses(actual);
        return a.isPresent() && a.get().sameAs(FirewallValues.addresses(expected).orElseThrow());
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    private static Integer integer(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private static boolean blank(Object o) {
        return o == null || o.toString().isBlank();
    }

    private static boolean blankOrAny(Object o) {
        return blank(o) || o.toString().trim().equals(FirewallValues.ANY);
    }
}
