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
    void setupAndLaunchCodesOfIssue10ReadAsSentencesWithAFix() {
        for (int code : new int[] {87, 740, 1058, 1314, 2202, 2245, 0xC0000142, 0x8009000B}) {
            Win32Errors.Explanation e = Win32Errors.explain(code);
            assertThat(e.name()).as("code %x", code).isNotEqualTo("unknown");
            assertThat(e.sentence()).as("code %x", code).endsWith(".");
            assertThat(e.fix()).as("code %x", code).isNotBlank().endsWith(".");
        }
        assertThat(Win32Errors.explain(1058).fix()).contains("sc start seclogon");
        assertThat(Win32Errors.explain(2245).sentence()).contains("password policy");
        assertThat(Win32Errors.explain(740).fix()).contains("Run as administrator");
        assertThat(Win32Errors.explain(2202).fix()).contains("20");
        assertThat(Win32Errors.explain(0x8009000B).fix()).contains("cordon secret set");
    }

    @Test
    void ntstatusAndHresultCodesAreShownInHexLikeWindowsShowsThem() {
        assertThat(Win32Errors.explain(0xC0000142).message()).endsWith("(Windows error 0xC0000142, STATUS_DLL_INIT_FAILED)");
        assertThat(Win32Errors.explain(0x8009000B).message()).contains("0x8009000B");
        assertThat(Win32Errors.explain(1314).message()).contains("Windows error 1314,");
    }

    @Test
    void anUnknownCodeStillSaysWhatToDo() {
        Win32Errors.Explanation e = Win32Errors.explain(31337);
        assertThat(e.message()).isEqualTo("Windows reported error 31337. (Windows error 31337, unknown)");
        assertThat(e.fix()).contains("cordon doctor");
    }
}
