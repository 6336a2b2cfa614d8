package dev.cordon.platform.linux;

import dev.cordon.platform.linux.PosixAcl.Entry;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static dev.cordon.platform.linux.PosixAcl.GROUP;
import static dev.cordon.platform.linux.PosixAcl.GROUP_OBJ;
import static dev.cordon.platform.linux.PosixAcl.MASK;
import static dev.cordon.platform.linux.PosixAcl.NO_ID;
import static dev.cordon.platform.linux.PosixAcl.OTHER;
import static dev.cordon.platform.linux.PosixAcl.USER;
import static dev.cordon.platform.linux.PosixAcl.USER_OBJ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PosixAclTest {
    /** {@code setfacl -m u:nobody:r-x,g:adm:rw-,m::r-- f} on a 0644 file, as the kernel returned it (Debian 12). */
    private static final byte[] FILE = HexFormat.of().parseHex("0200000001000600ffffffff02000500feff000004000400ffffffff"
            + "080006000400000010000400ffffffff20000400ffffffff");
    /** {@code setfacl -m d:u:nobody:rwx d} on a 0755 directory: its default ACL. */
    private static final byte[] DEFAULT = HexFormat.of().parseHex("0200000001000700ffffffff02000700feff000004000500ffffffff"
            + "10000700ffffffff20000500ffffffff");

    @Test
    void parsesWhatTheKernelWritesAndWritesTheSameBytesBack() {
        PosixAcl acl = PosixAcl.parse(FILE);
        assertThat(acl).hasToString("u::rw-,u:65534:r-x,g::r--,g:4:rw-,m::r--,o::r--");
        assertThat(acl.toXattr()).isEqualTo(FILE);
        assertThat(PosixAcl.parse(DEFAULT)).hasToString("u::rwx,u:65534:rwx,g::r-x,m::rwx,o::r-x");
        assertThat(PosixAcl.parse(DEFAULT).toXattr()).isEqualTo(DEFAULT);
    }

    @Test
    void entriesAreKeptInTheKernelsOrderWhateverOrderTheyCameIn() {
        PosixAcl acl = new PosixAcl(List.of(new Entry(OTHER, NO_ID, 4), new Entry(GROUP, 20, 7), new Entry(GROUP, 4, 5),
                new Entry(USER_OBJ, NO_ID, 6), new Entry(MASK, NO_ID, 7), new Entry(GROUP_OBJ, NO_ID, 4)));
        assertThat(acl).hasToString("u::rw-,g::r--,g:4:r-x,g:20:rwx,m::rwx,o::r--");
        // ids sort unsigned, as the kernel compares them
        assertThat(new PosixAcl(List.of(new Entry(USER, -2, 1), new Entry(USER, 7, 1))).entries())
                .extracting(Entry::id).containsExactly(7, -2);
    }

    @Test
    void malformedAttributesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PosixAcl.parse(new byte[] {2, 0, 0})).hasMessageContaining("4 + 8n bytes, not 3");
        byte[] v1 = FILE.clone();
        v1[0] = 1;
        assertThatThrownBy(() -> PosixAcl.parse(v1)).hasMessageContaining("version 1");
        byte[] badTag = FILE.clone();
        badTag[4] = 0x40;
        assertThatThrownBy(() -> PosixAcl.parse(badTag)).hasMessageContaining("unknown ACL tag 0x40");
        assertThatThrownBy(() -> new PosixAcl(List.of(new Entry(USER, 5, 1), new Entry(USER, 5, 2))))
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> new Entry(USER, NO_ID, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Entry(MASK, NO_ID, 8)).hasMessageContaining("out of range");
    }

    @Test
    void fromModeAndModeBits() {
        PosixAcl acl = PosixAcl.fromMode(0100750);
        assertThat(acl).hasToString("u::rwx,g::r-x,o::---");
        assertThat(acl.isMinimal()).isTrue();
        assertThat(acl.modeBits()).isEqualTo(0750);
        // with a mask, the group bits of the mode are the mask's
        assertThat(PosixAcl.parse(FILE).modeBits()).isEqualTo(0644);
    }

    @Test
    void addingAnEntryWidensNoOneElsesEffectivePermissions() {
        // adm has rw- but the mask lets only r-- through; giving group 999 rwx must not hand adm its w
        PosixAcl granted = PosixAcl.parse(FILE).clampedToMask().with(new Entry(GROUP, 999, 7)).withMaskRecomputed();
        assertThat(granted).hasToString("u::rw-,u:65534:r--,g::r--,g:4:r--,g:999:rwx,m::rwx,o::r--");
        for (Entry e : granted.entries()) {
            if (e.tag() == USER || e.tag() == GROUP_OBJ || (e.tag() == GROUP && e.id() != 999)) {
                assertThat(e.perm() & granted.find(MASK, NO_ID).orElseThrow().perm()).isLessThanOrEqualTo(4);
            }
        }
    }

    @Test
    void withReplacesAndWithoutRemoves() {
        PosixAcl acl = PosixAcl.fromMode(0644).with(new Entry(GROUP, 5, 4)).with(new Entry(GROUP, 5, 6));
        assertThat(acl.find(GROUP, 5)).contains(new Entry(GROUP, 5, 6));
        assertThat(acl.without(GROUP, 5)).isEqualTo(PosixAcl.fromMode(0644));
        assertThat(acl.hasNamedEntries()).isTrue();
        assertThat(acl.isMinimal()).isFalse();
    }

    @Test
    void maskIsTheUnionOfTheGroupClassAndGoesWithTheLastNamedEntry() {
        PosixAcl acl = PosixAcl.fromMode(0640).with(new Entry(USER, 1000, 1)).withMaskRecomputed();
        assertThat(acl.find(MASK, NO_ID)).contains(new Entry(MASK, NO_ID, 5));
        assertThat(acl.without(USER, 1000).withMaskRecomputed()).isEqualTo(PosixAcl.fromMode(0640));
    }

    @Test
    void minimizingFoldsTheMaskIntoTheOwningGroup() {
        PosixAcl acl = PosixAcl.fromMode(0670).with(new Entry(MASK, NO_ID, 4));
        assertThat(acl.isMinimal()).isFalse();
        assertThat(acl.minimizedIfPossible()).isEqualTo(PosixAcl.fromMode(0640));
        PosixAcl named = acl.with(new Entry(USER, 3, 7));
        assertThat(named.minimizedIfPossible()).isSameAs(named);
    }

    @Test
    void inheritanceFollowsPosixCreateRules() {
        PosixAcl def = PosixAcl.parse(DEFAULT); // u::rwx,u:65534:rwx,g::r-x,m::rwx,o::r-x
        // open(O_CREAT, 0666): owner rw-, mask rw-, other r--; named entries stay as they are (the mask limits them)
        assertThat(def.inheritedFor(0666)).hasToString("u::rw-,u:65534:rwx,g::r-x,m::rw-,o::r--");
        assertThat(def.inheritedFor(0666).modeBits()).isEqualTo(0664);
        // without a mask the owning group entry takes the group bits
        assertThat(PosixAcl.fromMode(0775).inheritedFor(0640)).hasToString("u::rw-,g::r--,o::---");
    }
}
