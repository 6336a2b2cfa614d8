package dev.cordon.platform.linux;

/**
 * What {@code statx} says of one inode. {@code device} packs the major and minor numbers ({@code major << 32 | minor});
 * with {@code inode} it names the inode wherever it has been moved or linked. {@code birth} is its birth time in
 * nanoseconds since the epoch, 0 where the file system keeps none: an inode number freed and taken again names another
 * inode, and only the birth time tells them apart (R17).
 */
public record FileStat(long device, long inode, int mode, int uid, int gid, int links, long birth) {
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
        return new InodeKey(device, inode, birth);
    }

    /** True when the inode was born before {@code epochNanos}; false when either is unknown (0). */
    public boolean bornBefore(long epochNanos) {
        return birth != 0 && epochNanos != 0 && birth < epochNanos;
    }

    /**
     * An inode's identity: device, inode number and birth time (0: unknown, where the file system keeps none or a record
     * of an older Cordon has none; such a key names the number alone).
     */
    public record InodeKey(long device, long inode, long birth) {
        /** {@code major:minor:inode[:birth]}, the form records store. */
        @Override
        public String toString() {
            String number = (device >>> 32) + ":" + (device & 0xffffffffL) + ":" + inode;
            return birth == 0 ? number : number + ":" + birth;
        }

        /** The key without its birth time: what a record of an older Cordon holds for the same inode. */
        public InodeKey numberOnly() {
            return birth == 0 ? this : new InodeKey(device, inode, 0);
        }

        /**
         * True when both keys name the same inode: the same number and, where both know it, the same birth time (a key
         * without one, from an older record or a file system that keeps none, is matched by its number as before).
         */
        public boolean sameInode(InodeKey other) {
            return device == other.device && inode == other.inode
                    && (birth == 0 || other.birth == 0 || birth == other.birth);
        }

        public static InodeKey parse(String text) {
            String[] f = text.split(":");
            if (f.length != 3 && f.length != 4) {
                throw new IllegalArgumentException("not major:minor:inode[:birth]: " + text);
            }
            return new InodeKey(Long.parseLong(f[0]) << 32 | Long.parseLong(f[1]), Long.parseLong(f[2]),
                    f.length == 4 ? Long.parseLong(f[3]) : 0);
        }
    }
}
