package dev.cordon.platform.windows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An in-memory SAM, LSA and UserList behind {@link AccountApi}: names compare case-insensitively as on Windows, every
 * change is recorded in {@link #changes} (reads are not), and {@link #failOn} makes one call fail with a Windows code.
 * Passwords are never stored: only their length and whether every character is in the generator's alphabet, and the
 * array itself so a test can check it was zeroed after the call.
 */
final class RecordingAccountApi implements AccountApi {
    static final String MACHINE = "S-1-5-21-1004336348-1177238915-682003330";

    final List<String> changes = new ArrayList<>();
    final Map<String, UserInfo> users = new LinkedHashMap<>();
    final Map<String, GroupInfo> groups = new LinkedHashMap<>();
    final Map<String, List<String>> membersBySid = new HashMap<>();
    final Map<String, Integer> hidden = new HashMap<>();
    final Map<String, Set<String>> rights = new HashMap<>();
    final Map<String, Integer> failing = new HashMap<>();
    char[] lastPassword;
    int lastPasswordLength;
    boolean lastPasswordInAlphabet;
    boolean domainController;
    private int nextRid = 1001;

    /** Who is signed in to this process's session; empty as in a service's session 0. */
    Optional<String> sessionUser = Optional.empty();

    @Override
    public Optional<String> sessionUserName() {
        return sessionUser;
    }

    RecordingAccountApi() {
        groups.put(key("Users"), new GroupInfo("Users", WindowsAccounts.USERS_SID));
        groups.put(key("Administrators"), new GroupInfo("Administrators", "S-1-5-32-544"));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    RecordingAccountApi failOn(String call, int code) {
        failing.put(call, code);
        return this;
    }

    private void change(String call, String line) {
        Integer code = failing.remove(call);
        if (code != null) {
            throw new Failure(call, code);
        }
        changes.add(line);
    }

    /** An account someone else made (no Cordon comment). */
    UserInfo addForeignUser(String name) {
        UserInfo u = new UserInfo(name, MACHINE + "-" + nextRid++, 1, 0x0201, false, "", 513);
        users.put(key(name), u);
        return u;
    }

    void replaceUser(UserInfo u) {
        users.put(key(u.name()), u);
    }

    void addToGroup(String group, String user) {
        GroupInfo g = groups.get(key(group));
        membersBySid.computeIfAbsent(g.sid(), s -> new ArrayList<>()).add(users.get(key(user)).name());
    }

    @Override
    public boolean isDomainController() {
        return domainController;
    }

    @Override
    public String computerName() {
        return "BUILD-BOX";
    }

    @Override
    public Optional<String> processUserName() {
        return Optional.of("alice");
    }

    @Override
    public Optional<UserInfo> user(String name) {
        return Optional.ofNullable(users.get(key(name)));
    }

    @Override
    public List<String> userNames() {
        return users.values().stream().map(UserInfo::name).toList();
    }

    @Override
    public Optional<GroupInfo> localGroup(String name) {
        return Optional.ofNullable(groups.get(key(name)));
    }

    @Override
    public List<GroupInfo> localGroupsOf(String user) {
        List<GroupInfo> of = new ArrayList<>();
        for (GroupInfo g : groups.values()) {
            if (membersBySid.getOrDefault(g.sid(), List.of()).stream().anyMatch(m -> m.equalsIgnoreCase(user))) {
                of.add(g);
            }
        }
        return of;
    }

    @Override
    public List<Member> members(String group) {
        GroupInfo g = groups.get(key(group));
        return membersBySid.getOrDefault(g.sid(), List.of()).stream()
                .map(m -> new Member(users.get(key(m)).sid(), "BUILD-BOX\\" + m)).toList();
    }

    @Override
    public Optional<String> nameOfSid(String sid) {
        return groups.values().stream().filter(g -> g.sid().equals(sid)).map(GroupInfo::name).findFirst()
                .or(() -> users.values().stream().filter(u -> u.sid().equals(sid)).map(UserInfo::name).findFirst());
    }

    @Override
    public void addLocalGroup(String name, String comment) {
        change("addLocalGroup", "addLocalGroup " + name + " '" + comment + "'");
        groups.put(key(name), new GroupInfo(name, MACHINE + "-" + nextRid++));
    }

    @Override
    public void deleteLocalGroup(String name) {
        change("deleteLocalGroup", "deleteLocalGroup " + name);
        GroupInfo g = groups.remove(key(name));
        membersBySid.remove(g.sid());
    }

    @Override
    public void addUser(String name, char[] password, int flags, String comment) {
        lastPassword = password;
        lastPasswordLength = password.length;
        lastPasswordInAlphabet = new String(password).chars().allMatch(c -> RandomPasswords.ALPHABET.indexOf(c) >= 0);
        change("addUser", "addUser " + name + " flags=0x" + Integer.toHexString(flags) + " '" + comment + "'");
        users.put(key(name), new UserInfo(name, MACHINE + "-" + nextRid++, 1, flags | 0x0200, false, comment, 513));
    }

    @Override
    public void setPassword(String name, char[] password) {
        lastPasswordLength = password.length;
        change("setPassword", "setPassword " + name);
    }

    @Override
    public void setFlags(String name, int flags) {
        change("setFlags", "setFlags " + name + " 0x" + Integer.toHexString(flags));
        UserInfo u = users.get(key(name));
        users.put(key(name), new UserInfo(u.name(), u.sid(), u.priv(), flags, u.passwordExpired(), u.comment(),
                u.primaryGroupRid()));
    }

    @Override
    public void clearPasswordExpired(String name) {
        change("clearPasswordExpired", "clearPasswordExpired " + name);
        UserInfo u = users.get(key(name));
        users.put(key(name), new UserInfo(u.name(), u.sid(), u.priv(), u.flags(), false, u.comment(), u.primaryGroupRid()));
    }

    @Override
    public void deleteUser(String name) {
        change("deleteUser", "deleteUser " + name);
        UserInfo u = users.remove(key(name));
        membersBySid.values().forEach(l -> l.removeIf(m -> m.equalsIgnoreCase(u.name())));
    }

    @Override
    public void addMember(String group, String member) {
        GroupInfo g = groups.get(key(group));
        if (membersBySid.getOrDefault(g.sid(), List.of()).stream().anyMatch(m -> m.equalsIgnoreCase(member))) {
            throw new Failure("NetLocalGroupAddMembers", Netapi32Ext.ERROR_MEMBER_IN_ALIAS);
        }
        change("addMember", "addMember " + g.name() + " " + member);
        membersBySid.computeIfAbsent(g.sid(), s -> new ArrayList<>()).add(member);
    }

    @Override
    public void removeMember(String group, String member) {
        GroupInfo g = groups.get(key(group));
        change("removeMember", "removeMember " + g.name() + " " + member);
        membersBySid.get(g.sid()).removeIf(m -> m.equalsIgnoreCase(member));
    }

    @Override
    public OptionalInt hiddenValue(String name) {
        Integer v = hidden.get(key(name));
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public void setHiddenValue(String name, int value) {
        change("setHiddenValue", "setHiddenValue " + name + " " + value);
        hidden.put(key(name), value);
    }

    @Override
    public void deleteHiddenValue(String name) {
        change("deleteHiddenValue", "deleteHiddenValue " + name);
        hidden.remove(key(name));
    }

    @Override
    public Set<String> rights(String sid) {
        return Set.copyOf(rights.getOrDefault(sid, Set.of()));
    }

    @Override
    public void addRights(String sid, List<String> add) {
        change("addRights", "addRights " + sid + " " + add);
        rights.computeIfAbsent(sid, s -> new LinkedHashSet<>()).addAll(add);
    }

    @Override
    public void removeRights(String sid, List<String> remove) {
        change("removeRights", "removeRights " + sid + " " + remove);
        rights.getOrDefault(sid, new LinkedHashSet<>()).removeAll(remove);
    }
}
