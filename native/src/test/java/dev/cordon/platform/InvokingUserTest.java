package dev.cordon.platform;

import dev.cordon.testing.FakeAccounts;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who an elevated process acts for: pkexec's uid first, then sudo's uid, then sudo's name; never root. */
class InvokingUserTest {
    private final FakeAccounts accounts = new FakeAccounts();
    private final Account alice = accounts.addPerson("alice", 1000);
    private final Account bob = accounts.addPerson("bob", 1001);

    @Test
    void pkexecThenSudoByUidThenSudoByName() {
        assertThat(InvokingUser.of(Map.of("PKEXEC_UID", "1000", "SUDO_UID", "1001"), accounts)).contains(alice);
        assertThat(InvokingUser.of(Map.of("SUDO_UID", "1001", "SUDO_USER", "alice"), accounts)).contains(bob);
        assertThat(InvokingUser.of(Map.of("SUDO_USER", "alice"), accounts)).contains(alice);
    }

    @Test
    void nobodyForRootNoVariablesOrAnUnknownUser() {
        assertThat(InvokingUser.of(Map.of(), accounts)).isEmpty();
        assertThat(InvokingUser.of(Map.of("PKEXEC_UID", "0", "SUDO_USER", "alice"), accounts)).isEmpty();
        assertThat(InvokingUser.of(Map.of("SUDO_USER", "root"), accounts)).isEmpty();
        assertThat(InvokingUser.of(Map.of("SUDO_UID", "4242"), accounts)).isEmpty();
        assertThat(InvokingUser.of(Map.of("PKEXEC_UID", "1000; rm"), accounts)).isEmpty();
    }
}
