package dev.cordon.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.SecretProtector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sealed secrets, one file per secret ({@code <name>.secret}, JSON, mode 0600, in a 0700 directory):
 * <pre>{"format":"cordon.secret","version":1,"name":"…","scheme":"aes-256-gcm/host-key","keyId":"…",
 *  "sealedAt":"…","blob":"base64(nonce ‖ ciphertext ‖ tag)"}</pre>
 * The name, format version and scheme are bound into the ciphertext as associated data, so a blob renamed to
 * another secret or edited in any way fails to unseal. Values never leave this class except through
 * {@link #reveal}, which the runner uses to hand a named secret to an online session.
 */
public final class Vault {
    public static final int FORMAT_VERSION = 1;
    private static final String FORMAT = "cordon.secret";
    private static final String SUFFIX = ".secret";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    public enum State { MISSING, SEALED, UNSEALABLE, VERIFIED }

    /** A secret's state; {@code detail} explains UNSEALABLE. Never carries the value. */
    public record SecretStatus(String name, State state, String detail, String sealedAt, String keyId) {
    }

    private final Path dir;
    private final SecretProtector protector;
    private final FileSecurity security;

    /** A vault to read (list, verify, reveal); storing needs {@link #Vault(Path, SecretProtector, FileSecurity)}. */
    public Vault(Path dir, SecretProtector protector) {
        this(dir, protector, null);
    }

    /** A vault whose directory and files are created owner-only through {@code security}. */
    public Vault(Path dir, SecretProtector protector, FileSecurity security) {
        this.dir = dir;
        this.protector = protector;
        this.security = security;
    }

    public static void validateName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw CordonException.usage("Invalid secret name '" + name + "'.",
                    "Use an environment-variable style name: a letter or '_', then letters, digits or '_' (max 64), e.g. GITHUB_TOKEN.");
        }
    }

    private Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }

    private static byte[] aad(String name, String scheme) {
        return (FORMAT + "/" + FORMAT_VERSION + "\0" + name + "\0" + scheme).getBytes(StandardCharsets.UTF_8);
    }

    private void requireKey() {
        if (!protector.keyPresent()) {
            throw new CordonException(ExitCode.NOT_SET_UP, "The vault has no host key (" + protector.scheme() + ").",
                    "Run `cordon setup` first.");
        }
    }

    /** Seals and stores a value, replacing an existing secret atomically. The caller wipes {@code value} afterwards. */
    public SecretStatus set(String name, byte[] value) {
        validateName(name);
        if (value.length == 0) {
            throw CordonException.usage("The value for secret " + name + " is empty.",
                    "Pipe the value on standard input, e.g. `printf %s \"$TOKEN\" | cordon secret set " + name + "`.");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw CordonException.usage("The value for secret " + name + " is " + value.length + " bytes; the limit is "
                    + MAX_VALUE_BYTES + ".", "Store a smaller value (a token or password, not a file).");
        }
        requireKey();
        String scheme = protector.scheme();
        byte[] blob = protector.seal(value, aad(name, scheme));
        ObjectNode doc = Json.object();
        doc.put("format", FORMAT);
        doc.put("version", FORMAT_VERSION);
        doc.put("name", name);
        doc.put("scheme", scheme);
        doc.put("keyId", protector.keyId());
        doc.put("sealedAt", Instant.now().toString());
        doc.put("blob", Base64.getEncoder().encodeToString(blob));
        try {
            if (security == null) {
                throw new IllegalStateException("this vault was opened for reading");
            }
            security.createOwnerOnlyDirectories(dir);
            Path tmp = dir.resolve("." + name + SUFFIX + ".tmp");
            Files.deleteIfExists(tmp);
            security.createOwnerOnlyFile(tmp);
            Files.writeString(tmp, Json.pretty(doc) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw CordonException.internal("Cannot write secret " + name + " to " + dir + ": " + e.getMessage(), e);
        }
        return status(name, false);
    }

    public boolean remove(String name) {
        validateName(name);
        try {
            return Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw CordonException.internal("Cannot remove secret " + name + ": " + e.getMessage(), e);
        }
    }

    public List<SecretStatus> list(boolean verify) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SecretStatus> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String fn = p.getFileName().toString();
                if (fn.endsWith(SUFFIX) && !fn.startsWith(".")) {
                    out.add(status(fn.substring(0, fn.length() - SUFFIX.length()), verify));
                }
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot list the vault " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** SEALED means well-formed and sealed under the current key; {@code verify} also unseals it (VERIFIED). */
    public SecretStatus status(String name, boolean verify) {
        Path f = file(name);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return new SecretStatus(name, State.MISSING, "", null, null);
        }
        Parsed parsed;
        try {
            parsed = parse(name, f);
        } catch (Damaged d) {
            return new SecretStatus(name, State.UNSEALABLE, d.getMessage(), null, null);
        }
        if (!protector.keyPresent()) {
            return new SecretStatus(name, State.UNSEALABLE, "the vault host key is missing", parsed.sealedAt, parsed.keyId);
        }
        if (!parsed.scheme.equals(protector.scheme())) {
            return new SecretStatus(name, State.UNSEALABLE, "sealed with " + parsed.scheme + ", this system uses "
                    + protector.scheme(), parsed.sealedAt, parsed.keyId);
        }
        if (!parsed.keyId.equals(protector.keyId())) {
            return new SecretStatus(name, State.UNSEALABLE, "sealed under another host key (" + parsed.keyId
                    + "); the key was replaced", parsed.sealedAt, parsed.keyId);
        }
        if (!verify) {
            return new SecretStatus(name, State.SEALED, "", parsed.sealedAt, parsed.keyId);
        }
        try {
            byte[] plain = protector.unseal(parsed.blob, aad(name, parsed.scheme));
            Arrays.fill(plain, (byte) 0);
            return new SecretStatus(name, State.VERIFIED, "", parsed.sealedAt, parsed.keyId);
        } catch (SecretProtector.UnsealException e) {
            return new SecretStatus(name, State.UNSEALABLE, e.getMessage(), parsed.sealedAt, parsed.keyId);
        }
    }

    /** The plaintext, for handing to a session; the caller must wipe it. Never log or print it. */
    public byte[] reveal(String name) {
        validateName(name);
        Path f = file(name);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new CordonException(ExitCode.USAGE, "There is no secret named " + name + ".",
                    "List them with `cordon secret list`; add it with `cordon secret set " + name + "`.");
        }
        requireKey();
        try {
            Parsed p = parse(name, f);
            return protector.unseal(p.blob, aad(name, p.scheme));
        } catch (Damaged | SecretProtector.UnsealException e) {
            throw new CordonException(ExitCode.DATA_ERROR, "Secret " + name + " cannot be unsealed: " + e.getMessage() + ".",
                    "Set it again with `cordon secret set " + name + "`.");
        }
    }

    private record Parsed(String scheme, String keyId, String sealedAt, byte[] blob) {
    }

    private static final class Damaged extends Exception {
        Damaged(String message) {
            super(message);
        }
    }

    private static Parsed parse(String name, Path f) throws Damaged {
        JsonNode n;
        try {
            n = Json.parse(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Damaged("the file is not valid JSON (damaged)");
        }
        if (!FORMAT.equals(n.path("format").asText()) || !n.path("blob").isTextual()) {
            throw new Damaged("the file is not a Cordon secret (damaged)");
        }
        if (n.path("version").asInt() != FORMAT_VERSION) {
            throw new Damaged("format version " + n.path("version").asText() + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        if (!name.equals(n.path("name").asText())) {
            throw new Damaged("the file holds secret '" + n.path("name").asText() + "', not '" + name + "'");
        }
        try {
            return new Parsed(n.path("scheme").asText(), n.path("keyId").asText(), n.path("sealedAt").asText(null),
                    Base64.getDecoder().decode(n.path("blob").asText()));
        } catch (IllegalArgumentException e) {
            throw new Damaged("the blob is not valid base64 (damaged)");
        }
    }
}
