package dev.cordon.packaging.pe;

import java.util.ArrayList;
import java.util.List;

/**
 * The resource tree of a PE file (type → name → language → data), flattened: every data entry with its ids, and every
 * byte range the tree's own structures occupy, so a rewrite knows how far a resource's data may grow.
 */
public final class ResourceTable {
    public static final int RT_MANIFEST = 24;

    /**
     * @param type       the type id (-1 for a named type)
     * @param name       the name id (-1 for a named resource)
     * @param language   the language id
     * @param entryRva   where the IMAGE_RESOURCE_DATA_ENTRY is
     * @param dataRva    where the data is
     * @param size       its length
     */
    public record Entry(int type, int name, int language, long entryRva, long dataRva, long size) {
    }

    private record Range(long start, long end) {
    }

    private final PeImage image;
    private final long root;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Range> used = new ArrayList<>();

    public ResourceTable(PeImage image) {
        this.image = image;
        PeImage.Directory dir = image.directory(PeImage.DIRECTORY_RESOURCE);
        PeImage.require(dir.address() != 0 && dir.size() != 0, "no resource directory");
        this.root = dir.address();
        walk(root, 0, new int[3]);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    private void walk(long tableRva, int level, int[] ids) {
        PeImage.require(level < 3, "resource tree deeper than type/name/language");
        int t = image.offset(tableRva);
        int count = image.u16(t + 12, "resource names") + image.u16(t + 14, "resource ids");
        used.add(new Range(tableRva, tableRva + 16 + 8L * count));
        for (int i = 0; i < count; i++) {
            int e = t + 16 + 8 * i;
            long nameField = image.u32L(e);
            long target = image.u32L(e + 4);
            if ((nameField & 0x80000000L) != 0) {
                long stringRva = root + (nameField & 0x7fffffffL);
                int length = image.u16(image.offset(stringRva), "resource name");
                used.add(new Range(stringRva, stringRva + 2 + 2L * length));
                ids[level] = -1;
            } else {
                ids[level] = (int) (nameField & 0xffff);
            }
            long child = root + (target & 0x7fffffffL);
            if ((target & 0x80000000L) != 0) {
                walk(child, level + 1, ids);
            } else {
                PeImage.require(level == 2, "resource data at level " + level);
                int d = image.offset(child);
                long dataRva = image.u32L(d);
                long size = image.u32L(d + 4);
                used.add(new Range(child, child + 16));
                used.add(new Range(dataRva, dataRva + size));
                entries.add(new Entry(ids[0], ids[1], ids[2], child, dataRva, size));
            }
        }
    }

    /** Bytes from the entry's data to the next thing in its section (another resource, a table) or the section's end. */
    public long capacity(Entry entry) {
        PeImage.Section section = image.sectionOf(entry.dataRva());
        long limit = section.virtualAddress() + section.usableSize();
        for (Range r : used) {
            if (r.start() > entry.dataRva() && r.start() < limit) {
                limit = r.start();
            }
            PeImage.require(r.start() <= entry.dataRva() || r.start() >= entry.dataRva() + entry.size()
                    || r.start() == entry.dataRva(), "resource structures overlap the data at 0x" + Long.toHexString(entry.dataRva()));
        }
        return limit - entry.dataRva();
    }

    /** The data of an entry. */
    public byte[] data(Entry entry) {
        int offset = image.offset(entry.dataRva());
        PeImage.require(offset + entry.size() <= image.bytes.length, "resource data past the end of the file");
        return java.util.Arrays.copyOfRange(image.bytes, offset, (int) (offset + entry.size()));
    }
}
