/*
 * cordon-mounts: builds a runner's private mount namespace in one process, then execs the runner's command.
 *
 *   cordon-mounts [--pid] [--net] [--ipc] VERB PATH [SOURCE] ... -- COMMAND [ARG ...]
 *   cordon-mounts --enter PID CGROUP_PROCS [--ipc] VERB PATH [SOURCE] ...
 *
 * --pid (review finding R46): COMMAND runs in a new pid namespace of its own, with a /proc of that namespace mounted
 * over the host's in its private mount namespace, so it and its children see only their own processes (no other
 * session's command line, environment or status). After the mount operations this process (the one the host
 * started, which stays in the host's pid namespace) forks the namespace's init, pid 1, which forks COMMAND's process,
 * pid 2: that one reads its host pid (readlink /proc/self, still the host's /proc) into CORDON_RUNNER_HOST_PID,
 * takes the host's /proc off, mounts the namespace's own, and execs COMMAND. The outer process forwards SIGTERM,
 * SIGINT and SIGHUP to the init, which forwards them to COMMAND, reaps every orphan of the namespace, and exits with
 * COMMAND's status (128+N for a signal N) once COMMAND ended, which ends every process left in the namespace; the
 * outer process exits with the init's status. The outer process gets SIGTERM when its parent (the host) dies; the
 * init gets SIGKILL when the outer process dies, so nothing of the namespace outlives either.
 *
 * --net (review finding Y4): a network namespace of its own, with only its loopback, brought up: what an offline
 * runner's commands bind, listen on or name (abstract Unix sockets, ports, /proc/net) stays in it, out of other
 * sessions' and local users' sight and reach. A runner entered later (--enter) was started with it already.
 *
 * --enter (a runner prepared before its session was asked for, SessionManager's spare): the same operations, applied
 * not in a new namespace but in the mount (and with --ipc the IPC) namespace of process PID, which must be the only
 * kind of process that lives there: a waiting runner that has not yet been sent its hello. PID is checked to be listed
 * in CGROUP_PROCS (the cgroup.procs of the runner's own leaf in its session cgroup, which it moved into before it said
 * it waits: only the session's own processes can be in that subtree) while a pidfd held on it shows the same
 * process still alive, so a pid reused since is never entered; entering is refused when the namespace is this
 * program's own (the host's). The operations are made by a child forked into PID's pid namespace too (a runner
 * started with --pid has that namespace's /proc, in which a process of the host's namespace has no /proc/self).
 * Nothing is executed afterwards: the exit status says whether every operation worked.
 *
 * The same operations, verbs, checks and exit status as the shell interpreter of PrivateMounts.java (which stays the
 * fallback where this program is not built), made with the system calls themselves instead of one mount(8),
 * mountpoint(1), chown(1), chmod(1), getfacl(1)/setfacl(1) or mkdir(1) per step (about 65 programs per runner start).
 * Run as root. First unshare(CLONE_NEWNS [| CLONE_NEWIPC]) and make every mount private (unshare(1)'s
 * --propagation private), then each operation in order; an operation that fails stops everything with exit status 90
 * and a line naming it on stderr. Nothing is written to the userspace mount table (mount -n).
 *
 * Read-only and read-write remounts change only the read-only attribute of that one mount (mount_setattr, as
 * mount(8) of util-linux 2.39 does for "remount,bind,ro"): nosuid, nodev, noexec and atime flags stay as they were.
 * Where mount_setattr is missing (kernels before 5.12) the classic remount is made with the mount's current flags
 * (statvfs), so none of them is dropped either.
 *
 * Paths are looked up once, with no symlink in any component (openat2 RESOLVE_NO_SYMLINKS; component by component with
 * O_NOFOLLOW before 5.6), and the operation is made on that descriptor (review finding R29): a kept path below a
 * directory its owner can rename (a member's directory in /tmp) may have become a symlink to someone else's since the
 * session was planned, and root binding, remounting or copying owner and mode through it would act on what the
 * symlink names. Binds and remounts clone the opened tree (open_tree), set its read-only attribute on the clone
 * (mount_setattr) and attach it onto the opened target (move_mount); before 5.12 the bind is made from and onto
 * /proc/self/fd/N, and only the remount goes by path. Every path of the plan is a real path, so a symlink on the way
 * is a change since the plan and stops the start like any other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

#define FAIL_STATUS 90

/* PrivateMounts.STAGE_TMPFS_OPTIONS: nosuid,nodev,noexec as flags, the rest as data */
#define STAGE_TMPFS_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)
#define STAGE_TMPFS_DATA "size=4m,nr_inodes=4096,mode=0700"
/* PrivateMounts.HIDE_TMPFS_OPTIONS: the flags above, and this data with the hidden directory's uid, gid and mode */
#define HIDE_TMPFS_DATA "size=4k,nr_inodes=16"

