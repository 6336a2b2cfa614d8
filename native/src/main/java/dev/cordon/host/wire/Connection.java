package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.core.OutputBatch;
import dev.cordon.platform.HostTransport;
import dev.cordon.platform.PeerIdentity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection: its thread reads frames and dispatches them; each request's handler runs on a worker of the
 * server's pool (a thread per request in flight, reused afterwards: no thread is started per request), or on the
 * connection's thread for a method the handler only hands on ({@link HostHandler#handsOn}), and a request
 * whose handler returned {@link HostHandler#LATER} ends on the thread that completes it; every frame written to the
 * socket goes through one writer lock, so frames of concurrent requests never mix. Events emitted on a thread inside
 * an {@link OutputBatch} (the session's runner reader, for the frames one read brought) are held and go out in one
 * write with the next frame or at the batch's end: a short command's started event and its result, one write.
 */
final class Connection implements Runnable, OutputBatch.Sink {
    private static final System.Logger LOG = System.getLogger(HostServer.class.getName());
    static final int MAX_IN_FLIGHT = 64;
    /** Events held during an output batch beyond this are written at once (memory stays bounded). */
    static final int MAX_HELD_BYTES = 64 * 1024;

    private final HostServer server;
    private final HostTransport.Link channel;
    private final long number;
    private final FrameCodec codec;
    private final InputStream in;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    /**
     * Guarded by writeLock: events emitted during an {@link OutputBatch} of the emitting thread, not yet written; every
     * write sends them first, in the same write, and the batch's end sends what is left.
     */
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final Map<Long, InFlightRequest> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PeerIdentity peer;
    /** Whether a complete frame arrived: until then the server's idle watch may close the connection (R39). */
    private volatile boolean heard;
    private volatile ScheduledFuture<?> idleWatch;

    Connection(HostServer server, HostTransport.Link channel, long number, FrameCodec codec, PeerIdentity peer) {
        this.server = server;
        this.channel = channel;
        this.number = number;
        this.codec = codec;
        this.peer = peer;
        this.in = channel.in();
        this.out = channel.out();
    }

    PeerIdentity peer() {
        return peer;
    }

    /** From the server's idle watch: closes the connection with {@code why} unless a complete frame has arrived. */
    void closeIfSilent(CordonException why) {
        if (!heard && !closed.get()) {
            sendLast(Frames.error(null, why));
            close();
        }
    }

    @Override
    public void run() {
        try {
            idleWatch = server.watchIdle(this);
            if (closed.get() && idleWatch != null) {
                idleWatch.cancel(false); // closed before the watch was set
            }
            Optional<CordonException> refusal = server.policy().refusal(peer);
            if (refusal.isPresent()) {
                sendLast(Frames.error(null, refusal.get()));
                return;
            }
            serve();
        } catch (WireException e) {
            sendLast(Frames.error(null, protocolError(e)));
        } catch (IOException e) {
            // the client reset the connection, or close() closed the channel under the blocked read: either way
            // the connection is over, and close() below cancels what was in flight
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Connection " + number + " failed", e);
            sendLast(Frames.error(null, e instanceof CordonException ce ? ce
                    : CordonException.internal("The Cordon host failed on this connection: " + e, e)));
        } finally {
            close();
        }
    }

    private void serve() throws IOException {
        while (true) {
            Optional<ObjectNode> frame = codec.read(in);
            if (frame.isEmpty()) {
                return; // the client closed its end; close() cancels the requests still in flight
            }
            if (!heard) {
                heard = true;
                if (idleWatch != null) {
                    idleWatch.cancel(false);
                }
            }
            ClientMessage message = ClientMessage.parse(frame.get());
            if (message instanceof ClientMessage.Call call) {
                startCall(call);
            } else if (message instanceof ClientMessage.Input input) {
                InFlightRequest request = inFlight.get(input.id());
                // no request: it completed while this frame was on its way, so there is no one left to read it
                if (request != null) {
                    request.requestInput().push(input.id(), input.data(), input.eof());
                }
            } else if (message instanceof ClientMessage.Cancel cancel) {
                InFlightRequest request = inFlight.get(cancel.id());
                if (request != null) {
                    request.cancel();
                }
            }
        }
    }

    private void startCall(ClientMessage.Call call) throws IOException {
        if (inFlight.containsKey(call.id())) {
            throw new WireException(WireException.Kind.INVALID_MESSAGE,
                    "request id " + call.id() + " is already in flight on this connection");
        }
        if (HostServer.HELLO.equals(call.method())) {
            send(Frames.result(call.id(), hello()));
            return;
        }
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            send(Frames.error(call.id(), CordonException.usage("Too many requests in flight on one connection (at most "
                    + MAX_IN_FLIGHT + "); request " + call.id() + " (" + call.method() + ") was not started.",
                    "Wait for results before sending more requests, or open another connection.")));
            return;
        }
        Optional<CordonException> overBudget = server.requests().take(peer, call.id(), call.method());
        if (overBudget.isPresent()) {
            send(Frames.error(call.id(), overBudget.get())); // at once: no thread waits for a request beyond it (Y3)
            return;
        }
        InFlightRequest request = new InFlightRequest(this, call, peer, codec.maxFrameBytes());
        inFlight.put(call.id(), request);
        if (server.handler().handsOn(call.method())) {
            runRequest(request); // quick by the handler's word: no input or cancel of it can be read meanwhile
            return;
        }
        try {
            server.workers().execute(() -> runNamed(request));
        } catch (RejectedExecutionException shuttingDown) {
            complete(request, null, new CordonException(ExitCode.UNAVAILABLE, "The Cordon host is shutting down; request "
                    + call.id() + " (" + call.method() + ") was not started.", "Start the host again: `sudo cordon serve`."));
        }
    }

    /** The worker carries the request's name while it runs it (thread dumps, logs). */
    private void runNamed(InFlightRequest request) {
        Thread self = Thread.currentThread();
        String idle = self.getName();
        self.setName("cordon-host-" + number + "-" + request.id());
        try {
            runRequest(request);
        } finally {
            self.setName(idle);
        }
    }

    private ObjectNode hello() {
        ObjectNode n = Json.object();
        n.put("protocol", FrameCodec.PROTOCOL_VERSION);
        n.put("server", server.serverName());
        n.set("peer", peer.toJson());
        return n;
    }

    private void runRequest(InFlightRequest request) {
        JsonNode result = null;
        Throwable failure = null;
        try {
            result = server.handler().handle(request);
            if (result == HostHandler.LATER) {
                if (request.deferred()) {
                    return; // its completion ends it, maybe already has
                }
                throw new IllegalStateException("the handler returned LATER without finishLater()");
            }
            if (result == null) {
                throw new IllegalStateException("the handler returned null instead of a result");
            }
        } catch (Exception | Error e) {
            failure = e;
        }
        complete(request, result, failure);
        if (failure instanceof Error fatal) {
            throw fatal;
        }
    }

    /** Ends the request with {@code result}, or with the error frame {@code failure} maps to; only the first call counts. */
    void complete(InFlightRequest request, JsonNode result, Throwable failure) {
        ObjectNode terminal;
        if (failure == null) {
            terminal = Frames.result(request.id(), result);
        } else if (failure instanceof CordonException e) {
            terminal = Frames.error(request.id(), e);
        } else {
            // a CancellationException after a disconnect is the expected end of an emitting handler: nothing to report
            if (!(failure instanceof CancellationException && closed.get())) {
                LOG.log(System.Logger.Level.ERROR, "Request " + request.id() + " (" + request.method() + ") failed", failure);
            }
            terminal = Frames.error(request.id(), CordonException.internal("`" + request.method() + "` failed: " + failure,
                    failure));
        }
        finish(request, terminal);
    }

    /** Writes the request's one terminal frame; from here on it is no longer in flight and may not emit. */
    private void finish(InFlightRequest request, ObjectNode terminal) {
        byte[] bytes;
        try {
            bytes = codec.encode(terminal);
        } catch (WireException tooLarge) {
            bytes = encodeSmall(Frames.error(request.id(), CordonException.internal("The answer to `"
                    + request.method() + "` is too large to send: " + tooLarge.getMessage(), tooLarge)));
        }
        boolean broken = false;
        writeLock.lock();
        try {
            if (request.completed()) {
                return; // a deferred request's handler failed after its completion ran, or the other way round
            }
            request.markCompleted();
            inFlight.remove(request.id());
            server.requests().release(peer);
            if (!closed.get()) {
                write(bytes);
            }
        } catch (IOException e) {
            broken = true;
        } finally {
            writeLock.unlock();
            request.requestInput().close();
        }
        if (broken) {
            close(); // the client is gone: cancel its other requests too
        }
    }

    void emit(InFlightRequest request, String event, JsonNode data) {
        byte[] bytes;
        try {
            bytes = codec.encode(Frames.event(request.id(), event, data));
        } catch (WireException tooLarge) {
            throw new IllegalArgumentException("Event '" + event + "' of request " + request.id() + " cannot be sent: "
                    + tooLarge.getMessage(), tooLarge);
        }
        IOException failure = null;
        writeLock.lock();
        try {
            if (request.completed()) {
                throw new IllegalStateException("Request " + request.id() + " (" + request.method()
                        + ") already completed; its events must be emitted before it returns.");
            }
            if (closed.get()) {
                throw new CancellationException("the client of request " + request.id() + " disconnected");
            }
            if (held.size() + bytes.length <= MAX_HELD_BYTES && OutputBatch.join(this)) {
                held.write(bytes); // with whatever the batch's thread writes next, or at the batch's end
                return;
            }
            write(bytes);
        } catch (IOException e) {
            failure = e;
        } finally {
            writeLock.unlock();
        }
        if (failure != null) {
            close();
            CancellationException gone = new CancellationException("the client of request " + request.id()
                    + " disconnected: " + failure.getMessage());
            gone.initCause(failure);
            throw gone;
        }
    }

    /** A frame from the connection's own thread (hello result, refusal of one request). */
    private void send(ObjectNode frame) throws IOException {
        byte[] bytes = codec.encode(frame);
        writeLock.lock();
        try {
            write(bytes);
        } finally {
            writeLock.unlock();
        }
    }

    /** Under writeLock: the held events, then {@code bytes}, in one write. */
    private void write(byte[] bytes) throws IOException {
        if (held.size() == 0) {
            out.write(bytes);
            return;
        }
        held.write(bytes);
        byte[] all = held.toByteArray();
        held.reset();
        out.write(all);
    }

    /** The end of an {@link OutputBatch} this connection joined: writes what it holds. */
    @Override
    public void flushBatch() {
        boolean broken = false;
        writeLock.lock();
        try {
            if (held.size() > 0) {
                byte[] all = held.toByteArray();
                held.reset();
                if (!closed.get()) {
                    out.write(all);
                }
            }
        } catch (IOException e) {
            broken = true;
        } finally {
            writeLock.unlock();
        }
        if (broken) {
            close(); // the client is gone: its requests are cancelled (their commands killed), as on a failed emit
        }
    }

    /**
     * The last frame before the connection closes, when it can still be sent. Does not wait long for the writer
     * lock: a worker may hold it blocked on a client that stopped reading, and then the close says enough.
     */
    private void sendLast(ObjectNode frame) {
        try {
            if (writeLock.tryLock(1, TimeUnit.SECONDS)) {
                try {
                    write(codec.encode(frame));
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException e) {
            // the client is already gone (e.g. it closed right after a truncated frame): no one to tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] encodeSmall(ObjectNode frame) {
        try {
            return codec.encode(frame);
        } catch (WireException e) {
            throw new IllegalStateException("An error frame exceeds the frame limit", e);
        }
    }

    private static CordonException protocolError(WireException e) {
        String fix = e.kind() == WireException.Kind.UNSUPPORTED_VERSION
                ? "Use a client that speaks protocol version " + FrameCodec.PROTOCOL_VERSION + "."
                : "Send frames as docs/protocol.md describes: a 4-byte big-endian length, then one UTF-8 JSON object"
                        + " with \"v\": " + FrameCodec.PROTOCOL_VERSION + ".";
        return new CordonException(ExitCode.USAGE, "Protocol error (" + e.kind().name().toLowerCase(Locale.ROOT)
                + "): " + e.getMessage() + "; the connection is closed.", fix);
    }

    /** Closes the socket and cancels every request in flight (client gone, protocol error or server shutdown). */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing connection " + number + " failed", e);
        }
        for (InFlightRequest request : inFlight.values()) {
            request.cancel();
        }
        ScheduledFuture<?> watch = idleWatch;
        if (watch != null) {
            watch.cancel(false);
        }
        server.forget(this);
    }
}
