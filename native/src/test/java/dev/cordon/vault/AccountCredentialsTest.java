package dev.cordon.vault;

import dev.cordon.core.CordonException;
import dev.cordon.platform.FileSecurity;
import dev.cordon.testing.FakeAccountPasswords;
import dev.cordon.testing.FakeAccountPasswords.Crash;
import dev.cordon.testing.FakeAccountPasswords.Failpoint;
import dev.cordon.testing.FakeFileSecurity;
import dev.cordon.testing.FakeProtector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The credential states and their transitions, and rotation with a crash at every failpoint: each crash is followed
 * by a new run (a new {@link AccountCredentials} on the same files) whose repair must end verified, with the sealed
 * password the account's.
 */
class AccountCredentialsTest {
    private static final String ACCOUNT = "cordon-off";

    @TempDir
    Path dir;
    FakeProtector protector;
    FakeFileSecurity files;
    FakeAccountPasswords windows;
    boolean crashWritingPending;

    @BeforeEach
    void setUp() {
        protector = new FakeProtector();
        protector.createKey();
        files = new FakeFileSecurity();
        windows = new FakeAccountPasswords();
    }

    /** A new run of Cordon on the same disk and the same accounts. */
    private AccountCredentials run() {
        FileSecurity security = new CrashingFileSecurity();
        return new AccountCredentials(dir.resolve("credentials"), protector, security, windows, windows, windows);
    }

    private Path current() {
        return dir.resolve("credentials/" + ACCOUNT + ".credential");
    }

    private Path pending() {
        return dir.resolve("credentials/" + ACCOUNT + ".credential.next");
    }

    private String revealed() {
        return new String(run().reveal(ACCOUNT));
    }

    private void assertVerifiedWithTheAccountsPassword(CredentialStatus s) throws IOException {
        assertThat(s.state()).isInstanceOf(CredentialState.Verified.class);
        assertThat(s.rotationPending()).isFalse();
        assertThat(revealed()).startsWith("Fake-password-").isEqualTo(windows.passwordOf(ACCOUNT));
        try (Stream<Path> left = Files.list(current().getParent())) {
            assertThat(left).as("only the current file is left").containsExactly(current());
        }
    }

    @Test
    void missingUntilRotatedThenVerifiedAndASecondSetupChangesNothing() throws Exception {
        CredentialStatus before = run().status(ACCOUNT, true);
        assertThat(before.state()).isEqualTo(new CredentialState.Missing());
        assertThat(before.state().name()).isEqualTo("missing");
        assertThat(windows.logons).as("nothing to log on with").isZero();

        CredentialStatus after = run().ensure(ACCOUNT);
        assertVerifiedWithTheAccountsPassword(after);
        assertThat(files.ownerOnly(current())).isTrue();
        assertThat(Files.readString(current())).doesNotContain(windows.passwordOf(ACCOUNT))
                .contains("\"format\" : \"cordon.account-credential\"");
        assertThat(windows.sets).isEqualTo(1);

        int logons = windows.logons;
        assertThat(run().ensure(ACCOUNT).state()).isInstanceOf(CredentialState.Verified.class);
        assertThat(windows.sets).as("a second setup sets no password").isEqualTo(1);
        assertThat(windows.logons).as("it only proves the one it has").isEqualTo(logons + 1);
    }

