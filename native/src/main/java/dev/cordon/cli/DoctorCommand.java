package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.doctor.Check;
import dev.cordon.doctor.DoctorReport;
import dev.cordon.doctor.SupportBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cordon doctor}. JSON ({@code cordon.doctor/1}): {@code report: {instance, time, version, os,
 * checks: [{id, status: PASS|FAIL|SKIP, title, evidence, fix}]}}, {@code healthy}, and with {@code --bundle} or
 * {@code --preview} a {@code bundle: {file?, entries: {name: size}}}. Exit 0 only when every check passed.
 */
@Command(name = "doctor", description = {
        "Check the installation against reality, live probes included.",
        "Accounts, vault, firewall, and network probes as the sandbox accounts (offline must be refused, online must "
                + "get through).",
        "Exit 0 only when every check passes."})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", paramLabel = "FILE.zip", description = "Also write a redacted support bundle to FILE.zip.")
    Path bundle;

    @Option(names = "--preview", description = "Print what the support bundle would contain, and write nothing.")
    boolean preview;

    @Override
    public Integer call() {
        common.requireElevated("doctor");
        PrintWriter out = spec.commandLine().getOut();
        if (bundle != null && !bundle.getFileName().toString().endsWith(".zip")) {
            throw CordonException.usage("Bundle file " + bundle + " does not end in .zip.", "Give a name like cordon-support.zip.");
        }
        var doctor = common.backend().doctor();
        DoctorReport report = doctor.run(c -> {
            if (!common.json() && !preview) {
                printCheck(out, c);
            }
        });
        Map<String, String> contents = null;
        if (bundle != null || preview) {
            SupportBundle sb = new SupportBundle(common.instance(), common.platform());
            contents = sb.contents(report);
            if (!preview) {
                // under sudo or pkexec, the bundle is the invoking person's file, not root's
                sb.write(bundle, contents, dev.cordon.platform.InvokingUser.of(System.getenv(), common.platform().accounts()));
                common.audit().record("doctor.bundle", Map.of("file", bundle.toAbsolutePath().toString()), "ok", null);
            }
        }
        if (common.json()) {
            ObjectNode doc = Output.document("doctor/1");
            doc.set("report", Json.tree(report));
            doc.put("healthy", report.healthy());
            if (contents != null) {
                ObjectNode b = doc.putObject("bundle");
                if (!preview) {
                    b.put("file", bundle.toAbsolutePath().toString());
                }
                ObjectNode entries = b.putObject("entries");
                contents.forEach((k, v) -> entries.put(k, v.length()));
                if (preview) {
                    ObjectNode content = b.putObject("content");
                    contents.forEach(content::put);
                }
            }
            out.println(Json.pretty(doc));
        } else if (preview) {
            out.println("The support bundle would contain (redacted):");
            contents.forEach((k, v) -> {
                out.println("=== " + k + " (" + v.length() + " characters) ===");
                out.println(v.strip());
            });
        } else {
            out.printf("%n%d passed, %d failed, %d skipped%n", report.count(Check.Status.PASS),
                    report.count(Check.Status.FAIL), report.count(Check.Status.SKIP));
            if (bundle != null) {
                out.println("Support bundle written to " + bundle.toAbsolutePath() + " (redacted; review it before sending).");
            }
        }
        return report.healthy() ? 0 : ExitCode.CHECK_FAILED.code();
    }

    private static void printCheck(PrintWriter out, Check c) {
        out.printf("%-4s %-28s %s%n", c.status(), c.id(), c.evidence());
        if (c.status() != Check.Status.PASS && !c.fix().isEmpty()) {
            out.printf("     %-28s Fix: %s%n", "", c.fix());
        }
        out.flush();
    }
}
