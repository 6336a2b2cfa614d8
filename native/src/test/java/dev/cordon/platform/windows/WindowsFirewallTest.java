package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WindowsFirewall through a recording fake of the COM objects: the call order, idempotency, read-back, removal. */
class WindowsFirewallTest {
    private static final String SID = "S-1-5-21-3623811015-3361044348-30300820-1013";
    private static final String OTHER_SID = "S-1-5-21-3623811015-3361044348-30300820-1014";
    private static final String OUT = "Cordon: block outbound non-loopback";
    private static final String IN = "Cordon: block inbound non-loopback";
    private static final String UDP = "Cordon: block loopback UDP";
    private static final String TCP = "Cordon: block loopback TCP except proxy ports";

    private final RecordingFirewallCom com = new RecordingFirewallCom();
    private final WindowsFirewall firewall = new WindowsFirewall(com);

    private static FirewallSpec spec(Integer... ports) {
        return new FirewallSpec("cordon", new Principal.Sid(Principal.Kind.USER, SID), List.of(ports));
    }

    @Test
    void eachRuleIsAddedFullyConfiguredAndTheLoopbackTcpBlockIsNarrowedOnlyAfterAllBlocksExist() {
        firewall.apply(spec(8080));

        assertThat(com.mutations()).containsExactly(
                "Add " + OUT, "Add " + IN, "Add " + UDP, "Add " + TCP,
                "put+ " + TCP + " RemotePorts=1-8079,8081-65535");
        // every property is written before its rule is added (nothing is in the store half-configured) ...
        for (String name : List.of(OUT, IN, UDP, TCP)) {
            int add = com.log.indexOf("Add " + name);
            List<String> puts = com.log.stream().filter(l -> l.startsWith("put " + name + " ")).toList();
            assertThat(puts).extracting(l -> l.substring(("put " + name + " ").length()).split("=", 2)[0])
                    .containsExactly("Description", "Grouping", "Direction", "Protocol", "RemoteAddresses", "Action",
                            "Profiles", "LocalUserAuthorizedList", "Enabled");
            puts.forEach(p -> assertThat(com.log.indexOf(p)).isLessThan(add));
        }
        // ... and the TCP rule enters the store blocking every port: no port is written before it is added
        assertThat(com.log.subList(0, com.log.indexOf("Add " + TCP))).noneMatch(l -> l.contains("RemotePorts"));
        assertThat(com.log.indexOf("put+ " + TCP + " RemotePorts=1-8079,8081-65535"))
                .isGreaterThan(com.log.indexOf("Add " + TCP));

        RecordingFirewallCom.FakeRule tcp = com.group("Cordon").get(3);
        assertThat(tcp.props).containsEntry("Protocol", 6).containsEntry("Direction", 2).containsEntry("Action", 0)
                .containsEntry("Enabled", true).containsEntry("Profiles", 0x7FFFFFFF)
                .containsEntry("RemoteAddresses", "127.0.0.0/8,::1")
                .containsEntry("LocalUserAuthorizedList", "O:LSD:(A;;CC;;;" + SID + ")");
        assertThat(com.group("Cordon").get(1).props).containsEntry("Direction", 1);
    }

    @Test
    void applyingTwiceChangesNothingTheSecondTime() {
        firewall.apply(spec(3128, 8080));
        Map<Integer, Map<String, Object>> before = snapshot();
        com.clearLog();

        firewall.apply(spec(8080, 3128));

        assertThat(com.mutations()).isEmpty();
        assertThat(com.log).noneMatch(l -> l.startsWith("put") || l.startsWith("newRule"));
        assertThat(snapshot()).isEqualTo(before);
        assertThat(com.group("Cordon")).hasSize(4);
    }

    @Test
    void noAllowedPortMeansTheTcpRuleIsNeverNarrowed() {
        firewall.apply(spec());

        assertThat(com.mutations()).containsExactly("Add " + OUT, "Add " + IN, "Add " + UDP, "Add " + TCP);
        assertThat(com.group("Cordon").get(3).props).containsEntry("RemotePorts", "*");
        assertThat(firewall.read("cordon").matches(spec())).isTrue();
    }

    @Test
    void readBackParsesTheRulesIntoTheSpecTheyWereWrittenFrom() {
        firewall.apply(spec(8080, 3128));

        FirewallState state = firewall.read("cordon");

        assertThat(state.present()).isTrue();
        assertThat(state.problems()).isEmpty();
        assertThat(state.effective()).isTrue();
        assertThat(state.spec()).contains(spec(3128, 8080));
        assertThat(state.matches(spec(3128, 8080))).isTrue();
        assertThat(state.matches(spec(8080))).isFalse();
        assertThat(state.raw()).contains(TCP).contains("LocalPolicyModifyState: 0");
    }

