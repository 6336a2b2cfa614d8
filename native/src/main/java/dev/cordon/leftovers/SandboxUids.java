package dev.cordon.leftovers;

import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.linux.Passwd;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.provision.Ledger;

import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The uids whose files and processes are leftovers, with a display name for each: the instance's offline and online
 * accounts if they exist, plus uids the ledger records as created by us and since removed. A removed uid that
 * {@code useradd} has since given to another, unrelated account is not ours any more and is left out.
 */
final class SandboxUids {
    private SandboxUids() {
    }

    /** uid → owner name (the uid as text when the account is gone), sorted by uid. */
    static Map<Integer, String> of(Instance instance, Passwd passwd) {
        Map<Integer, String> uids = new TreeMap<>();
        Ledger ledger = Files.exists(instance.ledgerFile()) ? Ledger.open(instance.ledgerFile()) : null;
        for (String account : new String[] {instance.offlineAccount(), instance.onlineAccount()}) {
            passwd.user(account).ifPresent(a -> {
                // an account of our name that the ledger recorded under another uid was re-created by someone else
                boolean ours = ledger == null || ledger.idOf(account).stream().allMatch(id -> id.equals(a.id()));
                if (ours) {
                    uids.put(PosixIds.uid(a), a.name());
                }
            });
        }
        if (ledger != null) {
            for (Principal removed : ledger.removedAccounts()) {
                int uid = PosixIds.number(removed);
                Optional<Account> now = passwd.user(uid);
                if (now.isEmpty()) {
                    uids.putIfAbsent(uid, Integer.toString(uid));
                }
            }
        }
        return uids;
    }
}
