package dev.cordon.app.accounts;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.accounts.AccountsSnapshot.AccountState;
import dev.cordon.app.accounts.AccountsSnapshot.Role;
import dev.cordon.app.accounts.AccountsSnapshot.UsersGroup;
import dev.cordon.app.accounts.AccountsSnapshot.VaultState;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.core.Principal;
import dev.cordon.vault.Vault;
import dev.cordon.vault.Vault.SecretStatus;
import javafx.beans.value.ObservableValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class AccountsViewModelTest {
    static final String VALUE = "s3cr\u00e9t-v4lue";

    static final class FakeService implements AccountsService {
        final Map<String, SecretStatus> vault = new TreeMap<>();
        boolean keyPresent = true;
        byte[] seenBytes;
        String seenValue;
        final List<String> verified = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        FakeService() {
            vault.put("GITHUB_TOKEN", sealed("GITHUB_TOKEN"));
            vault.put("NPM_TOKEN", new SecretStatus("NPM_TOKEN", Vault.State.UNSEALABLE,
                    "sealed under another host key (abc); the key was replaced", "2025-06-01T10:00:00Z", "abc"));
        }

        static SecretStatus sealed(String name) {
            return new SecretStatus(name, Vault.State.SEALED, "", "2025-06-01T10:00:00Z", "k1");
        }

        @Override
        public AccountsSnapshot load() {
            calls.add("load");
            return new AccountsSnapshot(List.of(
                    new AccountState(Role.OFFLINE, "t1-cordon-offline", true, Principal.uid(1001), "t1-cordon-sandbox", false,
                            "/bin/bash", true, List.of("sudo"), List.of("password is not locked (a password logon is possible)",
                            "login shell is /bin/bash (expected a no-login shell)", "member of privileged group(s) sudo")),
                    AccountState.missing(Role.ONLINE, "t1-cordon-online")),
                    new UsersGroup("t1-cordon-users", true, List.of("alice", "bob")),
                    new VaultState("aes-256-gcm/host-key", true, keyPresent), List.copyOf(vault.values()));
        }

        @Override
        public SecretStatus verify(String name) {
            verified.add(name);
            SecretStatus s = vault.get(name);
            return s.state() == Vault.State.SEALED ? new SecretStatus(name, Vault.State.VERIFIED, "", s.sealedAt(), s.keyId()) : s;
        }

        @Override
        public SecretStatus set(String name, byte[] value) {
            seenBytes = value;
            seenValue = new String(value, StandardCharsets.UTF_8);
            SecretStatus s = sealed(name);
            vault.put(name, s);
            return s;
        }

        @Override
        public void remove(String name) {
            if (vault.remove(name) == null) {
                throw CordonException.usage("There is no secret named " + name + ".", "Refresh the list.");
            }
        }
    }

    private final Messages messages = Messages.load(Locale.ROOT);
    private final FakeService service = new FakeService();
    private final EventBus bus = new EventBus();

    private AccountsViewModel loaded(boolean elevated) {
        AccountsViewModel vm = new AccountsViewModel(service, new DirectTaskExecutor(), bus, messages, elevated);
        vm.load();
        return vm;
    }

    @Test
    void loadMapsAccountsFindingsUsersAndVault() {
        AccountsViewModel vm = loaded(true);
        assertThat(vm.accounts()).hasSize(2);
        AccountState offline = vm.accounts().get(0);
        assertThat(offline.healthy()).isFalse();
        assertThat(offline.findings()).hasSize(3);
        assertThat(vm.accounts().get(1).present()).isFalse();
        assertThat(vm.summaryProperty().get()).isEqualTo("1 of 2 sandbox accounts present, 3 finding(s); 2 secret(s) in the vault");
        assertThat(vm.usersLineProperty().get()).isEqualTo("t1-cordon-users: alice, bob");
        assertThat(vm.vaultLineProperty().get()).contains("aes-256-gcm/host-key").contains("host key is present");
        assertThat(vm.secrets()).extracting(SecretStatus::name).containsExactly("GITHUB_TOKEN", "NPM_TOKEN");
        assertThat(vm.state(vm.secrets().get(1))).isEqualTo("Unsealable");
        assertThat(vm.actionsDisabledProperty().get()).isFalse();
    }

    @Test
    void addSealsTheValueThenWipesItAndKeepsItInNoProperty() throws Exception {
        AccountsViewModel vm = loaded(true);
        vm.newSecretNameProperty().set(" OPENAI_KEY ");
        char[] typed = VALUE.toCharArray();
        vm.addSecret(typed);

        assertThat(service.seenValue).isEqualTo(VALUE);
        assertThat(typed).containsOnly('\0');
        assertThat(service.seenBytes).containsOnly((byte) 0);  // the bytes handed over were wiped after sealing
        assertThat(vm.secrets()).extracting(SecretStatus::name).contains("OPENAI_KEY");
        assertThat(vm.noticeProperty().get()).isEqualTo("Sealed secret OPENAI_KEY.");
        assertThat(vm.newSecretNameProperty().get()).isEmpty();
        assertThat(vm.summaryProperty().get()).endsWith("3 secret(s) in the vault");
        assertThat(vm.problemProperty().get()).isNull();
        for (String text : observableTexts(vm)) {
            assertThat(text).doesNotContain(VALUE);
        }
    }

    @Test
    void anInvalidNameIsRefusedWithItsFixAndTheValueIsStillWiped() {
        AccountsViewModel vm = loaded(true);
        vm.newSecretNameProperty().set("1-bad name");
        char[] typed = VALUE.toCharArray();
        vm.addSecret(typed);
        assertThat(typed).containsOnly('\0');
        assertThat(service.seenValue).isNull();
        assertThat(vm.problemProperty().get().message()).isEqualTo("Invalid secret name '1-bad name'.");
        assertThat(vm.problemProperty().get().fix()).startsWith("Use an environment-variable style name");
    }

    @Test
    void aSecretOfTheSameNameIsReplacedOnlyOnceConfirmed() {
        AccountsViewModel vm = loaded(true);
        vm.newSecretNameProperty().set("GITHUB_TOKEN");
        assertThat(vm.wouldReplace()).isTrue();
        char[] typed = VALUE.toCharArray();
        vm.addSecret(typed); // not confirmed: nothing sealed, the value still wiped
        assertThat(service.seenValue).isNull();
        assertThat(typed).containsOnly('\0');
        assertThat(vm.problemProperty().get().message()).isEqualTo(messages.get("accounts.add.exists", "GITHUB_TOKEN"));

        vm.addSecret(VALUE.toCharArray(), true);
        assertThat(service.seenValue).isEqualTo(VALUE);
        assertThat(vm.secrets()).extracting(SecretStatus::name).containsExactly("GITHUB_TOKEN", "NPM_TOKEN");

        vm.newSecretNameProperty().set("NEW_ONE");
        assertThat(vm.wouldReplace()).isFalse();
    }

    @Test
    void anEmptyValueIsRefused() {
        AccountsViewModel vm = loaded(true);
        vm.newSecretNameProperty().set("TOKEN");
        vm.addSecret(new char[0]);
        assertThat(service.seenValue).isNull();
        assertThat(vm.problemProperty().get().message()).isEqualTo("The value for secret TOKEN is empty.");
        assertThat(vm.problemProperty().get().fix()).isNotEmpty();
    }

    @Test
    void verifyOneAndAll() {
        AccountsViewModel vm = loaded(true);
        List<Object> events = new ArrayList<>();
        bus.subscribe(Events.SystemChanged.class, events::add);
        vm.verify("GITHUB_TOKEN");
        assertThat(vm.secrets().get(0).state()).isEqualTo(Vault.State.VERIFIED);
        assertThat(vm.noticeProperty().get()).isEqualTo("GITHUB_TOKEN: Verified");
        assertThat(events).containsExactly(new Events.SystemChanged("secret.verify"));
        assertThat(service.calls).containsExactly("load"); // its own event does not reload it

        vm.verifyAll();
        assertThat(service.verified).containsExactly("GITHUB_TOKEN", "GITHUB_TOKEN", "NPM_TOKEN");
        assertThat(vm.noticeProperty().get()).isEqualTo("1 of 2 secret(s) verified");
        assertThat(vm.secrets().get(1).state()).isEqualTo(Vault.State.UNSEALABLE);
    }

    @Test
    void removeDropsTheRowAndAFailureIsShown() {
        AccountsViewModel vm = loaded(true);
        vm.remove("NPM_TOKEN");
        assertThat(vm.secrets()).extracting(SecretStatus::name).containsExactly("GITHUB_TOKEN");
        vm.remove("NPM_TOKEN");
        assertThat(vm.problemProperty().get().message()).isEqualTo("There is no secret named NPM_TOKEN.");
        assertThat(vm.phaseProperty().get()).isEqualTo(AccountsViewModel.Phase.IDLE);
    }

    @Test
    void setupElsewhereReloads() {
        AccountsViewModel vm = loaded(true);
        bus.publish(new Events.SystemChanged("setup"));
        assertThat(service.calls).containsExactly("load", "load");
    }

    @Test
    void notElevatedOrWithoutKeyNothingCanChange() {
        assertThat(loaded(false).actionsDisabledProperty().get()).isTrue();
        service.keyPresent = false;
        AccountsViewModel vm = loaded(true);
        assertThat(vm.actionsDisabledProperty().get()).isTrue();
        assertThat(vm.vaultLineProperty().get()).contains("host key is missing");
        vm.newSecretNameProperty().set("TOKEN");
        char[] typed = VALUE.toCharArray();
        vm.addSecret(typed);
        assertThat(typed).containsOnly('\0');
        assertThat(service.seenValue).isNull();
    }

    @Test
    void everySecretStateHasAText() {
        for (Vault.State s : Vault.State.values()) {
            assertThat(messages.get("accounts.secret.state." + s.name().toLowerCase(Locale.ROOT))).isNotBlank();
        }
        for (Role r : Role.values()) {
            assertThat(messages.get("accounts.role." + r.name().toLowerCase(Locale.ROOT))).isNotBlank();
        }
    }

    /** The current value of every observable field of the view-model, as text. */
    private static List<String> observableTexts(AccountsViewModel vm) throws IllegalAccessException {
        List<String> out = new ArrayList<>();
        for (Field f : AccountsViewModel.class.getDeclaredFields()) {
            f.setAccessible(true);
            Object v = f.get(vm);
            if (v instanceof ObservableValue<?> o) {
                out.add(String.valueOf(o.getValue()));
            } else if (v instanceof java.util.Collection<?> c) {
                out.add(c.toString());
            } else if (v instanceof char[] chars) {
                out.add(new String(chars));
            } else if (v instanceof byte[] bytes) {
                out.add(Arrays.toString(bytes));
            }
        }
        return out;
    }

    @Test
    void aWindowsAccountIsNotShownAsAnUnlockedPasswordOrAShellItDoesNotHave() {
        AccountState windows = new AccountState(Role.OFFLINE, "t1-cdn-off", true,
                new Principal.Sid(Principal.Kind.USER, "S-1-5-21-1-2-3-1001"), "t1-cordon-sandbox", false, "", false,
                List.of("Users"), List.of(), "enabled, not locked out, hidden from the sign-in screen");
        assertThat(windows.posix()).isFalse();
        assertThat(windows.healthy()).isTrue();
        AccountState linux = new AccountState(Role.OFFLINE, "t1-cordon-offline", true, Principal.uid(1001),
                "t1-cordon-sandbox", true, "/usr/sbin/nologin", false, List.of(), List.of());
        assertThat(linux.posix()).isTrue();
    }
}
