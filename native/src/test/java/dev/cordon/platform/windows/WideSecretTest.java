package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.NTSecApi;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The native-memory helpers of the account bindings, which need no Windows DLL. */
class WideSecretTest {
    @Test
    void aSecretIsUtf16LeNulTerminatedAndZeroedWhenClosed() {
        char[] pw = {'p', '\u00e9', '!', 'Z'};
        WideSecret s = new WideSecret(pw);
        byte[] expected = Arrays.copyOf("p\u00e9!Z".getBytes(StandardCharsets.UTF_16LE), 10);
        assertThat(s.bytes()).isEqualTo(expected);
        assertThat(s.toString()).doesNotContain("p\u00e9!Z");
        s.close();
        assertThat(s.bytes()).isEqualTo(new byte[10]);
    }

    @Test
    void lsaStringsRoundTripWithByteLengths() {
        List<String> rights = WindowsAccounts.DENY_RIGHTS;
        NTSecApi.LSA_UNICODE_STRING[] strings = Advapi32Ext.lsaStrings(rights);
        assertThat(strings[0].Length).isEqualTo((short) (2 * "SeDenyNetworkLogonRight".length()));
        assertThat(strings[0].MaximumLength).isEqualTo((short) (strings[0].Length + 2));
        assertThat(Advapi32Ext.readLsaStrings(strings[0].getPointer(), rights.size())).isEqualTo(rights);
    }
}
