package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.host.HostApi;
import dev.cordon.host.MemberLimits;
import dev.cordon.host.wire.ConnectionLimits;
import dev.cordon.host.wire.HostServer;
import dev.cordon.platform.FileSecurity;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SessionSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cordon serve}: the L2 host for clients that are not root, and for sessions that outlive one command. */
@Command(name = "serve", description = {
        "Run the Cordon host: it owns sessions and serves the local socket.",
        "Members of the instance's cordon-users group and root may use the socket.",
        "Reaps what a crashed host left (session cgroups and directories) when it starts. Stops on SIGTERM/Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", description = "Where to listen (default: /run/<instance dir>/host.sock).")
    Path socket;

    @Option(names = "--member-max-sessions", paramLabel = "N", description = "How many sessions one member of the "
            + "users group may have at once (root: no limit). Default: 8.")
    Integer memberMaxSessions;

    @Option(names = "--member-max-tmp-size", paramLabel = "SIZE", description = "The largest HOME and TMPDIR (each) a "
            + "member may ask for, e.g. 2G (root: no limit). Default: 4G.")
    String memberMaxTmpSize;

    @Option(names = "--member-max-memory", paramLabel = "SIZE", description = "The most memory one member's live sessions "
            + "may hold together, as the sum of their memory limits (memory.max, 4G each; a session's HOME and TMPDIR "
            + "count toward it), e.g. 12G; a member's first session is always allowed (root: no limit). Default: three "
            + "quarters of the machine's memory.")
    String memberMaxMemory;

    @Option(names = "--member-max-connections", paramLabel = "N", description = "How many connections to the socket one "
            + "member may hold at once (each running `cordon` command holds one; root: no limit). Default: 64.")
    Integer memberMaxConnections;

    @Option(names = "--max-connections", paramLabel = "N", description = "How many connections of users other than root "
            + "the host keeps at once. Default: 1000, or half the host's descriptor limit when that is lower.")
    Integer maxConnections;

    @Option(names = "--connection-idle-timeout", paramLabel = "SECONDS", description = "How long a connection may stay "
            + "without having sent a complete request before it is closed. Default: 30.")
    Integer connectionIdleTimeout;

    @Option(names = "--no-spare-runner", description = "Start each session's runner when the session starts, instead of "
            + "keeping one prepared ahead per network mode (a one-shot `cordon run` then waits for a runner JVM to start).")
    boolean noSpareRunner;

    @Override
    public Integer call() throws Exception {
        common.requireSessions("serve");
        MemberLimits limits = new MemberLimits(
                memberMaxSessions == null ? MemberLimits.DEFAULT.maxSessions() : memberMaxSessions,
                memberMaxTmpSize == null ? MemberLimits.DEFAULT.maxTmpSizeBytes()
                        : SessionSpec.Limits.parseTmpSize(memberMaxTmpSize, "--member-max-tmp-size"),
                memberMaxMemory == null ? MemberLimits.DEFAULT.maxMemoryBytes() : MemberLimits.parseMaxMemory(memberMaxMemory));
        ConnectionLimits connectionLimits = connectionLimits();
        common.requireElevated("serve");
        Path path = socket == null ? common.instance().hostSocket() : socket;
        SessionManager sessions = common.backend().sessions();
        sessions.reapStale();
        ensureRunDir(path.getParent(), common.platform().fileSecurity());
        HostServer[] holder = new HostServer[1];
        HostApi api = new HostApi(common.backend(), sessions, () -> holder[0].close(), limits);
        HostServer server = new HostServer(path, common.instance().usersGroup(), common.platform().hostTransport(),
                common.platform().accounts(), api, connectionLimits);
        holder[0] = server;
        server.start();
        if (!noSpareRunner) {
            sessions.startSpareRunners(); // in the background, once the socket answers
        }
        common.audit().record("serve", Map.of("socket", path.toString(), "memberMaxSessions", limits.maxSessions(),
                "memberMaxTmpSize", limits.maxTmpSizeBytes(), "memberMaxMemory", limits.maxMemoryBytes(), "spareRunner", !noSpareRunner,
                "memberMaxConnections", connectionLimits.perMember(), "maxConnections", connectionLimits.total(),
                "connectionIdleTimeoutSeconds", connectionLimits.idleTimeout().toSeconds()), "ok", null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            sessions.close();
            api.recordCountedRefusals();
        }, "serve-shutdown"));
        spec.commandLine().getOut().println("Cordon host listening on " + path + " (" + server.socketMode() + ")");
        spec.commandLine().getOut().flush();
        server.awaitClosed();
        sessions.close();
        api.recordCountedRefusals();
        return 0;
    }

    /** The options' connection limits; the default total stays under half the descriptor limit (R39). */
    private ConnectionLimits connectionLimits() {
        ConnectionLimits d = ConnectionLimits.DEFAULT;
        ConnectionLimits chosen = new ConnectionLimits(memberMaxConnections == null ? d.perMember() : memberMaxConnections,
                maxConnections == null ? Math.max(d.total(), memberMaxConnections == null ? 0 : memberMaxConnections)
                        : maxConnections,
                connectionIdleTimeout == null ? d.idleTimeout() : Duration.ofSeconds(connectionIdleTimeout));
        if (maxConnections != null) {
            return chosen;
        }
        return chosen.underDescriptorLimit(ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 0);
    }

    private static void ensureRunDir(Path dir, FileSecurity security) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                security.makePublicReadOnly(dir);
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
