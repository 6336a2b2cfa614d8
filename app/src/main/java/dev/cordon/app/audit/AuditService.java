package dev.cordon.app.audit;

import java.util.List;

/** The audit log, oldest first. Blocking: run it through the TaskExecutor. */
public interface AuditService {
    List<AuditEntry> read();

    /**
     * Writes an export to the file the person chose, replacing it. The backend's writes it as that person, never through
     * a symlink ({@link dev.cordon.platform.FileSecurity#replaceFile}): the panel may run as root for them.
     */
    default void save(java.nio.file.Path target, byte[] content) throws java.io.IOException {
        java.nio.file.Files.write(target, content);
    }
}
