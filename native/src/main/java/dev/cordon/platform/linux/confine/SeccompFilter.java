package dev.cordon.platform.linux.confine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seccomp filter of a confined command. Always: {@code EPERM} for ptrace, process_vm_readv/writev and io_uring
 * (which would bypass seccomp and is a frequent kernel attack surface), and for any x32 syscall on x86_64; the process
 * is killed if a syscall arrives under another architecture (e.g. {@code int 0x80} i386 calls on x86_64), whose
 * numbers this filter would misread. {@code socket} and {@code socketpair} are allowed only for the address families a
 * command has business with ({@link #ALLOWED_FAMILIES}: Unix, IPv4, IPv6, netlink) and, for netlink, only the
 * protocols {@code ip} and {@code ss} read ({@link #ALLOWED_NETLINK_PROTOCOLS}); any other family or protocol fails
 * with {@code EPERM}. nftables, which makes a session offline, sees only IP packets: {@code AF_VSOCK} would reach the
 * host's or a VM's vsock services, and {@code NETLINK_USERSOCK} carries messages between any two processes of the
 * host (an offline command to an online one); the others (Bluetooth, CAN, TIPC, RDS, AF_ALG, AF_KEY, …) are kernel
 * attack surface without a use in a sandbox. Extended attributes are left to the file system: refusing them broke
 * {@code cp -a} of a lent workspace's files (their grant ACL must be copied), so a default ACL the sandbox puts on a
 * directory of its own shapes the developer's files made there while the session runs (review R5, a documented
 * residual), and the hand-back rebuilds them. A mode with the setuid or setgid bit fails with {@code EPERM} where a mode is given
 * ({@code chmod}, {@code fchmod}, {@code fchmodat}, {@code fchmodat2}, {@code open}, {@code openat}, {@code creat},
 * {@code mknod}, {@code mknodat}; {@code openat2}, whose mode is in memory, fails with {@code ENOSYS} and libc falls
 * back to {@code openat}): such a file in a lent tree would let any local user who can reach it act as the sandbox
 * account while the session runs, and in a root without a hand-back after it (review R12–R14). A directory's setgid
 * bit inherited from its parent is the kernel's, not a mode given. A call that acts on another process by its pid and
 * that the kernel allows to the same uid without a ptrace check (so Landlock, whose domain check covers ptrace access,
 * has no say) is allowed only for the caller itself: {@code prlimit64}, {@code sched_setaffinity},
 * {@code sched_setscheduler}, {@code sched_setparam} and {@code sched_setattr} with pid 0, {@code setpriority} with
 * {@code PRIO_PROCESS} and 0, {@code ioprio_set} with {@code IOPRIO_WHO_PROCESS} and 0; anything else fails with
 * {@code EPERM}, as {@code process_madvise} always does. Every session of an account runs as its uid, so a command could
 * otherwise lower the limits, priority or CPUs of other sessions' runners and commands and of the waiting spare (review
 * R38), or raise another command's {@code RLIMIT_CORE} and make it dump its memory (R44). A filter cannot tell the
 * caller's own pids from others': {@code renice -p}, {@code taskset -p}, {@code prlimit --pid} with a pid, and
 * {@code pthread_setaffinity_np}/{@code pthread_setschedparam} on another thread (which name it by its tid), fail too.
 * Besides, each {@link Refusal} that is on:
 * <ul>
 *   <li>{@link Refusal#TERMINAL_INJECTION}: {@code ioctl} with {@code TIOCSTI} or {@code TIOCLINUX} (the low 32 bits
 *   of the request, which is all the kernel looks at) fails with {@code EPERM};</li>
 *   <li>{@link Refusal#KEYRINGS}: {@code add_key}, {@code request_key}, {@code keyctl} fail with {@code EPERM}
 *   (keyrings are not namespaced: a uid's user keyring is shared by every session of that account);</li>
 *   <li>{@link Refusal#NAMESPACES}: {@code unshare} and {@code clone} with any {@code CLONE_NEW*} flag, and
 *   {@code setns}, fail with {@code EPERM}. {@code clone3} keeps its flags in memory, out of seccomp's reach: it is
 *   refused whole with {@code ENOSYS} (glibc then falls back to {@code clone}, which is filtered by its flags) unless
 *   the filter is for a thread that spawns with {@code clone3} itself ({@link #forSpawner}): its children must then
 *   stack {@link #clone3Refusal} before they exec.</li>
 * </ul>
 * Everything else is allowed. The program is built in pure Java; {@link #install} loads it on the calling thread,
 * {@link #nativeProgram} hands it to native code that installs it in a child.
 */
public final class SeccompFilter {
    /** {@code offsetof(struct seccomp_data, nr)}, {@code .arch} and {@code .args[0]} (low word on little-endian). */
    static final int OFFSET_NR = 0;
    static final int OFFSET_ARCH = 4;
    static final int OFFSET_ARGS = 16;
    static final int RET_KILL_PROCESS = 0x80000000;
    static final int RET_ERRNO = 0x00050000;
    static final int RET_ALLOW = 0x7fff0000;
    static final int X32_SYSCALL_BIT = 0x40000000;
    static final int EPERM = 1;
    static final int ENOSYS = 38;
    /** fchmodat2 (Linux 6.6) and openat2: one number on every architecture. */
    static final int SYS_FCHMODAT2 = 452;
    static final int SYS_OPENAT2 = 437;
    /** S_ISUID | S_ISGID. */
    static final int SET_ID_BITS = 06000;
    static final int TIOCSTI = 0x5412;
    static final int TIOCLINUX = 0x541C;
    /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. */
    static final int CLONE_NEW_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000
            | 0x40000000;
    /** unshare also takes CLONE_NEWTIME (0x80); in clone's flags those bits are the exit signal (CSIGNAL). */
    static final int UNSHARE_NEW_FLAGS = CLONE_NEW_FLAGS | 0x00000080;
    static final int SYS_CLONE3 = 435;
    /** process_madvise: one number on every architecture. */
    static final int SYS_PROCESS_MADVISE = 440;
    /** setpriority's {@code PRIO_PROCESS} and ioprio_set's {@code IOPRIO_WHO_PROCESS}: the only {@code which} allowed. */
    static final int PRIO_PROCESS = 0;
    static final int IOPRIO_WHO_PROCESS = 1;
    /** AF_UNIX, AF_INET, AF_INET6, AF_NETLINK: {@code socket(2)}'s first argument. */
    static final int[] ALLOWED_FAMILIES = {1, 2, 10, 16};
    static final int AF_NETLINK = 16;
    /** NETLINK_ROUTE ({@code ip}, glibc's getaddrinfo) and NETLINK_SOCK_DIAG ({@code ss}): read-only without CAP_NET_ADMIN. */
    static final int[] ALLOWED_NETLINK_PROTOCOLS = {0, 4};

    /** What a filter refuses beyond its fixed core. */
    public enum Refusal { TERMINAL_INJECTION, KEYRINGS, NAMESPACES }

    /** The architectures Cordon has syscall numbers for. */
    public enum Arch {
        X86_64(0xC000003E, true, new int[] {101, 310, 311, 425, 426, 427, SYS_PROCESS_MADVISE}, 16, 272, 56, 308, 248,
                249, 250, new int[] {41, 53}, new int[][] {{}, {90, 91, 85, 133}, {268, 2, 259, SYS_FCHMODAT2}, {257}},
                new int[] {302, 203, 144, 142, 314}, 141, 251),
        AARCH64(0xC00000B7, false, new int[] {117, 270, 271, 425, 426, 427, SYS_PROCESS_MADVISE}, 29, 97, 220, 268, 217,
                218, 219, new int[] {198, 199}, new int[][] {{}, {52}, {53, 33, SYS_FCHMODAT2}, {56}},
                new int[] {261, 122, 119, 118, 274}, 140, 30);

        final int auditArch;
        final boolean hasX32;
        /** ptrace, process_vm_readv, process_vm_writev, io_uring_setup, io_uring_enter, io_uring_register, process_madvise. */
        final int[] denied;
        final int ioctl;
        final int unshare;
        final int clone;
        final int setns;
        final int[] keyrings;
        /** socket, socketpair: the address family is their first argument, the protocol their third. */
        final int[] socketCalls;
        /**
         * The calls that take a mode, by the index of that argument: chmod, fchmod, creat, mknod (1); fchmodat, open,
         * mknodat, fchmodat2 (2); openat (3). aarch64 has only the *at ones and fchmod.
         */
        final int[][] modeCalls;
        /**
         * The calls that name a process by their first argument, allowed only for the caller itself (0): prlimit64,
         * sched_setaffinity, sched_setscheduler, sched_setparam, sched_setattr.
         */
        final int[] ownProcessCalls;
        /** setpriority and ioprio_set: {@code (which, who, …)}, allowed only for the caller ({@code PROCESS}, 0). */
        final int setpriority;
        final int ioprioSet;

        Arch(int auditArch, boolean hasX32, int[] denied, int ioctl, int unshare, int clone, int setns, int addKey,
             int requestKey, int keyctl, int[] socketCalls, int[][] modeCalls, int[] ownProcessCalls, int setpriority,
             int ioprioSet) {
            this.auditArch = auditArch;
            this.hasX32 = hasX32;
            this.denied = denied;
            this.ioctl = ioctl;
            this.unshare = unshare;
            this.clone = clone;
            this.setns = setns;
            this.keyrings = new int[] {addKey, requestKey, keyctl};
            this.socketCalls = socketCalls;
            this.modeCalls = modeCalls;
            this.ownProcessCalls = ownProcessCalls;
            this.setpriority = setpriority;
            this.ioprioSet = ioprioSet;
        }

        public int auditArch() {
            return auditArch;
        }

        /** The number of {@code keyctl} on this architecture. */
        public int keyctl() {
            return keyrings[2];
        }

        public List<Integer> deniedSyscalls() {
            return Arrays.stream(denied).boxed().toList();
        }

        /** The architecture of this JVM; throws {@link ExitCode#UNAVAILABLE} for one without a syscall table here. */
        public static Arch current() {
            String osArch = System.getProperty("os.arch");
            return switch (osArch) {
                case "amd64", "x86_64" -> X86_64;
                case "aarch64", "arm64" -> AARCH64;
                default -> throw new CordonException(ExitCode.UNAVAILABLE,
                        "Cordon has no seccomp syscall table for the CPU architecture `" + osArch
                                + "`; it will not run commands without the filter.",
                        "Run Cordon on x86_64 or aarch64.");
            };
        }
    }

    private final Arch arch;
    private final List<BpfInstruction> program;
    private SockFprog nativeProgram;
    private SockFilter[] nativeFilters;

    /** The full filter for a thread that starts commands with the JDK (or any fork/vfork/clone): clone3 refused too. */
    public SeccompFilter(Arch arch) {
        this(arch, EnumSet.allOf(Refusal.class), false);
    }

    private SeccompFilter(Arch arch, Set<Refusal> refusals, boolean spawnsWithClone3) {
        this.arch = arch;
        this.program = build(arch, refusals, spawnsWithClone3);
    }

    /**
     * The filter of a thread that starts commands itself: with {@code spawnsWithClone3} (the native spawn) clone3 stays
     * allowed for the thread, and every child must install {@link #clone3Refusal} before it execs.
     */
    public static SeccompFilter forSpawner(Arch arch, Set<Refusal> refusals, boolean spawnsWithClone3) {
        return new SeccompFilter(arch, refusals, spawnsWithClone3);
    }

    /** The filter a natively spawned child stacks on its inherited one before exec: clone3 fails with ENOSYS. */
    public static SeccompFilter clone3Refusal(Arch arch) {
        List<Op> p = new ArrayList<>(header(arch));
        p.add(Op.jumpIfEqual(SYS_CLONE3, "enosys"));
        p.add(Op.ret(RET_ALLOW));
        p.add(Op.label("enosys"));
        p.add(Op.ret(RET_ERRNO | ENOSYS));
        return new SeccompFilter(arch, assemble(p));
    }

    private SeccompFilter(Arch arch, List<BpfInstruction> program) {
        this.arch = arch;
        this.program = program;
    }

    public Arch arch() {
        return arch;
    }

    public List<BpfInstruction> program() {
        return program;
    }

    /*
     *   ld  arch; jeq AUDIT_ARCH → next : kill      every program starts so
     *   ld  nr
     *  [jge X32_SYSCALL_BIT → eperm]                 x86_64 only
     *   jeq denied[i] → eperm                        fixed core
     *   jeq socket, socketpair → socket              fixed core
     *   jeq modeCalls[n][i] → mode<n>; jeq openat2 → enosys   fixed core
     *   jeq ownProcessCalls[i] → own; jeq setpriority → priority; jeq ioprio_set → ioprio   fixed core
     *  [jeq ioctl → ioctl]  [jeq unshare → unshare; jeq clone → clone; jeq setns → eperm]  [jeq key* → eperm]
     *  [jeq clone3 → enosys]
     *   ret ALLOW
     *   ioctl:   ld args[1]; jeq TIOCSTI → eperm; jeq TIOCLINUX → eperm; ret ALLOW
     *   unshare: ld args[0]; jset UNSHARE_NEW_FLAGS → eperm; ret ALLOW
     *   clone:   ld args[0]; jset CLONE_NEW_FLAGS → eperm; ret ALLOW
     *   socket:  ld args[0]; jeq ALLOWED_FAMILIES[i] other than AF_NETLINK → allow; jeq AF_NETLINK → netlink; ret EPERM
     *   netlink: ld args[2]; jeq ALLOWED_NETLINK_PROTOCOLS[i] → allow; ret EPERM
     *   mode<n>: ld args[n]; jset SET_ID_BITS → eperm; ret ALLOW
     *   own:      ld args[0]; jeq 0 → allow; ret EPERM
     *   priority: ld args[0]; jeq PRIO_PROCESS → who; ret EPERM
     *   ioprio:   ld args[0]; jeq IOPRIO_WHO_PROCESS → who; ret EPERM
     *   who:      ld args[1]; jeq 0 → allow; ret EPERM
     *   allow:   ret ALLOW
     *   eperm:   ret ERRNO | EPERM
     *   enosys:  ret ERRNO | ENOSYS
     */
    private static List<BpfInstruction> build(Arch arch, Set<Refusal> refusals, boolean spawnsWithClone3) {
        List<Op> p = new ArrayList<>(header(arch));
        if (arch.hasX32) {
            p.add(Op.jumpIfAtLeast(X32_SYSCALL_BIT, "eperm"));
        }
        for (int nr : arch.denied) {
            p.add(Op.jumpIfEqual(nr, "eperm"));
        }
        for (int nr : arch.socketCalls) {
            p.add(Op.jumpIfEqual(nr, "socket"));
        }
        for (int arg = 1; arg < arch.modeCalls.length; arg++) {
            for (int nr : arch.modeCalls[arg]) {
                p.add(Op.jumpIfEqual(nr, "mode" + arg));
            }
        }
        p.add(Op.jumpIfEqual(SYS_OPENAT2, "enosys"));
        for (int nr : arch.ownProcessCalls) {
            p.add(Op.jumpIfEqual(nr, "own"));
        }
        p.add(Op.jumpIfEqual(arch.setpriority, "priority"));
        p.add(Op.jumpIfEqual(arch.ioprioSet, "ioprio"));
        boolean terminal = refusals.contains(Refusal.TERMINAL_INJECTION);
        boolean namespaces = refusals.contains(Refusal.NAMESPACES);
        if (terminal) {
            p.add(Op.jumpIfEqual(arch.ioctl, "ioctl"));
        }
        if (namespaces) {
            p.add(Op.jumpIfEqual(arch.unshare, "unshare"));
            p.add(Op.jumpIfEqual(arch.clone, "clone"));
            p.add(Op.jumpIfEqual(arch.setns, "eperm"));
            if (!spawnsWithClone3) {
                p.add(Op.jumpIfEqual(SYS_CLONE3, "enosys"));
            }
        }
        if (refusals.contains(Refusal.KEYRINGS)) {
            for (int nr : arch.keyrings) {
                p.add(Op.jumpIfEqual(nr, "eperm"));
            }
        }
        p.add(Op.ret(RET_ALLOW));
        if (terminal) {
            p.add(Op.label("ioctl"));
            p.add(Op.load(OFFSET_ARGS + 8));
            p.add(Op.jumpIfEqual(TIOCSTI, "eperm"));
            p.add(Op.jumpIfEqual(TIOCLINUX, "eperm"));
            p.add(Op.ret(RET_ALLOW));
        }
        if (namespaces) {
            p.add(Op.label("unshare"));
            p.add(Op.load(OFFSET_ARGS));
            p.add(Op.jumpIfAnySet(UNSHARE_NEW_FLAGS, "eperm"));
            p.add(Op.ret(RET_ALLOW));
            p.add(Op.label("clone"));
            p.add(Op.load(OFFSET_ARGS));
            p.add(Op.jumpIfAnySet(CLONE_NEW_FLAGS, "eperm"));
            p.add(Op.ret(RET_ALLOW));
        }
        p.add(Op.label("socket"));
        p.add(Op.load(OFFSET_ARGS));
        for (int family : ALLOWED_FAMILIES) {
            p.add(Op.jumpIfEqual(family, family == AF_NETLINK ? "netlink" : "allow"));
        }
        p.add(Op.ret(RET_ERRNO | EPERM));
        p.add(Op.label("netlink"));
        p.add(Op.load(OFFSET_ARGS + 16));
        for (int protocol : ALLOWED_NETLINK_PROTOCOLS) {
            p.add(Op.jumpIfEqual(protocol, "allow"));
        }
        p.add(Op.ret(RET_ERRNO | EPERM));
        for (int arg = 1; arg < arch.modeCalls.length; arg++) {
            if (arch.modeCalls[arg].length > 0) {
                p.add(Op.label("mode" + arg));
                p.add(Op.load(OFFSET_ARGS + 8 * arg));
                p.add(Op.jumpIfAnySet(SET_ID_BITS, "eperm"));
                p.add(Op.ret(RET_ALLOW));
            }
        }
        p.add(Op.label("own"));
        p.add(Op.load(OFFSET_ARGS));
        p.add(Op.jumpIfEqual(0, "allow"));
        p.add(Op.ret(RET_ERRNO | EPERM));
        p.add(Op.label("priority"));
        p.add(Op.load(OFFSET_ARGS));
        p.add(Op.jumpIfEqual(PRIO_PROCESS, "who"));
        p.add(Op.ret(RET_ERRNO | EPERM));
        p.add(Op.label("ioprio"));
        p.add(Op.load(OFFSET_ARGS));
        p.add(Op.jumpIfEqual(IOPRIO_WHO_PROCESS, "who"));
        p.add(Op.ret(RET_ERRNO | EPERM));
        p.add(Op.label("who"));
        p.add(Op.load(OFFSET_ARGS + 8));
        p.add(Op.jumpIfEqual(0, "allow"));
        p.add(Op.ret(RET_ERRNO | EPERM));
        p.add(Op.label("allow"));
        p.add(Op.ret(RET_ALLOW));
        p.add(Op.label("eperm"));
        p.add(Op.ret(RET_ERRNO | EPERM));
        p.add(Op.label("enosys"));
        p.add(Op.ret(RET_ERRNO | ENOSYS));
        return assemble(p);
    }

    private static List<Op> header(Arch arch) {
        return List.of(Op.load(OFFSET_ARCH), Op.jumpIfEqual(arch.auditArch, "kill-skip"),
                Op.ret(RET_KILL_PROCESS), Op.label("kill-skip"), Op.load(OFFSET_NR));
    }

    /** One instruction whose jump targets are labels (null: the next instruction), or a label. */
    private record Op(int code, int k, String jumpTrue, String jumpFalse, String label) {
        Op(int code, int k, String jumpTrue, String jumpFalse) {
            this(code, k, jumpTrue, jumpFalse, null);
        }

        static Op label(String name) {
            return new Op(-1, 0, null, null, name);
        }

        static Op load(int offset) {
            return new Op(BpfInstruction.LD_W_ABS, offset, null, null);
        }

        static Op ret(int value) {
            return new Op(BpfInstruction.RET_K, value, null, null);
        }

        static Op jumpIfEqual(int value, String target) {
            return new Op(BpfInstruction.JMP_JEQ_K, value, target, null);
        }

        static Op jumpIfAtLeast(int value, String target) {
            return new Op(BpfInstruction.JMP_JGE_K, value, target, null);
        }

        static Op jumpIfAnySet(int bits, String target) {
            return new Op(BpfInstruction.JMP_JSET_K, bits, target, null);
        }
    }

    /** Resolves labels to forward offsets (classic BPF jumps only forward, at most 255 instructions). */
    private static List<BpfInstruction> assemble(List<Op> ops) {
        Map<String, Integer> at = new HashMap<>();
        int index = 0;
        for (Op op : ops) {
            if (op.label() != null) {
                at.put(op.label(), index);
            } else {
                index++;
            }
        }
        List<BpfInstruction> out = new ArrayList<>();
        for (Op op : ops) {
            if (op.label() == null) {
                int pc = out.size();
                out.add(new BpfInstruction(op.code(), offset(at, op.jumpTrue(), pc), offset(at, op.jumpFalse(), pc), op.k()));
            }
        }
        return List.copyOf(out);
    }

    private static int offset(Map<String, Integer> at, String label, int pc) {
        if (label == null) {
            return 0;
        }
        Integer target = at.get(label);
        if (target == null) {
            throw new IllegalStateException("seccomp program: no label " + label);
        }
        return target - pc - 1; // BpfInstruction rejects a backward or too long jump
    }

    /** The program as the kernel takes it ({@code struct sock_fprog}), in native memory that lives as long as this. */
    public synchronized Pointer nativeProgram() {
        if (nativeProgram == null) {
            nativeFilters = (SockFilter[]) new SockFilter().toArray(program.size());
            for (int i = 0; i < program.size(); i++) {
                BpfInstruction in = program.get(i);
                nativeFilters[i].code = (short) in.code();
                nativeFilters[i].jt = (byte) in.jt();
                nativeFilters[i].jf = (byte) in.jf();
                nativeFilters[i].k = in.k();
            }
            Structure.autoWrite(nativeFilters);
            SockFprog prog = new SockFprog();
            prog.len = (short) program.size();
            prog.filter = nativeFilters[0].getPointer();
            prog.write();
            nativeProgram = prog;
        }
        return nativeProgram.getPointer();
    }

    /** Installs the filter on the calling thread; {@code no_new_privs} must already be set. */
    void install() {
        nativeProgram();
        try {
            LinuxSyscalls.libc().prctl(LinuxSyscalls.PR_SET_SECCOMP, LinuxSyscalls.SECCOMP_MODE_FILTER, nativeProgram, 0, 0);
        } catch (LastErrorException e) {
            throw Landlock.failed("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", e);
        }
    }
}
