package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import dev.cordon.provision.PlannedChange;
import dev.cordon.provision.Provisioner;
import dev.cordon.provision.SetupRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cordon setup}. JSON ({@code cordon.setup/1}): {@code instance}, {@code dryRun}, {@code plan} (list of
 * {@code {step, action, description}}), {@code applied}, {@code changedNothing}, {@code verified} (evidence lines).
 */
@Command(name = "setup", description = {
        "Create or repair the sandbox accounts, vault key and firewall.",
        "The sandbox group and accounts, the state directory, the vault key and the firewall table.",
        "Idempotent: a second run changes nothing; an interrupted run is repaired by the next."})
final class SetupCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--allow-loopback-port", paramLabel = "PORT",
            description = "Let the offline account reach loopback TCP PORT (a local proxy). Repeatable. Ports not given are no longer allowed.")
    List<Integer> ports = new ArrayList<>();

    @Override
    public Integer call() {
        common.requireElevated("setup");
        SetupRequest request = new SetupRequest(ports);
        PrintWriter out = spec.commandLine().getOut();
        Provisioner provisioner = common.backend().provisioner();
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("allowLoopbackPorts", request.allowLoopbackPorts());
        args.put("dryRun", dryRun);
        Provisioner.SetupResult result;
        try {
            result = provisioner.setup(request, dryRun, line -> {
                if (!common.json()) {
                    out.println("  -> " + line);
                    out.flush();
                }
            });
        } catch (CordonException e) {
            if (!dryRun) {
                common.audit().record("setup", args, "error", e.getMessage());
            }
            throw e;
        }
        if (!dryRun) {
            common.audit().record("setup", args, "ok", result.changedNothing() ? "nothing to change"
                    : result.plan().size() + " change(s)");
        }
        if (common.json()) {
            ObjectNode doc = Output.document("setup/1");
            doc.put("instance", common.instance().name());
            doc.put("dryRun", dryRun);
            doc.set("plan", Json.tree(result.plan()));
            doc.put("applied", result.applied());
            doc.put("changedNothing", result.changedNothing());
            doc.set("verified", Json.tree(result.verified()));
            out.println(Json.pretty(doc));
            return 0;
        }
        if (dryRun) {
            printPlan(out, "Plan for instance " + common.instance().displayName() + " (dry run, nothing changed):", result.plan(),
                    "Nothing to change: the system already matches.");
            return 0;
        }
        if (result.changedNothing()) {
            out.println("Nothing to change: the system already matches. Verified by reading back:");
        } else {
            out.println("Applied " + result.plan().size() + " change(s). Verified by reading back:");
        }
        result.verified().forEach(v -> out.println("  ok  " + v));
        return 0;
    }

    static void printPlan(PrintWriter out, String heading, List<PlannedChange> plan, String emptyText) {
        if (plan.isEmpty()) {
            out.println(emptyText);
            return;
        }
        out.println(heading);
        for (PlannedChange c : plan) {
            out.printf("  %-7s %s%n", c.action(), c.description());
        }
    }
}
