package dev.cordon.platform.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A POSIX ACL in the form Linux keeps it in the {@code system.posix_acl_access} and {@code system.posix_acl_default}
 * extended attributes: a little-endian header (version 2) and 8-byte entries (tag u16, permissions u16, id u32), sorted
 * by tag and id. Parsed and written here rather than through libacl, because the format is small and stable kernel ABI,
 * reading and writing the attribute through a descriptor is what makes the walk safe (libacl's fd calls need a readable
 * descriptor, which an {@code O_PATH} one is not), and a restore writes back the exact bytes that were read.
 */
public record PosixAcl(List<Entry> entries) {
    public static final String ACCESS = "system.posix_acl_access";
    public static final String DEFAULT = "system.posix_acl_default";
    public static final int USER_OBJ = 0x01;
    public static final int USER = 0x02;
    public static final int GROUP_OBJ = 0x04;
    public static final int GROUP = 0x08;
    public static final int MASK = 0x10;
    public static final int OTHER = 0x20;
    /** The id of the entries that name no one (owner, owning group, mask, other). */
    public static final int NO_ID = -1;
    public static final int RWX = 7;
    private static final int VERSION = 2;
    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::tag)
            .thenComparing(e -> Integer.toUnsignedLong(e.id()));

    /** One entry; {@code id} is a uid for {@link #USER}, a gid for {@link #GROUP}, {@link #NO_ID} otherwise. */
    public record Entry(int tag, int id, int perm) {
        public Entry {
            if (tag != USER_OBJ && tag != USER && tag != GROUP_OBJ && tag != GROUP && tag != MASK && tag != OTHER) {
                throw new IllegalArgumentException("unknown ACL tag 0x" + Integer.toHexString(tag));
            }
            if (perm < 0 || perm > RWX) {
                throw new IllegalArgumentException("ACL permissions out of range: " + perm);
            }
            if ((tag == USER || tag == GROUP) == (id == NO_ID)) {
                throw new IllegalArgumentException("tag 0x" + Integer.toHexString(tag) + " with id " + id);
            }
        }

        boolean groupClass() {
            return tag == GROUP_OBJ || tag == USER || tag == GROUP;
        }
    }

    public PosixAcl {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        for (int i = 1; i < sorted.size(); i++) {
            if (ORDER.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
                throw new IllegalArgumentException("duplicate ACL entry " + sorted.get(i));
            }
        }
        entries = List.copyOf(sorted);
    }

    /** Parses an extended attribute's value; a malformed one is an {@link IllegalArgumentException} naming why. */
    public static PosixAcl parse(byte[] xattr) {
        if (xattr.length < 4 || (xattr.length - 4) % 8 != 0) {
            throw new IllegalArgumentException("a POSIX ACL attribute is 4 + 8n bytes, not " + xattr.length);
        }
        ByteBuffer b = ByteBuffer.wrap(xattr).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("POSIX ACL attribute version " + version + ", expected " + VERSION);
        }
        List<Entry> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int tag = Short.toUnsignedInt(b.getShort());
            int perm = Short.toUnsignedInt(b.getShort());
            int id = b.getInt();
            out.add(new Entry(tag, tag == USER || tag == GROUP ? id : NO_ID, perm));
        }
        return new PosixAcl(out);
    }

    public byte[] toXattr() {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * entries.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(VERSION);
        for (Entry e : entries) {
            b.putShort((short) e.tag()).putShort((short) e.perm()).putInt(e.id());
        }
        return b.array();
    }

    /** The three-entry ACL a mode stands for. */
    public static PosixAcl fromMode(int mode) {
        return new PosixAcl(List.of(new Entry(USER_OBJ, NO_ID, (mode >> 6) & RWX), new Entry(GROUP_OBJ, NO_ID, (mode >> 3) & RWX),
                new Entry(OTHER, NO_ID, mode & RWX)));
    }

    public Optional<Entry> find(int tag, int id) {
        return entries.stream().filter(e -> e.tag() == tag && e.id() == id).findFirst();
    }

    /** This ACL with {@code entry} added, or replacing the entry of the same tag and id. */
    public PosixAcl with(Entry entry) {
        List<Entry> out = new ArrayList<>(without(entry.tag(), entry.id()).entries);
        out.add(entry);
        return new PosixAcl(out);
    }

    public PosixAcl without(int tag, int id) {
        return new PosixAcl(entries.stream().filter(e -> !(e.tag() == tag && e.id() == id)).toList());
    }

    public boolean hasNamedEntries() {
        return entries.stream().anyMatch(e -> e.tag() == USER || e.tag() == GROUP);
    }

    /** Only the owner, owning group and other entries: the mode says all of it, and Linux stores no attribute. */
    public boolean isMinimal() {
        return !hasNamedEntries() && find(MASK, NO_ID).isEmpty();
    }

    /**
     * Every group-class entry (owning group, named users and groups) reduced to what the mask lets through, so that a
     * wider mask computed later changes no one's effective permissions.
     */
    public PosixAcl clampedToMask() {
        Optional<Entry> mask = find(MASK, NO_ID);
        if (mask.isEmpty()) {
            return this;
        }
        return new PosixAcl(entries.stream().map(e -> e.groupClass() ? new Entry(e.tag(), e.id(), e.perm() & mask.get().perm()) : e)
                .toList());
    }

    /** The mask set to the union of the group class (as {@code setfacl} computes it); no mask without named entries. */
    public PosixAcl withMaskRecomputed() {
        PosixAcl noMask = without(MASK, NO_ID);
        if (!hasNamedEntries()) {
            return noMask;
        }
        int union = entries.stream().filter(Entry::groupClass).mapToInt(Entry::perm).reduce(0, (a, b) -> a | b);
        return noMask.with(new Entry(MASK, NO_ID, union));
    }

    /** Without named entries, the equivalent minimal ACL (owning group reduced by the mask, which is dropped). */
    public PosixAcl minimizedIfPossible() {
        if (hasNamedEntries()) {
            return this;
        }
        return clampedToMask().without(MASK, NO_ID);
    }

    /**
     * The access ACL a file created with {@code createMode} gets from this default ACL of its directory (POSIX.1e, as
     * Linux does it): owner and other entries limited by the mode's owner and other bits, the mask (or, without a mask,
     * the owning group) by its group bits. The umask plays no part.
     */
    public PosixAcl inheritedFor(int createMode) {
        boolean hasMask = find(MASK, NO_ID).isPresent();
        return new PosixAcl(entries.stream().map(e -> switch (e.tag()) {
            case USER_OBJ -> new Entry(USER_OBJ, NO_ID, e.perm() & (createMode >> 6) & RWX);
            case OTHER -> new Entry(OTHER, NO_ID, e.perm() & createMode & RWX);
            case MASK -> new Entry(MASK, NO_ID, e.perm() & (createMode >> 3) & RWX);
            case GROUP_OBJ -> hasMask ? e : new Entry(GROUP_OBJ, NO_ID, e.perm() & (createMode >> 3) & RWX);
            default -> e;
        }).toList());
    }

    /** The permission bits this ACL shows in the mode: owner, mask (or owning group), other. */
    public int modeBits() {
        int group = find(MASK, NO_ID).or(() -> find(GROUP_OBJ, NO_ID)).map(Entry::perm).orElse(0);
        return find(USER_OBJ, NO_ID).map(Entry::perm).orElse(0) << 6 | group << 3
                | find(OTHER, NO_ID).map(Entry::perm).orElse(0);
    }

    /** {@code getfacl}-like short text, numeric: {@code u::rwx,u:1000:r-x,g::r-x,m::rwx,o::---}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(switch (e.tag()) {
                case USER_OBJ, USER -> "u:";
                case GROUP_OBJ, GROUP -> "g:";
                case MASK -> "m:";
                default -> "o:";
            });
            sb.append(e.id() == NO_ID ? "" : Integer.toUnsignedString(e.id())).append(':');
            sb.append((e.perm() & 4) != 0 ? 'r' : '-').append((e.perm() & 2) != 0 ? 'w' : '-').append((e.perm() & 1) != 0 ? 'x' : '-');
        }
        return sb.toString();
    }
}
