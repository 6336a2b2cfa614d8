package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
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
import java.util.OptionalInt;
import java.util.Set;

/**
 * Local accounts and groups on Windows, over {@link AccountApi} (NetAPI, LSA, the registry).
 *
 * <p>A sandbox user is created by {@code NetUserAdd} level 1 with {@code USER_PRIV_USER} and
 * {@link #REQUIRED_FLAGS}, <b>disabled</b>, with a random {@value RandomPasswords#LENGTH}-character password nobody
 * learns (the credential vault sets its own with {@link #setPassword} and seals that); then it joins its Cordon group
 * and Users (resolved from {@value #USERS_SID}, never by name: the name is localised), is hidden from the sign-in
 * screen (Winlogon {@code SpecialAccounts\UserList}, DWORD 0), gets the deny rights {@link #DENY_RIGHTS} (network,
 * remote-interactive, service, batch; local interactive stays, secondary logons are type 2), and only then is enabled.
 *
 * <p>Windows names are case-insensitive: an account or group whose name differs from ours only in case is someone
 * else's, and every change to it is refused ({@link ExitCode#CONFLICT}, nothing changed), as is any change to an
 * existing account that does not carry our {@link #USER_COMMENT}. On a domain controller there are no local accounts
 * ({@code NetUserAdd} would create domain accounts): every change is refused. A local account has no settable primary
 * group (it is always "None", RID 513), so {@link #setPrimaryGroup} makes the account a member of the group and
 * {@link #hasPrimaryGroup} asks for that membership.
 *
 * <p>Posture: disabled, locked out, password expired or must change, flags, privilege, privileged groups, Users,
 * hidden, deny rights. The Linux fields of {@link AccountPosture} read: password not locked (Windows logons need
 * one), no login shell, shell {@code ""}. Not run on Windows yet, except through the {@code windows}-tagged test.
 */
public final class WindowsAccounts implements Accounts {
    /**
     * The flags every sandbox account carries. {@code UF_NORMAL_ACCOUNT} is the account type, which
     * {@code NetUserSetInfo} level 1008 wants stated (it replaces all the flags).
     */
    public static final int REQUIRED_FLAGS = Netapi32Ext.UF_SCRIPT | Netapi32Ext.UF_DONT_EXPIRE_PASSWD
            | Netapi32Ext.UF_PASSWD_CANT_CHANGE | Netapi32Ext.UF_NOT_DELEGATED | Netapi32Ext.UF_NORMAL_ACCOUNT;
    public static final String USERS_SID = "S-1-5-32-545";
    public static final List<String> DENY_RIGHTS = List.of("SeDenyNetworkLogonRight",
            "SeDenyRemoteInteractiveLogonRight", "SeDenyServiceLogonRight", "SeDenyBatchLogonRight");
    /** Marks the accounts and groups Cordon made; an existing account without it is never changed. */
    public static final String USER_COMMENT = "Cordon sandbox account (managed by Cordon)";
    public static final String GROUP_COMMENT = "Cordon group (managed by Cordon)";
    /** Built-in groups that grant administration, remote access or secrets; a sandbox account must be in none. */
    static final Map<String, String> PRIVILEGED_GROUPS = privilegedGroups();
    static final int USER_PRIV_USER = 1;
    private static final String ILLEGAL = "\"/\\[]:;|=,+*?<>@";
    private static final int LOCAL_GROUP_NAME_LIMIT = 256;
    private static final int FIRST_PERSON_RID = 1000;
    private static final int ERROR_ACCESS_DENIED = 5;

    private final AccountApi api;
    private final RandomPasswords passwords;
    private Boolean domainController;

    public WindowsAccounts(AccountApi api, RandomPasswords passwords) {
        this.api = api;
        this.passwords = passwords;
    }

    /** The real thing: NetAPI, LSA and the registry through JNA. */
    public static WindowsAccounts system() {
        return new WindowsAccounts(new JnaAccountApi(), new RandomPasswords());
    }

