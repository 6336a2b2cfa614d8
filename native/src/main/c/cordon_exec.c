/*
 * cordon-exec: the portable spawn path's exec helper. Usage: cordon-exec FILE N ENV1 … ENVN ARGV0 [ARG…]
 *
 * On the portable path (ProcessBuilder from a confined worker thread) the command would inherit that thread's Landlock
 * domain, which the runner's other confined threads share: Landlock's signal scope allows signals within a domain, so
 * tgkill(runner, thread, SIGSTOP) from the command stopped the runner (R33, R28 on the native path). A ProcessBuilder
 * child runs no Java code before exec, so the runner starts this program instead, which does what cordon_spawn.c does
 * in its child: enter a Landlock domain of its own that scopes LANDLOCK_SCOPE_SIGNAL and
 * LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET and allows REFER beneath "/" (Landlock denies reparenting in every domain that
 * does not allow it, handled or not: renames and links across directories would fail with EXDEV), nothing else
 * handled, nested in the worker's; then execve FILE (resolved by the runner as the JDK
 * would) with ARGV0 ARG… and the environment ENV1 … ENVN (N of them, each NAME=VALUE). Where the kernel has no scoping
 * (Landlock ABI < 6) there is no such domain, as on the native path (its child_scopes are 0 then): the command is
 * exec'ed as before.
 *
 * The command's environment comes as arguments, not as this program's own: the runner starts cordon-exec with an
 * empty environment, so nothing of a request's `env` (LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH, …) reaches a loader
 * before the domain is entered (R36: a member's preloaded library ran inside cordon-exec, in the worker's domain, and
 * stopped the runner). It is also linked statically (build.sh): no loader runs in it at all.
 *
 * Exit status when the command never runs: 127 when FILE does not exist, 126 otherwise (the shell's conventions and
 * the runner's for a failed start), with the reason on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cordon_landlock.h"

int main(int argc, char **argv) {
    char *end = NULL;
    long n = argc >= 3 ? strtol(argv[2], &end, 10) : -1;
    if (argc < 4 || end == argv[2] || *end != '\0' || n < 0 || n > argc - 4) {
        fprintf(stderr, "usage: cordon-exec FILE N ENV1 ... ENVN ARGV0 [ARG...]\n");
        return 126;
    }
    char **envp = calloc((size_t) n + 1, sizeof *envp);
    if (envp == NULL) {
        fprintf(stderr, "cordon-exec: out of memory\n");
        return 126;
    }
    for (long i = 0; i < n; i++) envp[i] = argv[3 + i];
    char **args = argv + 3 + n; /* ARGV0 ARG…, NULL-terminated as argv is */
    long abi = syscall(CORDON_SYS_landlock_create_ruleset, NULL, 0, CORDON_LANDLOCK_CREATE_RULESET_VERSION);
    if (abi >= 6 && cordon_enter_own_domain(CORDON_LANDLOCK_SCOPE_SIGNAL | CORDON_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET) < 0) {
        fprintf(stderr, "cordon-exec: cannot enter the command's own Landlock domain: %s\n", strerror(errno));
        return 126; /* as the native spawn's STEP_LANDLOCK: not started */
    }
    const char *file = argv[1];
    execve(file, args, envp);
    int err = errno;
    if (err == ENOEXEC) {
        /* as the JDK (and execvp) do for a file without a #! line: run it with /bin/sh */
        int count = argc - 3 - (int) n;
        char **sh = calloc((size_t) count + 2, sizeof *sh);
        if (sh != NULL) {
            sh[0] = (char *) "/bin/sh";
            sh[1] = (char *) file;
            for (int i = 1; i < count; i++) sh[i + 1] = args[i];
            execve("/bin/sh", sh, envp);
        }
        err = errno;
    }
    fprintf(stderr, "cordon-exec: cannot run %s: %s\n", file, strerror(err));
    return err == ENOENT ? 127 : 126;
}
