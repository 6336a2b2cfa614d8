package dev.cordon.platform.linux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.core.Principal;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One nftables table {@code inet <table>} whose output chain rejects every packet of the offline account, loopback
 * included, except loopback TCP to allowed proxy ports. Applied atomically with {@code nft -f}; read back with
 * {@code nft -j}.
 */
public final class NftFirewall implements Firewall {
    static final String PROXY_COMMENT = "cordon:proxy";
    static final String OFFLINE_COMMENT = "cordon:offline";

    static Exec.Result nft(List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Exec.require("nft", "nftables").toString());
        cmd.addAll(args);
        return Exec.run(cmd, stdin);
    }

    /** The nft script: create-if-missing, delete, recreate, in one transaction. */
    static String script(FirewallSpec spec) {
        String t = "inet " + spec.table();
        int uid = PosixIds.number(spec.offline());
        StringBuilder sb = new StringBuilder();
        sb.append("table ").append(t).append('\n');
        sb.append("delete table ").append(t).append('\n');
        sb.append("table ").append(t).append(" {\n");
        sb.append("  chain output {\n");
        sb.append("    type filter hook output priority filter; policy accept;\n");
        if (!spec.allowedLoopbackPorts().isEmpty()) {
            String ports = spec.allowedLoopbackPorts().stream().map(String::valueOf).collect(Collectors.joining(", "));
            sb.append("    meta skuid ").append(uid).append(" ip daddr 127.0.0.0/8 tcp dport { ").append(ports)
                    .append(" } accept comment \"").append(PROXY_COMMENT).append("\"\n");
            sb.append("    meta skuid ").append(uid).append(" ip6 daddr ::1 tcp dport { ").append(ports)
                    .append(" } accept comment \"").append(PROXY_COMMENT).append("\"\n");
        }
        sb.append("    meta skuid ").append(uid).append(" meta l4proto tcp reject with tcp reset comment \"")
                .append(OFFLINE_COMMENT).append("\"\n");
        sb.append("    meta skuid ").append(uid).append(" reject with icmpx admin-prohibited comment \"")
                .append(OFFLINE_COMMENT).append("\"\n");
        sb.append("  }\n}\n");
        return sb.toString();
    }

    @Override
    public void apply(FirewallSpec spec) {
        nft(List.of("-f", "-"), script(spec)).orThrow("Applying nftables table inet " + spec.table());
    }

    @Override
    public FirewallState read(String table) {
        Exec.Result r = nft(List.of("-j", "list", "table", "inet", table), null);
        if (!r.ok()) {
            if (r.stderr().contains("No such file or directory")) {
                return FirewallState.missing();
            }
            r.orThrow("Reading nftables table inet " + table);
        }
        try {
            return parse(table, Json.parse(r.stdout()), r.stdout());
        } catch (IOException e) {
            throw new CordonException(ExitCode.INTERNAL, "`nft -j` printed output that is not JSON.", null, e);
        }
    }

    /** Reconstructs what the table does from {@code nft -j} output; anything not ours becomes a problem. */
    static FirewallState parse(String table, JsonNode root, String raw) {
        List<String> problems = new ArrayList<>();
        Integer uid = null;
        List<Integer> ports = new ArrayList<>();
        boolean chainOk = false;
        int proxyRules = 0;
        int rejectRules = 0;
        for (JsonNode item : root.path("nftables")) {
            if (item.has("chain")) {
                JsonNode c = item.get("chain");
                if ("output".equals(c.path("name").asText()) && "output".equals(c.path("hook").asText())
                        && "accept".equals(c.path("policy").asText())) {
                    chainOk = true;
                } else {
                    problems.add("unexpected chain " + c.path("name").asText());
                }
            } else if (item.has("rule")) {
                JsonNode rule = item.get("rule");
                String comment = rule.path("comment").asText("");
                Integer ruleUid = null;
                List<Integer> rulePorts = new ArrayList<>();
                String verdict = null;
                for (JsonNode e : rule.path("expr")) {
                    JsonNode m = e.get("match");
                    if (m != null) {
                        JsonNode left = m.path("left");
                        JsonNode right = m.path("right");
                        if ("skuid".equals(left.path("meta").path("key").asText())) {
                            ruleUid = right.asInt();
                        } else if ("dport".equals(left.path("payload").path("field").asText())) {
                            if (right.has("set")) {
                                right.get("set").forEach(p -> rulePorts.add(p.asInt()));
                            } else {
                                rulePorts.add(right.asInt());
                            }
                        }
                    } else if (e.has("accept")) {
                        verdict = "accept";
                    } else if (e.has("reject")) {
                        verdict = "reject";
                    } else if (e.has("drop")) {
                        verdict = "drop";
                    }
                }
                if (ruleUid == null) {
                    problems.add("rule without an account match (handle " + rule.path("handle").asText() + ")");
                    continue;
                }
                if (uid == null) {
                    uid = ruleUid;
                } else if (!uid.equals(ruleUid)) {
                    problems.add("rules name more than one account (uid " + uid + " and " + ruleUid + ")");
                }
                if (PROXY_COMMENT.equals(comment) && "accept".equals(verdict)) {
                    proxyRules++;
                    if (!ports.isEmpty() && !ports.equals(rulePorts)) {
                        problems.add("IPv4 and IPv6 proxy rules allow different ports");
                    }
                    ports = rulePorts;
                } else if (OFFLINE_COMMENT.equals(comment) && "reject".equals(verdict)) {
                    rejectRules++;
                } else {
                    problems.add("foreign rule (comment '" + comment + "', verdict " + verdict + ")");
                }
            }
        }
        if (!chainOk) {
            problems.add("no output chain with policy accept");
        }
        if (rejectRules != 2) {
            problems.add("expected 2 reject rules (TCP reset, everything else), found " + rejectRules);
        }
        if (proxyRules != 0 && proxyRules != 2) {
            problems.add("expected an IPv4 and an IPv6 proxy rule, found " + proxyRules);
        }
        Optional<FirewallSpec> spec = uid == null ? Optional.empty() : Optional.of(new FirewallSpec(table, Principal.uid(uid), ports));
        return new FirewallState(true, spec, List.copyOf(problems), raw);
    }

    @Override
    public void remove(String table) {
        if (!read(table).present()) {
            return;
        }
        nft(List.of("delete", "table", "inet", table), null).orThrow("Removing nftables table inet " + table);
    }

    @Override
    public String describe(String table) {
        return "nftables table " + objectName(table);
    }

    @Override
    public String objectName(String table) {
        return "inet " + table;
    }

    /** nftables runs every table's chains: another table's accept does not undo our reject, but a gap in ours shows. */
    @Override
    public String inspectHint(String table) {
        return "`nft list ruleset`";
    }

    @Override
    public String rulesetDump() {
        Exec.Result r = nft(List.of("list", "ruleset"), null);
        return r.ok() ? r.stdout() : "nft list ruleset failed: " + r.stderr();
    }
}
