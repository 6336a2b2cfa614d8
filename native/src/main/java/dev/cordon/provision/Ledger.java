package dev.cordon.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.core.Principal;
import dev.cordon.platform.FileSecurity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The write-ahead record of every OS change: an {@code intent} line is synced to disk before a change is made and a
 * {@code done} line after it was verified; uninstall writes {@code undo} / {@code undone}. Lines form a SHA-256 hash
 * chain, so an edited, reordered, truncated-in-the-middle or damaged ledger is detected rather than guessed at.
 */
public final class Ledger {
    public static final int VERSION = 1;
    private static final String GENESIS = "0".repeat(64);

    public enum Phase { intent, done, undo, undone }

    public record Entry(int v, long seq, String time, Phase phase, Change change, String prev, String hash) {
    }

    private final Path file;
    private final List<Entry> entries;
    private final FileSecurity security;

    private Ledger(Path file, List<Entry> entries, FileSecurity security) {
        this.file = file;
        this.entries = entries;
        this.security = security;
    }

    /** The ledger to read; {@link #append} needs {@link #open(Path, FileSecurity)}. */
    public static Ledger open(Path file) {
        return open(file, null);
    }

    /** The ledger to read and append to; a new ledger file is created owner-only through {@code security}. */
    public static Ledger open(Path file, FileSecurity security) {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Ledger(file, entries, security);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw corrupt(file, "cannot be read as UTF-8 text (" + e.getMessage() + ")");
        }
        String prev = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() && i == lines.size() - 1) {
                break;
            }
            Entry e;
            try {
                JsonNode node = Json.parse(line);
                e = Json.MAPPER.treeToValue(node, Entry.class);
            } catch (IOException | IllegalArgumentException ex) {
                throw corrupt(file, "line " + (i + 1) + " is not a ledger entry");
            }
            if (e.v() != VERSION) {
                throw corrupt(file, "line " + (i + 1) + " has format version " + e.v() + ", this Cordon reads " + VERSION);
            }
            if (e.seq() != i + 1) {
                throw corrupt(file, "line " + (i + 1) + " has sequence number " + e.seq());
            }
            if (!prev.equals(e.prev())) {
                throw corrupt(file, "line " + (i + 1) + " does not follow line " + i + " (hash chain broken)");
            }
            if (e.change() == null || e.phase() == null || !hashOf(e).equals(e.hash())) {
                throw corrupt(file, "line " + (i + 1) + " was modified (hash mismatch)");
            }
            prev = e.hash();
            entries.add(e);
        }
        return new Ledger(file, entries, security);
    }

    private static CordonException corrupt(Path file, String what) {
        return new CordonException(ExitCode.DATA_ERROR, "The ledger " + file + " is corrupt or was tampered with: " + what
                + ". Nothing was changed.",
                "Do not edit the ledger. Restore it from a backup, or inspect the system with `cordon doctor` and "
                        + "remove Cordon's objects by hand before moving the ledger aside.");
    }

    private static String hashOf(Entry e) {
        Entry unhashed = new Entry(e.v(), e.seq(), e.time(), e.phase(), e.change(), e.prev(), null);
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(Json.line(unhashed).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw CordonException.internal("SHA-256 unavailable", ex);
        }
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return !entries.isEmpty();
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Appends and fsyncs one entry: it is on disk before the caller goes on to change the system. */
    public void append(Phase phase, Change change) {
        if (security == null) {
            throw new IllegalStateException("the ledger " + file + " was opened for reading");
        }
        String prev = entries.isEmpty() ? GENESIS : entries.get(entries.size() - 1).hash();
        Entry draft = new Entry(VERSION, entries.size() + 1L, Instant.now().toString(), phase, change, prev, null);
        Entry e = new Entry(draft.v(), draft.seq(), draft.time(), phase, change, prev, hashOf(draft));
        byte[] bytes = (Json.line(e) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (!Files.exists(file)) {
                security.createOwnerOnlyFile(file);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException ex) {
            throw new CordonException(ExitCode.INTERNAL, "Cannot write the ledger " + file + ": " + ex.getMessage(),
                    "Check free space on " + file.getParent() + "; nothing further was changed.", ex);
        }
        entries.add(e);
    }

    /**
     * Objects this ledger owns: those with an intent that were not undone since, in first-intent order. The value is
     * the newest change written for it (a {@code done} line carries the facts learnt when it was made, e.g. the uid).
     */
    public List<Change> owned() {
        // LinkedHashMap keeps the first-insertion position when a key is put again
        Map<String, Change> owned = new LinkedHashMap<>();
        for (Entry e : entries) {
            String key = e.change().kind() + ":" + e.change().target();
            switch (e.phase()) {
                case intent, done -> owned.merge(key, e.change(), Ledger::merge);
                case undone -> owned.remove(key);
                case undo -> { }
            }
        }
        return List.copyOf(owned.values());
    }

    private static Change merge(Change older, Change newer) {
        Map<String, Object> attrs = new LinkedHashMap<>(older.attrs());
        attrs.putAll(newer.attrs());
        return new Change(newer.kind(), newer.target(), attrs);
    }

    public Optional<Change> owned(Change.Kind kind, String target) {
        return owned().stream().filter(c -> c.kind() == kind && c.target().equals(target)).findFirst();
    }

    public boolean owns(Change.Kind kind, String target) {
        return owned(kind, target).isPresent();
    }

    /** Ids of accounts this ledger created and has since removed: their files are leftovers too. */
    public List<Principal> removedAccounts() {
        List<Principal> ids = new ArrayList<>();
        Map<String, Principal> lastId = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.change().kind() != Change.Kind.USER) {
                continue;
            }
            e.change().principalAttr("uid", Principal.Kind.USER).ifPresent(id -> lastId.put(e.change().target(), id));
            if (e.phase() == Phase.undone) {
                Principal id = lastId.get(e.change().target());
                if (id != null && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** The newest id recorded for an account target. */
    public Optional<Principal> idOf(String account) {
        return owned(Change.Kind.USER, account).flatMap(c -> c.principalAttr("uid", Principal.Kind.USER));
    }
}
