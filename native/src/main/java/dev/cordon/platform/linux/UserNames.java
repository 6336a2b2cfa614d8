package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * uid → account name from the local account database, cached until {@code /etc/passwd} changes: a snapshot asks
 * for thousands of names, and re-parsing the file for each would dominate its cost.
 */
final class UserNames {
    private final Path passwdFile;
    private final Path groupFile;
    private FileTime loadedVersion;
    private Passwd accounts;

    UserNames(Path passwdFile, Path groupFile) {
        this.passwdFile = passwdFile;
        this.groupFile = groupFile;
    }

    static UserNames system() {
        return new UserNames(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** Re-reads the database if the passwd file was modified since the last load (one stat() otherwise). */
    synchronized void refreshIfChanged() {
        FileTime version;
        try {
            version = Files.getLastModifiedTime(passwdFile);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read the local account database " + passwdFile + ": "
                    + e.getMessage(), e);
        }
        if (version.equals(loadedVersion)) {
            return;
        }
        accounts = Passwd.load(passwdFile, groupFile);
        loadedVersion = version;
    }

    /** The account name, or the uid as a number when no local account has it (like ps). */
    synchronized String nameOf(int uid) {
        return accounts == null ? Integer.toString(uid) : accounts.nameOf(uid).orElse(Integer.toString(uid));
    }
}
