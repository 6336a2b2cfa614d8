package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.testing.FakeAccountPasswords;
import dev.cordon.testing.FakePlatform;
import dev.cordon.vault.AccountCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** `cordon status` shows each account's credential where accounts log on with a password, without a logon. */
class StatusCredentialsTest {
    @TempDir
    Path root;

    private String status(Instance instance, FakePlatform platform, String... args) {
        StatusCommand command = new StatusCommand();
        command.common = new Common(instance, platform);
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void eachAccountsCredentialStateIsShownWithoutALogon() throws Exception {
        FakeAccountPasswords windows = new FakeAccountPasswords();
        FakePlatform platform = new FakePlatform().withLogonVerifier(windows);
        platform.protector.createKey();
        Instance instance = new Instance("st" + ThreadLocalRandom.current().nextInt(100000, 999999), root);
        new AccountCredentials(instance.credentialsDir(), platform.protector, platform.fileSecurity, windows, windows,
                windows).rotate(instance.offlineAccount());
        int logons = windows.logons;

        JsonNode doc = Json.parse(status(instance, platform, "--json"));
        assertThat(doc.path("accounts").get(0).path("credential").path("state").asText()).isEqualTo("sealed");
        assertThat(doc.path("accounts").get(0).path("credential").path("rotationPending").asBoolean()).isFalse();
        assertThat(doc.path("accounts").get(1).path("credential").path("state").asText()).isEqualTo("missing");
        assertThat(windows.logons).as("status probes nothing").isEqualTo(logons);
        assertThat(status(instance, platform)).contains("credential sealed", "credential missing")
                .doesNotContain(windows.passwordOf(instance.offlineAccount()));
    }

    @Test
    void whereAccountsHaveNoPasswordThereIsNoCredential() throws Exception {
        FakePlatform platform = new FakePlatform();
        Instance instance = new Instance("st" + ThreadLocalRandom.current().nextInt(100000, 999999), root);
        JsonNode doc = Json.parse(status(instance, platform, "--json"));
        assertThat(doc.path("accounts").get(0).has("credential")).isFalse();
    }
}
