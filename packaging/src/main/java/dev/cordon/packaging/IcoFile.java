package dev.cordon.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Windows .ico made of the icon's PNG sizes (PNG-compressed entries, read by Windows since Vista). */
final class IcoFile {
    static final List<Integer> SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

    private IcoFile() {
    }

    static Path write(Path icons, Path ico) throws IOException {
        List<byte[]> pngs = new ArrayList<>();
        for (int size : SIZES) {
            pngs.add(Files.readAllBytes(icons.resolve("cordon-" + size + ".png")));
        }
        ByteBuffer dir = ByteBuffer.allocate(6 + 16 * SIZES.size()).order(ByteOrder.LITTLE_ENDIAN);
        dir.putShort((short) 0).putShort((short) 1).putShort((short) SIZES.size());
        int offset = dir.capacity();
        for (int i = 0; i < SIZES.size(); i++) {
            int size = SIZES.get(i);
            dir.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size)) // 0 means 256
                    .put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32)
                    .putInt(pngs.get(i).length).putInt(offset);
            offset += pngs.get(i).length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(dir.array());
        for (byte[] png : pngs) {
            out.write(png);
        }
        Files.createDirectories(ico.getParent());
        Files.write(ico, out.toByteArray());
        return ico;
    }
}
