package dev.cordon.app.window;

import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionState;
import javafx.geometry.Bounds;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A STUCK session for real, in the real window on the real backend: a command nests its workspace deeper than the
 * hand-back walks (4,100 directories), Stop cannot give the workspace back, and the session stays listed with a red
 * STUCK pill (its meaning in the tooltip) and Stop becomes "Retry hand-back" — reachable at 1024×700 and 1920×1080.
 * Once the deep tree is gone, Retry hand-back gives the workspace back and the session goes.
 */
class StuckSessionWindowTest extends WindowTestBase {
    private static Stage stage;
    private final SessionsPage page = new SessionsPage(this);

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.openWithWorkspace();
        stage = window.stage();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aSessionWhoseWorkspaceCannotBeGivenBackIsLoudlyStuckAndRetryGivesItBack() throws Exception {
        // a root-owned 0755 tree, lent to the session (a world-writable one is held, not lent, and walked otherwise)
        java.nio.file.Path lent = Files.createDirectory(window.workspace().resolve("lent"));
        Files.setPosixFilePermissions(lent, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            stuckThenRetried(lent);
        } finally {
            removeDeepTree(lent); // the window's own clean-up cannot delete paths this long
        }
    }

    private static void removeDeepTree(java.nio.file.Path dir) throws Exception {
        Process rm = new ProcessBuilder(List.of("rm", "-rf", "--", dir.resolve("d").toString())).inheritIO().start();
        assertThat(rm.waitFor(60, TimeUnit.SECONDS) && rm.exitValue() == 0).as("rm -rf of the deep tree").isTrue();
    }

    private void stuckThenRetried(java.nio.file.Path lent) throws Exception {
        TableView<SessionInfo> sessions = page.start(lent);
        String id = fx(() -> sessions.getItems().get(0).id());
        page.run("/usr/bin/python3 -c \"import os; [(os.mkdir('d'), os.chdir('d')) for _ in range(4100)]\"");
        waitFor(60, () -> !page.runDisabled());
        assertThat(Files.isDirectory(lent.resolve("d/d/d"))).as("console: %s", page.lines()).isTrue();

        click("#sessions-stop");
        waitFor(10, () -> visible("#confirm-ok"));
        click("#confirm-ok");
        try {
            waitFor(90, () -> fx(() -> sessions.getItems().size() == 1
                    && sessions.getItems().get(0).state() == SessionState.STUCK) && visible("#sessions-state-" + id));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not STUCK: sessions " + fx(() -> sessions.getItems().toString()) + ", problems "
                    + problemsShown(), e);
        }

        Label pill = node("#sessions-state-" + id);
        assertThat(fx(pill::getText)).isEqualTo(MESSAGES.get("sessions.state.stuck"));
        assertThat(fx(pill::getStyle)).contains("danger"); // loud: red, not the idle pill's muted colour
        // its meaning in the cell's tooltip
        assertThat(fx(() -> ((javafx.scene.control.TableCell<?, ?>) pill.getParent()).getTooltip().getText()))
                .contains(lent.toString())
                .contains("Retry hand-back");
        Button stop = node("#sessions-stop");
        assertThat(fx(stop::getText)).isEqualTo(MESSAGES.get("sessions.stop.retry"));
        assertThat(problemsShown()).as("the failed stop is said on the page").isNotEmpty();

        // the pill and Retry hand-back are inside the window at the smallest and a large size
        double[] before = fx(() -> new double[] {stage.getWidth(), stage.getHeight()});
        try {
            for (int[] size : new int[][] {{1024, 700}, {1920, 1080}}) {
                fx(() -> {
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                    return null;
                });
                WaitForAsyncUtils.waitForFxEvents();
                Thread.sleep(300);
                WaitForAsyncUtils.waitForFxEvents();
                fx(() -> new Screenshots(java.nio.file.Path.of("target", "screenshots", "stuck")).take(stage.getScene(),
                        size[0] + "x" + size[1]));
                assertThat(inside(stop)).as("Retry hand-back inside %dx%d: %s; wider than the window: %s", size[0],
                        size[1], bounds(stop), tooWide()).isTrue();
                assertThat(inside(node("#sessions-state-" + id))).as("STUCK pill inside %dx%d", size[0], size[1])
                        .isTrue();
                assertThat(fx(() -> pill.getWidth() + 0.5 >= pill.prefWidth(-1))).as("STUCK pill whole, not cut, at %dx%d",
                        size[0], size[1]).isTrue();
            }
        } finally {
            fx(() -> {
                stage.setWidth(before[0]);
                stage.setHeight(before[1]);
                return null;
            });
        }

        // what blocked it removed (as root, as an admin would), Retry hand-back gives the workspace back
        removeDeepTree(lent);
        click("#sessions-stop");
        waitFor(10, () -> visible("#confirm-ok"));
        click("#confirm-ok");
        waitFor(60, () -> fx(() -> sessions.getItems().isEmpty()));
    }

    /** The innermost nodes that reach past the window's right edge, to say what widens the page. */
    private static List<String> tooWide() {
        return fx(() -> {
            List<String> out = new java.util.ArrayList<>();
            collectWide(stage.getScene().getRoot(), stage.getScene().getWidth(), out);
            javafx.scene.Parent page = (javafx.scene.Parent) stage.getScene().getRoot().lookup("#page-sessions");
            for (javafx.scene.Node c : page.getChildrenUnmodifiable()) {
                if (c instanceof javafx.scene.layout.Region r) {
                    out.add(0, "page child " + r.getClass().getName() + "#" + r.getId() + " min " + r.minWidth(-1)
                            + " pref " + r.prefWidth(-1) + (" kids " + r
                            .getChildrenUnmodifiable().stream().map(k -> k.getClass().getSimpleName() + "#" + k.getId()
                                    + (k instanceof javafx.scene.layout.Region kr ? ":" + kr.minWidth(-1) : "")).toList()));
                }
            }
            return out.subList(0, Math.min(20, out.size()));
        });
    }

    private static boolean collectWide(javafx.scene.Node n, double width, List<String> out) {
        if (!n.isVisible()) {
            return false;
        }
        boolean childWide = false;
        if (n instanceof javafx.scene.Parent p) {
            for (javafx.scene.Node c : p.getChildrenUnmodifiable()) {
                childWide |= collectWide(c, width, out);
            }
        }
        Bounds b = n.localToScene(n.getBoundsInLocal());
        boolean wide = b.getMaxX() > width + 0.5;
        if (wide && !childWide) {
            out.add(n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId())
                    + (n instanceof javafx.scene.control.Labeled l && l.getText() != null ? " '" + l.getText()
                    .substring(0, Math.min(60, l.getText().length())) + "'" : "") + " x " + Math.round(b.getMinX()) + "-"
                    + Math.round(b.getMaxX()) + (n instanceof javafx.scene.layout.Region r ? " min " + r.minWidth(-1)
                    + " pref " + r.prefWidth(-1) : ""));
        }
        return wide;
    }

    private static String bounds(javafx.scene.Node n) {
        return fx(() -> n.localToScene(n.getBoundsInLocal()) + " in " + n.getScene().getWidth() + "x"
                + n.getScene().getHeight());
    }

    private static boolean inside(javafx.scene.Node n) {
        return fx(() -> {
            Bounds b = n.localToScene(n.getBoundsInLocal());
            var scene = n.getScene();
            return n.isVisible() && b.getMinX() >= -0.5 && b.getMinY() >= -0.5 && b.getMaxX() <= scene.getWidth() + 0.5
                    && b.getMaxY() <= scene.getHeight() + 0.5;
        });
    }
}
