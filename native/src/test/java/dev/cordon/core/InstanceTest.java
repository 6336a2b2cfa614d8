package dev.cordon.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceTest {
    @Test
    void defaultNames() {
        Instance i = Instance.of("");
        assertThat(i.offlineAccount()).isEqualTo("cordon-offline");
        assertThat(i.onlineAccount()).isEqualTo("cordon-online");
        assertThat(i.sandboxGroup()).isEqualTo("cordon-sandbox");
        assertThat(i.firewallTable()).isEqualTo("cordon");
        assertThat(i.stateDir()).isEqualTo(Path.of("/var/lib/cordon"));
    }

    @Test
    void instanceNamesPrefixEverything() {
        Instance i = Instance.of("ci7");
        assertThat(i.offlineAccount()).isEqualTo("ci7-cordon-offline");
        assertThat(i.sandboxGroup()).isEqualTo("ci7-cordon-sandbox");
        assertThat(i.firewallTable()).isEqualTo("ci7_cordon");
        assertThat(i.stateDir()).isEqualTo(Path.of("/var/lib/ci7-cordon"));
        assertThat(Instance.of("abcdefghijkl").onlineAccount().length()).isLessThanOrEqualTo(32);
    }

    @Test
    void rejectsNamesThatCouldEscapeOrCollide() {
        for (String bad : new String[] {"A", "1a", "a-b", "../x", "a b", "abcdefghijklm"}) {
            assertThatThrownBy(() -> Instance.of(bad)).isInstanceOf(CordonException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void windowsUserNamesFitTheSamsTwentyCharactersWithTheirInstancePrefix() {
        Instance def = Instance.of("").withUserNameLimit(Instance.SAM_USER_NAME_LIMIT);
        assertThat(def.offlineAccount()).isEqualTo("cordon-offline");
        assertThat(def.onlineAccount()).isEqualTo("cordon-online");
        Instance shortOne = Instance.of("ci7").withUserNameLimit(Instance.SAM_USER_NAME_LIMIT);
        assertThat(shortOne.offlineAccount()).isEqualTo("ci7-cordon-offline");
        Instance longest = Instance.of("abcdefghijkl").withUserNameLimit(Instance.SAM_USER_NAME_LIMIT);
        assertThat(longest.offlineAccount()).isEqualTo("abcdefghijkl-cdn-off");
        assertThat(longest.onlineAccount()).isEqualTo("abcdefghijkl-cdn-on");
        assertThat(longest.sandboxGroup()).isEqualTo("abcdefghijkl-cordon-sandbox"); // groups may have 256
        // an instance named like the default's prefix does not take the default's names
        assertThat(Instance.of("cordon").withUserNameLimit(20).offlineAccount()).isEqualTo("cordon-cdn-off");
    }

    @Test
    void everyInstanceLengthGivesDistinctUserNamesWithinTheLimit() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("", "cordon", "cdn", "off"));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append((char) ('a' + i));
            names.add(sb.toString());
        }
        for (String n : names) {
            for (int limit : new int[] {Instance.SAM_USER_NAME_LIMIT, Instance.POSIX_USER_NAME_LIMIT}) {
                Instance i = Instance.of(n).withUserNameLimit(limit);
                for (String user : i.sandboxAccounts()) {
                    assertThat(user.length()).as(user).isLessThanOrEqualTo(limit);
                    if (limit == Instance.SAM_USER_NAME_LIMIT) {
                        assertThat(seen.add(user.toLowerCase(java.util.Locale.ROOT))).as("unique: " + user).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void linuxNamesAreUnchanged() {
        assertThat(Instance.of("abcdefghijkl").offlineAccount()).isEqualTo("abcdefghijkl-cordon-offline");
        assertThat(Instance.of("t123456").onlineAccount()).isEqualTo("t123456-cordon-online");
        assertThatThrownBy(() -> Instance.of("a").withUserNameLimit(19)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsStateDirectoryIsCordonUnderProgramData() {
        assertThat(Instance.stateDirName("", true)).isEqualTo("Cordon");
        assertThat(Instance.stateDirName("t1", true)).isEqualTo("Cordon-t1");
        assertThat(Instance.stateDirName("t1", false)).isEqualTo("t1-cordon");
        assertThat(Instance.programData(null)).isEqualTo(Path.of("C:\\ProgramData"));
        assertThat(Instance.programData("D:\\Data")).isEqualTo(Path.of("D:\\Data"));
    }
}
