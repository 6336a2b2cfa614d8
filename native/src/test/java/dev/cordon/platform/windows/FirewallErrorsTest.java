package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirewallErrorsTest {
    @Test
    void theHresultsUsersMeetAreSentencesWithAFix() {
        for (int hr : new int[] {FirewallErrors.E_ACCESSDENIED, FirewallErrors.EPT_S_NOT_REGISTERED,
                FirewallErrors.RPC_S_SERVER_UNAVAILABLE, FirewallErrors.SERVICE_DISABLED, FirewallErrors.E_INVALIDARG,
                FirewallErrors.E_NOINTERFACE, FirewallErrors.REGDB_E_CLASSNOTREG, FirewallErrors.DISP_E_UNKNOWNNAME}) {
            Win32Errors.Explanation x = FirewallErrors.explain(hr);
            assertThat(x.name()).as(ComFailure.hex(hr)).isNotEqualTo("unknown");
            assertThat(x.sentence()).endsWith(".");
            assertThat(x.fix()).isNotBlank();
        }
        assertThat(FirewallErrors.explain(0x80070005).sentence()).contains("elevated administrator");
        assertThat(FirewallErrors.explain(0x800706D9).fix()).contains("sc.exe start mpssvc");
        assertThat(FirewallErrors.serviceDown(0x800706D9)).isTrue();
        assertThat(FirewallErrors.serviceDown(0x80070005)).isFalse();
    }

    @Test
    void otherWin32FacilityCodesAreExplainedByWin32Errors() {
        Win32Errors.Explanation x = FirewallErrors.explain(0x80070000 | 1385);
        assertThat(x.name()).isEqualTo("ERROR_LOGON_TYPE_NOT_GRANTED");
        assertThat(x.code()).isEqualTo(0x80070569);
        Win32Errors.Explanation unknown = FirewallErrors.explain(0x8000FFFF);
        assertThat(unknown.sentence()).isEqualTo("A Windows Firewall call failed.");
        assertThat(unknown.fix()).contains("cordon doctor");
    }

    @Test
    void aFailureBecomesAnErrorNamingWhatWasBeingDoneTheCallAndTheHresult() {
        CordonException e = FirewallErrors.toException("Applying the firewall rules of group Cordon",
                new ComFailure(0x80070057, "put Cordon: block loopback UDP.RemotePorts"));
        assertThat(e.getMessage()).isEqualTo("Applying the firewall rules of group Cordon: Windows refused a firewall "
                + "rule property Cordon wrote as invalid. (put Cordon: block loopback UDP.RemotePorts: HRESULT 0x80070057, E_INVALIDARG)");
        assertThat(e.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(e.getCause()).isInstanceOf(ComFailure.class);
    }
}
