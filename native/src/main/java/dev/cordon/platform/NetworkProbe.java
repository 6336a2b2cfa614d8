package dev.cordon.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tries real connections as a sandbox account, to prove the firewall rather than trust its configuration.
 * The listeners run in this (elevated) process; the attempts run in a process of the account.
 */
public interface NetworkProbe {
    /**
     * {@code UNIX}: a pathname Unix socket (address = its path, port unused). Not this interface's to probe (the
     * firewall does not see sockets; their isolation lives in a session's mount namespace): {@code SocketProbe} tries
     * one from a session, and reports it as an attempt of this kind.
     */
    enum Protocol { TCP, UDP, UNIX }

    /** The firewall's protocols, which {@link #probe} takes. */
    List<Protocol> FIREWALL_PROTOCOLS = List.of(Protocol.TCP, Protocol.UDP);

    record Target(Protocol protocol, String address, int port) {
        @Override
        public String toString() {
            if (protocol == Protocol.UNIX) {
                return "unix:" + address;
            }
            return protocol.name().toLowerCase() + "://" + (address.contains(":") ? "[" + address + "]" : address)
                    + ":" + port;
        }
    }

    /**
     * @param reachedByProcess what the account's process saw (a TCP connect succeeded, a UDP send did not fail)
     * @param arrived          whether the listener in this process received the connection or datagram
     * @param detail           the error the account's process got, if any
     */
    record Attempt(Target target, boolean reachedByProcess, boolean arrived, String detail) {
        /** The packet got through: the only thing that matters for a firewall. */
        public boolean connected() {
            return arrived;
        }
    }

    /**
     * Attempts each target as {@code account}. For each target this process first binds a listener of its own (port 0:
     * an ephemeral port, reported back in the attempt); when the port is taken by someone else (a real proxy), only
     * what the account's process saw can be reported.
     */
    List<Attempt> probe(String account, List<Target> targets);

    /**
     * A listener of this (elevated) process on a local endpoint nobody else serves, recording what reaches it: the
     * target of the proof that local channels outside a session are out of reach. Linux: a pathname Unix socket,
     * world-connectable; Windows: a named pipe with a DACL that lets everyone connect.
     */
    interface LocalListener extends AutoCloseable {
        Path path();

        /** True when a connection sent {@code token}. */
        boolean reached(String token);

        /** Stops listening and removes the endpoint. */
        @Override
        void close();
    }

    /** Listens on {@code path} (see {@link LocalListener}). */
    LocalListener listenLocal(Path path);

    /**
     * Copies the probe client into {@code dir}, readable by every account (a confined command may read nothing of
     * the host's), and returns the command line that runs it from there; its targets follow as arguments
     * ({@code unix PATH 0 TOKEN}).
     */
    List<String> stageClient(Path dir) throws IOException;
}
