package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.Group;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed snapshot of the local account database ({@code /etc/passwd}, {@code /etc/group}). Cordon only manages
 * local accounts, so the files are the source of truth (no NSS lookups of remote directories).
 */
public final class Passwd {
    private final Map<String, Account> usersByName = new HashMap<>();
    private final Map<Integer, Account> usersById = new HashMap<>();
    private final Map<String, Group> groupsByName = new HashMap<>();
    private final Map<Integer, Group> groupsById = new HashMap<>();

    private Passwd() {
    }

    public static Passwd load() {
        return load(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    static Passwd load(Path passwdFile, Path groupFile) {
        Passwd db = new Passwd();
        try {
            for (String line : Files.readAllLines(groupFile, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length < 4 || line.startsWith("#")) {
                    continue;
                }
                List<String> members = f[3].isEmpty() ? List.of() : Arrays.asList(f[3].split(","));
                Group g = new Group(f[0], Principal.gid(parse(f[2])), List.copyOf(members));
                db.groupsByName.putIfAbsent(g.name(), g);
                db.groupsById.putIfAbsent(PosixIds.gid(g), g);
            }
            for (String line : Files.readAllLines(passwdFile, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length < 7 || line.startsWith("#")) {
                    continue;
                }
                String name = f[0];
                List<String> groups = new ArrayList<>();
                for (Group g : db.groupsByName.values()) {
                    if (g.members().contains(name)) {
                        groups.add(g.name());
                    }
                }
                groups.sort(null);
                Account a = new Account(name, Principal.uid(parse(f[2])), Principal.gid(parse(f[3])), f[5], f[6], List.copyOf(groups));
                db.usersByName.putIfAbsent(name, a);
                db.usersById.putIfAbsent(PosixIds.uid(a), a);
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot read the local account database: " + e.getMessage(), e);
        }
        return db;
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Optional<Account> user(String name) {
        return Optional.ofNullable(usersByName.get(name));
    }

    public Optional<Account> user(int uid) {
        return Optional.ofNullable(usersById.get(uid));
    }

    public Optional<Group> group(String name) {
        return Optional.ofNullable(groupsByName.get(name));
    }

    public Optional<Group> group(int gid) {
        return Optional.ofNullable(groupsById.get(gid));
    }

    public Optional<String> nameOf(int uid) {
        return user(uid).map(Account::name);
    }

    /** The gids an account acts with after login: its primary group and every group listing it, sorted. */
    public List<Integer> gidsOf(Account account) {
        java.util.TreeSet<Integer> gids = new java.util.TreeSet<>();
        gids.add(PosixIds.gid(account));
        for (String name : account.groups()) {
            group(name).ifPresent(g -> gids.add(PosixIds.gid(g)));
        }
        return List.copyOf(gids);
    }

    public List<Account> users() {
        return List.copyOf(usersByName.values());
    }
}
