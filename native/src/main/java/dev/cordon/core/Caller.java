package dev.cordon.core;

import java.util.List;

/**
 * Who asks the host to act: the connecting process's uid and gid as the kernel reported them ({@code SO_PEERCRED}),
 * with the supplementary groups the account database gives that user. Root in-process (the CLI run as root, the
 * panel) is {@link #ROOT}. Sessions record their caller as their owner; authorization compares callers with owners.
 *
 * @param groups every group the caller acts with, its gid included
 */
public record Caller(int uid, int gid, List<Integer> groups, String user) {
    public static final Caller ROOT = new Caller(0, 0, List.of(0), "root");

    public Caller {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("a caller needs a real uid and gid, not " + uid + ":" + gid);
        }
        groups = List.copyOf(groups);
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /** {@code alice (uid 1000)}, for messages and audit records. */
    public String describe() {
        return user + " (uid " + uid + ")";
    }
}