/* PrivateMounts.WRITABLE_MOUNTS: left as they are by ro-all, with the mounts below them */
static const char *const writable_mounts[] = {"/proc", "/sys", "/dev/shm", "/dev/mqueue"};

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#define CORDON_RESOLVE_NO_MAGICLINKS 0x02
#define CORDON_RESOLVE_NO_SYMLINKS 0x04
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef MOVE_MOUNT_T_EMPTY_PATH
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif

struct cordon_mount_attr {
    uint64_t attr_set, attr_clr, propagation, userns_fd;
};

struct cordon_open_how {
    uint64_t flags, mode, resolve;
};

/* ---- lookups without symlinks (R29) ---- */

/*
 * An O_PATH descriptor of the absolute path p, reached with no symlink in any component: -1 with ELOOP when one is on
 * the way or is p itself, ENOENT etc. as open(2) says. Before openat2 (5.6) each component is opened with O_NOFOLLOW
 * from its parent's descriptor.
 */
static int open_no_links(const char *p) {
    if (p[0] != '/') {
        errno = EINVAL;
        return -1;
    }
    struct cordon_open_how how = {O_PATH | O_NOFOLLOW | O_CLOEXEC, 0,
                                  CORDON_RESOLVE_NO_SYMLINKS | CORDON_RESOLVE_NO_MAGICLINKS};
    int fd = (int) syscall(SYS_openat2, AT_FDCWD, p, &how, sizeof how);
    if (fd < 0 && errno == ENOSYS) {
        char copy[PATH_MAX];
        if (snprintf(copy, sizeof copy, "%s", p) >= (int) sizeof copy) {
            errno = ENAMETOOLONG;
            return -1;
        }
        fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        char *save = NULL;
        for (char *name = strtok_r(copy, "/", &save); fd >= 0 && name != NULL; name = strtok_r(NULL, "/", &save)) {
            struct stat st;
            if (fstat(fd, &st) != 0 || S_ISLNK(st.st_mode)) {
                close(fd);
                errno = ELOOP;
                return -1;
            }
            int next = openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
            close(fd);
            fd = next;
        }
    }
    if (fd < 0) {
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || S_ISLNK(st.st_mode)) {
        close(fd);
        errno = ELOOP;
        return -1;
    }
    return fd;
}

/* open_no_links(p), kept only when it is of one of the two types (the second 0: one type): else -1 */
static int open_typed(const char *p, mode_t type, mode_t other) {
    int fd = open_no_links(p);
    if (fd < 0) {
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || ((st.st_mode & S_IFMT) != type && (other == 0 || (st.st_mode & S_IFMT) != other))) {
        int e = errno;
        close(fd);
        errno = e ? e : ENOTDIR;
        return -1;
    }
    return fd;
}

/* The path that names exactly the descriptor's inode and mount: /proc/self/fd/N */
static const char *fd_path(int fd, char buf[32]) {
    snprintf(buf, 32, "/proc/self/fd/%d", fd);
    return buf;
}

/* Closes fd, keeping errno; returns rc. */
static int closing(int fd, int rc) {
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* ---- path checks ---- */

/* [ -e p ]: stat (following links) */
static int exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0;
}

/* mountpoint -q p: 1 a mount point, 0 not one, -1 cannot tell (errno set; ENOENT when p is absent) */
static int mount_point(const char *p) {
    struct statx sx;
    if (statx(AT_FDCWD, p, 0, STATX_BASIC_STATS, &sx) != 0) {
        return -1;
    }
    if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) {
        return (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
    }
    /* older kernels: a mount root is on another device than its parent, or is its parent (/) */
    char parent[PATH_MAX + 4];
    if (snprintf(parent, sizeof parent, "%s/..", p) >= (int) sizeof parent) {
        errno = ENAMETOOLONG;
        return -1;
    }
    struct stat self, up;
    if (stat(p, &self) != 0 || stat(parent, &up) != 0) {
        return -1;
    }
    return self.st_dev != up.st_dev || self.st_ino == up.st_ino;
}

