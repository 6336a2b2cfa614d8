package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import dev.cordon.provision.Provisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cordon uninstall}: replays the ledger in reverse. JSON ({@code cordon.uninstall/1}): {@code instance},
 * {@code dryRun}, {@code plan} (list of {@code {step, action, description}}), {@code applied}, {@code warnings}.
 */
@Command(name = "uninstall", description = {
        "Remove everything Cordon created, as recorded in its ledger.",
        "Newest first: leftovers of the sandbox accounts, the firewall table, the vault key, the accounts, the group and "
                + "the state directory (with ledger and audit log).",
        "Objects Cordon did not create are never touched."})
final class UninstallCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    /** A running `cordon serve` owns sessions of the accounts about to go: stop it first (its sessions with it). */
    private void stopRunningHost() {
        java.nio.file.Path socket = common.instance().hostSocket();
        if (!java.nio.file.Files.exists(socket)) {
            return;
        }
        try (var client = dev.cordon.host.wire.HostClient.connect(common.platform().hostTransport(), socket)) {
            client.call("host.shutdown", dev.cordon.core.Json.object(), e -> { });
        } catch (dev.cordon.core.CordonException e) {
            if (e.exitCode() == dev.cordon.core.ExitCode.NOT_SET_UP) {
                return; // a stale socket file, nobody listening: removed with the run directory
            }
            throw new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.CONFLICT, "A Cordon host is serving at "
                    + socket + " and did not stop: " + e.getMessage() + ". Nothing was removed.",
                    "Stop the `cordon serve` process (e.g. `pkill -f 'cordon.cli.CordonCli serve'`), then run uninstall again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int i = 0; i < 200 && java.nio.file.Files.exists(socket); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public Integer call() {
        common.requireElevated("uninstall");
        PrintWriter out = spec.commandLine().getOut();
        if (!dryRun) {
            // recorded first: the audit log is removed with the state directory at the end
            common.audit().record("uninstall", Map.of(), "started", null);
        }
        if (!dryRun) {
            stopRunningHost();
        }
        Provisioner.UninstallResult result = common.backend().provisioner().uninstall(dryRun, line -> {
            if (!common.json()) {
                out.println("  -> " + line);
                out.flush();
            }
        });
        if (common.json()) {
            ObjectNode doc = Output.document("uninstall/1");
            doc.put("instance", common.instance().name());
            doc.put("dryRun", dryRun);
            doc.set("plan", Json.tree(result.plan()));
            doc.put("applied", result.applied());
            doc.set("warnings", Json.tree(result.warnings()));
            out.println(Json.pretty(doc));
            return 0;
        }
        boolean nothingInstalled = !result.applied() && result.plan().isEmpty();
        if (nothingInstalled) {
            result.warnings().forEach(out::println);
            return 0;
        }
        if (dryRun) {
            SetupCommand.printPlan(out, "Uninstall plan for instance " + common.instance().displayName()
                    + " (dry run, nothing changed):", result.plan(), "Nothing to remove.");
        } else if (result.applied()) {
            out.println("Removed everything in Cordon's ledger for instance " + common.instance().displayName() + ".");
        }
        result.warnings().forEach(w -> out.println("warning: " + w));
        return 0;
    }
}
