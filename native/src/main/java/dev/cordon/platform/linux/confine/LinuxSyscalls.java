package dev.cordon.platform.linux.confine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.cordon.platform.linux.sys.LinuxLibc;

/**
 * What the L4 confinement point needs beyond {@link LinuxLibc}: prctl and the Landlock syscalls with their structures.
 * {@code prctl} and {@code syscall} are
 * variadic in C; they are declared here with fixed {@code long} arguments, which is how the Linux x86_64 and aarch64
 * calling conventions pass them (every argument widened to a full register, so no garbage high bits reach the kernel).
 */
public interface LinuxSyscalls extends LinuxLibc {
    int PR_GET_DUMPABLE = 3;
    int PR_SET_DUMPABLE = 4;
    int PR_SET_SECCOMP = 22;
    int PR_SET_NO_NEW_PRIVS = 38;
    int SECCOMP_MODE_FILTER = 2;

    /** The Landlock syscalls are in the generic table: the same numbers on x86_64 and aarch64. */
    long SYS_LANDLOCK_CREATE_RULESET = 444;
    long SYS_LANDLOCK_ADD_RULE = 445;
    long SYS_LANDLOCK_RESTRICT_SELF = 446;
    long LANDLOCK_CREATE_RULESET_VERSION = 1;
    long LANDLOCK_RULE_PATH_BENEATH = 1;

    int O_PATH = 010000000;
    int EOPNOTSUPP = 95;

    /** Loaded on first use, so code that never confines never loads libc through this interface. */
    final class Holder {
        static final LinuxSyscalls INSTANCE = Native.load("c", LinuxSyscalls.class);

        private Holder() {
        }
    }

    static LinuxSyscalls libc() {
        return Holder.INSTANCE;
    }

    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    /** {@code prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0)}. */
    int prctl(int option, long arg2, SockFprog arg3, long arg4, long arg5) throws LastErrorException;

    /** {@code landlock_create_ruleset(attr, size, flags)}; {@code attr} null with the VERSION flag asks the ABI. */
    long syscall(long number, LandlockRulesetAttr attr, long size, long flags) throws LastErrorException;

    /** {@code landlock_add_rule(ruleset_fd, rule_type, rule_attr, flags)}. */
    long syscall(long number, long rulesetFd, long ruleType, LandlockPathBeneathAttr ruleAttr, long flags)
            throws LastErrorException;

    /** {@code landlock_restrict_self(ruleset_fd, flags)}. */
    long syscall(long number, long rulesetFd, long flags) throws LastErrorException;
}
