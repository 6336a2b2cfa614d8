package dev.cordon.app.audit;

import dev.cordon.Backend;

import java.util.List;

/** {@link AuditService} on the real backend's audit log (the file {@code cordon audit} reads). */
public final class BackendAuditService implements AuditService {
    /** The most recent entries the page shows: the log and its rotated files may hold hundreds of MiB. */
    static final int MAX_ENTRIES = 10_000;
    private final Backend backend;

    public BackendAuditService(Backend backend) {
        this.backend = backend;
    }

    @Override
    public List<AuditEntry> read() {
        return backend.audit().read(MAX_ENTRIES).stream().map(AuditEntry::from).toList();
    }

    @Override
    public void save(java.nio.file.Path target, byte[] content) throws java.io.IOException {
        backend.platform().fileSecurity().replaceFile(target, content,
                dev.cordon.platform.InvokingUser.of(System.getenv(), backend.platform().accounts()));
    }
}
