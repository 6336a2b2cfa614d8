package dev.cordon.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.SecretProtector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;

/**
 * One sealed value per file, the format the vault's secrets and the accounts' credentials share:
 * <pre>{"format":"&lt;format&gt;","version":1,"name":"…","scheme":"…","keyId":"…","sealedAt":"…","blob":"base64"}</pre>
 * The format, version, name and scheme are the blob's {@code aad}, so a blob renamed, moved to another format (a
 * credential presented as a secret) or edited fails to unseal. Files are written owner-only, flushed to disk and
 * renamed into place: a reader sees the old file or the new one, and a crash never leaves half of one.
 */
final class SealedFiles {
    static final int FORMAT_VERSION = 1;
    private final String format;
    private final SecretProtector protector;
    private final FileSecurity security;

    /** @param security how files are created; {@code null} for a reader that never writes */
    SealedFiles(String format, SecretProtector protector, FileSecurity security) {
        this.format = format;
        this.protector = protector;
        this.security = security;
    }

    record Parsed(String scheme, String keyId, String sealedAt, byte[] blob) {
    }

    static final class Damaged extends Exception {
        Damaged(String message) {
            super(message);
        }
    }

    /** What a file holds, judged without unsealing it. */
    sealed interface Found {
    }

    record Absent() implements Found {
    }

    /** It cannot be opened here: damaged, another scheme, no key or another key; {@code detail} says which. */
    record Unopenable(String detail, String sealedAt, String keyId) implements Found {
    }

    /** Well formed and sealed under the current key: {@link #open} should succeed. */
    record Openable(Parsed parsed) implements Found {
    }

    Found find(Path file, String name) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Absent();
        }
        Parsed parsed;
        try {
            parsed = parse(file, name);
        } catch (Damaged d) {
            return new Unopenable(d.getMessage(), null, null);
        }
        if (!protector.keyPresent()) {
            return new Unopenable("the vault host key is missing", parsed.sealedAt(), parsed.keyId());
        }
        if (!parsed.scheme().equals(protector.scheme())) {
            return new Unopenable("sealed with " + parsed.scheme() + ", this system uses " + protector.scheme(),
                    parsed.sealedAt(), parsed.keyId());
        }
        if (!parsed.keyId().equals(protector.keyId())) {
            return new Unopenable("sealed under another host key (" + parsed.keyId() + "); the key was replaced",
                    parsed.sealedAt(), parsed.keyId());
        }
        return new Openable(parsed);
    }

    /** The plaintext; the caller wipes it. */
    byte[] open(Parsed parsed, String name) throws SecretProtector.UnsealException {
        return protector.unseal(parsed.blob(), aad(name, parsed.scheme()));
    }

    /** Seals {@code value} and puts it at {@code file}, replacing what is there atomically. */
    void write(Path file, String name, byte[] value) throws IOException {
        if (security == null) {
            throw new IllegalStateException("these sealed files were opened for reading");
        }
        String scheme = protector.scheme();
        byte[] blob = protector.seal(value, aad(name, scheme));
        ObjectNode doc = Json.object();
        doc.put("format", format);
        doc.put("version", FORMAT_VERSION);
        doc.put("name", name);
        doc.put("scheme", scheme);
        doc.put("keyId", protector.keyId());
        doc.put("sealedAt", Instant.now().toString());
        doc.put("blob", Base64.getEncoder().encodeToString(blob));
        security.createOwnerOnlyDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        security.createOwnerOnlyFile(tmp);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap((Json.pretty(doc) + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private byte[] aad(String name, String scheme) {
        return (format + "/" + FORMAT_VERSION + "\0" + name + "\0" + scheme).getBytes(StandardCharsets.UTF_8);
    }

    Parsed parse(Path file, String name) throws Damaged {
        JsonNode n;
        try {
            n = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Damaged("the file is not valid JSON (damaged)");
        }
        if (!format.equals(n.path("format").asText()) || !n.path("blob").isTextual()) {
            throw new Damaged("the file is not a Cordon " + format.substring(format.indexOf('.') + 1) + " (damaged)");
        }
        if (n.path("version").asInt() != FORMAT_VERSION) {
            throw new Damaged("format version " + n.path("version").asText() + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        if (!name.equals(n.path("name").asText())) {
            throw new Damaged("the file holds '" + n.path("name").asText() + "', not '" + name + "'");
        }
        try {
            return new Parsed(n.path("scheme").asText(), n.path("keyId").asText(), n.path("sealedAt").asText(null),
                    Base64.getDecoder().decode(n.path("blob").asText()));
        } catch (IllegalArgumentException e) {
            throw new Damaged("the blob is not valid base64 (damaged)");
        }
    }
}
