package dev.cordon.platform;

import java.nio.file.Path;

/**
 * A mount of this host whose content Cordon cannot judge from the mount table (R70), so a hidden place (another
 * member's home, a workspace lent to another session) shown through it is not hidden there: a FUSE mount that users
 * other than its mounter may read ({@code allow_other}) whose source is not the path of what it shows (its mounter
 * chose it: {@code -o fsname=…}, {@code sshfs localhost:…}, or the directory was moved since), a network mount
 * (NFS, CIFS) served by this host, or an overlay whose layers the table names by what may not be the directories the
 * kernel resolved when mounting (a symlink, a name moved since, a descriptor's). The doctor lists them ({@code
 * sandbox.mounts}); nothing is known to be exposed.
 *
 * @param why what makes it opaque, one clause naming the input (for the doctor's evidence)
 */
public record OpaqueMount(Path mountPoint, String fstype, String source, Kind kind, String why) {
    public enum Kind {
        /** {@code fuse} / {@code fuse.*} with {@code allow_other}. */
        FUSE_SHARED,
        /** {@code nfs}, {@code nfs4}, {@code cifs}, {@code smb3} whose server is this host. */
        NETWORK_FROM_THIS_HOST,
        /**
         * {@code overlay} a layer of which the table names through a symlink, by a name not there now, a {@code /proc/}
         * name or {@code /} (a layer given by descriptor): not necessarily the directory the kernel uses.
         */
        OVERLAY_LAYERS_UNKNOWN
    }
}
