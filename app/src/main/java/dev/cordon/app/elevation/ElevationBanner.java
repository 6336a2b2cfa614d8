package dev.cordon.app.elevation;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.Problem;
import dev.cordon.app.ui.Ui;
import dev.cordon.core.Exec;
import dev.cordon.platform.ElevatedRelauncher;
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
        return create(messages, user, instance, stage, problems, Optional.empty());
    }

    /**
     * @param runas the OS's own consent prompt (Windows: UAC), used instead of pkexec when the platform has one
     */
    public static Node create(Messages messages, String user, String instance, Stage stage, Consumer<Problem> problems,
                              Optional<ElevatedRelauncher> runas) {
        if (runas.isPresent()) {
            return banner(messages, user, Optional.of(messages.get("readonly.relaunch.uac.tooltip")),
                    () -> relaunch(runas.get(), instance, messages, problems));
        }
        Optional<RelaunchCommand> command = RelaunchCommand.linux(Exec.which("pkexec").map(Object::toString),
                launcher(problems), System.getenv(), instance);
        return banner(messages, user, command.map(c -> messages.get("readonly.relaunch.tooltip", c.display())),
                () -> command.ifPresent(c -> relaunch(c, stage, messages, problems)));
    }

    /** {@code tooltip} empty: relaunching is not possible here (the button is off and the text says why). */
    private static Node banner(Messages messages, String user, Optional<String> tooltip, Runnable onRelaunch) {
        FontIcon lock = Ui.colored(Feather.LOCK, "-color-warning-fg");
        lock.setIconSize(20);
        Label title = new Label(messages.get("readonly.title"));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label text = new Label(messages.get("readonly.text", user) + (tooltip.isPresent() ? ""
                : "\n" + messages.get("readonly.relaunch.unavailable")));
        text.setWrapText(true);

        Button relaunch = Ui.button(messages.get("readonly.relaunch"), Feather.SHIELD);
        relaunch.setId("relaunch");
        relaunch.setDisable(tooltip.isEmpty());
        tooltip.ifPresent(t -> relaunch.setTooltip(Ui.tooltip(t)));
        relaunch.setOnAction(e -> onRelaunch.run());

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

    /** UAC: the elevated panel takes over when it started; declined or failed keeps this one and its banner. */
    private static void relaunch(ElevatedRelauncher runas, String instance, Messages messages, Consumer<Problem> problems) {
        String program = ProcessHandle.current().info().command().orElse("cordon-panel.exe");
        RunasOutcome.problem(runas.relaunch(RunasOutcome.argv(program, instance)), messages)
                .ifPresentOrElse(problems, Platform::exit);
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
