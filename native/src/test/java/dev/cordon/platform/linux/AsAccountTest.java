package dev.cordon.platform.linux;

import dev.cordon.core.Exec;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host's helpers run as a sandbox account (the rename of a planted repository's entry, the network probe's client)
 * cannot dump core: their RLIMIT_CORE is 0, soft and hard, as the kernel reports it in {@code /proc/PID/limits} of the
 * helper itself, so that no process of the account can raise it (R44 for commands; these are the host's own).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "changes uid with setpriv")
class AsAccountTest {
    /** An account that exists on every Debian system and holds nothing: the helper's uid here. */
    private static final Account NOBODY = new Account("nobody", Principal.uid(65534), Principal.gid(65534), "/nonexistent",
            "/usr/sbin/nologin", List.of());

    @Test
    void aHelperAsTheAccountHasNoCoreLimitToRaise() {
        List<String> limits = limitsOf(AsAccount.command(NOBODY, "--clear-groups", List.of("cat", "/proc/self/limits")));

        assertThat(limits).anySatisfy(l -> assertThat(l).matches("Max core file size\\s+0\\s+0\\s+bytes\\s*"));
        assertThat(limits).anySatisfy(l -> assertThat(l).startsWith("Max open files")); // it ran, as the account
    }

    @Test
    void theRenameAsTheSessionStartsAsSuchAHelper() {
        List<String> rename = WorkspaceGrants.renameCommand(NOBODY, Principal.gid(65534), Path.of("/a"), Path.of("/b"));
        int mv = rename.indexOf("mv");
        assertThat(rename.subList(mv, rename.size())).containsExactly("mv", "-T", "--no-clobber", "--", "/a", "/b");
        List<String> prefix = new ArrayList<>(rename.subList(0, mv));
        prefix.addAll(List.of("cat", "/proc/self/limits"));

        assertThat(limitsOf(prefix)).anySatisfy(l -> assertThat(l).matches("Max core file size\\s+0\\s+0\\s+bytes\\s*"));
    }

    private static List<String> limitsOf(List<String> command) {
        Exec.Result r = Exec.run(command);
        assertThat(r.ok()).as("%s: %s", command, r.stderr()).isTrue();
        return r.stdout().lines().toList();
    }
}
