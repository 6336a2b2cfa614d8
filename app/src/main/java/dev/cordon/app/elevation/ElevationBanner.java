package dev.cordon.app.elevation;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.Problem;
import dev.cordon.app.ui.Ui;
import dev.cordon.core.Exec;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Shown when the panel runs without root: says the panel is read-only and offers to start it again through pkexec.
 * While the elevated panel runs this window is hidden; when it ends this one closes too, or comes back with the error
 * when pkexec failed (authentication dismissed: 126, not authorized: 127).
 */
public final class ElevationBanner {
    private ElevationBanner() {
    }

    public static Node create(Messages messages, String user, String instance, Stage stage, Consumer<Problem> problems) {
        Optional<RelaunchCommand> command = RelaunchCommand.linux(Exec.which("pkexec").map(Object::toString),
                launcher(problems), System.getenv(), instance);
        FontIcon lock = Ui.colored(Feather.LOCK, "-color-warning-fg");
        lock.setIconSize(20);
        Label title = new Label(messages.get("readonly.title"));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label text = new Label(messages.get("readonly.text", user) + (command.isPresent() ? ""
                : "\n" + messages.get("readonly.relaunch.unavailable")));
        text.setWrapText(true);

        Button relaunch = Ui.button(messages.get("readonly.relaunch"), Feather.SHIELD);
        relaunch.setId("relaunch");
        relaunch.setDisable(command.isEmpty());
        command.ifPresent(c -> relaunch.setTooltip(Ui.tooltip(messages.get("readonly.relaunch.tooltip", c.display()))));
        relaunch.setOnAction(e -> command.ifPresent(c -> relaunch(c, stage, messages, problems)));

        VBox words = new VBox(2, title, text);
        HBox.setHgrow(words, Priority.ALWAYS);
        HBox banner = new HBox(12, lock, words, relaunch);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setId("readonly-banner");
        banner.setPadding(new Insets(10, 16, 10, 16));
        banner.getStyleClass().add(Styles.BG_WARNING_SUBTLE);
        banner.setStyle("-fx-border-color: -color-warning-muted; -fx-border-width: 0 0 1 0;");
        banner.setAccessibleText(title.getText() + ". " + text.getText());
        return banner;
    }

    /** What started this panel; an unreadable installed polkit action is reported, and relaunch is then off. */
    private static Optional<PanelLauncher> launcher(Consumer<Problem> problems) {
        try {
            return PanelLauncher.current();
        } catch (IllegalArgumentException e) {
            problems.accept(new Problem(e.getMessage(), "Reinstall Cordon's package with the system's package manager."));
            return Optional.empty();
        }
    }

    private static void relaunch(RelaunchCommand command, Stage stage, Messages messages, Consumer<Problem> problems) {
        Process process;
        try {
            process = new ProcessBuilder(command.argv()).inheritIO().start();
        } catch (IOException ex) {
            problems.accept(new Problem(messages.get("readonly.relaunch.failed", command.display(), ex.getMessage()), ""));
            return;
        }
        Platform.setImplicitExit(false);
        stage.hide();
        process.onExit().thenAccept(p -> Platform.runLater(() -> {
            if (p.exitValue() == 0) {
                Platform.exit();
                return;
            }
            Platform.setImplicitExit(true);
            stage.show();
            problems.accept(new Problem(messages.get("readonly.relaunch.exit", p.exitValue()),
                    messages.get("readonly.relaunch.fix")));
        }));
    }
}
