package dev.cordon.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppJarsAndIconTest {
    @Test
    void javafxPlatformJarsGoToTheRuntimeTheEmptyOnesNowhereAndTheRestOnTheClassPath(@TempDir Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        Files.writeString(target.resolve("cordon-app.jar"), "");
        for (String jar : List.of("cordon-native-0.1.0-SNAPSHOT.jar", "javafx-base-21.0.11.jar", "javafx-base-21.0.11-linux.jar",
                "javafx-graphics-21.0.11-win.jar", "jna-5.18.1.jar", "notes.txt")) {
            Files.writeString(lib.resolve(jar), "");
        }
        AppJars jars = AppJars.find(target);
        assertThat(jars.panelJar()).isEqualTo(target.resolve("cordon-app.jar"));
        assertThat(jars.cliJar()).isEqualTo(lib.resolve("cordon-native-0.1.0-SNAPSHOT.jar"));
        assertThat(jars.javafx()).containsExactly(lib.resolve("javafx-base-21.0.11-linux.jar"), lib.resolve("javafx-graphics-21.0.11-win.jar"));
        assertThat(jars.classpath()).containsExactly(target.resolve("cordon-app.jar"),
                lib.resolve("cordon-native-0.1.0-SNAPSHOT.jar"), lib.resolve("jna-5.18.1.jar"));
    }

    @Test
    void anUnbuiltAppIsRefusedWithTheBuildCommand(@TempDir Path target) {
        assertThatThrownBy(() -> AppJars.find(target)).isInstanceOf(PackagingException.class)
                .hasMessageContaining("cordon-app.jar").extracting(e -> ((PackagingException) e).fix())
                .asString().contains("mvn -B -Ppackage package");
    }

    @Test
    void theIcoHoldsEveryPngSizeWhereItsDirectorySaysTheyAre(@TempDir Path dir) throws IOException {
        Path icons = PackagedFilesTest.RESOURCES.resolve("icons");
        byte[] ico = Files.readAllBytes(IcoFile.write(icons, dir.resolve("cordon.ico")));
        ByteBuffer b = ByteBuffer.wrap(ico).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(0)).isZero();
        assertThat(b.getShort(2)).isEqualTo((short) 1);
        assertThat(b.getShort(4)).isEqualTo((short) IcoFile.SIZES.size());
        for (int i = 0; i < IcoFile.SIZES.size(); i++) {
            int size = IcoFile.SIZES.get(i);
            int entry = 6 + 16 * i;
            assertThat(ico[entry] & 0xff).isEqualTo(size == 256 ? 0 : size);
            int length = b.getInt(entry + 8);
            int offset = b.getInt(entry + 12);
            byte[] png = Files.readAllBytes(icons.resolve("cordon-" + size + ".png"));
            assertThat(Arrays.copyOfRange(ico, offset, offset + length)).isEqualTo(png);
        }
    }
}
