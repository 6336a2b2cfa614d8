package dev.cordon.host.wire;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.HostTransport;
import dev.cordon.platform.PeerIdentity;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The L1 → L2 local endpoint: a Unix domain socket at {@link #path()}, {@code 0660 root:<group>} (or {@code 0600}
 * when the group does not exist), speaking the frames of docs/protocol.md. Root and members of the group may
 * connect; anyone else gets one {@code needs_root} error frame and is disconnected.
 *
 * <p>One daemon thread accepts, one per connection reads; each request's {@link HostHandler} runs on a worker of one
 * pool (threads are reused across requests and connections, idle ones end after a minute).
 * {@code host.hello} is answered by the server itself.
 *
 * <p>Connections are bounded ({@link ConnectionLimits}, R39): the acceptor reads each peer's identity and refuses,
 * with one error frame, a connection beyond its member's or the overall cap (root is never refused); a connection
 * that has sent no complete frame within the idle timeout is closed. So are requests: one member has at most
 * {@link RequestBudget#PER_MEMBER} in flight over all its connections, and a connection at most
 * {@link Connection#MAX_IN_FLIGHT}; a request beyond either gets an error frame at once (Y3).
 */
public final class HostServer implements AutoCloseable {
    public static final String HELLO = "host.hello";
    private static final System.Logger LOG = System.getLogger(HostServer.class.getName());

    private final Path path;
    private final String groupName;
    private final HostHandler handler;
    private final FrameCodec codec;
    private final HostTransport transport;
    private final PeerPolicy policy;
    private final ConnectionLimits limits;
    /** Guarded by itself: open connections per peer user (as SO_PEERCRED names it), and in all. */
    private final Map<String, Integer> perPeer = new HashMap<>();
    private int open;
    /** Closes connections that stay without a complete frame for {@link ConnectionLimits#idleTimeout()}. */
    private final ScheduledThreadPoolExecutor idleWatch = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "cordon-host-idle");
        t.setDaemon(true);
        return t;
    });
    /** Requests in flight per member, over all its connections (Y3). */
    private final RequestBudget requests = new RequestBudget(RequestBudget.PER_MEMBER);
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    /** Runs the requests' handlers: a thread per request in flight, as before, without starting one per request. */
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cordon-host-worker");
        t.setDaemon(true);
        return t;
    });
    private HostTransport.Listener bound;
    private volatile boolean closed;

    /**
     * @param transport the OS's endpoint and peer identity
     * @param accounts  where the group's members are read at each connection
     */
    public HostServer(Path socketPath, String groupName, HostTransport transport, Accounts accounts, HostHandler handler,
                      int maxFrameBytes, ConnectionLimits limits) {
        this.path = socketPath.toAbsolutePath();
        this.groupName = groupName;
        this.transport = transport;
        this.handler = handler;
        this.codec = new FrameCodec(maxFrameBytes);
        this.policy = new PeerPolicy(groupName, path, accounts);
        this.limits = limits;
        idleWatch.setRemoveOnCancelPolicy(true);
    }

    public HostServer(Path socketPath, String groupName, HostTransport transport, Accounts accounts, HostHandler handler,
                      int maxFrameBytes) {
        this(socketPath, groupName, transport, accounts, handler, maxFrameBytes, ConnectionLimits.DEFAULT);
    }

    public HostServer(Path socketPath, String groupName, HostTransport transport, Accounts accounts, HostHandler handler,
                      ConnectionLimits limits) {
        this(socketPath, groupName, transport, accounts, handler, FrameCodec.DEFAULT_MAX_FRAME_BYTES, limits);
    }

    public HostServer(Path socketPath, String groupName, HostTransport transport, Accounts accounts, HostHandler handler) {
        this(socketPath, groupName, transport, accounts, handler, FrameCodec.DEFAULT_MAX_FRAME_BYTES);
    }

    /**
     * Creates the socket file and starts accepting.
     *
     * @throws CordonException {@code CONFLICT} when a server is already listening at the path or the path is not a socket
     */
    public synchronized void start() throws IOException {
        if (bound != null || closed) {
            throw new IllegalStateException("A HostServer starts once");
        }
        bound = transport.listen(path, groupName);
        Thread acceptor = new Thread(this::acceptLoop, "cordon-host-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path path() {
        return path;
    }

    public String groupName() {
        return groupName;
    }

    /** How the socket file was created, e.g. {@code 0660 root:cordon-users}, for the serve command to print. */
    public synchronized String socketMode() {
        if (bound == null) {
            throw new IllegalStateException("The server has not started");
        }
        return bound.access();
    }

    /** {@code cordon <version>}, as {@code host.hello} reports it. */
    public String serverName() {
        String version = HostServer.class.getPackage().getImplementationVersion();
        return "cordon " + (version == null ? "dev" : version);
    }

    /** Blocks until {@link #close()} has finished; for a serve command whose main thread has nothing else to do. */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    /**
     * Stops accepting, closes every connection (cancelling the requests in flight: their onCancel actions run), and
     * deletes the socket file if it is still ours. Idempotent.
     */
    @Override
    public void close() {
        HostTransport.Listener toRemove;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRemove = bound;
        }
        try {
            if (toRemove != null) {
                toRemove.close();
            }
            for (Connection connection : connections) {
                connection.close();
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot shut down the Cordon host at " + path + " cleanly: " + e.getMessage(), e);
        } finally {
            idleWatch.shutdownNow();
            workers.shutdown(); // handlers still running finish; their answers go nowhere
            closedLatch.countDown();
        }
    }

    HostHandler handler() {
        return handler;
    }

    ExecutorService workers() {
        return workers;
    }

    RequestBudget requests() {
        return requests;
    }

    PeerPolicy policy() {
        return policy;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    void forget(Connection connection) {
        if (connections.remove(connection)) {
            synchronized (perPeer) {
                open--;
                perPeer.computeIfPresent(connection.peer().user(), (user, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /**
     * Closes {@code connection} with an error frame unless it has sent a complete frame within the idle timeout; null
     * once the server is shutting down (it closes every connection itself).
     */
    ScheduledFuture<?> watchIdle(Connection connection) {
        long seconds = limits.idleTimeout().toSeconds();
        try {
            return idleWatch.schedule(() -> connection.closeIfSilent(new CordonException(ExitCode.USAGE,
                    "This connection sent no complete request within " + seconds + " s (cordon serve"
                            + " --connection-idle-timeout " + seconds + "); the connection is closed.",
                    "Send a request right after connecting, as docs/protocol.md describes.")), seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null;
        }
    }

    /**
     * Counts the connection of {@code peer}, or says why not: its member's cap or the overall cap is reached. Root is
     * counted, never refused.
     */
    private Optional<CordonException> admit(PeerIdentity peer) {
        synchronized (perPeer) {
            int mine = perPeer.getOrDefault(peer.user(), 0);
            if (!peer.isRoot()) {
                if (mine >= limits.perMember()) {
                    return Optional.of(new CordonException(ExitCode.UNAVAILABLE, "User '" + peer.user() + "' already"
                            + " holds " + mine + " connections to the Cordon host at " + path + ", the most one member"
                            + " may (cordon serve --member-max-connections " + limits.perMember() + "); this one is"
                            + " closed.", "Close connections you do not use (each running `cordon` command holds one),"
                            + " or have an administrator raise the limit: `cordon serve --member-max-connections N`."));
                }
                if (open >= limits.total()) {
                    return Optional.of(new CordonException(ExitCode.UNAVAILABLE, "The Cordon host at " + path
                            + " already holds " + open + " connections, the most it keeps for users other than root"
                            + " (cordon serve --max-connections " + limits.total() + "); this one is closed.",
                            "Try again when other clients have finished, or have an administrator raise the limit:"
                                    + " `cordon serve --max-connections N`."));
                }
            }
            perPeer.put(peer.user(), mine + 1);
            open++;
            return Optional.empty();
        }
    }

    /** One error frame on a connection that never got a thread, then the close; a client already gone is no one to tell. */
    private void refuse(HostTransport.Link channel, CordonException why) {
        try (channel) {
            channel.out().write(codec.encode(Frames.error(null, why)));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "A refused connection at " + path + " was gone before its error frame", e);
        }
    }

    private void acceptLoop() {
        while (true) {
            HostTransport.Link channel;
            try {
                channel = bound.accept();
            } catch (ClosedChannelException e) {
                return; // close() closed the listening socket: the normal way out
            } catch (IOException e) {
                // e.g. out of file descriptors: keep serving the connections we have and try again shortly
                LOG.log(System.Logger.Level.ERROR, "Accepting a connection at " + path + " failed", e);
                if (!pause()) {
                    return;
                }
                continue;
            }
            PeerIdentity peer;
            try {
                peer = channel.peer();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "Reading the peer of a connection at " + path + " failed", e);
                refuse(channel, CordonException.internal("The Cordon host cannot tell who connected: " + e.getMessage()
                        + "; the connection is closed.", e));
                continue;
            }
            Optional<CordonException> refusal = admit(peer);
            if (refusal.isPresent()) {
                refuse(channel, refusal.get());
                continue;
            }
            long number = connectionNumbers.incrementAndGet();
            Connection connection = new Connection(this, channel, number, codec, peer);
            connections.add(connection);
            if (closed) {
                connection.close(); // close() ran between accept and add and did not see this one
                return;
            }
            Thread thread = new Thread(connection, "cordon-host-conn-" + number);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(100);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
