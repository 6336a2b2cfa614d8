package dev.cordon.packaging;

import dev.cordon.packaging.pe.ManifestResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Puts our manifests into the app-image's Windows launchers. jpackage embeds the JDK's {@code asInvoker} manifest and
 * has no option to change it: {@code cordon-panel.exe} gets {@code requireAdministrator} (Windows asks for elevation
 * when it starts), {@code cordon.exe} stays {@code asInvoker} (an elevated console program started from a normal
 * console gets a window of its own, which breaks pipes and {@code --json}). jpackage marks the launchers read-only.
 */
final class WindowsLaunchers {
    static final Map<String, String> MANIFESTS = Map.of(AppImage.NAME + ".exe", "cordon.manifest",
            AppImage.PANEL + ".exe", "cordon-panel.manifest");

    private WindowsLaunchers() {
    }

    static void replaceManifests(Path image, Path manifests) throws IOException {
        for (Map.Entry<String, String> e : MANIFESTS.entrySet()) {
            Path exe = image.resolve(e.getKey());
            byte[] manifest = embeddable(Files.readString(manifests.resolve(e.getValue())));
            byte[] patched;
            try {
                patched = ManifestResource.replace(Files.readAllBytes(exe), manifest);
            } catch (IllegalArgumentException ex) {
                throw new PackagingException("Cannot replace the manifest of " + exe + ": " + ex.getMessage() + ".",
                        "Shorten " + manifests.resolve(e.getValue()) + ", or sign only after packaging.", ex);
            }
            exe.toFile().setWritable(true);
            Files.write(exe, patched);
            exe.toFile().setWritable(false);
            System.out.println("packager: " + exe.getFileName() + " now carries " + e.getValue());
        }
    }

    /** The manifest as embedded: without the XML comments (they explain it in the repository, not in the exe). */
    static byte[] embeddable(String manifest) {
        return manifest.replaceAll("(?s)<!--.*?-->\\s*", "").getBytes(StandardCharsets.UTF_8);
    }
}
