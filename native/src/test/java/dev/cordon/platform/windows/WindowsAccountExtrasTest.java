package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.platform.AccountExtras.Extra;
import dev.cordon.platform.AccountExtras.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Windows account's profile, hidden-user value and deny rights, through recording fakes of NetAPI/LSA and userenv. */
class WindowsAccountExtrasTest {
    private final RecordingAccountApi api = new RecordingAccountApi();
    private final RecordingProfiles profiles = new RecordingProfiles();
    private final WindowsAccountExtras extras = new WindowsAccountExtras(api, profiles);

    /** CreateProfile and DeleteProfileW in memory. */
    static final class RecordingProfiles implements ProfileApi {
        final Map<String, String> paths = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public Optional<String> profilePath(String sid) {
            return Optional.ofNullable(paths.get(sid));
        }

        @Override
        public String create(String sid, String account) {
            calls.add("CreateProfile " + sid + " " + account);
            paths.put(sid, "C:\\Users\\" + account);
            return paths.get(sid);
        }

        @Override
        public void delete(String sid) {
            calls.add("DeleteProfileW " + sid);
            paths.remove(sid);
        }
    }

    private Extra extra(String account, Kind kind) {
        return extras.wanted(account).stream().filter(x -> x.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void eachAccountWantsItsProfileThenItsHiddenValueThenItsRights() {
        assertThat(extras.wanted("cordon-offline")).extracting(Extra::step).containsExactly(
                "profile:cordon-offline", "hidden-user:cordon-offline", "deny-rights:cordon-offline");
        assertThat(extra("cordon-offline", Kind.REGISTRY_VALUE).target()).isEqualTo(
                "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\SpecialAccounts\\UserList\\cordon-offline");
    }

    @Test
    void theProfileIsCreatedOnceAndDeletedByTheSidRecorded() {
        api.addUser("cordon-offline", "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        String sid = api.user("cordon-offline").orElseThrow().sid();
        Extra profile = extra("cordon-offline", Kind.PROFILE);
        assertThat(extras.present(profile)).isFalse();
        Extra made = extras.make(profile);
        assertThat(made.facts()).containsEntry("sid", sid).containsEntry("path", "C:\\Users\\cordon-offline");
        assertThat(extras.present(profile)).isTrue();
        extras.make(profile); // there already: only recorded
        assertThat(profiles.calls).containsExactly("CreateProfile " + sid + " cordon-offline");
        extras.remove(made);
        extras.remove(made); // gone already: nothing
        assertThat(profiles.calls).containsExactly("CreateProfile " + sid + " cordon-offline", "DeleteProfileW " + sid);
    }

    @Test
    void theHiddenValueAndRightsAreRecordedWhenThereRepairedWhenNotAndRemovedBeforeTheAccount() {
        api.addUser("cordon-online", "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        String sid = api.user("cordon-online").orElseThrow().sid();
        api.setHiddenValue("cordon-online", 0);
        api.changes.clear();
        Extra hidden = extras.make(extra("cordon-online", Kind.REGISTRY_VALUE));
        assertThat(api.changes).isEmpty(); // the account step made it: recorded, not made twice
        Extra rights = extras.make(extra("cordon-online", Kind.LSA_RIGHTS));
        assertThat(api.changes).containsExactly("addRights " + sid + " " + WindowsAccounts.DENY_RIGHTS);
        assertThat(extras.present(hidden)).isTrue();
        assertThat(extras.present(rights)).isTrue();
        api.changes.clear();
        extras.remove(rights);
        extras.remove(hidden);
        assertThat(api.changes).containsExactly("removeRights " + sid + " " + WindowsAccounts.DENY_RIGHTS,
                "deleteHiddenValue cordon-online");
        assertThat(extras.present(hidden)).isFalse();
    }

    @Test
    void aHiddenValueOfARecreatedAccountIsNotOurs() {
        api.addUser("cordon-online", "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        Extra hidden = extras.make(extra("cordon-online", Kind.REGISTRY_VALUE));
        api.users.clear();
        api.addForeignUser("cordon-online");
        api.changes.clear();
        extras.remove(hidden);
        assertThat(api.changes).isEmpty();
    }

    @Test
    void aVanishedAccountOrARefusalIsASentence() {
        assertThatThrownBy(() -> extras.make(extra("cordon-offline", Kind.PROFILE))).isInstanceOf(CordonException.class)
                .hasMessageContaining("vanished");
        api.addUser("cordon-offline", "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        api.failOn("addRights", 5);
        assertThatThrownBy(() -> extras.make(extra("cordon-offline", Kind.LSA_RIGHTS))).isInstanceOf(CordonException.class)
                .hasMessageContaining("denied access");
    }
}
