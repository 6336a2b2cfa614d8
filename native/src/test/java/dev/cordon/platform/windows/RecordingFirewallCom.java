package dev.cordon.platform.windows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Windows Firewall's COM objects in memory, recording every call: a policy (modify state, each profile on or off),
 * one rule store, and rules with INetFwRule3's properties. It behaves like Windows where WindowsFirewall depends on it:
 * a new rule is inert until {@code Add}; ports are refused unless the protocol is TCP or UDP; {@code Item} of an
 * unknown name fails with 0x80070002; loopback addresses read back in mask form. {@code Remove(name)} removes every rule
 * with that name, so a test sees it when a name was not unique. Failures are injected by call prefix.
 */
final class RecordingFirewallCom implements FirewallCom {
    /** One rule's properties, as Windows stores them. */
    static final class FakeRule {
        final int id;
        final Map<String, Object> props = new LinkedHashMap<>();
        boolean added;

        FakeRule(int id) {
            this.id = id;
            props.put("Name", null);
            props.put("Description", null);
            props.put("Grouping", null);
            props.put("Direction", WindowsFirewall.DIR_OUT);
            props.put("Action", 1); // NET_FW_ACTION_ALLOW, Windows' default
            props.put("Enabled", Boolean.FALSE);
            props.put("Profiles", WindowsFirewall.PROFILES_ALL);
            props.put("Protocol", WindowsFirewall.PROTO_ANY);
            props.put("RemoteAddresses", "*");
            props.put("RemotePorts", "*");
            props.put("LocalAddresses", "*");
            props.put("LocalPorts", "*");
            props.put("ApplicationName", null);
            props.put("ServiceName", null);
            props.put("InterfaceTypes", "All");
            props.put("LocalUserAuthorizedList", null);
        }

        String name() {
            return (String) props.get("Name");
        }

        String label() {
            return name() != null ? name() : "#" + id;
        }
    }

    private record PolicyRef() implements Ref {
    }

    private record RulesRef() implements Ref {
    }

    private record RuleRef(FakeRule rule) implements Ref {
    }

    final List<FakeRule> store = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final Map<Integer, Boolean> profileEnabled = new LinkedHashMap<>(Map.of(
            WindowsFirewall.PROFILE_DOMAIN, true, WindowsFirewall.PROFILE_PRIVATE, true, WindowsFirewall.PROFILE_PUBLIC, true));
    ModifyState modifyState = new ModifyState(0, WindowsFirewall.MODIFY_STATE_OK);
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private int nextId = 1;
    int sessions;

    /** The next call whose log line starts with {@code prefix} fails with {@code hresult}. */
    RecordingFirewallCom failOn(String prefix, int hresult) {
        failures.put(prefix, hresult);
        return this;
    }

    /** A rule already in the store (someone else's, or ours from before). */
    FakeRule existing(Map<String, Object> props) {
        FakeRule r = new FakeRule(nextId++);
        r.props.putAll(props);
        r.added = true;
        store.add(r);
        return r;
    }

    /** The calls that changed the store (puts on added rules, Add, Remove), in order. */
    List<String> mutations() {
        return log.stream().filter(l -> l.startsWith("put+") || l.startsWith("Add ") || l.startsWith("Remove ")).toList();
    }

    List<FakeRule> group(String group) {
        return store.stream().filter(r -> group.equals(r.props.get("Grouping"))).toList();
    }

    void clearLog() {
        log.clear();
    }

    private void record(String line) {
        log.add(line);
        for (Map.Entry<String, Integer> f : failures.entrySet()) {
            if (line.startsWith(f.getKey())) {
                failures.remove(f.getKey());
                throw new ComFailure(f.getValue(), line);
            }
        }
    }

    @Override
    public <T> T session(Function<Session, T> work) {
        sessions++;
        return work.apply(new Session() {
            @Override
            public Ref policy() {
                record("policy");
                return new PolicyRef();
            }

            @Override
            public Ref newRule() {
                FakeRule r = new FakeRule(nextId++);
                record("newRule #" + r.id);
                return new RuleRef(r);
            }

            @Override
            public Object get(Ref object, String property, Object... args) {
                if (object instanceof PolicyRef) {
                    record("get policy." + property + (args.length == 0 ? "" : "(" + args[0] + ")"));
                    return switch (property) {
                        case "Rules" -> new RulesRef();
                        case "FirewallEnabled" -> profileEnabled.get((Integer) args[0]);
                        default -> throw new ComFailure(FirewallErrors.DISP_E_UNKNOWNNAME, "get policy." + property);
                    };
                }
                FakeRule r = ((RuleRef) object).rule();
                record("get " + r.label() + "." + property);
                if (!r.props.containsKey(property)) {
                    throw new ComFailure(FirewallErrors.DISP_E_UNKNOWNNAME, "get rule." + property);
                }
                Object v = r.props.get(property);
                if (property.equals("RemoteAddresses") && v instanceof String s) { // Windows' own spelling
                    return s.replace("127.0.0.0/8", "127.0.0.0/255.0.0.0");
                }
                return v;
            }

            @Override
            public void put(Ref object, String property, Object value) {
                FakeRule r = ((RuleRef) object).rule();
                record((r.added ? "put+ " : "put ") + r.label() + " " + property + "=" + value);
                int protocol = (Integer) r.props.get("Protocol");
                boolean portsAllowed = protocol == WindowsFirewall.PROTO_TCP || protocol == WindowsFirewall.PROTO_UDP;
                if ((property.equals("RemotePorts") || property.equals("LocalPorts")) && !portsAllowed
                        && !"*".equals(value)) {
                    throw new ComFailure(FirewallErrors.E_INVALIDARG, "put " + property + " with protocol " + protocol);
                }
                if (property.equals("Protocol") && !Objects.equals(value, WindowsFirewall.PROTO_TCP)
                        && !Objects.equals(value, WindowsFirewall.PROTO_UDP)
                        && (!"*".equals(r.props.get("RemotePorts")) || !"*".equals(r.props.get("LocalPorts")))) {
                    throw new ComFailure(FirewallErrors.E_INVALIDARG, "put Protocol with ports set");
                }
                r.props.put(property, value);
            }

            @Override
            public Object call(Ref object, String method, Object... args) {
                switch (method) {
                    case "Add" -> {
                        FakeRule r = ((RuleRef) args[0]).rule();
                        record("Add " + r.label());
                        r.added = true;
                        store.add(r);
                        return null;
                    }
                    case "Remove" -> {
                        record("Remove " + args[0]);
                        store.removeIf(r -> Objects.equals(r.name(), args[0]));
                        return null;
                    }
                    case "Item" -> {
                        record("Item " + args[0]);
                        return store.stream().filter(r -> Objects.equals(r.name(), args[0])).findFirst()
                                .map(r -> (Ref) new RuleRef(r))
                                .orElseThrow(() -> new ComFailure(FirewallErrors.NOT_FOUND, "Item " + args[0]));
                    }
                    default -> throw new ComFailure(FirewallErrors.DISP_E_UNKNOWNNAME, method);
                }
            }

            @Override
            public List<Ref> items(Ref collection) {
                record("items");
                return store.stream().map(r -> (Ref) new RuleRef(r)).toList();
            }

            @Override
            public ModifyState localPolicyModifyState(Ref policy) {
                record("modifyState");
                return modifyState;
            }
        });
    }
}
