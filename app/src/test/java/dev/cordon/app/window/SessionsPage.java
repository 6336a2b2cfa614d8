package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.app.sessions.ConsoleLine;
import dev.cordon.session.SessionInfo;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;

import java.nio.file.Path;
import java.util.List;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;

/**
 * The Sessions page as the window tests drive it: open it, start a session, type commands, read the console. Every
 * lookup goes through the test's {@link WindowTestBase} (on the FX thread, from the main window's root).
 */
final class SessionsPage {
    private final WindowTestBase test;

    SessionsPage(WindowTestBase test) {
        this.test = test;
    }

    void open() throws Exception {
        test.go(Page.SESSIONS);
    }

    /** Opens the page, starts a session on {@code workspace} with the form as it is, waits until it can run commands. */
    TableView<SessionInfo> start(Path workspace) throws Exception {
        open();
        test.set("#sessions-workspace", workspace.toString());
        test.click("#sessions-start");
        TableView<SessionInfo> table = table();
        try {
            waitFor(60, () -> fx(() -> table.getItems().size() == 1) && !runDisabled());
        } catch (Exception e) {
            System.out.println("The session did not start: sessions " + fx(() -> table.getItems().size())
                    + ", workspace error '" + test.text("#sessions-workspace-error") + "', problems " + test.problemsShown());
            fx(() -> new Screenshots(Path.of("target", "screenshots", "failed")).take(
                    WindowTestBase.root().getScene(), "start"));
            throw e;
        }
        return table;
    }

    TableView<SessionInfo> table() {
        return test.node("#sessions-table");
    }

    /** Types {@code commandLine} into the console and presses Enter; returns once it started (or already ended). */
    void run(String commandLine) throws Exception {
        int ranBefore = historySize();
        test.set("#sessions-command", commandLine);
        test.click("#sessions-command");
        test.robot.type(KeyCode.ENTER);
        try {
            // running, or already over: its "$" line may have left a bounded console, the history keeps it
            waitFor(30, () -> runDisabled() || historySize() > ranBefore
                    || lines().stream().anyMatch(l -> l.text().equals("$ " + commandLine)));
        } catch (Exception e) {
            fx(() -> new Screenshots(Path.of("target", "screenshots", "failed")).take(
                    WindowTestBase.root().getScene(), "run-" + Math.abs(commandLine.hashCode())));
            throw e;
        }
    }

    private int historySize() {
        return fx(() -> test.<ListView<?>>node("#sessions-history").getItems().size());
    }

    boolean runDisabled() {
        return fx(() -> test.<Button>node("#sessions-run").isDisabled());
    }

    @SuppressWarnings("unchecked")
    List<ConsoleLine> lines() {
        return fx(() -> List.copyOf(test.<ListView<ConsoleLine>>node("#sessions-output").getItems()));
    }
}
