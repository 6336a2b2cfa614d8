package dev.cordon.platform.linux.confine;

import com.sun.jna.Structure;

/** {@code struct sock_filter}: one classic BPF instruction, 8 bytes. */
@Structure.FieldOrder({"code", "jt", "jf", "k"})
public class SockFilter extends Structure {
    public short code;
    public byte jt;
    public byte jf;
    public int k;
}