/* ---- mount steps ---- */

/* The read-only attribute of the mount at p set (rdonly) or cleared; its other attributes as they are. */
static int set_read_only(const char *p, int rdonly) {
    struct cordon_mount_attr attr = {0};
    if (rdonly) {
        attr.attr_set = MOUNT_ATTR_RDONLY;
    } else {
        attr.attr_clr = MOUNT_ATTR_RDONLY;
    }
    if (syscall(SYS_mount_setattr, AT_FDCWD, p, 0, &attr, sizeof attr) == 0) {
        return 0;
    }
    if (errno != ENOSYS) {
        return -1;
    }
    struct statvfs sv;
    if (statvfs(p, &sv) != 0) {
        return -1;
    }
    unsigned long keep = 0;
    if (sv.f_flag & ST_NOSUID) keep |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) keep |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) keep |= MS_NOEXEC;
    if (sv.f_flag & ST_NOATIME) keep |= MS_NOATIME;
    if (sv.f_flag & ST_NODIRATIME) keep |= MS_NODIRATIME;
    if (sv.f_flag & ST_RELATIME) keep |= MS_RELATIME;
    return mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | keep | (rdonly ? MS_RDONLY : 0), NULL);
}

/*
 * The tree at descriptor src (with the mounts below it when recursive) bound onto descriptor dst, its top mount made
 * read-only (rdonly 1), read-write (0) or left as it is (-1): a clone of src (open_tree), the attribute set on the
 * clone (mount_setattr), the clone attached at dst (move_mount). Kernels without them: mount(2) from and onto
 * /proc/self/fd/N, then the remount by the path p (dst's, as planned).
 */
static int bind_fd(int src, int dst, int recursive, int rdonly, const char *p) {
    int tree = (int) syscall(SYS_open_tree, src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH
            | (recursive ? AT_RECURSIVE : 0));
    if (tree >= 0) {
        struct cordon_mount_attr attr = {0};
        if (rdonly == 1) {
            attr.attr_set = MOUNT_ATTR_RDONLY;
        } else if (rdonly == 0) {
            attr.attr_clr = MOUNT_ATTR_RDONLY;
        }
        if (rdonly >= 0 && syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof attr) != 0) {
            if (errno != ENOSYS) {
                return closing(tree, -1);
            }
            close(tree); /* 5.2-5.11: open_tree without mount_setattr */
        } else {
            int rc = (int) syscall(SYS_move_mount, tree, "", dst, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
            return closing(tree, rc == 0 ? 0 : -1);
        }
    } else if (errno != ENOSYS) {
        return -1;
    }
    char from[32], onto[32];
    if (mount(fd_path(src, from), fd_path(dst, onto), NULL, MS_BIND | (recursive ? MS_REC : 0), NULL) != 0) {
        return -1;
    }
    return rdonly < 0 ? 0 : set_read_only(p, rdonly);
}

/* ro(): bound onto itself, then that mount read-only */
static int ro(int fd, const char *p) {
    return bind_fd(fd, fd, 0, 1, p);
}

