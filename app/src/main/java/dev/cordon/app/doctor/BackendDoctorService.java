package dev.cordon.app.doctor;

import dev.cordon.Backend;
import dev.cordon.app.backend.DoctorRuns;
import dev.cordon.doctor.DoctorReport;
import dev.cordon.doctor.SupportBundle;
import dev.cordon.platform.InvokingUser;

import java.nio.file.Path;
import java.util.Map;

/** {@link DoctorService} on the real backend: the same code as {@code cordon doctor --preview / --bundle}. */
public final class BackendDoctorService implements DoctorService {
    private final Backend backend;
    private final DoctorRuns doctorRuns;

    public BackendDoctorService(Backend backend, DoctorRuns doctorRuns) {
        this.backend = backend;
        this.doctorRuns = doctorRuns;
    }

    @Override
    public DoctorReport run(java.util.function.Consumer<String> each) {
        return doctorRuns.runReporting(check -> each.accept(check.title()));
    }

    @Override
    public DoctorReport run(java.util.function.Consumer<String> each, java.util.function.BooleanSupplier cancelled) {
        return doctorRuns.runReporting(check -> each.accept(check.title()), cancelled);
    }

    @Override
    public Map<String, String> bundleContents(DoctorReport report) {
        return bundle().contents(report);
    }

    @Override
    public void writeBundle(Path zip, Map<String, String> contents) {
        // under pkexec or sudo, the bundle is the invoking person's file (in their Downloads), not root's
        bundle().write(zip, contents, InvokingUser.of(System.getenv(), backend.platform().accounts()));
    }

    @Override
    public dev.cordon.platform.FolderOpener.Result openFolder(Path folder) {
        return backend.platform().folderOpener().open(folder);
    }

    private SupportBundle bundle() {
        return new SupportBundle(backend.instance(), backend.platform());
    }
}
