package dev.cordon.platform.linux.confine;

import dev.cordon.platform.linux.confine.SeccompFilter.Arch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Decodes and runs the seccomp program in a small classic-BPF interpreter, without installing it. */
class SeccompFilterTest {
    private static final int ERRNO_EPERM = 0x00050001;
    private static final int ALLOW = 0x7fff0000;
    private static final int KILL_PROCESS = 0x80000000;
    private static final int AUDIT_ARCH_I386 = 0x40000003;

    /** Runs {@code program} on a {@code struct seccomp_data} holding only {@code nr} and {@code arch}. */
    static int run(List<BpfInstruction> program, int nr, int arch) {
        int acc = 0;
        int pc = 0;
        for (int steps = 0; steps <= program.size(); steps++) {
            BpfInstruction in = program.get(pc);
            switch (in.code()) {
                case BpfInstruction.LD_W_ABS -> {
                    acc = switch (in.k()) {
                        case 0 -> nr;
                        case 4 -> arch;
                        default -> throw new AssertionError("load from unexpected offset " + in.k());
                    };
                    pc++;
                }
                case BpfInstruction.JMP_JEQ_K -> pc += 1 + (acc == in.k() ? in.jt() : in.jf());
                case BpfInstruction.JMP_JGE_K ->
                        pc += 1 + (Integer.compareUnsigned(acc, in.k()) >= 0 ? in.jt() : in.jf());
                case BpfInstruction.RET_K -> {
                    return in.k();
                }
                default -> throw new AssertionError("unexpected opcode 0x" + Integer.toHexString(in.code()));
            }
            assertThat(pc).as("jump target").isBetween(0, program.size() - 1);
        }
        throw new AssertionError("program did not return");
    }

    @Test
    void x86_64ProgramChecksArchThenLoadsTheSyscallNumber() {
        List<BpfInstruction> p = new SeccompFilter(Arch.X86_64).program();
        assertThat(p.get(0)).isEqualTo(new BpfInstruction(0x20, 0, 0, 4));
        assertThat(p.get(1)).isEqualTo(new BpfInstruction(0x15, 1, 0, 0xC000003E));
        assertThat(p.get(2)).isEqualTo(new BpfInstruction(0x06, 0, 0, KILL_PROCESS));
        assertThat(p.get(3)).isEqualTo(new BpfInstruction(0x20, 0, 0, 0));
        assertThat(p.get(4)).isEqualTo(new BpfInstruction(0x35, 7, 0, 0x40000000));
        assertThat(p.get(p.size() - 2)).isEqualTo(new BpfInstruction(0x06, 0, 0, ALLOW));
        assertThat(p.get(p.size() - 1)).isEqualTo(new BpfInstruction(0x06, 0, 0, ERRNO_EPERM));
        assertThat(p).hasSize(13);
    }

    @Test
    void x86_64DeniesTracingVmAccessIoUringAndX32() {
        List<BpfInstruction> p = new SeccompFilter(Arch.X86_64).program();
        int x86 = Arch.X86_64.auditArch();
        for (int nr : new int[] {101, 310, 311, 425, 426, 427}) {
            assertThat(run(p, nr, x86)).as("syscall %d", nr).isEqualTo(ERRNO_EPERM);
        }
        for (int nr : new int[] {0, 1, 2, 56, 57, 59, 100, 102, 309, 312, 424, 428, 446}) {
            assertThat(run(p, nr, x86)).as("syscall %d", nr).isEqualTo(ALLOW);
        }
        assertThat(run(p, 0x40000000 | 39, x86)).as("x32 getpid").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 0x40000000 | 101, x86)).as("x32 ptrace").isEqualTo(ERRNO_EPERM);
        assertThat(run(p, 26, AUDIT_ARCH_I386)).as("i386 ptrace via int 0x80").isEqualTo(KILL_PROCESS);
        assertThat(run(p, 0, Arch.AARCH64.auditArch())).isEqualTo(KILL_PROCESS);
    }

    @Test
    void aarch64UsesItsOwnNumbersAndHasNoX32Check() {
        List<BpfInstruction> p = new SeccompFilter(Arch.AARCH64).program();
        int arm = Arch.AARCH64.auditArch();
        for (int nr : new int[] {117, 270, 271, 425, 426, 427}) {
            assertThat(run(p, nr, arm)).as("syscall %d", nr).isEqualTo(ERRNO_EPERM);
        }
        assertThat(run(p, 101, arm)).as("101 is not ptrace on aarch64").isEqualTo(ALLOW);
        assertThat(run(p, 0x40000000, arm)).isEqualTo(ALLOW);
        assertThat(run(p, 117, Arch.X86_64.auditArch())).isEqualTo(KILL_PROCESS);
        assertThat(p).noneMatch(in -> in.code() == BpfInstruction.JMP_JGE_K);
    }

    @Test
    void currentArchIsKnownOnThisMachine() {
        assertThat(Arch.current()).isIn(Arch.X86_64, Arch.AARCH64);
    }
}
