package dev.cordon.platform.linux;

/**
 * What {@code statx} says of one inode. {@code device} packs the major and minor numbers ({@code major << 32 | minor});
 * with {@code inode} it names the inode wherever it has been moved or linked.
 */
public record FileStat(long device, long inode, int mode, int uid, int gid, int links) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isSymlink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** The permission bits with setuid, setgid and sticky: what chmod sets. */
    public int permissions() {
        return mode & 07777;
    }

    public InodeKey key() {
        return new InodeKey(device, inode);
    }

    /** An inode's identity: device and inode number. */
    public record InodeKey(long device, long inode) {
        /** {@code major:minor:inode}, the form records store. */
        @Override
        public String toString() {
            return (device >>> 32) + ":" + (device & 0xffffffffL) + ":" + inode;
        }

        public static InodeKey parse(String text) {
            String[] f = text.split(":");
            if (f.length != 3) {
                throw new IllegalArgumentException("not major:minor:inode: " + text);
            }
            return new InodeKey(Long.parseLong(f[0]) << 32 | Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
    }
}
