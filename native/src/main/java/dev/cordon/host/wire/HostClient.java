package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.ChannelStreams;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.platform.HostTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A connection to a {@link HostServer}. Requests may overlap: {@link #start} returns at once with a {@link Call}
 * whose stdin the caller can stream while a reader thread delivers its events; {@link #call} is the blocking form.
 * Events are delivered on the reader thread, in order; a slow consumer slows the server down (backpressure). An
 * event consumer must not wait for another call of the same client: that call's answer is read by the very thread
 * the consumer is running on.
 */
public final class HostClient implements AutoCloseable {
    private final Path path;
    private final SocketChannel channel;
    private final FrameCodec codec;
    private final OutputStream out;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Call> pending = new ConcurrentHashMap<>();
    /** Set once when the connection ends; every pending and later call fails with it. */
    private volatile CordonException failure;
    private volatile boolean closing;
    private final CountDownLatch readerDone = new CountDownLatch(1);

    private HostClient(Path path, SocketChannel channel, FrameCodec codec) {
        this.path = path;
        this.channel = channel;
        this.codec = codec;
        this.out = ChannelStreams.out(channel);
        Thread reader = new Thread(this::readLoop, "cordon-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to the host at {@code socket}.
     *
     * @throws CordonException {@code NOT_SET_UP} when no host listens there, {@code NEEDS_ROOT} when the socket
     *                         is not ours to use
     */
    public static HostClient connect(HostTransport transport, Path socket) {
        return connect(transport, socket, FrameCodec.DEFAULT_MAX_FRAME_BYTES);
    }

    /** @param transport the platform's ({@code Platform.hostTransport()}): what is checked, and what failures mean */
    public static HostClient connect(HostTransport transport, Path socket, int maxFrameBytes) {
        Path path = socket.toAbsolutePath();
        transport.checkEndpoint(path);
        try {
            SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
            return new HostClient(path, channel, new FrameCodec(maxFrameBytes));
        } catch (ConnectException e) {
            throw HostTransport.notListening(path, " (the socket file is left over from a host that stopped)");
        } catch (SocketException e) {
            throw transport.connectFailed(path, e);
        } catch (IOException e) {
            throw CordonException.internal("Cannot connect to the Cordon host at " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Sends a request and waits for its result, passing its events to {@code onEvent} as they arrive. */
    public JsonNode call(String method, JsonNode params, Consumer<Event> onEvent) throws InterruptedException {
        return start(method, params, onEvent).await();
    }

    /** {@code host.hello}: the protocol version, the server's name and who the server sees connecting. */
    public JsonNode hello() throws InterruptedException {
        return call(HostServer.HELLO, Json.object(), event -> { });
    }

    /** Sends a request and returns at once; the result comes through {@link Call#await()}. */
    public Call start(String method, JsonNode params, Consumer<Event> onEvent) {
        return start(method, params, onEvent, call -> { });
    }

    /**
     * As above; {@code beforeSend} is given the call before its request goes out: what must be in place once the host
     * may have it (a shutdown hook that cancels it: a SIGTERM just after the send would otherwise leave it running).
     */
    public Call start(String method, JsonNode params, Consumer<Event> onEvent, Consumer<Call> beforeSend) {
        Call call = new Call(ids.incrementAndGet(), method, onEvent);
        pending.put(call.id, call);
        CordonException failed = failure;
        if (failed != null) {
            pending.remove(call.id);
            throw copy(failed);
        }
        beforeSend.accept(call);
        try {
            send(Frames.call(call.id, method, params));
        } catch (CordonException e) {
            pending.remove(call.id);
            throw e;
        }
        return call;
    }

    /** Passes stdin bytes to request {@code id}; {@code eof} ends its input. */
    public void sendInput(long id, byte[] data, boolean eof) {
        send(Frames.input(id, data, eof));
    }

    /** Asks the server to cancel request {@code id}; its result or error still arrives. */
    public void cancel(long id) {
        send(Frames.cancel(id));
    }

    @Override
    public void close() {
        closing = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw CordonException.internal("Cannot close the connection to " + path + ": " + e.getMessage(), e);
        }
    }

    private void send(ObjectNode frame) {
        CordonException failed = failure;
        if (failed != null) {
            throw copy(failed);
        }
        try {
            byte[] bytes = codec.encode(frame);
            synchronized (out) {
                out.write(bytes);
            }
        } catch (WireException e) {
            throw CordonException.usage("Cannot send `" + frame.path("method").asText() + "`: " + e.getMessage(),
                    "Send smaller params or input chunks (the frame limit is " + codec.maxFrameBytes() + " bytes).");
        } catch (IOException e) {
            throw whyWriteFailed(e);
        }
    }

    /**
     * A write fails when the host has closed the connection; the reason it gave (e.g. a peer refusal) may still
     * be unread, so let the reader finish and prefer that reason over the bare I/O error.
     */
    private CordonException whyWriteFailed(IOException e) {
        try {
            readerDone.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        CordonException failed = failure;
        return failed != null && failed.exitCode() != ExitCode.UNAVAILABLE ? copy(failed) : connectionLost(e.getMessage());
    }

    /** ECONNRESET, as the JDK words it for a socket channel. */
    private static boolean resetByPeer(IOException e) {
        return e instanceof java.net.SocketException && e.getMessage() != null && e.getMessage().startsWith("Connection reset");
    }

    /** A fresh exception with the thrower's stack, for a failure shared by every call of the connection. */
    private static CordonException copy(CordonException e) {
        return new CordonException(e.exitCode(), e.getMessage(), e.fix(), e);
    }

    private void readLoop() {
        InputStream in = ChannelStreams.in(channel);
        try {
            while (true) {
                Optional<ObjectNode> frame = codec.read(in);
                if (frame.isEmpty()) {
                    fail(connectionLost("the host closed the connection"));
                    return;
                }
                dispatch(frame.get());
            }
        } catch (WireException e) {
            fail(CordonException.internal("The Cordon host at " + path + " sent a bad frame: " + e.getMessage(), e));
        } catch (IOException e) {
            // after close() this is our own doing; otherwise the host went away: a reset is a close with our last
            // frames unread (stdin's end), told as a close, as the native client tells it
            fail(closing ? new CordonException(ExitCode.USAGE, "The connection to " + path + " was closed.",
                    "Open a new connection.") : connectionLost(resetByPeer(e) ? "the host closed the connection"
                    : e.getMessage()));
        } finally {
            readerDone.countDown();
        }
    }

    private void dispatch(ObjectNode frame) throws WireException {
        JsonNode idNode = frame.get("id");
        String type = frame.path("type").asText();
        if (idNode == null || idNode.isNull()) {
            if (Frames.TYPE_ERROR.equals(type)) {
                fail(Frames.toException(frame.path("error")));
                return;
            }
            throw new WireException(WireException.Kind.INVALID_MESSAGE, "a " + type + " frame without an id");
        }
        long id = idNode.asLong();
        Call call = pending.get(id);
        if (call == null) {
            return; // a late event of a call whose consumer failed and that we stopped waiting for
        }
        switch (type) {
            case Frames.TYPE_EVENT -> call.deliver(new Event(id, frame.path("event").asText(), frame.path("data")));
            case Frames.TYPE_RESULT -> {
                pending.remove(id);
                call.result.complete(frame.path("result"));
            }
            case Frames.TYPE_ERROR -> {
                pending.remove(id);
                call.result.completeExceptionally(Frames.toException(frame.path("error")));
            }
            default -> throw new WireException(WireException.Kind.INVALID_MESSAGE,
                    "unknown frame type '" + type + "' for request " + id);
        }
    }

    private void fail(CordonException e) {
        if (failure == null) {
            failure = e;
        }
        for (Call call : pending.values()) {
            pending.remove(call.id);
            call.result.completeExceptionally(failure);
        }
        try {
            channel.close();
        } catch (IOException closeFailure) {
            e.addSuppressed(closeFailure);
        }
    }

    private CordonException connectionLost(String detail) {
        return new CordonException(ExitCode.UNAVAILABLE, "Lost the connection to the Cordon host at " + path
                + (detail == null ? "" : ": " + detail) + ".",
                "Check that `sudo cordon serve` is still running, then retry.");
    }

    /** One request in flight on this connection. */
    public final class Call {
        private final long id;
        private final String method;
        private final Consumer<Event> onEvent;
        private final CompletableFuture<JsonNode> result = new CompletableFuture<>();

        private Call(long id, String method, Consumer<Event> onEvent) {
            this.id = id;
            this.method = method;
            this.onEvent = onEvent;
        }

        public long id() {
            return id;
        }

        public String method() {
            return method;
        }

        public void sendInput(byte[] data, boolean eof) {
            HostClient.this.sendInput(id, data, eof);
        }

        public void cancel() {
            HostClient.this.cancel(id);
        }

        public boolean isDone() {
            return result.isDone();
        }

        /** The result, or the server's error rebuilt as the CordonException it was. */
        public JsonNode await() throws InterruptedException {
            try {
                return result.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CordonException ce) {
                    throw copy(ce);
                }
                if (e.getCause() instanceof RuntimeException consumerFailure) {
                    throw consumerFailure;
                }
                throw CordonException.internal("`" + method + "` failed: " + e.getCause(), e.getCause());
            }
        }

        /** Runs the consumer; if it throws, the call fails with that and the server is asked to cancel it. */
        private void deliver(Event event) {
            try {
                onEvent.accept(event);
            } catch (RuntimeException e) {
                pending.remove(id);
                result.completeExceptionally(e);
                try {
                    HostClient.this.cancel(id);
                } catch (CordonException lost) {
                    e.addSuppressed(lost);
                }
            }
        }
    }
}
