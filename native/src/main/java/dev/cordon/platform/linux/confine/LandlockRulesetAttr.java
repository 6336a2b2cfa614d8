package dev.cordon.platform.linux.confine;

import com.sun.jna.Structure;

/**
 * {@code struct landlock_ruleset_attr}. The kernel reads as many bytes as the caller says: 8 (handled_access_fs, ABI
 * 1-3), 16 (+ handled_access_net, ABI 4-5), 24 (+ scoped, ABI 6+). Fields beyond what an ABI knows must be zero.
 */
@Structure.FieldOrder({"handled_access_fs", "handled_access_net", "scoped"})
public class LandlockRulesetAttr extends Structure {
    public long handled_access_fs;
    public long handled_access_net;
    public long scoped;

    /** The size of the struct as the given ABI defines it. */
    public static int sizeForAbi(int abi) {
        if (abi < 1) {
            throw new IllegalArgumentException("Landlock ABI versions start at 1, not " + abi);
        }
        return abi < 4 ? 8 : abi < 6 ? 16 : 24;
    }
}
