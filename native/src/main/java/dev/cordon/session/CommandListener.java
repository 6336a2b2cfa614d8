package dev.cordon.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;

/** Receives a command's life as it happens. Called from one reader thread per session, in order. */
public interface CommandListener {
    /**
     * The command started; {@code pid} is its pid in the host's namespace, or 0 when it ended before the host could
     * name it (its runner has a pid namespace of its own: R46). Never pass 0 on as a pid: {@code kill(0, …)} signals
     * the caller's own process group.
     */
    void started(long pid);

    /** The data of a {@code started} event as clients get it: {@code {"pid": N}}, or {@code {"pid": null}} for 0. */
    static ObjectNode startedData(long pid) {
        ObjectNode d = Json.object();
        if (pid > 0) {
            d.put("pid", pid);
        } else {
            d.putNull("pid");
        }
        return d;
    }

    /** {@code fd} 1 = stdout, 2 = stderr; the array is the listener's to keep. */
    void output(int fd, byte[] data);

    void exited(CommandExit exit);
}
