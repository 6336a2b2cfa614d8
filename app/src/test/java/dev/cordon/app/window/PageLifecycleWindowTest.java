package dev.cordon.app.window;

import dev.cordon.app.MainView;
import dev.cordon.app.Page;
import dev.cordon.app.StatusInfo;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The window tells each page when it is shown and hidden: selecting another page hides the one before, hiding the
 * window hides the shown page and showing it again shows that page again, as long as the view is the window's
 * content. A page's periodic work runs in between only (the view-model tests hold each page to that). The first page
 * loads only after the window's first frame.
 */
class PageLifecycleWindowTest {
    private final List<String> events = new ArrayList<>();
    private Stage stage;

    @AfterEach
    void close() throws Exception {
        if (stage != null) {
            FxToolkit.cleanupStages();
        }
    }

    @Test
    void eachPageIsShownThenHiddenWhenAnotherIsSelectedOrTheWindowHides() throws Exception {
        assumeTrue(System.getenv("DISPLAY") != null, "the window test needs a display: run the build under xvfb-run -a");
        stage = FxToolkit.registerPrimaryStage();
        List<String> beforeFirstFrame = new ArrayList<>();
        MainView main = fx(() -> {
            MainView view = new MainView(Messages.load(Locale.ROOT),
                    new StatusInfo("Linux", true, "root", "root", "test", "default", ""), stage, Recording::new);
            stage.setScene(new Scene(view.root(), 1024, 700));
            view.attach(stage.getScene());
            stage.show();
            beforeFirstFrame.addAll(events);
            return view;
        });
        // the first page is in the first frame but loads after it, not before it (issue 13 part 4)
        assertThat(beforeFirstFrame).isEmpty();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> events.size() >= 2));
        assertThat(events).containsExactly("overview load", "overview shown");

        events.clear();
        fx(() -> {
            main.select(Page.PROCESSES);
            main.select(Page.SESSIONS);
            main.select(Page.PROCESSES);
            return null;
        });
        assertThat(events).containsExactly("overview hidden", "processes load", "processes shown", "processes hidden",
                "sessions load", "sessions shown", "sessions hidden", "processes shown");

        events.clear();
        fx(() -> {
            stage.hide();
            return null;
        });
        assertThat(events).containsExactly("processes hidden");
        fx(() -> {
            stage.show();
            return null;
        });
        assertThat(events).containsExactly("processes hidden", "processes shown");

        // the window shows something else now: its hiding and showing is no longer this view's pages' business
        events.clear();
        fx(() -> {
            stage.setScene(new Scene(new Label("another"), 400, 300));
            stage.hide();
            stage.show();
            return null;
        });
        assertThat(events).isEmpty();
    }

    /** A page that writes down what the window tells it. */
    private final class Recording implements PageView {
        private final Page page;
        private final Label node;

        Recording(Page page) {
            this.page = page;
            this.node = new Label(page.id());
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public void load() {
            events.add(page.id() + " load");
        }

        @Override
        public void shown() {
            events.add(page.id() + " shown");
        }

        @Override
        public void hidden() {
            events.add(page.id() + " hidden");
        }

        @Override
        public void refresh() {
        }
    }
}
