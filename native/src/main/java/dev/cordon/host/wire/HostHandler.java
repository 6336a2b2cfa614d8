package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Serves the requests of a {@link HostServer}: every method except the built-in {@code host.hello}. */
@FunctionalInterface
public interface HostHandler {
    /**
     * What {@link #handle} returns after {@link RequestContext#finishLater()}: the request stays in flight, and its
     * completion sends the result or error. Compared by identity: no other node means this.
     */
    ObjectNode LATER = new ObjectNode(JsonNodeFactory.instance);

    /**
     * Called on a worker thread (pooled: the thread is reused by later requests); emit events through ctx, then return
     * the result (or throw CordonException), or {@link #LATER} when another thread will end the request.
     * Any other exception is answered as an internal error naming the method.
     */
    JsonNode handle(RequestContext ctx) throws Exception;

    /**
     * True for a method whose handler only checks and hands work on without waiting (it sends a frame and returns
     * {@link #LATER}): it is then called on the connection's own thread, which reads no further frame of that
     * connection until it returns, and the request skips the hand-off to a worker.
     */
    default boolean handsOn(String method) {
        return false;
    }
}
