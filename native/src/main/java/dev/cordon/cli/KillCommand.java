package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cordon kill PID [--tree] [--signal TERM|KILL]}: the panel's "kill process" / "kill tree". Asks the process to
 * end (TERM) or ends it now (KILL), through the platform's process table, which acts only on the process that had the
 * pid when the snapshot was taken (a reused pid is left alone); with {@code --tree}, its descendants too, read when
 * it acts ({@link ProcessTable#terminateTree}, or {@link ProcessTable#killTree}: the tree frozen, then killed), listed
 * deepest first. JSON
 * ({@code cordon.kill/1}): {@code {signal, targets:[{pid, name, user, signalled}]}}.
 */
@Command(name = "kill", description = {"End a process, or its whole tree with --tree.", "A reused pid is never signalled."})
final class KillCommand implements Callable<Integer> {

    @Mixin
    Common common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "PID", description = "The process to signal (from `cordon ps`).")
    int pid;
    @Option(names = "--tree", description = "Signal the process's descendants too (deepest first).")
    boolean tree;
    @Option(names = "--signal", paramLabel = "NAME", defaultValue = "TERM",
            description = "TERM (default: ask it to end) or KILL (end it now).")
    String signal;

    @Override
    public Integer call() {
        String how = signal.toUpperCase().replaceFirst("^SIG", "");
        if (!how.equals("TERM") && !how.equals("KILL")) {
            throw CordonException.usage("--signal " + signal + " is not TERM or KILL.",
                    "Use --signal TERM to ask the process to end, --signal KILL to end it now.");
        }
        boolean force = how.equals("KILL");
        ProcessTable table = common.platform().processTable();
        ProcessInfo target = table.snapshot().processes().stream().filter(p -> p.pid() == pid).findFirst()
                .orElseThrow(() -> CordonException.usage("There is no process " + pid + ".", "List processes with `cordon ps --all`."));
        if (pid == ProcessHandle.current().pid() || pid == 1) {
            throw CordonException.usage("Refusing to signal process " + pid + " (" + target.name() + ").", "Pick another process.");
        }
        List<ProcessTable.Signalled> signalled = !tree ? List.of(new ProcessTable.Signalled(target,
                force ? table.kill(target) : table.terminate(target)))
                : force ? table.killTree(target) : table.terminateTree(target);
        ObjectNode doc = Output.document("kill/1");
        doc.put("signal", how);
        ArrayNode arr = doc.putArray("targets");
        PrintWriter out = spec.commandLine().getOut();
        for (ProcessTable.Signalled s : signalled) {
            ProcessInfo p = s.process();
            boolean sent = s.signalled();
            ObjectNode n = arr.addObject();
            n.put("pid", p.pid());
            n.put("name", p.name());
            n.put("user", p.user());
            n.put("signalled", sent);
            if (!common.json()) {
                out.printf("%s %d (%s, %s)%s%n", sent ? "signalled" : "gone     ", p.pid(), p.name(), p.user(),
                        sent ? "" : ": already exited");
            }
        }
        common.audit().record("kill", Map.of("pid", pid, "tree", tree, "signal", how), "ok", null);
        if (common.json()) {
            out.println(Json.pretty(doc));
        }
        return 0;
    }
}
