package dev.cordon.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The attacks on local channels around the offline cut-off and between sessions, as small python3 programs a command
 * runs inside a session, and how to read what they print. The doctor's live probes ({@link ChannelProbes}) and the
 * acceptance rows run the same programs. Each prints one {@code name result} line per attempt: {@code allowed} (or
 * {@code made}/{@code found}) when the attempt worked, else the errno name ({@code EPERM}, {@code ENOENT}, ...).
 */
public final class ChannelAttacks {
    private ChannelAttacks() {
    }

    /** The interpreter the programs need; the probes skip with a fix when it is missing. */
    public static final String PYTHON = "/usr/bin/python3";

    private static final String PRELUDE = String.join("\n",
            "import ctypes, errno, os, platform, struct, subprocess, sys, threading",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "def ename(e):",
            "    return errno.errorcode.get(e, 'errno%d' % e)",
            "");

    /**
     * The caller's terminal: does the command (or its runner) have a controlling terminal, can it open
     * {@code /dev/tty}, and does {@code ioctl} let {@code TIOCSTI} / {@code TIOCLINUX} through to the driver (on
     * {@code /dev/null} the driver answers ENOTTY; seccomp answers EPERM before any driver is asked). Injects nothing.
     */
    public static final String TERMINAL = PRELUDE + String.join("\n",
            "libc.ioctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p]",
            "def ctty(pid):",
            "    with open('/proc/%s/stat' % pid) as f:",
            "        return int(f.read().rsplit(')', 1)[1].split()[4])",
            "print('ctty-self', 'none' if ctty('self') == 0 else 'present')",
            "print('ctty-runner', 'none' if ctty(os.getppid()) == 0 else 'present')",
            "try:",
            "    os.close(os.open('/dev/tty', os.O_RDWR | os.O_NOCTTY))",
            "    print('dev-tty allowed')",
            "except OSError as e:",
            "    print('dev-tty', ename(e.errno))",
            "fd = os.open('/dev/null', os.O_RDWR)",
            "ch = ctypes.c_char(b'#')",
            "for label, request in (('tiocsti', 0x5412), ('tiocsti-high-bits', 0x100005412), ('tioclinux', 0x541C)):",
            "    r = libc.ioctl(fd, request, ctypes.byref(ch))",
            "    print(label, 'allowed' if r == 0 else ename(ctypes.get_errno()))",
            "");

    /** What {@link #TERMINAL} must print for the terminal to be out of reach. */
    public static final Map<String, String> TERMINAL_REFUSED = ordered("ctty-self", "none", "ctty-runner", "none",
            "dev-tty", "ENXIO", "tiocsti", "EPERM", "tiocsti-high-bits", "EPERM", "tioclinux", "EPERM");

    /**
     * SysV shared memory, message queue, semaphore set and POSIX message queue under one key/name, and a key in the
     * account's user keyring. {@code python3 -c IPC make|look|remove KEY NAME}: {@code make} creates them (mode 0666,
     * as an exfiltrating command would), {@code look} opens them ({@code found} or ENOENT), {@code remove} deletes what
     * it finds (the host cleaning up after an unprotected run). The keyring line is skipped by {@code remove}.
     */
    public static final String IPC = PRELUDE + String.join("\n",
            "mode, key, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]",
            "arch = platform.machine()",
            "ADD_KEY, KEYCTL = {'x86_64': (248, 250), 'aarch64': (217, 219)}[arch]",
            "IPC_CREAT, IPC_RMID = 0o1000, 0",
            "make = mode == 'make'",
            "flags = IPC_CREAT | 0o666 if make else 0",
            "word = 'made' if make else 'found'",
            "def report(label, r, remove=None):",
            "    if r < 0:",
            "        print(label, ename(ctypes.get_errno()))",
            "        return",
            "    print(label, word)",
            "    if mode == 'remove' and remove:",
            "        remove(r)",
            "report('shm', libc.shmget(key, 4096 if make else 0, flags), lambda i: libc.shmctl(i, IPC_RMID, None))",
            "report('msg', libc.msgget(key, flags), lambda i: libc.msgctl(i, IPC_RMID, None))",
            "report('sem', libc.semget(key, 1 if make else 0, flags), lambda i: libc.semctl(i, 0, IPC_RMID))",
            "qname = ('/' + name).encode()",
            "if make:",
            "    q = libc.mq_open(qname, os.O_CREAT | os.O_RDWR, 0o666, None)",
            "else:",
            "    q = libc.mq_open(qname, os.O_RDONLY)",
            "report('mqueue', q, lambda i: libc.mq_unlink(qname))",
            "if mode != 'remove':",
            "    desc = name.encode()",
            "    if make:",
            "        r = libc.syscall(ADD_KEY, b'user', desc, b'cordon', 6, ctypes.c_long(-4))",
            "    else:",
            "        r = libc.syscall(KEYCTL, 10, ctypes.c_long(-4), b'user', desc, 0)",
            "    report('user-keyring', r)",
            "");

