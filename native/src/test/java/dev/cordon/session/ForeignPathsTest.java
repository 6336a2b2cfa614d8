package dev.cordon.session;

import dev.cordon.core.Caller;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import org.junit.jupiter.api.Test;

import dev.cordon.core.CordonException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForeignPathsTest {
    private static final Caller ALICE = new Caller(Principal.uid(1001), Principal.gid(1001), List.of(Principal.gid(1001)), "alice");
    /** Linux's answer of {@code Accounts.mayBePerson}: uid 1000 and up, not nobody. */
    private static final List<Account> ACCOUNTS = people(List.of(
            new Account("root", Principal.uid(0), Principal.gid(0), "/root", "/bin/bash", List.of()),
            new Account("daemon", Principal.uid(1), Principal.gid(1), "/usr/sbin", "/usr/sbin/nologin", List.of()),
            new Account("alice", Principal.uid(1001), Principal.gid(1001), "/home/alice", "/bin/bash", List.of()),
            new Account("bob", Principal.uid(1002), Principal.gid(1002), "/home/bob", "/bin/bash", List.of()),
            new Account("carol", Principal.uid(1003), Principal.gid(1003), "/srv/carol", "/bin/bash", List.of()),
            new Account("nobody", Principal.uid(65534), Principal.gid(65534), "/nonexistent", "/usr/sbin/nologin", List.of())));

    private static List<Account> people(List<Account> all) {
        dev.cordon.platform.linux.LinuxAccounts linux = new dev.cordon.platform.linux.LinuxAccounts();
        return all.stream().filter(linux::mayBePerson).toList();
    }

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

    /** Review finding F4: a session root started runs as the sandbox account too, and reads no one else's lent tree. */
    @Test
    void rootsSessionsHideWhatIsLentToOthersButNotPeoplesHomes() {
        assertThat(ForeignPaths.of(Caller.ROOT, List.of(Path.of("/tmp/w")), ACCOUNTS,
                List.of(Path.of("/tmp/x"), Path.of("/tmp/w/inner")))).containsExactly(Path.of("/tmp/x"));
    }

    private static final Path STATE = Path.of("/var/lib/cordon");

    /** R59: where a mount shows a hidden place under another path, that path is hidden too. */
    @Test
    void aMountOfAHiddenPlaceIsHiddenUnlessItHoldsTheSessionsOwnRoot() {
        assertThat(ForeignPaths.throughMounts(Map.of(Path.of("/srv/bob"), Path.of("/home/bob"),
                        Path.of("/srv/h/bob"), Path.of("/home/bob"), Path.of("/srv/state"), STATE,
                        Path.of("/srv/carol"), Path.of("/srv/carol-real")),
                List.of(Path.of("/home/alice/p"), Path.of("/srv/carol/shared/alice")), STATE))
                .containsExactlyInAnyOrder(Path.of("/srv/bob"), Path.of("/srv/h/bob"), Path.of("/srv/state"));
    }

    @Test
    void aMountOfAHiddenPlaceInsideTheSessionsOwnRootIsRefused() {
        assertThatThrownBy(() -> ForeignPaths.throughMounts(Map.of(Path.of("/srv/data/bob"), Path.of("/home/bob")),
                List.of(Path.of("/srv/data")), STATE))
                .isInstanceOf(CordonException.class)
                .hasMessageContaining("The session's writable root /srv/data holds /srv/data/bob, where a mount shows /home/bob")
                .hasMessageContaining("no runner was started");
    }

    @Test
    void aRootInsideAMountOfTheStateDirectoryIsRefused() {
        assertThatThrownBy(() -> ForeignPaths.throughMounts(Map.of(Path.of("/srv/state"), STATE),
                List.of(Path.of("/srv/state/x")), STATE))
                .isInstanceOf(CordonException.class)
                .hasMessageContaining("/srv/state/x lies inside /srv/state, where a mount shows Cordon's state directory");
    }

    /**
     * R105, R124: where root's FUSE daemon serves files by path is hidden, whatever the table says it serves; one holding
     * a root or in one refuses.
     */
    @Test
    void whereRootServesFilesByPathIsHiddenUnlessItHoldsOrLiesInARoot() {
        assertThat(ForeignPaths.servingByPath(Map.of(Path.of("/mnt/pool"), "fuse.mergerfs /d1:/d2"),
                List.of(Path.of("/home/alice/ws")))).containsExactly(Path.of("/mnt/pool"));
        assertThat(ForeignPaths.servingByPath(Map.of(Path.of("/srv/m"), "fuse.bindfs /srv/s"), List.of(Path.of("/srv/s/ws"))))
                .containsExactly(Path.of("/srv/m"));
        assertThatThrownBy(() -> ForeignPaths.servingByPath(Map.of(Path.of("/srv/s/ws/view"), "fuse /srv/s/ws"),
                List.of(Path.of("/srv/s/ws"))))
                .isInstanceOf(CordonException.class)
                .hasMessageContaining("writable root /srv/s/ws holds /srv/s/ws/view")
                .hasMessageContaining("(fuse /srv/s/ws) serves files by path");
        assertThatThrownBy(() -> ForeignPaths.servingByPath(Map.of(Path.of("/srv/f"), "fuse.mergerfs a:b"),
                List.of(Path.of("/srv/f/alice/ws"), Path.of("/home/alice/ws"))))
                .hasMessageContaining("writable root /srv/f/alice/ws lies inside /srv/f");
    }
}
