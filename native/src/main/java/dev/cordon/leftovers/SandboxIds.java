package dev.cordon.leftovers;

import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Accounts;
import dev.cordon.provision.Ledger;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accounts whose files and processes are leftovers, with a display name for each: the instance's offline and
 * online accounts if they exist, plus ids the ledger records as created by us and since removed. A removed id that the
 * OS has since given to another, unrelated account is not ours any more and is left out.
 */
final class SandboxIds {
    private SandboxIds() {
    }

    /** id → owner name (the id as text when the account is gone), uids by number. */
    static Map<Principal, String> of(Instance instance, Accounts accounts) {
        Map<Principal, String> ids = new TreeMap<>(Leftover.ID_ORDER);
        Ledger ledger = Files.exists(instance.ledgerFile()) ? Ledger.open(instance.ledgerFile()) : null;
        for (String account : instance.sandboxAccounts()) {
            accounts.user(account).ifPresent(a -> {
                // an account of our name that the ledger recorded under another id was re-created by someone else
                boolean ours = ledger == null || ledger.idOf(account).stream().allMatch(id -> id.equals(a.id()));
                if (ours) {
                    ids.put(a.id(), a.name());
                }
            });
        }
        if (ledger != null) {
            for (Principal removed : ledger.removedAccounts()) {
                if (accounts.user(removed).isEmpty()) {
                    ids.putIfAbsent(removed, removed.value());
                }
            }
        }
        return ids;
    }
}
