package dev.cordon.testing;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.AccountPosture;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts in memory: ids handed out like {@code useradd --system} (downwards from 999), a locked password and a
 * no-login shell for sandbox accounts, and {@link #failOn} to make one operation fail as the OS tool would.
 */
public final class FakeAccounts implements Accounts {
    public static final String NO_LOGIN = "/usr/sbin/nologin";

    private final Map<String, Account> users = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Boolean> locked = new LinkedHashMap<>();
    private final List<String> failing = new ArrayList<>();
    private int nextId = 999;
    private String loginUser;

    /** The next call of {@code operation} (e.g. {@code "createSandboxUser"}) throws, as a failing OS tool would. */
    public FakeAccounts failOn(String operation) {
        failing.add(operation);
        return this;
    }

    /** A person's account (uid 1000 and up), not created by Cordon. */
    public Account addPerson(String name, int uid) {
        Account a = new Account(name, Principal.uid(uid), Principal.gid(uid), "/home/" + name, "/bin/bash", List.of());
        users.put(name, a);
        locked.put(name, false);
        return a;
    }

    /** An account as it is, e.g. a sandbox account with the ids a test needs. */
    public Account add(Account account) {
        users.put(account.name(), account);
        locked.put(account.name(), true);
        return account;
    }

    /** A group someone else made (a collision for setup). */
    public Group addGroup(String name, int gid) {
        Group g = new Group(name, Principal.gid(gid), List.of());
        groups.put(name, g);
        return g;
    }

    /** Changes an account behind Cordon's back, e.g. gives it a login shell. */
    public void replace(Account account, boolean passwordLocked) {
        users.put(account.name(), account);
        locked.put(account.name(), passwordLocked);
    }

    public FakeAccounts loginUser(String name) {
        this.loginUser = name;
        return this;
    }

    private void maybeFail(String operation, String target) {
        if (failing.remove(operation)) {
            throw new CordonException(ExitCode.INTERNAL, operation + " " + target + " failed (injected by FakeAccounts).",
                    "Nothing to fix: a test asked for this failure.");
        }
    }

    @Override
    public Optional<Account> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    @Override
    public Optional<Account> user(Principal id) {
        return users.values().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    @Override
    public List<Account> users() {
        return List.copyOf(users.values());
    }

    @Override
    public List<Account> people() {
        return users.values().stream().filter(a -> a.id() instanceof Principal.PosixId p && p.number() >= 1000).toList();
    }

    @Override
    public Optional<String> loginUser() {
        return Optional.ofNullable(loginUser);
    }

    @Override
    public Optional<Account> superuser() {
        return Optional.of(new Account("root", Principal.uid(0), Principal.gid(0), "/root", "/bin/bash", List.of()));
    }

    @Override
    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    @Override
    public Group createGroup(String name) {
        maybeFail("createGroup", name);
        if (groups.containsKey(name)) {
            throw new CordonException(ExitCode.CONFLICT, "group " + name + " exists", "");
        }
        Group g = new Group(name, Principal.gid(nextId--), List.of());
        groups.put(name, g);
        return g;
    }

    @Override
    public String sandboxUserPolicy() {
        return "no login shell, password locked";
    }

    @Override
    public Account createSandboxUser(String name, String group) {
        maybeFail("createSandboxUser", name);
        Group g = group(group).orElseThrow(() -> new CordonException(ExitCode.INTERNAL, "no group " + group, ""));
        if (users.containsKey(name)) {
            throw new CordonException(ExitCode.CONFLICT, "account " + name + " exists", "");
        }
        Account a = new Account(name, Principal.uid(nextId--), g.id(), "/nonexistent", NO_LOGIN, List.of());
        users.put(name, a);
        locked.put(name, true);
        return a;
    }

    @Override
    public void enforceLockdown(String name) {
        maybeFail("enforceLockdown", name);
        Account a = users.get(name);
        users.put(name, new Account(name, a.id(), a.primaryGroup(), a.home(), NO_LOGIN, a.groups()));
        locked.put(name, true);
    }

    @Override
    public void setPrimaryGroup(String name, String group) {
        maybeFail("setPrimaryGroup", name);
        Account a = users.get(name);
        users.put(name, new Account(name, a.id(), groups.get(group).id(), a.home(), a.shell(), a.groups()));
    }

    @Override
    public void deleteUser(String name) {
        maybeFail("deleteUser", name);
        users.remove(name);
        locked.remove(name);
    }

    @Override
    public void deleteGroup(String name) {
        maybeFail("deleteGroup", name);
        groups.remove(name);
    }

    @Override
    public AccountPosture posture(Account account) {
        List<String> findings = new ArrayList<>();
        boolean isLocked = locked.getOrDefault(account.name(), false);
        if (!isLocked) {
            findings.add("password is not locked (a password logon is possible)");
        }
        boolean loginShell = !account.shell().equals(NO_LOGIN);
        if (loginShell) {
            findings.add("login shell is " + account.shell() + " (expected a no-login shell)");
        }
        return new AccountPosture(account.name(), isLocked, loginShell, account.shell(), List.of(), findings);
    }
}
