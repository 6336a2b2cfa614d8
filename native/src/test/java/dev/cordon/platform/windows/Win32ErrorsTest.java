package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Win32ErrorsTest {
    @Test
    void theCodesUsersReportedReadAsSentencesWithAFix() {
        for (int code : new int[] {2, 5, 1168, 1223, 1312, 1326, 1327, 1330, 1331, 1379, 1385, 1907, 1909, 2221, 2223, 2224}) {
            Win32Errors.Explanation e = Win32Errors.explain(code);
            assertThat(e.name()).as("code %d", code).isNotEqualTo("unknown");
            assertThat(e.sentence()).as("code %d", code).endsWith(".");
            assertThat(e.fix()).as("code %d", code).isNotBlank();
            assertThat(e.message()).contains("Windows error " + code);
        }
        assertThat(Win32Errors.explain(1326).fix()).contains("cordon setup");
        assertThat(Win32Errors.explain(1909).sentence()).contains("locked out");
    }

    @Test
    void anUnknownCodeStillSaysWhatToDo() {
        Win32Errors.Explanation e = Win32Errors.explain(31337);
        assertThat(e.message()).isEqualTo("Windows reported error 31337. (Windows error 31337, unknown)");
        assertThat(e.fix()).contains("cordon doctor");
    }
}