    /** The IPC object kinds {@link #IPC} tries, in order (the keyring excepted). */
    public static final List<String> IPC_OBJECTS = List.of("shm", "msg", "sem", "mqueue");

    /**
     * Namespace creation by every door (unshare, clone and clone3 with CLONE_NEWUSER, setns, the unshare tool), each in
     * a child so that a success changes nothing here; then what must keep working: fork, threads, subprocess (vfork /
     * posix_spawn through glibc, which falls back from clone3 to clone).
     */
    public static final String NAMESPACES = PRELUDE + String.join("\n",
            "CLONE = {'x86_64': 56, 'aarch64': 220}[platform.machine()]",
            "CLONE3 = 435",
            "NEWUSER, NEWNET, SIGCHLD = 0x10000000, 0x40000000, 17",
            "libc.syscall.restype = ctypes.c_long",
            "def attempt(label, call):",
            "    pid = os.fork()",
            "    if pid == 0:",
            "        r = call()",
            "        if r == 0:",
            "            os._exit(0)",
            "        if r > 0:",
            "            os.waitpid(r, 0)",
            "            os._exit(0)",
            "        os._exit(100 + ctypes.get_errno())",
            "    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])",
            "    print(label, 'allowed' if code == 0 else ename(code - 100) if code > 100 else 'exit%d' % code)",
            "def clone3(flags):",
            "    args = ctypes.create_string_buffer(struct.pack('<11Q', flags, 0, 0, 0, SIGCHLD, 0, 0, 0, 0, 0, 0), 88)",
            "    return libc.syscall(CLONE3, args, ctypes.c_long(88))",
            "def setns():",
            "    fd = os.open('/proc/self/ns/net', os.O_RDONLY)",
            "    return libc.setns(fd, 0)",
            "attempt('unshare-user-net', lambda: libc.unshare(NEWUSER | NEWNET))",
            "attempt('clone-newuser', lambda: libc.syscall(ctypes.c_long(CLONE), ctypes.c_long(NEWUSER | SIGCHLD), 0, 0, 0, 0))",
            "attempt('clone3-newuser', lambda: clone3(NEWUSER))",
            "attempt('clone3-plain', lambda: clone3(0))",
            "attempt('setns', setns)",
            "try:",
            "    rc = subprocess.run(['unshare', '-Urn', 'true'], stderr=subprocess.DEVNULL).returncode",
            "    print('unshare-tool', 'allowed' if rc == 0 else 'exit%d' % rc)",
            "except OSError as e:",
            "    print('unshare-tool', ename(e.errno))",
            "pid = os.fork()",
            "if pid == 0:",
            "    os._exit(7)",
            "print('fork', 'works' if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7 else 'broken')",
            "seen = []",
            "t = threading.Thread(target=lambda: seen.append(1))",
            "t.start()",
            "t.join()",
            "print('thread', 'works' if seen == [1] else 'broken')",
            "out = subprocess.run(['sh', '-c', 'echo spawned | cat'], capture_output=True, text=True).stdout.strip()",
            "print('subprocess', 'works' if out == 'spawned' else 'broken')",
            "");

