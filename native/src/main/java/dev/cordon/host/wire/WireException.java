package dev.cordon.host.wire;

import java.io.IOException;

/**
 * The peer broke the protocol: a bad frame or a bad message. The connection cannot be trusted afterwards, so the
 * server answers with one {@code id: null} error frame (when it still can) and closes it.
 */
public final class WireException extends IOException {
    public enum Kind {
        /** The stream ended inside a frame (in the length header or the body). */
        TRUNCATED,
        /** The length header is above the frame limit; nothing was allocated for it. */
        OVERSIZED,
        /** Length 0, not UTF-8, not JSON, not one JSON object, or no integer {@code v}. */
        MALFORMED,
        /** A well-formed frame with a {@code v} this side does not speak. */
        UNSUPPORTED_VERSION,
        /** A well-formed frame whose message is wrong: bad id, unknown message, reused id, input after eof. */
        INVALID_MESSAGE
    }

    private final Kind kind;

    public WireException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
