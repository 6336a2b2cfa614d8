/*
 * cordon_spawn: starts one command straight into its own cgroup v2 directory.
 *
 * clone3(CLONE_VM | CLONE_VFORK | CLONE_INTO_CGROUP | CLONE_PIDFD): the child shares the runner's memory (no page
 * tables copied, like the JDK's VFORK launch mechanism), is born inside the command's cgroup (no window in which it,
 * or anything it forks, runs outside; the runner itself never moves) and is known to the runner by a pidfd (no pid
 * reuse races). The child runs on a stack of its own, only async-signal-safe calls, until execve or _exit; the
 * parent is suspended by the kernel until then, so the child reports a failure through shared memory.
 *
 * Only x86_64 has the few lines of assembly clone3 needs here (the child must start on its new stack); elsewhere
 * cordon_spawn returns -ENOSYS and the runner uses its portable path (ProcessBuilder and cgroup moves).
 *
 * The runner's worker thread needs clone3 (CLONE_INTO_CGROUP exists only there), but a command must not have it:
 * seccomp cannot see clone3's flags, so namespace creation through it could not be refused by flag. The child
 * therefore stacks a second filter (built by the runner, passed as child_filter) just before execve.
 *
 * The child also enters a Landlock domain of its own (child_scopes: LANDLOCK_SCOPE_SIGNAL and
 * LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET, and REFER allowed everywhere, since Landlock denies it by default in every
 * domain; no other access handled) nested in the one it inherits from the confined runner
 * thread that spawns it. Without it the command shares that domain with the runner's confined threads (the frame
 * thread, the workers that follow commands), and Landlock's scoping lets a process signal any thread of its own
 * domain: tgkill(runner, frame thread, SIGSTOP) stopped the whole runner. Nested once more, the command can signal
 * only its own domain and below (its own tree), and the runner, outside it, still signals the command.
 *
 * The child sets RLIMIT_CORE to 0, soft and hard, as the runner has for itself (R44): the command never writes a
 * core (its memory: environment, secrets) where another session may read it, and as raising a hard limit needs
 * CAP_SYS_RESOURCE, neither the command (`ulimit -c unlimited`) nor another process of its account (prlimit64) can
 * raise it again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cordon_landlock.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#define CORDON_CLONE_INTO_CGROUP 0x200000000ULL

/* The kernel's struct clone_args (CLONE_ARGS_SIZE_VER2: 88 bytes, with the cgroup field). */
struct cordon_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* Steps reported back when the child fails before the command runs. */
enum { STEP_NONE = 0, STEP_DUP = 1, STEP_CHDIR = 2, STEP_EXEC = 3, STEP_CLOSE = 4, STEP_SECCOMP = 6, STEP_LANDLOCK = 7,
       STEP_CORE_LIMIT = 8 };

#define CORDON_SECCOMP_SET_MODE_FILTER 1

struct child_plan {
    const char *file;          /* argv[0] as given: a path when it contains '/', else looked up in search_path */
    char *const *argv;
    char *const *envp;
    const char *cwd;
    const char *search_path;   /* the command's PATH */
    int fds[3];                /* become 0, 1, 2 */
    const void *child_filter;  /* struct sock_fprog installed before execve, or NULL */
    uint64_t child_scopes;     /* Landlock scopes of the child's own nested domain, or 0 for none */
    volatile int failed_step;  /* written by the child, read by the parent after clone3 returns (shared memory) */
    volatile int failed_errno;
};

#define CHILD_STACK_SIZE (128 * 1024)

/* The kernel's struct sigaction for rt_sigaction (not glibc's). */
struct kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

static void fail(struct child_plan *p, int step, int err) {
    p->failed_step = step;
    p->failed_errno = err;
    syscall(SYS_exit_group, 127);
}

static void try_exec(struct child_plan *p, const char *path, int *saw_eacces) {
    execve(path, p->argv, p->envp);
    if (errno == EACCES) {
        *saw_eacces = 1;
    } else if (errno != ENOENT && errno != ENOTDIR) {
        fail(p, STEP_EXEC, errno);
    }
}

