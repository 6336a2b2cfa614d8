package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.app.sessions.ConsoleLine;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Online state is loud, and its end visible, in the real window on the real backend: a session switched online for
 * a few seconds by another client shows an ONLINE pill with the time left and a badge in the navigation list; when
 * the period ends, while another page is shown, a notification says so (with Extend…, which opens the switch dialog),
 * the console has a marker, and nothing on screen still says online.
 */
class OnlineStateWindowTest extends WindowTestBase {
    private static Stage stage;
    private final SessionsPage page = new SessionsPage(this);
    private final Screenshots screenshots = Screenshots.fromSystemProperty();

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.openWithWorkspace();
        stage = window.stage();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anOnlinePeriodIsVisibleAndItsEndIsSaid() throws Exception {
        TableView<SessionInfo> table = page.start(window.workspace());
        String id = fx(() -> table.getItems().get(0).id());
        assertThat(pills(table)).containsExactly(MESSAGES.get("pill.offline"));

        // another client switches it online for 8 seconds; the page's Reload shows it
        window.app().sessionHost().get().setNetwork(id, NetworkMode.ONLINE, Duration.ofSeconds(8), "window test");
        robot.clickOn("#sessions-reload");
        waitFor(10, () -> pills(table).stream().anyMatch(p -> p.startsWith("ONLINE ")));
        assertThat(badges()).containsExactly(MESSAGES.get("sessions.badge.online", 1));
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> screenshots.take(stage.getScene(), "sessions-online"));

        // the period ends while the Overview is shown
        go(Page.OVERVIEW);
        waitFor(30, () -> toastTitles().contains(MESSAGES.get("sessions.network.ended.title")));
        assertThat(badges()).isEmpty();
        fx(() -> screenshots.take(stage.getScene(), "online-ended"));

        // Extend… takes the user to the session and its switch dialog
        robot.clickOn(MESSAGES.get("sessions.network.extend"));
        waitFor(10, () -> robot.lookup("#network-dialog").tryQuery().isPresent());
        assertThat(robot.lookup("#page-sessions").tryQuery().map(n -> fx(n::isVisible))).contains(true);
        robot.clickOn(MESSAGES.get("dialog.cancel"));
        waitFor(10, () -> robot.lookup("#network-dialog").tryQuery().isEmpty());

        assertThat(pills(table)).containsExactly(MESSAGES.get("pill.offline"));
        List<ConsoleLine> lines = fx(() -> List.copyOf(
                ((ListView<ConsoleLine>) robot.lookup("#sessions-output").query()).getItems()));
        assertThat(lines.get(lines.size() - 1).text()).startsWith("[back offline at ");
        assertThat(fx(() -> ((Label) robot.lookup("#sessions-countdown").query()).isVisible())).isFalse();
    }

    /** The network pills of the table (offline, or ONLINE with its countdown); the state pills (idle, …) are not. */
    private static List<String> pills(TableView<SessionInfo> table) {
        return fx(() -> table.lookupAll(".table-cell").stream()
                .map(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && c.getGraphic() instanceof Label l ? l : null)
                .filter(l -> l != null && l.getText() != null && !l.getText().isBlank()).map(Label::getText)
                .filter(t -> t.equals(MESSAGES.get("pill.offline")) || t.startsWith("ONLINE")).toList());
    }

    private List<String> badges() {
        return fx(() -> robot.lookup("#sidebar").queryAs(ListView.class).lookupAll(".label").stream()
                .map(Label.class::cast).filter(l -> l.isVisible() && l.getText() != null
                        && l.getText().endsWith(" online")).map(Label::getText).toList());
    }

    private List<String> toastTitles() {
        return fx(() -> {
            Node layer = stage.getScene().lookup("#toasts");
            return ((Pane) layer).getChildren().stream().flatMap(t -> t.lookupAll(".label").stream())
                    .map(Label.class::cast).filter(l -> l.getStyleClass().contains("text-bold")).map(Label::getText)
                    .toList();
        });
    }
}
