package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.platform.Account;
import dev.cordon.platform.AccountPosture;
import dev.cordon.platform.FirewallState;
import dev.cordon.platform.Platform;
import dev.cordon.provision.Ledger;
import dev.cordon.vault.AccountCredentials;
import dev.cordon.vault.CredentialStatus;
import dev.cordon.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code cordon status}: what is installed, read from the system (no probes; {@code doctor} proves). JSON
 * ({@code cordon.status/1}): {@code instance}, {@code setUp}, {@code ledger: {state, entries}}, {@code accounts:
 * [{role, name, present, uid, posture: {passwordLocked, loginShell, shell, privilegedGroups, findings, evidence}, credential:
 * {state, detail, rotationPending}}]} ({@code credential} only where the accounts log on with a password: Windows;
 * its state without a logon: missing, sealed or unsealable — {@code doctor} proves it),
 * {@code vault: {scheme, keyPresent, secrets: [{name, state, detail, sealedAt, keyId}]}},
 * {@code firewall: {table, present, spec, problems}}.
 */
@Command(name = "status", description = {"Show what is installed: ledger, accounts, vault, firewall.",
        "Each account with its credential posture. Probes nothing (`cordon doctor` does)."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        common.requireElevated("status");
        Instance inst = common.instance();
        Platform platform = common.platform();
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode doc = Output.document("status/1");
        doc.put("instance", inst.name());

        ObjectNode ledgerNode = doc.putObject("ledger");
        boolean setUp;
        try {
            Ledger ledger = Ledger.open(inst.ledgerFile());
            setUp = ledger.exists();
            ledgerNode.put("state", setUp ? "intact" : "missing");
            ledgerNode.put("entries", ledger.entries().size());
        } catch (CordonException e) {
            setUp = true;
            ledgerNode.put("state", "corrupt");
            ledgerNode.put("detail", e.getMessage());
        }
        doc.put("setUp", setUp);

        AccountCredentials credentials = platform.logonVerifier()
                .map(v -> AccountCredentials.reader(inst.credentialsDir(), platform.protector(), v)).orElse(null);
        ArrayNode accounts = doc.putArray("accounts");
        for (String[] role : List.of(new String[] {"offline", inst.offlineAccount()}, new String[] {"online", inst.onlineAccount()})) {
            ObjectNode a = accounts.addObject();
            a.put("role", role[0]);
            a.put("name", role[1]);
            Optional<Account> acc = platform.accounts().user(role[1]);
            a.put("present", acc.isPresent());
            acc.ifPresent(x -> {
                a.set("uid", Json.id(x.id()));
                AccountPosture p = platform.accounts().posture(x);
                a.set("posture", Json.tree(p));
            });
            if (credentials != null) {
                CredentialStatus c = credentials.status(role[1], false);
                ObjectNode cn = a.putObject("credential");
                cn.put("state", c.state().name());
                cn.put("detail", c.state().detail());
                cn.put("rotationPending", c.rotationPending());
            }
        }

        ObjectNode vault = doc.putObject("vault");
        vault.put("scheme", platform.protector().scheme());
        vault.put("keyPresent", platform.protector().keyPresent());
        List<Vault.SecretStatus> secrets = platform.protector().keyPresent()
                ? common.backend().vault().list(false) : List.of();
        vault.set("secrets", Json.tree(secrets));

        FirewallState fw = platform.firewall().read(inst.firewallTable());
        ObjectNode fwNode = doc.putObject("firewall");
        fwNode.put("table", platform.firewall().objectName(inst.firewallTable()));
        fwNode.put("rules", platform.firewall().describe(inst.firewallTable()));
        fwNode.put("present", fw.present());
        fwNode.set("spec", fw.spec().map(Json::tree).orElse(null));
        fwNode.set("problems", Json.tree(fw.problems()));
        fwNode.set("ineffective", fw.ineffective().map(Json::tree).orElse(null));
        fwNode.set("notCovered", Json.tree(platform.firewall().notCovered()));

        if (common.json()) {
            out.println(Json.pretty(doc));
            return 0;
        }
        out.println("Cordon instance " + inst.displayName() + " on " + platform.os());
        out.println("  ledger     " + ledgerNode.path("state").asText() + (ledgerNode.has("entries")
                ? " (" + ledgerNode.path("entries").asInt() + " entries)" : "") + "  " + inst.ledgerFile());
        for (var a : accounts) {
            String line = a.path("present").asBoolean()
                    ? (a.path("uid").isNumber() ? "uid " + a.path("uid").asInt() : a.path("uid").asText()) + ", "
                    + (a.path("posture").path("findings").isEmpty() ? a.path("posture").path("evidence").asText()
                    : "FINDINGS: " + String.join("; ", Json.MAPPER.convertValue(a.path("posture").path("findings"), String[].class)))
                    : "missing";
            if (a.has("credential")) {
                line += "; credential " + a.path("credential").path("state").asText()
                        + (a.path("credential").path("rotationPending").asBoolean() ? " (a rotation is pending)" : "");
            }
            out.printf("  %-10s %s: %s%n", a.path("role").asText(), a.path("name").asText(), line);
        }
        out.println("  vault      " + platform.protector().scheme() + ", key " + (platform.protector().keyPresent() ? "present" : "missing")
                + ", " + secrets.size() + " secret(s)");
        secrets.forEach(s -> out.println("               " + SecretCommand.describe(s)));
        out.println("  firewall   " + platform.firewall().describe(inst.firewallTable()) + ": " + (!fw.present() ? "missing"
                : fw.problems().isEmpty() ? "present, " + fw.spec().map(s -> "cuts off " + s.offline()
                + ", loopback TCP allowed " + s.allowedLoopbackPorts()).orElse("") : "present with problems: " + String.join("; ", fw.problems()))
                + fw.ineffective().map(why -> "; NOT IN EFFECT: " + why.reason() + " Fix: " + why.fix()).orElse(""));
        if (!setUp) {
            out.println("Not set up. Run `cordon setup` (as " + platform.elevationName() + ").");
        }
        return 0;
    }
}