    @Test
    void nothingOfOursIsMissingAndOtherGroupsDoNotCount() {
        com.existing(rule("Cordon-t1: block loopback UDP", "Cordon-t1"));
        assertThat(firewall.read("cordon")).isEqualTo(FirewallState.missing());
        assertThat(firewall.read("t1_cordon").present()).isTrue();
        assertThat(firewall.read("t1_cordon").problems()).contains("missing rule 'Cordon-t1: block outbound non-loopback'");
    }

    @Test
    void changingTheAllowedPortsBlocksEveryPortFirstThenNarrows() {
        firewall.apply(spec(8080));
        com.clearLog();

        firewall.apply(spec(3128));

        assertThat(com.mutations()).containsExactly(
                "put+ " + TCP + " RemotePorts=*",
                "put+ " + TCP + " RemotePorts=1-3127,3129-65535");
        assertThat(firewall.read("cordon").matches(spec(3128))).isTrue();
    }

    @Test
    void aRuleLoosenedBehindOurBackIsTightenedFirstAndReportedBeforeThat() {
        firewall.apply(spec(8080));
        RecordingFirewallCom.FakeRule out = com.group("Cordon").get(0);
        out.props.put("Action", 1);
        out.props.put("Enabled", false);
        out.props.put("Profiles", 4);
        out.props.put("LocalUserAuthorizedList", "O:LSD:(A;;CC;;;" + OTHER_SID + ")");
        out.props.put("RemoteAddresses", "10.0.0.0/8");
        assertThat(firewall.read("cordon").problems()).contains("rule '" + OUT + "': action is not block",
                "rule '" + OUT + "': disabled", "rule '" + OUT + "': not in every profile (profiles 4)",
                "the rules name more than one account: " + OTHER_SID + ", " + SID);
        com.clearLog();

        firewall.apply(spec(8080));

        assertThat(com.mutations()).containsExactly(
                "put+ " + OUT + " Action=0", "put+ " + OUT + " Enabled=true", "put+ " + OUT + " Profiles=2147483647",
                "put+ " + OUT + " LocalUserAuthorizedList=O:LSD:(A;;CC;;;" + SID + ")",
                "put+ " + OUT + " RemoteAddresses=" + FirewallValues.NON_LOOPBACK);
        assertThat(firewall.read("cordon").matches(spec(8080))).isTrue();
    }

    @Test
    void aRuleOfTheWrongShapeIsReplacedMakeBeforeBreak() {
        firewall.apply(spec(8080));
        RecordingFirewallCom.FakeRule out = com.group("Cordon").get(0);
        out.props.put("Protocol", 6); // now it blocks only TCP
        out.props.put("ApplicationName", "C:\\\\tools\\\\curl.exe");
        assertThat(firewall.read("cordon").problems()).anyMatch(p -> p.contains("protocol 6 instead of 256"))
                .anyMatch(p -> p.contains("limited to ApplicationName"));
        com.clearLog();

        firewall.apply(spec(8080));

        List<String> m = com.mutations();
        assertThat(m).hasSize(3);
        assertThat(m.get(0)).startsWith("put+ " + OUT + " Name=Cordon: removing "); // set aside, still blocking
        assertThat(m.get(1)).isEqualTo("Add " + OUT);                               // the right one in
        assertThat(m.get(2)).startsWith("Remove Cordon: removing ");                // only then the old one out
        assertThat(firewall.read("cordon").matches(spec(8080))).isTrue();
        assertThat(com.group("Cordon")).hasSize(4);
    }

    @Test
    void foreignRulesInOurGroupAreRemovedOnlyAfterTheBlocksAreInPlace() {
        com.existing(rule("Cordon: allow everything", "Cordon"));
        assertThat(firewall.read("cordon").problems()).contains("foreign rule 'Cordon: allow everything' in group Cordon");

        firewall.apply(spec());

        assertThat(com.mutations()).containsExactly("Add " + OUT, "Add " + IN, "Add " + UDP, "Add " + TCP,
                "Remove Cordon: allow everything");
        assertThat(firewall.read("cordon").problems()).isEmpty();
    }

