package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.AccountPosture;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Group;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Accounts through shadow-utils ({@code useradd}, {@code groupadd}, …) and the passwd files. */
public final class LinuxAccounts implements Accounts {
    /** Groups that grant root or read secrets, devices or the journal; a sandbox account must be in none. */
    static final Set<String> PRIVILEGED_GROUPS = Set.of("root", "sudo", "wheel", "adm", "admin", "shadow", "disk",
            "docker", "lxd", "libvirt", "kvm", "systemd-journal", "staff", "kmem", "tty", "video", "input");
    /** Debian's and most distributions' range of ids for people (login.defs UID_MIN .. UID_MAX, roughly). */
    private static final int FIRST_PERSON_UID = 1000;
    private static final int FIRST_SYSTEM_UID_AFTER_PEOPLE = 60000;
    private static final int NOBODY = 65534;
    private static final Set<String> NO_LOGIN_SHELLS = Set.of("/usr/sbin/nologin", "/sbin/nologin", "/bin/false",
            "/usr/bin/false");

    @Override
    public Optional<Account> user(String name) {
        return Passwd.load().user(name);
    }

    @Override
    public List<Account> people() {
        return Passwd.load().users().stream().filter(a -> {
            int uid = PosixIds.uid(a);
            return uid >= FIRST_PERSON_UID && uid < FIRST_SYSTEM_UID_AFTER_PEOPLE;
        }).toList();
    }

    /** Any uid from 1000 up but {@code nobody}: people's accounts made with other ranges too (fails closed). */
    @Override
    public boolean mayBePerson(Account account) {
        int uid = account.id() instanceof Principal.PosixId id ? id.number() : -1;
        return uid >= FIRST_PERSON_UID && uid != NOBODY;
    }

    @Override
    public Optional<String> loginUser() {
        try {
            String raw = Files.readString(Path.of("/proc/self/loginuid")).trim();
            long uid = Long.parseLong(raw);
            if (uid == 4294967295L) {
                return Optional.empty(); // not set: a daemon or a container without login sessions
            }
            return Optional.of(Passwd.load().nameOf((int) uid).orElse(raw));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Account> superuser() {
        return Passwd.load().user(0);
    }

    @Override
    public Optional<Group> group(String name) {
        return Passwd.load().group(name);
    }

    @Override
    public Optional<Account> user(Principal id) {
        return Passwd.load().user(PosixIds.number(id));
    }

    @Override
    public List<Account> users() {
        return List.copyOf(Passwd.load().users());
    }

    @Override
    public Group createGroup(String name) {
        Exec.run(List.of(tool("groupadd"), "--system", name)).orThrow("Creating group " + name);
        return group(name).orElseThrow(() -> readBackFailed("group", name));
    }

    @Override
    public String sandboxUserPolicy() {
        return "no login shell, password locked";
    }

    @Override
    public Account createSandboxUser(String name, String group) {
        Exec.run(List.of(tool("useradd"), "--system", "--gid", group, "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", noLoginShell(), "--comment", "Cordon sandbox account", name)).orThrow("Creating account " + name);
        enforceLockdown(name);
        return user(name).orElseThrow(() -> readBackFailed("account", name));
    }

    /** Linux sandbox accounts keep a locked password: sessions start as the account without a logon. */
    @Override
    public void setPassword(String name, char[] password) {
        throw new CordonException(ExitCode.UNAVAILABLE, "Cannot set a password for " + name + ": Linux sandbox "
                + "accounts have locked passwords by design (no password logon; the runner is started with the "
                + "account's uid).", "Nothing to do on Linux; a password is only needed for Windows sandbox accounts.");
    }

    @Override
    public void enforceLockdown(String name) {
        Exec.run(List.of(tool("usermod"), "--lock", "--shell", noLoginShell(), name)).orThrow("Locking account " + name);
    }

    @Override
    public void setPrimaryGroup(String name, String group) {
        Exec.run(List.of(tool("usermod"), "--gid", group, name)).orThrow("Setting the group of " + name);
    }

    @Override
    public void deleteUser(String name) {
        if (user(name).isEmpty()) {
            return;
        }
        Exec.run(List.of(tool("userdel"), name)).orThrow("Removing account " + name);
    }

    @Override
    public void deleteGroup(String name) {
        if (group(name).isEmpty()) {
            return;
        }
        Exec.run(List.of(tool("groupdel"), name)).orThrow("Removing group " + name);
    }

    @Override
    public AccountPosture posture(Account account) {
        List<String> findings = new ArrayList<>();
        Optional<String> hash = shadowHash(account.name());
        boolean locked = hash.map(h -> h.startsWith("!") || h.equals("*")).orElse(false);
        if (hash.isEmpty()) {
            findings.add("no entry in /etc/shadow: cannot tell whether the password is locked");
        } else if (!locked) {
            findings.add("password is not locked (a password logon is possible)");
        }
        boolean loginShell = !NO_LOGIN_SHELLS.contains(account.shell());
        if (loginShell) {
            findings.add("login shell is " + account.shell() + " (expected a no-login shell)");
        }
        Passwd db = Passwd.load();
        List<String> privileged = new ArrayList<>();
        for (String g : account.groups()) {
            if (PRIVILEGED_GROUPS.contains(g)) {
                privileged.add(g);
            }
        }
        db.group(PosixIds.gid(account)).map(Group::name).filter(PRIVILEGED_GROUPS::contains).ifPresent(privileged::add);
        if (PosixIds.uid(account) == 0) {
            findings.add("uid is 0 (root)");
        }
        if (!privileged.isEmpty()) {
            findings.add("member of privileged group(s) " + String.join(", ", privileged));
        }
        return new AccountPosture(account.name(), locked, loginShell, account.shell(), List.copyOf(privileged),
                List.copyOf(findings));
    }

    private static Optional<String> shadowHash(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/shadow"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length > 1 && f[0].equals(name)) {
                    return Optional.of(f[1]);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String noLoginShell() {
        return Files.isExecutable(Path.of("/usr/sbin/nologin")) ? "/usr/sbin/nologin" : "/bin/false";
    }

    private static String tool(String name) {
        return Exec.require(name, "passwd").toString();
    }

    private static CordonException readBackFailed(String what, String name) {
        return new CordonException(ExitCode.INTERNAL, "Created " + what + " " + name
                + " but cannot read it back from the account database.",
                "Check /etc/nsswitch.conf and that /etc/passwd and /etc/group are local files.");
    }
}
