package dev.cordon.platform.linux;

import dev.cordon.platform.linux.FileStat.InodeKey;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * One inode as it was before a grant changed it: its identity, its mode and its exact ACL attributes (absent when it
 * had none), and its file handle when its filesystem gives one ({@code handle} null: none, or an older Cordon's record),
 * which finds it at the hand-back when it was moved out of the lent tree (R26): an openable handle with its mount, unlike
 * the key's ({@code AT_HANDLE_FID}, for telling inodes apart only). Stored one per line,
 * {@code <key> <octal mode> <access|-> <default|-> [<handle>]}, attributes in base64.
 */
record SavedInode(InodeKey key, int mode, Optional<byte[]> access, Optional<byte[]> defaults, FileHandle handle) {
    SavedInode(InodeKey key, int mode, Optional<byte[]> access, Optional<byte[]> defaults) {
        this(key, mode, access, defaults, null);
    }

    String toLine() {
        return key + " " + Integer.toOctalString(mode) + " " + encode(access) + " " + encode(defaults)
                + (handle == null ? "" : " " + handle);
    }

    static SavedInode parse(String line) {
        String[] f = line.split(" ");
        if (f.length != 4 && f.length != 5) {
            throw new IllegalArgumentException("not a saved inode: " + line);
        }
        return new SavedInode(InodeKey.parse(f[0]), Integer.parseInt(f[1], 8), decode(f[2]), decode(f[3]),
                f.length == 5 ? FileHandle.parse(f[4]).orElse(null) : null);
    }

    private static String encode(Optional<byte[]> value) {
        return value.map(v -> Base64.getEncoder().encodeToString(v)).orElse("-");
    }

    private static Optional<byte[]> decode(String text) {
        return text.equals("-") ? Optional.empty() : Optional.of(Base64.getDecoder().decode(text));
    }

    /** True when {@code value} is exactly the saved attribute (both absent, or the same bytes). */
    static boolean same(Optional<byte[]> saved, Optional<byte[]> value) {
        return saved.isPresent() == value.isPresent() && (saved.isEmpty() || Arrays.equals(saved.get(), value.get()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SavedInode s && s.key.equals(key) && s.mode == mode && same(s.access, access)
                && same(s.defaults, defaults);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }
}
