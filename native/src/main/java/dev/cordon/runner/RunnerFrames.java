package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.host.wire.FrameCodec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Host ↔ runner frames: the same framing as the local socket ({@link FrameCodec}), over the runner's stdio. */
public final class RunnerFrames {
    private static final FrameCodec CODEC = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_BYTES);

    private RunnerFrames() {
    }

    /** The next frame, or null at a clean end of stream. */
    public static JsonNode read(InputStream in) throws IOException {
        return CODEC.read(in).orElse(null);
    }

    /** Serializes writes from the runner's pump threads; blocks when the reader is slow (backpressure). */
    public static final class Writer {
        private final OutputStream out;

        public Writer(OutputStream out) {
            this.out = out;
        }

        public synchronized void write(ObjectNode frame) {
            try {
                CODEC.write(out, frame);
            } catch (IOException e) {
                throw new UncheckedIOException("the frame channel is closed", e);
            }
        }

        /** Writes without flushing: the next frame or {@link #flush} sends it (saves a pipe write and a wake-up). */
        public synchronized void writeBuffered(ObjectNode frame) {
            try {
                out.write(CODEC.encode(frame));
            } catch (IOException e) {
                throw new UncheckedIOException("the frame channel is closed", e);
            }
        }

        public synchronized void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
