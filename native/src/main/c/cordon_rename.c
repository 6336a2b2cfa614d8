/*
 * cordon-rename: renames many entries as a sandbox account, in one process (V2: one setpriv + mv per planted
 * repository made a session's stop take 365 s for 60,000 planted directories).
 * Usage, as root: cordon-rename UID GID GROUP < PAIRS
 *
 * Before it reads anything it becomes the account, as setpriv --reuid UID --regid GID --groups=GROUP would: RLIMIT_CORE
 * 0 soft and hard (R44: nothing of the account can raise it and signal this process into dumping core), not dumpable,
 * no new privileges, the supplementary groups {GROUP} alone, then the real, effective and saved gid and uid; it checks
 * that root cannot be regained. It acts only with the account's rights, so it undoes only what the account could do.
 *
 * PAIRS on stdin: ENTRY NUL NAME NUL, repeated: ENTRY an absolute path (raw bytes, any length), NAME the new name of
 * its last component, in the same directory. For each pair it opens the directories of ENTRY one component at a time
 * from "/", never following a symlink (O_PATH|O_NOFOLLOW|O_DIRECTORY: a path longer than PATH_MAX works too), then
 * renameat2(dir, LAST, dir, NAME, RENAME_NOREPLACE): never replaces anything. One line per pair on stdout, in order:
 * "ok", or "error " and the system's message. A pair it cannot take (too long, a NAME with a slash, "." or "..", not
 * absolute) gets its error line too: it never stops before the end of its input (W1: one overlong pair stopped it and
 * left every later entry in place). Exit status 0 when every pair was answered, 2 for bad usage or an input that ends
 * in the middle of a pair, 3 when the account could not be taken on (nothing was renamed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
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

/* The longest ENTRY or NAME taken: a walk's path is at most its depth limit times 255 bytes; beyond, an error line. */
#define MAX_FIELD (1 << 20)

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

/*
 * One NUL-terminated field from stdin into *buf (grown as needed): its length, -1 at the end of the input before any
 * byte, -2 when the input ends inside it, -3 when it is longer than MAX_FIELD (read to its NUL all the same).
 */
static long field(char **buf, size_t *cap) {
    size_t n = 0;
    int too_long = 0;
    for (;;) {
        int c = getchar();
        if (c == EOF) {
            return n == 0 && !too_long && !ferror(stdin) ? -1 : -2;
        }
        if (c == '\0') {
            if (too_long) {
                return -3;
            }
            (*buf)[n] = '\0';
            return (long) n;
        }
        if (too_long) {
            continue;
        }
        if (n + 1 >= *cap) {
            if (*cap >= MAX_FIELD) {
                too_long = 1;
                continue;
            }
            size_t bigger = *cap * 2;
            char *grown = realloc(*buf, bigger);
            if (grown == NULL) {
                too_long = 1;
                continue;
            }
            *buf = grown;
            *cap = bigger;
        }
        (*buf)[n++] = (char) c;
    }
}

/* Renames ENTRY's last component to NAME beside it, no symlink followed on the way; 0, or an errno. */
static int rename_one(char *entry, const char *name) {
    if (entry[0] != '/' || strchr(name, '/') != NULL || name[0] == '\0' || strcmp(name, ".") == 0
        || strcmp(name, "..") == 0) {
        return EINVAL;
    }
    char *last = strrchr(entry, '/') + 1;
    if (*last == '\0' || strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
        return EINVAL;
    }
    int dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        return errno;
    }
    char *at = entry + 1;
    while (at < last) {
        char *slash = strchr(at, '/');
        *slash = '\0';
        if (*at != '\0') { /* "a//b" */
            int next = strcmp(at, "..") == 0 ? -1 : openat(dir, at, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int why = next < 0 ? (strcmp(at, "..") == 0 ? EINVAL : errno) : 0;
            *slash = '/';
            close(dir);
            if (next < 0) {
                return why;
            }
            dir = next;
        } else {
            *slash = '/';
        }
        at = slash + 1;
    }
    int done = (int) syscall(SYS_renameat2, dir, last, dir, name, RENAME_NOREPLACE);
    int why = done == 0 ? 0 : errno;
    close(dir);
    return why;
}

int main(int argc, char **argv) {
    unsigned long uid, gid, group;
    if (argc != 4 || number(argv[1], &uid) < 0 || number(argv[2], &gid) < 0 || number(argv[3], &group) < 0) {
        fprintf(stderr, "usage: cordon-rename UID GID GROUP < ENTRY\\0NAME\\0...\n");
        return 2;
    }
    if (become((uid_t) uid, (gid_t) gid, (gid_t) group) < 0) {
        return 3;
    }
    size_t entry_cap = 4096, name_cap = 256;
    char *entry = malloc(entry_cap), *name = malloc(name_cap);
    if (entry == NULL || name == NULL) {
        fprintf(stderr, "cordon-rename: out of memory\n");
        return 2;
    }
    for (;;) {
        long got = field(&entry, &entry_cap);
        if (got == -1) {
            break;
        }
        long named = got == -2 ? -2 : field(&name, &name_cap);
        if (got == -2 || named == -2 || named == -1) {
            fprintf(stderr, "cordon-rename: the input ends inside a pair (ENTRY NUL NAME NUL)\n");
            return 2;
        }
        int why = got == -3 || named == -3 ? ENAMETOOLONG : rename_one(entry, name);
        if (why == 0) {
            puts("ok");
        } else {
            printf("error %s\n", strerror(why));
        }
    }
    return fflush(stdout) == 0 ? 0 : 2;
}
