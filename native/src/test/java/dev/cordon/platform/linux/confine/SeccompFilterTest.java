package dev.cordon.platform.linux.confine;

import dev.cordon.platform.linux.confine.SeccompFilter.Arch;
import dev.cordon.platform.linux.confine.SeccompFilter.Refusal;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Decodes and runs the seccomp programs in a small classic-BPF interpreter, without installing them. */
class SeccompFilterTest {
    private static final int ERRNO_EPERM = 0x00050001;
    private static final int ERRNO_ENOSYS = 0x00050026;
    private static final int ALLOW = 0x7fff0000;
    private static final int KILL_PROCESS = 0x80000000;
    private static final int AUDIT_ARCH_I386 = 0x40000003;
    private static final int X86 = Arch.X86_64.auditArch();
    private static final int CLONE_NEWUSER = 0x10000000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int CLONE_NEWNS = 0x00020000;
    private static final int CLONE_NEWTIME = 0x80;
    private static final int SIGCHLD = 17;
    /** What glibc passes to clone for fork (CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD) and for a thread. */
    private static final long FORK_FLAGS = 0x01200000L | SIGCHLD;
    private static final long THREAD_FLAGS = 0x003d0f00L;
    private static final long VFORK_FLAGS = 0x00004100L | SIGCHLD;

    /** Runs {@code program} on a {@code struct seccomp_data} holding {@code nr}, {@code arch} and six arguments. */
    static int run(List<BpfInstruction> program, int nr, int arch, long... args) {
        int acc = 0;
        int pc = 0;
        for (int steps = 0; steps <= program.size(); steps++) {
            BpfInstruction in = program.get(pc);
            switch (in.code()) {
                case BpfInstruction.LD_W_ABS -> {
                    int k = in.k();
                    if (k == 0) {
                        acc = nr;
                    } else if (k == 4) {
                        acc = arch;
                    } else if (k >= 16 && k < 64 && k % 4 == 0) {
                        long arg = (k - 16) / 8 < args.length ? args[(k - 16) / 8] : 0;
                        acc = (int) (k % 8 == 0 ? arg : arg >>> 32); // little-endian: the low word first
                    } else {
                        throw new AssertionError("load from unexpected offset " + k);
                    }
                    pc++;
                }
                case BpfInstruction.JMP_JEQ_K -> pc += 1 + (acc == in.k() ? in.jt() : in.jf());
                case BpfInstruction.JMP_JGE_K ->
                        pc += 1 + (Integer.compareUnsigned(acc, in.k()) >= 0 ? in.jt() : in.jf());
                case BpfInstruction.JMP_JSET_K -> pc += 1 + ((acc & in.k()) != 0 ? in.jt() : in.jf());
                case BpfInstruction.RET_K -> {
                    return in.k();
                }
                default -> throw new AssertionError("unexpected opcode 0x" + Integer.toHexString(in.code()));
            }
            assertThat(pc).as("jump target").isBetween(0, program.size() - 1);
        }
        throw new AssertionError("program did not return");
    }

    private static List<BpfInstruction> full(Arch arch) {
        return new SeccompFilter(arch).program();
    }

    @Test
    void x86_64ProgramChecksArchThenLoadsTheSyscallNumber() {
        List<BpfInstruction> p = full(Arch.X86_64);
        assertThat(p.get(0)).isEqualTo(new BpfInstruction(0x20, 0, 0, 4));
        assertThat(p.get(1)).isEqualTo(new BpfInstruction(0x15, 1, 0, 0xC000003E));
        assertThat(p.get(2)).isEqualTo(new BpfInstruction(0x06, 0, 0, KILL_PROCESS));
        assertThat(p.get(3)).isEqualTo(new BpfInstruction(0x20, 0, 0, 0));
        assertThat(p.get(4).code()).isEqualTo(0x35);
        assertThat(p.get(4).k()).isEqualTo(0x40000000);
        assertThat(p.get(p.size() - 2)).isEqualTo(new BpfInstruction(0x06, 0, 0, ERRNO_EPERM));
        assertThat(p.get(p.size() - 1)).isEqualTo(new BpfInstruction(0x06, 0, 0, ERRNO_ENOSYS));
        assertThat(p).hasSizeLessThan(96); // a linear scan: every syscall pays for each jump before its own
    }