/* Undoes mountinfo's octal escapes (\040 a space, \011 a tab, \012 a newline, \134 a backslash) in place. */
static void unescape(char *s) {
    char *out = s;
    for (char *in = s; *in; ) {
        if (in[0] == '\\' && in[1] >= '0' && in[1] <= '7' && in[2] >= '0' && in[2] <= '7' && in[3] >= '0' && in[3] <= '7') {
            *out++ = (char) (((in[1] - '0') << 6) | ((in[2] - '0') << 3) | (in[3] - '0'));
            in += 4;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
}

/*
 * --enter only: the paths the operation list makes writable again ("rw" operations). The waiting runner may hold a file
 * open for writing in its own TMPDIR (libffi's trampoline file, made while it loaded its libraries before its hello),
 * which makes a read-only remount of that mount fail (EBUSY); ro-all leaves such a mount as it is when a later "rw"
 * operation binds exactly that path writable anyway: the path ends up as a fresh writable bind either way.
 */
static char **rebound_writable = NULL;
static size_t rebound_count = 0;

static int rebound_later(const char *p) {
    for (size_t i = 0; i < rebound_count; i++) {
        if (strcmp(rebound_writable[i], p) == 0) {
            return 1;
        }
    }
    return 0;
}

static int is_writable_mount(const char *p) {
    for (size_t i = 0; i < sizeof writable_mounts / sizeof writable_mounts[0]; i++) {
        size_t n = strlen(writable_mounts[i]);
        if (strncmp(p, writable_mounts[i], n) == 0 && (p[n] == '\0' || p[n] == '/')) {
            return 1;
        }
    }
    return 0;
}

/*
 * roall(): every mount point of this namespace's mountinfo (read once, before any change) that is still one here is
 * remounted read-only, but those of writable_mounts. A mount that vanished meanwhile (another session's scratch,
 * taken off while this runner starts) is out of reach by path: only a failure on one still there fails.
 */
static int ro_all(void) {
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (f == NULL) {
        return -1;
    }
    char **points = NULL;
    size_t count = 0, cap = 0;
    char *line = NULL;
    size_t len = 0;
    int rc = 0;
    while (getline(&line, &len, f) >= 0) {
        /* fields: id parent major:minor root mount-point ... */
        char *save = NULL, *field = strtok_r(line, " \n", &save);
        for (int i = 1; i < 5 && field != NULL; i++) {
            field = strtok_r(NULL, " \n", &save);
        }
        if (field == NULL) {
            rc = -1;
            break;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(points, cap * sizeof *points);
            if (grown == NULL) {
                rc = -1;
                break;
            }
            points = grown;
        }
        if ((points[count] = strdup(field)) == NULL) {
            rc = -1;
            break;
        }
        unescape(points[count++]);
    }
    if (ferror(f)) {
        rc = -1;
    }
    free(line);
    fclose(f);
    for (size_t i = 0; rc == 0 && i < count; i++) {
        const char *p = points[i];
        if (is_writable_mount(p)) {
            continue;
        }
        if (mount_point(p) == 1 && set_read_only(p, 1) != 0) {
            int e = errno;
            if (mount_point(p) == 1 && !(e == EBUSY && rebound_later(p))) {
                fprintf(stderr, "cordon-mounts: cannot make %s read-only: %s\n", p, strerror(e));
                rc = -1;
            }
        }
    }
    for (size_t i = 0; i < count; i++) {
        free(points[i]);
    }
    free(points);
    return rc;
}

/* One ACL (system.posix_acl_access or _default) of ref copied onto p (both /proc/self/fd/N), when ref has one. */
static int copy_acl(const char *p, const char *ref, const char *name) {
    char buf[65536];
    ssize_t n = getxattr(ref, name, buf, sizeof buf);
    if (n < 0) {
        return errno == ENODATA || errno == ENOTSUP ? 0 : -1;
    }
    return setxattr(p, name, buf, (size_t) n, 0);
}

/* like(): owner, group, mode (special bits included) and ACLs of the inode ref names, read through one descriptor */
static int like(int fd, const char *ref) {
    int rfd = open_no_links(ref);
    if (rfd < 0) {
        return -1;
    }
    char self[32], other[32];
    struct stat st;
    int rc = fstat(rfd, &st) == 0 && fchownat(fd, "", st.st_uid, st.st_gid, AT_EMPTY_PATH) == 0
            && chmod(fd_path(fd, self), st.st_mode & 07777) == 0
            && copy_acl(self, fd_path(rfd, other), "system.posix_acl_access") == 0
            && copy_acl(self, other, "system.posix_acl_default") == 0 ? 0 : -1;
    return closing(rfd, rc);
}

/* mqueue: a fresh instance over the host's, when the host mounts one there; nothing when absent or not a mount */
static int fresh_mqueue(const char *p) {
    int m = mount_point(p);
    if (m < 0) {
        return errno == ENOENT ? 0 : -1;
    }
    return m == 0 ? 0 : mount("cordon-mqueue", p, "mqueue", 0, NULL);
}

static int touch(const char *p) {
    if (exists(p)) {
        return -1;
    }
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    return fd < 0 ? -1 : close(fd);
}

static int two_paths(const char *verb) {
    return strcmp(verb, "like") == 0 || strcmp(verb, "bind") == 0 || strcmp(verb, "move") == 0;
}

/* The operations on one opened path; fd is closed by the caller. */
static int apply_fd(const char *verb, int fd, const char *p, const char *src) {
    char at[32];
    if (strcmp(verb, "ro-dir") == 0 || strcmp(verb, "ro-file") == 0) {
        return ro(fd, p);
    }
    if (strcmp(verb, "rw") == 0) {
        return bind_fd(fd, fd, 1, 0, p);
    }
    if (strcmp(verb, "stage-tmpfs") == 0) {
        return mount("cordon-private", fd_path(fd, at), "tmpfs", STAGE_TMPFS_FLAGS, STAGE_TMPFS_DATA);
    }
    if (strcmp(verb, "like") == 0) {
        return like(fd, src);
    }
    if (strcmp(verb, "bind") == 0) {
        int sfd = open_no_links(src);
        return sfd < 0 ? -1 : closing(sfd, bind_fd(sfd, fd, 1, -1, p));
    }
    if (strcmp(verb, "move") == 0) {
        return mount(src, fd_path(fd, at), NULL, MS_MOVE, NULL);
    }
    if (strcmp(verb, "cover-socket") == 0) {
        return mount("/dev/null", fd_path(fd, at), NULL, MS_BIND, NULL);
    }
    if (strcmp(verb, "cover") == 0) {
        /* R60: a regular file gets /dev/null, a directory what hide-dir mounts (open_typed let only those two through) */
        struct stat st;
        if (fstat(fd, &st) != 0) {
            return -1;
        }
        if (S_ISREG(st.st_mode)) {
            return mount("/dev/null", fd_path(fd, at), NULL, MS_BIND, NULL);
        }
    }
    if (strcmp(verb, "hide-dir") == 0 || strcmp(verb, "cover") == 0) {
        /* an empty tmpfs of the directory's owner, group and mode, on the directory this descriptor holds */
        struct stat st;
        char data[128];
        if (fstat(fd, &st) != 0) {
            return -1;
        }
        snprintf(data, sizeof data, "%s,uid=%u,gid=%u,mode=%o", HIDE_TMPFS_DATA, (unsigned) st.st_uid,
                (unsigned) st.st_gid, (unsigned) (st.st_mode & 07777));
        return mount("cordon-hidden", fd_path(fd, at), "tmpfs", STAGE_TMPFS_FLAGS, data);
    }
    errno = EINVAL;
    return -1;
}

/*
 * R63: a path given as its bytes in lower-case hex (a path that is not valid UTF-8, which the Java side cannot pass as
 * an argument): decoded into out; -1 with EINVAL when it is no absolute path's hex (odd length, not hex, a NUL byte).
 */
static int unhex(const char *hex, char out[PATH_MAX]) {
    size_t n = strlen(hex);
    if (n % 2 != 0 || n / 2 >= PATH_MAX) {
        errno = n % 2 != 0 ? EINVAL : ENAMETOOLONG;
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++) {
            char c = hex[2 * i + (size_t) k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                errno = EINVAL;
                return -1;
            }
            v = v * 16 + (unsigned) d;
        }
        if (v == 0) {
            errno = EINVAL;
            return -1;
        }
        out[i] = (char) v;
    }
    out[n / 2] = '\0';
    if (out[0] != '/') {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

/* One operation; 0 when it worked. */
static int apply(const char *verb, const char *p, const char *src) {
    int fd;
    if (strcmp(verb, "cover-socket-hex") == 0) {
        /* the same operation, on the path these bytes are: the same checks (a socket, reached without symlinks) */
        char path[PATH_MAX];
        return unhex(p, path) != 0 ? -1 : apply("cover-socket", path, src);
    }
    if (strcmp(verb, "ro-all") == 0) {
        return strcmp(p, "/") == 0 ? ro_all() : -1;
    }
    if (strcmp(verb, "mqueue") == 0) {
        return fresh_mqueue(p);
    }
    if (strcmp(verb, "mkdir") == 0) {
        return mkdir(p, 0777);
    }
    if (strcmp(verb, "touch") == 0) {
        return touch(p);
    }
    if (strcmp(verb, "ro-dir") == 0 || strcmp(verb, "stage-tmpfs") == 0 || strcmp(verb, "like") == 0
            || strcmp(verb, "move") == 0) {
        fd = open_typed(p, S_IFDIR, 0);
    } else if (strcmp(verb, "ro-file") == 0) {
        fd = open_typed(p, S_IFREG, 0);
    } else if (strcmp(verb, "rw") == 0) {
        fd = open_typed(p, S_IFDIR, S_IFREG);
    } else if (strcmp(verb, "bind") == 0) {
        fd = open_no_links(p);
    } else if (strcmp(verb, "cover-socket") == 0) {
        /* not a socket (any more), or reached through a symlink: not the socket planned, nothing to cover */
        fd = open_typed(p, S_IFSOCK, 0);
        if (fd < 0) {
            return 0;
        }
    } else if (strcmp(verb, "cover") == 0) {
        /* R60: another path to a place the session may not read: it must be there, a directory or a regular file */
        fd = open_typed(p, S_IFDIR, S_IFREG);
    } else if (strcmp(verb, "hide-dir") == 0) {
        /* not a directory (any more), or reached through a symlink: whoever moved it moved its sockets, nothing to hide */
        fd = open_typed(p, S_IFDIR, 0);
        if (fd < 0) {
            return 0;
        }
    } else {
        errno = EINVAL;
        return -1;
    }
    return fd < 0 ? -1 : closing(fd, apply_fd(verb, fd, p, src));
}

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

/* Whether the decimal pid is a line of the cgroup.procs file at path. */
static int listed_in(const char *path, long pid) {
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        return 0;
    }
    long seen;
    int found = 0;
    while (!found && fscanf(f, "%ld", &seen) == 1) {
        found = seen == pid;
    }
    fclose(f);
    return found;
}

static int same_ns(const char *self_link, const struct stat *before) {
    struct stat now;
    return stat(self_link, &now) == 0 && now.st_dev == before->st_dev && now.st_ino == before->st_ino;
}

/*
 * --enter PID CGROUP_PROCS: this process joins PID's mount namespace (and IPC namespace with ipc), after checking
 * that PID is the process CGROUP_PROCS lists (a pidfd opened first, still alive after the listing was read: the
 * listing was this process's) and before checking that the namespace joined is not the one this program started in.
 */
static int enter(const char *pid_text, const char *procs, int ipc) {
    char *end = NULL;
    errno = 0;
    long pid = strtol(pid_text, &end, 10);
    if (errno != 0 || end == pid_text || *end != '\0' || pid <= 1) {
        fprintf(stderr, "cordon-mounts: --enter needs a process id, not %s\n", pid_text);
        return -1;
    }
    int pidfd = (int) syscall(SYS_pidfd_open, (pid_t) pid, 0);
    if (pidfd < 0) {
        fprintf(stderr, "cordon-mounts: cannot open process %ld: %s\n", pid, strerror(errno));
        return -1;
    }
    if (!listed_in(procs, pid)) {
        fprintf(stderr, "cordon-mounts: process %ld is not in %s\n", pid, procs);
        return -1;
    }
    if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) != 0) {
        fprintf(stderr, "cordon-mounts: process %ld ended: %s\n", pid, strerror(errno));
        return -1;
    }
    struct stat own_mnt, own_ipc;
    if (stat("/proc/self/ns/mnt", &own_mnt) != 0 || stat("/proc/self/ns/ipc", &own_ipc) != 0) {
        fprintf(stderr, "cordon-mounts: cannot read this process's namespaces: %s\n", strerror(errno));
        return -1;
    }
    if (setns(pidfd, CLONE_NEWNS | CLONE_NEWPID | (ipc ? CLONE_NEWIPC : 0)) != 0) {
        fprintf(stderr, "cordon-mounts: cannot enter the namespaces of process %ld: %s\n", pid, strerror(errno));
        return -1;
    }
    close(pidfd);
    /* the operations are made by a child born in PID's pid namespace, which has a /proc/self in PID's /proc */
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "cordon-mounts: cannot fork into the pid namespace of process %ld: %s\n", pid, strerror(errno));
        return -1;
    }
    if (child > 0) {
        int status;
        while (waitpid(child, &status, 0) < 0) {
            if (errno != EINTR) {
                fprintf(stderr, "cordon-mounts: lost the child entering process %ld: %s\n", pid, strerror(errno));
                _exit(FAIL_STATUS);
            }
        }
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) : FAIL_STATUS);
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (same_ns("/proc/self/ns/mnt", &own_mnt) || (ipc && same_ns("/proc/self/ns/ipc", &own_ipc))) {
        fprintf(stderr, "cordon-mounts: process %ld shares this host's namespaces: refused\n", pid);
        return -1;
    }
    return chdir("/");
}

