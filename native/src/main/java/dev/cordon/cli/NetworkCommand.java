package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.platform.Account;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.FirewallState;
import dev.cordon.platform.NetworkProbe;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SocketProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cordon network status|prove}: the firewall as read back, and the live proof that the offline account is cut
 * off (the panel's Network page), including a Unix socket tried from a session ({@code unix:PATH}). JSON: {@code cordon.network.status/1} {@code {table, present, spec, problems}};
 * {@code cordon.network.prove/1} {@code {account, time, proven, attempts:[{target, connected, reachedByProcess,
 * detail}]}}. {@code prove} exits 1 when any attempt got through.
 */
@Command(name = "network", description = "The offline account's firewall: its rules and a live proof.",
        subcommands = {NetworkCommand.Status.class, NetworkCommand.Prove.class})
final class NetworkCommand {

    @Command(name = "status", description = "Show the firewall table as read back from the OS.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            common.requireElevated("network status");
            String table = common.instance().firewallTable();
            Firewall firewall = common.platform().firewall();
            FirewallState fw = firewall.read(table);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                ObjectNode doc = Output.document("network.status/1");
                doc.put("table", firewall.objectName(table));
                doc.put("rules", firewall.describe(table));
                doc.put("present", fw.present());
                doc.set("spec", fw.spec().map(Json::tree).orElse(null));
                doc.set("problems", Json.tree(fw.problems()));
                doc.set("ineffective", fw.ineffective().map(Json::tree).orElse(null));
                doc.set("notCovered", Json.tree(firewall.notCovered()));
                out.println(Json.pretty(doc));
                return 0;
            }
            fw.ineffective().ifPresent(why -> out.println("NOT IN EFFECT: " + why.reason() + "\n  Fix: " + why.fix()));
            if (!fw.present()) {
                out.println(firewall.describe(table) + " is missing. Run `cordon setup`.");
                return 0;
            }
            out.println(firewall.describe(table) + (fw.problems().isEmpty() ? "" : " (problems: "
                    + String.join("; ", fw.problems()) + ")"));
            List<Firewall.Uncovered> uncovered = firewall.notCovered();
            fw.spec().ifPresent(s -> {
                out.println(uncovered.isEmpty()
                        ? "  every packet of " + s.offline() + " is rejected: IPv4 and IPv6, TCP, UDP, ICMP, loopback included"
                        : "  every connection of " + s.offline() + " is blocked: IPv4 and IPv6, TCP and UDP, loopback "
                        + "included, except what the rules cannot see (below)");
                out.println("  allowed loopback TCP ports: " + (s.allowedLoopbackPorts().isEmpty() ? "none" : s.allowedLoopbackPorts()));
            });
            uncovered.forEach(u -> out.println("  not covered: " + u.channel() + " (" + u.why() + ")"));
            return 0;
        }
    }

    @Command(name = "prove", description = {"Prove that the offline account is cut off; exit 1 if not.",
            "Tries TCP and UDP to 127.0.0.1 and ::1 as the offline account, and, from a command in a throw-away offline",
            "session, a world-connectable Unix socket of root's in /tmp; exit 1 if anything gets through."})
    static final class Prove implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            common.requireElevated("network prove");
            String name = common.instance().offlineAccount();
            Account offline = common.platform().accounts().user(name).orElseThrow(() -> new CordonException(
                    ExitCode.NOT_SET_UP, "Account " + name + " does not exist.", "Run `cordon setup` first."));
            List<NetworkProbe.Target> targets = new ArrayList<>();
            for (NetworkProbe.Protocol p : NetworkProbe.FIREWALL_PROTOCOLS) {
                targets.add(new NetworkProbe.Target(p, "127.0.0.1", 0));
                targets.add(new NetworkProbe.Target(p, "::1", 0));
            }
            List<NetworkProbe.Attempt> attempts = new ArrayList<>(common.platform().networkProbe().probe(offline.name(), targets));
            // Unix sockets are no firewall's: their isolation is the session's, so they are tried from a session
            attempts.add(SocketProbe.run(common.backend()::sessions, common.backend().platform().networkProbe(),
                    common.backend().platform().fileSecurity(), NetworkMode.OFFLINE).attempt());
            boolean proven = attempts.stream().noneMatch(NetworkProbe.Attempt::connected);
            common.audit().record("network.prove", Map.of("account", name), proven ? "proven" : "leak", null);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                ObjectNode doc = Output.document("network.prove/1");
                doc.put("account", name);
                doc.put("time", Instant.now().toString());
                doc.put("proven", proven);
                var arr = doc.putArray("attempts");
                for (NetworkProbe.Attempt a : attempts) {
                    ObjectNode n = arr.addObject();
                    n.put("target", a.target().toString());
                    n.put("connected", a.connected());
                    n.put("reachedByProcess", a.reachedByProcess());
                    n.put("detail", a.detail());
                }
                out.println(Json.pretty(doc));
            } else {
                for (NetworkProbe.Attempt a : attempts) {
                    out.printf("  %-26s %s%s%n", a.target(), a.connected() ? "REACHED" : "refused",
                            a.detail().isEmpty() ? "" : "  (" + a.detail() + ")");
                }
                out.println(proven ? "Proven: " + name + " is cut off." : "NOT proven: traffic of " + name + " got through.");
            }
            return proven ? 0 : ExitCode.CHECK_FAILED.code();
        }
    }
}
