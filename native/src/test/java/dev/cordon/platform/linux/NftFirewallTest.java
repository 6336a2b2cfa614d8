package dev.cordon.platform.linux;

import dev.cordon.core.Json;
import dev.cordon.core.Principal;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NftFirewallTest {
    private static final String RULE = """
            {"rule":{"family":"inet","table":"t","chain":"output","handle":%d,"comment":"%s","expr":[
              {"match":{"op":"==","left":{"meta":{"key":"skuid"}},"right":%d}}%s,
              {%s}]}}""";

    private static String rule(int handle, String comment, int uid, String extra, String verdict) {
        return RULE.formatted(handle, comment, uid, extra, verdict);
    }

    private static String doc(String... rules) {
        return "{\"nftables\":[{\"metainfo\":{\"version\":\"1.0.6\"}},{\"table\":{\"family\":\"inet\",\"name\":\"t\"}},"
                + "{\"chain\":{\"family\":\"inet\",\"table\":\"t\",\"name\":\"output\",\"type\":\"filter\","
                + "\"hook\":\"output\",\"prio\":0,\"policy\":\"accept\"}}" + (rules.length > 0 ? "," : "")
                + String.join(",", rules) + "]}";
    }

    private static final String PORTS = ",{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},"
            + "\"right\":{\"set\":[8080,9090]}}}";
    private static final String REJECT = "\"reject\":{\"type\":\"tcp reset\"}";
    private static final String ACCEPT = "\"accept\":null";

    private static FirewallState parse(String json) throws Exception {
        return NftFirewall.parse("t", Json.parse(json), json);
    }

    @Test
    void scriptRecreatesTheTableAtomicallyAndCoversBothFamilies() {
        String s = NftFirewall.script(new FirewallSpec("cordon", Principal.uid(997), List.of(9090, 8080, 8080)));
        assertThat(s).startsWith("table inet cordon\ndelete table inet cordon\ntable inet cordon {");
        assertThat(s).contains("meta skuid 997 ip daddr 127.0.0.0/8 tcp dport { 8080, 9090 } accept")
                .contains("meta skuid 997 ip6 daddr ::1 tcp dport { 8080, 9090 } accept")
                .contains("meta skuid 997 meta l4proto tcp reject with tcp reset")
                .contains("meta skuid 997 reject with icmpx admin-prohibited");
        assertThat(s.indexOf("accept comment")).isLessThan(s.indexOf("reject with tcp reset"));
    }

    @Test
    void scriptWithoutPortsHasNoAcceptRule() {
        assertThat(NftFirewall.script(new FirewallSpec("c", Principal.uid(5), List.of()))).doesNotContain("dport");
    }

    @Test
    void parsesOurOwnTableBack() throws Exception {
        FirewallState st = parse(doc(
                rule(3, "cordon:proxy", 997, PORTS, ACCEPT),
                rule(4, "cordon:proxy", 997, PORTS, ACCEPT),
                rule(5, "cordon:offline", 997, "", REJECT),
                rule(6, "cordon:offline", 997, "", REJECT)));
        assertThat(st.problems()).isEmpty();
        assertThat(st.matches(new FirewallSpec("t", Principal.uid(997), List.of(8080, 9090)))).isTrue();
        assertThat(st.matches(new FirewallSpec("t", Principal.uid(997), List.of(8080)))).isFalse();
        assertThat(st.matches(new FirewallSpec("t", Principal.uid(998), List.of(8080, 9090)))).isFalse();
    }

    @Test
    void aForeignAcceptRuleIsAProblem() throws Exception {
        FirewallState st = parse(doc(
                rule(2, "", 997, "", ACCEPT),
                rule(5, "cordon:offline", 997, "", REJECT),
                rule(6, "cordon:offline", 997, "", REJECT)));
        assertThat(st.problems()).anyMatch(p -> p.contains("foreign rule"));
        assertThat(st.matches(new FirewallSpec("t", Principal.uid(997), List.of()))).isFalse();
    }

    @Test
    void aMissingRejectRuleIsAProblem() throws Exception {
        FirewallState st = parse(doc(rule(5, "cordon:offline", 997, "", REJECT)));
        assertThat(st.problems()).anyMatch(p -> p.contains("expected 2 reject rules"));
    }
}
