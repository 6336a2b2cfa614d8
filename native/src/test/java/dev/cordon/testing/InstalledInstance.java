package dev.cordon.testing;

import dev.cordon.Backend;
import dev.cordon.platform.linux.LinuxPlatform;
import dev.cordon.provision.SetupRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A unique instance that is set up for real, with a workspace every sandbox account may write (mode 0777);
 * {@link #close()} uninstalls it and removes everything even when uninstall fails.
 */
public record InstalledInstance(TestInstance test, Backend backend, Path workspace) implements AutoCloseable {
    public static InstalledInstance create(String workspacePrefix) throws IOException {
        TestInstance t = new TestInstance();
        Backend backend = new Backend(t.instance, new LinuxPlatform(t.instance));
        backend.provisioner().setup(new SetupRequest(List.of()), false, l -> { });
        Path workspace = Files.createTempDirectory(workspacePrefix);
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        return new InstalledInstance(t, backend, workspace);
    }

    @Override
    public void close() {
        try {
            backend.provisioner().uninstall(false, l -> { });
        } finally {
            test.close();
            TestInstance.deleteTree(workspace);
        }
    }
}
