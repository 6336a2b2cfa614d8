package dev.cordon.app.window;

import dev.cordon.app.ui.Messages;
import dev.cordon.app.sessions.ConsoleLine;
import dev.cordon.session.SessionInfo;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;

/** The Sessions page as the window tests drive it: open it, start a session, type commands, read the console. */
final class SessionsPage {
    static final Messages MESSAGES = Messages.load(Locale.ROOT);
    private final FxRobot robot;

    SessionsPage(FxRobot robot) {
        this.robot = robot;
    }

    void open() throws Exception {
        robot.clickOn(MESSAGES.get("nav.sessions"));
        waitFor(10, () -> robot.lookup("#page-sessions").tryQuery().isPresent());
    }

    /** Opens the page, starts a session on {@code workspace} with the form as it is, waits until it can run commands. */
    TableView<SessionInfo> start(Path workspace) throws Exception {
        open();
        fx(() -> {
            ((TextField) robot.lookup("#sessions-workspace").query()).setText(workspace.toString());
            return null;
        });
        robot.clickOn("#sessions-start");
        TableView<SessionInfo> table = table();
        waitFor(60, () -> fx(() -> table.getItems().size() == 1) && !runDisabled());
        return table;
    }

    TableView<SessionInfo> table() {
        return robot.lookup("#sessions-table").query();
    }

    /** Types {@code commandLine} into the console and presses Enter; returns once it started (or already ended). */
    void run(String commandLine) throws Exception {
        int ranBefore = historySize();
        fx(() -> {
            ((TextField) robot.lookup("#sessions-command").query()).setText(commandLine);
            return null;
        });
        robot.clickOn("#sessions-command").type(KeyCode.ENTER);
        try {
            // running, or already over: its "$" line may have left a bounded console, the history keeps it
            waitFor(30, () -> runDisabled() || historySize() > ranBefore
                    || lines().stream().anyMatch(l -> l.text().equals("$ " + commandLine)));
        } catch (Exception e) {
            fx(() -> new Screenshots(Path.of("target", "screenshots", "failed")).take(
                    robot.lookup("#page-sessions").query().getScene(), "run-" + Math.abs(commandLine.hashCode())));
            throw e;
        }
    }

    private int historySize() {
        return fx(() -> ((ListView<?>) robot.lookup("#sessions-history").query()).getItems().size());
    }

    boolean runDisabled() {
        return fx(() -> robot.lookup("#sessions-run").queryButton().isDisabled());
    }

    @SuppressWarnings("unchecked")
    List<ConsoleLine> lines() {
        return fx(() -> List.copyOf(((ListView<ConsoleLine>) robot.lookup("#sessions-output").query()).getItems()));
    }
}
