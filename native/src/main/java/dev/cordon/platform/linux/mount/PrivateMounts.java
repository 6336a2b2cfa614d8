package dev.cordon.platform.linux.mount;

import dev.cordon.core.Exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a command in a private mount namespace after applying a list of {@link MountOp}s there, as root: {@code
 * cordon-mounts [--ipc] VERB PATH … -- COMMAND…}, the compiled interpreter ({@link MountsProgram}: one process, the
 * system calls themselves), or where it is not built {@code unshare --mount --propagation private -- /bin/sh -c SCRIPT
 * cordon-mounts VERB PATH … -- COMMAND…}. Both take the same operations and make the same checks. The command (the
 * runner, which drops to its sandbox account with {@code setpriv}) sees the mounts; nobody else does, and they vanish
 * with the namespace. Any operation that fails stops the start with exit code 90 and a message naming it.
 */
public final class PrivateMounts {
    /** The fresh tmpfs of {@link MountOp.Kind#STAGE_TMPFS}: small, only mount points live there. */
    public static final String STAGE_TMPFS_OPTIONS = "nosuid,nodev,noexec,size=4m,nr_inodes=4096,mode=0700";

    /**
     * The tmpfs of {@link MountOp.Kind#HIDE_DIR}, to which the hidden directory's {@code uid=,gid=,mode=} are added:
     * nothing is ever created in it (and it is made read-only with everything else).
     */
    public static final String HIDE_TMPFS_OPTIONS = "nosuid,nodev,noexec,size=4k,nr_inodes=16";

    /**
     * The mounts {@link MountOp.Kind#READ_ONLY_EVERYTHING} leaves as they are (with the mounts below them): the kernel's
     * views, and the per-runner POSIX shared memory and message queues. {@code /dev} and {@code /dev/pts} do become
     * read-only: device nodes are read and written through a read-only mount as usual, and new ptys still appear, but
     * nobody changes a pty's mode or owner, or creates a node there.
     */
    public static final List<String> WRITABLE_MOUNTS = List.of("/proc", "/sys", "/dev/shm", "/dev/mqueue");

