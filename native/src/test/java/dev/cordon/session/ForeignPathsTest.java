package dev.cordon.session;

import dev.cordon.core.Caller;
import dev.cordon.platform.Account;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForeignPathsTest {
    private static final Caller ALICE = new Caller(1001, 1001, List.of(1001), "alice");
    private static final List<Account> ACCOUNTS = List.of(
            new Account("root", 0, 0, "/root", "/bin/bash", List.of()),
            new Account("daemon", 1, 1, "/usr/sbin", "/usr/sbin/nologin", List.of()),
            new Account("alice", 1001, 1001, "/home/alice", "/bin/bash", List.of()),
            new Account("bob", 1002, 1002, "/home/bob", "/bin/bash", List.of()),
            new Account("carol", 1003, 1003, "/srv/carol", "/bin/bash", List.of()),
            new Account("nobody", 65534, 65534, "/nonexistent", "/usr/sbin/nologin", List.of()));

    @Test
    void aMembersSessionHidesOtherPeoplesHomesAndWhatIsLentToOthers() {
        assertThat(ForeignPaths.of(ALICE, List.of(Path.of("/home/alice/p")), ACCOUNTS,
                List.of(Path.of("/tmp/bobs-lent"), Path.of("/srv/team"))))
                .containsExactly(Path.of("/home/bob"), Path.of("/srv/carol"), Path.of("/srv/team"), Path.of("/tmp/bobs-lent"));
    }

    @Test
    void nothingThatHoldsOrLiesInsideTheSessionsOwnRootsIsHidden() {
        assertThat(ForeignPaths.of(ALICE, List.of(Path.of("/home/bob/shared/alice"), Path.of("/tmp/w")), ACCOUNTS,
                List.of(Path.of("/tmp/w/inner"))))
                .containsExactly(Path.of("/srv/carol"));
    }

    @Test
    void rootsSessionsKeepThePlainPolicy() {
        assertThat(ForeignPaths.of(Caller.ROOT, List.of(Path.of("/tmp/w")), ACCOUNTS, List.of(Path.of("/tmp/x")))).isEmpty();
    }
}