    @Test
    void sealedWhenNoLogonIsTriedOrWhenWindowsRefusesForAnotherReason() {
        run().rotate(ACCOUNT);
        int logons = windows.logons;
        CredentialStatus quiet = run().status(ACCOUNT, false);
        assertThat(quiet.state()).isInstanceOf(CredentialState.Sealed.class);
        assertThat(quiet.state().detail()).isEqualTo("not verified: no logon tried");
        assertThat(windows.logons).isEqualTo(logons);

        windows.disable(ACCOUNT, true);
        CredentialStatus refused = run().status(ACCOUNT, true);
        assertThat(refused.state()).isInstanceOf(CredentialState.Sealed.class);
        assertThat(refused.state().detail()).contains("refused", "disabled", "1331");
        String password = windows.passwordOf(ACCOUNT);
        assertThat(run().ensure(ACCOUNT).state()).isInstanceOf(CredentialState.Sealed.class);
        assertThat(windows.passwordOf(ACCOUNT)).as("a disabled account is not given a new password").isEqualTo(password);

        windows.disable(ACCOUNT, false);
        assertThat(run().status(ACCOUNT, true).state()).isInstanceOf(CredentialState.Verified.class);
    }

    @Test
    void staleWhenThePasswordWasChangedElsewhereUntilTheNextRotation() throws Exception {
        run().rotate(ACCOUNT);
        windows.changeElsewhere(ACCOUNT);
        CredentialStatus stale = run().status(ACCOUNT, true);
        assertThat(stale.state()).isInstanceOf(CredentialState.Stale.class);
        assertThat(stale.state().name()).isEqualTo("stale");
        assertThat(stale.state().detail()).contains("1326");
        assertThat(((CredentialState.Stale) stale.state()).sealedAt()).isNotNull();

        assertVerifiedWithTheAccountsPassword(run().ensure(ACCOUNT));
        assertThat(windows.sets).isEqualTo(2);
    }

    @Test
    void unsealableUnderAReplacedKeyOrWhenDamagedUntilTheNextRotation() throws Exception {
        run().rotate(ACCOUNT);
        protector.destroyKey();
        protector.createKey();
        CredentialStatus replaced = run().status(ACCOUNT, true);
        assertThat(replaced.state()).isInstanceOf(CredentialState.Unsealable.class);
        assertThat(replaced.state().detail()).contains("another host key");
        assertThatThrownBy(() -> run().reveal(ACCOUNT)).isInstanceOf(CordonException.class)
                .hasMessageContaining("cannot be unsealed");
        assertVerifiedWithTheAccountsPassword(run().ensure(ACCOUNT));

        Files.writeString(current(), Files.readString(current()).replace("\"blob\" : \"", "\"blob\" : \"AAAA"));
        int logons = windows.logons;
        assertThat(run().status(ACCOUNT, true).state()).isInstanceOf(CredentialState.Unsealable.class);
        assertThat(windows.logons).as("no logon with a damaged blob").isEqualTo(logons);
        assertVerifiedWithTheAccountsPassword(run().ensure(ACCOUNT));
    }

