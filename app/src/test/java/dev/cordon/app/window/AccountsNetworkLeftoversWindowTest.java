package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.Backend;
import dev.cordon.core.Exec;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.QuarantineEntry;
import dev.cordon.platform.Account;
import dev.cordon.app.network.NetworkViewModel;
import dev.cordon.platform.NetworkProbe;
import dev.cordon.platform.NetworkProbe.Attempt;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.testing.TestInstance;
import dev.cordon.vault.Vault;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts & credentials, Network and Leftovers on the real window and backend, as root, on a unique instance set up
 * beforehand: add a secret through the password field and verify it, prove the offline account is cut off, and
 * scan, clean (through the plan) and restore a file the offline account left in /tmp. Takes accounts.png,
 * network.png and leftovers.png for docs/screenshots.
 */
class AccountsNetworkLeftoversWindowTest extends WindowTestBase {
    private static TestInstance sandbox;
    private static Backend backend;
    private static Stage stage;
    private static Path leftover;
    private final Screenshots screenshots = Screenshots.fromSystemProperty();

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.open(true);
        sandbox = window.sandbox();
        backend = window.backend();
        stage = window.stage();
        leftover = Path.of("/tmp/cordon-panel-leftover-" + sandbox.name());
    }

    @AfterAll
    static void close() throws Exception {
        if (leftover != null) { // the window is closed after this, by WindowTestBase
            Files.deleteIfExists(leftover);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void secretsProofAndLeftovers() throws Exception {
        accounts();
        network();
        leftovers();
    }

    private void accounts() throws Exception {
        go(Page.ACCOUNTS);
        waitFor(60, () -> robot.lookup("#account-offline").tryQuery().isPresent()
                && !robot.lookup("#secret-add").queryButton().isDisabled());
        assertThat(fx(() -> robot.lookup("#account-offline").query().getAccessibleText()))
                .endsWith(MESSAGES.get("accounts.healthy"));
        assertThat(fx(() -> robot.lookup("#account-online").query().getAccessibleText()))
                .endsWith(MESSAGES.get("accounts.healthy"));

        String value = "panel-" + sandbox.name() + "-value";
        robot.clickOn("#secret-name").write("PANEL_TOKEN");
        robot.clickOn("#secret-value").write(value);
        robot.clickOn("#secret-add");
        TableView<Vault.SecretStatus> secrets = robot.lookup("#secrets-table").query();
        waitFor(30, () -> fx(() -> secrets.getItems().stream().anyMatch(s -> s.name().equals("PANEL_TOKEN"))));
        assertThat(fx(() -> ((PasswordField) robot.lookup("#secret-value").query()).getText())).isEmpty();
        byte[] sealed = backend.vault().reveal("PANEL_TOKEN");
        try {
            assertThat(new String(sealed, StandardCharsets.UTF_8)).isEqualTo(value);
        } finally {
            Arrays.fill(sealed, (byte) 0);
        }
        // the value appears in no label of the window
        assertThat(fx(() -> robot.lookup(".label").queryAllAs(Label.class).stream()
                .noneMatch(l -> l.getText() != null && l.getText().contains(value)))).isTrue();

        // the row's cell (and its button) is laid out a pulse after the table's items change
        waitFor(30, () -> robot.lookup("#secret-verify-PANEL_TOKEN").match(org.testfx.util.NodeQueryUtils.isVisible())
                .tryQuery().isPresent());
        robot.clickOn("#secret-verify-PANEL_TOKEN");
        waitFor(30, () -> fx(() -> secrets.getItems().stream()
                .anyMatch(s -> s.name().equals("PANEL_TOKEN") && s.state() == Vault.State.VERIFIED)));
        assertThat(Files.readString(sandbox.instance.auditFile())).contains("\"action\":\"secret.set\"")
                .contains("\"action\":\"secret.verify\"").contains("\"client\":\"panel\"").doesNotContain(value);
        shoot("accounts");
    }

    private void network() throws Exception {
        go(Page.NETWORK);
        waitFor(30, () -> !robot.lookup("#network-prove").queryButton().isDisabled()
                && fx(() -> !((Label) robot.lookup("#network-health").query()).getText().isEmpty()));
        robot.clickOn("#network-prove");
        TableView<Attempt> attempts = robot.lookup("#network-attempts").query();
        waitFor(90, () -> !robot.lookup("#network-prove").queryButton().isDisabled()
                && fx(() -> attempts.getItems().size()) == NetworkViewModel.PROBE_TARGETS);
        assertThat(fx(() -> attempts.getItems().stream().noneMatch(Attempt::connected))).isTrue();
        // the last attempt is the Unix socket, tried from a command in a throw-away offline session
        assertThat(fx(() -> attempts.getItems().get(NetworkViewModel.PROBE_TARGETS - 1).target().protocol()))
                .isEqualTo(NetworkProbe.Protocol.UNIX);
        assertThat(fx(() -> ((Label) robot.lookup("#network-health").query()).getText()))
                .isEqualTo(MESSAGES.get("network.health.proven"));
        assertThat(fx(() -> ((Label) robot.lookup("#network-last-probe").query()).getText()))
                .contains(MESSAGES.get("network.probe.source.panel"));
        shoot("network");
    }

    private void leftovers() throws Exception {
        Account offline = backend.platform().accounts().user(sandbox.instance.offlineAccount()).orElseThrow();
        Exec.Result made = Exec.run(List.of("setpriv", "--reuid=" + PosixIds.uid(offline), "--regid=" + PosixIds.gid(offline),
                "--clear-groups", "--", "sh", "-c", "echo x > " + leftover));
        assertThat(made.exitCode()).as(made.stderr()).isZero();

        go(Page.LEFTOVERS);
        TableView<Leftover> table = robot.lookup("#leftovers-table").query();
        waitFor(60, () -> !robot.lookup("#leftovers-scan").queryButton().isDisabled()
                && fx(() -> table.getItems().stream().anyMatch(l -> leftover.toString().equals(l.path()))));
        robot.clickOn("#leftovers-filter").write(leftover.getFileName().toString());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> table.getItems().size())).isEqualTo(1);

        robot.clickOn("#leftovers-clean");
        waitFor(30, () -> dialog("#clean-plan-dialog") != null);
        DialogPane plan = dialog("#clean-plan-dialog");
        assertThat(fx(() -> ((ListView<?>) plan.lookup("#clean-plan-list")).getItems().toString())).contains("QUARANTINE")
                .contains(leftover.toString());
        assertThat(Files.exists(leftover)).isTrue(); // a dry run so far
        robot.clickOn("#clean-plan-confirm");

        TableView<QuarantineEntry> quarantine = robot.lookup("#quarantine-table").query();
        waitFor(60, () -> !robot.lookup("#leftovers-scan").queryButton().isDisabled()
                && fx(() -> quarantine.getItems().stream().anyMatch(q -> q.originalPath().equals(leftover))));
        assertThat(Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(fx(() -> table.getItems().size())).isZero();
        fx(() -> {
            ((javafx.scene.control.TextField) robot.lookup("#leftovers-filter").query()).clear();
            ((javafx.scene.control.ScrollPane) robot.lookup("#leftovers-scroll").query()).setVvalue(1);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        shoot("leftovers");

        fx(() -> {
            for (int i = 0; i < quarantine.getItems().size(); i++) {
                if (quarantine.getItems().get(i).originalPath().equals(leftover)) {
                    quarantine.getSelectionModel().select(i);
                }
            }
            return null;
        });
        robot.clickOn("#quarantine-restore");
        waitFor(60, () -> Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)
                && !robot.lookup("#leftovers-scan").queryButton().isDisabled());
        assertThat(Files.readString(leftover)).isEqualTo("x\n");
        assertThat((Integer) Files.getAttribute(leftover, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(PosixIds.uid(offline));
        waitFor(30, () -> fx(() -> quarantine.getItems().stream().noneMatch(q -> q.originalPath().equals(leftover))));
    }

    private DialogPane dialog(String id) {
        return fx(() -> robot.lookup(id).tryQuery().map(DialogPane.class::cast)
                .filter(p -> p.getScene() != null && p.getScene().getWindow() != null && p.getScene().getWindow().isShowing())
                .orElse(null));
    }

    private void shoot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path file = fx(() -> screenshots.take(stage.getScene(), name));
        System.out.println("Screenshot: " + file);
    }

}
