package dev.cordon.platform.windows;

import dev.cordon.core.Principal;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Windows Firewall through COM, elevated (the {@code windows-native} job of .github/workflows/windows.yml,
 * {@code -Dgroups=windows}): a rule group of its own ({@code Cordon-it<random>}), scoped to a SID in the form of a local
 * account's that no account has (so no process of the runner is cut off, and no SDDL alias such as {@code AN} can stand
 * for it when Windows reads the scope back, as it would for a well-known SID). Applied, read back, applied again, removed;
 * the group is removed whatever happens. Also settles which vtable slots and SDDL read-back Windows really has.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class WindowsFirewallNativeTest {
    private static final String NOBODY = "S-1-5-21-1000000001-1000000002-1000000003-4242";

    private final String table = "it" + ThreadLocalRandom.current().nextInt(100000, 999999) + "_cordon";
    private final WindowsFirewall firewall = new WindowsFirewall();

    @AfterEach
    void cleanUp() {
        firewall.remove(table);
    }

    @Test
    void applyReadBackReapplyAndRemoveLeaveNothing() {
        FirewallSpec spec = new FirewallSpec(table, new Principal.Sid(Principal.Kind.USER, NOBODY), List.of(18080, 3128));
        assertThat(firewall.read(table).present()).isFalse();

        firewall.apply(spec);
        FirewallState state = firewall.read(table);
        assertThat(state.problems()).as(state.raw()).isEmpty();
        assertThat(state.matches(spec)).as(state.raw()).isTrue();
        assertThat(state.raw()).contains(NOBODY);

        firewall.apply(spec); // idempotent on the real store too
        assertThat(firewall.read(table).matches(spec)).isTrue();
        FirewallSpec narrower = new FirewallSpec(table, spec.offline(), List.of(3128));
        firewall.apply(narrower);
        assertThat(firewall.read(table).matches(narrower)).as(firewall.read(table).raw()).isTrue();

        // the open question: does IDispatch reach INetFwRule3.LocalUserAuthorizedList by name? (the vtable does)
        List<List<String>> scopes = new JnaFirewallCom().scopeByBothRoutes(WindowsFirewall.group(table));
        System.out.println("LocalUserAuthorizedList [name, vtable, IDispatch by name]: " + scopes);
        assertThat(scopes).hasSize(4).allSatisfy(row -> {
            assertThat(FirewallScope.authorizedSids(row.get(1))).containsExactly(NOBODY);
            assertThat(row.get(2)).isIn(row.get(1), "HRESULT " + ComFailure.hex(FirewallErrors.DISP_E_UNKNOWNNAME));
        });

        firewall.remove(table);
        assertThat(firewall.read(table).present()).isFalse();
        assertThat(firewall.rulesetDump()).doesNotContain(WindowsFirewall.group(table) + ":");
    }
}
