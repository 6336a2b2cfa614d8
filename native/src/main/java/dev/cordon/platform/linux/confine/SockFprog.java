package dev.cordon.platform.linux.confine;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** {@code struct sock_fprog}: instruction count and a pointer to the {@link SockFilter} array (16 bytes on LP64). */
@Structure.FieldOrder({"len", "filter"})
public class SockFprog extends Structure {
    public short len;
    public Pointer filter;
}
