package dev.cordon.app.audit;

import java.util.List;

/** The audit log, oldest first. Blocking: run it through the TaskExecutor. */
public interface AuditService {
    List<AuditEntry> read();
}
