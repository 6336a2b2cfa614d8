package dev.cordon.packaging.pe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a PE file (a Windows .exe) that a resource rewrite needs: the optional header's checksum, the data
 * directories (resources, certificate table) and the section table, to turn RVAs into file offsets.
 * Every offset is checked against the file; a malformed file is an {@link IllegalArgumentException} naming the field.
 */
public final class PeImage {
    static final int DIRECTORY_RESOURCE = 2;
    static final int DIRECTORY_SECURITY = 4;

    final byte[] bytes;
    final ByteBuffer buf;
    final int checksumOffset;
    private final int directoriesOffset;
    private final int directoryCount;
    private final List<Section> sections = new ArrayList<>();

    record Section(String name, long virtualAddress, long virtualSize, long rawOffset, long rawSize) {
        /** Bytes of the section that are both in the file and mapped. */
        long usableSize() {
            return virtualSize == 0 ? rawSize : Math.min(virtualSize, rawSize);
        }
    }

    public record Directory(long address, long size) {
    }

    public PeImage(byte[] bytes) {
        this.bytes = bytes;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        require(bytes.length >= 64 && bytes[0] == 'M' && bytes[1] == 'Z', "no MZ header");
        int pe = u32(0x3c, "e_lfanew");
        require(pe + 24 <= bytes.length && buf.getInt(pe) == 0x00004550, "no PE signature at e_lfanew " + pe);
        int sectionCount = u16(pe + 6, "NumberOfSections");
        int optionalSize = u16(pe + 20, "SizeOfOptionalHeader");
        int optional = pe + 24;
        int magic = u16(optional, "optional header magic");
        require(magic == 0x10b || magic == 0x20b, "unknown optional header magic 0x" + Integer.toHexString(magic));
        checksumOffset = optional + 64;
        int countOffset = optional + (magic == 0x20b ? 108 : 92);
        directoriesOffset = countOffset + 4;
        directoryCount = u32(countOffset, "NumberOfRvaAndSizes");
        require(directoriesOffset + 8L * directoryCount <= optional + optionalSize, "data directories past the optional header");
        int table = optional + optionalSize;
        for (int i = 0; i < sectionCount; i++) {
            int s = table + 40 * i;
            require(s + 40 <= bytes.length, "section table past the end of the file");
            String name = new String(bytes, s, 8, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "");
            Section section = new Section(name, u32L(s + 12), u32L(s + 8), u32L(s + 20), u32L(s + 16));
            require(section.rawOffset() + section.rawSize() <= bytes.length, "section " + name + " past the end of the file");
            sections.add(section);
        }
    }

    public Directory directory(int index) {
        if (index >= directoryCount) {
            return new Directory(0, 0);
        }
        return new Directory(u32L(directoriesOffset + 8 * index), u32L(directoriesOffset + 8 * index + 4));
    }

    /** True when the file carries an Authenticode signature (a certificate table). */
    public boolean signed() {
        return directory(DIRECTORY_SECURITY).size() != 0;
    }

    /** The section that holds {@code rva}, in the file's bytes. */
    Section sectionOf(long rva) {
        for (Section s : sections) {
            if (rva >= s.virtualAddress() && rva < s.virtualAddress() + s.usableSize()) {
                return s;
            }
        }
        throw new IllegalArgumentException("RVA 0x" + Long.toHexString(rva) + " is in no section's file data");
    }

    int offset(long rva) {
        Section s = sectionOf(rva);
        return (int) (s.rawOffset() + rva - s.virtualAddress());
    }

    /** The PE checksum as the loader checks it (ImageHlp's CheckSumMappedFile): 16-bit one's-complement sum + length. */
    public static long checksum(byte[] file, int checksumOffset) {
        long sum = 0;
        for (int i = 0; i < file.length; i += 2) {
            if (i == checksumOffset || i == checksumOffset + 2) {
                continue;
            }
            int word = (file[i] & 0xff) | (i + 1 < file.length ? (file[i + 1] & 0xff) << 8 : 0);
            sum += word;
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ((sum & 0xffff) + (sum >>> 16)) + file.length;
    }

    public long storedChecksum() {
        return u32L(checksumOffset);
    }

    int u16(int offset, String field) {
        require(offset >= 0 && offset + 2 <= bytes.length, field + " past the end of the file");
        return buf.getShort(offset) & 0xffff;
    }

    int u32(int offset, String field) {
        require(offset >= 0 && offset + 4 <= bytes.length, field + " past the end of the file");
        int v = buf.getInt(offset);
        require(v >= 0, field + " out of range");
        return v;
    }

    long u32L(int offset) {
        require(offset >= 0 && offset + 4 <= bytes.length, "offset " + offset + " past the end of the file");
        return buf.getInt(offset) & 0xffffffffL;
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("not a valid PE file: " + what);
        }
    }
}