/* ---- --pid: the command in a pid namespace of its own (R46) ---- */

static volatile pid_t forward_to = 0;

static void forward(int sig) {
    if (forward_to > 0) {
        kill(forward_to, sig);
    }
}

static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP};

/* SIGTERM, SIGINT and SIGHUP sent on to forward_to (handle 1) or back to their default actions (0) */
static void forwarding(int handle) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handle ? forward : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
        sigaction(forwarded[i], &sa, NULL);
    }
}

static void block_forwarded(int how, sigset_t *old) {
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
        sigaddset(&set, forwarded[i]);
    }
    sigprocmask(how, &set, old);
}

/* A wait status as an exit status: the code, or 128+N for a signal N (as a shell and the JDK report it). */
static int exit_status(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : FAIL_STATUS;
}

/* Waits for child, forwarding signals to it; reaps any other child on the way (reap_others). Its exit status. */
static int wait_forwarding(pid_t child, int reap_others) {
    for (;;) {
        int status;
        pid_t done = waitpid(reap_others ? -1 : child, &status, 0);
        if (done == child) {
            return exit_status(status);
        }
        if (done < 0 && errno != EINTR) {
            fprintf(stderr, "cordon-mounts: lost process %ld: %s\n", (long) child, strerror(errno));
            return FAIL_STATUS;
        }
    }
}

