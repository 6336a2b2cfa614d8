package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileClassifierTest {
    private static final String OFFLINE = "S-1-5-21-1-2-3-1001";
    private static final String GONE = "S-1-5-21-1-2-3-1099";
    private static final Set<String> ACCOUNTS = Set.of(OFFLINE, "S-1-5-21-1-2-3-1002");

    private static ProfileFinding only(ProfileListEntry e) {
        return ProfileClassifier.classify(List.of(e), ACCOUNTS::contains).get(0);
    }

    @Test
    void temporaryProfilesAreFoundByStateAndByFolderName() {
        assertThat(ProfileClassifier.isTemporaryFolder("TEMP")).isTrue();
        assertThat(ProfileClassifier.isTemporaryFolder("TEMP.DAVID-PC")).isTrue();
        assertThat(ProfileClassifier.isTemporaryFolder("temp.DAVID-PC.170")).isTrue();
        assertThat(ProfileClassifier.isTemporaryFolder("TEMPLATES")).isFalse();
        assertThat(ProfileClassifier.isTemporaryFolder("TEMP.DAVID-PC.17")).isFalse();

        ProfileFinding byState = only(new ProfileListEntry(OFFLINE, "C:\\Users\\CordonOffline", 0x0800, 0));
        assertThat(byState.kind()).isEqualTo(ProfileFinding.Kind.TEMPORARY);
        assertThat(byState.action()).isEqualTo(ProfileFinding.Action.DELETE_PROFILE);
        assertThat(only(new ProfileListEntry(OFFLINE, "C:\\Users\\TEMP.PC.003\\", 0, 0)).kind())
                .isEqualTo(ProfileFinding.Kind.TEMPORARY);
    }

    @Test
    void aBrokenKeyWithABakTwinIsRepairedNotDeleted() {
        List<ProfileFinding> f = ProfileClassifier.classify(List.of(
                new ProfileListEntry(OFFLINE, null, 0, 0),
                new ProfileListEntry(OFFLINE + ".bak", "C:\\Users\\CordonOffline", 0, 0)), ACCOUNTS::contains);
        assertThat(f.get(0).kind()).isEqualTo(ProfileFinding.Kind.BROKEN);
        assertThat(f.get(0).action()).isEqualTo(ProfileFinding.Action.RESTORE_BAK);
        assertThat(f.get(0).why()).contains("1168").contains(".bak twin");
        assertThat(f.get(1).kind()).isEqualTo(ProfileFinding.Kind.BAK_TWIN);
        assertThat(f.get(1).entry().sid()).isEqualTo(OFFLINE);
    }

    @Test
    void orphansNormalAndActiveProfiles() {
        assertThat(only(new ProfileListEntry(GONE, "C:\\Users\\OldSandbox", 0, 0)).kind()).isEqualTo(ProfileFinding.Kind.ORPHAN);
        assertThat(only(new ProfileListEntry(OFFLINE, "C:\\Users\\CordonOffline", 0, 0)))
                .extracting(ProfileFinding::kind, ProfileFinding::action)
                .containsExactly(ProfileFinding.Kind.NORMAL, ProfileFinding.Action.NONE);
        assertThat(only(new ProfileListEntry(OFFLINE, "C:\\Users\\CordonOffline", 0, 2)).kind())
                .isEqualTo(ProfileFinding.Kind.ACTIVE);
    }

    @Test
    void nothingLoadedIsEverTouched() {
        for (ProfileListEntry loaded : List.of(
                new ProfileListEntry(OFFLINE, "C:\\Users\\TEMP.PC", 0x0800, 1),
                new ProfileListEntry(GONE, "C:\\Users\\OldSandbox", 0, 3),
                new ProfileListEntry(OFFLINE + ".bak", "C:\\Users\\CordonOffline", 0, 1))) {
            ProfileFinding f = only(loaded);
            assertThat(f.action()).as(loaded.toString()).isEqualTo(ProfileFinding.Action.WAIT_UNTIL_UNLOADED);
            assertThat(f.why()).contains("loaded now");
        }
    }
}
