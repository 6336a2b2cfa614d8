package dev.cordon.platform.windows;

import dev.cordon.platform.LogonVerifier.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What a {@code LogonUserW} result means for a credential (the call itself is {@link WindowsNativeTest}'s). */
class JnaLogonVerifierTest {
    @ParameterizedTest(name = "error {0} -> {1}")
    @CsvSource({
            "0, ACCEPTED, ''",
            "1326, WRONG_PASSWORD, changed outside Cordon",
            "1331, REFUSED, disabled",
            "1909, REFUSED, locked out",
            "1330, REFUSED, expired",
            "1907, REFUSED, wants the sandbox account's password changed",
            "1385, REFUSED, lacks the logon right",
            "1792, REFUSED, Windows reported error 1792",
    })
    void logonErrorsAsOutcomes(int error, Outcome outcome, String detail) {
        assertThat(JnaLogonVerifier.result(error).outcome()).isEqualTo(outcome);
        assertThat(JnaLogonVerifier.result(error).detail()).contains(detail);
    }
}
