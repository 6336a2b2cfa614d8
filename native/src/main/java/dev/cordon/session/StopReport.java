package dev.cordon.session;

import dev.cordon.core.GitDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a session's stop reports (planted repositories made inert, what could not be, hand-back warnings), bounded so
 * that the reply to {@code session.stop}, a one-shot run's {@code gitPlanted} event and the audit record each stay well
 * within one frame (V2, V5: 60,000 planted directories made an 18 MB report that could not be sent, and a one-shot run
 * lost its command's exit code with it). Lines that say COULD NOT come first; what is left off is counted, and the last
 * line says how to find it all on disk.
 */
final class StopReport {
    static final int MAX_LINES = 40;
    static final int MAX_LINE_CHARS = 8 * 1024;
    /** JSON may write a control character in a path as six: at most 768 KiB of a 1 MiB frame. */
    static final int MAX_CHARS = 128 * 1024;
    private static final String COULD_NOT = "COULD NOT";

    private StopReport() {
    }

    /** {@code lines} as they are when within the bounds; else those that fit, COULD NOT first, and a summary line. */
    static List<String> bounded(List<String> lines, List<Path> roots, String sessionId) {
        int chars = 0;
        for (String line : lines) {
            chars += Math.min(line.length(), MAX_LINE_CHARS + 1);
        }
        if (lines.size() <= MAX_LINES && chars <= MAX_CHARS) {
            return lines.stream().map(StopReport::clipped).toList();
        }
        boolean[] kept = new boolean[lines.size()];
        int room = MAX_CHARS;
        int count = 0;
        for (boolean couldNot : new boolean[] {true, false}) {
            for (int i = 0; i < lines.size() && count < MAX_LINES - 1; i++) {
                String line = clipped(lines.get(i));
                if (!kept[i] && lines.get(i).contains(COULD_NOT) == couldNot && line.length() <= room) {
                    kept[i] = true;
                    room -= line.length();
                    count++;
                }
            }
        }
        List<String> bounded = new ArrayList<>(count + 1);
        int renamed = 0;
        int failed = 0;
        int other = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (kept[i]) {
                bounded.add(clipped(line));
            } else if (line.contains(COULD_NOT)) {
                failed++;
            } else if (line.contains(GitDirectory.plantedName("", sessionId))) {
                renamed++;
            } else {
                other++;
            }
        }
        bounded.add(summary(renamed, failed, other, roots, sessionId));
        return List.copyOf(bounded);
    }

    private static String summary(int renamed, int failed, int other, List<Path> roots, String sessionId) {
        StringBuilder said = new StringBuilder("… and " + (renamed + failed + other) + " more lines left off (a stop's"
                + " report is bounded):");
        String where = String.join(" ", roots.stream()
                .map(r -> "'" + r.toString().replace("'", "'\\''") + "'").toList());
        if (renamed > 0) {
            said.append(" ").append(renamed).append(" more entries renamed to NAME").append(GitDirectory.plantedName("",
                    sessionId)).append(" (`find ").append(where).append(" -name '*").append(GitDirectory.plantedName("",
                    sessionId)).append("*'` lists every one);");
        }
        if (failed > 0) {
            said.append(" ").append(failed).append(" more say COULD NOT: look in ").append(where).append(" for `HEAD`"
                    + " and `.git` entries before running git there, and for ").append(RepositoryWalk.agentConfigNames()).append(" before"
                    + " running an agent there;");
        }
        if (other > 0) {
            said.append(" ").append(other).append(" more warnings of the hand-back (`cordon leftovers scan` shows what"
                    + " is left);");
        }
        return clipped(said.substring(0, said.length() - 1));
    }

    /**
     * A line past {@link #MAX_LINE_CHARS} keeps its head and its tail, the middle of its path left off: the verdict
     * ("renamed … to NAME …", "COULD NOT rename … (why); do not run …") is at its end (rev52 F2: a line cut at its end
     * no longer said whether a deep entry was renamed).
     */
    private static String clipped(String line) {
        if (line.length() <= MAX_LINE_CHARS) {
            return line;
        }
        int head = MAX_LINE_CHARS / 2;
        int tail = MAX_LINE_CHARS - head;
        if (Character.isHighSurrogate(line.charAt(head - 1))) {
            head--;
        }
        if (Character.isLowSurrogate(line.charAt(line.length() - tail))) {
            tail--;
        }
        return line.substring(0, head) + "…[" + (line.length() - head - tail) + " characters left off]…"
                + line.substring(line.length() - tail);
    }
}
