package dev.cordon.app.audit;

import dev.cordon.Backend;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Messages;
import dev.cordon.core.Exec;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R31: the panel, elevated, exports the audit log to the file the person picks. In a directory someone else owns
 * (not a sticky one, where the kernel's protected_symlinks already stops root), that someone plants a symlink at the
 * name; the export replaces the name itself and leaves what the symlink names alone (it wrote through it, as root).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "writes as root into another user's directory")
class PanelExportTest {
    @Test
    void anExportIsNotWrittenThroughAPlantedSymlink() throws Exception {
        Path base = Files.createTempDirectory(Path.of("/srv"), "cordon-export-").toRealPath();
        try (TestInstance t = new TestInstance()) {
            Files.createDirectories(t.instance.stateDir());
            Backend backend = Backend.open(t.instance);
            Path victim = base.resolve("victim.conf");
            Files.writeString(victim, "root's\n");
            Path theirs = Files.createDirectory(base.resolve("theirs"));
            Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path target = theirs.resolve("audit.csv");
            Files.createSymbolicLink(target, victim);
            Exec.run(List.of("chown", "-h", "65534:65534", theirs.toString(), target.toString())).orThrow("chown");

            AuditViewModel vm = new AuditViewModel(new BackendAuditService(backend), new DirectTaskExecutor(),
                    new EventBus(), Messages.load(Locale.ROOT));
            vm.reload();
            vm.export(target);

            assertThat(Files.readString(victim)).as("the file the planted symlink names").isEqualTo("root's\n");
            assertThat(Files.isSymbolicLink(target)).isFalse();
            assertThat(Files.readString(target)).startsWith("time,actor,action");
        } finally {
            TestInstance.deleteTree(base);
        }
    }
}
