package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.FileTrees;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.NetworkProbe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The live proof of {@link SocketIsolation}: a world-connectable listener of root's on a pathname socket in
 * {@code /tmp} ({@code FileSecurity.sharedTemporaryRoot()}), outside any session, and a command in a real, throwaway session that tries to connect to it and send
 * a random token. Proven only when the listener received nothing; what the command saw is reported too.
 */
public final class SocketProbe {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param socket  the listener's path
     * @param session the session the attempt ran in
     * @param account the account it ran as
     * @param reached whether the listener received the token (the only thing that matters)
     * @param detail  what the command saw ({@code ok}, or its error)
     */
    public record Result(Path socket, String session, String account, boolean reached, String detail) {
        /** The client ran and its connection was refused (not: it could not run at all). */
        public boolean refused() {
            return !reached && detail.startsWith("error ");
        }

        /**
         * As one attempt of the network proof ({@code unix:PATH}); a client that did not run proves nothing and is an
         * error, never a refusal.
         */
        public NetworkProbe.Attempt attempt() {
            if (!reached && !refused()) {
                throw new CordonException(dev.cordon.core.ExitCode.INTERNAL, "The Unix socket probe proves nothing: its "
                        + "client did not run in session " + session + ": " + detail, "Check that the sandbox account can run "
                        + dev.cordon.core.JavaRuntime.javaBinary() + " (every user must be able to read the JDK); "
                        + "`cordon doctor` runs the same probe as sandbox.sockets.");
            }
            String seen = detail.equals("ok") ? "" : detail.replaceFirst("^error ", "");
            return new NetworkProbe.Attempt(new NetworkProbe.Target(NetworkProbe.Protocol.UNIX, socket.toString(), 0),
                    detail.equals("ok"), reached, seen + (seen.isEmpty() ? "" : " ") + "(from session " + session
                    + " as " + account + ")");
        }
    }

    private SocketProbe() {
    }

    /**
     * In a throw-away session of a new broker from {@code sessions} (closed after it: with every channel guard on, but
     * in tests), with the listener and the client of {@code probe}.
     */
    public static Result run(Supplier<SessionManager> sessions, NetworkProbe probe, FileSecurity files, NetworkMode mode) {
        Path dir;
        try {
            dir = Files.createTempDirectory(files.sharedTemporaryRoot(), "cordon-socket-probe-");
            files.makePublicReadOnly(dir);
        } catch (IOException e) {
            throw CordonException.internal("Cannot create the socket probe's directory in " + files.sharedTemporaryRoot() + ": " + e.getMessage(), e);
        }
        try {
            // root's alone (0700): lending it gives the probe's session its group's ACL, and nobody else may plant
            // anything in it for root to stage the client into, chmod or delete by path afterwards (R29; it was 0777)
            Path workspace = dir.resolve("workspace");
            files.createOwnerOnlyDirectory(workspace);
            Path client = Files.createDirectory(workspace.resolve("client")); // inside the session: readable there
            files.makePublicReadOnly(client);
            List<String> clientCommand = probe.stageClient(client);
            try (NetworkProbe.LocalListener listener = probe.listenLocal(dir.resolve("listener.sock"));
                 SessionManager manager = sessions.get()) {
                SessionInfo session = manager.start(new SessionSpec(workspace, mode, List.of(), Map.of(), List.of(),
                        SessionSpec.Limits.DEFAULT));
                byte[] raw = new byte[12];
                RANDOM.nextBytes(raw);
                String token = HexFormat.of().formatHex(raw);
                List<String> argv = new java.util.ArrayList<>(clientCommand);
                argv.addAll(List.of("unix", listener.path().toString(), "0", token));
                String seen = attempt(manager, session.id(), argv);
                Thread.sleep(200); // let an accepted connection's token land
                String account = manager.show(session.id()).account();
                return new Result(listener.path(), session.id(), account, listener.reached(token), seen);
            }
        } catch (IOException e) {
            throw CordonException.internal("The socket probe failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CordonException.internal("The socket probe was interrupted.", e);
        } finally {
            FileTrees.deleteTree(dir);
        }
    }

    /** Runs the client; its one line of output ({@code ok} or {@code error ...}), or why there is none. */
    private static String attempt(SessionManager sessions, String session, List<String> argv) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<CommandExit> exit = new AtomicReference<>();
        SessionManager.CommandHandle handle = sessions.exec(session, argv, Map.of(), CLIENT_TIMEOUT, new CommandListener() {
            @Override
            public void started(long pid) {
            }

            @Override
            public synchronized void output(int fd, byte[] data) {
                (fd == 1 ? out : err).writeBytes(data);
            }

            @Override
            public void exited(CommandExit e) {
                exit.set(e);
                done.countDown();
            }
        });
        if (!done.await(CLIENT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
            handle.kill();
            throw CordonException.internal("The socket probe's client did not finish within " + CLIENT_TIMEOUT + ".", null);
        }
        String line = out.toString(StandardCharsets.UTF_8).strip(); // the exit comes after the last output
        CommandExit e = exit.get();
        if (!line.isEmpty()) {
            return line;
        }
        return "no answer from the client (exit " + e.code() + (e.error() == null ? "" : ", " + e.error()) + "): "
                + err.toString(StandardCharsets.UTF_8).strip();
    }
}
