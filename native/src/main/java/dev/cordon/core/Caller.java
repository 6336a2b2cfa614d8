package dev.cordon.core;

import java.util.List;

/**
 * Who asks the host to act: the connecting process's user and group as the OS reported them (Linux: {@code SO_PEERCRED},
 * uid and gid; Windows: the client token's user and primary group SIDs), with the groups the account database gives
 * that user. Root in-process (the CLI run as root, the panel) is {@link #ROOT}. Sessions record their caller as their
 * owner; authorization compares callers with owners. Linux code below the seam turns the ids into numbers through
 * {@code platform.linux.PosixIds}.
 *
 * @param id        the user
 * @param group     its primary group as the OS reported it
 * @param groups    every group the caller acts with, {@code group} included
 * @param superuser whether it acts as the superuser (Linux: uid 0; Windows: SYSTEM or an elevated administrator)
 */
public record Caller(Principal id, Principal group, List<Principal> groups, String user, boolean superuser) {
    public static final Caller ROOT = new Caller(Principal.uid(0), Principal.gid(0), List.of(Principal.gid(0)), "root", true);

    public Caller {
        if (id == null || group == null) {
            throw new IllegalArgumentException("a caller needs a user and a group, not " + id + ":" + group);
        }
        groups = List.copyOf(groups);
    }

    /** A caller that is not the superuser. */
    public Caller(Principal id, Principal group, List<Principal> groups, String user) {
        this(id, group, groups, user, false);
    }

    public boolean isRoot() {
        return superuser;
    }

    /** {@code alice (uid 1000)}, for messages and audit records. */
    public String describe() {
        return user + " (" + id + ")";
    }
}
