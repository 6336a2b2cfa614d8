package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.WinCrypt;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.SecretProtector;
import dev.cordon.testing.FakeFileSecurity;
import dev.cordon.vault.Vault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DPAPI protector everywhere: its entropy, the install secret's file and DACL, and the flags and entropy it hands
 * DPAPI (a recording fake that opens a blob only with the entropy it was sealed with). The real DPAPI is
 * {@link WindowsNativeTest}'s.
 */
class DpapiProtectorTest {
    private static final byte[] AAD = utf8("cordon.secret/1\0GITHUB_TOKEN\0dpapi/machine+install-secret");

    @TempDir
    Path dir;
    FakeWindowsFileAcl acl;
    FakeDpapi dpapi;
    Path secretFile;
    DpapiProtector protector;

    @BeforeEach
    void setUp() {
        acl = new FakeWindowsFileAcl();
        dpapi = new FakeDpapi();
        secretFile = dir.resolve("Cordon/keys/host.key");
        protector = new DpapiProtector(secretFile, acl, dpapi);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void entropyIsHmacSha256OfTheLabelAndNameKeyedWithTheInstallSecret() throws Exception {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        mac.update(utf8("dev.cordon.dpapi-entropy/2\0"));
        assertThat(DpapiProtector.entropy(secret, AAD)).isEqualTo(mac.doFinal(AAD)).hasSize(32);

        byte[] otherName = DpapiProtector.entropy(secret, utf8("cordon.secret/1\0NPM_TOKEN\0dpapi/machine+install-secret"));
        byte[] otherSecret = secret.clone();
        otherSecret[31] ^= 1;
        assertThat(otherName).hasSize(32).isNotEqualTo(DpapiProtector.entropy(secret, AAD));
        assertThat(DpapiProtector.entropy(otherSecret, AAD)).isNotEqualTo(DpapiProtector.entropy(secret, AAD));
        assertThat(DpapiProtector.entropy(secret, AAD)).isEqualTo(DpapiProtector.entropy(secret, AAD));
        assertThatThrownBy(() -> DpapiProtector.entropy(new byte[16], AAD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInstallSecretIsThirtyTwoRandomBytesInASystemAndAdministratorsOnlyFileFromItsFirstInstant() throws Exception {
        assertThat(protector.keyPresent()).isFalse();
        protector.createKey();
        assertThat(protector.keyPresent()).isTrue();
        assertThat(Files.readAllBytes(secretFile)).hasSize(32).isNotEqualTo(new byte[32]);
        assertThat(acl.calls()).containsExactly(
                "createDirectory Cordon " + Sddl.SYSTEM_AND_ADMINISTRATORS_DIRECTORY,
                "createDirectory keys " + Sddl.SYSTEM_AND_ADMINISTRATORS_DIRECTORY,
                "createFile host.key.tmp " + Sddl.SYSTEM_AND_ADMINISTRATORS_FILE);
        assertThat(acl.read(secretFile)).isEqualTo(Sddl.SYSTEM_AND_ADMINISTRATORS_FILE);
        assertThat(Files.list(secretFile.getParent())).containsExactly(secretFile);

        String id = protector.keyId();
        assertThat(id).hasSize(16).isEqualTo(SecretProtector.fingerprint(Files.readAllBytes(secretFile)));
        protector.createKey();
        assertThat(protector.keyId()).as("a second setup keeps the secret").isEqualTo(id);

        DpapiProtector other = new DpapiProtector(dir.resolve("other/host.key"), acl, dpapi);
        other.createKey();
        assertThat(other.keyId()).as("each install has its own").isNotEqualTo(id);
    }

    @Test
    void sealsInTheMachineScopeWithoutUiAndWithEntropyFromTheSecretAndTheName() throws Exception {
        protector.createKey();
        byte[] blob = protector.seal(utf8("ghp_not-a-real-token"), AAD);
        assertThat(dpapi.flags).containsExactly(WinCrypt.CRYPTPROTECT_LOCAL_MACHINE | WinCrypt.CRYPTPROTECT_UI_FORBIDDEN);
        assertThat(dpapi.entropies.get(0)).isEqualTo(DpapiProtector.entropy(Files.readAllBytes(secretFile), AAD));

        assertThat(protector.unseal(blob, AAD)).isEqualTo(utf8("ghp_not-a-real-token"));
        assertThat(dpapi.flags.get(1)).isEqualTo(WinCrypt.CRYPTPROTECT_UI_FORBIDDEN);

        assertThatThrownBy(() -> protector.unseal(blob, utf8("cordon.secret/1\0NPM_TOKEN\0dpapi/machine+install-secret")))
                .as("another name").isInstanceOf(SecretProtector.UnsealException.class);
        DpapiProtector otherInstall = new DpapiProtector(dir.resolve("other/host.key"), acl, dpapi);
        otherInstall.createKey();
        assertThatThrownBy(() -> otherInstall.unseal(blob, AAD)).as("another install secret")
                .isInstanceOf(SecretProtector.UnsealException.class);

        protector.destroyKey();
        protector.createKey();
        assertThatThrownBy(() -> protector.unseal(blob, AAD)).as("a replaced secret")
                .isInstanceOf(SecretProtector.UnsealException.class);
    }

    @Test
    void withoutTheSecretNothingIsSealedOrOpened() {
        assertThatThrownBy(() -> protector.seal(utf8("x"), AAD)).isInstanceOf(CordonException.class)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.NOT_SET_UP));
        protector.createKey();
        protector.destroyKey();
        assertThat(protector.keyPresent()).isFalse();
        assertThat(secretFile.getParent()).isEmptyDirectory();
        assertThatThrownBy(() -> protector.keyId()).hasMessageContaining("no install secret");
    }

    @Test
    void aSecretOthersMayReadIsRefusedAndNotUsed() throws Exception {
        protector.createKey();
        acl.apply(secretFile, "O:BAD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)");
        String secretHex = HexFormat.of().formatHex(Files.readAllBytes(secretFile));
        assertThatThrownBy(() -> protector.seal(utf8("x"), AAD)).isInstanceOf(CordonException.class)
                .hasMessageContaining("may be read by others than SYSTEM and Administrators")
                .hasMessageNotContaining(secretHex)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.DATA_ERROR));
        assertThat(dpapi.flags).isEmpty();

        acl.apply(secretFile, Sddl.SYSTEM_AND_ADMINISTRATORS_FILE);
        Files.write(secretFile, new byte[31]);
        assertThatThrownBy(() -> protector.keyId()).hasMessageContaining("is 31 bytes, expected 32");
    }

