package dev.cordon.platform.linux.confine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Structure;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seccomp filter of a confined command: {@code EPERM} for ptrace, process_vm_readv/writev and io_uring (which
 * would bypass seccomp and is a frequent kernel attack surface), and for any x32 syscall on x86_64; the process is
 * killed if a syscall arrives under another architecture (e.g. {@code int 0x80} i386 calls on x86_64), whose numbers
 * this filter would misread. Everything else is allowed. The program is built in pure Java; {@link #install} loads it.
 */
public final class SeccompFilter {
    /** {@code offsetof(struct seccomp_data, nr)} and {@code offsetof(struct seccomp_data, arch)}. */
    static final int OFFSET_NR = 0;
    static final int OFFSET_ARCH = 4;
    static final int RET_KILL_PROCESS = 0x80000000;
    static final int RET_ERRNO = 0x00050000;
    static final int RET_ALLOW = 0x7fff0000;
    static final int X32_SYSCALL_BIT = 0x40000000;
    static final int EPERM = 1;

    /** The architectures Cordon has syscall numbers for. */
    public enum Arch {
        X86_64(0xC000003E, true, 101, 310, 311, 425, 426, 427),
        AARCH64(0xC00000B7, false, 117, 270, 271, 425, 426, 427);

        final int auditArch;
        final boolean hasX32;
        /** ptrace, process_vm_readv, process_vm_writev, io_uring_setup, io_uring_enter, io_uring_register. */
        final int[] denied;

        Arch(int auditArch, boolean hasX32, int... denied) {
            this.auditArch = auditArch;
            this.hasX32 = hasX32;
            this.denied = denied;
        }

        public int auditArch() {
            return auditArch;
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

    public SeccompFilter(Arch arch) {
        this.arch = arch;
        this.program = build(arch);
    }

    public Arch arch() {
        return arch;
    }

    public List<BpfInstruction> program() {
        return program;
    }

    /*
     *   0      ld  arch
     *   1      jeq AUDIT_ARCH      → 3 : 2
     *   2      ret KILL_PROCESS
     *   3      ld  nr
     *  [4      jge X32_SYSCALL_BIT → errno]    x86_64 only
     *   …      jeq denied[i]       → errno
     *   n-2    ret ALLOW
     *   n-1    ret ERRNO | EPERM
     */
    private static List<BpfInstruction> build(Arch arch) {
        List<BpfInstruction> p = new ArrayList<>();
        p.add(BpfInstruction.load(OFFSET_ARCH));
        p.add(BpfInstruction.jumpIfEqual(arch.auditArch, 1, 0));
        p.add(BpfInstruction.ret(RET_KILL_PROCESS));
        p.add(BpfInstruction.load(OFFSET_NR));
        int checks = arch.denied.length + (arch.hasX32 ? 1 : 0);
        int errnoIndex = p.size() + checks + 1;
        if (arch.hasX32) {
            p.add(BpfInstruction.jumpIfAtLeast(X32_SYSCALL_BIT, errnoIndex - p.size() - 1, 0));
        }
        for (int nr : arch.denied) {
            p.add(BpfInstruction.jumpIfEqual(nr, errnoIndex - p.size() - 1, 0));
        }
        p.add(BpfInstruction.ret(RET_ALLOW));
        p.add(BpfInstruction.ret(RET_ERRNO | EPERM));
        return List.copyOf(p);
    }

    /** Installs the filter on the calling thread; {@code no_new_privs} must already be set. */
    void install() {
        SockFilter[] filters = (SockFilter[]) new SockFilter().toArray(program.size());
        for (int i = 0; i < program.size(); i++) {
            BpfInstruction in = program.get(i);
            filters[i].code = (short) in.code();
            filters[i].jt = (byte) in.jt();
            filters[i].jf = (byte) in.jf();
            filters[i].k = in.k();
        }
        Structure.autoWrite(filters);
        SockFprog prog = new SockFprog();
        prog.len = (short) program.size();
        prog.filter = filters[0].getPointer();
        try {
            LinuxSyscalls.libc().prctl(LinuxSyscalls.PR_SET_SECCOMP, LinuxSyscalls.SECCOMP_MODE_FILTER, prog, 0, 0);
        } catch (LastErrorException e) {
            throw Landlock.failed("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", e);
        }
    }
}
