package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.session.SessionInfo;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feedback in the real window: the start form's errors next to their fields (no banner), shortcuts in tooltips and the
 * navigation's focus ring, a secret replaced only once confirmed, the state pill and Find (Ctrl+F) in the console.
 * Each test has a window of its own (a fresh instance and stage, closed fully after it), so nothing a test left on
 * screen (a tooltip, a dialog) meets the next; lookups go through {@link WindowTestBase}.
 */
class PanelFeedbackWindowTest extends WindowTestBase {
    private final SessionsPage page = new SessionsPage(this);

    @BeforeEach
    void openWindow() throws Exception {
        window = PanelWindow.openWithWorkspace();
    }

    @AfterEach
    void closeEach() throws Exception {
        closeWindow();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theStartFormSaysWhatIsWrongNextToTheField() throws Exception {
        page.open();
        click("#sessions-start");
        waitFor(5, () -> visible("#sessions-workspace-error"));
        assertThat(text("#sessions-workspace-error")).isEqualTo(MESSAGES.get("sessions.start.noWorkspace"));
        assertThat(visible("#page-sessions #problem-banner")).isFalse();

        set("#sessions-timeout", "ten minutes");
        set("#sessions-workspace", "/etc");
        click("#sessions-start");
        waitFor(5, () -> visible("#sessions-timeout-error"));
        set("#sessions-timeout", "");
        click("#sessions-start"); // the backend refuses /etc: said next to the field, in the panel's words
        try {
            waitFor(20, () -> text("#sessions-workspace-error").contains("/etc"));
        } catch (Exception e) {
            System.out.println("The start of /etc was not refused next to the field: workspace error '"
                    + text("#sessions-workspace-error") + "', problems " + problemsShown());
            throw e;
        }
        System.out.println("Workspace error: " + text("#sessions-workspace-error"));
        assertThat(text("#sessions-workspace-error")).doesNotContain("--");
        assertThat(visible("#sessions-timeout-error")).isFalse();
        assertThat(visible("#page-sessions #problem-banner")).isFalse();
        assertThat(fx(() -> page.table().getItems().isEmpty())).isTrue();
        set("#sessions-workspace", "");

        // shortcuts in tooltips, and a visible focus ring on the navigation
        ListView<?> sidebar = node("#sidebar");
        String navTip = fx(() -> sidebar.lookupAll(".list-cell").stream()
                .map(n -> ((ListCell<?>) n).getTooltip()).filter(Objects::nonNull)
                .map(Tooltip::getText).filter(t -> t.contains(MESSAGES.get("nav.overview"))).findFirst().orElse(""));
        assertThat(navTip).isEqualTo(MESSAGES.get("nav.shortcut", MESSAGES.get("nav.overview"), 1));
        assertThat(fx(() -> this.<Button>node("#theme-toggle").getTooltip().getText())).contains("Ctrl+Shift+T");
        assertThat(fx(() -> this.<Button>node("#sessions-reload").getTooltip().getText())).contains("F5");
        fx(() -> {
            sidebar.requestFocus();
            return null;
        });
        waitFor(5, () -> fx(sidebar::isFocused));
        assertThat(fx(sidebar::getStyle)).contains("-fx-border-color");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSecretOfTheSameNameIsReplacedOnlyOnceConfirmed() throws Exception {
        go(Page.ACCOUNTS);
        waitFor(20, () -> find("#secret-add").map(n -> !fx(n::isDisabled)).orElse(false));
        addSecret("WINDOW_TOKEN", "first");
        waitFor(20, () -> find("#secret-verify-WINDOW_TOKEN").isPresent());

        addSecret("WINDOW_TOKEN", "second");
        waitFor(10, () -> visible("#secret-replace-dialog"));
        click("#secret-replace-cancel");
        waitFor(10, () -> !visible("#secret-replace-dialog"));
        assertThat(text("#secret-value")).isEqualTo("second");
        assertThat(new String(window.backend().vault().reveal("WINDOW_TOKEN"), StandardCharsets.UTF_8)).isEqualTo("first");

        click("#secret-add");
        waitFor(10, () -> visible("#secret-replace-dialog"));
        click("#secret-replace-ok");
        waitFor(20, () -> fx(() -> this.<PasswordField>node("#secret-value").getText().isEmpty()));
        assertThat(new String(window.backend().vault().reveal("WINDOW_TOKEN"), StandardCharsets.UTF_8)).isEqualTo("second");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void findInTheConsole() throws Exception {
        TableView<SessionInfo> sessions = page.start(window.workspace());
        String id = fx(() -> sessions.getItems().get(0).id());
        waitFor(10, () -> find("#sessions-state-" + id).isPresent());
        assertThat(text("#sessions-state-" + id)).isEqualTo(MESSAGES.get("sessions.state.idle"));
        assertThat(visible("#sessions-state-note")).isFalse();
        page.run("sh -c 'echo alpha; echo needle one; echo beta; echo needle two'");
        waitFor(30, () -> !page.runDisabled());

        // Find (Ctrl+F) in the console: "1 of 3" ($ line, two outputs), Enter goes on, Esc closes
        click("#sessions-output");
        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        waitFor(5, () -> visible("#sessions-find-bar"));
        assertThat(fx(() -> node("#sessions-find").isFocused())).isTrue();
        robot.write("needle");
        waitFor(5, () -> text("#sessions-find-status").equals(MESSAGES.get("sessions.find.status", 1, 3)));
        robot.type(KeyCode.ENTER);
        waitFor(5, () -> text("#sessions-find-status").equals(MESSAGES.get("sessions.find.status", 2, 3)));
        assertThat(fx(() -> this.<ListView<?>>node("#sessions-output").getSelectionModel().getSelectedItem().toString()))
                .contains("needle one");
        robot.type(KeyCode.ESCAPE);
        waitFor(5, () -> !visible("#sessions-find-bar"));

        click("#sessions-stop");
        waitFor(10, () -> visible("#confirm-ok"));
        click("#confirm-ok");
        waitFor(60, () -> fx(() -> sessions.getItems().stream().noneMatch(s -> s.id().equals(id))));
    }

    private void addSecret(String name, String value) throws Exception {
        set("#secret-name", name);
        set("#secret-value", value);
        click("#secret-add");
    }
}