    @Test
    void removeDropsOnlyTheRulesOfOurGroupEvenWhenAnotherRuleSharesAName() {
        com.existing(rule("Core Networking - DNS (UDP-Out)", "@FirewallAPI.dll,-25000"));
        com.existing(rule("Cordon-t1: block outbound non-loopback", "Cordon-t1"));
        firewall.apply(spec(8080));
        com.existing(rule("Cordon: stray", "Cordon"));
        com.existing(rule("Cordon: stray", "Other app")); // the same name outside our group
        com.existing(rule(null, "Cordon"));                // and one with no name at all

        firewall.remove("cordon");

        assertThat(com.group("Cordon")).isEmpty();
        assertThat(com.store).extracting(RecordingFirewallCom.FakeRule::name).containsExactly(
                "Core Networking - DNS (UDP-Out)", "Cordon-t1: block outbound non-loopback", "Cordon: stray");
        assertThat(com.store.get(2).props).containsEntry("Grouping", "Other app");
        assertThat(firewall.read("cordon")).isEqualTo(FirewallState.missing());
        com.clearLog();
        firewall.remove("cordon"); // absent: a no-op
        assertThat(com.mutations()).isEmpty();
    }

    @Test
    void aRuleOutsideOurGroupWithOneOfOurNamesIsAConflictAndNothingChanges() {
        com.existing(rule(OUT, "Someone else"));

        assertThatThrownBy(() -> firewall.apply(spec(8080))).isInstanceOf(CordonException.class)
                .hasMessageContaining("exists outside the group Cordon")
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.CONFLICT));
        assertThat(com.mutations()).isEmpty();
        assertThat(com.log).noneMatch(l -> l.startsWith("newRule"));
    }

    @Test
    void aFirewallRunByGroupPolicyIsIneffectiveWithAFixNotAnError() {
        firewall.apply(spec(8080));
        com.modifyState = new FirewallCom.ModifyState(0, WindowsFirewall.MODIFY_STATE_GP_OVERRIDE);

        FirewallState state = firewall.read("cordon");

        assertThat(state.matches(spec(8080))).isTrue(); // the rules are right; applying again would not help
        assertThat(state.effective()).isFalse();
        assertThat(state.ineffective().get().reason()).contains("Group Policy controls the firewall");
        assertThat(state.ineffective().get().fix()).contains("Apply local firewall rules: Yes");
    }

    @Test
    void profilesThatDisagreeOrAreSwitchedOffMakeTheRulesIneffective() {
        firewall.apply(spec());
        com.modifyState = new FirewallCom.ModifyState(WindowsFirewall.S_FALSE, WindowsFirewall.MODIFY_STATE_OK);
        assertThat(firewall.read("cordon").ineffective().get().reason()).contains("only some of the active profiles");

        com.modifyState = new FirewallCom.ModifyState(0, WindowsFirewall.MODIFY_STATE_OK);
        com.profileEnabled.put(WindowsFirewall.PROFILE_PUBLIC, false);
        com.profileEnabled.put(WindowsFirewall.PROFILE_DOMAIN, false);
        FirewallState off = firewall.read("cordon");
        assertThat(off.ineffective().get().reason()).contains("switched off for the domain, public profiles");
        assertThat(off.ineffective().get().fix()).contains("netsh advfirewall set allprofiles state on");
        assertThat(off.raw()).contains("FirewallEnabled(public): false");

        com.profileEnabled.put(WindowsFirewall.PROFILE_PUBLIC, true);
        com.profileEnabled.put(WindowsFirewall.PROFILE_DOMAIN, true);
        com.modifyState = new FirewallCom.ModifyState(0, WindowsFirewall.MODIFY_STATE_INBOUND_BLOCKED);
        assertThat(firewall.read("cordon").effective()).isTrue(); // "shields up" blocks more, never less
    }

    @Test
    void aStoppedFirewallServiceIsAStateWhenReadingAndASentenceWithAFixWhenApplying() {
        com.failOn("policy", FirewallErrors.EPT_S_NOT_REGISTERED);
        FirewallState state = firewall.read("cordon");
        assertThat(state.present()).isFalse();
        assertThat(state.ineffective().get().reason()).contains("service (mpssvc) is not running");
        assertThat(state.ineffective().get().fix()).contains("sc.exe start mpssvc");

        com.failOn("policy", FirewallErrors.EPT_S_NOT_REGISTERED);
        assertThatThrownBy(() -> firewall.apply(spec(8080))).isInstanceOf(CordonException.class)
                .hasMessageContaining("Applying the firewall rules of group Cordon: The Windows Defender Firewall service")
                .hasMessageContaining("HRESULT 0x800706D9, EPT_S_NOT_REGISTERED")
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("sc.exe start mpssvc"))
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.UNAVAILABLE));
    }

    @Test
    void accessDeniedIsTheElevationSentenceAndTheBlocksAlreadyAddedStay() {
        com.failOn("Add " + UDP, FirewallErrors.E_ACCESSDENIED);

        assertThatThrownBy(() -> firewall.apply(spec(8080))).isInstanceOf(CordonException.class)
                .hasMessageContaining("needs an elevated administrator")
                .hasMessageContaining("Add " + UDP + ": HRESULT 0x80070005, E_ACCESSDENIED")
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("Run as administrator"))
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.NEEDS_ROOT));
        assertThat(com.group("Cordon")).extracting(RecordingFirewallCom.FakeRule::name).containsExactly(OUT, IN);

        firewall.apply(spec(8080)); // the next run completes what the failed one began
        assertThat(firewall.read("cordon").matches(spec(8080))).isTrue();
    }

    @Test
    void readingRulesThatCannotBeUnderstoodListsWhy() {
        firewall.apply(spec(8080));
        List<RecordingFirewallCom.FakeRule> ours = com.group("Cordon");
        ours.get(3).props.put("RemotePorts", "RPC");
        ours.get(2).props.put("LocalUserAuthorizedList", "O:LSD:(A;;CC;;;" + SID + ")(A;;CC;;;" + OTHER_SID + ")");
        ours.get(1).props.put("RemoteAddresses", "LocalSubnet");

        List<String> problems = firewall.read("cordon").problems();

        assertThat(problems).contains("rule '" + TCP + "': remote ports RPC cannot be understood",
                "rule '" + UDP + "': scoped to 2 accounts (LocalUserAuthorizedList O:LSD:(A;;CC;;;" + SID + ")(A;;CC;;;"
                        + OTHER_SID + "))",
                "rule '" + IN + "': remote addresses LocalSubnet instead of " + FirewallValues.NON_LOOPBACK);
    }

    @Test
    void theGroupFollowsTheInstanceAndOtherTableNamesAreRefused() {
        assertThat(WindowsFirewall.group("cordon")).isEqualTo("Cordon");
        assertThat(WindowsFirewall.group("t1_cordon")).isEqualTo("Cordon-t1");
        for (String bad : new String[] {"", "Cordon", "t1-cordon", "inet cordon", "x_y_cordon"}) {
            assertThatThrownBy(() -> WindowsFirewall.group(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> firewall.apply(new FirewallSpec("cordon", Principal.uid(1001), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SID");
    }

    @Test
    void theRealOneIsMadeWithoutLoadingAWindowsLibrarySoThePlatformComposesAnywhere() {
        WindowsFirewall real = new WindowsFirewall(); // COM is first touched inside a session
        assertThat(real.notCovered()).hasSize(3);
        assertThat(WindowsFirewall.group("cordon")).isEqualTo("Cordon");
    }

    @Test
    void plansChecksAndTheCliNameTheWindowsFirewallRuleGroupNotAnNftablesTable() {
        assertThat(firewall.describe("t1_cordon")).isEqualTo("Windows Firewall rule group Cordon-t1");
        assertThat(firewall.objectName("cordon")).isEqualTo("Cordon");
        assertThat(firewall.inspectHint("t1_cordon")).contains("Get-NetFirewallRule -Group Cordon-t1")
                .contains("Group Policy").doesNotContain("nft");
        assertThat(firewall.describe("cordon") + firewall.objectName("cordon")).doesNotContain("inet", "table");
    }

    @Test
    void theSideChannelsPerUserRulesMissAreListedForTheDoctor() {
        assertThat(firewall.notCovered()).extracting(Firewall.Uncovered::id).containsExactly(
                "firewall.uncovered.dns", "firewall.uncovered.icmp", "firewall.uncovered.smb-webdav");
        assertThat(firewall.notCovered()).allSatisfy(u -> assertThat(u.why()).isNotBlank());
    }

    @Test
    void theDumpShowsThePolicyAndEveryCordonGroupButNoOtherRule() {
        com.existing(rule("Core Networking - DNS (UDP-Out)", "@FirewallAPI.dll,-25000"));
        firewall.apply(spec(8080));
        com.profileEnabled.put(WindowsFirewall.PROFILE_PRIVATE, false);

        String dump = firewall.rulesetDump();

        assertThat(dump).contains("NOT IN EFFECT", OUT, TCP, "1 other rule(s) not shown").doesNotContain("Core Networking");
        com.failOn("policy", FirewallErrors.E_ACCESSDENIED);
        assertThat(firewall.rulesetDump()).startsWith("Windows Firewall could not be read: Windows denied access");
    }

    private static Map<String, Object> rule(String name, String grouping) {
        Map<String, Object> p = new HashMap<>();
        p.put("Name", name);
        p.put("Grouping", grouping);
        p.put("Action", 1);
        p.put("Enabled", true);
        return p;
    }

    private Map<Integer, Map<String, Object>> snapshot() {
        Map<Integer, Map<String, Object>> s = new HashMap<>();
        com.store.forEach(r -> s.put(r.id, new HashMap<>(r.props)));
        return s;
    }
}
