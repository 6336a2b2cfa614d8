package dev.cordon.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The host's local endpoint (L1 → L2) and who is on the other end of each connection. Linux: a Unix domain socket file
 * {@code 0660 root:<group>}, the peer from {@code SO_PEERCRED}; Windows: a named pipe whose DACL admits SYSTEM,
 * Administrators and the group, the peer from the client's token ({@code ImpersonateNamedPipeClient} +
 * {@code OpenThreadToken} / {@code GetTokenInformation(TokenUser, TokenGroups)}).
 */
public interface HostTransport {
    /**
     * Listens at {@code address}, reachable only by the superuser and members of {@code accessGroup} (only the
     * superuser when that group does not exist). The endpoint appears with its final access, never wider.
     *
     * @throws dev.cordon.core.CordonException {@code CONFLICT} when something already listens there or the address is
     *         taken by something that is not an endpoint
     */
    Listener listen(Path address, String accessGroup) throws IOException;

    /**
     * Before a client connects to {@code address}: refuses with what the user should read when there is no endpoint
     * there ({@code NOT_SET_UP}, {@link #notListening}) or the caller cannot reach it ({@code NEEDS_ROOT}). Linux: the
     * socket file's attributes, read following the path.
     */
    void checkEndpoint(Path address);

    /**
     * What to tell a client whose connection to {@code address} failed with {@code failure} (not "nothing listens"):
     * {@code NEEDS_ROOT} naming the group to join when the caller may not use the endpoint, else an internal error.
     */
    dev.cordon.core.CordonException connectFailed(Path address, IOException failure);

    /**
     * Starts {@code argv} detached from this process and its terminal (it outlives us; Linux: {@code setsid -f}),
     * stdin empty, stdout and stderr appended to {@code log}; returns once it is on its own.
     */
    void startDetached(java.util.List<String> argv, Path log) throws IOException, InterruptedException;

    /** The one sentence for "no host listens at {@code address}"; {@code detail} e.g. why a file is still there. */
    static dev.cordon.core.CordonException notListening(Path address, String detail) {
        return new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.NOT_SET_UP, "No Cordon host is listening at "
                + address + detail + ".", "Start it: `sudo cordon serve`.");
    }

    interface Listener extends Closeable {
        /**
         * Waits for the next connection.
         *
         * @throws java.nio.channels.ClosedChannelException once {@link #close()} was called (the normal way out)
         */
        Link accept() throws IOException;

        /** Who may connect, for the serve command to print, e.g. {@code 0660 root:cordon-users}. */
        String access();

        /** Stops accepting and removes the endpoint if it is still this one (a later server may have replaced it). */
        @Override
        void close() throws IOException;
    }

    /** One accepted connection. Reading and writing may happen on different threads at once. */
    interface Link extends Closeable {
        InputStream in();

        OutputStream out();

        /** Who connected, from the OS, never from what the client says. */
        PeerIdentity peer() throws IOException;
    }
}