    /**
     * The interpreter of the operations. Each verb re-checks the path's type just before mounting (a symlink planted
     * since the plan was made, at the path or on the way to it, is refused rather than followed: every path of a plan
     * is a real path, R29). Here the check and the mount each look the path up; the compiled program looks it up once
     * and mounts on the descriptor. {@code mount} is told to bind the path onto itself,
     * so a path that changed between check and mount can only make its own target read-only, in this namespace.
     * Operations with a second path ({@link MountOp.Kind#twoPaths()}) take it as {@code $3} and shift it away when they
     * worked. {@code mount -n}: nothing is written to the userspace mount table ({@code /run/mount/utab}: the host's,
     * or hidden by a private {@code /run} by then).
     */
    static final String SCRIPT = String.join("\n",
            // the path is its own real path: no symlink in any component (R29; checked, then used by name: the
            // compiled program holds a descriptor instead)
            "nolink() { [ \"$(realpath -e -- \"$1\" 2>/dev/null)\" = \"$1\" ]; }",
            "ro() { mount -n --bind -- \"$1\" \"$1\" && mount -n -o remount,bind,ro -- \"$1\" \"$1\"; }",
            // every mount point in mountinfo (octal escapes \NNN made \0NNN for printf %b) that is one here: those
            // under a mount that was covered since (a private /run) are out of reach and are skipped
            "roall() { m=$(cut -d' ' -f5 /proc/self/mountinfo | sed 's/\\\\\\([0-7][0-7][0-7]\\)/\\\\0\\1/g') || return 1",
            "  printf '%s\\n' \"$m\" | while IFS= read -r p; do p=$(printf '%b' \"$p\")",
            "    case \"$p\" in " + String.join("|", WRITABLE_MOUNTS.stream().map(w -> w + "|" + w + "/*").toList())
                    + ") continue ;; esac",
            // a mount that vanished meanwhile (another session's scratch, taken off and its directory removed while
            // this runner starts: the kernel detaches it here too) is out of reach by path: only one still there fails
            "    if mountpoint -q -- \"$p\"; then mount -n -o remount,bind,ro -- \"$p\" || ! mountpoint -q -- \"$p\" || exit 1; fi",
            "  done; }",
            // an empty tmpfs of the working directory's owner, group and mode over it (hide-dir, cover)
            "hide() { o=$(stat -c 'uid=%u,gid=%g,mode=%a' .) && mount -n --no-canonicalize -t tmpfs -o \""
                    + HIDE_TMPFS_OPTIONS + ",$o\" cordon-hidden . ; }",
            // R63: the bytes of a path given in hex (an octal escape each, for printf), then "/" kept from $( ) stripping
            "unhex() { h=$1; o=; while [ -n \"$h\" ]; do t=${h#??}; o=\"$o\\\\$(printf %03o \"0x${h%\"$t\"}\")\"; h=$t; done;"
                    + " printf \"$o/\"; }",
            "like() { chown --reference=\"$2\" -- \"$1\" && chmod --reference=\"$2\" -- \"$1\" || return 1",
            "  if command -v getfacl >/dev/null && [ -n \"$(getfacl -p --skip-base -- \"$2\" 2>/dev/null)\" ]; then",
            "    getfacl -p -- \"$2\" | setfacl --set-file=- -- \"$1\"",
            "  fi; }",
            "while [ \"$1\" != \"--\" ]; do",
            "  case \"$1\" in",
            "    " + MountOp.Kind.READ_ONLY_DIR.verb() + ") [ -d \"$2\" ] && nolink \"$2\" && ro \"$2\" ;;",
            "    " + MountOp.Kind.READ_ONLY_FILE.verb() + ") [ -f \"$2\" ] && nolink \"$2\" && ro \"$2\" ;;",
            // absent: nothing to hide; 32: not a mount point; any other failure of mountpoint (127: missing) stops
            "    " + MountOp.Kind.READ_ONLY_EVERYTHING.verb() + ") [ \"$2\" = / ] && roall ;;",
            "    " + MountOp.Kind.WRITABLE.verb() + ") { [ -d \"$2\" ] || [ -f \"$2\" ]; } && nolink \"$2\" && mount -n --rbind -- "
                    + "\"$2\" \"$2\" && mount -n -o remount,bind,rw -- \"$2\" ;;",
            "    " + MountOp.Kind.FRESH_MQUEUE.verb() + ") if [ ! -e \"$2\" ]; then true; elif mountpoint -q -- \"$2\"; "
                    + "then mount -n -t mqueue cordon-mqueue \"$2\"; else [ $? -eq 32 ]; fi ;;",
            "    " + MountOp.Kind.STAGE_TMPFS.verb() + ") [ -d \"$2\" ] && nolink \"$2\" && mount -n -t tmpfs -o "
                    + STAGE_TMPFS_OPTIONS + " cordon-private \"$2\" ;;",
            "    " + MountOp.Kind.LIKE.verb() + ") [ -d \"$2\" ] && nolink \"$2\" && nolink \"$3\" && like \"$2\" \"$3\" && shift ;;",
            "    " + MountOp.Kind.MKDIR.verb() + ") mkdir -- \"$2\" ;;",
            "    " + MountOp.Kind.TOUCH.verb() + ") [ ! -e \"$2\" ] && : > \"$2\" ;;",
            "    " + MountOp.Kind.BIND.verb() + ") nolink \"$2\" && nolink \"$3\" && mount -n --rbind -- \"$3\" \"$2\" && shift ;;",
            "    " + MountOp.Kind.MOVE.verb() + ") [ -d \"$2\" ] && nolink \"$2\" && mount -n --move -- \"$3\" \"$2\" && shift ;;",
            "    " + MountOp.Kind.COVER_SOCKET.verb() + ") ! [ -S \"$2\" ] || ! nolink \"$2\" || mount -n --bind -- /dev/null \"$2\" ;;",
            "    " + MountOp.Kind.COVER_SOCKET_HEX.verb() + ") p=$(unhex \"$2\") && p=${p%/} && { ! [ -S \"$p\" ] || ! nolink \"$p\""
                    + " || mount -n --bind -- /dev/null \"$p\"; } ;;",
            // in the directory itself (cd -P, checked to be the path planned): the mount is made on "." and cannot
            // follow a symlink planted meanwhile; not a directory (any more) there: nothing planned, nothing to hide
            "    " + MountOp.Kind.HIDE_DIR.verb() + ") ( cd -P -- \"$2\" 2>/dev/null && [ \"$(pwd -P)\" = \"$2\" ] || exit 0",
            "      hide ) ;;",
            // R60: the same over a directory, /dev/null over a regular file; but it must be there, of one of those types
            "    " + MountOp.Kind.COVER.verb() + ") if [ -d \"$2\" ] && nolink \"$2\"; then ( cd -P -- \"$2\" && [ \"$(pwd -P)\" = \"$2\" ] && hide );"
                    + " elif [ -f \"$2\" ] && nolink \"$2\"; then"
                    + " mount -n --bind -- /dev/null \"$2\"; else false; fi ;;",
            "    *) false ;;",
            "  esac || { echo \"cordon-mounts: cannot $1 $2 $3 (it changed since the session was planned, or mount failed)\" >&2; exit 90; }",
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
        return command(ops, newIpcNamespace, command, Interpreter.PREFERRED);
    }

