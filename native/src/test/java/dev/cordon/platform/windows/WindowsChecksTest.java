package dev.cordon.platform.windows;

import dev.cordon.platform.Capability;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor's Windows verdicts from facts: Secondary Logon, profiles, logon sessions per sandbox SID; what cannot be
 * seen is not verified.
 */
class WindowsChecksTest {
    private static final String OFF = "S-1-5-21-1-2-3-1001";
    private static final String ON = "S-1-5-21-1-2-3-1002";

    @Test
    void secondaryLogonRunningOrStartableIsFineDisabledOrMissingIsNot() {
        assertThat(WindowsChecks.seclogon(4, 3).available()).isTrue();
        assertThat(WindowsChecks.seclogon(4, 3).evidence()).isEqualTo("running");
        assertThat(WindowsChecks.seclogon(1, 3).available()).isTrue();
        assertThat(WindowsChecks.seclogon(1, 3).evidence()).contains("starts on demand");
        Capability disabled = WindowsChecks.seclogon(1, 4);
        assertThat(disabled.available()).isFalse();
        assertThat(disabled.fix()).contains("sc start seclogon");
        assertThat(WindowsChecks.seclogon(-1, -1).available()).isFalse();
        assertThat(WindowsChecks.seclogon(-1, -1).verified()).isTrue();
    }

    @Test
    void eachSandboxAccountHasOneNormalProfile() {
        List<ProfileListEntry> healthy = List.of(
                new ProfileListEntry(OFF, "C:\\Users\\cordon-offline", 0, 0),
                new ProfileListEntry(ON, "C:\\Users\\cordon-online", 0, 0),
                new ProfileListEntry("S-1-5-21-1-2-3-1000", "C:\\Users\\TEMP.DESKTOP", 0x800, 0)); // not ours
        assertThat(WindowsChecks.profiles(healthy, Set.of(OFF, ON)).available()).isTrue();

        Capability missing = WindowsChecks.profiles(List.of(healthy.get(0)), Set.of(OFF, ON));
        assertThat(missing.available()).isFalse();
        assertThat(missing.evidence()).contains(ON + ": no profile");
        assertThat(missing.fix()).contains("cordon setup");

        Capability temporary = WindowsChecks.profiles(List.of(healthy.get(0),
                new ProfileListEntry(ON, "C:\\Users\\TEMP.cordon-online", 0x800, 0)), Set.of(OFF, ON));
        assertThat(temporary.available()).isFalse();
        assertThat(temporary.evidence()).contains(ON).contains("temporary");

        Capability twin = WindowsChecks.profiles(List.of(healthy.get(0), healthy.get(1),
                new ProfileListEntry(ON + ".bak", "C:\\Users\\cordon-online", 0, 0)), Set.of(OFF, ON));
        assertThat(twin.available()).isFalse();
        assertThat(twin.evidence()).contains(ON + ".bak");
        assertThat(WindowsChecks.profiles(List.of(), Set.of()).evidence()).isEqualTo("no sandbox account yet");
    }

    private static LogonSession session(long id, String sid, String user, int type) {
        return new LogonSession(id, sid, user, "DESKTOP", type, 1);
    }

    @Test
    void noLogonSessionOfASandboxAccountPasses() {
        List<LogonSession> others = List.of(session(0x3e7, "S-1-5-18", "SYSTEM", 0),
                session(0x1a2b, "S-1-5-21-1-2-3-1000", "alice", 2), session(0x99, null, "", 3));
        Capability c = WindowsChecks.logonSessions(() -> others, Set.of(OFF, ON));
        assertThat(c.available()).isTrue();
        assertThat(c.verified()).isTrue();
        assertThat(c.evidence()).isEqualTo("none of the 3 logon sessions on this machine belongs to a sandbox account");
        assertThat(WindowsChecks.logonSessions(() -> {
            throw new AssertionError("nothing to look for without accounts");
        }, Set.of()).evidence()).isEqualTo("no sandbox account yet");
    }

    @Test
    void aLogonSessionOfASandboxAccountIsNamedAndFailsWithTheRightFix() {
        Capability interactive = WindowsChecks.logonSessions(() -> List.of(session(0x1a2b, "S-1-5-21-1-2-3-1000",
                "alice", 2), session(0x5f00d, ON, "cordon-online", 2)), Set.of(OFF, ON));
        assertThat(interactive.available()).isFalse();
        assertThat(interactive.verified()).isTrue();
        assertThat(interactive.evidence()).contains("1 logon session(s)", "DESKTOP\\cordon-online logon 0x5f00d",
                "interactive (2)", "Windows session 1").doesNotContain("alice");
        assertThat(interactive.fix()).contains("Task Manager > Users", "logoff");

        Capability network = WindowsChecks.logonSessions(() -> List.of(session(0x77, OFF, "cordon-offline", 3)),
                Set.of(OFF, ON));
        assertThat(network.available()).isFalse();
        assertThat(network.evidence()).contains("network (3)");
        assertThat(network.fix()).contains("deny rights are not in force", "cordon setup");
    }

    @Test
    void logonSessionsLsaWillNotListAreNotVerifiedNeverPassed() {
        Capability c = WindowsChecks.logonSessions(() -> {
            throw new JnaLogonSessions.Unreadable(0xC0000022);
        }, Set.of(OFF));
        assertThat(c.verified()).isFalse();
        assertThat(c.available()).isFalse();
        assertThat(c.evidence()).contains("could not be listed", "0xC0000022");
    }

    @Test
    void liveProbesAreNotVerifiedNeverPassed() {
        WindowsChecks.Facts facts = new WindowsChecks.Facts() {
            @Override
            public int seclogonState() {
                return 4;
            }

            @Override
            public int seclogonStartType() {
                return 3;
            }

            @Override
            public List<ProfileListEntry> profileList() {
                return List.of();
            }

            @Override
            public Set<String> sandboxSids() {
                return Set.of(OFF);
            }

            @Override
            public List<LogonSession> logonSessions() {
                return List.of();
            }
        };
        List<Capability> all = WindowsChecks.all(facts);
        assertThat(all).extracting(Capability::id).containsExactly("windows.seclogon", "windows.profiles",
                "windows.logon-sessions", "windows.account-probes");
        assertThat(all.get(2).verified()).isTrue();
        assertThat(all.get(2).available()).isTrue();
        assertThat(all.get(3).verified()).isFalse();
        assertThat(all.get(3).available()).isFalse();
    }
}
