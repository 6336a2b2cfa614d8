package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirewallValuesTest {
    @Test
    void blockedPortsAreTheComplementOfTheAllowedOnesAndReadBackToThem() {
        assertThat(FirewallValues.blockedPorts(List.of())).isEqualTo("*");
        assertThat(FirewallValues.blockedPorts(List.of(8080))).isEqualTo("1-8079,8081-65535");
        assertThat(FirewallValues.blockedPorts(List.of(1, 3128, 3129, 65535))).isEqualTo("2-3127,3130-65534");
        assertThat(FirewallValues.blockedPorts(List.of(2))).isEqualTo("1,3-65535");
        for (List<Integer> allowed : List.of(List.<Integer>of(), List.of(8080), List.of(1, 3128, 3129, 65535), List.of(2))) {
            assertThat(FirewallValues.allowedPorts(FirewallValues.blockedPorts(allowed))).contains(allowed);
        }
        assertThat(FirewallValues.allowedPorts("RPC")).isEmpty();
        assertThat(FirewallValues.allowedPorts("0-10")).isEmpty();
        assertThatThrownBy(() -> FirewallValues.blockedPorts(List.of(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FirewallValues.blockedPorts(List.of(65536))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressListsCompareByMeaningNotSpelling() {
        FirewallValues.Addresses loopback = FirewallValues.addresses(FirewallValues.LOOPBACK).orElseThrow();
        assertThat(FirewallValues.addresses("::1, 127.0.0.0/255.0.0.0").orElseThrow().sameAs(loopback)).isTrue();
        assertThat(FirewallValues.addresses("127.0.0.0-127.255.255.255,0:0:0:0:0:0:0:1").orElseThrow().sameAs(loopback)).isTrue();
        assertThat(FirewallValues.addresses("127.0.0.1,::1").orElseThrow().sameAs(loopback)).isFalse();
        FirewallValues.Addresses nonLoopback = FirewallValues.addresses(FirewallValues.NON_LOOPBACK).orElseThrow();
        assertThat(FirewallValues.addresses("0.0.0.0/2,64.0.0.0/3,96.0.0.0/4,112.0.0.0/5,120.0.0.0/6,124.0.0.0/7,"
                + "126.0.0.0/8,128.0.0.0/1,::0,::2-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").orElseThrow().sameAs(nonLoopback)).isTrue();
        assertThat(FirewallValues.addresses("*").orElseThrow().sameAs(nonLoopback)).isFalse();
    }

    @Test
    void keywordsAndNamesAreNotUnderstoodAndNeverLookedUp() {
        for (String s : new String[] {"LocalSubnet", "DNS", "example.com", "127.0.0.1/33", "127.0.0.1/255.0.255.0",
                "10.0.0.2-10.0.0.1", "1.2.3", ""}) {
            assertThat(FirewallValues.addresses(s)).as(s).isEmpty();
        }
    }
}
