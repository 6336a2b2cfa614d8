package dev.cordon.vault;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.HostKeyProtector;
import dev.cordon.platform.linux.PosixFileSecurity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultTest {
    @TempDir
    Path dir;
    HostKeyProtector protector;
    Vault vault;

    @BeforeEach
    void setUp() {
        protector = new HostKeyProtector(dir.resolve("keys/host.key"));
        protector.createKey();
        vault = new Vault(dir.resolve("secrets"), protector, new PosixFileSecurity());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sealsVerifiesAndRevealsWithoutStoringThePlaintext() throws Exception {
        assertThat(vault.set("API_TOKEN", utf8("s3cr3t-value")).state()).isEqualTo(Vault.State.SEALED);
        Path file = dir.resolve("secrets/API_TOKEN.secret");
        assertThat(Files.readString(file)).doesNotContain("s3cr3t-value");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/host.key")))).isEqualTo("rw-------");
        assertThat(vault.status("API_TOKEN", true).state()).isEqualTo(Vault.State.VERIFIED);
        assertThat(new String(vault.reveal("API_TOKEN"), StandardCharsets.UTF_8)).isEqualTo("s3cr3t-value");
        assertThat(vault.list(false)).extracting(Vault.SecretStatus::name).containsExactly("API_TOKEN");
    }

    @Test
    void missingSecret() {
        assertThat(vault.status("NOPE", true).state()).isEqualTo(Vault.State.MISSING);
        assertThatThrownBy(() -> vault.reveal("NOPE")).hasMessageContaining("no secret named NOPE");
    }

    @Test
    void aReplacedHostKeyMakesSecretsUnsealable() {
        vault.set("A", utf8("one"));
        protector.destroyKey();
        protector.createKey();
        Vault.SecretStatus s = vault.status("A", true);
        assertThat(s.state()).isEqualTo(Vault.State.UNSEALABLE);
        assertThat(s.detail()).contains("another host key");
    }

    @Test
    void aDamagedBlobIsUnsealable() throws Exception {
        vault.set("A", utf8("one"));
        Path file = dir.resolve("secrets/A.secret");
        String text = Files.readString(file);
        int i = text.indexOf("\"blob\" : \"") + 12;
        char c = text.charAt(i);
        Files.writeString(file, text.substring(0, i) + (c == 'A' ? 'B' : 'A') + text.substring(i + 1));
        Vault.SecretStatus s = vault.status("A", true);
        assertThat(s.state()).isEqualTo(Vault.State.UNSEALABLE);
        assertThat(s.detail()).contains("tag mismatch");
        assertThatThrownBy(() -> vault.reveal("A")).isInstanceOf(CordonException.class)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.DATA_ERROR));
    }

    @Test
    void aBlobCopiedToAnotherNameIsUnsealable() throws Exception {
        vault.set("A", utf8("one"));
        String text = Files.readString(dir.resolve("secrets/A.secret")).replace("\"name\" : \"A\"", "\"name\" : \"B\"");
        Files.writeString(dir.resolve("secrets/B.secret"), text);
        assertThat(vault.status("B", true).state()).isEqualTo(Vault.State.UNSEALABLE);
    }

    @Test
    void notJsonIsUnsealableNotACrash() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/X.secret"), "garbage");
        assertThat(vault.status("X", false).state()).isEqualTo(Vault.State.UNSEALABLE);
    }

    @Test
    void rejectsBadNamesAndValues() {
        assertThatThrownBy(() -> vault.set("1BAD", utf8("x"))).hasMessageContaining("Invalid secret name '1BAD'");
        assertThatThrownBy(() -> vault.set("../etc", utf8("x"))).hasMessageContaining("Invalid secret name");
        assertThatThrownBy(() -> vault.set("EMPTY", new byte[0])).hasMessageContaining("is empty");
        assertThatThrownBy(() -> vault.set("BIG", new byte[Vault.MAX_VALUE_BYTES + 1])).hasMessageContaining("limit");
    }

    @Test
    void refusesWithoutAKey() {
        protector.destroyKey();
        assertThatThrownBy(() -> vault.set("A", utf8("x"))).isInstanceOf(CordonException.class)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.NOT_SET_UP));
    }

    @Test
    void refusesAKeyReadableByOthers() throws Exception {
        Files.setPosixFilePermissions(dir.resolve("keys/host.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> vault.set("A", utf8("x"))).hasMessageContaining("readable by root only");
    }
}
