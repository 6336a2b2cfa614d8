package dev.cordon.platform.linux.confine;

import com.sun.jna.LastErrorException;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.util.List;

/** The Landlock syscalls: ask the ABI, and restrict the calling thread to a list of rules. */
final class Landlock {
    private Landlock() {
    }

    /** The kernel's Landlock ABI version; throws {@link ExitCode#UNAVAILABLE} when Landlock is missing or disabled. */
    static int abi() {
        return abi(LinuxSyscalls.libc());
    }

    static int abi(LinuxSyscalls libc) {
        try {
            return (int) libc.syscall(LinuxSyscalls.SYS_LANDLOCK_CREATE_RULESET, null, 0,
                    LinuxSyscalls.LANDLOCK_CREATE_RULESET_VERSION);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LinuxSyscalls.ENOSYS || errno == LinuxSyscalls.EOPNOTSUPP) {
                throw new CordonException(ExitCode.UNAVAILABLE,
                        "Landlock is " + (errno == LinuxSyscalls.ENOSYS ? "not built into this kernel" : "disabled")
                                + " (landlock_create_ruleset: errno " + errno + "); Cordon will not run commands "
                                + "without filesystem confinement.",
                        "Use a kernel >= 5.13 with CONFIG_SECURITY_LANDLOCK=y and `landlock` in the `lsm=` boot "
                                + "parameter (check /sys/kernel/security/lsm).", e);
            }
            throw failed("landlock_create_ruleset(VERSION)", e);
        }
    }

    /**
     * Restricts the calling thread (and every process and thread it creates from now on) to {@code rules}.
     * {@code no_new_privs} must already be set.
     */
    static void restrictCurrentThread(int abi, long handled, List<LandlockRule> rules) {
        LinuxSyscalls libc = LinuxSyscalls.libc();
        LandlockRulesetAttr attr = new LandlockRulesetAttr();
        attr.handled_access_fs = handled;
        attr.scoped = LandlockAccess.scopedForAbi(abi);
        int rulesetFd;
        try {
            rulesetFd = (int) libc.syscall(LinuxSyscalls.SYS_LANDLOCK_CREATE_RULESET, attr,
                    LandlockRulesetAttr.sizeForAbi(abi), 0);
        } catch (LastErrorException e) {
            throw failed("landlock_create_ruleset", e);
        }
        try {
            LandlockPathBeneathAttr rule = new LandlockPathBeneathAttr();
            for (LandlockRule r : rules) {
                addRule(libc, rulesetFd, rule, r);
            }
            libc.syscall(LinuxSyscalls.SYS_LANDLOCK_RESTRICT_SELF, rulesetFd, 0);
        } catch (LastErrorException e) {
            throw failed("landlock_restrict_self", e);
        } finally {
            libc.close(rulesetFd);
        }
    }

    private static void addRule(LinuxSyscalls libc, int rulesetFd, LandlockPathBeneathAttr rule, LandlockRule r) {
        int fd;
        try {
            fd = libc.open(r.path().toString(), LinuxSyscalls.O_PATH | LinuxSyscalls.O_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxSyscalls.ENOENT) {
                return; // vanished since the rules were planned: without a rule it stays denied (fails closed)
            }
            throw failed("open(" + r.path() + ", O_PATH)", e);
        }
        try {
            rule.allowed_access = r.access();
            rule.parent_fd = fd;
            libc.syscall(LinuxSyscalls.SYS_LANDLOCK_ADD_RULE, rulesetFd, LinuxSyscalls.LANDLOCK_RULE_PATH_BENEATH,
                    rule, 0);
        } catch (LastErrorException e) {
            throw failed("landlock_add_rule(" + r.path() + ", access 0x" + Long.toHexString(r.access()) + ")", e);
        } finally {
            libc.close(fd);
        }
    }

    static CordonException failed(String call, LastErrorException e) {
        return CordonException.internal("Confining the command failed: " + call + " returned errno "
                + e.getErrorCode() + " (" + e.getMessage() + "); the command was not started.", e);
    }
}