    @Test
    void theVaultSealsAndVerifiesThroughIt() {
        protector.createKey();
        Vault vault = new Vault(dir.resolve("secrets"), protector, new FakeFileSecurity());
        vault.set("GITHUB_TOKEN", utf8("ghp_not-a-real-token"));
        assertThat(vault.status("GITHUB_TOKEN", true).state()).isEqualTo(Vault.State.VERIFIED);
        assertThat(vault.status("GITHUB_TOKEN", true).keyId()).isEqualTo(protector.keyId());
        protector.destroyKey();
        protector.createKey();
        assertThat(vault.status("GITHUB_TOKEN", true).state()).isEqualTo(Vault.State.UNSEALABLE);
    }

    /** Not encryption: a blob is SHA-256 of the entropy followed by the data; it opens only with that entropy. */
    static final class FakeDpapi implements DpapiProtector.Dpapi {
        final List<Integer> flags = new ArrayList<>();
        final List<byte[]> entropies = new ArrayList<>();

        @Override
        public byte[] protect(byte[] data, byte[] entropy, int flags) {
            record(entropy, flags);
            byte[] tag = digest(entropy);
            return ByteBuffer.allocate(tag.length + data.length).put(tag).put(data).array();
        }

        @Override
        public byte[] unprotect(byte[] blob, byte[] entropy, int flags) throws SecretProtector.UnsealException {
            record(entropy, flags);
            if (blob.length < 32 || !MessageDigest.isEqual(Arrays.copyOf(blob, 32), digest(entropy))) {
                throw new SecretProtector.UnsealException("The parameter is incorrect (fake DPAPI)", null);
            }
            return Arrays.copyOfRange(blob, 32, blob.length);
        }

        private void record(byte[] entropy, int flags) {
            this.flags.add(flags);
            this.entropies.add(entropy.clone());
        }

        private static byte[] digest(byte[] entropy) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(entropy);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
