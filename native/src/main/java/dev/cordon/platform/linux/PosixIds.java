package dev.cordon.platform.linux;

import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.platform.Account;
import dev.cordon.platform.Group;
import dev.cordon.core.Principal;

/**
 * The one place where a {@link Principal} becomes the number a Linux system call or tool takes. A SID here is a bug
 * (a Windows record handed to Linux code), never user input, and fails loudly.
 */
public final class PosixIds {
    private PosixIds() {
    }

    public static int number(Principal id) {
        if (id instanceof Principal.PosixId p) {
            return p.number();
        }
        throw CordonException.internal("Linux code was given " + id + ", which is not a POSIX user or group id", null);
    }

    public static int uid(Account account) {
        return number(account.id());
    }

    /** The account's primary group id. */
    public static int gid(Account account) {
        return number(account.primaryGroup());
    }

    /** The caller's uid. */
    public static int uid(Caller caller) {
        return number(caller.id());
    }

    /** The caller's gid as the kernel reported it. */
    public static int gid(Caller caller) {
        return number(caller.group());
    }

    /** Every group the caller acts with, as sorted numbers (for {@code setgroups}). */
    public static int[] groups(Caller caller) {
        return caller.groups().stream().mapToInt(PosixIds::number).sorted().toArray();
    }

    public static int gid(Group group) {
        return number(group.id());
    }

    /** The uid owning what is at {@code path} itself ({@code lstat}: a link is not followed). */
    public static Principal owner(java.nio.file.Path path) {
        try {
            return Principal.uid((Integer) java.nio.file.Files.getAttribute(path, "unix:uid",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            throw CordonException.internal("Cannot read the owner of " + path + ": " + e.getMessage(), e);
        }
    }
}
