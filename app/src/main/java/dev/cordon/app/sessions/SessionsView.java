package dev.cordon.app.sessions;

import atlantafx.base.controls.Spacer;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Sessions page: the start form ({@link StartForm}), the sessions ({@link SessionsTable}) and the selected
 * session's console with its history and network switch ({@link ConsoleView}).
 */
public final class SessionsView implements PageView {
    private final SessionsViewModel vm;
    private final VBox root;
    private final ConsoleView console;

    public SessionsView(SessionsViewModel vm, Messages messages) {
        this.vm = vm;

        Button reload = Ui.refreshButton(messages, "sessions.refresh.tooltip");
        reload.setId("sessions-reload");
        reload.disableProperty().bind(vm.loadingProperty());
        reload.setOnAction(e -> vm.reload());
        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.sessions"), vm.summaryProperty()), new Spacer(), reload);
        header.setAlignment(Pos.CENTER_LEFT);

        Node form = new StartForm(vm, messages).node();
        Node sessionsTable = new SessionsTable(vm, messages).node();
        console = new ConsoleView(vm, messages);
        VBox.setVgrow(console.node(), Priority.ALWAYS);

        Label unavailable = new Label(vm.unavailable().orElse(""));
        unavailable.setId("sessions-unavailable");
        unavailable.setWrapText(true);
        unavailable.getStyleClass().add(atlantafx.base.theme.Styles.WARNING);
        unavailable.setVisible(vm.unavailable().isPresent());
        unavailable.setManaged(vm.unavailable().isPresent());
        root = new VBox(Ui.GAP * 0.75, header, unavailable, Ui.problemBanner(vm.problemProperty(), messages),
                ToastLayer.onEachValue(messages.get("sessions.notice.title"), vm.noticeProperty()), form, sessionsTable,
                console.node());
        root.setPadding(new Insets(Ui.PAGE_PADDING));
        root.setId("page-sessions");
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        console.focus();
        vm.shown();
    }

    @Override
    public void hidden() {
        vm.hidden();
    }

    @Override
    public void refresh() {
        vm.reload();
        vm.loadSecrets();
    }
}
