package dev.cordon.app.doctor;

import dev.cordon.app.ui.Messages;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/** Asks where to save a file; empty when the person cancels. The seam between the Doctor page and the OS's dialog. */
@FunctionalInterface
public interface SaveDialog {
    /**
     * Test-only: with {@code -Dcordon.panel.saveDialog.dir=DIR}, {@link #fromSystemProperty} answers
     * {@code DIR/<suggested name>} without showing a dialog, so a window test can save through the robot (a native
     * file chooser cannot be driven). Never set in the shipped panel.
     */
    String TEST_DIR_PROPERTY = "cordon.panel.saveDialog.dir";

    Optional<Path> ask(Window owner, String suggestedName);

    /** The native save dialog, filtered to zip files. */
    static SaveDialog fileChooser(Messages messages) {
        return fileChooser(messages, null);
    }

    /** The native save dialog, opening in {@code folder} (the user's Downloads, {@link BundleTarget}) when given. */
    static SaveDialog fileChooser(Messages messages, Path folder) {
        return (owner, suggestedName) -> {
            FileChooser chooser = new FileChooser();
            if (folder != null && java.nio.file.Files.isDirectory(folder)) {
                chooser.setInitialDirectory(folder.toFile());
            }
            chooser.setTitle(messages.get("bundle.save.title"));
            chooser.setInitialFileName(suggestedName);
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(messages.get("bundle.save.filter"), "*.zip"));
            File file = chooser.showSaveDialog(owner);
            return Optional.ofNullable(file).map(File::toPath);
        };
    }

    /** {@link #fileChooser}, unless the test-only {@link #TEST_DIR_PROPERTY} names a directory. */
    static SaveDialog fromSystemProperty(Messages messages) {
        return fromSystemProperty(messages, null);
    }

    /** As {@link #fromSystemProperty(Messages)}, the native dialog opening in {@code folder}. */
    static SaveDialog fromSystemProperty(Messages messages, Path folder) {
        String dir = System.getProperty(TEST_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return fileChooser(messages, folder);
        }
        return (owner, suggestedName) -> Optional.of(Path.of(dir).resolve(suggestedName));
    }
}
