package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.Backend;
import dev.cordon.app.doctor.SaveDialog;
import dev.cordon.testing.TestInstance;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real window on the real backend, as root, against a unique instance: set up from the panel (plan first), watch
 * the checks turn green, then Doctor (the bundle previewed, then saved) and Audit. Takes the screenshots in docs/screenshots.
 */
class PanelWindowTest extends WindowTestBase {
    private static TestInstance sandbox;
    private static Stage stage;
    /** Where the bundle is saved: the test-only seam answers the save dialog with this directory. */
    private static Path bundleDir;
    private final Screenshots screenshots = Screenshots.fromSystemProperty();
    private final List<Path> taken = new ArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.open(false);
        sandbox = window.sandbox();
        stage = window.stage();
        bundleDir = Files.createTempDirectory("cordon-bundle-");
        System.setProperty(SaveDialog.TEST_DIR_PROPERTY, bundleDir.toString());
    }

    @AfterAll
    static void close() throws Exception {
        System.clearProperty(SaveDialog.TEST_DIR_PROPERTY);
        if (bundleDir != null) { // the window is closed after this, by WindowTestBase
            TestInstance.deleteTree(bundleDir);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void setUpFromThePanelThenDoctorAndAudit() throws Exception {
        assertThat(stage.getTitle()).startsWith("Cordon");

        // the first doctor run on a fresh instance: nothing is set up
        waitFor(90, () -> headline("#card-accounts") != null && !robot.lookup("#overview-setup").queryButton().isDisabled());
        assertThat(headline("#card-firewall")).isEqualTo(MESSAGES.get("overview.firewall.missing"));
        shoot(stage, "overview-before-setup");

        // Set up: the plan comes first, nothing changes until Apply
        robot.clickOn("#overview-setup");
        waitFor(60, () -> dialog("#plan-dialog") != null);
        DialogPane plan = dialog("#plan-dialog");
        ListView<?> changes = (ListView<?>) plan.lookup("#plan-list");
        assertThat(changes.getItems()).isNotEmpty();
        assertThat(Backend.open(sandbox.instance).platform().accounts().user(sandbox.instance.offlineAccount())).isEmpty();
        shoot((Stage) plan.getScene().getWindow(), "setup-plan");
        robot.clickOn("#plan-apply");

        // applied with progress, then checked again: the setup cards turn green
        waitFor(180, () -> MESSAGES.get("overview.firewall.proven").equals(headline("#card-firewall"))
                && MESSAGES.get("overview.accounts.good").equals(headline("#card-accounts")));
        assertThat(headline("#card-credentials")).isEqualTo(MESSAGES.get("overview.credentials.good"));
        assertThat(headline("#card-leftovers")).isEqualTo(MESSAGES.get("overview.leftovers.none"));
        assertThat(fx(() -> ((ListView<?>) robot.lookup("#overview-progress").query()).getItems().size())).isPositive();
        assertThat(robot.lookup("#overview-setup").queryButton().getText()).isEqualTo("_" + MESSAGES.get("overview.repair"));
        System.out.println("Overview after setup: " + text("#page-overview #page-subtitle"));
        shoot(stage, "overview");

        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        shoot(stage, "overview-dark");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        // Doctor by keyboard (Ctrl+7): the report from the overview is already there
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.CONTROL);
        waitFor(60, () -> robot.lookup("#doctor-table").tryQuery().isPresent()
                && !((TableView<?>) robot.lookup("#doctor-table").query()).getItems().isEmpty());
        TableView<?> checks = robot.lookup("#doctor-table").query();
        int proven = fx(() -> {
            for (int i = 0; i < checks.getItems().size(); i++) {
                if (checks.getItems().get(i).toString().contains("firewall.offline.proven")) {
                    return i;
                }
            }
            return -1;
        });
        assertThat(proven).isNotNegative();
        fx(() -> {
            checks.getSelectionModel().select(proven);
            checks.scrollTo(Math.max(0, proven - 3));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        shoot(stage, "doctor");

        // support bundle: preview, then Save (the save dialog answers bundleDir/<suggested name>, see SaveDialog)
        robot.clickOn("#doctor-export");
        waitFor(60, () -> dialog("#bundle-dialog") != null);
        DialogPane bundle = dialog("#bundle-dialog");
        assertThat(((ListView<?>) bundle.lookup("#bundle-files")).getItems()).map(Object::toString)
                .contains("doctor.json", "ledger.jsonl", "audit-tail.jsonl", "versions.txt");
        shoot((Stage) bundle.getScene().getWindow(), "support-bundle");
        robot.clickOn("#bundle-save");
        // named with the date and time (BundleTarget.name): cordon-support-<date>-<HHmmss>.zip
        waitFor(30, () -> savedBundle(bundleDir).isPresent() && !robot.lookup("#doctor-export").queryButton().isDisabled());
        Path zip = savedBundle(bundleDir).orElseThrow();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.stream().map(ZipEntry::getName).toList()).containsExactlyInAnyOrder("doctor.json",
                    "versions.txt", "ledger.jsonl", "audit-tail.jsonl", "nftables-ruleset.txt", "secrets.json");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zip))).isEqualTo("rw-------");

        // the notification offers Open folder: the file manager as the person at the desktop, never as root; where
        // that cannot be done (here: root with no pkexec/sudo user, or no xdg-open), a warning says why and where
        waitFor(10, () -> visible("#toast-action-open-folder"));
        click("#toast-action-open-folder");
        waitFor(20, () -> toastTexts().stream().anyMatch(t -> t.startsWith("Opened " + bundleDir)
                || (t.startsWith("The folder could not be opened: ") && t.endsWith("The bundle is " + zip + "."))));
        System.out.println("Open folder: " + toastTexts());
        while (visible("#toast-close")) { // closed, as a person would, before the next pages are photographed
            click("#toast-close");
            WaitForAsyncUtils.waitForFxEvents();
        }

        // Audit: the panel's setup is there, marked as from the panel
        go(Page.AUDIT);
        waitFor(30, () -> robot.lookup("#audit-table").tryQuery().isPresent()
                && !((TableView<?>) robot.lookup("#audit-table").query()).getItems().isEmpty());
        TableView<?> audit = robot.lookup("#audit-table").query();
        assertThat(fx(() -> audit.getItems().toString())).contains("action=setup").contains("\"client\":\"panel\"");
        robot.clickOn("#audit-filter").write("setup ok");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> audit.getItems().size())).isEqualTo(1);
        shoot(stage, "audit");

        // the Processes page opens (SessionsWindowTest drives it)
        go(Page.PROCESSES);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#page-processes").tryQuery()).isPresent();

        System.out.println("Screenshots: " + taken);
    }

    /** The texts of the notifications on screen. */
    private List<String> toastTexts() {
        return fx(() -> onScreen("#toasts .label").stream().map(n -> ((javafx.scene.control.Label) n).getText())
                .toList());
    }

    private String headline(String cardId) {
        return fx(() -> robot.lookup(cardId).tryQuery().map(card -> {
            String text = card.getAccessibleText();
            return text.substring(text.indexOf(": ") + 2);
        }).orElse(null));
    }

    private DialogPane dialog(String id) {
        return fx(() -> robot.lookup(id).tryQuery().map(DialogPane.class::cast)
                .filter(p -> p.getScene() != null && p.getScene().getWindow() != null && p.getScene().getWindow().isShowing())
                .orElse(null));
    }

    private void shoot(Stage window, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        taken.add(fx(() -> screenshots.take(window.getScene(), name)));
    }

    /** The support bundle saved today in {@code dir}, if there is one. */
    private static java.util.Optional<Path> savedBundle(Path dir) throws java.io.IOException {
        String prefix = "cordon-support-" + LocalDate.now() + "-";
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".zip")).findFirst();
        }
    }
}
