package dev.cordon.platform.linux;

import dev.cordon.core.Exec;
import dev.cordon.platform.linux.FileStat.InodeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inode identities (R17, R23, R24): their text form, the forms older records hold, and the native calls behind them. */
class FileStatTest {
    private static final long DEV = 259L << 32 | 1;

    @Test
    void aKeyWithAFileHandleRoundTripsAndOlderFormsStillParse() {
        InodeKey full = new InodeKey(DEV, 42, 1_700_000_000_123456789L, "1x2a000000bfc1736f");
        assertThat(full.toString()).isEqualTo("259:1:42:1700000000123456789:1x2a000000bfc1736f");
        assertThat(InodeKey.parse(full.toString())).isEqualTo(full);
        InodeKey handleOnly = new InodeKey(DEV, 42, 0, "248x00fb");
        assertThat(handleOnly.toString()).isEqualTo("259:1:42:0:248x00fb");
        assertThat(InodeKey.parse(handleOnly.toString())).isEqualTo(handleOnly);
        assertThat(InodeKey.parse("259:1:42")).isEqualTo(new InodeKey(DEV, 42, 0, null)); // before 6acc3f2
        assertThat(InodeKey.parse("259:1:42:7")).isEqualTo(new InodeKey(DEV, 42, 7, null)); // 6acc3f2 to R24
        assertThatThrownBy(() -> InodeKey.parse("259:1:42:7:not-hex")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InodeKey.parse("259:1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNumberTakenAgainIsAnotherInodeByItsHandleOrItsBirth() {
        InodeKey saved = new InodeKey(DEV, 12, 0, "1x0c000000bfc1736f"); // ext4 -I 128: no birth, handle with generation
        InodeKey reused = new InodeKey(DEV, 12, 0, "1x0c0000000910ed07");
        assertThat(saved.sameInode(reused)).isFalse();
        assertThat(saved.sameInode(new InodeKey(DEV, 12, 0, "1x0c000000bfc1736f"))).isTrue();
        assertThat(new InodeKey(DEV, 12, 5, "1x01").sameInode(new InodeKey(DEV, 12, 6, "1x01"))).isFalse();
        // an older record knows less: matched by what it has
        assertThat(saved.sameInode(saved.numberOnly())).isTrue();
        assertThat(new InodeKey(DEV, 12, 5, null).sameInode(new InodeKey(DEV, 12, 5, "1x01"))).isTrue();
        assertThat(new InodeKey(DEV, 12, 5, "1x01").recordForms()).containsExactly(new InodeKey(DEV, 12, 5, "1x01"),
                new InodeKey(DEV, 12, 5, null), new InodeKey(DEV, 12, 0, null));
        assertThat(new InodeKey(DEV, 12, 0, null).recordForms()).containsExactly(new InodeKey(DEV, 12, 0, null));
        assertThat(new InodeKey(DEV, 12, 0, null).beyondNumber()).isFalse();
        assertThat(saved.beyondNumber()).isTrue();
    }

    @Test
    void onOverlayfsTheBirthTimeIsLeftOutOfTheKey() {
        FileStat overlay = new FileStat(DEV, 12, 0100644, 0, 0, 1, 99, "248x00fb", false);
        assertThat(overlay.key()).isEqualTo(new InodeKey(DEV, 12, 0, "248x00fb"));
        assertThat(overlay.bornBefore(100)).isTrue(); // still read for R20
        assertThat(new FileStat(DEV, 12, 0100644, 0, 0, 1, 99, "1x01", true).key())
                .isEqualTo(new InodeKey(DEV, 12, 99, "1x01"));
    }

    /** The structure sizes and offsets the native calls use, checked against what the tools here say of real files. */
    @Test
    void statfsTypeAndFileHandleMatchTheSystemsTools(@TempDir Path dir) throws Exception {
        assertThat(LinuxFileSyscalls.STATFS_SIZE).isEqualTo(120);
        assertThat(FileHandle.HANDLE_HEADER).isEqualTo(8);
        Path file = Files.writeString(dir.resolve("f"), "x");
        String type = Exec.run(List.of("stat", "-f", "-c", "%t", file.toString())).orThrow("stat -f").stdout().strip();
        try (PathFd fd = PathFd.open(file)) {
            assertThat(Long.toHexString(fd.fsType())).isEqualTo(type);
            FileStat st = fd.stat();
            assertThat(st.fid()).matches("[0-9]+x[0-9a-f]+");
            assertThat(st.fid()).isEqualTo(fd.stat().fid());
            String ino = Exec.run(List.of("stat", "-c", "%i", file.toString())).orThrow("stat").stdout().strip();
            assertThat(st.inode()).isEqualTo(Long.parseLong(ino));
            String birth = Exec.run(List.of("stat", "-c", "%W", file.toString())).orThrow("stat").stdout().strip();
            assertThat(st.birth() / 1_000_000_000L).isEqualTo(Long.parseLong(birth));
        }
        Path other = Files.writeString(dir.resolve("g"), "y");
        try (PathFd a = PathFd.open(file); PathFd b = PathFd.open(other)) {
            assertThat(a.stat().fid()).isNotEqualTo(b.stat().fid());
        }
    }
}
