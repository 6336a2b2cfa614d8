package dev.cordon.packaging.pe;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A second PE reader, written apart from {@link PeImage} and {@link ResourceTable} so the tests do not check the
 * rewrite with the code that did it: resources as "type/name/language" → bytes, where each lies in the file, and the
 * checksum computed the way pefile does (32-bit words, folded at the end).
 */
final class IndependentPeReader {
    record Located(byte[] data, int fileOffset, int sizeFieldOffset) {
    }

    final byte[] file;
    final int checksumField;
    final Map<String, Located> resources = new LinkedHashMap<>();
    private final int sections;
    private final int sectionTable;
    private final long rsrcRva;

    IndependentPeReader(byte[] file) {
        this.file = file;
        int pe = le32(0x3c);
        int optional = pe + 4 + 20;
        boolean plus = le16(optional) == 0x20b;
        checksumField = optional + 64;
        sections = le16(pe + 4 + 2);
        sectionTable = optional + le16(pe + 4 + 16);
        int dirs = optional + (plus ? 112 : 96);
        rsrcRva = le32(dirs + 2 * 8) & 0xffffffffL;
        walk(rsrcRva, "");
    }

    long certificateTableSize() {
        int pe = le32(0x3c);
        int optional = pe + 24;
        int dirs = optional + (le16(optional) == 0x20b ? 112 : 96);
        return le32(dirs + 4 * 8 + 4) & 0xffffffffL;
    }

    private void walk(long dirRva, String path) {
        int at = fileOffset(dirRva);
        int n = le16(at + 12) + le16(at + 14);
        for (int i = 0; i < n; i++) {
            int entry = at + 16 + i * 8;
            int id = le32(entry);
            int child = le32(entry + 4);
            String key = path + (id < 0 ? "name@" + (id & 0x7fffffff) : String.valueOf(id & 0xffff));
            if (child < 0) {
                walk(rsrcRva + (child & 0x7fffffff), key + "/");
            } else {
                int leaf = fileOffset(rsrcRva + child);
                int dataOffset = fileOffset(le32(leaf) & 0xffffffffL);
                int size = le32(leaf + 4);
                resources.put(key, new Located(Arrays.copyOfRange(file, dataOffset, dataOffset + size), dataOffset, leaf + 4));
            }
        }
    }

    private int fileOffset(long rva) {
        for (int i = 0; i < sections; i++) {
            int s = sectionTable + 40 * i;
            long va = le32(s + 12) & 0xffffffffL;
            long rawSize = le32(s + 16) & 0xffffffffL;
            if (rva >= va && rva < va + rawSize) {
                return (int) (le32(s + 20) + (rva - va));
            }
        }
        throw new AssertionError("rva 0x" + Long.toHexString(rva) + " in no section");
    }

    long storedChecksum() {
        return le32(checksumField) & 0xffffffffL;
    }

    /** pefile's generate_checksum. */
    long computedChecksum() {
        byte[] padded = Arrays.copyOf(file, (file.length + 3) / 4 * 4);
        long sum = 0;
        for (int i = 0; i < padded.length; i += 4) {
            if (i == checksumField) {
                continue;
            }
            long dword = (padded[i] & 0xffL) | (padded[i + 1] & 0xffL) << 8 | (padded[i + 2] & 0xffL) << 16 | (padded[i + 3] & 0xffL) << 24;
            sum = (sum & 0xffffffffL) + dword + (sum >>> 32);
            if (sum > (1L << 32)) {
                sum = (sum & 0xffffffffL) + (sum >>> 32);
            }
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = sum + (sum >>> 16);
        sum = sum & 0xffff;
        return sum + file.length;
    }

    private int le16(int at) {
        return (file[at] & 0xff) | (file[at + 1] & 0xff) << 8;
    }

    private int le32(int at) {
        return (file[at] & 0xff) | (file[at + 1] & 0xff) << 8 | (file[at + 2] & 0xff) << 16 | (file[at + 3] & 0xff) << 24;
    }
}
