package dev.cordon.session;

import java.time.Instant;
import java.util.List;

/** One command a session ran (or is running): for `session show`, the panel's console history and the audit. */
public record CommandRecord(String id, List<String> argv, String network, Instant started, Instant ended, Long pid,
                            Integer exitCode, boolean timedOut) {
}
