package dev.cordon.platform.linux.confine;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JNA structures against the kernel UAPI layouts ({@code linux/landlock.h}, {@code linux/filter.h}): sizes, and
 * where each field lands in native memory.
 */
class LinuxSyscallsLayoutTest {
    @Test
    void pathBeneathAttrIsPackedTo12Bytes() {
        LandlockPathBeneathAttr attr = new LandlockPathBeneathAttr();
        assertThat(attr.size()).isEqualTo(12);
        attr.allowed_access = 0x0102030405060708L;
        attr.parent_fd = 0x11223344;
        attr.write();
        assertThat(attr.getPointer().getLong(0)).isEqualTo(0x0102030405060708L);
        assertThat(attr.getPointer().getInt(8)).isEqualTo(0x11223344);
    }

    @Test
    void rulesetAttrGrowsWithTheAbi() {
        LandlockRulesetAttr attr = new LandlockRulesetAttr();
        assertThat(attr.size()).isEqualTo(24);
        attr.handled_access_fs = 1;
        attr.handled_access_net = 2;
        attr.scoped = 3;
        attr.write();
        assertThat(attr.getPointer().getLong(8)).isEqualTo(2);
        assertThat(attr.getPointer().getLong(16)).isEqualTo(3);
        assertThat(LandlockRulesetAttr.sizeForAbi(1)).isEqualTo(8);
        assertThat(LandlockRulesetAttr.sizeForAbi(3)).isEqualTo(8);
        assertThat(LandlockRulesetAttr.sizeForAbi(4)).isEqualTo(16);
        assertThat(LandlockRulesetAttr.sizeForAbi(5)).isEqualTo(16);
        assertThat(LandlockRulesetAttr.sizeForAbi(6)).isEqualTo(24);
        assertThat(LandlockRulesetAttr.sizeForAbi(7)).isEqualTo(24);
    }

    @Test
    void sockFilterIs8BytesAndSockFprogIs16OnLp64() {
        SockFilter filter = new SockFilter();
        assertThat(filter.size()).isEqualTo(8);
        filter.code = 0x0102;
        filter.jt = 3;
        filter.jf = 4;
        filter.k = 0x05060708;
        filter.write();
        assertThat(filter.getPointer().getShort(0)).isEqualTo((short) 0x0102);
        assertThat(filter.getPointer().getByte(2)).isEqualTo((byte) 3);
        assertThat(filter.getPointer().getByte(3)).isEqualTo((byte) 4);
        assertThat(filter.getPointer().getInt(4)).isEqualTo(0x05060708);

        assertThat(Native.POINTER_SIZE).isEqualTo(8);
        SockFprog prog = new SockFprog();
        assertThat(prog.size()).isEqualTo(16);
        Memory target = new Memory(8);
        prog.len = 7;
        prog.filter = target;
        prog.write();
        assertThat(prog.getPointer().getShort(0)).isEqualTo((short) 7);
        assertThat(prog.getPointer().getPointer(8)).isEqualTo(target);
    }

    @Test
    void handledRightsFollowTheAbi() {
        assertThat(LandlockAccess.handledForAbi(1)).isEqualTo(0x1FFFL);
        assertThat(LandlockAccess.handledForAbi(2)).isEqualTo(0x3FFFL);
        assertThat(LandlockAccess.handledForAbi(3)).isEqualTo(0x7FFFL);
        assertThat(LandlockAccess.handledForAbi(4)).isEqualTo(0x7FFFL);
        assertThat(LandlockAccess.handledForAbi(5)).isEqualTo(0xFFFFL);
        assertThat(LandlockAccess.handledForAbi(7)).isEqualTo(0xFFFFL);
    }
}
