package dev.cordon.leftovers;

import dev.cordon.core.Principal;
import dev.cordon.platform.LeftoverSources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.FileTrees;
import dev.cordon.core.Exec;
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
 * <p>Moves use GNU {@code mv} through {@link Exec}: across filesystems ({@code /tmp}, {@code /dev/shm} on tmpfs →
 * the state directory on disk) it copies like {@code cp -a} — owner, group, mode, times, symlinks, hard links within
 * the tree, xattrs — and then removes the source; Java's {@code Files.move} cannot move a non-empty directory across
 * filesystems.
 */
final class Quarantine {
    static final String MANIFEST = "manifest.json";
    static final String ITEM = "item";
    private static final int MANIFEST_VERSION = 1;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}(-[0-9]+)?");

    private final Path dir;
    private final FileSecurity security;

    /** @param security makes the quarantine and each entry owner-only */
    Quarantine(Path dir, FileSecurity security) {
        this.dir = dir;
        this.security = security;
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
            if (m.path("v").asInt() != MANIFEST_VERSION) {
                throw new IOException("format version " + m.path("v") + ", this Cordon reads " + MANIFEST_VERSION);
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

    /** Moves the item in and returns its entry; the item's lstat facts are those read just before the move. */
    QuarantineEntry put(Leftover item, LeftoverSources.PathFacts st) {
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
            Files.writeString(entry.resolve(MANIFEST), Json.pretty(manifest(q)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CordonException.internal("Cannot create the quarantine entry " + entry + ": " + e.getMessage(), e);
        }
        Exec.Result r = move(q.originalPath(), payload);
        if (!r.ok() || Files.exists(q.originalPath(), LinkOption.NOFOLLOW_LINKS)) {
            boolean itemStillAtOrigin = Files.exists(q.originalPath(), LinkOption.NOFOLLOW_LINKS);
            if (itemStillAtOrigin) {
                FileTrees.deleteTree(entry); // a cross-filesystem copy may have left a partial copy
            }
            throw new CordonException(ExitCode.INTERNAL, "Moving " + q.originalPath() + " to " + payload + " failed"
                    + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip())
                    + (itemStillAtOrigin ? "; it was left where it was." : "; the quarantine entry " + id + " keeps what was moved."),
                    "Check free space in " + dir + " and retry.");
        }
        return q;
    }

    /** Moves the item back to its original path; the caller has checked that nothing is there. */
    void restore(QuarantineEntry q) {
        Exec.Result r = move(q.payload(), q.originalPath());
        if (Files.exists(q.payload(), LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(q.originalPath(), LinkOption.NOFOLLOW_LINKS)) {
                throw new CordonException(ExitCode.CONFLICT, q.originalPath() + " appeared while quarantined item "
                        + q.id() + " was being restored; the item stays in the quarantine.",
                        "Move " + q.originalPath() + " aside, then run `cordon leftovers restore " + q.id() + "` again.");
            }
            throw new CordonException(ExitCode.INTERNAL, "Moving " + q.payload() + " back to " + q.originalPath()
                    + " failed" + (r.stderr().isBlank() ? "." : ": " + r.stderr().strip()),
                    "Check free space and the parent directory of " + q.originalPath() + ", then retry.");
        }
        FileTrees.deleteTree(q.payload().getParent());
    }

    /** {@code mv -T -n}: never into an existing directory, never over an existing file. */
    private static Exec.Result move(Path from, Path to) {
        Path mv = Exec.require("mv", "coreutils");
        return Exec.run(List.of(mv.toString(), "-T", "-n", "--", from.toString(), to.toString()), null,
                java.util.Map.of(), 3600);
    }

    void delete(QuarantineEntry q) {
        FileTrees.deleteTree(q.payload().getParent());
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
