package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.platform.PeerIdentity;

import java.io.InputStream;

/** One request as its handler sees it. An interface so handlers can be tested without a socket. */
public interface RequestContext {
    /** The id the client gave the request, unique among its in-flight requests. */
    long id();

    String method();

    /** The request's params; an empty object when the client sent none. */
    ObjectNode params();

    /** The connecting process's credentials, from the kernel. */
    PeerIdentity peer();

    /**
     * Sends an event frame for this request. Blocks while the socket is full (backpressure; nothing is queued).
     *
     * @throws java.util.concurrent.CancellationException when the client is gone
     * @throws IllegalStateException after the request completed
     */
    void emit(String event, JsonNode data);

    /**
     * The bytes of this request's {@code input} frames. Ends after {@code eof: true}, a cancel, or a disconnect.
     * A bounded buffer: when the handler does not read, the connection stops reading frames once it is full.
     */
    InputStream input();

    /** True after a {@code cancel} frame for this request, a client disconnect, or server shutdown. */
    boolean cancelled();

    /**
     * Runs {@code action} once when the request is cancelled (cancel frame, disconnect, server close), on the thread
     * that noticed; at once on the calling thread if it already was.
     */
    void onCancel(Runnable action);

    /**
     * Runs {@code action} once, on the connection's thread, when the first {@code input} frame of this request has
     * been buffered (data or eof); at once on the calling thread if one already was. For handlers that need a thread
     * to pass input on only when a client sends any.
     */
    void onFirstInput(Runnable action);

    /**
     * Lets the request outlive {@link HostHandler#handle}: the handler then returns {@link HostHandler#LATER}, and the
     * request ends with the first call on the completion (from any thread), or with the handler's exception should it
     * throw after all. Events must still be emitted before the completion is called.
     */
    Completion finishLater();

    /** The end of a request whose handler returned {@link HostHandler#LATER}; calls after the first are ignored. */
    interface Completion {
        void result(JsonNode result);

        /** As if the handler had thrown {@code failure}. */
        void fail(Throwable failure);
    }
}
