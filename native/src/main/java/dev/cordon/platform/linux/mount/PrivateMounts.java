package dev.cordon.platform.linux.mount;

import dev.cordon.core.Exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a command in a private mount namespace after applying a list of {@link MountOp}s there, as root: {@code
 * unshare --mount --propagation private -- /bin/sh -c SCRIPT cordon-mounts VERB PATH … -- COMMAND…}. The command
 * (the runner, which drops to its sandbox account with {@code setpriv}) sees the mounts; nobody else does, and they
 * vanish with the namespace. Any operation that fails stops the start with exit code 90 and a message naming it.
 */
public final class PrivateMounts {
    /**
     * The interpreter of the operations. Each verb re-checks the path's type just before mounting (a symlink planted
     * since the plan was made is refused rather than followed). {@code mount} is told to bind the path onto itself,
     * so a path that changed between check and mount can only make its own target read-only, in this namespace.
     */
    static final String SCRIPT = String.join("\n",
            "ro() { mount --bind -- \"$1\" \"$1\" && mount -o remount,bind,ro -- \"$1\" \"$1\"; }",
            "while [ \"$1\" != \"--\" ]; do",
            "  case \"$1\" in",
            "    " + MountOp.Kind.READ_ONLY_DIR.verb() + ") [ -d \"$2\" ] && [ ! -L \"$2\" ] && ro \"$2\" ;;",
            "    " + MountOp.Kind.READ_ONLY_FILE.verb() + ") [ -f \"$2\" ] && [ ! -L \"$2\" ] && ro \"$2\" ;;",
            "    " + MountOp.Kind.FRESH_MQUEUE.verb() + ") ! mountpoint -q -- \"$2\" || mount -t mqueue cordon-mqueue \"$2\" ;;",
            "    *) false ;;",
            "  esac || { echo \"cordon-mounts: cannot $1 $2 (it changed since the session was planned, or mount failed)\" >&2; exit 90; }",
            "  shift 2",
            "done",
            "shift",
            "exec \"$@\"");

    private PrivateMounts() {
    }

    /** The command line that applies {@code ops} in a new private mount namespace and then execs {@code command}. */
    public static List<String> command(List<MountOp> ops, List<String> command) {
        return command(ops, false, command);
    }

    /** As {@link #command(List, List)}, and with {@code newIpcNamespace} in a new IPC namespace too. */
    public static List<String> command(List<MountOp> ops, boolean newIpcNamespace, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of(Exec.require("unshare", "util-linux").toString(), "--mount",
                "--propagation", "private"));
        if (newIpcNamespace) {
            cmd.add("--ipc");
        }
        cmd.addAll(List.of("--", "/bin/sh", "-c", SCRIPT, "cordon-mounts"));
        for (MountOp op : ops) {
            cmd.add(op.kind().verb());
            cmd.add(op.path().toString());
        }
        cmd.add("--");
        cmd.addAll(command);
        return cmd;
    }
}
