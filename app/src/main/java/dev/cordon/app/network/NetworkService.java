package dev.cordon.app.network;

import dev.cordon.platform.NetworkProbe.Attempt;
import dev.cordon.platform.NetworkProbe.Protocol;
import dev.cordon.platform.NetworkProbe.Target;

import java.util.List;
import java.util.function.Consumer;

/** What the Network page needs from the backend. Blocking calls: run them through the TaskExecutor. */
public interface NetworkService {
    /** The doctor's targets: loopback TCP and UDP, IPv4 and IPv6, each on a fresh listener of this process. */
    List<Target> OFFLINE_TARGETS = List.of(new Target(Protocol.TCP, "127.0.0.1", 0), new Target(Protocol.TCP, "::1", 0),
            new Target(Protocol.UDP, "127.0.0.1", 0), new Target(Protocol.UDP, "::1", 0));

    /** The firewall table as read back from the OS, with the offline account it should cut off. */
    FirewallStatus read();

    /**
     * How many attempts one "Prove offline" makes: {@link #OFFLINE_TARGETS}, then a world-connectable Unix socket in
     * {@code /tmp} tried from a command in a throw-away offline session ({@code unix:PATH}).
     */
    int PROBE_ATTEMPTS = OFFLINE_TARGETS.size() + 1;

    /**
     * Tries each of {@link #OFFLINE_TARGETS} as the offline account, one at a time, then the Unix socket from an offline
     * session, handing each {@code attempt} over as soon as it is known. Throws when the offline account does not
     * exist, or when the socket probe's client could not run (it would prove nothing).
     */
    ProbeRun proveOffline(Consumer<Attempt> attempt);
}