    /**
     * The command line that applies {@code ops} in the mount namespace (and with {@code ipcNamespace} the IPC
     * namespace) of process {@code pid}, a runner started with {@link #command} and no operations that waits for its
     * hello: {@code cordon-mounts --enter PID CGROUP_PROCS [--ipc] VERB PATH …}. The program enters only a process
     * listed in {@code cgroupProcs} (its session's own cgroup) and never this host's own namespace; it exits 0 when
     * every operation worked, 90 otherwise. Empty where the compiled program is not available: the shell interpreter
     * has no such mode, so no runner is prepared ahead there.
     */
    public static Optional<List<String>> enterCommand(long pid, java.nio.file.Path cgroupProcs, List<MountOp> ops,
                                                      boolean ipcNamespace) {
        Optional<String> program = MountsProgram.path();
        if (program.isEmpty()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>(List.of(program.get(), "--enter", Long.toString(pid), cgroupProcs.toString()));
        if (ipcNamespace) {
            cmd.add("--ipc");
        }
        addOps(cmd, ops);
        return Optional.of(cmd);
    }

    /** Whether {@link #enterCommand} can be used here (the compiled program is available). */
    public static boolean canEnter() {
        return MountsProgram.path().isPresent();
    }

    private static void addOps(List<String> cmd, List<MountOp> ops) {
        for (MountOp op : ops) {
            cmd.add(op.kind().verb());
            cmd.add(op.argument());
            if (op.source() != null) {
                cmd.add(op.source().toString());
            }
        }
    }

    /** Which interpreter applies the operations. */
    enum Interpreter {
        /** The compiled program where it is available, else the shell script. */
        PREFERRED,
        /** The shell script ({@link #SCRIPT}) under {@code unshare}. */
        SCRIPT
    }

    static List<String> command(List<MountOp> ops, boolean newIpcNamespace, List<String> command, Interpreter interpreter) {
        return command(ops, newIpcNamespace, false, false, command, interpreter);
    }

    /**
     * As {@link #command(List, boolean, List)}, and with {@code newPidNamespace} the command in a pid namespace of its
     * own with that namespace's {@code /proc} ({@code cordon-mounts --pid}, R46): it and its children see only their
     * own processes, under an init that forwards SIGTERM/SIGINT/SIGHUP and exits with the command's status; the
     * command finds its host pid in {@code CORDON_RUNNER_HOST_PID}. Where the compiled program is missing (the shell
     * interpreter) no pid namespace is made: {@link #pidNamespaces()} says which.
     */
    public static List<String> command(List<MountOp> ops, boolean newIpcNamespace, boolean newPidNamespace,
                                       List<String> command) {
        return command(ops, newIpcNamespace, newPidNamespace, false, command, Interpreter.PREFERRED);
    }

    /**
     * As {@link #command(List, boolean, boolean, List)}, and with {@code newNetNamespace} the command in a network
     * namespace of its own with only its loopback, up (Y4: an offline runner's sockets, listening ports and abstract
     * names are then its own, not listed in or reachable from the host's namespace). The shell interpreter makes the
     * namespace too, with its loopback down.
     */
    public static List<String> command(List<MountOp> ops, boolean newIpcNamespace, boolean newPidNamespace,
                                       boolean newNetNamespace, List<String> command) {
        return command(ops, newIpcNamespace, newPidNamespace, newNetNamespace, command, Interpreter.PREFERRED);
    }

    /** Whether {@link #command(List, boolean, boolean, List)} makes the pid namespace it is asked for here. */
    public static boolean pidNamespaces() {
        return MountsProgram.path().isPresent();
    }

    static List<String> command(List<MountOp> ops, boolean newIpcNamespace, boolean newPidNamespace,
                                boolean newNetNamespace, List<String> command, Interpreter interpreter) {
        List<String> cmd = new ArrayList<>();
        Optional<String> program = interpreter == Interpreter.PREFERRED ? MountsProgram.path() : Optional.empty();
        if (program.isPresent()) {
            cmd.add(program.get());
            if (newPidNamespace) {
                cmd.add("--pid");
            }
            if (newNetNamespace) {
                cmd.add("--net");
            }
            if (newIpcNamespace) {
                cmd.add("--ipc");
            }
        } else {
            cmd.addAll(List.of(Exec.require("unshare", "util-linux").toString(), "--mount", "--propagation", "private"));
            if (newNetNamespace) {
                cmd.add("--net");
            }
            if (newIpcNamespace) {
                cmd.add("--ipc");
            }
            cmd.addAll(List.of("--", "/bin/sh", "-c", SCRIPT, "cordon-mounts"));
        }
        addOps(cmd, ops);
        cmd.add("--");
        cmd.addAll(command);
        return cmd;
    }
}