    /** What {@link #NAMESPACES} must print: every door shut, the ordinary ways to start processes open. */
    public static final Map<String, String> NAMESPACES_REFUSED = ordered("unshare-user-net", "EPERM",
            "clone-newuser", "EPERM", "clone3-newuser", "ENOSYS", "clone3-plain", "ENOSYS", "setns", "EPERM",
            "unshare-tool", "exit1", "fork", "works", "thread", "works", "subprocess", "works");

    /**
     * The runner's memory: the command's parent is its runner; try its mem, maps, fd and environ, and the same for each
     * of its threads (before R28's fix the frame thread shared the command's Landlock domain; Landlock's ptrace scope
     * is not what stops {@code task/TID/mem}: non-dumpability is). Prints {@code runner PID} first.
     */
    public static final String RUNNER_MEMORY = PRELUDE + String.join("\n",
            "runner = os.getppid()",
            "print('runner', runner)",
            "def attempt(path, kind):",
            "    try:",
            "        if kind == 'dir':",
            "            os.listdir(path)",
            "        elif kind == 'open':",
            "            os.close(os.open(path, os.O_RDONLY))",
            "        else:",
            "            with open(path, 'rb') as f:",
            "                f.read(64)",
            "        return 'allowed'",
            "    except OSError as e:",
            "        return ename(e.errno)",
            "base = '/proc/%d' % runner",
            "targets = [('mem', 'open'), ('maps', 'read'), ('fd', 'dir'), ('environ', 'read')]",
            "tids = sorted(os.listdir(base + '/task'), key=int)",
            "for tid in tids:",
            "    targets += [('task/%s/mem' % tid, 'open'), ('task/%s/maps' % tid, 'read'), ('task/%s/fd' % tid, 'dir')]",
            "print('threads', len(tids))",
            "for path, kind in targets:",
            "    print(path, attempt(base + '/' + path, kind))",
            "");

    /**
     * The runner's signals (R28): the command's parent is its runner; {@code kill(runner, 0)} and
     * {@code tgkill(runner, TID, 0)} for each of its threads. Signal 0 delivers nothing but is checked like any signal
     * (Landlock's signal scope included), so the probe stops nothing even where it is allowed. Prints
     * {@code runner PID}, {@code threads N}, then {@code kill RESULT} and {@code tgkill-TID-COMM RESULT} per thread.
     */
    public static final String RUNNER_SIGNALS = PRELUDE + String.join("\n",
            "runner = os.getppid()",
            "print('runner', runner)",
            "def result(r):",
            "    return 'allowed' if r == 0 else ename(ctypes.get_errno())",
            "tids = sorted(os.listdir('/proc/%d/task' % runner), key=int)",
            "print('threads', len(tids))",
            "print('kill', result(libc.kill(runner, 0)))",
            "for tid in tids:",
            "    try:",
            "        name = open('/proc/%d/task/%s/comm' % (runner, tid)).read().strip().replace(' ', '_')",
            "    except OSError:",
            "        name = '?'",
            "    print('tgkill-%s-%s' % (tid, name), result(libc.syscall(234, runner, int(tid), 0)))",
            "");

    /**
     * Calls that act on another process by its pid and that the kernel allows to the same uid (R38): on the runner, a
     * process of the account outside the command's tree as another session's runner or command, or the waiting spare,
     * would be. Each sets what the runner already has (its open-file limit, nice value, CPUs, scheduling policy, I/O
     * priority as {@code ioprio_get} reports it), so the probe changes nothing that matters even where it is allowed.
     * Prints {@code runner PID}, then {@code prlimit}, {@code setpriority}, {@code sched_setaffinity},
     * {@code sched_setscheduler} and {@code ioprio_set} with their results.
     */
    public static final String PROCESS_CALLS = PRELUDE + String.join("\n",
            "import resource",
            "runner = os.getppid()",
            "print('runner', runner)",
            "IOPRIO_SET, IOPRIO_GET = (251, 252) if platform.machine() == 'x86_64' else (30, 31)",
            "def call(nr, *args):",
            "    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])",
            "    if r < 0:",
            "        e = ctypes.get_errno(); raise OSError(e, os.strerror(e))",
            "    return r",
            "def attempt(name, fn):",
            "    try:",
            "        fn(); print(name, 'allowed')",
            "    except OSError as e:",
            "        print(name, ename(e.errno))",
            "attempt('prlimit', lambda: resource.prlimit(runner, resource.RLIMIT_NOFILE,"
                    + " resource.prlimit(runner, resource.RLIMIT_NOFILE)))",
            "attempt('setpriority', lambda: os.setpriority(os.PRIO_PROCESS, runner,"
                    + " os.getpriority(os.PRIO_PROCESS, runner)))",
            "attempt('sched_setaffinity', lambda: os.sched_setaffinity(runner, os.sched_getaffinity(runner)))",
            "attempt('sched_setscheduler', lambda: os.sched_setscheduler(runner, os.sched_getscheduler(runner),"
                    + " os.sched_getparam(runner)))",
            "attempt('ioprio_set', lambda: call(IOPRIO_SET, 1, runner, call(IOPRIO_GET, 1, runner)))",
            "");

