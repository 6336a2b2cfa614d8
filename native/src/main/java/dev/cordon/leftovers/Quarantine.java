package dev.cordon.leftovers;

import dev.cordon.core.Principal;
import dev.cordon.platform.LeftoverSources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.platform.FileSecurity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The quarantine directory: one root-only ({@code 0700}) subdirectory per item, {@code <id>/manifest.json} and the
 * item itself as {@code <id>/item}. The manifest is written before the item is moved in, so an interrupted clean
 * leaves a visible entry without payload rather than an unexplained file.
 *
 * <p>Moves are the leftover sources', by descriptors (R27): the leftover's directory is opened without following a
 * symlink anywhere on the way and must be the one seen at clean time, the leftover must be the scanned inode; within a
 * filesystem one rename from that directory's descriptor, across filesystems ({@code /dev/shm} on tmpfs → the state
 * directory on disk) {@code cp -a} of exactly that inode — owner, group, mode, times, symlinks, hard links within the
 * tree, xattrs — then its deletion by descriptors. The manifest records the identity of the leftover and of its
 * directory ({@code identity}, {@code parentIdentity}); a restore goes only into that directory, found again without
 * a symlink on the way. Nothing in an entry is deleted after a move unless it is known to be only a partial copy.
 */
final class Quarantine {
    static final String MANIFEST = "manifest.json";
    static final String ITEM = "item";
    /** 2: with {@code identity} and {@code parentIdentity} (R27); 1 (read, restored with no symlink on the way only). */
    private static final int MANIFEST_VERSION = 2;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}(-[0-9]+)?");

    private final Path dir;
    private final FileSecurity security;
    private final LeftoverSources sources;

    /**
     * @param security makes the quarantine and each entry owner-only
     * @param sources  moves items in and out and deletes them, by descriptors
     */
    Quarantine(Path dir, FileSecurity security, LeftoverSources sources) {
        this.dir = dir;
        this.security = security;
        this.sources = sources;
    }

    Path dir() {
        return dir;
    }

    List<QuarantineEntry> list() {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<QuarantineEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path entry : ds) {
                if (ID.matcher(entry.getFileName().toString()).matches()) {
                    entries.add(read(entry));
                }
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot list the quarantine " + dir + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(QuarantineEntry::quarantinedAt).thenComparing(QuarantineEntry::id));
        return entries;
    }

    Optional<QuarantineEntry> find(String id) {
        if (!ID.matcher(id).matches() || !Files.isDirectory(dir.resolve(id), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(read(dir.resolve(id)));
    }

    private QuarantineEntry read(Path entry) {
        Path manifest = entry.resolve(MANIFEST);
        try {
            JsonNode m = Json.parse(Files.readString(manifest, StandardCharsets.UTF_8));
            if (m.path("v").asInt() != MANIFEST_VERSION && m.path("v").asInt() != 1) {
                throw new IOException("format version " + m.path("v") + ", this Cordon reads 1 and " + MANIFEST_VERSION);
            }
            Path payload = entry.resolve(ITEM);
            return new QuarantineEntry(text(m, "id"), Path.of(text(m, "originalPath")),
                    Leftover.Kind.valueOf(text(m, "kind").toUpperCase()), Json.id(m.path("uid"), Principal.Kind.USER), Json.id(m.path("gid"), Principal.Kind.GROUP),
                    text(m, "owner"), text(m, "mode"), m.path("sizeBytes").asLong(),
                    Instant.parse(text(m, "modifiedAt")), Instant.parse(text(m, "quarantinedAt")), payload,
                    Files.exists(payload, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            throw new CordonException(ExitCode.DATA_ERROR, "The quarantine manifest " + manifest
                    + " is missing or damaged: " + e.getMessage(),
                    "Inspect " + entry + " by hand; move the item back or delete the directory.", e);
        }
    }

    private static String text(JsonNode m, String field) throws IOException {
        JsonNode v = m.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("no '" + field + "'");
        }
        return v.asText();
    }

    /**
     * Moves the item in and returns its entry; the item's facts are those read just before the move, {@code parent}
     * those of its directory then. {@link LeftoverSources.Refused} (the item or its directory is not the scanned one
     * now) and {@link java.nio.file.NoSuchFileException} (gone) leave nothing behind; a failure after which the entry
     * holds something is a {@link CordonException} saying that the entry keeps it.
     */
    QuarantineEntry put(Leftover item, LeftoverSources.PathFacts st, LeftoverSources.PathFacts parent,
                        java.util.Set<Principal> owners) throws IOException {
        ensureDir();
        String id = item.id();
        for (int n = 2; Files.exists(dir.resolve(id), LinkOption.NOFOLLOW_LINKS); n++) {
            id = item.id() + "-" + n; // the same path was quarantined before
        }
        Path entry = dir.resolve(id);
        Path payload = entry.resolve(ITEM);
        QuarantineEntry q = new QuarantineEntry(id, Path.of(item.path()), item.kind(), st.owner(), st.group(),
                item.owner(), st.permissions(), item.sizeBytes(), item.since(), Instant.now(), payload, true);
        try {
            security.createOwnerOnlyDirectory(entry);
            ObjectNode m = manifest(q);
            m.put("identity", st.fileKey());
            m.put("parentIdentity", parent.fileKey());
            Files.writeString(entry.resolve(MANIFEST), Json.pretty(m), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CordonException.internal("Cannot create the quarantine entry " + entry + ": " + e.getMessage(), e);
        }
        try {
            sources.moveOut(q.originalPath(), st.fileKey(), parent.fileKey(), entry, ITEM, owners);
        } catch (IOException e) {
            if (Files.exists(payload, LinkOption.NOFOLLOW_LINKS)) { // never deleted: it may be all there is of it
                throw new CordonException(ExitCode.INTERNAL, e.getMessage() + "; the quarantine entry " + id
                        + " keeps what was moved (" + payload + ").", "Look at " + payload + ": restore it with "
                        + "`cordon leftovers restore " + id + "` or delete it by hand.", e);
            }
            deleteEntry(entry); // nothing was moved in: only the manifest goes
            throw e;
        }
        return q;
    }

    /** Moves the item back to its original path, into the directory it was quarantined from; then drops the entry. */
    void restore(QuarantineEntry q) throws IOException {
        String parentIdentity = Json.parse(Files.readString(q.payload().getParent().resolve(MANIFEST),
                StandardCharsets.UTF_8)).path("parentIdentity").asText(null);
        sources.moveBack(q.payload(), q.originalPath(), parentIdentity);
        deleteEntry(q.payload().getParent());
    }

    void delete(QuarantineEntry q) {
        deleteEntry(q.payload().getParent());
    }

    /** Deletes an entry of the quarantine (root-only: no identity to check) by descriptors. */
    private void deleteEntry(Path entry) {
        try {
            sources.delete(entry, null);
        } catch (IOException e) {
            throw new CordonException(ExitCode.INTERNAL, "Cannot delete " + entry + ": " + e.getMessage(),
                    "Check whether it is immutable (`lsattr -d`) or on a read-only filesystem, then remove it by hand.", e);
        }
    }

    private void ensureDir() {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                security.createOwnerOnlyDirectory(dir);
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot create the quarantine directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode manifest(QuarantineEntry q) {
        ObjectNode m = Json.object();
        m.put("v", MANIFEST_VERSION);
        m.put("id", q.id());
        m.put("originalPath", q.originalPath().toString());
        m.put("kind", q.kind().label());
        m.set("uid", Json.id(q.ownerId()));
        m.set("gid", Json.id(q.groupId()));
        m.put("owner", q.owner());
        m.put("mode", q.mode());
        m.put("sizeBytes", q.sizeBytes());
        m.put("modifiedAt", q.modifiedAt().toString());
        m.put("quarantinedAt", q.quarantinedAt().toString());
        return m;
    }
}
