package dev.cordon.vault;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.LogonVerifier;
import dev.cordon.platform.SecretProtector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The sandbox accounts' passwords, sealed by the {@link SecretProtector} (Windows: DPAPI with the install secret's
 * entropy), one file per account in a directory of their own — never among the vault's secrets, which sessions may be
 * handed by name. Each is {@code <account>.credential} in the format of {@link SealedFiles}
 * ({@code cordon.account-credential}), and during a rotation also {@code <account>.credential.next}.
 * <p>
 * <b>Rotation, and why every crash is repaired.</b> {@link #rotate} does, once each and in this order:
 * <ol>
 *   <li>seal the new password into {@code .next} (written to a temporary file, flushed, renamed into place);</li>
 *   <li>set it on the account ({@link PasswordSetter}: {@code NetUserSetInfo} level 1003);</li>
 *   <li>log on with it ({@link LogonVerifier});</li>
 *   <li>only when that logon is accepted, rename {@code .next} over the current file (atomic).</li>
 * </ol>
 * The new password is on disk before the account has it, and the old one stays until the new one is proven, so at
 * every instant one of the two files holds the account's password. A crash before step 2 leaves {@code .next} with a
 * password the account never had; a crash after step 2 leaves it with the account's password and the current file with
 * the old one. {@link #repair} tells the two apart with one logon of the {@code .next} password: accepted — it is
 * promoted (step 4); wrong password (1326) — it is deleted and the current file is what it was. Sealing after setting
 * would instead leave a crash between the two with a password no file holds. Nothing here is retried: a set-password
 * or a logon that fails is reported as it is, and the next run repairs from what is on disk. Repair costs at most one
 * logon with a wrong password (the order above makes it one of the two files), so it never walks an account into a
 * lockout threshold.
 * <p>
 * Passwords are {@code char[]}/{@code byte[]} wiped after use; no password reaches a log, an exception or a
 * {@code toString}.
 */
public final class AccountCredentials {
    private static final String FORMAT = "cordon.account-credential";
    private static final String SUFFIX = ".credential";
    private static final String PENDING = ".next";
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    /** Sets an account's password (Windows: {@code NetUserSetInfo} level 1003); {@code password} is the caller's to wipe. */
    @FunctionalInterface
    public interface PasswordSetter {
        void setPassword(String account, char[] password);
    }

    private final Path dir;
    private final SecretProtector protector;
    private final SealedFiles files;
    private final LogonVerifier logons;
    private final PasswordSetter setter;
    private final Supplier<char[]> passwords;

    /**
     * @param dir       the credentials' directory (e.g. the state directory's {@code credentials}), created owner-only
     * @param security  how that directory and its files are created
     * @param logons    proves a password now
     * @param setter    sets an account's password ({@code Accounts::setPassword}); used by {@link #rotate} only
     * @param passwords new random passwords, each the caller's to wipe (Windows: {@code RandomPasswords::next})
     */
    public AccountCredentials(Path dir, SecretProtector protector, FileSecurity security, LogonVerifier logons,
                              PasswordSetter setter, Supplier<char[]> passwords) {
        this.dir = dir;
        this.protector = protector;
        this.files = new SealedFiles(FORMAT, protector, security);
        this.logons = logons;
        this.setter = setter;
        this.passwords = passwords;
    }

    /**
     * Credentials to look at and not to change, for the doctor and the session launcher: {@link #status} and
     * {@link #reveal}; {@link #repair}, {@link #rotate}, {@link #ensure} and {@link #remove} refuse.
     */
    public static AccountCredentials reader(Path dir, SecretProtector protector, LogonVerifier logons) {
        return new AccountCredentials(dir, protector, null, logons, null, null);
    }

    private void requireWriter() {
        if (setter == null || passwords == null) {
            throw new IllegalStateException("these credentials were opened for reading");
        }
    }

    private static void validate(String account) {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw CordonException.internal("Invalid sandbox account name '" + account + "'.", null);
        }
    }

    private Path current(String account) {
        return dir.resolve(account + SUFFIX);
    }

    private Path pending(String account) {
        return dir.resolve(account + SUFFIX + PENDING);
    }

    /**
     * The credential now. Without {@code verify} nothing is unsealed and no logon is tried (missing, sealed or
     * unsealable); with it the password is unsealed and one logon tried (verified, stale, or sealed with the reason
     * Windows refused). Reads only: a pending rotation is reported, {@link #repair} settles it.
     */
    public CredentialStatus status(String account, boolean verify) {
        validate(account);
        return new CredentialStatus(account, state(account, verify), Files.exists(pending(account)));
    }

    private CredentialState state(String account, boolean verify) {
        SealedFiles.Found found = files.find(current(account), account);
        if (found instanceof SealedFiles.Unopenable u) {
            return new CredentialState.Unsealable(u.detail());
        }
        if (!(found instanceof SealedFiles.Openable o)) {
            return new CredentialState.Missing();
        }
        String sealedAt = o.parsed().sealedAt();
        if (!verify) {
            return new CredentialState.Sealed(sealedAt, "not verified: no logon tried");
        }
        char[] password;
        try {
            password = open(o.parsed(), account);
        } catch (SecretProtector.UnsealException e) {
            return new CredentialState.Unsealable(e.getMessage());
        }
        try {
            LogonVerifier.Result r = logons.logon(account, password);
            return switch (r.outcome()) {
                case ACCEPTED -> new CredentialState.Verified(sealedAt, Instant.now());
                case WRONG_PASSWORD -> new CredentialState.Stale(sealedAt, r.detail());
                case REFUSED -> new CredentialState.Sealed(sealedAt, "not verified: the logon was refused: " + r.detail());
            };
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Settles a rotation a crash (or a refused logon) left pending, with one logon of the pending password (see the
     * class comment): accepted — the pending file becomes the current one; wrong password or not openable — it is
     * deleted; refused for another reason (disabled, locked out) — both stay for a later run. Then the credential is
     * verified. Without a pending rotation this is {@code status(account, true)}.
     */
    public CredentialStatus repair(String account) {
        validate(account);
        requireWriter();
        Path next = pending(account);
        try {
            Files.deleteIfExists(tmpOf(current(account)));
            Files.deleteIfExists(tmpOf(next));
            if (Files.exists(next)) {
                SealedFiles.Found found = files.find(next, account);
                LogonVerifier.Outcome outcome = found instanceof SealedFiles.Openable o ? logonWith(o.parsed(), account)
                        : LogonVerifier.Outcome.WRONG_PASSWORD;
                switch (outcome) {
                    case ACCEPTED -> {
                        promote(account);
                        return new CredentialStatus(account, new CredentialState.Verified(
                                ((SealedFiles.Openable) found).parsed().sealedAt(), Instant.now()), false);
                    }
                    case WRONG_PASSWORD -> Files.delete(next);
                    case REFUSED -> {
                        // the account cannot log on at all now: which file holds its password stays undecided
                    }
                }
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot settle the pending password of " + account + " in " + dir + ": "
                    + e.getMessage(), e);
        }
        return status(account, true);
    }

    /** One logon with a sealed password; a blob that does not open counts as not the account's. */
    private LogonVerifier.Outcome logonWith(SealedFiles.Parsed parsed, String account) {
        char[] password;
        try {
            password = open(parsed, account);
        } catch (SecretProtector.UnsealException e) {
            return LogonVerifier.Outcome.WRONG_PASSWORD;
        }
        try {
            return logons.logon(account, password).outcome();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void promote(String account) throws IOException {
        Files.move(pending(account), current(account), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Gives the account a new random password in the order of the class comment, once: after
     * {@link #repair} has settled any earlier rotation (a pending file may hold the account's only known password, so
     * a rotation repair cannot settle — the account cannot log on at all — is refused, nothing changed).
     * Returns verified when the new password logged on; otherwise the state the account is left in, the new password
     * pending. A refused set-password deletes the pending file (the account still has its old password) and is
     * rethrown.
     */
    public CredentialStatus rotate(String account) {
        validate(account);
        requireWriter();
        requireKey();
        return rotateSettled(account, repair(account));
    }

    private void requireKey() {
        if (!protector.keyPresent()) {
            throw new CordonException(ExitCode.NOT_SET_UP, "The vault has no host key (" + protector.scheme() + ").",
                    "Run `cordon setup` first.");
        }
    }

    /** {@link #rotate} once {@link #repair} has answered {@code settled} (so {@link #ensure} logs on once, not twice). */
    private CredentialStatus rotateSettled(String account, CredentialStatus settled) {
        if (settled.rotationPending()) {
            // the pending file may hold the account's only known password: it is not overwritten
            throw new CordonException(ExitCode.CONFLICT, "The earlier password rotation of " + account
                    + " cannot be settled now: " + settled.state().detail() + ".",
                    "Make the account usable again (enabled, not locked out), then run `cordon setup`.");
        }
        char[] password = passwords.get();
        byte[] bytes = utf8(password);
        try {
            try {
                files.write(pending(account), account, bytes);
            } catch (IOException e) {
                throw CordonException.internal("Cannot write the new password of " + account + " to " + dir + ": "
                        + e.getMessage(), e);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            try {
                setter.setPassword(account, password);
            } catch (RuntimeException e) {
                deleteQuietly(pending(account));
                throw e;
            }
            LogonVerifier.Result r = logons.logon(account, password);
            if (r.outcome() != LogonVerifier.Outcome.ACCEPTED) {
                return new CredentialStatus(account, r.outcome() == LogonVerifier.Outcome.WRONG_PASSWORD
                        ? new CredentialState.Stale(null, "the new password was set but does not log on: " + r.detail())
                        : new CredentialState.Sealed(null, "the new password was set but the logon was refused: "
                        + r.detail()), true);
            }
            try {
                promote(account);
            } catch (IOException e) {
                throw CordonException.internal("The new password of " + account + " logs on but could not replace the "
                        + "old one (" + e.getMessage() + "); `cordon setup` finishes it.", e);
            }
            CredentialState promoted = state(account, false);
            return new CredentialStatus(account, promoted instanceof CredentialState.Sealed s
                    ? new CredentialState.Verified(s.sealedAt(), Instant.now()) : promoted, false);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * What setup does for each account: {@link #repair}, then {@link #rotate} when the credential is missing,
     * unsealable or stale. A credential already verified is left alone (a second setup changes nothing); one whose
     * logon Windows refuses for another reason is returned as it is (the account's posture is what needs fixing).
     * A stale credential costs one wrong-password logon here (repair's), not two: the rotation reuses repair's answer.
     */
    public CredentialStatus ensure(String account) {
        CredentialStatus s = repair(account);
        CredentialState state = s.state();
        boolean replace = state instanceof CredentialState.Missing || state instanceof CredentialState.Unsealable
                || state instanceof CredentialState.Stale;
        if (!replace) {
            return s;
        }
        requireKey();
        return rotateSettled(account, s);
    }

    /**
     * Whether any file of the account's sealed password is on disk (current, pending or a temporary one), read without
     * unsealing or a logon: what uninstall removes, whether the password still logs on or not.
     */
    public boolean stored(String account) {
        validate(account);
        for (Path p : new Path[] {current(account), pending(account)}) {
            if (Files.exists(p) || Files.exists(tmpOf(p))) {
                return true;
            }
        }
        return false;
    }

    /** The account's password for a logon (the session launcher); the caller wipes it. Never log or print it. */
    public char[] reveal(String account) {
        validate(account);
        SealedFiles.Found found = files.find(current(account), account);
        if (!(found instanceof SealedFiles.Openable o)) {
            String why = found instanceof SealedFiles.Unopenable u ? "cannot be unsealed: " + u.detail()
                    : "is missing";
            throw new CordonException(ExitCode.NOT_SET_UP, "The password of sandbox account " + account + " " + why + ".",
                    "Run `cordon setup`: it sets a new password and seals it again.");
        }
        try {
            return open(o.parsed(), account);
        } catch (SecretProtector.UnsealException e) {
            throw new CordonException(ExitCode.NOT_SET_UP, "The password of sandbox account " + account
                    + " cannot be unsealed: " + e.getMessage() + ".", "Run `cordon setup`: it sets a new password and "
                    + "seals it again.");
        }
    }

    /** Deletes the account's sealed passwords (uninstall, after the account is gone). */
    public void remove(String account) {
        validate(account);
        requireWriter();
        try {
            for (Path p : new Path[] {current(account), pending(account)}) {
                Files.deleteIfExists(tmpOf(p));
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot remove the sealed password of " + account + ": " + e.getMessage(), e);
        }
    }

    private static Path tmpOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".tmp");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // repair deletes it on the next run: its password never logs on
        }
    }

    private char[] open(SealedFiles.Parsed parsed, String account) throws SecretProtector.UnsealException {
        byte[] bytes = files.open(parsed, account);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new SecretProtector.UnsealException("the sealed password is not text (damaged)", null);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }
}