static int child_main(void *arg) {
    struct child_plan *p = arg;
    /*
     * A fresh command gets default signal dispositions (handlers would point into the runner; an ignored signal
     * would stay ignored across execve) and an empty mask. The raw syscall, because glibc's sigaction refuses its
     * internal signals (32, 33), which the runner's JVM may have set to ignored.
     */
    struct kernel_sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.handler = SIG_DFL;
    for (int sig = 1; sig <= 64; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) {
            syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(uint64_t));
        }
    }
    const struct rlimit no_core = {0, 0};
    if (setrlimit(RLIMIT_CORE, &no_core) < 0) fail(p, STEP_CORE_LIMIT, errno);
    for (int i = 0; i < 3; i++) {
        int fd = p->fds[i];
        if (fd == i) {
            if (fcntl(fd, F_SETFD, 0) < 0) fail(p, STEP_DUP, errno);
        } else if (dup2(fd, i) < 0) {
            fail(p, STEP_DUP, errno);
        }
    }
    if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0) {
        if (errno != ENOSYS) fail(p, STEP_CLOSE, errno);
        struct rlimit rl;
        long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 1048576
                ? (long) rl.rlim_cur : 1048576;
        for (long fd = 3; fd < max; fd++) close((int) fd);
    }
    if (p->cwd != NULL && chdir(p->cwd) < 0) fail(p, STEP_CHDIR, errno);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* a Landlock domain of the command's own, before the filter (which need not allow the landlock calls) */
    if (p->child_scopes != 0 && cordon_enter_own_domain(p->child_scopes) < 0) fail(p, STEP_LANDLOCK, errno);
    /* last, so nothing above runs under it; no_new_privs is inherited from the confined thread */
    if (p->child_filter != NULL && syscall(SYS_seccomp, CORDON_SECCOMP_SET_MODE_FILTER, 0U, p->child_filter) < 0) {
        fail(p, STEP_SECCOMP, errno);
    }

    int saw_eacces = 0;
    if (strchr(p->file, '/') != NULL) {
        execve(p->file, p->argv, p->envp);
        fail(p, STEP_EXEC, errno);
    }
    char candidate[PATH_MAX];
    size_t flen = strlen(p->file);
    const char *dir = p->search_path;
    while (dir != NULL) {
        const char *end = strchr(dir, ':');
        size_t dlen = end == NULL ? strlen(dir) : (size_t) (end - dir);
        if (dlen == 0) { /* an empty entry means the working directory */
            candidate[0] = '.';
            dlen = 1;
        } else if (dlen < sizeof candidate) {
            memcpy(candidate, dir, dlen);
        }
        if (dlen + 1 + flen + 1 <= sizeof candidate) {
            candidate[dlen] = '/';
            memcpy(candidate + dlen + 1, p->file, flen + 1);
            try_exec(p, candidate, &saw_eacces);
        }
        dir = end == NULL ? NULL : end + 1;
    }
    fail(p, STEP_EXEC, saw_eacces ? EACCES : ENOENT);
    return 127;
}

#if defined(__x86_64__)
/*
 * long cordon_clone3_call(struct cordon_clone_args *args, int (*fn)(void *), void *arg)
 * The child starts with rsp at the top of args->stack; it calls fn(arg) there and exits with its result.
 * rsi, rdx, r8 and r9 survive the syscall (only rax, rcx and r11 are clobbered), in the child as in the parent.
 */
long cordon_clone3_call(struct cordon_clone_args *args, int (*fn)(void *), void *arg);
__asm__(
    ".text\n"
    ".p2align 4\n"
    ".type cordon_clone3_call,@function\n"
    "cordon_clone3_call:\n"
    "    mov %rsi, %r9\n"
    "    mov %rdx, %r8\n"
    "    mov $88, %esi\n"
    "    mov $435, %eax\n" /* SYS_clone3 */
    "    syscall\n"
    "    test %rax, %rax\n"
    "    jz 1f\n"
    "    ret\n"
    "1:\n"
    "    xor %ebp, %ebp\n"
    "    mov %r8, %rdi\n"
    "    call *%r9\n"
    "    mov %eax, %edi\n"
    "    mov $231, %eax\n" /* SYS_exit_group */
    "    syscall\n"
    "    hlt\n"
    ".size cordon_clone3_call, .-cordon_clone3_call\n");
#define HAVE_CLONE3_CALL 1
#endif

static int probe_child(void *arg) {
    (void) arg;
    return 0;
}

