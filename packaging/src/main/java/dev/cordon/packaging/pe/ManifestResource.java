package dev.cordon.packaging.pe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and replaces an executable's application manifest (RT_MANIFEST, id 1) in place: the new manifest is written
 * over the old one's bytes, the rest of the old one zeroed, the data entry's size set and the PE checksum computed
 * again. Every other byte of the file stays as it was. Refused: a signed file (the signature would no longer match:
 * sign after this step), a file without exactly one such manifest, and a manifest longer than the room the old one
 * has before the next resource structure.
 */
public final class ManifestResource {
    private ManifestResource() {
    }

    /** The manifest of an executable, as text. */
    public static String read(byte[] exe) {
        PeImage image = new PeImage(exe);
        ResourceTable table = new ResourceTable(image);
        return new String(table.data(find(table)), StandardCharsets.UTF_8);
    }

    /** @return a copy of {@code exe} with {@code manifest} as its manifest */
    public static byte[] replace(byte[] exe, byte[] manifest) {
        PeImage original = new PeImage(exe);
        if (original.signed()) {
            throw new IllegalArgumentException("the file is signed (it has a certificate table): its manifest cannot be"
                    + " changed without breaking the signature; replace the manifest first, then sign");
        }
        ResourceTable table = new ResourceTable(original);
        ResourceTable.Entry entry = find(table);
        long capacity = table.capacity(entry);
        if (manifest.length > capacity) {
            throw new IllegalArgumentException("the new manifest is " + manifest.length + " bytes; the resource has room"
                    + " for " + capacity + " (the old manifest: " + entry.size() + ")");
        }
        byte[] out = exe.clone();
        PeImage image = new PeImage(out);
        int data = image.offset(entry.dataRva());
        Arrays.fill(out, data, (int) (data + Math.max(entry.size(), manifest.length)), (byte) 0);
        System.arraycopy(manifest, 0, out, data, manifest.length);
        image.buf.putInt(image.offset(entry.entryRva()) + 4, manifest.length);
        image.buf.putInt(image.checksumOffset, (int) PeImage.checksum(out, image.checksumOffset));
        return out;
    }

    private static ResourceTable.Entry find(ResourceTable table) {
        List<ResourceTable.Entry> manifests = table.entries().stream()
                .filter(e -> e.type() == ResourceTable.RT_MANIFEST && e.name() == 1).toList();
        if (manifests.size() != 1) {
            throw new IllegalArgumentException("expected one application manifest (RT_MANIFEST, id 1), found " + manifests.size());
        }
        return manifests.get(0);
    }
}
