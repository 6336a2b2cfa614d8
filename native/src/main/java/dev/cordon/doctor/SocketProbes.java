package dev.cordon.doctor;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.JavaRuntime;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.NetworkProbe;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SocketProbe;

import java.util.List;
import java.util.function.Supplier;

/**
 * The doctor's live proof that commands cannot reach pathname Unix sockets outside their session ({@link SocketProbe}:
 * root's world-connectable listener in {@code /tmp}, a connect attempt from a real, throw-away offline session). It
 * passes only when the client ran, was refused, and the listener received nothing.
 */
public final class SocketProbes implements SandboxProbes {
    static final String ID = "sandbox.sockets";
    static final String TITLE = "Unix sockets outside the session unreachable (live probe)";

    private final boolean elevated;
    private final Supplier<SessionManager> sessions;
    private final NetworkProbe probe;
    private final FileSecurity files;

    /**
     * @param elevated whether this process may start sessions (else the check is a skip)
     * @param sessions a new session broker for the probe session, closed after it (tests give one with a guard off)
     * @param probe    the listener and the client
     * @param files    who may use the probe's directories
     */
    public SocketProbes(boolean elevated, Supplier<SessionManager> sessions, NetworkProbe probe, FileSecurity files) {
        this.elevated = elevated;
        this.sessions = sessions;
        this.probe = probe;
        this.files = files;
    }

    @Override
    public List<Check> run() {
        if (!elevated) {
            return List.of(Check.skip(ID, TITLE, "the probe starts a sandbox session, which needs root",
                    "Run `sudo cordon doctor` to include it."));
        }
        SocketProbe.Result r;
        try {
            r = SocketProbe.run(sessions, probe, files, NetworkMode.OFFLINE);
        } catch (CordonException e) {
            if (e.exitCode() == ExitCode.NOT_SET_UP) {
                return List.of(Check.skip(ID, TITLE, e.getMessage(), e.fix()));
            }
            return List.of(Check.fail(ID, TITLE, "the probe session failed: " + e.getMessage(), e.fix()));
        }
        return List.of(check(r));
    }

    /** The verdict on one attempt (also what `cordon network prove` reports). */
    public static Check check(SocketProbe.Result r) {
        String what = "as " + r.account() + " in session " + r.session() + ", connect to root's world-connectable "
                + r.socket() + ": ";
        if (r.reached()) {
            return Check.fail(ID, TITLE, what + "REACHED (the listener received the token)",
                    "Commands can reach every Unix socket of this machine (display server, D-Bus, resolvers, proxies): "
                            + "the runner's private /tmp, /run and socket covers are missing. Check that `unshare --mount` "
                            + "works as root and that Cordon is up to date, then run `cordon doctor` again.");
        }
        if (!r.refused()) {
            return Check.fail(ID, TITLE, what + "the client did not run: " + r.detail(),
                    "The probe proves nothing: check that the sandbox account can run "
                            + JavaRuntime.javaBinary()
                            + " (every user must be able to read the JDK), then run `cordon doctor` again.");
        }
        return Check.pass(ID, TITLE, what + "refused (" + r.detail().replaceFirst("^error ", "") + ")");
    }
}
