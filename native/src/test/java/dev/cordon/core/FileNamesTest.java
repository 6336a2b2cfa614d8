package dev.cordon.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The thirty-eighth review (Y10-Y13): how file names are decoded, and a C string's end. */
class FileNamesTest {
    @Test
    void aJvmThatDoesNotDecodeFileNamesAsUtf8RefusesNamingItsLocaleAndTheFix() {
        assertThatThrownBy(() -> FileNames.requireUtf8(StandardCharsets.US_ASCII)).isInstanceOf(CordonException.class)
                .satisfies(e -> {
                    CordonException c = (CordonException) e;
                    assertThat(c.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
                    assertThat(c.getMessage()).contains("decodes file names as US-ASCII").contains("its locale: ")
                            .contains("no runner was started");
                    assertThat(c.fix()).contains("LC_ALL=C.UTF-8 cordon serve");
                });
        assertThatCode(() -> FileNames.requireUtf8(StandardCharsets.UTF_8)).doesNotThrowAnyException();
    }

    @Test
    void theTestsRunWhereFileNamesAreUtf8AsTheHostMust() {
        // the smoke rows prove the host's protection under this JVM's decoding: it must be the one the host requires
        assertThat(FileNames.utf8()).as("sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding")).isTrue();
    }

    @Test
    void aPathThisJvmCannotTakeIsRefusedNamingItWithoutItsNul() {
        CordonException e = FileNames.notDecodable("caf\u00e9\0x", new InvalidPathException("caf\u00e9", "Malformed input"));
        assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(e.getMessage()).startsWith("Cannot take the path caf\u00e9?x: Malformed input.").doesNotContain("\0");
    }

    @Test
    void aStringIsCutAtItsFirstNulAsCReadsIt() {
        assertThat(FileNames.upToNul("../..\0junk\0more")).isEqualTo("../..");
        assertThat(FileNames.upToNul("\0x")).isEmpty();
        assertThat(FileNames.upToNul("plain")).isEqualTo("plain");
    }
}
