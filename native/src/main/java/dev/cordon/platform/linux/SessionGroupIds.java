package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.Passwd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A group id of a session's own, for its workspace grants: the Linux stand-in for the per-session capability SID a
 * Windows sandbox puts in its restricted token. Every session runs as one of the same two sandbox accounts, so an ACL
 * entry for the accounts' group opened a lent tree to every session (another member's, root's, one started earlier);
 * an entry for a group only one session's runner holds (as a supplementary group) opens it to that session alone.
 *
 * <p>Picked with a CSPRNG from {@link #FIRST}…{@link #LAST}, inside the range systemd documents as unused
 * (1879048192–2147352575: above container ranges, below the "foreign" range and the ids tools treat as negative), and
 * never an id that {@code /etc/group} names, that {@code /etc/subgid} delegates (rootless containers' files), that
 * any process holds as its group or a supplementary group (a dead session's daemon), or that a grant record names
 * (a live session's, or one not yet given back).
 */
public final class SessionGroupIds {
    static final int FIRST = 0x7100_0000; // 1895825408
    static final int COUNT = 1 << 20;
    static final int LAST = FIRST + COUNT - 1;
    private static final int ATTEMPTS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionGroupIds() {
    }

    /** Whether {@code gid} is one this picks from. */
    public static boolean inRange(int gid) {
        return gid >= FIRST && gid <= LAST;
    }

    /** A fresh id; {@code recorded} are the ids grant records name. */
    static int pick(Set<Integer> recorded) {
        Passwd groups = Passwd.load();
        List<long[]> delegated = subordinateRanges(Path.of("/etc/subgid"));
        Set<Integer> held = heldByProcesses(Path.of("/proc"));
        for (int i = 0; i < ATTEMPTS; i++) {
            int gid = FIRST + RANDOM.nextInt(COUNT);
            if (!recorded.contains(gid) && !held.contains(gid) && groups.group(gid).isEmpty() && !within(delegated, gid)) {
                return gid;
            }
        }
        throw new CordonException(ExitCode.INTERNAL, "No free session group id in " + FIRST + "–" + LAST + " after "
                + ATTEMPTS + " tries.", "Check /etc/group and /etc/subgid for entries in that range, and `cordon doctor`"
                + " for grant records that were never given back.");
    }

    /** The {@code start count} ranges of a subordinate-id file ({@code name:start:count} lines); none when it is absent. */
    static List<long[]> subordinateRanges(Path file) {
        List<long[]> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException absent) {
            return out;
        } catch (IOException e) {
            throw CordonException.internal("Cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            String[] f = line.strip().split(":");
            if (f.length == 3) {
                try {
                    out.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                } catch (NumberFormatException ignored) {
                    // not a range line (a comment): shadow-utils ignores it too
                }
            }
        }
        return out;
    }

    private static boolean within(List<long[]> ranges, int gid) {
        return ranges.stream().anyMatch(r -> gid >= r[0] && gid < r[0] + r[1]);
    }

    /** Every group id any process holds ({@code Gid:} and {@code Groups:} of {@code /proc/PID/status}). */
    static Set<Integer> heldByProcesses(Path proc) {
        Set<Integer> out = new HashSet<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                List<String> status;
                try {
                    status = Files.readAllLines(pid.resolve("status"));
                } catch (IOException gone) {
                    continue; // exited meanwhile
                }
                for (String line : status) {
                    if (line.startsWith("Gid:") || line.startsWith("Groups:")) {
                        for (String id : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                            if (!id.isEmpty()) {
                                out.add(Integer.parseUnsignedInt(id));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot list " + proc + ": " + e.getMessage(), e);
        }
        return out;
    }
}
