package dev.cordon.app.overview;

import dev.cordon.doctor.DoctorReport;
import dev.cordon.provision.Provisioner.SetupResult;

import java.util.function.Consumer;

/** What the overview needs from the backend. Blocking calls: view-models run them through the TaskExecutor. */
public interface OverviewService {
    /** Runs every doctor check, live probes included. */
    DoctorReport check();

    /** The changes setup would make (a dry run: nothing is changed). */
    SetupResult plan();

    /** Applies setup, reporting each step to {@code progress}; verifies by reading back. */
    SetupResult apply(Consumer<String> progress);
}
