package dev.cordon.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DebControlTest {
    @Test
    void controlFieldsParseBackWithRealDependsAndPkexecRecommended() {
        DebControl control = new DebControl("0.1.0~snapshot", "amd64", 120_000,
                List.of("acl", "libc6", "libgtk-3-0", "nftables", "passwd", "util-linux"), DebControl.RECOMMENDED);
        String text = control.render();
        assertThat(text).endsWith("\n").doesNotContain("\n\n");
        Map<String, String> fields = DebControl.parse(text);
        assertThat(fields).containsEntry("Package", "cordon").containsEntry("Version", "0.1.0~snapshot")
                .containsEntry("Architecture", "amd64").containsEntry("Installed-Size", "120000")
                .containsEntry("Recommends", "pkexec").containsKeys("Maintainer", "Description", "Section", "Priority");
        assertThat(DebControl.list(fields.get("Depends"))).containsAll(DebControl.REQUIRED)
                .containsAll(List.of("nftables", "acl", "passwd", "util-linux", "libgtk-3-0"));
        assertThat(fields.get("Description")).contains("cordon uninstall");
        for (String line : text.split("\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void mavenVersionsBecomeDebianVersions() {
        assertThat(DebControl.debianVersion("0.1.0-SNAPSHOT")).isEqualTo("0.1.0~snapshot");
        assertThat(DebControl.debianVersion("1.2.3")).isEqualTo("1.2.3");
        assertThatThrownBy(() -> DebControl.debianVersion("v1 2")).isInstanceOf(PackagingException.class)
                .hasMessageContaining("v1 2");
        assertThat(AppImage.numericVersion("0.1.0-SNAPSHOT")).isEqualTo("0.1.0");
        assertThatThrownBy(() -> AppImage.numericVersion("SNAPSHOT")).isInstanceOf(PackagingException.class);
    }

    /** The packager's own check of a built .deb: a file outside /opt/cordon and the four /usr paths is refused. */
    @Test
    void aPackageWithAFileOutsideItsPathsIsRefused(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg-deb not installed");
        Path good = deb(dir, "good", List.of("opt/cordon/bin/cordon", "usr/share/icons/hicolor/16x16/apps/cordon.png",
                "usr/share/polkit-1/actions/dev.cordon.panel.policy"));
        Packager.checkDebContents(good);
        Path bad = deb(dir, "bad", List.of("opt/cordon/bin/cordon", "etc/cordon.conf"));
        assertThatThrownBy(() -> Packager.checkDebContents(bad)).isInstanceOf(PackagingException.class)
                .hasMessageContaining("/etc/cordon.conf");
        Path near = deb(dir, "near", List.of("opt/cordon-other/x"));
        assertThatThrownBy(() -> Packager.checkDebContents(near)).isInstanceOf(PackagingException.class)
                .hasMessageContaining("/opt/cordon-other/x");
    }

    private static Path deb(Path dir, String name, List<String> files) throws IOException {
        Path stage = dir.resolve(name);
        for (String f : files) {
            Files.createDirectories(stage.resolve(f).getParent());
            Files.writeString(stage.resolve(f), f);
        }
        Files.createDirectories(stage.resolve("DEBIAN"));
        Files.writeString(stage.resolve("DEBIAN/control"), new DebControl("1.0", "all", 1, List.of("libc6"), List.of()).render());
        Path deb = dir.resolve(name + ".deb");
        Tools.checked(List.of("dpkg-deb", "--root-owner-group", "-Zgzip", "--build", stage.toString(), deb.toString()), null);
        return deb;
    }
}
