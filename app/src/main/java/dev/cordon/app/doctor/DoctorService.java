package dev.cordon.app.doctor;

import dev.cordon.doctor.DoctorReport;

import java.nio.file.Path;
import java.util.Map;

/** What the doctor page needs from the backend. Blocking calls: run them through the TaskExecutor. */
public interface DoctorService {
    /** Runs every check; {@code each} hears each check's title as it finishes (from the worker thread). */
    DoctorReport run(java.util.function.Consumer<String> each);

    /**
     * As {@link #run(java.util.function.Consumer)}, stopping after the check under way once {@code cancelled} says so
     * (and no one else waits for the same run): then a {@link java.util.concurrent.CancellationException}.
     */
    default DoctorReport run(java.util.function.Consumer<String> each, java.util.function.BooleanSupplier cancelled) {
        return run(each);
    }

    /** File name → redacted text, exactly what {@link #writeBundle} would write. */
    Map<String, String> bundleContents(DoctorReport report);

    /** Writes the bundle as a 0600 zip; refuses to overwrite. */
    void writeBundle(Path zip, Map<String, String> contents);

    /**
     * Opens {@code folder} in the desktop's file manager as the person at the desktop (never as root); whether it was,
     * and in words why not ({@link dev.cordon.platform.FolderOpener}).
     */
    dev.cordon.platform.FolderOpener.Result openFolder(Path folder);
}