/*
 * Asks the kernel whether a child started into the cgroup open as cgroup_fd survives: 0 when it ran and exited 0,
 * -errno when clone3 refused (ENOSYS: no clone3; EINVAL/E2BIG: no CLONE_INTO_CGROUP), or the number of the signal
 * that killed it (the kernel kills children born into a cgroup when the caller's own cgroup was killed once).
 */
__attribute__((visibility("default")))
int cordon_spawn_probe(int cgroup_fd) {
#ifndef HAVE_CLONE3_CALL
    (void) cgroup_fd;
    return -ENOSYS;
#else
    void *stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        return -errno;
    }
    struct cordon_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_VM | CLONE_VFORK | CORDON_CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.stack = (uint64_t) (uintptr_t) stack;
    args.stack_size = CHILD_STACK_SIZE;
    args.cgroup = (uint64_t) cgroup_fd;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    long pid = cordon_clone3_call(&args, probe_child, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    munmap(stack, CHILD_STACK_SIZE);
    if (pid < 0) {
        return (int) pid;
    }
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_PID, (id_t) pid, &info, WEXITED) < 0) {
        return -errno;
    }
    if (info.si_code == CLD_EXITED) {
        return info.si_status == 0 ? 0 : -ECHILD;
    }
    return info.si_status;
#endif
}

/*
 * Starts the command. Returns its pid and stores its pidfd in out[0]; or returns -1 with out[1] = the failed step
 * (1 dup2, 2 chdir, 3 exec, 4 closing descriptors, 5 clone3 itself, 6 installing child_filter, 7 entering the child's
 * Landlock domain, 8 setting RLIMIT_CORE to 0) and out[2] = errno. cgroup_fd < 0: no cgroup. child_filter: a struct sock_fprog the child installs
 * before execve, or NULL. child_scopes: the Landlock scopes of a domain the child enters before execve, or 0 for none.
 */
__attribute__((visibility("default")))
int cordon_spawn(const char *file, char *const argv[], char *const envp[], const char *cwd, const char *search_path,
                 int in_fd, int out_fd, int err_fd, int cgroup_fd, const void *child_filter, uint64_t child_scopes,
                 int out[3]) {
    out[0] = -1;
    out[1] = 0;
    out[2] = 0;
#ifndef HAVE_CLONE3_CALL
    (void) file; (void) argv; (void) envp; (void) cwd; (void) search_path;
    (void) in_fd; (void) out_fd; (void) err_fd; (void) cgroup_fd; (void) child_filter; (void) child_scopes;
    out[1] = 5;
    out[2] = ENOSYS;
    return -1;
#else
    struct child_plan plan = {
        .file = file, .argv = argv, .envp = envp, .cwd = cwd, .search_path = search_path,
        .fds = {in_fd, out_fd, err_fd}, .child_filter = child_filter, .child_scopes = child_scopes,
        .failed_step = STEP_NONE, .failed_errno = 0,
    };
    void *stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        out[1] = 5;
        out[2] = errno;
        return -1;
    }
    int pidfd = -1;
    struct cordon_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_VM | CLONE_VFORK | CLONE_PIDFD | (cgroup_fd >= 0 ? CORDON_CLONE_INTO_CGROUP : 0);
    args.pidfd = (uint64_t) (uintptr_t) &pidfd;
    args.exit_signal = SIGCHLD;
    args.stack = (uint64_t) (uintptr_t) stack;
    args.stack_size = CHILD_STACK_SIZE;
    args.cgroup = cgroup_fd >= 0 ? (uint64_t) cgroup_fd : 0;

    /* No signal handler of the runner may run on the child's stack before the child has reset them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    long pid = cordon_clone3_call(&args, child_main, &plan);
    int clone_errno = pid < 0 ? (int) -pid : 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    munmap(stack, CHILD_STACK_SIZE);

    if (pid < 0) {
        out[1] = 5;
        out[2] = clone_errno;
        return -1;
    }
    if (plan.failed_step != STEP_NONE) {
        siginfo_t info;
        waitid(P_PID, (id_t) pid, &info, WEXITED); /* reap it: it never ran the command */
        close(pidfd);
        out[1] = plan.failed_step;
        out[2] = plan.failed_errno;
        return -1;
    }
    out[0] = pidfd;
    return (int) pid;
#endif
}
