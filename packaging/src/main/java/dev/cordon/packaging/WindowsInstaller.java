package dev.cordon.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MSI, built by jpackage (WiX 3 on the PATH) from the app-image whose launchers already carry our manifests:
 * installed per machine under Program Files, with a Start menu entry, and a fixed upgrade code so a newer MSI
 * replaces an older one. Signing is a separate, documented step (docs/packaging.md).
 */
final class WindowsInstaller {
    /** Never change: Windows Installer finds the installed Cordon to upgrade by it. */
    static final String UPGRADE_CODE = "12c92d2d-beee-4be4-bfe2-c9a3d309d280";

    private WindowsInstaller() {
    }

    static Path build(Path appImage, Path icon, String version, Path work, Path out) throws IOException {
        Path dest = Files.createDirectories(out.resolve("msi"));
        Tools.jdk("jpackage", List.of("--type", "msi", "--app-image", appImage.toString(), "--name", AppImage.NAME,
                "--dest", dest.toString(), "--app-version", AppImage.numericVersion(version), "--vendor", "Cordon",
                "--icon", icon.toString(), "--win-upgrade-uuid", UPGRADE_CODE, "--win-menu", "--win-menu-group", "Cordon",
                "--install-dir", "Cordon", "--temp", Files.createDirectories(work.resolve("msi-temp")).toString()));
        try (var files = Files.list(dest)) {
            return files.filter(p -> p.toString().endsWith(".msi")).findFirst().orElseThrow(() ->
                    new PackagingException("jpackage left no .msi in " + dest + ".", "Read jpackage's output above."));
        }
    }
}
