package dev.cordon.packaging.pe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -cp packaging/target/classes dev.cordon.packaging.pe.PrintManifest FILE.exe [LEVEL]}: prints the
 * executable's manifest and its PE checksum (stored and computed); with LEVEL, exits 1 unless the manifest requests
 * that execution level and the checksum is right. The Windows workflow checks the built launchers with it.
 */
public final class PrintManifest {
    private PrintManifest() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("Usage: PrintManifest FILE.exe [asInvoker|requireAdministrator]");
            System.exit(2);
        }
        byte[] exe = Files.readAllBytes(Path.of(args[0]));
        String manifest = ManifestResource.read(exe);
        PeImage image = new PeImage(exe);
        long computed = PeImage.checksum(exe, image.checksumOffset);
        System.out.println(manifest);
        System.out.printf("checksum: stored 0x%08x, computed 0x%08x%n", image.storedChecksum(), computed);
        if (args.length == 2) {
            boolean level = manifest.contains("level=\"" + args[1] + "\"");
            if (!level || image.storedChecksum() != computed) {
                System.err.println(args[0] + ": " + (level ? "wrong checksum" : "the manifest does not request " + args[1]));
                System.exit(1);
            }
        }
    }
}
