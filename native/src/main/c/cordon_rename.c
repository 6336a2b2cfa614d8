/*
 * cordon-rename: renames many entries as a sandbox account, in one process (V2: one setpriv + mv per planted
 * repository made a session's stop take 365 s for 60,000 planted directories).
 * Usage, as root: cordon-rename UID GID GROUP < PAIRS
 *
 * Before it reads anything it becomes the account, as setpriv --reuid UID --regid GID --groups=GROUP would: RLIMIT_CORE
 * 0 soft and hard (R44: nothing of the account can raise it and signal this process into dumping core), not dumpable,
 * no new privileges, the supplementary groups {GROUP} alone, then the real, effective and saved gid and uid; it checks
 * that root cannot be regained. It follows paths only with the account's rights, so it undoes only what the account
 * could do.
 *
 * PAIRS on stdin: ENTRY NUL TARGET NUL, repeated. For each pair, renameat2(ENTRY, TARGET, RENAME_NOREPLACE): never
 * replaces anything. One line per pair on stdout, in order: "ok", or "error " and the system's message. Exit status 0
 * when every pair was read and answered (each may have failed), 2 for bad usage or input, 3 when the account could not
 * be taken on (nothing was renamed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

static int number(const char *text, unsigned long *out) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno != 0 || *text == '\0' || *end != '\0' || v >= 0xFFFFFFFFul) {
        return -1;
    }
    *out = v;
    return 0;
}

static int become(uid_t uid, gid_t gid, gid_t group) {
    const struct rlimit no_core = {0, 0};
    if (uid == 0 || gid == 0) {
        fprintf(stderr, "cordon-rename: refusing to stay root (uid %u, gid %u)\n", (unsigned) uid, (unsigned) gid);
        return -1;
    }
    if (setrlimit(RLIMIT_CORE, &no_core) < 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0
        || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || setgroups(1, &group) < 0 || setresgid(gid, gid, gid) < 0
        || setresuid(uid, uid, uid) < 0) {
        fprintf(stderr, "cordon-rename: cannot become uid %u gid %u: %s\n", (unsigned) uid, (unsigned) gid,
                strerror(errno));
        return -1;
    }
    if (setresuid(0, 0, 0) == 0 || setresgid(0, 0, 0) == 0 || geteuid() != uid || getegid() != gid) {
        fprintf(stderr, "cordon-rename: could not drop root\n");
        return -1;
    }
    return 0;
}

/* One NUL-terminated path from stdin into buf (at most PATH_MAX bytes with its NUL): 1 read, 0 at the end, -1 bad. */
static int path(char *buf) {
    size_t n = 0;
    for (;;) {
        int c = getchar();
        if (c == EOF) {
            return n == 0 && !ferror(stdin) ? 0 : -1;
        }
        if (n == PATH_MAX) {
            return -1;
        }
        buf[n++] = (char) c;
        if (c == '\0') {
            return n > 1 ? 1 : -1;
        }
    }
}

int main(int argc, char **argv) {
    unsigned long uid, gid, group;
    if (argc != 4 || number(argv[1], &uid) < 0 || number(argv[2], &gid) < 0 || number(argv[3], &group) < 0) {
        fprintf(stderr, "usage: cordon-rename UID GID GROUP < ENTRY\\0TARGET\\0...\n");
        return 2;
    }
    if (become((uid_t) uid, (gid_t) gid, (gid_t) group) < 0) {
        return 3;
    }
    static char entry[PATH_MAX], target[PATH_MAX];
    for (;;) {
        int got = path(entry);
        if (got == 0) {
            break;
        }
        if (got < 0 || path(target) != 1) {
            fprintf(stderr, "cordon-rename: malformed input (paths end with NUL, at most %d bytes, in pairs)\n", PATH_MAX);
            return 2;
        }
        if (syscall(SYS_renameat2, AT_FDCWD, entry, AT_FDCWD, target, RENAME_NOREPLACE) == 0) {
            puts("ok");
        } else {
            printf("error %s\n", strerror(errno));
        }
    }
    return fflush(stdout) == 0 ? 0 : 2;
}