    private static Map<String, String> privilegedGroups() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("S-1-5-32-544", "Administrators");
        m.put("S-1-5-32-547", "Power Users");
        m.put("S-1-5-32-548", "Account Operators");
        m.put("S-1-5-32-549", "Server Operators");
        m.put("S-1-5-32-550", "Print Operators");
        m.put("S-1-5-32-551", "Backup Operators");
        m.put("S-1-5-32-555", "Remote Desktop Users");
        m.put("S-1-5-32-556", "Network Configuration Operators");
        m.put("S-1-5-32-562", "Distributed COM Users");
        m.put("S-1-5-32-569", "Cryptographic Operators");
        m.put("S-1-5-32-573", "Event Log Readers");
        m.put("S-1-5-32-578", "Hyper-V Administrators");
        m.put("S-1-5-32-579", "Access Control Assistance Operators");
        m.put("S-1-5-32-580", "Remote Management Users");
        return Map.copyOf(m);
    }

    // ---------------------------------------------------------------- reading

    @Override
    public Optional<Account> user(String name) {
        return api.user(name).map(this::account);
    }

    private Account account(AccountApi.UserInfo u) {
        List<String> groups = api.localGroupsOf(u.name()).stream().map(AccountApi.GroupInfo::name).toList();
        return new Account(u.name(), new Principal.Sid(Principal.Kind.USER, u.sid()),
                new Principal.Sid(Principal.Kind.GROUP, domainOf(u.sid()) + "-" + u.primaryGroupRid()), "", "", groups);
    }

    /** The SID without its last sub-authority (the RID): the machine's account domain for a local account. */
    static String domainOf(String sid) {
        return sid.substring(0, sid.lastIndexOf('-'));
    }

    static long ridOf(String sid) {
        return Long.parseLong(sid.substring(sid.lastIndexOf('-') + 1));
    }

    @Override
    public List<Account> people() {
        List<Account> people = new ArrayList<>();
        for (String name : api.userNames()) {
            api.user(name).filter(u -> ridOf(u.sid()) >= FIRST_PERSON_RID && !USER_COMMENT.equals(u.comment()))
                    .map(this::account).ifPresent(people::add);
        }
        return people;
    }

    /**
     * Windows: the interactive user, signed in to the session this process runs in ({@code DOMAIN\name}); the audit
     * actor pairs it with the token's user ({@code user.name}), so "admin (login DESKTOP\alice)" says who elevated as
     * whom. Empty in a service's session 0.
     */
    @Override
    public Optional<String> loginUser() {
        return api.sessionUserName();
    }

    /** The built-in Administrator (RID 500), whatever it was renamed to. */
    @Override
    public Optional<Account> superuser() {
        for (String name : api.userNames()) {
            Optional<AccountApi.UserInfo> u = api.user(name);
            if (u.isPresent() && ridOf(u.get().sid()) == 500) {
                return u.map(this::account);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Group> group(String name) {
        return api.localGroup(name).map(g -> new Group(g.name(), new Principal.Sid(Principal.Kind.GROUP, g.sid()),
                api.members(g.name()).stream().map(m -> memberName(m.domainAndName())).toList()));
    }

    /** {@code HOST\name} → {@code name} for this machine's accounts; other domains keep their prefix. */
    private String memberName(String domainAndName) {
        int slash = domainAndName.indexOf('\\');
        if (slash > 0 && domainAndName.substring(0, slash).equalsIgnoreCase(api.computerName())) {
            return domainAndName.substring(slash + 1);
        }
        return domainAndName;
    }

    @Override
    public Optional<Account> user(Principal id) {
        return api.nameOfSid(id.value()).flatMap(this::user).filter(a -> a.id().value().equals(id.value()));
    }

    @Override
    public List<Account> users() {
        List<Account> all = new ArrayList<>();
        for (String name : api.userNames()) {
            api.user(name).map(this::account).ifPresent(all::add);
        }
        return all;
    }

    @Override
    public boolean hasPrimaryGroup(Account account, Group group) {
        return account.groups().stream().anyMatch(g -> g.equalsIgnoreCase(group.name()));
    }

    // ---------------------------------------------------------------- changing

    @Override
    public Group createGroup(String name) {
        refuseDomainController("create group " + name);
        requireValidName("group", name, LOCAL_GROUP_NAME_LIMIT);
        Optional<AccountApi.GroupInfo> existing = api.localGroup(name);
        if (existing.isPresent()) {
            throw exists("group", name, existing.get().name());
        }
        call("create group " + name, name, () -> api.addLocalGroup(name, GROUP_COMMENT));
        return group(name).orElseThrow(() -> readBackFailed("group", name));
    }

    @Override
    public Account createSandboxUser(String name, String group) {
        refuseDomainController("create account " + name);
        requireValidName("account", name, Instance.SAM_USER_NAME_LIMIT);
        Optional<AccountApi.UserInfo> existing = api.user(name);
        if (existing.isPresent()) {
            throw exists("account", name, existing.get().name());
        }
        String groupName = ourGroup(group);
        String users = usersGroupName();
        char[] password = passwords.next();
        try {
            call("create account " + name, name, () -> api.addUser(name, password,
                    REQUIRED_FLAGS | Netapi32Ext.UF_ACCOUNTDISABLE, USER_COMMENT));
        } finally {
            RandomPasswords.zero(password);
        }
        AccountApi.UserInfo created = api.user(name).orElseThrow(() -> readBackFailed("account", name));
        join(groupName, name);
        join(users, name);
        hide(name);
        grantDenyRights(name, created.sid());
        call("enable account " + name, name, () -> api.setFlags(name, REQUIRED_FLAGS));
        return user(name).orElseThrow(() -> readBackFailed("account", name));
    }

    /** A new password for our account {@code name} ({@code NetUserSetInfo} 1003). The caller keeps and zeroes it. */
    @Override
    public void setPassword(String name, char[] password) {
        refuseDomainController("set the password of " + name);
        ours(name);
        call("set the password of " + name, name, () -> api.setPassword(name, password));
    }

    @Override
    public void enforceLockdown(String name) {
        refuseDomainController("lock down account " + name);
        AccountApi.UserInfo u = ours(name);
        int flags = (u.flags() & ~(Netapi32Ext.UF_ACCOUNTDISABLE | Netapi32Ext.UF_LOCKOUT)) | REQUIRED_FLAGS;
        if (flags != u.flags()) {
            call("set the flags of " + name, name, () -> api.setFlags(name, flags));
        }
        if (u.passwordExpired()) {
            call("clear 'must change password' of " + name, name, () -> api.clearPasswordExpired(name));
        }
        for (AccountApi.GroupInfo g : api.localGroupsOf(name)) {
            if (PRIVILEGED_GROUPS.containsKey(g.sid())) {
                call("remove " + name + " from " + g.name(), name, () -> api.removeMember(g.name(), name));
            }
        }
        join(usersGroupName(), name);
        hide(name);
        grantDenyRights(name, u.sid());
    }

    @Override
    public void setPrimaryGroup(String name, String group) {
        refuseDomainController("add " + name + " to group " + group);
        ours(name);
        join(ourGroup(group), name);
    }

    @Override
    public void deleteUser(String name) {
        refuseDomainController("remove account " + name);
        if (api.user(name).isEmpty()) {
            return;
        }
        AccountApi.UserInfo u = ours(name);
        Set<String> held = api.rights(u.sid());
        List<String> ours = DENY_RIGHTS.stream().filter(held::contains).toList();
        if (!ours.isEmpty()) {
            call("remove the deny-logon rights of " + name, name, () -> api.removeRights(u.sid(), ours));
        }
        if (api.hiddenValue(name).isPresent()) {
            call("remove the sign-in screen entry of " + name, name, () -> api.deleteHiddenValue(name));
        }
        call("remove account " + name, name, () -> api.deleteUser(name));
    }

    @Override
    public void deleteGroup(String name) {
        refuseDomainController("remove group " + name);
        Optional<AccountApi.GroupInfo> g = api.localGroup(name);
        if (g.isEmpty()) {
            return;
        }
        if (!g.get().name().equals(name)) {
            throw caseVariant("group", name, g.get().name());
        }
        call("remove group " + name, name, () -> api.deleteLocalGroup(name));
    }

    // ---------------------------------------------------------------- posture

    @Override
    public AccountPosture posture(Account account) {
        Optional<AccountApi.UserInfo> found = api.user(account.name());
        if (found.isEmpty()) {
            return new AccountPosture(account.name(), false, false, "", List.of(),
                    List.of("the account does not exist (NetUserGetInfo: NERR_UserNotFound)"));
        }
        AccountApi.UserInfo u = found.get();
        List<String> findings = new ArrayList<>();
        if ((u.flags() & Netapi32Ext.UF_ACCOUNTDISABLE) != 0) {
            findings.add("the account is disabled");
        }
        if ((u.flags() & Netapi32Ext.UF_LOCKOUT) != 0) {
            findings.add("the account is locked out after failed logons");
        }
        if (u.passwordExpired()) {
            findings.add("the password has expired or must be changed at the next logon");
        }
        if ((u.flags() & Netapi32Ext.UF_DONT_EXPIRE_PASSWD) == 0) {
            findings.add("the password expires (UF_DONT_EXPIRE_PASSWD is not set)");
        }
        if ((u.flags() & Netapi32Ext.UF_PASSWD_CANT_CHANGE) == 0) {
            findings.add("the account may change its own password (UF_PASSWD_CANT_CHANGE is not set)");
        }
        if ((u.flags() & Netapi32Ext.UF_NOT_DELEGATED) == 0) {
            findings.add("the account's credentials may be delegated (UF_NOT_DELEGATED is not set)");
        }
        if (u.priv() != USER_PRIV_USER) {
            findings.add("the account's privilege level is " + u.priv() + " (expected USER_PRIV_USER)");
        }
        List<AccountApi.GroupInfo> groups = api.localGroupsOf(u.name());
        List<String> privileged = groups.stream().filter(g -> PRIVILEGED_GROUPS.containsKey(g.sid()))
                .map(AccountApi.GroupInfo::name).toList();
        if (!privileged.isEmpty()) {
            findings.add("member of privileged group(s) " + String.join(", ", privileged));
        }
        if (groups.stream().noneMatch(g -> g.sid().equals(USERS_SID))) {
            findings.add("not a member of Users (" + USERS_SID + "): its secondary logon would be refused");
        }
        OptionalInt hidden = api.hiddenValue(u.name());
        if (hidden.isEmpty() || hidden.getAsInt() != 0) {
            findings.add("shown on the sign-in screen (no DWORD 0 under Winlogon\\SpecialAccounts\\UserList)");
        }
        Set<String> rights = api.rights(u.sid());
        List<String> missing = DENY_RIGHTS.stream().filter(r -> !rights.contains(r)).toList();
        if (!missing.isEmpty()) {
            findings.add("missing deny-logon right(s) " + String.join(", ", missing));
        }
        return new AccountPosture(u.name(), false, false, "", privileged, List.copyOf(findings), POSTURE_EVIDENCE);
    }

    /** What a posture without findings has shown, each part read from NetUserGetInfo, the groups, Winlogon and LSA. */
    static final String POSTURE_EVIDENCE = "enabled, not locked out, a password that does not expire and that the account "
            + "cannot change, not delegable, USER_PRIV_USER, in Users and no privileged group, hidden from the sign-in "
            + "screen, denied network, remote-interactive, service and batch logon";

    @Override
    public String sandboxUserPolicy() {
        return "local user in Users, hidden from the sign-in screen, denied network, remote-interactive, service and "
                + "batch logon; its password set and sealed by setup";
    }

    // ---------------------------------------------------------------- helpers

    private void join(String group, String name) {
        try {
            api.addMember(group, name);
        } catch (AccountApi.Failure f) {
            if (f.code() != Netapi32Ext.ERROR_MEMBER_IN_ALIAS) {
                throw failed("add " + name + " to group " + group, name, f);
            }
        }
    }

    private void hide(String name) {
        OptionalInt v = api.hiddenValue(name);
        if (v.isEmpty() || v.getAsInt() != 0) {
            call("hide " + name + " from the sign-in screen", name, () -> api.setHiddenValue(name, 0));
        }
    }

    private void grantDenyRights(String name, String sid) {
        Set<String> held = api.rights(sid);
        List<String> missing = DENY_RIGHTS.stream().filter(r -> !held.contains(r)).toList();
        if (!missing.isEmpty()) {
            call("deny network, remote, service and batch logons to " + name, name, () -> api.addRights(sid, missing));
        }
    }

    /** The localised name of Users, from its SID. */
    private String usersGroupName() {
        return api.nameOfSid(USERS_SID).orElseThrow(() -> new CordonException(ExitCode.INTERNAL,
                "The built-in group Users (" + USERS_SID + ") has no name on this machine.",
                "Check the machine's local groups (lusrmgr.msc); Users must exist for the sandbox accounts to log on."));
    }

    /** The group, by its exact name: a case variant is not ours. */
    private String ourGroup(String group) {
        AccountApi.GroupInfo g = api.localGroup(group).orElseThrow(() -> new CordonException(ExitCode.NOT_SET_UP,
                "Group " + group + " does not exist, so no account can be put in it.",
                "Run `cordon setup`: it creates the group before the accounts."));
        if (!g.name().equals(group)) {
            throw caseVariant("group", group, g.name());
        }
        return g.name();
    }

    /** The account if it is ours: same name to the letter, and our comment. Anything else: CONFLICT, nothing changed. */
    private AccountApi.UserInfo ours(String name) {
        AccountApi.UserInfo u = api.user(name).orElseThrow(() -> new CordonException(ExitCode.NOT_SET_UP,
                "Account " + name + " does not exist.", "Run `cordon setup` to create it."));
        if (!u.name().equals(name)) {
            throw caseVariant("account", name, u.name());
        }
        if (!USER_COMMENT.equals(u.comment())) {
            throw new CordonException(ExitCode.CONFLICT, "Refusing to change account " + name
                    + ": it exists but was not created by Cordon (its description is not '" + USER_COMMENT
                    + "'); nothing was changed.",
                    "Cordon never takes over an account it did not create. Remove or rename that account, or use "
                            + "`--instance NAME` for a separate install.");
        }
        return u;
    }

    private static CordonException exists(String what, String name, String actual) {
        if (!actual.equals(name)) {
            return caseVariant(what, name, actual);
        }
        return new CordonException(ExitCode.CONFLICT, "Refusing to create " + what + " " + name
                + ": it already exists; nothing was changed.",
                "Cordon never takes over objects it did not create. Remove or rename it, or use `--instance NAME` "
                        + "for a separate install.");
    }

    private static CordonException caseVariant(String what, String name, String actual) {
        return new CordonException(ExitCode.CONFLICT, "Refusing to touch " + what + " " + actual + ": Windows "
                + "names ignore case, so it is the same name as Cordon's " + name + ", but it is spelled differently "
                + "and so was not made by Cordon; nothing was changed.",
                "Remove or rename " + actual + ", or use `--instance NAME` for a separate install.");
    }

    private void refuseDomainController(String action) {
        if (domainController == null) {
            domainController = api.isDomainController();
        }
        if (domainController) {
            throw new CordonException(ExitCode.UNAVAILABLE, "Refusing to " + action + ": this machine is a domain "
                    + "controller, which has no local accounts (NetUserAdd there creates domain accounts); nothing "
                    + "was changed.", "Install Cordon on a workstation or a member server, not on a domain controller.");
        }
    }

    static void requireValidName(String what, String name, int limit) {
        String problem = null;
        if (name == null || name.isEmpty()) {
            problem = "it is empty";
        } else if (name.length() > limit) {
            problem = "it has " + name.length() + " characters and Windows allows " + limit;
        } else if (name.chars().anyMatch(c -> ILLEGAL.indexOf(c) >= 0 || c < 32)) {
            problem = "it contains one of " + ILLEGAL + " or a control character";
        } else if (name.chars().allMatch(c -> c == '.' || c == ' ')) {
            problem = "it is only dots and spaces";
        }
        if (problem != null) {
            throw CordonException.usage("Cannot use '" + name + "' as a Windows " + what + " name: " + problem + ".",
                    "Use an instance name whose Windows names fit (`--instance` takes 1-12 lowercase letters and "
                            + "digits; user names are shortened to " + Instance.SAM_USER_NAME_LIMIT + " characters).");
        }
    }

    private void call(String action, String name, Runnable r) {
        try {
            r.run();
        } catch (AccountApi.Failure f) {
            throw failed(action, name, f);
        }
    }

    /** An OS refusal as a sentence naming what was being done, to which account, and a fix. */
    static CordonException failed(String action, String name, AccountApi.Failure f) {
        return switch (f.code()) {
            case Netapi32Ext.NERR_PasswordTooShort -> new CordonException(ExitCode.CONFLICT, "Could not " + action
                    + ": the local password policy refused the password (Windows error 2245, NERR_PasswordTooShort: "
                    + "too short, too simple, or too recently used under that policy).",
                    "Cordon's passwords have " + RandomPasswords.LENGTH + " characters with upper and lower case, "
                            + "digits and symbols. Check `net accounts` and the Group Policy 'Password Policy' (a "
                            + "minimum length above " + RandomPasswords.LENGTH + ", a minimum password age, or a "
                            + "password filter), then run `cordon setup` again.");
            case Netapi32Ext.NERR_UserExists, Netapi32Ext.NERR_GroupExists, Netapi32Ext.ERROR_ALIAS_EXISTS ->
                    new CordonException(ExitCode.CONFLICT, "Could not " + action + ": an account or group named "
                            + name + " already exists (Windows error " + f.code() + "); nothing was changed.",
                            "Cordon never takes over objects it did not create. Remove or rename it, or use "
                                    + "`--instance NAME` for a separate install.");
            case ERROR_ACCESS_DENIED -> new CordonException(ExitCode.NEEDS_ROOT, "Could not " + action
                    + ": Windows denied access (" + f.call() + ", error 5).",
                    "Run Cordon from an elevated prompt (Run as administrator).");
            default -> {
                Win32Errors.Explanation e = Win32Errors.explain(f.code());
                yield new CordonException(ExitCode.INTERNAL, "Could not " + action + ": " + f.call() + " failed. "
                        + e.message() + ".", e.fix());
            }
        };
    }

    private static CordonException readBackFailed(String what, String name) {
        return new CordonException(ExitCode.INTERNAL, "Created " + what + " " + name
                + " but cannot read it back from the local account database.",
                "Run `cordon doctor`; if the " + what + " is listed in Computer Management, run `cordon setup` again.");
    }
}
