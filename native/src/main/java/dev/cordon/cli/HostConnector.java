package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.JavaRuntime;
import dev.cordon.host.wire.HostClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Connects the CLI to the instance's host. Sessions must outlive one CLI process, so they live in `cordon serve`;
 * when root asks for a session and no host is listening, the host is started in the background (like an agent
 * daemon), logging to the state directory.
 */
final class HostConnector {
    private HostConnector() {
    }

    static HostClient connect(Common common, boolean autostart) {
        Path socket = common.instance().hostSocket();
        try {
            return HostClient.connect(common.platform().hostTransport(), socket);
        } catch (CordonException e) {
            if (e.exitCode() != ExitCode.NOT_SET_UP || !autostart || !common.platform().elevated()) {
                throw e;
            }
        }
        startDaemon(common);
        CordonException last = null;
        for (int i = 0; i < 300; i++) {
            try {
                return HostClient.connect(common.platform().hostTransport(), socket);
            } catch (CordonException e) {
                last = e;
                sleep(50);
            }
        }
        throw new CordonException(ExitCode.INTERNAL, "Started `cordon serve` but nothing listens at " + socket + " after 15 s"
                + (last == null ? "" : ": " + last.getMessage()) + ".",
                "Read " + logFile(common) + ", or start it in the foreground: `sudo cordon serve`.");
    }

    /** The instance's host, when one listens at its socket (nothing is started); empty otherwise. */
    static Optional<HostClient> listening(Common common) {
        try {
            return Optional.of(HostClient.connect(common.platform().hostTransport(), common.instance().hostSocket()));
        } catch (CordonException nobody) {
            return Optional.empty(); // none listens (or this caller may not connect): the caller goes its own way
        }
    }

    private static Path logFile(Common common) {
        return common.instance().stateDir().resolve("host.log");
    }

    private static void startDaemon(Common common) {
        String java = JavaRuntime.javaBinary();
        Path log = logFile(common);
        try {
            if (!Files.exists(log)) {
                common.platform().fileSecurity().createOwnerOnlyFile(log);
            }
            common.platform().hostTransport().startDetached(List.of(java, "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), CordonCli.class.getName(), "serve",
                    "--instance=" + common.instance().name()), log);
        } catch (IOException e) {
            throw new CordonException(ExitCode.UNAVAILABLE, "Cannot start the Cordon host: " + e.getMessage(),
                    "Start it yourself: `sudo cordon serve`.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CordonException.internal("Interrupted while starting the host", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