/* pid 2 of the namespace: its host pid noted, the namespace's own /proc mounted, then the command. */
static void command_main(char **command) {
    char self[32];
    ssize_t n = readlink("/proc/self", self, sizeof self - 1); /* still the host's /proc: the host's pid */
    if (n <= 0) {
        fprintf(stderr, "cordon-mounts: cannot read this process's host pid: %s\n", strerror(errno));
        _exit(FAIL_STATUS);
    }
    self[n] = '\0';
    if (setenv("CORDON_RUNNER_HOST_PID", self, 1) != 0) {
        _exit(FAIL_STATUS);
    }
    if (umount2("/proc", MNT_DETACH) != 0) {
        fprintf(stderr, "cordon-mounts: cannot take the host's /proc off: %s\n", strerror(errno));
        _exit(FAIL_STATUS);
    }
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        fprintf(stderr, "cordon-mounts: cannot mount the pid namespace's /proc: %s\n", strerror(errno));
        _exit(FAIL_STATUS);
    }
    execvp(command[0], command);
    fprintf(stderr, "cordon-mounts: cannot run %s: %s\n", command[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
}

/* pid 1 of the namespace: forks the command, forwards signals to it, reaps orphans, exits with its status. */
static void init_main(int outer_alive, char **command) {
    /* the outer process's end of the pipe closes when it dies: SIGKILL then (and if it died already, now) */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct pollfd alive = {outer_alive, POLLIN, 0};
    if (poll(&alive, 1, 0) != 0) {
        _exit(FAIL_STATUS);
    }
    pid_t cmd = fork();
    if (cmd < 0) {
        fprintf(stderr, "cordon-mounts: cannot fork the command: %s\n", strerror(errno));
        _exit(FAIL_STATUS);
    }
    if (cmd == 0) {
        close(outer_alive);
        forwarding(0);
        block_forwarded(SIG_UNBLOCK, NULL);
        command_main(command);
    }
    forward_to = cmd;
    forwarding(1);
    block_forwarded(SIG_UNBLOCK, NULL);
    _exit(wait_forwarding(cmd, 1));
}

/*
 * --pid: this process (the host's child) forks the new pid namespace's init and waits for it, forwarding signals;
 * returns its exit status. SIGTERM when the host dies, as the runner had it from setpriv before.
 */
static int run_in_pid_namespace(char **command) {
    pid_t host = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != host) {
        return FAIL_STATUS;
    }
    int alive[2];
    if (pipe2(alive, O_CLOEXEC) != 0 || unshare(CLONE_NEWPID) != 0) {
        fprintf(stderr, "cordon-mounts: cannot make a pid namespace: %s\n", strerror(errno));
        return FAIL_STATUS;
    }
    block_forwarded(SIG_BLOCK, NULL);
    pid_t init = fork();
    if (init < 0) {
        fprintf(stderr, "cordon-mounts: cannot fork the pid namespace's init: %s\n", strerror(errno));
        return FAIL_STATUS;
    }
    if (init == 0) {
        close(alive[1]);
        init_main(alive[0], command);
    }
    close(alive[0]);
    forward_to = init;
    forwarding(1);
    block_forwarded(SIG_UNBLOCK, NULL);
    return wait_forwarding(init, 0);
}

