package dev.cordon.platform.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code statx} says of one inode. {@code device} packs the major and minor numbers ({@code major << 32 | minor});
 * with {@code inode} it names the inode wherever it has been moved or linked. {@code birth} is its birth time in
 * nanoseconds since the epoch, 0 where the file system keeps none: an inode number freed and taken again names another
 * inode, and only the birth time tells them apart (R17). {@code fid}: the inode's file handle for identity
 * ({@code name_to_handle_at} with {@code AT_HANDLE_FID}, as {@code <type>x<hex>}; null where the file system gives none),
 * which holds the inode's generation on ext4, xfs, btrfs and tmpfs — a number taken again comes with another one (R24).
 * {@code birthStable} false where the birth time is not the inode's for life: on overlayfs it is the birth of the layer's
 * inode, and the first change of an ACL copies a lower-layer inode up, born then (R23); such a birth time is left out of
 * the identity ({@link #key}), while {@link #bornBefore} still reads it.
 */
public record FileStat(long device, long inode, int mode, int uid, int gid, int links, long birth, String fid,
                       boolean birthStable) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    /** Without a file handle, on a file system whose birth times are the inode's for life (tests). */
    public FileStat(long device, long inode, int mode, int uid, int gid, int links, long birth) {
        this(device, inode, mode, uid, gid, links, birth, null, true);
    }

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
        return new InodeKey(device, inode, birthStable ? birth : 0, fid);
    }

    /** True when the inode was born before {@code epochNanos}; false when either is unknown (0). */
    public boolean bornBefore(long epochNanos) {
        return birth != 0 && epochNanos != 0 && birth < epochNanos;
    }

    /**
     * An inode's identity: device, inode number, birth time (0: unknown, where the file system keeps none, its birth
     * times change (overlayfs), or a record of an older Cordon has none) and file handle ({@code fid}, null: unknown,
     * where the file system gives none or a record of an older Cordon has none). A part one side does not know is not
     * compared: a key that knows neither names the number alone.
     */
    public record InodeKey(long device, long inode, long birth, String fid) {
        public InodeKey {
            if (fid != null && !fid.matches("[0-9]+x[0-9a-f]+")) {
                throw new IllegalArgumentException("not a file handle: " + fid);
            }
        }

        /** Number and birth time only (records of Cordon 6acc3f2 to R24, and tests). */
        public InodeKey(long device, long inode, long birth) {
            this(device, inode, birth, null);
        }

        /** {@code major:minor:inode[:birth[:fid]]}, the form records store (birth 0 where only the handle is known). */
        @Override
        public String toString() {
            String number = (device >>> 32) + ":" + (device & 0xffffffffL) + ":" + inode;
            return fid != null ? number + ":" + birth + ":" + fid : birth == 0 ? number : number + ":" + birth;
        }

        /** The key without its birth time and handle: what a record of an older Cordon holds for the same inode. */
        public InodeKey numberOnly() {
            return birth == 0 && fid == null ? this : new InodeKey(device, inode, 0, null);
        }

        /** True when this key knows more than the number: a birth time or a file handle (R24). */
        public boolean beyondNumber() {
            return birth != 0 || fid != null;
        }

        /**
         * The forms a record of the same inode may have been written in, most precise first: this key, without the
         * handle (a record of Cordon 6acc3f2 to R24), the number alone (older still). A lookup takes the first found;
         * it is the same inode only when {@link #sameInode} says so of the record's own key.
         */
        public List<InodeKey> recordForms() {
            List<InodeKey> forms = new ArrayList<>(3);
            forms.add(this);
            if (fid != null && birth != 0) {
                forms.add(new InodeKey(device, inode, birth, null));
            }
            if (beyondNumber()) {
                forms.add(numberOnly());
            }
            return forms;
        }

        /**
         * True when both keys name the same inode: the same number and, where both know them, the same birth time and
         * the same file handle (a key without one, from an older record or a file system that keeps none, is matched
         * by what it has).
         */
        public boolean sameInode(InodeKey other) {
            return device == other.device && inode == other.inode
                    && (birth == 0 || other.birth == 0 || birth == other.birth)
                    && (fid == null || other.fid == null || fid.equals(other.fid));
        }

        public static InodeKey parse(String text) {
            String[] f = text.split(":");
            if (f.length < 3 || f.length > 5) {
                throw new IllegalArgumentException("not major:minor:inode[:birth[:fid]]: " + text);
            }
            return new InodeKey(Long.parseLong(f[0]) << 32 | Long.parseLong(f[1]), Long.parseLong(f[2]),
                    f.length >= 4 ? Long.parseLong(f[3]) : 0, f.length == 5 ? f[4] : null);
        }
    }
}
