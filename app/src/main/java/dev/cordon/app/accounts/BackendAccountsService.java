package dev.cordon.app.accounts;

import dev.cordon.Backend;
import dev.cordon.app.accounts.AccountsSnapshot.AccountState;
import dev.cordon.app.accounts.AccountsSnapshot.Role;
import dev.cordon.app.accounts.AccountsSnapshot.UsersGroup;
import dev.cordon.app.accounts.AccountsSnapshot.VaultState;
import dev.cordon.core.CordonException;
import dev.cordon.platform.Account;
import dev.cordon.platform.AccountPosture;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Group;
import dev.cordon.platform.SecretProtector;
import dev.cordon.vault.Vault;
import dev.cordon.vault.Vault.SecretStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AccountsService} on the real backend: the same vault calls as {@code cordon secret}, audited the same way
 * ({@code secret.set}, {@code secret.rm}, {@code secret.verify}) with {@code "client":"panel"} in the arguments.
 */
public final class BackendAccountsService implements AccountsService {
    private final Backend backend;

    public BackendAccountsService(Backend backend) {
        this.backend = backend;
    }

    @Override
    public AccountsSnapshot load() {
        Accounts accounts = backend.platform().accounts();
        List<AccountState> states = List.of(
                account(accounts, Role.OFFLINE, backend.instance().offlineAccount()),
                account(accounts, Role.ONLINE, backend.instance().onlineAccount()));
        String usersName = backend.instance().usersGroup();
        UsersGroup users = accounts.group(usersName).map(g -> new UsersGroup(g.name(), true, g.members()))
                .orElse(new UsersGroup(usersName, false, List.of()));
        SecretProtector protector = backend.platform().protector();
        if (!backend.platform().elevated()) {
            // the key and the secrets live in root-only directories: not readable, which is not "missing"
            return new AccountsSnapshot(states, users, new VaultState(protector.scheme(), false, false), List.of());
        }
        return new AccountsSnapshot(states, users, new VaultState(protector.scheme(), true, protector.keyPresent()),
                backend.vault().list(false));
    }

    private AccountState account(Accounts accounts, Role role, String name) {
        Optional<Account> found = accounts.user(name);
        if (found.isEmpty()) {
            return AccountState.missing(role, name);
        }
        Account a = found.get();
        AccountPosture posture = accounts.posture(a);
        String primary = accounts.group(backend.instance().sandboxGroup()).filter(g -> accounts.hasPrimaryGroup(a, g))
                .map(Group::name).orElse(a.primaryGroup().value());
        return new AccountState(role, name, true, a.id(), primary, posture.passwordLocked(), posture.shell(),
                posture.loginShell(), a.groups(), posture.findings(), posture.evidence());
    }

    @Override
    public SecretStatus verify(String name) {
        Vault.validateName(name);
        SecretStatus s = backend.vault().status(name, true);
        if (s.state() == Vault.State.MISSING) {
            throw CordonException.usage("There is no secret named " + name + ".", "Refresh the list; add it with Add secret.");
        }
        backend.audit().record("secret.verify", args(name), s.state().name().toLowerCase(), s.detail());
        return s;
    }

    @Override
    public SecretStatus set(String name, byte[] value) {
        SecretStatus s;
        try {
            s = backend.vault().set(name, value);
        } catch (CordonException e) {
            backend.audit().record("secret.set", args(name), "error", e.getMessage());
            throw e;
        }
        backend.audit().record("secret.set", args(name), "ok", null);
        return s;
    }

    @Override
    public void remove(String name) {
        if (!backend.vault().remove(name)) {
            throw CordonException.usage("There is no secret named " + name + ".", "Refresh the list to see the secrets there are.");
        }
        backend.audit().record("secret.rm", args(name), "ok", null);
    }

    private static Map<String, Object> args(String name) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", name);
        args.put("client", "panel");
        return args;
    }
}
