package dev.cordon.app.accounts;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PhasedPageModel;
import dev.cordon.app.ui.Problem;
import dev.cordon.app.accounts.AccountsSnapshot.AccountState;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.vault.Vault;
import dev.cordon.vault.Vault.SecretStatus;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sandbox accounts with their posture, the users group, the vault and its secrets; verify (one or all), add and
 * remove secrets. A secret's value only passes through {@link #addSecret(char[])}: it is turned into bytes, handed to
 * the service and wiped, and is never held by a property.
 */
public final class AccountsViewModel extends PhasedPageModel<AccountsViewModel.Phase> {
    public enum Phase { IDLE, LOADING, VERIFYING, ADDING, REMOVING }

    private final AccountsService service;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final Messages messages;
    private final boolean elevated;

    private final ObjectProperty<AccountsSnapshot> snapshot = new SimpleObjectProperty<>();
    private final ObservableList<AccountState> accounts = FXCollections.observableArrayList();
    private final ObservableList<SecretStatus> secrets = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty vaultLine = new SimpleStringProperty("");
    private final StringProperty usersLine = new SimpleStringProperty("");
    private final StringProperty newSecretName = new SimpleStringProperty("");
    private final BooleanBinding actionsDisabled;
    private boolean publishing;

    public AccountsViewModel(AccountsService service, TaskExecutor executor, EventBus bus, Messages messages,
                             boolean elevated) {
        super(Phase.IDLE);
        this.service = service;
        this.executor = executor;
        this.bus = bus;
        this.messages = messages;
        this.elevated = elevated;
        summary.set(messages.get("accounts.summary.none"));
        actionsDisabled = Bindings.createBooleanBinding(() -> !elevated || phase.get() != Phase.IDLE
                || snapshot.get() == null || !snapshot.get().vault().keyPresent(), phase, snapshot);
        // setup or repair elsewhere created or fixed accounts, key and groups
        bus.subscribe(Events.SystemChanged.class, e -> {
            if (!publishing && snapshot.get() != null) {
                load();
            }
        });
    }

