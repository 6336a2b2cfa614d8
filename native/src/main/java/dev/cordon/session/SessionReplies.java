package dev.cordon.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cordon.core.Json;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Sessions as the socket API sends them, bounded so that each reply fits one frame (1 MiB) whatever a member shaped
 * (review findings V1, V1b: thousands of nested repositories make thousands of protected paths, and 64 writable paths
 * of 4096 control characters make 1.5 MiB of JSON). Every bound is measured as the JSON it makes (compact, UTF-8;
 * a control character is six bytes). The panel reads {@link SessionInfo} in-process and is not bounded here.
 *
 * <p>{@code session.show}: each string at most {@link #SHOW_STRING_BYTES}, clipped with a visible marker; the path lists
 * ({@code writable}, {@code allowedSockets}, {@code protection.paths}, {@code protection.gitSafeDirectories},
 * {@code protection.gitDirectories}, in that order) listed while they fit {@link #SHOW_PATHS_BYTES} together, the rest
 * counted in {@code <list>NotListed}. At most: the history 256 × 1,536 B = 384 KiB, the path lists 384 KiB, the 13
 * other strings (id, state, network, account, cgroup, workspace, home, tmp, started, networkRevertsAt, failure, spawn,
 * owner.user) 13 × (8 KiB + a 60-byte marker) = 105 KiB, keys, numbers and counts under 2 KiB: under 876 KiB
 * (SessionRepliesTest builds it).
 *
 * <p>{@code session.list}: each session a summary of at most {@link #SUMMARY_BYTES}: strings at most
 * {@link #LIST_STRING_BYTES}, the first {@link #LIST_SAMPLE} entries of {@code writable}, {@code allowedSockets} and
 * {@code protection.paths} (the git directories only counted), its last {@link SessionInfo#LIST_COMMANDS} commands.
 * Summaries are listed while they fit {@link #LIST_SUMMARIES_BYTES}; the next sessions only as {id, state, owner} while
 * the reply fits {@link #LIST_BYTES}; the rest counted in {@code sessionsNotListed}.
 */
public final class SessionReplies {
    /** session.show: the path lists together. */
    static final int SHOW_PATHS_BYTES = 384 * 1024;
    /** session.show: any one string outside the history. */
    static final int SHOW_STRING_BYTES = 8 * 1024;
    /** session.list: any one string of a summary outside its commands. */
    static final int LIST_STRING_BYTES = 512;
    /** session.list: entries of each path list a summary carries. */
    static final int LIST_SAMPLE = 3;
    /**
     * session.list: one summary at most, else only its stub. 13 strings × 572 B, 3 writable and 3 sockets × 572 B,
     * 3 protected paths × (2 × 572 B + 40 B), 3 commands × 1,536 B, keys and counts under 1.5 KiB: about 20 KiB.
     */
    static final int SUMMARY_BYTES = 24 * 1024;
    /** session.list: the summaries together. */
    static final int LIST_SUMMARIES_BYTES = 768 * 1024;
    /** session.list: the whole reply, stubs included: under the 1 MiB frame with room for its envelope. */
    static final int LIST_BYTES = 960 * 1024;

    /** session.ps: one process's command line (a member's own argv, up to ARG_MAX). */
    public static final int PS_COMMAND_LINE_BYTES = 2048;
    /** session.ps: the processes together (pids.max of them, 512 by default, each about 2.4 KiB at most). */
    public static final int PS_BYTES = 768 * 1024;

    private static final List<String> PATH_LISTS = List.of("writable", "allowedSockets", "protection/paths",
            "protection/gitSafeDirectories", "protection/gitDirectories");

    private SessionReplies() {
    }

    /** {@code session.show}'s reply: the session with its whole kept history, bounded to fit the frame. */
    public static ObjectNode show(SessionInfo s) {
        // no entry is under 8 bytes of JSON: more than this many of a list cannot fit, and are not made into JSON
        ObjectNode o = (ObjectNode) Json.tree(cut(s, SHOW_PATHS_BYTES / 8, SHOW_PATHS_BYTES / 8));
        JsonNode commands = o.remove("commands");
        clipStrings(o, SHOW_STRING_BYTES);
        int room = SHOW_PATHS_BYTES;
        for (String list : PATH_LISTS) {
            room -= listWithin(o, list, room);
        }
        o.set("commands", commands);
        counted(o, s);
        return o;
    }

    /** {@code session.list}'s reply: a summary of each session while they fit, then stubs, then a count. */
    public static ObjectNode list(List<SessionInfo> sessions) {
        ObjectNode r = Json.object();
        ArrayNode listed = r.putArray("sessions");
        long bytes = 64;
        int summaries = 0;
        boolean summarizing = true;
        for (SessionInfo s : sessions) {
            if (summarizing) {
                ObjectNode summary = summary(s);
                int size = size(summary);
                if (size <= SUMMARY_BYTES && bytes + size <= LIST_SUMMARIES_BYTES) {
                    listed.add(summary);
                    bytes += size + 1;
                    summaries++;
                    continue;
                }
                // a summary beyond its bound: this session as a stub; beyond the summaries' budget: stubs from here on
                summarizing = size > SUMMARY_BYTES;
            }
            ObjectNode stub = stub(s);
            int size = size(stub);
            if (bytes + size > LIST_BYTES) {
                break;
            }
            listed.add(stub);
            bytes += size + 1;
        }
        int asStubs = listed.size() - summaries;
        int notListed = sessions.size() - listed.size();
        if (asStubs > 0) {
            r.put("sessionsAsStubs", asStubs);
        }
        if (notListed > 0) {
            r.put("sessionsNotListed", notListed);
        }
        if (asStubs > 0 || notListed > 0) {
            r.put("message", (asStubs > 0 ? asStubs + " session" + (asStubs == 1 ? " is" : "s are")
                    + " listed by id, state and owner only" : "") + (asStubs > 0 && notListed > 0 ? " and " : "")
                    + (notListed > 0 ? notListed + " session" + (notListed == 1 ? " is" : "s are") + " not listed" : "")
                    + ": the reply must fit one frame. `cordon session show ID` shows one session whole.");
        }
        return r;
    }

    /** One session in {@code session.list}: strings clipped, path lists sampled and counted, its last commands. */
    static ObjectNode summary(SessionInfo s) {
        ObjectNode o = (ObjectNode) Json.tree(cut(s.withLastCommands(SessionInfo.LIST_COMMANDS), LIST_SAMPLE, 0));
        JsonNode commands = o.remove("commands");
        clipStrings(o, LIST_STRING_BYTES);
        o.set("commands", commands);
        counted(o, s);
        return o;
    }

    /** {@code s} with at most {@code n} entries in each path list, none of the git directories beyond {@code git}. */
    private static SessionInfo cut(SessionInfo s, int n, int git) {
        Protection p = s.protection();
        Protection cutP = p == null ? null : new Protection(first(p.paths(), n), first(p.gitSafeDirectories(), git),
                p.directoriesSearched(), p.searchComplete(), first(p.gitDirectories(), git));
        return new SessionInfo(s.id(), s.state(), s.network(), s.account(), s.runnerPid(), s.cgroup(), s.workspace(),
                first(s.writable(), n), s.home(), s.tmp(), s.started(), s.networkRevertsAt(), s.failure(), s.commands(),
                s.spawn(), cutP, s.tmpSizeBytes(), s.owner(), first(s.allowedSockets(), n), s.allowConfigDirs(),
                s.earlierCommands());
    }

    private static <T> List<T> first(List<T> list, int n) {
        return list == null || list.size() <= n ? list : List.copyOf(list.subList(0, n));
    }

    /** {@code <list>NotListed} beside each path list of {@code o} that has fewer entries than {@code s}'s. */
    private static void counted(ObjectNode o, SessionInfo s) {
        Protection p = s.protection();
        int[] sizes = {size(s.writable()), size(s.allowedSockets()), p == null ? 0 : p.paths().size(),
                p == null ? 0 : p.gitSafeDirectories().size(), p == null ? 0 : p.gitDirectories().size()};
        for (int i = 0; i < PATH_LISTS.size(); i++) {
            String at = PATH_LISTS.get(i);
            int slash = at.indexOf('/');
            if (!((slash < 0 ? o : o.get(at.substring(0, slash))) instanceof ObjectNode parent)) {
                continue;
            }
            String field = at.substring(slash + 1);
            int listed = parent.path(field).size();
            if (listed < sizes[i]) {
                parent.put(field + "NotListed", sizes[i] - listed);
            }
        }
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    /** A session named only: its id, state and owner. */
    static ObjectNode stub(SessionInfo s) {
        ObjectNode o = Json.object();
        o.put("id", s.id());
        o.set("state", Json.tree(s.state()));
        o.set("owner", Json.tree(s.owner()));
        clipStrings(o, LIST_STRING_BYTES);
        return o;
    }

    /**
     * Keeps the first entries of the array at {@code at} (a field, or {@code protection/paths}) while they fit
     * {@code room} bytes; returns the bytes kept.
     */
    private static int listWithin(ObjectNode o, String at, int room) {
        int slash = at.indexOf('/');
        ObjectNode parent = slash < 0 ? o : o.get(at.substring(0, slash)) instanceof ObjectNode p ? p : null;
        String field = at.substring(slash + 1);
        if (parent == null || !(parent.get(field) instanceof ArrayNode all)) {
            return 0;
        }
        ArrayNode kept = parent.putArray(field);
        int used = 0;
        for (JsonNode entry : all) {
            int size = size(entry) + 1;
            if (used + size > room) {
                break;
            }
            kept.add(entry);
            used += size;
        }
        return used;
    }

    /** Every string in {@code node} longer than {@code maxBytes} of JSON cut there, with a marker saying so. */
    private static void clipStrings(JsonNode node, int maxBytes) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(clipped(e.getValue().asText(), maxBytes)));
                } else {
                    clipStrings(e.getValue(), maxBytes);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(clipped(a.get(i).asText(), maxBytes)));
                } else {
                    clipStrings(a.get(i), maxBytes);
                }
            }
        }
    }

    /** {@code s} when its JSON is within {@code maxBytes}; else its start and {@code …[clipped: N more characters]}. */
    public static String clipped(String s, int maxBytes) {
        long bytes = 0;
        int i = 0;
        for (; i < s.length(); i++) {
            bytes += CommandHistory.jsonBytes(s.charAt(i));
            if (bytes > maxBytes) {
                break;
            }
        }
        if (i == s.length()) {
            return s;
        }
        if (i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i) + "…[clipped: " + (s.length() - i) + " more characters]";
    }

    /** Bytes of {@code node} as compact JSON. */
    public static int size(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
