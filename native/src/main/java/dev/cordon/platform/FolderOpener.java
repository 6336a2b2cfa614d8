package dev.cordon.platform;

import java.nio.file.Path;

/**
 * Opens a folder in the desktop's file manager for the person at the desktop (the panel's "Open folder" after a
 * support bundle is saved). Never as an elevated account: an elevated panel opens it as the user it was started for
 * ({@link InvokingUser}), and says so in words when it cannot (no such user, no desktop, no file manager).
 */
public interface FolderOpener {
    /** Whether the file manager was asked to open it, and in words why not when it was not. */
    record Result(boolean opened, String detail) {
    }

    Result open(Path folder);

    /** An OS where this build opens no folder. */
    static FolderOpener unavailable(String os) {
        return folder -> new Result(false, "opening a folder is not available on " + os + " in this build");
    }
}
