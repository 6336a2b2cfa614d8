package dev.cordon.app.accounts;

import atlantafx.base.controls.Card;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.Times;
import dev.cordon.app.accounts.AccountsSnapshot.AccountState;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import dev.cordon.vault.Vault;
import dev.cordon.vault.Vault.SecretStatus;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;

/** The sandbox accounts and users group in cards; the vault with its secrets, verify, add (password field) and remove. */
public final class AccountsView implements PageView {
    private final AccountsViewModel vm;
    private final Messages messages;
    private final ScrollPane root;
    private final GridPane cards = new GridPane();
    private final PasswordField value = new PasswordField();

    public AccountsView(AccountsViewModel vm, Messages messages) {
        this.vm = vm;
        this.messages = messages;

        Button refresh = Ui.refreshButton(messages, "accounts.refresh.tooltip");
        refresh.setId("accounts-refresh");
        refresh.disableProperty().bind(vm.busyProperty());
        refresh.setOnAction(e -> vm.load());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(vm.busyProperty());
        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.accounts"), vm.summaryProperty()), new Spacer(),
                spinner, refresh);
        header.setAlignment(Pos.CENTER_LEFT);

        cards.setHgap(Ui.GAP);
        cards.setVgap(Ui.GAP);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints column = new ColumnConstraints();
            column.setPercentWidth(100.0 / 3);
            cards.getColumnConstraints().add(column);
        }
        vm.accounts().addListener((ListChangeListener<AccountState>) c -> renderCards());
        vm.usersLineProperty().addListener((obs, old, text) -> renderCards());
        renderCards();

        VBox page = new VBox(Ui.GAP, header, Ui.problemBanner(vm.problemProperty(), messages),
                ToastLayer.onEachValue(messages.get("accounts.notice.title"), vm.noticeProperty()),
                section(messages.get("accounts.section.accounts")), cards,
                section(messages.get("accounts.section.vault")), vault());
        page.setPadding(new Insets(Ui.PAGE_PADDING));
        page.setId("page-accounts");
        root = new ScrollPane(page);
        root.setFitToWidth(true);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TITLE_4);
        return l;
    }

    private void renderCards() {
        cards.getChildren().clear();
        List<AccountState> all = List.copyOf(vm.accounts());
        for (int i = 0; i < all.size(); i++) {
            Node card = accountCard(all.get(i));
            cards.add(card, i, 0);
        }
        if (all.isEmpty()) {
            Label waiting = new Label(messages.get("accounts.loading"));
            waiting.getStyleClass().add(Styles.TEXT_MUTED);
            cards.add(waiting, 0, 0, 3, 1);
            return;
        }
        cards.add(usersCard(), all.size(), 0);
    }

    private Node accountCard(AccountState a) {
        String role = messages.get("accounts.role." + a.role().name().toLowerCase());
        FontIcon health = a.healthy() ? Ui.colored(Feather.CHECK_CIRCLE, "-color-success-fg")
                : Ui.colored(Feather.X_CIRCLE, "-color-danger-fg");
        health.setIconSize(20);
        Label title = new Label(role, Ui.icon(a.role() == AccountsSnapshot.Role.OFFLINE ? Feather.WIFI_OFF : Feather.WIFI));
        title.getStyleClass().add(Styles.TITLE_4);
        HBox top = new HBox(8, title, new Spacer(), health);
        top.setAlignment(Pos.CENTER_LEFT);
        Label name = new Label(a.name());
        name.getStyleClass().add(Styles.TEXT_BOLD);
        name.setStyle("-fx-font-family: monospace;");

        VBox body = new VBox(6);
        if (!a.present()) {
            body.getChildren().add(line(false, messages.get("accounts.missing")));
        } else {
            body.getChildren().add(line(true, messages.get("accounts.present", a.id(), a.primaryGroup())));
            if (a.posix()) {
                body.getChildren().addAll(
                        line(a.passwordLocked(), messages.get(a.passwordLocked() ? "accounts.locked" : "accounts.unlocked")),
                        line(!a.loginShell(), messages.get(a.loginShell() ? "accounts.shell.login"
                                : "accounts.shell.nologin", a.shell())));
            } else if (a.findings().isEmpty() && !a.evidence().isEmpty()) {
                body.getChildren().add(line(true, a.evidence())); // Windows: no shell, no lockable password
            }
            body.getChildren().add(line(true, a.groups().isEmpty() ? messages.get("accounts.groups.none")
                    : messages.get("accounts.groups", String.join(", ", a.groups()))));
            for (String finding : a.findings()) {
                Label f = new Label(finding, Ui.colored(Feather.ALERT_TRIANGLE, "-color-danger-fg"));
                f.setWrapText(true);
                f.setMinHeight(Region.USE_PREF_SIZE);
                f.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD, "finding");
                body.getChildren().add(f);
            }
        }
        Card card = new Card();
        card.setId("account-" + a.role().name().toLowerCase());
        card.setHeader(top);
        card.setSubHeader(name);
        card.setBody(body);
        card.setMaxHeight(Double.MAX_VALUE);
        card.setAccessibleText(role + " " + a.name() + ": " + (a.healthy() ? messages.get("accounts.healthy")
                : a.present() ? messages.get("accounts.findings", a.findings().size()) : messages.get("accounts.missing")));
        return card;
    }

    private Node usersCard() {
        Label title = new Label(messages.get("accounts.users.title"), Ui.icon(Feather.USER_CHECK));
        title.getStyleClass().add(Styles.TITLE_4);
        Label text = new Label();
        text.textProperty().bind(vm.usersLineProperty());
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        Label hint = new Label(messages.get("accounts.users.hint"));
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Card card = new Card();
        card.setId("account-users");
        card.setHeader(title);
        card.setBody(new VBox(6, text, hint));
        card.setMaxHeight(Double.MAX_VALUE);
        return card;
    }

    private static Label line(boolean good, String text) {
        Label l = new Label(text, good ? Ui.colored(Feather.CHECK, "-color-success-fg")
                : Ui.colored(Feather.X, "-color-danger-fg"));
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().add(Styles.TEXT_SMALL);
        return l;
    }

    private Node vault() {
        Label scheme = new Label();
        scheme.setId("accounts-vault");
        scheme.textProperty().bind(vm.vaultLineProperty());
        scheme.setGraphic(Ui.icon(Feather.LOCK));
        Button verifyAll = Ui.button(messages.get("accounts.verifyAll"), Feather.CHECK_SQUARE);
        verifyAll.setId("accounts-verify-all");
        verifyAll.disableProperty().bind(vm.actionsDisabledProperty().or(javafx.beans.binding.Bindings.isEmpty(vm.secrets())));
        verifyAll.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "accounts.verifyAll.tooltip" : "readonly.disabled")));
        verifyAll.setOnAction(e -> vm.verifyAll());
        HBox top = new HBox(Ui.GAP, scheme, new Spacer(), verifyAll);
        top.setAlignment(Pos.CENTER_LEFT);

        // add: the name in a text field, the value only in a password field, read once and cleared
        TextField name = new TextField();
        name.setId("secret-name");
        name.setPromptText(messages.get("accounts.add.name.prompt"));
        name.setAccessibleText(messages.get("accounts.add.name.accessible"));
        name.textProperty().bindBidirectional(vm.newSecretNameProperty());
        name.setPrefWidth(220);
        Label nameLabel = new Label(messages.get("accounts.add.name"));
        nameLabel.setLabelFor(name);
        nameLabel.setMnemonicParsing(true);
        value.setId("secret-value");
        value.setPromptText(messages.get("accounts.add.value.prompt"));
        value.setAccessibleText(messages.get("accounts.add.value.accessible"));
        value.setPrefWidth(280);
        Label valueLabel = new Label(messages.get("accounts.add.value"));
        valueLabel.setLabelFor(value);
        valueLabel.setMnemonicParsing(true);
        Button add = Ui.button(messages.get("accounts.add"), Feather.PLUS);
        add.setId("secret-add");
        add.getStyleClass().add(Styles.ACCENT);
        add.disableProperty().bind(vm.actionsDisabledProperty());
        add.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "accounts.add.tooltip" : "readonly.disabled")));
        add.setOnAction(e -> addSecret());
        value.setOnAction(e -> addSecret());
        HBox form = new HBox(10, nameLabel, name, valueLabel, value, add);
        form.setAlignment(Pos.CENTER_LEFT);

        TableView<SecretStatus> table = secretsTable();
        Card card = new Card();
        card.setId("accounts-vault-card");
        card.setHeader(top);
        card.setBody(new VBox(12, form, table));
        return card;
    }

    private void addSecret() {
        // a secret of that name is replaced only once the user said so (Cancel is the default; the value stays typed)
        boolean replace = vm.wouldReplace();
        if (replace && !confirmReplace(vm.newSecretNameProperty().get().strip())) {
            return;
        }
        // PasswordField keeps its text as a String; read it once into a char array and clear the field
        char[] chars = value.getText().toCharArray();
        value.clear();
        vm.addSecret(chars, replace);
    }

    private boolean confirmReplace(String name) {
        ButtonType ok = new ButtonType(messages.get("accounts.replace.confirm.ok"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(messages.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.get("accounts.replace.confirm.text", name), ok, cancel);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle(messages.get("accounts.replace.confirm.title"));
        alert.setHeaderText(messages.get("accounts.replace.confirm.header", name));
        alert.getDialogPane().setId("secret-replace-dialog");
        ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(ok)).setDefaultButton(false);
        alert.getDialogPane().lookupButton(ok).setId("secret-replace-ok");
        alert.getDialogPane().lookupButton(cancel).setId("secret-replace-cancel");
        return alert.showAndWait().filter(ok::equals).isPresent();
    }

    private TableView<SecretStatus> secretsTable() {
        TableView<SecretStatus> table = new TableView<>(vm.secrets());
        table.setId("secrets-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("accounts.secrets.empty")));
        table.setPrefHeight(170);

        TableColumn<SecretStatus, String> name = Ui.textColumn(messages.get("accounts.col.name"), SecretStatus::name, 200);
        name.setStyle("-fx-font-family: monospace;");
        TableColumn<SecretStatus, SecretStatus> state = new TableColumn<>(messages.get("accounts.col.state"));
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        state.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(SecretStatus s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : vm.state(s));
                setGraphic(empty || s == null ? null : stateIcon(s.state()));
            }
        });
        state.setPrefWidth(130);
        TableColumn<SecretStatus, String> sealed = Ui.textColumn(messages.get("accounts.col.sealedAt"),
                s -> s.sealedAt() == null ? "" : Times.format(s.sealedAt()), 170);
        TableColumn<SecretStatus, String> key = Ui.textColumn(messages.get("accounts.col.keyId"),
                s -> s.keyId() == null ? "" : s.keyId(), 130);
        TableColumn<SecretStatus, String> detail = Ui.textColumn(messages.get("accounts.col.detail"), SecretStatus::detail, 220);
        TableColumn<SecretStatus, SecretStatus> actions = new TableColumn<>(messages.get("accounts.col.actions"));
        actions.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        actions.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(SecretStatus s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                Button verify = Ui.iconButton(Feather.CHECK_SQUARE, messages.get("accounts.verify.accessible", s.name()));
                verify.setId("secret-verify-" + s.name());
                verify.disableProperty().bind(vm.actionsDisabledProperty());
                verify.setOnAction(e -> vm.verify(s.name()));
                Button remove = Ui.iconButton(Feather.TRASH_2, messages.get("accounts.remove.accessible", s.name()));
                remove.setId("secret-remove-" + s.name());
                remove.getStyleClass().add(Styles.DANGER);
                remove.disableProperty().bind(vm.actionsDisabledProperty());
                remove.setOnAction(e -> confirmRemove(s.name()));
                setGraphic(new HBox(4, verify, remove));
            }
        });
        actions.setMinWidth(100);
        actions.setPrefWidth(100);
        actions.setSortable(false);
        table.getColumns().setAll(List.of(name, state, sealed, key, actions, detail));
        dev.cordon.app.ui.Columns.fitToContent(table); // columns as wide as what they show
        return table;
    }

    private void confirmRemove(String name) {
        ButtonType remove = new ButtonType(messages.get("accounts.remove.confirm.ok"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(messages.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.get("accounts.remove.confirm.text", name),
                remove, cancel);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle(messages.get("accounts.remove.confirm.title"));
        alert.setHeaderText(messages.get("accounts.remove.confirm.header", name));
        alert.getDialogPane().setId("secret-remove-dialog");
        ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(remove)).setDefaultButton(false);
        alert.showAndWait().filter(remove::equals).ifPresent(b -> vm.remove(name));
    }

    static FontIcon stateIcon(Vault.State state) {
        return switch (state) {
            case VERIFIED -> Ui.colored(Feather.CHECK_CIRCLE, "-color-success-fg");
            case SEALED -> Ui.colored(Feather.LOCK, "-color-accent-fg");
            case UNSEALABLE -> Ui.colored(Feather.X_CIRCLE, "-color-danger-fg");
            case MISSING -> Ui.colored(Feather.MINUS_CIRCLE, "-color-fg-muted");
        };
    }


    @Override
    public Node node() {
        return root;
    }


    @Override
    public void refresh() {
        vm.load();
    }
}
