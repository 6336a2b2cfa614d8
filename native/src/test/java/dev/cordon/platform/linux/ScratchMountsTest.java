package dev.cordon.platform.linux;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScratchMountsTest {
    @Test
    void scratchOptionsBoundSizeAndInodesAndKeepTheDirectoriesOwnerAndMode() {
        assertThat(ScratchMounts.options(1L << 30, 993, 0770))
                .isEqualTo("size=1073741824,nr_inodes=262144,mode=770,uid=0,gid=993");
        assertThat(ScratchMounts.options(1L << 20, 5, 0770)).isEqualTo("size=1048576,nr_inodes=1024,mode=770,uid=0,gid=5");
    }
}
