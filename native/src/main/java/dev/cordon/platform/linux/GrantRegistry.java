package dev.cordon.platform.linux;

import dev.cordon.platform.HostIdentity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.platform.ProcessStarts;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.platform.linux.FileStat.InodeKey;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The workspace grants in force, on disk under the instance's state directory ({@code grants/}, root-only), so they
 * outlive the session directory and the host process: one record per session's grant group ({@code group-<session>.json}:
 * the group id every entry of that session is made for, with the host that holds it), one record per root of a session
 * ({@code <session>-<n>.json}; a world-writable root is recorded too, as a holder with nothing lent) and its saved inodes
 * ({@code <session>-<n>.inodes}), and one record per ancestor directory given a traverse-only entry
 * ({@code traverse-<inode>.json}), shared by every session that needs it, each with its own group. A record is durable
 * (written, fsynced, renamed into place) before the change it describes is made; it goes only once the change is undone.
 * Every read-modify-write happens under {@link #locked}, one lock across threads and processes.
 */
final class GrantRegistry {
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final String TRAVERSE = "traverse-";
    private static final String GROUP = "group-";
    private final Path dir;

    GrantRegistry(Instance instance) {
        this.dir = instance.stateDir().resolve("grants");
    }

    Path dir() {
        return dir;
    }

    /**
     * One root of a session, as recorded before anything in it changed. {@code sandboxGid} is the session's own grant
     * group ({@link SessionGroupIds}; records of an older Cordon: the sandbox group). {@code granted} false: a
     * world-writable root, held (no other session's root may lie inside it or around it) but not lent. {@code lastFailure}:
     * why the last hand-back did not finish, or null. {@code ownerUmask}: the lender's umask at lend time, what the
     * owner's new files get during the session and after the hand-back (records of an older Cordon: 022). {@code lentAt}:
     * when lending began, in nanoseconds since the epoch (0: unknown): an inode born before it was not made in the session.
     * {@code handle}: the root directory's file handle, taken at lend time, which finds it wherever it has been moved
     * once no live descriptor of this process holds it (R18; null: its filesystem gives none, or an older Cordon's record).
     * {@code remnant}: the tree itself was given back, but saved directories moved out of it during the session were not
     * (R26); its inode file holds those alone, the session has ended, and the root is no longer lent (nor held).
     */
    record LentRoot(String session, int index, HostIdentity host, Path root, InodeKey rootInode, int sandboxGid,
                    Set<Integer> sandboxUids, int ownerUid, int ownerGid, int ownerUmask, boolean granted,
                    String lastFailure, long lentAt, FileHandle handle, boolean remnant) {
        LentRoot(String session, int index, HostIdentity host, Path root, InodeKey rootInode, int sandboxGid,
                 Set<Integer> sandboxUids, int ownerUid, int ownerGid, int ownerUmask, boolean granted, String lastFailure,
                 long lentAt, FileHandle handle) {
            this(session, index, host, root, rootInode, sandboxGid, sandboxUids, ownerUid, ownerGid, ownerUmask, granted,
                    lastFailure, lentAt, handle, false);
        }

        LentRoot(String session, int index, HostIdentity host, Path root, InodeKey rootInode, int sandboxGid,
                 Set<Integer> sandboxUids, int ownerUid, int ownerGid, int ownerUmask, boolean granted, String lastFailure,
                 long lentAt) {
            this(session, index, host, root, rootInode, sandboxGid, sandboxUids, ownerUid, ownerGid, ownerUmask, granted,
                    lastFailure, lentAt, null);
        }

        /** Lent, and its tree not given back yet (a remnant's tree was). */
        boolean lentNow() {
            return granted && !remnant;
        }

        String describe(ProcessStarts starts) {
            return root + " (session " + session + ", host pid " + host.pid() + (host.alive(starts) ? "" : ", gone")
                    + ")";
        }

        LentRoot failed(String failure) {
            return new LentRoot(session, index, host, root, rootInode, sandboxGid, sandboxUids, ownerUid, ownerGid, ownerUmask,
                    granted, failure, lentAt, handle, remnant);
        }

        LentRoot withHandle(FileHandle h) {
            return new LentRoot(session, index, host, root, rootInode, sandboxGid, sandboxUids, ownerUid, ownerGid, ownerUmask,
                    granted, lastFailure, lentAt, h, remnant);
        }

        /** The remnant of this root: saved directories moved out of its tree, not given back for {@code why}. */
        LentRoot remnant(String why) {
            return new LentRoot(session, index, host, root, rootInode, sandboxGid, sandboxUids, ownerUid, ownerGid, ownerUmask,
                    granted, why, lentAt, handle, true);
        }
    }

    /**
     * An ancestor of lent roots that got a traverse-only entry for each holder's group ({@code holders}: session → its
     * grant group); restored when its last holder gives it back. {@code handle}: the directory's file handle, which finds
     * it when it has been moved or renamed meanwhile (R18; null: none, or an older Cordon's record).
     */
    record TraverseGrant(Path path, SavedInode saved, Map<String, Integer> holders, FileHandle handle) {
        TraverseGrant(Path path, SavedInode saved, Map<String, Integer> holders) {
            this(path, saved, holders, null);
        }
    }

    /** The group a session's grants are made for, recorded before the first of them. */
    record SessionGroup(String session, HostIdentity host, int gid) {
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding the registry lock (threads of this JVM and other processes alike). */
    <T> T locked(Work<T> work) {
        IN_PROCESS.lock();
        try {
            ensureDir();
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return work.run();
            }
        } catch (IOException e) {
            throw new CordonException(ExitCode.INTERNAL, "The workspace grant registry " + dir + " failed: " + e.getMessage(),
                    "Check that the state directory is writable by root; the records in " + dir + " say what is lent.", e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /** Creates {@code grants/} in the state directory, never the state directory itself (uninstall may have removed it). */
    private void ensureDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    // ------------------------------------------------------------------ lent roots

    List<LentRoot> lentRoots() throws IOException {
        List<LentRoot> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith(TRAVERSE) && !name.startsWith(GROUP)) {
                    out.add(readLentRoot(p));
                }
            }
        }
        return out;
    }

    private LentRoot readLentRoot(Path file) throws IOException {
        JsonNode n = Json.parse(Files.readString(file));
        Set<Integer> uids = new TreeSet<>();
        n.path("sandboxUids").forEach(u -> uids.add(u.asInt()));
        HostIdentity host = HostIdentity.parse(n.path("host").asText()).orElseThrow(() -> new IOException(
                file + " names no host"));
        return new LentRoot(n.path("session").asText(), n.path("index").asInt(), host, Path.of(n.path("root").asText()),
                InodeKey.parse(n.path("rootInode").asText()), n.path("sandboxGid").asInt(), uids, n.path("ownerUid").asInt(),
                n.path("ownerGid").asInt(), n.path("ownerUmask").asInt(022), n.path("granted").asBoolean(true),
                n.hasNonNull("lastFailure") ? n.path("lastFailure").asText() : null, n.path("lentAt").asLong(0),
                handle(n, file), n.path("remnant").asBoolean(false));
    }

    /** The {@code handle} field of a record, or null (none recorded); a damaged one fails the read. */
    private static FileHandle handle(JsonNode n, Path file) throws IOException {
        try {
            return FileHandle.parse(n.path("handle").asText(null)).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the saved inodes and the {@code untouched} ones (there at lend time, not lent: {@code <key> keep}), then the
     * root's record: both durable before the caller changes anything.
     */
    void recordLentRoot(LentRoot r, List<SavedInode> saved, List<InodeKey> untouched) throws IOException {
        List<String> lines = new ArrayList<>();
        saved.forEach(s -> lines.add(s.toLine()));
        untouched.forEach(k -> lines.add(k + " " + KEEP));
        writeInodes(r, lines);
        writeLentRoot(r);
    }

    /**
     * Adds to {@code r}'s inode file the directories git took for git directories when it was lent ({@code <key> git},
     * after a {@code git-directories-recorded} line): the hand-back takes any other it meets for one made during the
     * session (R48). Records without that line (an older Cordon, a host that died before it) say nothing of them.
     */
    void recordGitDirectories(LentRoot r, List<InodeKey> gitDirectories) throws IOException {
        List<String> lines = new ArrayList<>(inodeLines(r));
        lines.add(GIT_RECORDED);
        gitDirectories.forEach(k -> lines.add(k + " " + GIT));
        writeInodes(r, lines);
    }

    /** The git directories {@code r} held when it was lent, if they were recorded ({@link #recordGitDirectories}). */
    Optional<Set<InodeKey>> gitDirectoriesAtLend(LentRoot r) throws IOException {
        List<String> lines = inodeLines(r);
        if (!lines.contains(GIT_RECORDED)) {
            return Optional.empty();
        }
        Set<InodeKey> out = new HashSet<>();
        for (String line : lines) {
            if (line.endsWith(" " + GIT)) {
                out.add(InodeKey.parse(line.substring(0, line.length() - GIT.length() - 1)));
            }
        }
        return Optional.of(out);
    }

    private void writeInodes(LentRoot r, List<String> lines) throws IOException {
        Path inodes = inodesFile(r);
        Path tmp = inodes.resolveSibling(inodes.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8))) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
            w.flush();
            ch.force(true);
        }
        Files.move(tmp, inodes, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Narrows {@code r}'s records to what is left of it after its tree was given back (R26): the saved inodes in
     * {@code left} alone, and {@code r} a remnant with {@code why}. Inode file first: a remnant record never names more.
     */
    void recordRemnant(LentRoot r, List<SavedInode> left, String why) throws IOException {
        recordLentRoot(r.remnant(why), left, List.of());
    }

    /** Keeps why the hand-back of {@code r} failed in its record, for the doctor and the next try. */
    void recordFailure(LentRoot r, String failure) throws IOException {
        writeLentRoot(r.failed(failure));
    }

    private void writeLentRoot(LentRoot r) throws IOException {
        ObjectNode n = Json.object();
        n.put("session", r.session());
        n.put("index", r.index());
        n.put("host", r.host().toString());
        n.put("root", r.root().toString());
        n.put("rootInode", r.rootInode().toString());
        n.put("sandboxGid", r.sandboxGid());
        r.sandboxUids().forEach(n.putArray("sandboxUids")::add);
        n.put("ownerUid", r.ownerUid());
        n.put("ownerGid", r.ownerGid());
        n.put("ownerUmask", r.ownerUmask());
        n.put("granted", r.granted());
        n.put("lentAt", r.lentAt());
        if (r.lastFailure() != null) {
            n.put("lastFailure", r.lastFailure());
        }
        if (r.handle() != null) {
            n.put("handle", r.handle().toString());
        }
        if (r.remnant()) {
            n.put("remnant", true);
        }
        writeDurably(rootFile(r), Json.pretty(n));
    }

    /** The saved inodes of a lent root; none when its inode file never got written (nothing changed then). */
    Map<InodeKey, SavedInode> savedInodes(LentRoot r) throws IOException {
        Map<InodeKey, SavedInode> out = new HashMap<>();
        for (String line : inodeLines(r)) {
            if (!line.endsWith(" " + KEEP) && !line.endsWith(" " + GIT) && !line.equals(GIT_RECORDED)) {
                SavedInode s = SavedInode.parse(line);
                out.put(s.key(), s);
            }
        }
        return out;
    }

    /** The inodes a lent root held at lend time and did not lend (records of an older Cordon: none). */
    Set<InodeKey> untouchedInodes(LentRoot r) throws IOException {
        Set<InodeKey> out = new HashSet<>();
        for (String line : inodeLines(r)) {
            if (line.endsWith(" " + KEEP)) {
                out.add(InodeKey.parse(line.substring(0, line.length() - KEEP.length() - 1)));
            }
        }
        return out;
    }

    private List<String> inodeLines(LentRoot r) throws IOException {
        Path f = inodesFile(r);
        if (!Files.exists(f)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
            List<String> out = lines.filter(l -> !l.isBlank()).toList();
            for (String line : out) { // every line parses, or the file is damaged
                if (line.endsWith(" " + KEEP)) {
                    InodeKey.parse(line.substring(0, line.length() - KEEP.length() - 1));
                } else if (line.endsWith(" " + GIT)) {
                    InodeKey.parse(line.substring(0, line.length() - GIT.length() - 1));
                } else if (!line.equals(GIT_RECORDED)) {
                    SavedInode.parse(line);
                }
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new IOException(f + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The mark of an untouched inode's line in a root's inode file. */
    private static final String KEEP = "keep";
    /** The mark of a git directory's line (R48), and the line that says they were recorded. */
    private static final String GIT = "git";
    private static final String GIT_RECORDED = "git-directories-recorded";

    void forget(LentRoot r) throws IOException {
        Files.deleteIfExists(rootFile(r));
        Files.deleteIfExists(inodesFile(r));
    }

    /** Inode files whose root record never got written (a host that died while recording): nothing was changed. */
    void forgetUnfinished() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                } else if (name.endsWith(".inodes")
                        && !Files.exists(p.resolveSibling(name.substring(0, name.length() - ".inodes".length()) + ".json"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Path rootFile(LentRoot r) {
        return dir.resolve(r.session() + "-" + r.index() + ".json");
    }

    private Path inodesFile(LentRoot r) {
        return dir.resolve(r.session() + "-" + r.index() + ".inodes");
    }

    // ------------------------------------------------------------------ traverse-only ancestors

    Optional<TraverseGrant> traverse(InodeKey key) throws IOException {
        Path f = null;
        for (InodeKey form : key.recordForms()) { // an older Cordon's record names the number alone, or no handle
            if (Files.exists(traverseFile(form))) {
                f = traverseFile(form);
                break;
            }
        }
        if (f == null) {
            return Optional.empty();
        }
        JsonNode n = Json.parse(Files.readString(f));
        Map<String, Integer> holders = new LinkedHashMap<>();
        // an older Cordon's record: holder names, all with the one sandbox group
        n.path("holders").forEach(h -> holders.put(h.isObject() ? h.path("session").asText() : h.asText(),
                h.isObject() ? h.path("gid").asInt() : n.path("sandboxGid").asInt()));
        SavedInode saved = SavedInode.parse(n.path("saved").asText());
        return Optional.of(new TraverseGrant(Path.of(n.path("path").asText()), saved, holders, handle(n, f)));
    }

    List<TraverseGrant> traverses() throws IOException {
        List<TraverseGrant> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(TRAVERSE) && name.endsWith(".json")) {
                    String key = name.substring(TRAVERSE.length(), name.length() - ".json".length()).replace('-', ':');
                    traverse(InodeKey.parse(key)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    void recordTraverse(TraverseGrant t) throws IOException {
        ObjectNode n = Json.object();
        n.put("path", t.path().toString());
        n.put("saved", t.saved().toLine());
        var holders = n.putArray("holders");
        t.holders().forEach((session, gid) -> holders.addObject().put("session", session).put("gid", gid));
        if (t.handle() != null) {
            n.put("handle", t.handle().toString());
        }
        writeDurably(traverseFile(t.saved().key()), Json.pretty(n));
    }

    void forgetTraverse(InodeKey key) throws IOException {
        Files.deleteIfExists(traverseFile(key));
    }

    private Path traverseFile(InodeKey key) {
        return dir.resolve(TRAVERSE + key.toString().replace(':', '-') + ".json");
    }

    // ------------------------------------------------------------------ session grant groups

    List<SessionGroup> sessionGroups() throws IOException {
        List<SessionGroup> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(GROUP) && name.endsWith(".json")) {
                    JsonNode n = Json.parse(Files.readString(p));
                    HostIdentity host = HostIdentity.parse(n.path("host").asText()).orElseThrow(() -> new IOException(
                            p + " names no host"));
                    out.add(new SessionGroup(n.path("session").asText(), host, n.path("gid").asInt()));
                }
            }
        }
        return out;
    }

    Optional<SessionGroup> sessionGroup(String session) throws IOException {
        return sessionGroups().stream().filter(g -> g.session().equals(session)).findFirst();
    }

    /** Every group id a record names: taken until its records are gone. */
    Set<Integer> gidsInUse() throws IOException {
        Set<Integer> out = new TreeSet<>();
        sessionGroups().forEach(g -> out.add(g.gid()));
        lentRoots().forEach(r -> out.add(r.sandboxGid()));
        traverses().forEach(t -> out.addAll(t.holders().values()));
        return out;
    }

    void recordSessionGroup(SessionGroup g) throws IOException {
        ObjectNode n = Json.object();
        n.put("session", g.session());
        n.put("host", g.host().toString());
        n.put("gid", g.gid());
        writeDurably(groupFile(g.session()), Json.pretty(n));
    }

    void forgetSessionGroup(String session) throws IOException {
        Files.deleteIfExists(groupFile(session));
    }

    private Path groupFile(String session) {
        return dir.resolve(GROUP + session + ".json");
    }

    private static void writeDurably(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

}