    @Test
    void x86_64DeniesTracingVmAccessIoUringAndX32() {
        List<BpfInstruction> p = full(Arch.X86_64);
        for (int nr : new int[] {101, 310, 311, 425, 426, 427}) {
            assertThat(run(p, nr, X86)).as("syscall %d", nr).isEqualTo(ERRNO_EPERM);
        }
        for (int nr : new int[] {0, 1, 2, 57, 58, 59, 100, 102, 309, 312, 424, 428, 446}) {
            assertThat(run(p, nr, X86)).as("syscall %d", nr).isEqualTo(ALLOW);
        }
        assertThat(run(p, 0x40000000 | 39, X86)).as("x32 getpid").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 0x40000000 | 101, X86)).as("x32 ptrace").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 0x40000000 | 272, X86, CLONE_NEWUSER)).as("x32 unshare").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 26, AUDIT_ARCH_I386)).as("i386 ptrace via int 0x80").isEqualTo(KILL_PROCESS);
        assertThat(run(p, 0, Arch.AARCH64.auditArch())).isEqualTo(KILL_PROCESS);
    }

    @Test
    void extendedAttributesAreLeftToTheFileSystem() {
        // refusing them broke cp -a of a lent workspace's files (their grant ACL is copied): see SeccompFilter
        List<BpfInstruction> p = full(Arch.X86_64);
        for (int nr : new int[] {188, 189, 190, 463, 191, 197}) { // set*, setxattrat, getxattr, removexattr
            assertThat(run(p, nr, X86)).as("syscall %d", nr).isEqualTo(ALLOW);
        }
    }

    @Test
    void setuidAndSetgidModesAreRefusedWhereverAModeIsGiven() {
        for (List<BpfInstruction> p : List.of(full(Arch.X86_64),
                SeccompFilter.forSpawner(Arch.X86_64, EnumSet.noneOf(Refusal.class), true).program())) {
            // chmod(path, mode), fchmod(fd, mode), creat(path, mode), mknod(path, mode, dev)
            for (int nr : new int[] {90, 91, 85, 133}) {
                assertThat(run(p, nr, X86, 0, 04755)).as("syscall %d setuid", nr).isEqualTo(ERRNO_EPERM);
                assertThat(run(p, nr, X86, 0, 02775)).as("syscall %d setgid", nr).isEqualTo(ERRNO_EPERM);
                assertThat(run(p, nr, X86, 0, 01777)).as("syscall %d sticky", nr).isEqualTo(ALLOW);
                assertThat(run(p, nr, X86, 0, 0755)).as("syscall %d", nr).isEqualTo(ALLOW);
            }
            // fchmodat(dirfd, path, mode), open(path, flags, mode), mknodat(dirfd, path, mode, dev), fchmodat2
            for (int nr : new int[] {268, 2, 259, 452}) {
                assertThat(run(p, nr, X86, 0, 0, 06755)).as("syscall %d setuid", nr).isEqualTo(ERRNO_EPERM);
                assertThat(run(p, nr, X86, 0, 0, 0644)).as("syscall %d", nr).isEqualTo(ALLOW);
                assertThat(run(p, nr, X86, 0, 06755, 0644)).as("syscall %d: another argument", nr).isEqualTo(ALLOW);
            }
            assertThat(run(p, 257, X86, 0, 0, 0101, 04700)).as("openat O_CREAT setuid").isEqualTo(ERRNO_EPERM);
            assertThat(run(p, 257, X86, 0, 0, 0101, 0600)).as("openat O_CREAT").isEqualTo(ALLOW);
            assertThat(run(p, 437, X86)).as("openat2: its mode is in memory").isEqualTo(ERRNO_ENOSYS);
        }
        List<BpfInstruction> arm = full(Arch.AARCH64);
        int a = Arch.AARCH64.auditArch();
        assertThat(run(arm, 52, a, 0, 04755)).as("aarch64 fchmod").isEqualTo(ERRNO_EPERM);
        assertThat(run(arm, 53, a, 0, 0, 02755)).as("aarch64 fchmodat").isEqualTo(ERRNO_EPERM);
        assertThat(run(arm, 56, a, 0, 0, 0101, 06755)).as("aarch64 openat").isEqualTo(ERRNO_EPERM);
        assertThat(run(arm, 56, a, 0, 0, 0101, 0644)).as("aarch64 openat").isEqualTo(ALLOW);
        assertThat(run(arm, 33, a, 0, 0, 04644)).as("aarch64 mknodat").isEqualTo(ERRNO_EPERM);
    }

    @Test
    void terminalInjectionIoctlsAreRefusedByTheirLow32Bits() {
        List<BpfInstruction> p = full(Arch.X86_64);
        assertThat(run(p, 16, X86, 0, 0x5412)).as("TIOCSTI").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 16, X86, 0, 0x541C)).as("TIOCLINUX").isEqualTo(ERRNO_EPERM);
        // the kernel takes the request as an unsigned int: high bits must not smuggle it past
        assertThat(run(p, 16, X86, 0, 0x1_0000_5412L)).as("TIOCSTI with high bits").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 16, X86, 0x5412, 0x5401)).as("TCGETS on fd 0x5412").isEqualTo(ALLOW);
        for (long request : new long[] {0x5401, 0x5413, 0x541B, 0x541D, 0x5410, 0x80045430L, 0x5421}) {
            assertThat(run(p, 16, X86, 1, request)).as("ioctl 0x%x", request).isEqualTo(ALLOW);
        }
    }

    @Test
    void namespaceCreationIsRefusedAndOrdinaryClonesAreNot() {
        List<BpfInstruction> p = full(Arch.X86_64);
        int unshare = 272;
        int clone = 56;
        for (int flag : new int[] {CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWNS, 0x02000000, 0x04000000, 0x08000000,
                0x20000000}) {
            assertThat(run(p, unshare, X86, flag)).as("unshare 0x%x", flag).isEqualTo(ERRNO_EPERM);
            assertThat(run(p, clone, X86, flag | SIGCHLD)).as("clone 0x%x", flag).isEqualTo(ERRNO_EPERM);
        }
        assertThat(run(p, unshare, X86, CLONE_NEWUSER | CLONE_NEWNET | 0x1_0000_0000L)).isEqualTo(ERRNO_EPERM);
        assertThat(run(p, unshare, X86, CLONE_NEWTIME)).as("unshare CLONE_NEWTIME").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, unshare, X86, 0x00000400)).as("unshare CLONE_FILES").isEqualTo(ALLOW);
        assertThat(run(p, unshare, X86, 0x00000200)).as("unshare CLONE_FS").isEqualTo(ALLOW);
        assertThat(run(p, clone, X86, FORK_FLAGS)).as("fork").isEqualTo(ALLOW);
        assertThat(run(p, clone, X86, THREAD_FLAGS)).as("pthread_create").isEqualTo(ALLOW);
        assertThat(run(p, clone, X86, VFORK_FLAGS)).as("vfork/posix_spawn").isEqualTo(ALLOW);
        assertThat(run(p, 308, X86, 3, 0)).as("setns").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 435, X86)).as("clone3, whatever its struct says").isEqualTo(ERRNO_ENOSYS);
    }

    @Test
    void socketsOnlyForUnixInetAndReadOnlyNetlink() {
        for (List<BpfInstruction> p : List.of(full(Arch.X86_64),
                SeccompFilter.forSpawner(Arch.X86_64, EnumSet.noneOf(Refusal.class), true).program())) {
            for (int nr : new int[] {41, 53}) { // socket, socketpair
                for (int family : new int[] {1, 2, 10}) {
                    assertThat(run(p, nr, X86, family, 1, 0)).as("syscall %d family %d", nr, family).isEqualTo(ALLOW);
                }
                assertThat(run(p, nr, X86, 16, 3, 0)).as("NETLINK_ROUTE").isEqualTo(ALLOW);
                assertThat(run(p, nr, X86, 16, 3, 4)).as("NETLINK_SOCK_DIAG").isEqualTo(ALLOW);
                for (int protocol : new int[] {2, 9, 15, 16}) { // USERSOCK, AUDIT, KOBJECT_UEVENT, GENERIC
                    assertThat(run(p, nr, X86, 16, 3, protocol)).as("netlink protocol %d", protocol).isEqualTo(ERRNO_EPERM);
                }
                // AF_VSOCK, AF_BLUETOOTH, AF_CAN, AF_TIPC, AF_RDS, AF_X25, AF_AX25, AF_IPX, AF_APPLETALK, AF_KEY,
                // AF_PACKET, AF_ALG, AF_XDP, and a value no family has
                for (int family : new int[] {40, 31, 29, 30, 21, 9, 3, 4, 5, 15, 17, 38, 44, 0, 46, 255}) {
                    assertThat(run(p, nr, X86, family, 1, 0)).as("syscall %d family %d", nr, family).isEqualTo(ERRNO_EPERM);
                }
                // the kernel reads an int: high bits above AF_INET do not make another family
                assertThat(run(p, nr, X86, 0x1_0000_0028L, 1, 0)).as("AF_VSOCK with high bits").isEqualTo(ERRNO_EPERM);
            }
            assertThat(run(p, 42, X86, 40)).as("connect is not filtered by its first argument").isEqualTo(ALLOW);
        }
        List<BpfInstruction> arm = full(Arch.AARCH64);
        int aarch64 = Arch.AARCH64.auditArch();
        assertThat(run(arm, 198, aarch64, 40, 1, 0)).as("aarch64 socket(AF_VSOCK)").isEqualTo(ERRNO_EPERM);
        assertThat(run(arm, 199, aarch64, 40, 1, 0)).as("aarch64 socketpair(AF_VSOCK)").isEqualTo(ERRNO_EPERM);
        assertThat(run(arm, 198, aarch64, 10, 1, 0)).as("aarch64 socket(AF_INET6)").isEqualTo(ALLOW);
        assertThat(run(arm, 198, aarch64, 16, 3, 2)).as("aarch64 NETLINK_USERSOCK").isEqualTo(ERRNO_EPERM);
    }

    @Test
    void keyringSyscallsAreRefused() {
        List<BpfInstruction> p = full(Arch.X86_64);
        for (int nr : new int[] {248, 249, 250}) {
            assertThat(run(p, nr, X86)).as("syscall %d", nr).isEqualTo(ERRNO_EPERM);
        }
    }

    @Test
    void aSpawnerThreadKeepsClone3AndItsChildrenStackTheRefusal() {
        List<BpfInstruction> spawner = SeccompFilter.forSpawner(Arch.X86_64, EnumSet.allOf(Refusal.class), true).program();
        assertThat(run(spawner, 435, X86)).isEqualTo(ALLOW);
        assertThat(run(spawner, 272, X86, CLONE_NEWUSER)).isEqualTo(ERRNO_EPERM);
        List<BpfInstruction> child = SeccompFilter.clone3Refusal(Arch.X86_64).program();
        assertThat(run(child, 435, X86)).isEqualTo(ERRNO_ENOSYS);
        for (int nr : new int[] {0, 16, 56, 57, 59, 272, 434, 436}) {
            assertThat(run(child, nr, X86)).as("syscall %d", nr).isEqualTo(ALLOW);
        }
        assertThat(run(child, 435, AUDIT_ARCH_I386)).isEqualTo(KILL_PROCESS);
    }

    @Test
    void eachRefusalCanBeLeftOutAloneAndTheCoreStays() {
        for (Refusal off : Refusal.values()) {
            Set<Refusal> on = EnumSet.complementOf(EnumSet.of(off));
            List<BpfInstruction> p = SeccompFilter.forSpawner(Arch.X86_64, on, false).program();
            assertThat(run(p, 16, X86, 0, 0x5412)).as("TIOCSTI without %s", off)
                    .isEqualTo(off == Refusal.TERMINAL_INJECTION ? ALLOW : ERRNO_EPERM);
            assertThat(run(p, 250, X86)).as("keyctl without %s", off)
                    .isEqualTo(off == Refusal.KEYRINGS ? ALLOW : ERRNO_EPERM);
            assertThat(run(p, 272, X86, CLONE_NEWUSER)).as("unshare without %s", off)
                    .isEqualTo(off == Refusal.NAMESPACES ? ALLOW : ERRNO_EPERM);
            assertThat(run(p, 435, X86)).as("clone3 without %s", off)
                    .isEqualTo(off == Refusal.NAMESPACES ? ALLOW : ERRNO_ENOSYS);
            assertThat(run(p, 101, X86)).as("ptrace without %s", off).isEqualTo(ERRNO_EPERM);
        }
    }

    @Test
    void aarch64UsesItsOwnNumbersAndHasNoX32Check() {
        List<BpfInstruction> p = full(Arch.AARCH64);
        int arm = Arch.AARCH64.auditArch();
        for (int nr : new int[] {117, 270, 271, 425, 426, 427, 217, 218, 219}) {
            assertThat(run(p, nr, arm)).as("syscall %d", nr).isEqualTo(ERRNO_EPERM);
        }
        assertThat(run(p, 29, arm, 0, 0x5412)).as("TIOCSTI").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 97, arm, CLONE_NEWUSER)).as("unshare").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 220, arm, CLONE_NEWNET | SIGCHLD)).as("clone").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 220, arm, FORK_FLAGS)).as("fork").isEqualTo(ALLOW);
        assertThat(run(p, 268, arm)).as("setns").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 101, arm)).as("101 is not ptrace on aarch64").isEqualTo(ALLOW);
        assertThat(run(p, 0x40000000, arm)).isEqualTo(ALLOW);
        assertThat(run(p, 117, Arch.X86_64.auditArch())).isEqualTo(KILL_PROCESS);
        assertThat(p).noneMatch(in -> in.code() == BpfInstruction.JMP_JGE_K);
    }

    @Test
    void callsOnAnotherProcessByPidAreRefusedAndOnTheCallerItselfAllowed() {
        assertThat(Arch.X86_64.ownProcessCalls).containsExactly(302, 203, 144, 142, 314);
        assertThat(Arch.AARCH64.ownProcessCalls).containsExactly(261, 122, 119, 118, 274);
        for (Arch arch : Arch.values()) {
            List<BpfInstruction> p = full(arch);
            int a = arch.auditArch();
            for (int nr : arch.ownProcessCalls) {
                assertThat(run(p, nr, a, 0, 7, 0)).as("%s %d on itself", arch, nr).isEqualTo(ALLOW);
                assertThat(run(p, nr, a, 1234, 7, 0)).as("%s %d on pid 1234", arch, nr).isEqualTo(ERRNO_EPERM);
                assertThat(run(p, nr, a, -1L)).as("%s %d on pid -1", arch, nr).isEqualTo(ERRNO_EPERM);
            }
            // setpriority(which, who, prio): PRIO_PROCESS 0, PRIO_PGRP 1, PRIO_USER 2
            assertThat(run(p, arch.setpriority, a, 0, 0, 10)).as("%s nice on itself", arch).isEqualTo(ALLOW);
            assertThat(run(p, arch.setpriority, a, 0, 1234, 10)).isEqualTo(ERRNO_EPERM);
            assertThat(run(p, arch.setpriority, a, 1, 0, 10)).isEqualTo(ERRNO_EPERM);
            assertThat(run(p, arch.setpriority, a, 2, 0, 10)).isEqualTo(ERRNO_EPERM);
            assertThat(run(p, arch.setpriority, a, 2, 1001, 10)).isEqualTo(ERRNO_EPERM);
            // ioprio_set(which, who, ioprio): IOPRIO_WHO_PROCESS 1, _PGRP 2, _USER 3
            assertThat(run(p, arch.ioprioSet, a, 1, 0, 3 << 13)).as("%s ionice on itself", arch).isEqualTo(ALLOW);
            assertThat(run(p, arch.ioprioSet, a, 1, 1234, 3 << 13)).isEqualTo(ERRNO_EPERM);
            assertThat(run(p, arch.ioprioSet, a, 2, 0, 3 << 13)).isEqualTo(ERRNO_EPERM);
            assertThat(run(p, arch.ioprioSet, a, 3, 1001, 3 << 13)).isEqualTo(ERRNO_EPERM);
            assertThat(run(p, SeccompFilter.SYS_PROCESS_MADVISE, a, 3, 0, 0, 20, 0)).isEqualTo(ERRNO_EPERM);
            // the reads stay: getpriority, sched_getaffinity, ioprio_get
            int getpriority = arch == Arch.X86_64 ? 140 : 141;
            assertThat(run(p, getpriority, a, 0, 1234)).isEqualTo(ALLOW);
        }
    }

    @Test
    void currentArchIsKnownOnThisMachine() {
        assertThat(Arch.current()).isIn(Arch.X86_64, Arch.AARCH64);
    }
}
