package dev.cordon.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An instance's state directory as read (not following a link): secure when it is a directory owned by root with
 * mode {@link Instance#STATE_DIR_MODE}. The one check setup's preflight and the doctor make.
 *
 * @param exists    something is at the path
 * @param owner     its owner's name; null when nothing is there
 * @param mode      its permissions as {@code rwx--x--x}; null when nothing is there
 */
public record StateDirectory(Path path, boolean exists, boolean directory, String owner, String mode) {
    public static StateDirectory read(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new StateDirectory(dir, true, a.isDirectory(), a.owner().getName(),
                    PosixFilePermissions.toString(a.permissions()));
        } catch (IOException e) {
            return new StateDirectory(dir, false, false, null, null);
        }
    }

    public boolean secure() {
        return directory && "root".equals(owner) && Instance.STATE_DIR_MODE.equals(mode);
    }
}