    @Test
    void aCredentialIsNoVaultSecretEvenUnderASecretsName() throws Exception {
        run().rotate(ACCOUNT);
        Path secrets = dir.resolve("secrets");
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("cordon_off.secret"),
                Files.readString(current()).replace("\"cordon-off\"", "\"cordon_off\""));
        Vault vault = new Vault(secrets, protector);
        assertThat(vault.status("cordon_off", true).state()).isEqualTo(Vault.State.UNSEALABLE);
        assertThatThrownBy(() -> vault.reveal("cordon_off")).isInstanceOf(CordonException.class);
    }

    @ParameterizedTest(name = "a crash {0} is repaired by the next run")
    @EnumSource(value = Failpoint.class, names = {"BEFORE_SET", "AFTER_SET", "AFTER_LOGON"})
    void aCrashAnywhereInARotationIsRepairedByTheNextRun(Failpoint failpoint) throws Exception {
        run().rotate(ACCOUNT);
        String old = windows.passwordOf(ACCOUNT);
        windows.crashAt(failpoint);
        assertThatThrownBy(() -> run().rotate(ACCOUNT)).isInstanceOf(Crash.class);
        assertThat(pending()).as("the new password was sealed before the account had it").exists();
        assertThat(current()).as("the old one is kept until the new one logs on").exists();
        assertThat(revealed()).isEqualTo(old);

        AccountCredentials next = run();
        assertThat(next.status(ACCOUNT, false).rotationPending()).isTrue();
        int wrong = windows.wrongPasswords;
        int sets = windows.sets;
        CredentialStatus repaired = next.repair(ACCOUNT);
        assertVerifiedWithTheAccountsPassword(repaired);
        assertThat(windows.sets).as("repair sets no password").isEqualTo(sets);
        assertThat(windows.wrongPasswords - wrong).as("at most one logon with a wrong password")
                .isEqualTo(failpoint == Failpoint.BEFORE_SET ? 1 : 0);
        assertThat(revealed()).isEqualTo(failpoint == Failpoint.BEFORE_SET ? old : windows.passwordOf(ACCOUNT))
                .isEqualTo(windows.passwordOf(ACCOUNT));
    }

    @Test
    void aCrashWhileSealingTheNewPasswordLeavesTheOldOneAndNoTemporaryFile() throws Exception {
        run().rotate(ACCOUNT);
        String old = windows.passwordOf(ACCOUNT);
        crashWritingPending = true;
        assertThatThrownBy(() -> run().rotate(ACCOUNT)).isInstanceOf(Crash.class);
        assertThat(windows.passwordOf(ACCOUNT)).isEqualTo(old);
        assertThat(current().resolveSibling("." + pending().getFileName() + ".tmp")).exists();
        assertVerifiedWithTheAccountsPassword(run().repair(ACCOUNT));
        assertThat(revealed()).isEqualTo(old);
    }

    @Test
    void aCrashDuringTheFirstRotationIsRepairedToo() throws Exception {
        windows.crashAt(Failpoint.AFTER_SET);
        assertThatThrownBy(() -> run().rotate(ACCOUNT)).isInstanceOf(Crash.class);
        assertThat(run().status(ACCOUNT, true).state()).isEqualTo(new CredentialState.Missing());
        assertVerifiedWithTheAccountsPassword(run().ensure(ACCOUNT));
        assertThat(windows.sets).as("repaired from the pending file, not by a second set-password").isEqualTo(1);

        windows.crashAt(Failpoint.BEFORE_SET);
        AccountCredentials fresh = new AccountCredentials(dir.resolve("other"), protector, files, windows, windows, windows);
        assertThatThrownBy(() -> fresh.rotate("cordon-on")).isInstanceOf(Crash.class);
        CredentialStatus unknown = fresh.repair("cordon-on");
        assertThat(unknown.state()).as("a password the account never had is dropped").isEqualTo(new CredentialState.Missing());
        assertThat(unknown.rotationPending()).isFalse();
    }

    @Test
    void aRefusedSetPasswordIsReportedOnceAndLeavesTheOldPassword() throws Exception {
        run().rotate(ACCOUNT);
        String old = windows.passwordOf(ACCOUNT);
        windows.refuseNextSet();
        int sets = windows.sets;
        assertThatThrownBy(() -> run().rotate(ACCOUNT)).isInstanceOf(CordonException.class)
                .hasMessageContaining("password policy").hasMessageNotContaining(old);
        assertThat(windows.sets).as("never retried").isEqualTo(sets + 1);
        assertThat(pending()).doesNotExist();
        assertThat(windows.passwordOf(ACCOUNT)).isEqualTo(old);
        assertVerifiedWithTheAccountsPassword(run().status(ACCOUNT, true));
    }

    @Test
    void aNewPasswordThatCannotLogOnStaysPendingUntilItCanWithoutARetry() throws Exception {
        run().rotate(ACCOUNT);
        windows.disableOnSet();
        int sets = windows.sets;
        int logons = windows.logons;
        CredentialStatus s = run().rotate(ACCOUNT);
        assertThat(s.state()).isInstanceOf(CredentialState.Sealed.class);
        assertThat(s.state().detail()).contains("set but the logon was refused", "disabled");
        assertThat(s.rotationPending()).isTrue();
        assertThat(windows.sets - sets).isEqualTo(1);
        assertThat(windows.logons - logons).as("repair's proof of the old password, then one of the new").isEqualTo(2);
        assertThat(current()).exists();
        assertThat(pending()).exists();

        assertThat(run().repair(ACCOUNT).rotationPending()).as("still undecided while disabled").isTrue();
        String pendingFile = Files.readString(pending());
        assertThatThrownBy(() -> run().rotate(ACCOUNT)).isInstanceOf(CordonException.class)
                .hasMessageContaining("cannot be settled now");
        assertThat(Files.readString(pending())).as("the pending password is not overwritten").isEqualTo(pendingFile);
        assertThat(windows.sets - sets).isEqualTo(1);
        windows.disable(ACCOUNT, false);
        assertVerifiedWithTheAccountsPassword(run().repair(ACCOUNT));
    }

    @Test
    void neitherStatesNorStatusesNorErrorsCarryThePassword() {
        CredentialStatus s = run().rotate(ACCOUNT);
        String password = windows.passwordOf(ACCOUNT);
        assertThat(s.toString()).doesNotContain(password);
        windows.changeElsewhere(ACCOUNT);
        assertThat(run().status(ACCOUNT, true).toString()).doesNotContain(password);
        run().remove(ACCOUNT);
        assertThat(current()).doesNotExist();
        assertThatThrownBy(() -> run().reveal(ACCOUNT)).hasMessageContaining("is missing");
        assertThatThrownBy(() -> run().status("../etc", false)).isInstanceOf(CordonException.class);
    }

    @Test
    void aReaderLooksAndProvesButChangesNothing() {
        run().rotate(ACCOUNT);
        AccountCredentials reader = AccountCredentials.reader(dir.resolve("credentials"), protector, windows);
        assertThat(reader.status(ACCOUNT, true).verified()).isTrue();
        assertThat(new String(reader.reveal(ACCOUNT))).isEqualTo(windows.passwordOf(ACCOUNT));
        int sets = windows.sets;
        assertThatThrownBy(() -> reader.rotate(ACCOUNT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> reader.ensure(ACCOUNT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> reader.remove(ACCOUNT)).isInstanceOf(IllegalStateException.class);
        assertThat(windows.sets).isEqualTo(sets);
        assertThat(current()).exists();
    }

    /** The fake file security, crashing right after it created the pending file's temporary file when armed. */
    private final class CrashingFileSecurity implements FileSecurity {
        @Override
        public void createOwnerOnlyFile(Path file) throws IOException {
            files.createOwnerOnlyFile(file);
            if (crashWritingPending && file.getFileName().toString().endsWith(".next.tmp")) {
                crashWritingPending = false;
                throw new Crash("while sealing the new password");
            }
        }

        @Override
        public void createOwnerOnlyDirectory(Path dir) throws IOException {
            files.createOwnerOnlyDirectory(dir);
        }

        @Override
        public Path sharedTemporaryRoot() {
            return files.sharedTemporaryRoot();
        }

        @Override
        public String stateDirectoryPolicy() {
            return files.stateDirectoryPolicy();
        }

        @Override
        public void createOwnerOnlyDirectories(Path dir) throws IOException {
            files.createOwnerOnlyDirectories(dir);
        }

        @Override
        public void secureStateDirectory(Path dir) throws IOException {
            files.secureStateDirectory(dir);
        }

        @Override
        public DirectoryAccess stateDirectory(Path dir) {
            return files.stateDirectory(dir);
        }

        @Override
        public void makePublicReadOnly(Path dir) throws IOException {
            files.makePublicReadOnly(dir);
        }

        @Override
        public void makeTraversableByAll(Path dir) throws IOException {
            files.makeTraversableByAll(dir);
        }

        @Override
        public void shareWithGroup(Path dir, dev.cordon.core.Principal group, boolean write) throws IOException {
            files.shareWithGroup(dir, group, write);
        }
    }
}
