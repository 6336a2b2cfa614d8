package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirewallScopeTest {
    private static final String OFFLINE = "S-1-5-21-3623811015-3361044348-30300820-1013";

    @Test
    void theRuleIsScopedToExactlyTheOfflineAccount() {
        String sddl = FirewallScope.localUserAuthorizedList(OFFLINE);
        assertThat(sddl).isEqualTo("O:LSD:(A;;CC;;;" + OFFLINE + ")");
        assertThat(FirewallScope.authorizedSids(sddl)).containsExactly(OFFLINE);
    }

    @Test
    void readBackFindsEveryAuthorizedSidAndIgnoresOtherAces() {
        String read = "O:LSD:(A;;CC;;;S-1-5-21-1-2-3-1001)(D;;CC;;;S-1-5-21-1-2-3-1002)(A;;CC;;;S-1-5-18)";
        assertThat(FirewallScope.authorizedSids(read)).containsExactly("S-1-5-21-1-2-3-1001", "S-1-5-18");
        assertThat(FirewallScope.authorizedSids(null)).isEmpty();
        assertThat(FirewallScope.authorizedSids("")).isEmpty();
    }

    @Test
    void aMalformedSidIsRefusedRatherThanScopingTheRuleToNobody() {
        for (String bad : new String[] {"", "S-1", "S-1-5", "S-2-5-21", "S-1-5-21-x", "S-1-5-21-4294967296",
                "S-1-5-21-1)(A;;CC;;;WD", "cordon-offline"}) {
            assertThatThrownBy(() -> FirewallScope.localUserAuthorizedList(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Windows SID");
        }
        assertThat(WindowsSids.isValid("S-1-5-18")).isTrue();
        assertThat(WindowsSids.isValid("S-1-5-21-4294967295-1-2-500")).isTrue();
    }
}
