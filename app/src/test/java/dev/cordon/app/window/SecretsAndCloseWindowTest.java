package dev.cordon.app.window;

import dev.cordon.app.Messages;
import dev.cordon.app.sessions.ConsoleLine;
import dev.cordon.app.sessions.SecretChoice;
import dev.cordon.testing.TestInstance;
import javafx.application.Platform;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.api.FxRobot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's secrets never show in its console: a value the command prints is masked, in the console, its history and
 * its log file. Closing the window with a live session asks first; Cancel keeps it, confirming stops the sessions and
 * closes.
 */
class SecretsAndCloseWindowTest {
    private static final Messages MESSAGES = Messages.load(Locale.ROOT);
    private static final String VALUE = "panel-t0ken-9f27";
    private static PanelWindow window;
    private static Stage stage;
    private static Path workspace;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.open(true);
        stage = window.stage();
        workspace = Files.createTempDirectory("cordon-secrets-ws");
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        window.backend().vault().set("PANEL_TOKEN", VALUE.getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (window != null) {
                window.close();
            }
        } finally {
            if (workspace != null) {
                TestInstance.deleteTree(workspace);
            }
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void secretsAreMaskedAndClosingAsksFirst() throws Exception {
        robot.clickOn(MESSAGES.get("nav.sessions"));
        waitFor(10, () -> robot.lookup("#page-sessions").tryQuery().isPresent());
        ListView<SecretChoice> secrets = robot.lookup("#sessions-secrets").query();
        waitFor(20, () -> fx(() -> secrets.getItems().stream().anyMatch(s -> s.name().equals("PANEL_TOKEN"))));
        fx(() -> {
            ((TextField) robot.lookup("#sessions-workspace").query()).setText(workspace.toString());
            ((RadioButton) robot.lookup("#sessions-network-online").query()).setSelected(true);
            secrets.getItems().stream().filter(s -> s.name().equals("PANEL_TOKEN")).forEach(s -> s.chosenProperty().set(true));
            return null;
        });
        robot.clickOn("#sessions-start");
        TableView<?> table = robot.lookup("#sessions-table").query();
        waitFor(60, () -> fx(() -> table.getItems().size() == 1) && !runDisabled());

        run("sh -c 'echo token=$PANEL_TOKEN; echo $PANEL_TOKEN >&2'");
        waitFor(30, () -> lines().stream().anyMatch(l -> l.kind() == ConsoleLine.Kind.EXIT));
        assertThat(lines()).contains(new ConsoleLine(ConsoleLine.Kind.STDOUT, "token=***"),
                new ConsoleLine(ConsoleLine.Kind.STDERR, "***"));
        assertThat(lines()).noneMatch(l -> l.text().contains(VALUE));
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
        waitFor(10, () -> robot.lookup("#close-dialog").tryQuery().isPresent());
        robot.clickOn(MESSAGES.get("dialog.cancel"));
        waitFor(10, () -> robot.lookup("#close-dialog").tryQuery().isEmpty());
        assertThat(fx(stage::isShowing)).isTrue();
        assertThat(window.app().sessionHost().liveCount()).isEqualTo(1);

        // confirmed: the sessions are stopped, then the window closes
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitFor(10, () -> robot.lookup("#close-confirm").tryQuery().isPresent());
        robot.clickOn("#close-confirm");
        waitFor(60, () -> !fx(stage::isShowing));
        assertThat(window.app().sessionHost().liveCount()).isZero();
    }

    private void run(String commandLine) throws Exception {
        fx(() -> {
            ((TextField) robot.lookup("#sessions-command").query()).setText(commandLine);
            return null;
        });
        robot.clickOn("#sessions-command").type(KeyCode.ENTER);
        waitFor(30, () -> runDisabled() || lines().stream().anyMatch(l -> l.text().equals("$ " + commandLine)));
    }

    private boolean runDisabled() {
        return fx(() -> robot.lookup("#sessions-run").queryButton().isDisabled());
    }

    @SuppressWarnings("unchecked")
    private List<ConsoleLine> lines() {
        return fx(() -> List.copyOf(((ListView<ConsoleLine>) robot.lookup("#sessions-output").query()).getItems()));
    }
}
