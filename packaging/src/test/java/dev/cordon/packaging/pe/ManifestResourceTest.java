package dev.cordon.packaging.pe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The manifest rewrite on real PE files built with mingw-w64 (src/test/fixtures/pe/build.sh), read back by
 * {@link IndependentPeReader}, and by mingw's objdump where it is installed.
 */
class ManifestResourceTest {
    private static final Path FIXTURES = Path.of(System.getProperty("cordon.fixtures", "src/test/fixtures"), "pe");
    private static final Path MANIFESTS = Path.of(System.getProperty("cordon.resources", "../resources"), "windows");
    private static final String MANIFEST_KEY = "24/1/1033";

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(FIXTURES.resolve(name));
    }

    private static byte[] panelManifest() throws IOException {
        return Files.readString(MANIFESTS.resolve("cordon-panel.manifest")).replaceAll("(?s)<!--.*?-->\\s*", "")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheFixturesManifest() throws IOException {
        String manifest = ManifestResource.read(fixture("fixture.exe"));
        assertThat(manifest).contains("level=\"asInvoker\"").contains("dev.cordon.fixture");
        assertThat(manifest.getBytes(StandardCharsets.UTF_8)).isEqualTo(
                new IndependentPeReader(fixture("fixture.exe")).resources.get(MANIFEST_KEY).data());
    }

    @Test
    void replacesTheManifestAndKeepsEveryOtherByte() throws IOException {
        byte[] original = fixture("fixture.exe");
        byte[] manifest = panelManifest();
        byte[] patched = ManifestResource.replace(original, manifest);

        IndependentPeReader before = new IndependentPeReader(original);
        IndependentPeReader after = new IndependentPeReader(patched);
        String text = new String(after.resources.get(MANIFEST_KEY).data(), StandardCharsets.UTF_8);
        assertThat(text).contains("level=\"requireAdministrator\"").doesNotContain("asInvoker");
        assertThat(after.resources.get(MANIFEST_KEY).data()).isEqualTo(manifest);
        assertThat(after.resources.keySet()).isEqualTo(before.resources.keySet()).hasSize(4);
        for (Map.Entry<String, IndependentPeReader.Located> e : before.resources.entrySet()) {
            if (!e.getKey().equals(MANIFEST_KEY)) {
                assertThat(after.resources.get(e.getKey()).data()).as(e.getKey()).isEqualTo(e.getValue().data());
            }
        }
        // the checksum is right (and was not before: ld leaves it 0 or stale)
        assertThat(after.storedChecksum()).isEqualTo(after.computedChecksum());
        assertThat(patched).hasSameSizeAs(original);
        // only the manifest's bytes, its size field and the checksum changed
        IndependentPeReader.Located old = before.resources.get(MANIFEST_KEY);
        int end = old.fileOffset() + Math.max(old.data().length, manifest.length);
        for (int i = 0; i < original.length; i++) {
            boolean allowed = (i >= old.fileOffset() && i < end)
                    || (i >= old.sizeFieldOffset() && i < old.sizeFieldOffset() + 4)
                    || (i >= after.checksumField && i < after.checksumField + 4);
            if (!allowed) {
                assertThat(patched[i]).as("byte at 0x%x", i).isEqualTo(original[i]);
            }
        }
        // what was left of the longer old manifest is zeroed, not left as a stale tail
        assertThat(Arrays.copyOfRange(patched, old.fileOffset() + manifest.length, end)).containsOnly((byte) 0);
    }

    @Test
    void theAsInvokerManifestRoundTripsToo() throws IOException {
        byte[] manifest = Files.readString(MANIFESTS.resolve("cordon.manifest")).replaceAll("(?s)<!--.*?-->\\s*", "")
                .getBytes(StandardCharsets.UTF_8);
        byte[] patched = ManifestResource.replace(fixture("fixture.exe"), manifest);
        assertThat(ManifestResource.read(patched)).contains("level=\"asInvoker\"").doesNotContain("requireAdministrator");
        IndependentPeReader after = new IndependentPeReader(patched);
        assertThat(after.storedChecksum()).isEqualTo(after.computedChecksum());
    }

    @Test
    void aManifestThatDoesNotFitIsRefused() throws IOException {
        byte[] original = fixture("fixture.exe");
        byte[] huge = ("<assembly>" + " ".repeat(70_000) + "</assembly>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ManifestResource.replace(original, huge))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for");
    }

    @Test
    void aSignedExecutableIsRefused() throws IOException {
        byte[] signed = fixture("fixture-signed.exe");
        assertThat(new IndependentPeReader(signed).certificateTableSize()).isPositive();
        assertThat(new PeImage(signed).signed()).isTrue();
        assertThatThrownBy(() -> ManifestResource.replace(signed, panelManifest()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signed");
    }

    @Test
    void notAPeFileIsRefused() throws IOException {
        byte[] truncated = Arrays.copyOf(fixture("fixture.exe"), 200);
        assertThatThrownBy(() -> ManifestResource.read(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid PE file");
        assertThatThrownBy(() -> ManifestResource.read("MZ but nothing else".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** mingw's objdump, a third reader, agrees on the checksum, where it is installed. */
    @Test
    void objdumpReadsTheSameChecksum(@TempDir Path dir) throws Exception {
        Path objdump = Path.of("/usr/bin/x86_64-w64-mingw32-objdump");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(objdump), "mingw-w64 not installed");
        Path patched = dir.resolve("patched.exe");
        Files.write(patched, ManifestResource.replace(fixture("fixture.exe"), panelManifest()));
        Process p = new ProcessBuilder(List.of(objdump.toString(), "-p", patched.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new ArrayList<>(out.lines().filter(l -> l.startsWith("CheckSum")).toList());
        assertThat(lines).hasSize(1);
        long stored = Long.parseLong(lines.get(0).split("\\s+")[1], 16);
        assertThat(stored).isEqualTo(new IndependentPeReader(Files.readAllBytes(patched)).computedChecksum());
    }
}
