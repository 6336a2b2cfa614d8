package dev.cordon.app.window;

import dev.cordon.Backend;
import dev.cordon.app.CordonPanel;
import dev.cordon.provision.SetupRequest;
import dev.cordon.testing.TestInstance;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real panel window on the real backend for one window-test class: a unique instance (set up or not), the
 * application in the primary stage; {@link #close} takes the panel down (which stops its sessions), uninstalls and
 * removes the instance, each step even when the one before failed.
 */
final class PanelWindow implements AutoCloseable {
    private final TestInstance sandbox;
    private Stage stage;
    private CordonPanel app;
    private Path workspace;

    private PanelWindow(TestInstance sandbox) {
        this.sandbox = sandbox;
    }

    /** Skips the test class (an assumption) without root or a display. */
    static PanelWindow open(boolean setUp) throws Exception {
        assumeTrue(TestInstance.isRoot(), "the window tests set up a real instance, which needs root");
        assumeTrue(System.getenv("DISPLAY") != null, "the window test needs a display: run the build under xvfb-run -a");
        PanelWindow window = new PanelWindow(new TestInstance());
        try {
            if (setUp) {
                window.backend().provisioner().setup(new SetupRequest(List.of()), false, line -> { });
            }
            window.stage = FxToolkit.registerPrimaryStage();
            window.app = (CordonPanel) FxToolkit.setupApplication(CordonPanel.class, "--instance",
                    window.sandbox.name());
            return window;
        } catch (Exception | Error e) {
            window.close();
            throw e;
        }
    }

    /** The instance set up, the panel open, and a world-writable temporary workspace (removed on close). */
    static PanelWindow openWithWorkspace() throws Exception {
        PanelWindow window = open(true);
        try {
            window.workspace = Files.createTempDirectory("cordon-window-ws");
            Files.setPosixFilePermissions(window.workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
            return window;
        } catch (Exception | Error e) {
            window.close();
            throw e;
        }
    }

    Path workspace() {
        return workspace;
    }

    TestInstance sandbox() {
        return sandbox;
    }

    Backend backend() {
        return Backend.open(sandbox.instance);
    }

    Stage stage() {
        return stage;
    }

    CordonPanel app() {
        return app;
    }

    @Override
    public void close() throws Exception {
        try {
            if (app != null) {
                FxToolkit.cleanupApplication(app);
                FxToolkit.cleanupStages();
            }
        } finally {
            try {
                backend().provisioner().uninstall(false, line -> { });
            } finally {
                try {
                    sandbox.close();
                } finally {
                    if (workspace != null) {
                        TestInstance.deleteTree(workspace);
                    }
                }
            }
        }
    }

    /** Runs {@code callable} on the JavaFX thread and returns its result (10 s at most); on that thread, directly. */
    static <T> T fx(Callable<T> callable) {
        try {
            if (javafx.application.Platform.isFxApplicationThread()) {
                return callable.call();
            }
            return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }
}
