package dev.cordon.platform.linux.confine;

import com.sun.jna.Structure;

/** {@code struct landlock_path_beneath_attr}: declared {@code __attribute__((packed))} in the UAPI, so 12 bytes. */
@Structure.FieldOrder({"allowed_access", "parent_fd"})
public class LandlockPathBeneathAttr extends Structure {
    public long allowed_access;
    public int parent_fd;

    public LandlockPathBeneathAttr() {
        super(ALIGN_NONE);
    }
}
