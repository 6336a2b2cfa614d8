package dev.cordon.app.window;

import dev.cordon.app.sessions.ConsoleLine;
import dev.cordon.app.sessions.SecretChoice;
import javafx.application.Platform;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's secrets never show in its console: a value the command prints is masked, in the console, its history and
 * its log file. Closing the window with a live session asks first; Cancel keeps it, confirming stops the sessions and
 * closes.
 */
class SecretsAndCloseWindowTest extends WindowTestBase {
    private static final String VALUE = "panel-t0ken-9f27";
    private static Stage stage;
    private final SessionsPage page = new SessionsPage(this);

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.openWithWorkspace();
        stage = window.stage();
        window.backend().vault().set("PANEL_TOKEN", VALUE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void secretsAreMaskedAndClosingAsksFirst() throws Exception {
        page.open();
        // the start form's nodes join the scene graph at the page's first layout: looked up once they are there
        waitFor(20, () -> find("#sessions-secrets").isPresent());
        ListView<SecretChoice> secrets = node("#sessions-secrets");
        waitFor(20, () -> fx(() -> secrets.getItems().stream().anyMatch(s -> s.name().equals("PANEL_TOKEN"))));
        fx(() -> {
            ((TextField) robot.lookup("#sessions-workspace").query()).setText(window.workspace().toString());
            ((RadioButton) robot.lookup("#sessions-network-online").query()).setSelected(true);
            secrets.getItems().stream().filter(s -> s.name().equals("PANEL_TOKEN")).forEach(s -> s.chosenProperty().set(true));
            return null;
        });
        robot.clickOn("#sessions-start");
        TableView<?> table = robot.lookup("#sessions-table").query();
        waitFor(60, () -> fx(() -> table.getItems().size() == 1) && !page.runDisabled());

        page.run("sh -c 'echo token=$PANEL_TOKEN; echo $PANEL_TOKEN >&2'");
        waitFor(30, () -> page.lines().stream().anyMatch(l -> l.kind() == ConsoleLine.Kind.EXIT));
        assertThat(page.lines()).contains(new ConsoleLine(ConsoleLine.Kind.STDOUT, "token=***"),
                new ConsoleLine(ConsoleLine.Kind.STDERR, "***"));
        assertThat(page.lines()).noneMatch(l -> l.text().contains(VALUE));
        Path log = Files.list(dev.cordon.app.sessions.ConsoleLog.defaultDir())
                .filter(p -> p.getFileName().toString().startsWith(fx(() -> ((dev.cordon.session.SessionInfo)
                        table.getItems().get(0)).id())))
                .findFirst().orElseThrow();
        assertThat(Files.readString(log)).contains("token=***").doesNotContain(VALUE);
        Files.delete(log);
        robot.clickOn("#sessions-reload");
        waitFor(10, () -> fx(() -> ((ListView<?>) robot.lookup("#sessions-history").query()).getItems().size() == 1));

        // closing with a live session asks; Cancel keeps everything
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitFor(10, () -> visible("#close-dialog"));
        robot.clickOn(MESSAGES.get("dialog.cancel"));
        waitFor(10, () -> !visible("#close-dialog"));
        assertThat(fx(stage::isShowing)).isTrue();
        assertThat(window.app().sessionHost().liveCount()).isEqualTo(1);

        // confirmed: the sessions are stopped, then the window closes
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitFor(10, () -> visible("#close-confirm"));
        robot.clickOn("#close-confirm");
        waitFor(60, () -> !fx(stage::isShowing));
        assertThat(window.app().sessionHost().liveCount()).isZero();
    }
}
