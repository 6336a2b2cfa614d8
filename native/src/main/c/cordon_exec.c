/*
 * cordon-exec: the portable spawn path's exec helper. Usage: cordon-exec FILE ARGV0 [ARG…]
 *
 * On the portable path (ProcessBuilder from a confined worker thread) the command would inherit that thread's Landlock
 * domain, which the runner's other confined threads share: Landlock's signal scope allows signals within a domain, so
 * tgkill(runner, thread, SIGSTOP) from the command stopped the runner (R33, R28 on the native path). A ProcessBuilder
 * child runs no Java code before exec, so the runner starts this program instead, which does what cordon_spawn.c does
 * in its child: enter a Landlock domain of its own that scopes LANDLOCK_SCOPE_SIGNAL and
 * LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET and allows REFER beneath "/" (Landlock denies reparenting in every domain that
 * does not allow it, handled or not: renames and links across directories would fail with EXDEV), nothing else
 * handled, nested in the worker's; then execv FILE (resolved by the runner as the JDK
 * would) with ARGV0 ARG…. Where the kernel has no scoping (Landlock ABI < 6) there is no such domain, as on the native
 * path (its child_scopes are 0 then): the command is exec'ed as before.
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
    if (argc < 3) {
        fprintf(stderr, "usage: cordon-exec FILE ARGV0 [ARG...]\n");
        return 126;
    }
    long abi = syscall(CORDON_SYS_landlock_create_ruleset, NULL, 0, CORDON_LANDLOCK_CREATE_RULESET_VERSION);
    if (abi >= 6 && cordon_enter_own_domain(CORDON_LANDLOCK_SCOPE_SIGNAL | CORDON_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET) < 0) {
        fprintf(stderr, "cordon-exec: cannot enter the command's own Landlock domain: %s\n", strerror(errno));
        return 126; /* as the native spawn's STEP_LANDLOCK: not started */
    }
    const char *file = argv[1];
    execv(file, argv + 2);
    int err = errno;
    if (err == ENOEXEC) {
        /* as the JDK (and execvp) do for a file without a #! line: run it with /bin/sh */
        char **sh = calloc((size_t) argc + 1, sizeof *sh);
        if (sh != NULL) {
            sh[0] = (char *) "/bin/sh";
            sh[1] = (char *) file;
            for (int i = 3; i < argc; i++) sh[i - 1] = argv[i];
            execv("/bin/sh", sh);
        }
        err = errno;
    }
    fprintf(stderr, "cordon-exec: cannot run %s: %s\n", file, strerror(err));
    return err == ENOENT ? 127 : 126;
}
