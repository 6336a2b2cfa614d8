package dev.cordon.platform.linux.confine;

/** Landlock filesystem access rights ({@code LANDLOCK_ACCESS_FS_*}) and which ABI handles which. */
public final class LandlockAccess {
    public static final long EXECUTE = 1L;
    public static final long WRITE_FILE = 1L << 1;
    public static final long READ_FILE = 1L << 2;
    public static final long READ_DIR = 1L << 3;
    public static final long REMOVE_DIR = 1L << 4;
    public static final long REMOVE_FILE = 1L << 5;
    public static final long MAKE_CHAR = 1L << 6;
    public static final long MAKE_DIR = 1L << 7;
    public static final long MAKE_REG = 1L << 8;
    public static final long MAKE_SOCK = 1L << 9;
    public static final long MAKE_FIFO = 1L << 10;
    public static final long MAKE_BLOCK = 1L << 11;
    public static final long MAKE_SYM = 1L << 12;
    /** ABI 2: link or rename into another directory. Unhandled (ABI 1), such reparenting is always denied. */
    public static final long REFER = 1L << 13;
    /** ABI 3: truncate(2), ftruncate(2), open(O_TRUNC). */
    public static final long TRUNCATE = 1L << 14;
    /** ABI 5: ioctl(2) on character and block devices. */
    public static final long IOCTL_DEV = 1L << 15;

    private static final long ABI1 = (MAKE_SYM << 1) - 1;

    /** ABI 6 scopes: no connecting to abstract UNIX sockets created outside the domain (they bypass the firewall). */
    public static final long SCOPE_ABSTRACT_UNIX_SOCKET = 1L;
    /** ABI 6 scopes: no signals to processes outside the domain (the runner, other sessions, the host). */
    public static final long SCOPE_SIGNAL = 1L << 1;

    /** The IPC scopes the given ABI can restrict. */
    public static long scopedForAbi(int abi) {
        return abi >= 6 ? SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL : 0;
    }

    /** Read a file or execute it: what a rule on a non-directory may grant for reading. */
    public static final long READ_FILE_RIGHTS = EXECUTE | READ_FILE;
    public static final long READ_TREE_RIGHTS = READ_FILE_RIGHTS | READ_DIR;
    /** Rights a rule on a device file (a non-directory) grants for writing to it. */
    public static final long DEVICE_WRITE_RIGHTS = READ_FILE | WRITE_FILE | TRUNCATE | IOCTL_DEV;

    private LandlockAccess() {
    }

    /** Every filesystem right the given ABI can restrict; a ruleset handles all of them so nothing is left open. */
    public static long handledForAbi(int abi) {
        if (abi < 1) {
            throw new IllegalArgumentException("Landlock ABI versions start at 1, not " + abi);
        }
        long rights = ABI1;
        if (abi >= 2) {
            rights |= REFER;
        }
        if (abi >= 3) {
            rights |= TRUNCATE;
        }
        if (abi >= 5) {
            rights |= IOCTL_DEV;
        }
        return rights;
    }
}