    public void load() {
        if (busyProperty().get()) {
            return;
        }
        phase.set(Phase.LOADING);
        BackgroundTask.of("accounts", service::load)
                .onSuccess(s -> {
                    phase.set(Phase.IDLE);
                    show(s);
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** Unseals one secret to prove it is readable; the row shows the result. */
    public void verify(String name) {
        if (actionsDisabled.get()) {
            return;
        }
        begin(Phase.VERIFYING);
        BackgroundTask.of("verify secret", () -> service.verify(name))
                .onSuccess(s -> {
                    phase.set(Phase.IDLE);
                    replace(s);
                    notice.set(messages.get("accounts.verify.one", s.name(), state(s)));
                    changed("secret.verify");
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** Unseals every listed secret, one audited verify each. */
    public void verifyAll() {
        if (actionsDisabled.get() || secrets.isEmpty()) {
            return;
        }
        List<String> names = secrets.stream().map(SecretStatus::name).toList();
        begin(Phase.VERIFYING);
        BackgroundTask.of("verify secrets", () -> {
                    List<SecretStatus> out = new ArrayList<>();
                    for (String name : names) {
                        out.add(service.verify(name));
                    }
                    return out;
                })
                .onSuccess(list -> {
                    phase.set(Phase.IDLE);
                    list.forEach(this::replace);
                    long good = list.stream().filter(s -> s.state() == Vault.State.VERIFIED).count();
                    notice.set(messages.get("accounts.verify.all", good, list.size()));
                    changed("secret.verify");
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /**
     * Seals {@code value} under the name in {@link #newSecretNameProperty}. {@code value} is wiped before this returns;
     * its UTF-8 bytes are wiped when the background work is done, success or not.
     */
    public void addSecret(char[] value) {
        addSecret(value, false);
    }

    /**
     * As {@link #addSecret(char[])}; a secret of that name is replaced only when {@code replaceConfirmed} (the view asks
     * first, see {@link #wouldReplace()}); otherwise nothing is sealed and the page says why.
     */
    public void addSecret(char[] value, boolean replaceConfirmed) {
        String name = newSecretName.get() == null ? "" : newSecretName.get().strip();
        byte[] bytes;
        try {
            if (actionsDisabled.get()) {
                return;
            }
            Vault.validateName(name);
            if (!replaceConfirmed && wouldReplace()) {
                problem.set(new Problem(messages.get("accounts.add.exists", name), messages.get("accounts.add.exists.fix")));
                return;
            }
            if (value.length == 0) {
                throw CordonException.usage(messages.get("accounts.add.empty", name), messages.get("accounts.add.empty.fix"));
            }
            bytes = utf8(value);
        } catch (CordonException e) {
            problem.set(Problem.of(e));
            return;
        } finally {
            Arrays.fill(value, '\0');
        }
        begin(Phase.ADDING);
        BackgroundTask.of("add secret", () -> {
                    try {
                        return service.set(name, bytes);
                    } finally {
                        Arrays.fill(bytes, (byte) 0);
                    }
                })
                .onSuccess(s -> {
                    phase.set(Phase.IDLE);
                    newSecretName.set("");
                    replace(s);
                    notice.set(messages.get("accounts.add.done", s.name()));
                    changed("secret.set");
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** A secret of the name typed exists: adding replaces its value (the view asks first). */
    public boolean wouldReplace() {
        String name = newSecretName.get() == null ? "" : newSecretName.get().strip();
        return secrets.stream().anyMatch(s -> s.name().equals(name));
    }

    /** Removes a secret (the view asks for confirmation first). */
    public void remove(String name) {
        if (actionsDisabled.get()) {
            return;
        }
        begin(Phase.REMOVING);
        BackgroundTask.of("remove secret", () -> {
                    service.remove(name);
                    return name;
                })
                .onSuccess(n -> {
                    phase.set(Phase.IDLE);
                    secrets.removeIf(s -> s.name().equals(n));
                    summarize();
                    notice.set(messages.get("accounts.remove.done", n));
                    changed("secret.rm");
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    private void changed(String action) {
        publishing = true;
        try {
            bus.publish(new Events.SystemChanged(action));
        } finally {
            publishing = false;
        }
    }

    private void replace(SecretStatus s) {
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i).name().equals(s.name())) {
                secrets.set(i, s);
                return;
            }
        }
        secrets.add(s);
        secrets.sort(java.util.Comparator.comparing(SecretStatus::name));
        summarize();
    }

    private void show(AccountsSnapshot s) {
        snapshot.set(s);
        accounts.setAll(s.accounts());
        secrets.setAll(s.secrets());
        summarize();
        vaultLine.set(!s.vault().readable() ? messages.get("accounts.vault.unreadable", s.vault().scheme())
                : messages.get(s.vault().keyPresent() ? "accounts.vault.key" : "accounts.vault.nokey", s.vault().scheme()));
        usersLine.set(!s.usersGroup().present() ? messages.get("accounts.users.missing", s.usersGroup().name())
                : s.usersGroup().members().isEmpty() ? messages.get("accounts.users.empty", s.usersGroup().name())
                : messages.get("accounts.users.members", s.usersGroup().name(), String.join(", ", s.usersGroup().members())));
    }

    private void summarize() {
        AccountsSnapshot s = snapshot.get();
        long present = accounts.stream().filter(AccountState::present).count();
        long findings = accounts.stream().mapToLong(a -> a.findings().size()).sum();
        summary.set(messages.get("accounts.summary", present, accounts.size(), findings,
                s.vault().readable() ? secrets.size() : "?"));
    }

    /** A secret's state as a person reads it. */
    public String state(SecretStatus s) {
        return messages.get("accounts.secret.state." + s.state().name().toLowerCase());
    }

    public ReadOnlyObjectProperty<AccountsSnapshot> snapshotProperty() {
        return snapshot;
    }

    public ObservableList<AccountState> accounts() {
        return accounts;
    }

    public ObservableList<SecretStatus> secrets() {
        return secrets;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyStringProperty vaultLineProperty() {
        return vaultLine;
    }

    public ReadOnlyStringProperty usersLineProperty() {
        return usersLine;
    }

    /** The name of the secret to add; the value is never a property (see {@link #addSecret(char[])}). */
    public StringProperty newSecretNameProperty() {
        return newSecretName;
    }

    /** Verify, add and remove need root, a loaded vault and its key, and nothing else running. */
    public BooleanBinding actionsDisabledProperty() {
        return actionsDisabled;
    }

    public boolean elevated() {
        return elevated;
    }
}
