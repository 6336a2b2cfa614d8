package dev.cordon.platform.linux;

import dev.cordon.core.Exec;
import dev.cordon.platform.Account;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a helper the host runs as a sandbox account (not a runner: {@code mv} of a planted repository's
 * entry where {@code cordon-rename} is not built, the network probe's client): {@code prlimit --core=0:0 -- setpriv --reuid --regid GROUPS -- COMMAND}. The
 * core limit is set to 0, soft and hard, before the helper becomes the account (R44's limit for commands): otherwise a
 * command of any session of that account could raise the helper's soft limit (prlimit64 on a process of its own uid)
 * and signal it into dumping core with the host's environment and what the helper holds; raising a hard limit needs
 * {@code CAP_SYS_RESOURCE}, which the account does not have.
 */
final class AsAccount {
    private AsAccount() {
    }

    /**
     * {@code command} as {@code account} (its uid and primary gid) with {@code groups} ({@code setpriv}'s
     * {@code --groups=N} or {@code --clear-groups}), core dumps off.
     */
    static List<String> command(Account account, String groups, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of(Exec.require("prlimit", "util-linux").toString(), "--core=0:0", "--",
                Exec.require("setpriv", "util-linux").toString(), "--reuid=" + PosixIds.uid(account),
                "--regid=" + PosixIds.gid(account), groups, "--"));
        cmd.addAll(command);
        return cmd;
    }
}
