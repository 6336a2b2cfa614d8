package dev.cordon.vault;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.SecretProtector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    public static final int FORMAT_VERSION = SealedFiles.FORMAT_VERSION;
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
    private final SealedFiles files;

    /** A vault to read (list, verify, reveal); storing needs {@link #Vault(Path, SecretProtector, FileSecurity)}. */
    public Vault(Path dir, SecretProtector protector) {
        this(dir, protector, null);
    }

    /** A vault whose directory and files are created owner-only through {@code security}. */
    public Vault(Path dir, SecretProtector protector, FileSecurity security) {
        this.dir = dir;
        this.protector = protector;
        this.files = new SealedFiles(FORMAT, protector, security);
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
        try {
            files.write(file(name), name, value);
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
        SealedFiles.Found found = files.find(file(name), name);
        if (found instanceof SealedFiles.Unopenable u) {
            return new SecretStatus(name, State.UNSEALABLE, u.detail(), u.sealedAt(), u.keyId());
        }
        if (!(found instanceof SealedFiles.Openable o)) {
            return new SecretStatus(name, State.MISSING, "", null, null);
        }
        SealedFiles.Parsed parsed = o.parsed();
        if (!verify) {
            return new SecretStatus(name, State.SEALED, "", parsed.sealedAt(), parsed.keyId());
        }
        try {
            byte[] plain = files.open(parsed, name);
            Arrays.fill(plain, (byte) 0);
            return new SecretStatus(name, State.VERIFIED, "", parsed.sealedAt(), parsed.keyId());
        } catch (SecretProtector.UnsealException e) {
            return new SecretStatus(name, State.UNSEALABLE, e.getMessage(), parsed.sealedAt(), parsed.keyId());
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
            return files.open(files.parse(f, name), name);
        } catch (SealedFiles.Damaged | SecretProtector.UnsealException e) {
            throw new CordonException(ExitCode.DATA_ERROR, "Secret " + name + " cannot be unsealed: " + e.getMessage() + ".",
                    "Set it again with `cordon secret set " + name + "`.");
        }
    }
}