/* --net: the new network namespace's loopback up (it starts down), so that commands can still talk to themselves. */
static int loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        return -1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    int r = ioctl(s, SIOCGIFFLAGS, &ifr);
    if (r == 0) {
        ifr.ifr_flags |= IFF_UP;
        r = ioctl(s, SIOCSIFFLAGS, &ifr);
    }
    int e = errno;
    close(s);
    errno = e;
    return r;
}

int main(int argc, char **argv) {
    int i = 1;
    int entering = 0;
    if (i < argc && strcmp(argv[i], "--enter") == 0) {
        if (i + 2 >= argc) {
            fprintf(stderr, "cordon-mounts: --enter PID CGROUP_PROCS\n");
            return FAIL_STATUS;
        }
        entering = 1;
        i += 3;
    }
    int pid_namespace = 0;
    if (!entering && i < argc && strcmp(argv[i], "--pid") == 0) {
        pid_namespace = 1;
        i++;
    }
    int flags = CLONE_NEWNS;
    if (!entering && i < argc && strcmp(argv[i], "--net") == 0) {
        flags |= CLONE_NEWNET;
        i++;
    }
    if (i < argc && strcmp(argv[i], "--ipc") == 0) {
        flags |= CLONE_NEWIPC;
        i++;
    }
    if (entering) {
        if (enter(argv[2], argv[3], (flags & CLONE_NEWIPC) != 0) != 0) {
            return FAIL_STATUS;
        }
        rebound_writable = calloc((size_t) argc, sizeof *rebound_writable);
        if (rebound_writable == NULL) {
            return FAIL_STATUS;
        }
        for (int j = i; j + 1 < argc && strcmp(argv[j], "--") != 0; j += two_paths(argv[j]) ? 3 : 2) {
            if (strcmp(argv[j], "rw") == 0) {
                rebound_writable[rebound_count++] = argv[j + 1];
            }
        }
    } else if (unshare(flags) != 0) {
        fprintf(stderr, "cordon-mounts: unshare failed: %s\n", strerror(errno));
        return FAIL_STATUS;
    } else if ((flags & CLONE_NEWNET) != 0 && loopback_up() != 0) {
        fprintf(stderr, "cordon-mounts: cannot bring up the new network namespace's loopback: %s\n", strerror(errno));
        return FAIL_STATUS;
    }
    if (!entering && mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        fprintf(stderr, "cordon-mounts: cannot make the mounts private: %s\n", strerror(errno));
        return FAIL_STATUS;
    }
    while (i < argc && strcmp(argv[i], "--") != 0) {
        const char *verb = argv[i];
        const char *p = i + 1 < argc ? argv[i + 1] : NULL;
        const char *src = two_paths(verb) && i + 2 < argc ? argv[i + 2] : NULL;
        errno = 0;
        if (p == NULL || (two_paths(verb) && src == NULL) || apply(verb, p, src) != 0) {
            int e = errno;
            fprintf(stderr, "cordon-mounts: cannot %s %s %s (it changed since the session was planned, or mount failed%s%s)\n",
                    verb, p ? p : "", src ? src : "", e ? ": " : "", e ? strerror(e) : "");
            if (strcmp(verb, "cover") == 0) {
                fprintf(stderr, "cordon-mounts: %s is another path to a place the session may not read, shown there by"
                        " a mount; it could not be covered, so no runner is started: take that mount off (findmnt -T"
                        " %s names it; umount it)\n", p ? p : "", p ? p : "");
            }
            return FAIL_STATUS;
        }
        i += two_paths(verb) ? 3 : 2;
    }
    if (entering) {
        return i + 1 < argc ? FAIL_STATUS : 0; /* nothing is run in the namespace entered */
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "cordon-mounts: no command after --\n");
        return FAIL_STATUS;
    }
    if (pid_namespace) {
        return run_in_pid_namespace(argv + i + 1);
    }
    execvp(argv[i + 1], argv + i + 1);
    fprintf(stderr, "cordon-mounts: cannot run %s: %s\n", argv[i + 1], strerror(errno));
    return errno == ENOENT ? 127 : 126;
}
