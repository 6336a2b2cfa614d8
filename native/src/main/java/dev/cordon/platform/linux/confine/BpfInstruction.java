package dev.cordon.platform.linux.confine;

/** One classic BPF instruction, as {@code struct sock_filter} holds it. */
public record BpfInstruction(int code, int jt, int jf, int k) {
    public static final int LD_W_ABS = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    public static final int JMP_JEQ_K = 0x15;  // BPF_JMP | BPF_JEQ | BPF_K
    public static final int JMP_JGE_K = 0x35;  // BPF_JMP | BPF_JGE | BPF_K
    public static final int JMP_JSET_K = 0x45; // BPF_JMP | BPF_JSET | BPF_K
    public static final int RET_K = 0x06;      // BPF_RET | BPF_K

    public BpfInstruction {
        if (code < 0 || code > 0xffff || jt < 0 || jt > 0xff || jf < 0 || jf > 0xff) {
            throw new IllegalArgumentException("Not a sock_filter: code " + code + " jt " + jt + " jf " + jf);
        }
    }

    static BpfInstruction load(int offset) {
        return new BpfInstruction(LD_W_ABS, 0, 0, offset);
    }

    static BpfInstruction jumpIfEqual(int value, int jt, int jf) {
        return new BpfInstruction(JMP_JEQ_K, jt, jf, value);
    }

    static BpfInstruction jumpIfAtLeast(int value, int jt, int jf) {
        return new BpfInstruction(JMP_JGE_K, jt, jf, value);
    }

    static BpfInstruction ret(int value) {
        return new BpfInstruction(RET_K, 0, 0, value);
    }
}