    /**
     * Which processes the command sees (R46): {@code python3 -c PROCESSES HOST_PID} counts the process ids listed in
     * {@code /proc} ({@code visible}, the first of them in {@code pids}) and looks for {@code HOST_PID}, a process known
     * to run outside the session (the host itself): {@code found} when {@code /proc/HOST_PID} exists, else ENOENT.
     */
    public static final String PROCESSES = PRELUDE + String.join("\n",
            "pids = sorted(int(n) for n in os.listdir('/proc') if n.isdigit())",
            "print('visible', len(pids))",
            "print('pids', ','.join(str(p) for p in pids[:12]) + (',...' if len(pids) > 12 else ''))",
            "print('self', os.getpid())",
            "print('host', 'found' if os.path.exists('/proc/%s' % sys.argv[1]) else 'ENOENT')",
            "");

    /**
     * Which network namespace an offline command is in (Y4): {@code netns} the inode of its {@code /proc/self/ns/net},
     * and {@code abstract} whether it may bind an abstract Unix socket named {@code argv[1]} (it may, in any namespace:
     * what matters is who else sees and reaches it, the host's namespace or only its own).
     */
    public static final String NETWORK = PRELUDE + String.join("\n",
            "import socket",
            "print('netns', os.stat('/proc/self/ns/net').st_ino)",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "try:",
            "    s.bind('\\0' + sys.argv[1])",
            "    print('abstract', 'made')",
            "except OSError as e:",
            "    print('abstract', ename(e.errno))",
            "");

    /** The calls of {@link #PROCESS_CALLS}, each of which must be refused with {@code EPERM}. */
    public static final List<String> PROCESS_CALL_NAMES = List.of("prlimit", "setpriority", "sched_setaffinity",
            "sched_setscheduler", "ioprio_set");

    /** The attempts of the runner-signals program that were not refused with {@code EPERM}. */
    public static List<String> runnerSignalsAllowed(Map<String, String> results) {
        return results.entrySet().stream()
                .filter(e -> e.getKey().equals("kill") || e.getKey().startsWith("tgkill-"))
                .filter(e -> !e.getValue().equals("EPERM")).map(e -> e.getKey() + " " + e.getValue()).toList();
    }

    /** The {@code name result} lines of a program's output, in order (a later line with the same name wins). */
    public static Map<String, String> results(String stdout) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : stdout.strip().split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                out.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return out;
    }

    /** The attempts whose result differs from {@code expected} (a missing line counts as differing). */
    public static Map<String, String> unexpected(Map<String, String> results, Map<String, String> expected) {
        Map<String, String> out = new LinkedHashMap<>();
        expected.forEach((name, want) -> {
            String got = results.getOrDefault(name, "(no result)");
            if (!got.equals(want)) {
                out.put(name, got);
            }
        });
        return out;
    }

    /** The lines of the runner-memory program that show an access that worked. */
    public static List<String> runnerMemoryLeaks(Map<String, String> results) {
        return results.entrySet().stream()
                .filter(e -> !e.getKey().equals("runner") && !e.getKey().equals("threads"))
                .filter(e -> e.getValue().equals("allowed")).map(Map.Entry::getKey).toList();
    }

    /** {@code name result; name result; ...} for evidence lines. */
    public static String describe(Map<String, String> results) {
        return results.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "));
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
