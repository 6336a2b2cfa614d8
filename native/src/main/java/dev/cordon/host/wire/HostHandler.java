package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** Serves the requests of a {@link HostServer}: every method except the built-in {@code host.hello}. */
@FunctionalInterface
public interface HostHandler {
    /**
     * Called on a worker thread; emit events through ctx, then return the result (or throw CordonException).
     * Any other exception is answered as an internal error naming the method.
     */
    JsonNode handle(RequestContext ctx) throws Exception;
}
