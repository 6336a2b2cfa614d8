package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.app.processes.ProcessRow;
import dev.cordon.app.sessions.ConsoleLine;
import dev.cordon.session.SessionInfo;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and Processes in the real window on the real backend (root, a unique set-up instance): start a session,
 * run a command in its console and see its output stream in, find the command under its runner in the live process
 * tree (selection kept across refreshes), kill it there, see its exit in the console, stop the session.
 */
class SessionsWindowTest extends WindowTestBase {
    private static Stage stage;
    private final SessionsPage page = new SessionsPage(this);
    private final Screenshots screenshots = Screenshots.fromSystemProperty();
    private final List<Path> taken = new ArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.openWithWorkspace();
        stage = window.stage();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void runACommandSeeItInTheTreeKillItThereStopTheSession() throws Exception {
        TableView<SessionInfo> sessions = page.start(window.workspace());
        assertThat(fx(() -> sessions.getItems().get(0).toString())).contains("state=IDLE").contains("network=offline");

        // a failing command first: stderr and a non-zero exit, styled apart
        page.run("sh -c 'echo to stderr >&2; exit 2'");
        waitFor(30, () -> page.lines().stream().anyMatch(l -> l.kind() == ConsoleLine.Kind.EXIT_FAILED));
        assertThat(page.lines()).contains(new ConsoleLine(ConsoleLine.Kind.STDERR, "to stderr"));

        page.run("sh -c 'echo hello; sleep 30'");
        waitFor(30, () -> page.lines().contains(new ConsoleLine(ConsoleLine.Kind.STDOUT, "hello")));
        assertThat(page.runDisabled()).isTrue(); // still running: sleep 30
        shoot("sessions");

        // Processes, mode "sessions": session → runner → the command (sh) → sleep
        go(Page.PROCESSES);
        TreeTableView<ProcessRow> tree = robot.lookup("#processes-tree").query();
        waitFor(30, () -> commandItem(tree) != null);
        TreeItem<ProcessRow> command = commandItem(tree);
        assertThat(fx(() -> command.getParent().getValue().kind())).isEqualTo(ProcessRow.Kind.RUNNER);
        assertThat(fx(() -> command.getParent().getParent().getValue().kind())).isEqualTo(ProcessRow.Kind.SESSION);
        assertThat(fx(() -> command.getChildren().stream().map(c -> c.getValue().name()).toList())).contains("sleep");
        fx(() -> {
            tree.getSelectionModel().select(command);
            return null;
        });
        Thread.sleep(2500); // two refreshes: the same item stays selected, with its row updated in place
        assertThat(fx(() -> tree.getSelectionModel().getSelectedItem())).isSameAs(command);
        assertThat(commandItem(tree)).isSameAs(command);
        shoot("processes");

        // Delete on the tree ends the selected process, as the Kill button does (confirmed first)
        fx(() -> {
            tree.requestFocus();
            return null;
        });
        waitFor(5, () -> fx(tree::isFocused));
        robot.type(javafx.scene.input.KeyCode.DELETE);
        waitFor(10, () -> robot.lookup("#confirm-ok").tryQuery().isPresent());
        robot.clickOn("#confirm-ok");
        waitFor(20, () -> commandItem(tree) == null || robot.lookup("#confirm-ok").tryQuery().isPresent());
        if (robot.lookup("#confirm-ok").tryQuery().isPresent()) {
            robot.clickOn("#confirm-ok"); // it outlived SIGTERM: SIGKILL offered
        }
        waitFor(20, () -> commandItem(tree) == null);

        // the console saw it end
        go(Page.SESSIONS);
        waitFor(20, () -> !page.runDisabled());
        ConsoleLine last = page.lines().get(page.lines().size() - 1);
        System.out.println("Console after the kill: " + last.text());
        assertThat(last.kind()).isEqualTo(ConsoleLine.Kind.EXIT_FAILED);
        assertThat(last.text()).contains("143");

        robot.clickOn("#sessions-stop");
        waitFor(10, () -> robot.lookup("#confirm-ok").tryQuery().isPresent());
        robot.clickOn("#confirm-ok");
        waitFor(30, () -> fx(() -> sessions.getItems().isEmpty()));
        System.out.println("Screenshots: " + taken);
    }

    private static TreeItem<ProcessRow> commandItem(TreeTableView<ProcessRow> tree) {
        return fx(() -> find(tree.getRoot()));
    }

    private static TreeItem<ProcessRow> find(TreeItem<ProcessRow> item) {
        for (TreeItem<ProcessRow> child : item.getChildren()) {
            ProcessRow row = child.getValue();
            if (row.kind() == ProcessRow.Kind.COMMAND && row.commandLine().contains("sleep 30")) {
                return child;
            }
            TreeItem<ProcessRow> below = find(child);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    private void shoot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        taken.add(fx(() -> screenshots.take(stage.getScene(), name)));
    }

}
