package dev.cordon.doctor;

import dev.cordon.platform.OpaqueMount;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The doctor's row for the mounts whose content Cordon cannot judge (R70, {@link OpaqueMount}): a hidden place shown
 * through one is not hidden there (docs/architecture.md, "Not covered"). Such a mount is not known to expose anything,
 * so it is no failure; it is listed as {@link Doctor#NOT_COVERED} (a SKIP, never a pass) with each mount's point, type
 * and source and what an administrator can do, and the row passes when there is none.
 */
public final class MountsCheck {
    public static final String ID = "sandbox.mounts";
    public static final String TITLE = "No mount whose content Cordon cannot judge (FUSE shared with others, NFS/CIFS of this host,"
            + " an overlay whose layers the table does not name as mounted)";

    private MountsCheck() {
    }

    /** The row for what the mount table shows now. */
    public static Check check(List<OpaqueMount> opaque) {
        if (opaque.isEmpty()) {
            return Check.pass(ID, TITLE, "none: no FUSE mount others may read (allow_other) names a source other than"
                    + " the directories it shows, no NFS/CIFS mount is served by this host, and no overlay names a"
                    + " layer through a symlink, by a name not there now, through /proc or as /");
        }
        String listed = opaque.stream().map(m -> m.mountPoint() + " (" + m.fstype() + ", source " + m.source() + ": "
                + m.why() + ")").collect(Collectors.joining("; "));
        String umounts = opaque.stream().map(m -> "`umount " + m.mountPoint() + "`").distinct()
                .collect(Collectors.joining(", "));
        boolean fuse = opaque.stream().anyMatch(m -> m.kind() == OpaqueMount.Kind.FUSE_SHARED);
        boolean network = opaque.stream().anyMatch(m -> m.kind() == OpaqueMount.Kind.NETWORK_FROM_THIS_HOST);
        boolean overlay = opaque.stream().anyMatch(m -> m.kind() == OpaqueMount.Kind.OVERLAY_LAYERS_UNKNOWN);
        return Check.skip(ID, TITLE, Doctor.NOT_COVERED + ": " + opaque.size() + " mount(s) whose content Cordon cannot"
                        + " judge, so another member's home or a workspace lent to another session shown through one is"
                        + " not hidden from sessions there: " + listed,
                "Unmount each one nothing needs (" + umounts + ")"
                        + (fuse ? "; mount a FUSE file system again without allow_other (then only its mounter reads it),"
                        + " or with the real path of the directory it shows as its source (bindfs does so itself; no"
                        + " `-o fsname=`), which Cordon follows" : "")
                        + (network ? "; show a directory of this host elsewhere with a bind mount (`mount --bind`), which"
                        + " Cordon follows, not by NFS or CIFS from this host" : "")
                        + (overlay ? "; mount an overlay again with each layer named by the real path of its directory"
                        + " (no symlink, no /proc/self/fd, no descriptor), which Cordon follows" : "")
                        + ". Until then, treat what such a mount shows as readable from every session.");
    }
}
