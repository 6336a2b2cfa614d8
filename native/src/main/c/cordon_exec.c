/*
 * cordon-exec: the portable spawn path's exec helper. Usage: CORDON_EXEC_ENV_NAME=VALUE… cordon-exec FILE ARGV0 [ARG…]
 *
 * On the portable path (ProcessBuilder from a confined worker thread) the command would inherit that thread's Landlock
 * domain, which the runner's other confined threads share: Landlock's signal scope allows signals within a domain, so
 * tgkill(runner, thread, SIGSTOP) from the command stopped the runner (R33, R28 on the native path). A ProcessBuilder
 * child runs no Java code before exec, so the runner starts this program instead, which does what cordon_spawn.c does
 * in its child: enter a Landlock domain of its own that scopes LANDLOCK_SCOPE_SIGNAL and
 * LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET and allows REFER beneath "/" (Landlock denies reparenting in every domain that
 * does not allow it, handled or not: renames and links across directories would fail with EXDEV), nothing else
 * handled, nested in the worker's; then execve FILE (resolved by the runner as the JDK
 * would) with ARGV0 ARG…. Where the kernel has no scoping (Landlock ABI < 6) there is no such domain, as on the native
 * path (its child_scopes are 0 then): the command is exec'ed as before. First of all it sets RLIMIT_CORE to 0, soft
 * and hard, as the native child does (R44): the command can write no core, and nothing of its account can raise that.
 *
 * The command's environment reaches this program renamed: each of its variables NAME=VALUE as
 * CORDON_EXEC_ENV_NAME=VALUE, and nothing else. The command gets them back under their own names, in its execve, after
 * the domain; nothing of a request's `env` (LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH, GLIBC_TUNABLES, …) means anything to
 * a loader or libc before that (R36: a member's preloaded library ran inside cordon-exec, in the worker's domain, and
 * stopped the runner). Renamed, not passed as arguments: /proc/PID/environ is its owner's to read, /proc/PID/cmdline
 * everyone's, and a session's secrets are variables. It is also linked statically (build.sh): no loader runs in it.
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
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cordon_landlock.h"

#define ENV_PREFIX "CORDON_EXEC_ENV_"

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: CORDON_EXEC_ENV_NAME=VALUE... cordon-exec FILE ARGV0 [ARG...]\n");
        return 126;
    }
    const struct rlimit no_core = {0, 0};
    if (setrlimit(RLIMIT_CORE, &no_core) < 0) {
        fprintf(stderr, "cordon-exec: cannot set the command's RLIMIT_CORE to 0: %s\n", strerror(errno));
        return 126;
    }
    size_t count = 0;
    for (char **e = environ; *e != NULL; e++) count++;
    char **envp = calloc(count + 1, sizeof *envp);
    if (envp == NULL) {
        fprintf(stderr, "cordon-exec: out of memory\n");
        return 126;
    }
    size_t n = 0;
    size_t prefix = strlen(ENV_PREFIX);
    for (char **e = environ; *e != NULL; e++) {
        if (strncmp(*e, ENV_PREFIX, prefix) == 0) envp[n++] = *e + prefix; /* anything else is not the command's */
    }
    long abi = syscall(CORDON_SYS_landlock_create_ruleset, NULL, 0, CORDON_LANDLOCK_CREATE_RULESET_VERSION);
    if (abi >= 6 && cordon_enter_own_domain(CORDON_LANDLOCK_SCOPE_SIGNAL | CORDON_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET) < 0) {
        fprintf(stderr, "cordon-exec: cannot enter the command's own Landlock domain: %s\n", strerror(errno));
        return 126; /* as the native spawn's STEP_LANDLOCK: not started */
    }
    const char *file = argv[1];
    execve(file, argv + 2, envp);
    int err = errno;
    if (err == ENOEXEC) {
        /* as the JDK (and execvp) do for a file without a #! line: run it with /bin/sh */
        char **sh = calloc((size_t) argc + 1, sizeof *sh);
        if (sh != NULL) {
            sh[0] = (char *) "/bin/sh";
            sh[1] = (char *) file;
            for (int i = 3; i < argc; i++) sh[i - 1] = argv[i];
            execve("/bin/sh", sh, envp);
        }
        err = errno;
    }
    fprintf(stderr, "cordon-exec: cannot run %s: %s\n", file, strerror(err));
    return err == ENOENT ? 127 : 126;
}
