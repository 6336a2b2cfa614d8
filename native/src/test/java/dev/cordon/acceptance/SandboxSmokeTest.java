package dev.cordon.acceptance;

import dev.cordon.Backend;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.core.FileTrees;
import dev.cordon.doctor.ChannelAttacks;
import dev.cordon.platform.Account;
import dev.cordon.platform.linux.LinuxPlatform;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.platform.linux.UnixSocketListener;
import dev.cordon.provision.SetupRequest;
import dev.cordon.session.CommandExit;
import dev.cordon.session.CommandListener;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SessionSpec;
import dev.cordon.testing.TestInstance;
import dev.cordon.testing.ThrowawayUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance list: section 8 ("Smoke tests") of the Codex Windows sandbox study, ported to Linux, plus the rows
 * only Linux has. One real instance (accounts, nftables table with one allowed loopback proxy port, state directory),
 * three sessions, real confined commands. Prints a table of rows and {@code Sandbox smoke tests: N/M passed}
 * (N = PASS rows, M = all rows; a SKIP is not a pass), then fails if any row failed.
 *
 * <p>Every directory a row expects a denial in is mode 0777 (files 0666), so DAC would allow the sandbox account: a
 * denial there comes from the sandbox (Landlock, the read-only bind mounts, seccomp, nftables), not from permissions.
 * Real users' workspaces are not world-writable: lending them (ACL grants) and giving them back is tested with a real
 * developer account in {@link WorkspaceHandBackSmokeTest}.
 *
 * <p>"RO" rows of the reference (a read-only policy) have no session mode here: a Cordon command can always write its
 * workspace, so an RO row targets a path outside every writable root instead. Rows of the reference with no Linux
 * meaning are not ported: PowerShell variants (8, 9, 16, 18, 24, 25 — covered by the shell and python rows), NTFS
 * alternate data streams (32a), {@code \\?\} long paths (32b), case-insensitive {@code .GiT} (33: the filesystem is
 * case-sensitive, {@code .GiT} is not git's directory), the user-profile {@code cap_sid} (34a), Windows PATH stubs
 * (35), UNC and other-drive links (39a/b), ShellExecute through Explorer (41). Junction rows (29, 30, 37) become the
 * symlink rows; 38 becomes "workspace given as a symlink to /".
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "SandboxSmokeTest needs root: it creates"
        + " real sandbox accounts, an nftables table and sessions. Run `mvn verify` as root.")
class SandboxSmokeTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final List<String> SANDBOX_PATH = List.of("/usr/local/bin", "/usr/bin", "/bin");
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** How long past its own timeout a command may take to report its exit before the row gives up on it. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(30);
    private static final String PUBLIC_URL = "http://1.1.1.1/";
    /** Where the workspaces and the "outside" directories live: outside every directory a runner sees privately. */
    private static final Path SMOKE_PARENT = Path.of("/srv");

    private static TestInstance testInstance;
    private static Backend backend;
    private static SessionManager sessions;
    private static HttpTarget target;
    private static LoopbackProxy proxy;
    private static UdpSink udpSink;
    private static Account offline;
    private static Path root;
    private static Path workspace;
    private static Path extraRoot;
    private static Path outside;
    private static SessionInfo mainSession;
    private static SessionInfo plainSession;
    private static SessionInfo onlineSession;
    /** A session started with {@code --allow-socket} for {@link #allowedSocket} only. */
    private static SessionInfo allowSession;
    /** Root's world-connectable listeners on pathname sockets, bound before the sessions started. */
    private static UnixSocketListener socketBefore;
    private static UnixSocketListener socketOutsideSharedDirs;
    private static UnixSocketListener allowedSocket;
    private static UnixSocketListener allowedSocketSibling;
    private static final List<AutoCloseable> socketListeners = Collections.synchronizedList(new ArrayList<>());
    private static final List<Path> socketDirs = Collections.synchronizedList(new ArrayList<>());
    private static final List<Process> hostProcesses = Collections.synchronizedList(new ArrayList<>());
    private static final List<Path> strayFiles = Collections.synchronizedList(new ArrayList<>());

    // ------------------------------------------------------------------ rows and results

    enum Verdict { PASS, FAIL, SKIP }

    record Outcome(Verdict verdict, String detail) {
        static Outcome pass(String detail) {
            return new Outcome(Verdict.PASS, detail);
        }

        static Outcome fail(String detail) {
            return new Outcome(Verdict.FAIL, detail);
        }

        static Outcome skip(String reason) {
            return new Outcome(Verdict.SKIP, reason);
        }

        static Outcome expect(boolean ok, String detail) {
            return ok ? pass(detail) : fail(detail);
        }

        String label() {
            return verdict == Verdict.SKIP ? "SKIP(" + detail + ")" : verdict.name();
        }
    }

    @FunctionalInterface
    interface RowBody {
        Outcome run() throws Exception;
    }

    record Row(String name, RowBody body) {
    }

    record RowResult(String name, Outcome outcome) {
    }

    /** A finished sandboxed command. */
    record Run(int code, boolean started, boolean timedOut, String error, String stdout, String stderr) {
        boolean ok() {
            return started && !timedOut && code == 0;
        }

        /** Ran, and the sandbox made it fail (not a failure to start, not a timeout). */
        boolean denied() {
            return started && !timedOut && code != 0;
        }

        String describe() {
            StringBuilder sb = new StringBuilder("rc=").append(code);
            if (timedOut) {
                sb.append(" timed out");
            }
            if (!started) {
                sb.append(" not started: ").append(error);
            }
            String err = stderr.strip();
            if (!err.isEmpty()) {
                sb.append(" stderr: ").append(err.lines().limit(2).collect(Collectors.joining(" | ")));
            }
            return sb.toString();
        }
    }

    /** Collects one command's output and exit; its latches give bounded waits instead of the handle's await(). */
    static final class Recorder implements CommandListener {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final CountDownLatch startedOrExited = new CountDownLatch(1);
        private final CountDownLatch exited = new CountDownLatch(1);
        private final AtomicReference<CommandExit> exit = new AtomicReference<>();
        private volatile long pid = -1;

        @Override
        public void started(long pid) {
            this.pid = pid;
            startedOrExited.countDown();
        }

        @Override
        public synchronized void output(int fd, byte[] data) {
            (fd == 1 ? out : err).writeBytes(data);
        }

        @Override
        public void exited(CommandExit e) {
            exit.set(e);
            exited.countDown();
            startedOrExited.countDown();
        }

        boolean awaitExit(Duration bound) throws InterruptedException {
            return exited.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        }

        long awaitPid(Duration bound) throws InterruptedException {
            if (!startedOrExited.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the command did not start within " + bound);
            }
            if (pid < 0) {
                throw new IllegalStateException("the command did not start: " + exit.get());
            }
            return pid;
        }

        boolean hasExited() {
            return exited.getCount() == 0;
        }

        synchronized Run toRun() {
            CommandExit e = exit.get();
            return new Run(e.code(), e.started(), e.timedOut(), e.error(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    /** A command left running in a session, for rows that aim at another session's process. */
    record Background(SessionManager.CommandHandle handle, Recorder recorder, long pid) {
        /** Kills it (if still running) and waits, bounded, for its exit. */
        void stop() throws InterruptedException {
            if (!recorder.hasExited()) {
                handle.kill();
            }
            if (!recorder.awaitExit(EXIT_GRACE)) {
                throw new IllegalStateException("background command " + pid + " did not exit within " + EXIT_GRACE
                        + " of being killed");
            }
        }
    }

    // ------------------------------------------------------------------ set-up and clean-up

    @BeforeAll
    static void setUp() throws Exception {
        testInstance = new TestInstance();
        target = HttpTarget.start();
        proxy = LoopbackProxy.start();
        udpSink = UdpSink.start();
        backend = new Backend(testInstance.instance, new LinuxPlatform(testInstance.instance));
        backend.provisioner().setup(new SetupRequest(List.of(proxy.port())), false, line -> { });
        offline = backend.platform().accounts().user(testInstance.instance.offlineAccount()).orElseThrow();

        // not under /tmp: every runner gets a private, empty /tmp (SocketIsolation), which would turn the denials the
        // rows expect outside the workspace into "no such file" instead of proving Landlock
        Files.createDirectories(SMOKE_PARENT);
        root = Files.createTempDirectory(SMOKE_PARENT, "cordon-smoke-").toRealPath();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        workspace = openDir(root.resolve("ws"));
        extraRoot = openDir(root.resolve("extra"));
        outside = openDir(root.resolve("outside"));
        Path plainWorkspace = openDir(root.resolve("ws-plain"));
        Path onlineWorkspace = openDir(root.resolve("ws-online"));
        // protected directories are bind-mounted read-only when the runner starts, so they must exist before
        openFile(openDir(workspace.resolve(".git")).resolve("config"), "[core]\n\tbare = false\n");
        openFile(openDir(workspace.resolve(".codex")).resolve("policy.json"), "{}\n");
        openFile(openDir(workspace.resolve(".agents")).resolve("AGENTS.md"), "# agents\n");

        // pathname sockets of root's that anyone may connect to, outside every session, bound before the sessions start
        Path socketDir = socketDir(Path.of("/tmp"));
        socketBefore = listen(socketDir.resolve("before.sock"));
        allowedSocket = listen(socketDir.resolve("allowed.sock"));
        allowedSocketSibling = listen(socketDir.resolve("sibling.sock"));
        socketOutsideSharedDirs = listen(socketDir(Path.of("/var/cache")).resolve("outside.sock"));

        sessions = dev.cordon.testing.SpareRunners.unlessOff(backend.sessions());
        mainSession = sessions.start(spec(workspace, NetworkMode.OFFLINE, List.of(extraRoot)));
        plainSession = sessions.start(spec(plainWorkspace, NetworkMode.OFFLINE, List.of()));
        onlineSession = sessions.start(spec(onlineWorkspace, NetworkMode.ONLINE, List.of()));
        allowSession = sessions.start(new SessionSpec(openDir(root.resolve("ws-allow")), NetworkMode.OFFLINE, List.of(),
                Map.of(), List.of(), SessionSpec.Limits.DEFAULT, List.of(allowedSocket.path())));
    }

    @AfterAll
    static void cleanUp() {
        List<Throwable> failures = new ArrayList<>();
        step(failures, () -> {
            for (Process p : List.copyOf(hostProcesses)) {
                p.destroyForcibly();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("host process " + p.pid() + " survived SIGKILL for 10 s");
                }
            }
        });
        step(failures, () -> {
            if (sessions != null) {
                sessions.close();
            }
        });
        step(failures, () -> {
            for (AutoCloseable l : List.copyOf(socketListeners)) {
                l.close();
            }
            for (Path d : List.copyOf(socketDirs)) {
                FileTrees.deleteTree(d);
            }
        });
        step(failures, () -> {
            for (Path p : List.copyOf(strayFiles)) {
                Files.deleteIfExists(p);
            }
        });
        removeInstance(failures, root, backend, testInstance);
        for (AutoCloseable server : new AutoCloseable[] {target, proxy, udpSink}) {
            step(failures, () -> {
                if (server != null) {
                    server.close();
                }
            });
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("Clean-up of the smoke test failed: " + failures.get(0));
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @FunctionalInterface
    interface CleanupStep {
        void run() throws Exception;
    }

    /** The last clean-up steps of a smoke class: its directory, what setup made (uninstall), the instance's remains. */
    static void removeInstance(List<Throwable> failures, Path root, Backend backend, TestInstance testInstance) {
        step(failures, () -> {
            if (root != null) {
                FileTrees.deleteTree(root);
            }
        });
        step(failures, () -> {
            if (backend != null) {
                backend.provisioner().uninstall(false, line -> { });
            }
        });
        step(failures, () -> {
            if (testInstance != null) {
                testInstance.close();
            }
        });
    }

    /** One clean-up step: a failure is collected, and the next step still runs. */
    static void step(List<Throwable> failures, CleanupStep step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            failures.add(e);
        }
    }

    private static SessionSpec spec(Path ws, NetworkMode mode, List<Path> extra) {
        return new SessionSpec(ws, mode, extra, Map.of(), List.of(), SessionSpec.Limits.DEFAULT);
    }

    private static Path openDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    private static Path openFile(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        return file;
    }

    // ------------------------------------------------------------------ the test

    @Test
    void smokeTests() {
        SmokeRows.runAndReport("Sandbox smoke tests", rows());
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // --- writes
        rows.add(new Row("[1] RO: write outside every writable root denied", this::writeOutsideDenied));
        rows.add(new Row("[2] WS: write in workspace (cwd) allowed", this::writeInWorkspaceAllowed));
        rows.add(new Row("[3] WS: write outside workspace via ../ denied", this::writeViaParentDenied));
        rows.add(new Row("[3b] WS: write in extra writable root allowed", this::writeInExtraRootAllowed));
        rows.add(new Row("[3c] write in a root not granted to this session denied", this::writeInNotExtraDenied));
        rows.add(new Row("[4] WS: TMPDIR write allowed", this::tmpdirWriteAllowed));
        rows.add(new Row("[5/18] /tmp, /var/tmp, /dev/shm (world-writable) write denied", this::worldWritableDenied));
        rows.add(new Row("[L] another session's TMPDIR write denied", this::otherSessionTmpdirDenied));
        rows.add(new Row("[6] WS: append allowed", this::appendAllowed));
        rows.add(new Row("[7] RO: append outside denied", this::appendOutsideDenied));
        rows.add(new Row("[14] WS: python file write allowed", this::pythonWriteAllowed));
        rows.add(new Row("[13] RO: python file write outside denied", this::pythonWriteDenied));
        rows.add(new Row("[10] WS: mkdir+write allowed", this::mkdirWriteAllowed));
        rows.add(new Row("[26] WS: deep mkdir+write allowed", this::deepMkdirWriteAllowed));
        rows.add(new Row("[11] WS: rename allowed", this::renameAllowed));
        rows.add(new Row("[27] WS: move into another directory allowed", this::moveAllowed));
        rows.add(new Row("[12] WS: delete allowed", this::deleteAllowed));
        rows.add(new Row("[L] move a file out of the workspace denied", this::moveOutDenied));
        rows.add(new Row("[L] /dev/null writable", this::devNullWritable));
        // --- metadata of what another session of the account made (issue 8, F1): read-only at the mount level
        rows.add(new Row("[L] another session's files: chmod, chown, setfacl, touch -d, setxattr refused (EROFS; its TMPDIR: EACCES)",
                this::otherSessionMetadataRefused));
        rows.add(new Row("[L] own workspace and TMPDIR: chmod +x, chown, setfacl, touch -d, setxattr work",
                this::ownMetadataAllowed));
        rows.add(new Row("[L] read-only mounts: /dev/null, /dev/zero, /dev/urandom, /proc work; still no controlling terminal",
                this::devicesAndProcUnchanged));
        // --- network
        rows.add(new Row("[15] offline: curl to a public address blocked", this::curlPublicBlocked));
        rows.add(new Row("[15] offline: curl to a local listener (host address) blocked", this::curlHostAddressBlocked));
        rows.add(new Row("[L] offline: UDP to a local listener blocked", this::udpBlocked));
        rows.add(new Row("[L] offline: abstract UNIX socket of a host listener unreachable", this::abstractUnixSocketBlocked));
        rows.add(new Row("[L] offline: root's pathname socket in /tmp (bound before the session) unreachable",
                this::socketBeforeUnreachable));
        rows.add(new Row("[L] offline: root's pathname sockets bound later in /tmp, /var/tmp, /dev/shm, /run unreachable",
                this::socketsBoundLaterUnreachable));
        rows.add(new Row("[L] offline: root's pathname socket outside the shared directories unreachable",
                this::socketOutsideSharedDirsUnreachable));
        rows.add(new Row("[L] offline: root's datagram socket in /tmp unreachable (sendto)", this::datagramSocketUnreachable));
        rows.add(new Row("[L] online: root's pathname socket in /tmp unreachable", this::onlineSocketUnreachable));
        rows.add(new Row("[L] Unix-socket server and client inside TMPDIR and HOME work; in the workspace refused (EACCES)",
                this::inSessionSocketsWork));
        rows.add(new Row("[F3] offline: sockets another (online) session binds later in its workspace or TMPDIR unreachable",
                this::otherSessionsLaterSocketsUnreachable));
        rows.add(new Row("[L] --allow-socket: the named socket reachable, its sibling not", this::allowedSocketOnly));
        rows.add(new Row("[R45] a local user's 5,000 world-connectable sockets: few covers per runner start, none reachable",
                this::manySocketsFewCovers));
        rows.add(new Row("[17a] offline: loopback proxy allowed", this::loopbackProxyAllowed));
        rows.add(new Row("[17b] offline: direct loopback blocked", this::directLoopbackBlocked));
        rows.add(new Row("[L] online account reaches the loopback listener", this::onlineReachesLoopback));
        rows.add(new Row("[L] network toggle: offline blocks, online reaches", this::networkToggle));
        // --- tools
        rows.add(new Row("[19] curl --version", () -> toolVersion("curl")));
        rows.add(new Row("[20] rg --version (optional)", () -> toolVersion("rg")));
        rows.add(new Row("[21] git --version", () -> toolVersion("git")));
        rows.add(new Row("[L] git init + commit inside the workspace", this::gitInitCommit));
        // --- links and races
        rows.add(new Row("[38] workspace given as a symlink to / refused", this::workspaceSymlinkToRootRefused));
        rows.add(new Row("[29/30] symlink escape: write through a link to outside denied", this::symlinkEscapeDenied));
        rows.add(new Row("[L] hard-link escape denied", this::hardLinkEscapeDenied));
        rows.add(new Row("[36] symlink race: nothing appears outside", this::symlinkRace));
        // --- protected directories
        rows.add(new Row("[33] .git/config write denied", this::gitConfigWriteDenied));
        rows.add(new Row("[L] mv .git elsewhere denied", this::moveGitDenied));
        rows.add(new Row("[L] rm -rf .git denied", this::removeGitDenied));
        rows.add(new Row("[34b] .codex and .agents writes denied", this::codexAgentsWriteDenied));
        // --- devices, timeouts
        rows.add(new Row("[31a] raw block device read denied", this::rawDeviceDenied));
        rows.add(new Row("[31b] FIFO outside a writable root denied", this::fifoOutsideDenied));
        rows.add(new Row("[40] after a timeout: tree gone, outside write denied", this::afterTimeout));
        // --- Linux only
        rows.add(new Row("[L] setuid binary gains nothing (no_new_privs)", this::setuidGainsNothing));
        rows.add(new Row("[L] /proc/<pid>/mem of host JVM and a root process unreadable", this::procMemDenied));
        rows.add(new Row("[L] /proc/<pid>/environ of the host JVM unreadable", this::procEnvironDenied));
        rows.add(new Row("[L] /proc/<pid>/mem of another session's command unreadable", this::otherSessionMemDenied));
        rows.add(new Row("[L] signals to a root process refused", this::signalRootRefused));
        rows.add(new Row("[L] signals to another session's command refused", this::signalOtherSessionRefused));
        rows.add(new Row("[L] ptrace and process_vm_readv denied (seccomp)", this::ptraceDenied));
        rows.add(new Row("[L] state directory unreadable", this::stateDirUnreadable));
        rows.add(new Row("[L] double-forked daemon gone after its command", this::daemonGone));
        // --- local channels around the offline cut-off and between sessions (issue 8, section 4)
        rows.add(new Row("[L] terminal: no controlling terminal, TIOCSTI/TIOCLINUX refused (seccomp)", this::terminalRefused));
        rows.add(new Row("[L] terminal: `cordon run` in a real pty cannot reach /dev/tty or inject", this::realTerminalUnreachable));
        rows.add(new Row("[L] keyrings: the caller's session keyring and its keys are not the command's (cordon run)",
                this::callersKeyringNotPossessed));
        rows.add(new Row("[L] SysV IPC, POSIX mqueue, user keyring: nothing passes to the next session, the online one or the host",
                this::ipcStaysInItsSession));
        rows.add(new Row("[L] namespaces: unshare/clone/clone3 CLONE_NEWUSER, setns, `unshare -Urn` refused; fork, threads, "
                + "subprocess work", this::namespacesRefused));
        rows.add(new Row("[L] the runner's mem, maps, fd, environ and task/*/mem unreadable (non-dumpable)",
                this::runnerMemoryUnreadable));
        rows.add(new Row("[L] socket families: AF_VSOCK, NETLINK_USERSOCK, AF_ALG, AF_TIPC refused (EPERM) offline and online; "
                + "unix, inet, inet6, NETLINK_ROUTE/SOCK_DIAG work", this::socketFamiliesRefused));
        return rows;
    }

    // ------------------------------------------------------------------ write rows

    private Outcome writeOutsideDenied() throws Exception {
        Path file = outside.resolve("ro_should_fail.txt");
        return deniedAndAbsent(sh(mainSession, "echo nope > " + q(file)), file);
    }

    private Outcome writeInWorkspaceAllowed() throws Exception {
        return allowedAndExists(sh(mainSession, "echo ok > ws_ok.txt"), workspace.resolve("ws_ok.txt"));
    }

    private Outcome writeViaParentDenied() throws Exception {
        Path file = outside.resolve("ws_relative_escape.txt");
        return deniedAndAbsent(sh(mainSession, "echo nope > ../outside/ws_relative_escape.txt"), file);
    }

    private Outcome writeInExtraRootAllowed() throws Exception {
        Path file = extraRoot.resolve("extra_ok.txt");
        return allowedAndExists(sh(mainSession, "echo extra > " + q(file)), file);
    }

    private Outcome writeInNotExtraDenied() throws Exception {
        Path file = extraRoot.resolve("extra_denied.txt");
        return deniedAndAbsent(sh(plainSession, "echo extra > " + q(file)), file);
    }

    private Outcome tmpdirWriteAllowed() throws Exception {
        Run run = sh(mainSession, "echo tempok > \"$TMPDIR/ws_temp_ok.txt\" && printf %s \"$TMPDIR\"");
        Path file = mainSession.tmp().resolve("ws_temp_ok.txt");
        boolean tmpdirIsTheSessions = run.stdout().strip().equals(mainSession.tmp().toString());
        return Outcome.expect(run.ok() && tmpdirIsTheSessions && Files.exists(file),
                run.describe() + ", TMPDIR=" + run.stdout().strip() + ", file " + existence(file));
    }

    private Outcome worldWritableDenied() throws Exception {
        String name = "cordon-smoke-" + testInstance.name() + "-ww.txt";
        List<Path> files = List.of(Path.of("/tmp", name), Path.of("/var/tmp", name), Path.of("/dev/shm", name));
        strayFiles.addAll(files);
        StringBuilder script = new StringBuilder();
        for (Path f : files) {
            script.append("if echo x > ").append(q(f)).append(" 2>/dev/null; then echo written ").append(f)
                    .append("; else echo denied ").append(f).append("; fi; ");
        }
        Run run = sh(mainSession, script.toString());
        List<Path> present = files.stream().filter(Files::exists).toList();
        boolean allDenied = run.stdout().lines().filter(l -> l.startsWith("denied ")).count() == files.size();
        return Outcome.expect(run.ok() && allDenied && present.isEmpty(),
                run.describe() + ", " + run.stdout().strip().replace('\n', ';') + ", present: " + present);
    }

    private Outcome otherSessionTmpdirDenied() throws Exception {
        Path file = mainSession.tmp().resolve("plain_was_here.txt");
        return deniedAndAbsent(sh(plainSession, "echo x > " + q(file)), file);
    }

    private Outcome appendAllowed() throws Exception {
        Path file = openFile(workspace.resolve("append.txt"), "line1\n");
        Run run = sh(mainSession, "echo line2 >> append.txt");
        String content = Files.readString(file);
        return Outcome.expect(run.ok() && content.equals("line1\nline2\n"), run.describe() + ", content " + quoted(content));
    }

    private Outcome appendOutsideDenied() throws Exception {
        Path file = openFile(outside.resolve("ro_append.txt"), "line1\n");
        Run run = sh(mainSession, "echo line2 >> " + q(file));
        String content = Files.readString(file);
        return Outcome.expect(run.denied() && content.equals("line1\n"), run.describe() + ", content " + quoted(content));
    }

    private Outcome pythonWriteAllowed() throws Exception {
        Run run = run(mainSession, PYTHON, "-c", "open('py_ok.txt','w').write('x')");
        return allowedAndExists(run, workspace.resolve("py_ok.txt"));
    }

    private Outcome pythonWriteDenied() throws Exception {
        Path file = outside.resolve("py_should_fail.txt");
        Run run = run(mainSession, PYTHON, "-c", "open(" + pyString(file) + ",'w').write('x')");
        return deniedAndAbsent(run, file);
    }

    private Outcome mkdirWriteAllowed() throws Exception {
        return allowedAndExists(sh(mainSession, "mkdir sub && echo hi > sub/in_sub.txt"), workspace.resolve("sub/in_sub.txt"));
    }

    private Outcome deepMkdirWriteAllowed() throws Exception {
        return allowedAndExists(sh(mainSession, "mkdir -p deep/nest && echo ok > deep/nest/f.txt"),
                workspace.resolve("deep/nest/f.txt"));
    }

    private Outcome renameAllowed() throws Exception {
        Run run = sh(mainSession, "echo x > r.txt && mv r.txt r2.txt");
        boolean moved = Files.exists(workspace.resolve("r2.txt")) && !Files.exists(workspace.resolve("r.txt"));
        return Outcome.expect(run.ok() && moved, run.describe() + ", r2.txt " + existence(workspace.resolve("r2.txt")));
    }

    private Outcome moveAllowed() throws Exception {
        Run run = sh(mainSession, "echo x > m1.txt && mkdir mdir && mv m1.txt mdir/m2.txt");
        Path moved = workspace.resolve("mdir/m2.txt");
        return Outcome.expect(run.ok() && Files.exists(moved) && !Files.exists(workspace.resolve("m1.txt")),
                run.describe() + ", mdir/m2.txt " + existence(moved));
    }

    private Outcome deleteAllowed() throws Exception {
        Path file = openFile(workspace.resolve("delme.txt"), "bye\n");
        Run run = sh(mainSession, "rm delme.txt");
        return Outcome.expect(run.ok() && !Files.exists(file), run.describe() + ", delme.txt " + existence(file));
    }

    private Outcome moveOutDenied() throws Exception {
        Run run = sh(mainSession, "echo x > moveout.txt && mv moveout.txt " + q(outside));
        Path escaped = outside.resolve("moveout.txt");
        boolean stayed = Files.exists(workspace.resolve("moveout.txt"));
        return Outcome.expect(run.denied() && !Files.exists(escaped) && stayed,
                run.describe() + ", outside copy " + existence(escaped) + ", original " + (stayed ? "kept" : "gone"));
    }

    private Outcome devNullWritable() throws Exception {
        Run run = sh(mainSession, "echo x > /dev/null && head -c 4 /dev/zero | wc -c");
        return Outcome.expect(run.ok() && run.stdout().strip().equals("4"), run.describe());
    }

    /**
     * Each metadata change the script tries on {@code targets}, one line each: {@code ok OP PATH} or {@code refused OP
     * PATH: MESSAGE}. chown to the caller's own uid changes nothing yet is still refused on a read-only mount.
     */
    private static final String METADATA_ATTEMPTS = String.join("\n",
            "for f in \"$@\"; do",
            "  try() { op=$1; shift; if out=$(\"$@\" 2>&1); then echo \"ok $op $f\"; "
                    + "else echo \"refused $op $f: $(printf '%s\\n' \"$out\" | tail -n 1)\"; fi; }",
            "  try chmod chmod 0777 \"$f\"",
            "  try chown chown \"$(id -u)\" \"$f\"",
            "  try setfacl setfacl -m u:65534:rwx \"$f\"",
            "  try touch touch -d 2001-01-01 \"$f\"",
            "  try setxattr " + PYTHON + " -c 'import os,sys; os.setxattr(sys.argv[1], \"user.cordon\", b\"1\")' \"$f\"",
            "done");
    private static final int METADATA_OPS = 5;

    private Outcome otherSessionMetadataRefused() throws Exception {
        Path dir = workspace.resolve("f1-gen");
        Path file = dir.resolve("out.txt");
        Path tmpFile = mainSession.tmp().resolve("f1-tmp.txt");
        Run made = sh(mainSession, "mkdir -m 700 " + q(dir) + " && (umask 077; echo secret > " + q(file) + ")"
                + " && (umask 077; echo secret > " + q(tmpFile) + ")");
        if (!made.ok()) {
            return Outcome.fail("session 1 could not make its files: " + made.describe());
        }
        List<Path> targets = List.of(dir, file, tmpFile);
        Map<Path, String> before = new java.util.LinkedHashMap<>();
        for (Path t : targets) {
            before.put(t, metadata(t));
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", METADATA_ATTEMPTS, "sh"));
        targets.forEach(t -> argv.add(t.toString()));
        Run run = SmokeRows.run(sessions, plainSession, Map.of(), COMMAND_TIMEOUT, argv.toArray(String[]::new));
        List<String> lines = run.stdout().lines().toList();
        // in the workspace the read-only mount refuses (EROFS); the other session's TMPDIR is not even reachable: its
        // directory belongs to that session's own group (review finding F3), so permissions refuse first (EACCES)
        // extended attributes (ACLs included) no command may set at all: the filter answers before the mount (R5)
        boolean allRefusedRo = lines.size() == targets.size() * METADATA_OPS && lines.stream().allMatch(l ->
                l.startsWith("refused ") && ((XATTR_OPS.contains(l.split(" ")[1]) && unsupported(l))
                        || (l.startsWith("refused " + l.split(" ")[1] + " " + tmpFile + ":")
                        ? l.contains("Permission denied") || l.contains("[Errno 13]")
                        : l.contains("Read-only file system") || l.contains("[Errno 30]"))));
        List<String> changed = new ArrayList<>();
        for (Path t : targets) {
            String after = metadata(t);
            if (!after.equals(before.get(t))) {
                changed.add(t + ": " + before.get(t) + " -> " + after);
            }
        }
        return Outcome.expect(run.ok() && allRefusedRo && changed.isEmpty(), run.describe() + "; "
                + String.join("; ", lines) + (changed.isEmpty() ? "" : "; CHANGED " + changed));
    }

    private Outcome ownMetadataAllowed() throws Exception {
        Path file = workspace.resolve("f1-own.sh");
        Path tmpFile = mainSession.tmp().resolve("f1-own.txt");
        Run made = sh(mainSession, "echo 'echo hi' > " + q(file) + " && echo x > " + q(tmpFile));
        if (!made.ok()) {
            return Outcome.fail("could not make the files: " + made.describe());
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", METADATA_ATTEMPTS + "\nchmod +x " + q(file)
                + " && " + q(file), "sh", file.toString(), tmpFile.toString()));
        Run run = SmokeRows.run(sessions, mainSession, Map.of(), COMMAND_TIMEOUT, argv.toArray(String[]::new));
        List<String> lines = run.stdout().lines().toList();
        boolean asExpected = lines.size() == 2 * METADATA_OPS + 1 && lines.stream().limit(2 * METADATA_OPS)
                .allMatch(l -> l.startsWith("ok ")) && lines.get(lines.size() - 1).equals("hi");
        String acl = Exec.run(List.of("getfacl", "-pn", file.toString())).stdout();
        return Outcome.expect(run.ok() && asExpected && acl.contains("user:65534:rwx"), run.describe() + "; "
                + String.join("; ", lines));
    }

    /** The attempts of {@link #METADATA_ATTEMPTS} that set an extended attribute: the seccomp filter refuses them. */
    private static final List<String> XATTR_OPS = List.of("setfacl", "setxattr");

    private static boolean unsupported(String line) {
        return line.contains("Operation not supported") || line.contains("[Errno 95]");
    }

    private Outcome devicesAndProcUnchanged() throws Exception {
        Run run = sh(mainSession, "echo x > /dev/null && head -c 4 /dev/zero | wc -c"
                + " && grep -c '^Name:' /proc/self/status"
                + " && head -c 3 /dev/urandom | wc -c"
                + " && if (: < /dev/tty) 2>/dev/null; then echo tty-open; else echo no-tty; fi");
        return Outcome.expect(run.ok() && run.stdout().strip().equals("4\n1\n3\nno-tty"), run.describe() + ", "
                + quoted(run.stdout().strip()));
    }

    /** Mode, owner, mtime, ACL and user xattrs of {@code p}, as root sees them. */
    private static String metadata(Path p) throws IOException {
        String stat = Exec.run(List.of("stat", "-c", "%a %u:%g %Y", p.toString())).stdout().strip();
        String acl = Exec.run(List.of("getfacl", "-pn", "--skip-base", p.toString())).stdout().strip();
        java.nio.file.attribute.UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(p,
                java.nio.file.attribute.UserDefinedFileAttributeView.class);
        return stat + " acl[" + acl.replace('\n', ',') + "] xattr" + xattrs.list();
    }

    // ------------------------------------------------------------------ network rows

    private Outcome curlPublicBlocked() throws Exception {
        Optional<Outcome> missing = requireSandboxTool("curl");
        if (missing.isPresent()) {
            return missing.get();
        }
        List<String> curl = List.of("curl", "-sS", "-o", "/dev/null", "--connect-timeout", "1", "--max-time", "2", PUBLIC_URL);
        Exec.Result control = Exec.run(curl, null, Map.of(), 30);
        if (!control.ok()) {
            return Outcome.skip("the host itself cannot reach " + PUBLIC_URL + " (curl rc=" + control.exitCode()
                    + "), so a refusal would prove nothing");
        }
        Run run = run(mainSession, curl.toArray(String[]::new));
        return Outcome.expect(run.denied(), run.describe() + " (control as root: rc=0)");
    }

    private Outcome curlHostAddressBlocked() throws Exception {
        Optional<Outcome> missing = requireSandboxTool("curl");
        if (missing.isPresent()) {
            return missing.get();
        }
        Optional<InetAddress> address = hostAddress();
        if (address.isEmpty()) {
            return Outcome.skip("the host has no non-loopback IPv4 address");
        }
        int before = target.connections();
        String url = "http://" + address.get().getHostAddress() + ":" + target.port() + "/host-address";
        Run run = run(mainSession, "curl", "-sS", "--noproxy", "*", "--connect-timeout", "1", "--max-time", "2", url);
        boolean reached = target.connections() != before || target.saw("/host-address");
        return Outcome.expect(run.denied() && !reached, run.describe() + ", listener " + (reached ? "REACHED" : "not reached"));
    }

    private Outcome udpBlocked() throws Exception {
        String script = String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "try:",
                "    s.sendto(b'sandbox-udp', ('127.0.0.1', int(sys.argv[1])))",
                "    print('sent')",
                "except OSError as e:",
                "    print('refused', e.errno)",
                "    sys.exit(1)");
        Run run = run(mainSession, PYTHON, "-c", script, Integer.toString(udpSink.port()));
        String marker = "marker-" + System.nanoTime();
        boolean markerArrived = udpSink.sendAndAwait(marker, Duration.ofSeconds(10));
        if (!markerArrived) {
            return Outcome.fail("the root control datagram did not arrive within 10 s: cannot tell; sandbox " + run.describe());
        }
        boolean reached = udpSink.saw("sandbox-udp");
        return Outcome.expect(!reached, run.describe() + " " + run.stdout().strip() + ", listener "
                + (reached ? "REACHED" : "not reached (control datagram arrived)"));
    }

    private Outcome loopbackProxyAllowed() throws Exception {
        Optional<Outcome> missing = requireSandboxTool("curl");
        if (missing.isPresent()) {
            return missing.get();
        }
        String proxyUrl = "http://127.0.0.1:" + proxy.port();
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")) {
            env.put(name, proxyUrl);
        }
        env.put("NO_PROXY", "");
        String url = "http://127.0.0.1:" + target.port() + "/proxied";
        Run run = run(mainSession, env, COMMAND_TIMEOUT, "curl", "-sS", "--noproxy", "", "--connect-timeout", "2",
                "--max-time", "4", url);
        boolean viaProxy = proxy.forwarded(url);
        return Outcome.expect(run.ok() && run.stdout().contains("target-ok /proxied") && viaProxy,
                run.describe() + ", stdout " + quoted(run.stdout().strip()) + ", proxy " + (viaProxy ? "forwarded it" : "never saw it"));
    }

    private Outcome directLoopbackBlocked() throws Exception {
        Optional<Outcome> missing = requireSandboxTool("curl");
        if (missing.isPresent()) {
            return missing.get();
        }
        int before = target.connections();
        Run run = run(mainSession, "curl", "-sS", "--noproxy", "*", "--connect-timeout", "1", "--max-time", "2",
                "http://127.0.0.1:" + target.port() + "/direct");
        boolean reached = target.connections() != before || target.saw("/direct");
        return Outcome.expect(run.denied() && !reached, run.describe() + ", listener " + (reached ? "REACHED" : "not reached"));
    }

    private Outcome onlineReachesLoopback() throws Exception {
        Optional<Outcome> missing = requireSandboxTool("curl");
        if (missing.isPresent()) {
            return missing.get();
        }
        return loopbackReached(onlineSession, "/online");
    }

    private Outcome networkToggle() throws Exception {
        Optional<Outcome> missing = requireSandboxTool("curl");
        if (missing.isPresent()) {
            return missing.get();
        }
        SessionInfo off = sessions.setNetwork(onlineSession.id(), NetworkMode.OFFLINE, null, "smoke test: toggle off");
        int before = target.connections();
        Run blocked = run(onlineSession, "curl", "-sS", "--noproxy", "*", "--connect-timeout", "1", "--max-time", "2",
                "http://127.0.0.1:" + target.port() + "/toggled-offline");
        boolean leaked = target.connections() != before || target.saw("/toggled-offline");
        SessionInfo on = sessions.setNetwork(onlineSession.id(), NetworkMode.ONLINE, null, "smoke test: toggle back on");
        Outcome reached = loopbackReached(onlineSession, "/toggled-online");
        boolean ok = off.network().equals("offline") && blocked.denied() && !leaked && on.network().equals("online")
                && reached.verdict() == Verdict.PASS;
        return Outcome.expect(ok, "offline(" + off.account() + "): " + blocked.describe() + (leaked ? " REACHED" : " not reached")
                + "; online(" + on.account() + "): " + reached.detail());
    }

    private Outcome loopbackReached(SessionInfo session, String path) throws Exception {
        Run run = run(session, "curl", "-sS", "--noproxy", "*", "--connect-timeout", "2", "--max-time", "4",
                "http://127.0.0.1:" + target.port() + path);
        boolean seen = target.saw(path);
        return Outcome.expect(run.ok() && run.stdout().contains("target-ok " + path) && seen,
                run.describe() + ", stdout " + quoted(run.stdout().strip()) + ", listener " + (seen ? "reached" : "not reached"));
    }

    // ------------------------------------------------------------------ tool rows

    private Outcome toolVersion(String tool) throws Exception {
        Optional<Outcome> missing = requireSandboxTool(tool);
        if (missing.isPresent()) {
            return missing.get();
        }
        Run run = run(mainSession, tool, "--version");
        return Outcome.expect(run.ok(), run.describe() + ", " + run.stdout().lines().findFirst().orElse("(no output)"));
    }

    private Outcome gitInitCommit() throws Exception {
        Optional<Outcome> missing = requireSandboxTool("git");
        if (missing.isPresent()) {
            return missing.get();
        }
        // a subdirectory: the workspace's own .git is read-only by design (see the .git rows)
        Run run = sh(mainSession, "set -e; mkdir repo; cd repo; git init -q; echo hi > a.txt; git add a.txt;"
                + " git -c user.name=Smoke -c user.email=smoke@example.invalid commit -q -m init; git log --format=%s");
        return Outcome.expect(run.ok() && run.stdout().strip().equals("init"), run.describe() + ", log " + quoted(run.stdout().strip()));
    }

    // ------------------------------------------------------------------ link rows

    private Outcome workspaceSymlinkToRootRefused() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("fake_root"), Path.of("/"));
        try {
            SessionInfo started = sessions.start(spec(link, NetworkMode.OFFLINE, List.of()));
            sessions.stop(started.id());
            return Outcome.fail("a session started with workspace " + started.workspace());
        } catch (CordonException e) {
            return Outcome.expect(e.exitCode() == ExitCode.USAGE, e.exitCode() + ": " + e.getMessage());
        }
    }

    private Outcome symlinkEscapeDenied() throws Exception {
        Path file = outside.resolve("symlink_escape.txt");
        Run run = sh(mainSession, "ln -s " + q(outside) + " outlink && echo x > outlink/symlink_escape.txt");
        boolean linkMade = Files.isSymbolicLink(workspace.resolve("outlink"));
        return Outcome.expect(run.denied() && linkMade && !Files.exists(file),
                run.describe() + ", link " + (linkMade ? "created" : "missing") + ", outside file " + existence(file));
    }

    private Outcome hardLinkEscapeDenied() throws Exception {
        Path outsideFile = openFile(outside.resolve("hl_target.txt"), "original\n");
        Path inward = workspace.resolve("hl_in.txt");
        Path outward = outside.resolve("hl_out.txt");
        Run linkIn = sh(mainSession, "ln " + q(outsideFile) + " hl_in.txt");
        Run linkOut = sh(mainSession, "echo inside > hl_src.txt && ln hl_src.txt " + q(outward));
        boolean ok = linkIn.denied() && !Files.exists(inward) && linkOut.denied() && !Files.exists(outward)
                && Files.readString(outsideFile).equals("original\n");
        return Outcome.expect(ok, "outside->ws: " + linkIn.describe() + ", ws->outside: " + linkOut.describe());
    }

    private Outcome symlinkRace() throws Exception {
        Path raceDir = openDir(workspace.resolve("race"));
        Path inside = openDir(raceDir.resolve("inside"));
        Path outsideRace = openDir(outside.resolve("race"));
        Path flip = raceDir.resolve("flip");
        Path next = raceDir.resolve("flip.next");
        Files.createSymbolicLink(flip, inside);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger flips = new AtomicInteger();
        AtomicReference<Throwable> flipperFailure = new AtomicReference<>();
        Thread flipper = new Thread(() -> {
            try {
                for (int i = 0; !stop.get() && i < 1_000_000; i++) {
                    Files.deleteIfExists(next);
                    Files.createSymbolicLink(next, i % 2 == 0 ? outsideRace : inside);
                    Files.move(next, flip, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    flips.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                flipperFailure.set(e);
            }
        }, "symlink-flipper");
        flipper.start();
        Run run;
        try {
            run = sh(mainSession, "i=0; while [ $i -lt 400 ]; do echo race > race/flip/race.txt 2>/dev/null; i=$((i+1)); done; echo done");
        } finally {
            stop.set(true);
            flipper.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (flipper.isAlive()) {
            return Outcome.fail("the flipper thread did not stop within 10 s");
        }
        if (flipperFailure.get() != null) {
            return Outcome.fail("the flipper failed: " + flipperFailure.get());
        }
        Path escaped = outsideRace.resolve("race.txt");
        return Outcome.expect(run.ok() && !Files.exists(escaped), run.describe() + ", " + flips.get() + " flips, outside file "
                + existence(escaped) + ", inside file " + existence(inside.resolve("race.txt")));
    }

    // ------------------------------------------------------------------ protected directory rows

    private Outcome gitConfigWriteDenied() throws Exception {
        Path config = workspace.resolve(".git/config");
        String before = Files.readString(config);
        Run run = sh(mainSession, "echo '[core] hooksPath = /tmp/evil' >> .git/config");
        String after = Files.readString(config);
        return Outcome.expect(run.denied() && after.equals(before), run.describe() + ", config " + (after.equals(before) ? "unchanged" : "CHANGED"));
    }

    private Outcome moveGitDenied() throws Exception {
        Run run = sh(mainSession, "mv .git git-moved");
        boolean intact = Files.isRegularFile(workspace.resolve(".git/config")) && !Files.exists(workspace.resolve("git-moved"));
        return Outcome.expect(run.denied() && intact, run.describe() + ", .git " + (intact ? "in place" : "MOVED"));
    }

    private Outcome removeGitDenied() throws Exception {
        Run run = sh(mainSession, "rm -rf .git");
        boolean intact = Files.isRegularFile(workspace.resolve(".git/config"));
        return Outcome.expect(run.denied() && intact, run.describe() + ", .git/config " + (intact ? "still there" : "GONE"));
    }

    private Outcome codexAgentsWriteDenied() throws Exception {
        Path policy = workspace.resolve(".codex/policy.json");
        Path newAgentsFile = workspace.resolve(".agents/new.md");
        Run codex = sh(mainSession, "echo tamper > .codex/policy.json");
        Run agents = sh(mainSession, "echo tamper > .agents/new.md");
        boolean ok = codex.denied() && Files.readString(policy).equals("{}\n") && agents.denied() && !Files.exists(newAgentsFile);
        return Outcome.expect(ok, ".codex: " + codex.describe() + "; .agents: " + agents.describe());
    }

    // ------------------------------------------------------------------ device and timeout rows

    private Outcome rawDeviceDenied() throws Exception {
        Optional<Path> disk = rootDisk();
        if (disk.isEmpty()) {
            return Outcome.skip("no block device found for / in findmnt or /proc/partitions");
        }
        Run run = sh(mainSession, "head -c 512 " + q(disk.get()) + " > /dev/null");
        return Outcome.expect(run.denied(), disk.get() + " (" + PosixFilePermissions.toString(
                Files.getPosixFilePermissions(disk.get())) + "): " + run.describe());
    }

    private Outcome fifoOutsideDenied() throws Exception {
        Path fifo = outside.resolve("smoke.fifo");
        return deniedAndAbsent(sh(mainSession, "mkfifo " + q(fifo)), fifo);
    }

    private Outcome afterTimeout() throws Exception {
        Path pidFile = workspace.resolve("timeout.pids");
        Run slow = run(mainSession, Map.of(), Duration.ofSeconds(2), "/bin/sh", "-c",
                "sleep 300 & echo $$ $! > timeout.pids; wait");
        if (!slow.timedOut()) {
            return Outcome.fail("the command was not reported as timed out: " + slow.describe());
        }
        if (!Files.exists(pidFile)) {
            return Outcome.fail("the command never wrote its pids: " + slow.describe());
        }
        List<Long> pids = List.of(Files.readString(pidFile).strip().split("\\s+")).stream().map(Long::parseLong).toList();
        List<Long> survivors = new ArrayList<>();
        for (long pid : pids) {
            if (aliveAs(pid, PosixIds.uid(offline))) {
                survivors.add(pid);
            }
        }
        Path leak = outside.resolve("timeout_leak.txt");
        Run write = sh(mainSession, "echo leak > " + q(leak));
        return Outcome.expect(survivors.isEmpty() && write.denied() && !Files.exists(leak),
                "tree " + pids + (survivors.isEmpty() ? " gone" : " SURVIVORS " + survivors) + "; write: " + write.describe()
                        + ", file " + existence(leak));
    }

    // ------------------------------------------------------------------ Linux-only rows

    private Outcome setuidGainsNothing() throws Exception {
        Path dir = root.resolve("suid");
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path suidId = dir.resolve("id-setuid-root");
        Files.copy(Path.of("/usr/bin/id"), suidId);
        Exec.run(List.of("chmod", "4755", suidId.toString())).orThrow("chmod 4755 " + suidId);
        Exec.Result control = Exec.run(List.of(Exec.require("setpriv", "util-linux").toString(), "--reuid=" + PosixIds.uid(offline),
                "--regid=" + PosixIds.gid(offline), "--clear-groups", "--", suidId.toString(), "-u"));
        if (!control.ok() || !control.stdout().strip().equals("0")) {
            return Outcome.skip("a setuid-root copy does not run as root here even outside the sandbox (control: rc="
                    + control.exitCode() + " " + control.stdout().strip() + control.stderr().strip() + ")");
        }
        Run run = run(mainSession, suidId.toString(), "-u");
        Run nnp = sh(mainSession, "grep NoNewPrivs /proc/self/status");
        return Outcome.expect(run.ok() && run.stdout().strip().equals(Integer.toString(PosixIds.uid(offline))),
                "euid " + run.stdout().strip() + " (sandbox uid " + PosixIds.uid(offline) + ", control as the same uid without the"
                        + " sandbox: 0), " + nnp.stdout().strip().replaceAll("\\s+", " "));
    }

    private static final String OPEN_PROC_FILES = String.join("\n",
            "import sys",
            "for path in sys.argv[1:]:",
            "    try:",
            "        with open(path, 'rb') as f:",
            "            f.read(1)",
            "        print(path, 'read')",
            "    except OSError as e:",
            "        print(path, 'denied' if e.errno in (1, 13) else 'invisible' if e.errno == 2 else 'error', e.errno)");

    private Outcome procMemDenied() throws Exception {
        Process rootSleep = startRootSleep();
        long jvm = ProcessHandle.current().pid();
        return procFilesDenied(mainSession, "/proc/" + jvm + "/mem", "/proc/" + rootSleep.pid() + "/mem");
    }

    private Outcome procEnvironDenied() throws Exception {
        return procFilesDenied(mainSession, "/proc/" + ProcessHandle.current().pid() + "/environ");
    }

    private Outcome otherSessionMemDenied() throws Exception {
        Background victim = startBackground(mainSession, "sleep", "120");
        try {
            return procFilesDenied(plainSession, "/proc/" + victim.pid() + "/mem");
        } finally {
            victim.stop();
        }
    }

    private Outcome procFilesDenied(SessionInfo session, String... paths) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PYTHON, "-c", OPEN_PROC_FILES));
        argv.addAll(List.of(paths));
        Run run = run(session, Map.of(), COMMAND_TIMEOUT, argv.toArray(String[]::new));
        // refused, or (R46: the runner's own pid namespace) no such process there; each target must exist on the host
        long denied = run.stdout().lines().filter(l -> l.split(" ").length > 1
                && (l.split(" ")[1].equals("denied") || l.split(" ")[1].equals("invisible"))).count();
        List<String> absent = java.util.Arrays.stream(paths).filter(p -> !Files.exists(Path.of(p))).toList();
        return Outcome.expect(run.ok() && denied == paths.length && absent.isEmpty(), run.describe() + ", "
                + run.stdout().strip().replace('\n', ';') + (absent.isEmpty() ? "" : "; NOT on the host either: " + absent));
    }

    private Outcome signalRootRefused() throws Exception {
        Process rootSleep = startRootSleep();
        Run run = sh(mainSession, signalScript(rootSleep.pid()));
        return signalOutcome(run, rootSleep.isAlive());
    }

    private Outcome signalOtherSessionRefused() throws Exception {
        Background victim = startBackground(mainSession, "sleep", "120");
        Outcome outcome;
        try {
            Run run = sh(plainSession, signalScript(victim.pid()));
            boolean survived = !victim.recorder().hasExited() && aliveAs(victim.pid(), PosixIds.uid(offline));
            outcome = signalOutcome(run, survived);
        } finally {
            victim.stop();
        }
        // 143 = the attacker's SIGTERM; 137 = our own kill after the row
        return new Outcome(outcome.verdict(), outcome.detail() + ", victim (session " + mainSession.id() + ") exit "
                + victim.recorder().toRun().describe() + "; attacker session " + plainSession.id());
    }

    private static final String ABSTRACT_LISTENER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "s.bind('\\0' + sys.argv[1])",
            "s.listen(1)",
            "s.settimeout(60)",
            "print('ready', flush=True)",
            "c, _ = s.accept()",
            "print('accepted', c.recv(64).decode(), flush=True)");

    private static final String ABSTRACT_CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "try:",
            "    s.connect('\\0' + sys.argv[1])",
            "    s.sendall(b'from-the-sandbox')",
            "    print('connected')",
            "except OSError as e:",
            "    print('refused', e.errno)",
            "    sys.exit(1)");

    /** AF_UNIX bypasses nftables: the offline account must not reach a host service on an abstract socket. */
    private Outcome abstractUnixSocketBlocked() throws Exception {
        String name = "cordon-smoke-" + testInstance.name();
        Process listener = new ProcessBuilder(PYTHON, "-c", ABSTRACT_LISTENER, name).redirectErrorStream(true).start();
        hostProcesses.add(listener);
        BufferedReader listenerOut = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
        String ready = listenerOut.readLine();
        if (!"ready".equals(ready)) {
            return Outcome.fail("the host listener did not start: " + ready);
        }
        Run run = run(mainSession, PYTHON, "-c", ABSTRACT_CLIENT, name);
        String heard;
        if (run.stdout().startsWith("connected")) {
            if (!listener.waitFor(10, TimeUnit.SECONDS)) {
                listener.destroyForcibly();
            }
            heard = listenerOut.lines().collect(Collectors.joining(" "));
        } else {
            // the client could not connect: the listener has accepted nothing unless it already said so
            heard = listenerOut.ready() ? listenerOut.readLine() : "";
            listener.destroyForcibly();
            listener.waitFor(10, TimeUnit.SECONDS);
        }
        boolean reached = heard.startsWith("accepted");
        return Outcome.expect(run.denied() && !reached, run.describe() + " " + run.stdout().strip() + ", host listener "
                + (reached ? "REACHED: " + heard : "not reached"));
    }

    /** Connects to each path (stream) and sends the token; prints {@code reached PATH} or {@code refused PATH why}. */
    private static final String UNIX_CLIENT = String.join("\n",
            "import socket, sys",
            "token = sys.argv[1].encode()",
            "for p in sys.argv[2:]:",
            "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "    s.settimeout(5)",
            "    try:",
            "        s.connect(p)",
            "        s.sendall(token)",
            "        print('reached', p)",
            "    except OSError as e:",
            "        print('refused', p, e.__class__.__name__, e.errno)",
            "    finally:",
            "        s.close()");

    private static Path socketDir(Path parent) throws IOException {
        Path dir = parent.resolve("cordon-smoke-" + testInstance.name() + "-sockets");
        Files.createDirectories(dir);
        socketDirs.add(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static UnixSocketListener listen(Path socket) {
        UnixSocketListener l = UnixSocketListener.open(socket);
        socketListeners.add(l);
        return l;
    }

    private static String token() {
        return "tok-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    }

    /** The session's command tries every listener with a fresh token; PASS when each is as {@code reachable} says. */
    private static Outcome trySockets(SessionInfo session, Map<UnixSocketListener, Boolean> reachable) throws Exception {
        String token = token();
        List<String> argv = new ArrayList<>(List.of(PYTHON, "-c", UNIX_CLIENT, token));
        reachable.keySet().forEach(l -> argv.add(l.path().toString()));
        Run run = run(session, argv.toArray(String[]::new));
        Thread.sleep(300); // let accepted connections deliver their token
        boolean ok = run.ok();
        List<String> verdicts = new ArrayList<>();
        for (var e : reachable.entrySet()) {
            boolean reached = e.getKey().reached(token);
            ok &= reached == e.getValue();
            verdicts.add(e.getKey().path() + (reached ? " REACHED" : " not reached") + (reached == e.getValue() ? "" : " (wrong)"));
        }
        return Outcome.expect(ok, run.describe() + "; " + run.stdout().strip().replace('\n', ';') + "; host: "
                + String.join(", ", verdicts));
    }

    private Outcome socketBeforeUnreachable() throws Exception {
        return trySockets(mainSession, Map.of(socketBefore, false));
    }

    private Outcome socketsBoundLaterUnreachable() throws Exception {
        Map<UnixSocketListener, Boolean> late = new LinkedHashMap<>();
        for (String dir : List.of("/tmp", "/var/tmp", "/dev/shm", "/run")) {
            late.put(listen(socketDir(Path.of(dir)).resolve("later.sock")), false);
        }
        return trySockets(mainSession, late);
    }

    private Outcome socketOutsideSharedDirsUnreachable() throws Exception {
        return trySockets(mainSession, Map.of(socketOutsideSharedDirs, false));
    }

    private Outcome onlineSocketUnreachable() throws Exception {
        return trySockets(onlineSession, Map.of(socketBefore, false));
    }

    private Outcome allowedSocketOnly() throws Exception {
        Map<UnixSocketListener, Boolean> expected = new LinkedHashMap<>();
        expected.put(allowedSocket, true);
        expected.put(allowedSocketSibling, false);
        expected.put(socketBefore, false);
        Outcome outcome = trySockets(allowSession, expected);
        SessionInfo shown = sessions.show(allowSession.id());
        boolean listed = shown.allowedSockets().equals(List.of(allowedSocket.path()));
        return new Outcome(listed ? outcome.verdict() : Verdict.FAIL, outcome.detail() + "; session shows allowedSockets="
                + shown.allowedSockets());
    }

    /**
     * As a local user in no group of Cordon's: binds {@code argv[3]} listening sockets in {@code argv[1]} (the user's home)
     * and {@code argv[4]} in {@code argv[2]} (a directory in /tmp), every one world-connectable, then holds them until
     * its stdin closes.
     */
    private static final String MANY_SOCKETS = String.join("\n",
            "import os, resource, socket, sys",
            "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)",
            "resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))",
            "os.umask(0)",
            "held = []",
            "def bind(d, n):",
            "    os.makedirs(d, exist_ok=True)",
            "    os.chmod(d, 0o755)",
            "    for i in range(n):",
            "        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "        s.bind(os.path.join(d, 's%d' % i))",
            "        s.listen(1)",
            "        held.append(s)",
            "bind(sys.argv[1], int(sys.argv[3]))",
            "bind(sys.argv[2], int(sys.argv[4]))",
            "print('ready', len(held), flush=True)",
            "sys.stdin.read()");

    /** Counts the mounts of this process's namespace whose mount point is {@code argv[1]} or lies below it. */
    private static final String COUNT_MOUNTS_BELOW = String.join("\n",
            "import sys",
            "top = sys.argv[1]",
            "points = [l.split(' ')[4] for l in open('/proc/self/mountinfo')]",
            "print('mounts', sum(1 for p in points if p == top or p.startswith(top + '/')))");

    /**
     * R45: every runner start covered each pathname socket bound on the machine with its own {@code /dev/null} bind
     * mount, so a local user in no group of Cordon's slowed every session start by binding sockets (5,000: 3.2–4.0 s per
     * {@code cordon run -- true}; 15,000: 14.9 s), without bound. A throwaway user binds 5,000 world-connectable sockets
     * in their {@code 0755} home and 500 in /tmp; root's offline session start and an online one-shot (start, command,
     * stop) must each hold far fewer mounts below that home than sockets, and their commands still reach none of them
     * — which the offline account reaches outside a session (the control). The start times are reported, not asserted.
     */
    private Outcome manySocketsFewCovers() throws Exception {
        int inHome = 5000;
        int inTmp = 500;
        Path ws = openDir(root.resolve("ws-r45"));
        Process binder = null;
        Path tmpDir = null;
        try (ThrowawayUsers users = new ThrowawayUsers()) {
            long baselineStart = System.nanoTime();
            SessionInfo baseline = sessions.start(spec(ws, NetworkMode.OFFLINE, List.of()));
            long baselineMs = (System.nanoTime() - baselineStart) / 1_000_000;
            sessions.stop(baseline.id());

            Account x = users.create("cr45x");
            Path home = ThrowawayUsers.home(x).toRealPath();
            tmpDir = Path.of("/tmp", "cordon-r45-" + x.name());
            binder = new ProcessBuilder(Exec.require("setpriv", "util-linux").toString(), "--reuid=" + PosixIds.uid(x),
                    "--regid=" + PosixIds.gid(x), "--clear-groups", "--", PYTHON, "-c", MANY_SOCKETS, home.toString(),
                    tmpDir.toString(), Integer.toString(inHome), Integer.toString(inTmp)).redirectErrorStream(true).start();
            hostProcesses.add(binder);
            BufferedReader out = new BufferedReader(new InputStreamReader(binder.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.equals("ready " + (inHome + inTmp))) {
                return Outcome.fail("the user's sockets were not bound: " + ready);
            }
            Path target = home.resolve("s4242");
            Path tmpTarget = tmpDir.resolve("s42");
            // the control: the offline account reaches the user's socket outside a session
            String token = token();
            Exec.Result control = Exec.run(List.of(Exec.require("setpriv", "util-linux").toString(), "--reuid="
                    + PosixIds.uid(offline), "--regid=" + PosixIds.gid(offline), "--clear-groups", "--", PYTHON, "-c",
                    UNIX_CLIENT, token, target.toString()));
            boolean controlReached = control.stdout().contains("reached " + target);

            List<String> details = new ArrayList<>();
            boolean ok = controlReached;
            for (NetworkMode mode : List.of(NetworkMode.OFFLINE, NetworkMode.ONLINE)) {
                long t0 = System.nanoTime();
                SessionInfo s = sessions.start(spec(ws, mode, List.of()));
                long startMs = (System.nanoTime() - t0) / 1_000_000;
                try {
                    Run count = run(s, PYTHON, "-c", COUNT_MOUNTS_BELOW, home.toString());
                    Run tried = run(s, PYTHON, "-c", UNIX_CLIENT, token(), target.toString(), tmpTarget.toString());
                    String counted = count.stdout().strip();
                    int mounts = counted.startsWith("mounts ") ? Integer.parseInt(counted.substring(7)) : -1;
                    boolean reached = tried.stdout().contains("reached");
                    ok &= count.ok() && mounts >= 0 && mounts <= inHome / 50 && tried.ok() && !reached
                            && tried.stdout().lines().count() == 2;
                    details.add(mode + ": start " + startMs + " ms, mounts below the home " + mounts + " (sockets "
                            + inHome + "), " + tried.stdout().strip().replace('\n', ';'));
                } finally {
                    long s0 = System.nanoTime();
                    sessions.stop(s.id());
                    details.add(mode + " stop " + (System.nanoTime() - s0) / 1_000_000 + " ms");
                }
            }
            return Outcome.expect(ok, "baseline start (no sockets) " + baselineMs + " ms; control (offline account outside"
                    + " a session): " + (controlReached ? "reached" : "NOT reached: " + control.stdout().strip()
                    + control.stderr().strip()) + "; " + String.join("; ", details));
        } finally {
            if (binder != null) {
                binder.destroyForcibly();
                binder.waitFor(10, TimeUnit.SECONDS);
            }
            if (tmpDir != null) {
                FileTrees.deleteTree(tmpDir);
            }
        }
    }

    private static final String DGRAM_LISTENER = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "os.chmod(sys.argv[1], 0o777)",
            "s.settimeout(60)",
            "print('ready', flush=True)",
            "print('received', s.recv(64).decode(), flush=True)");

    private static final String DGRAM_CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "try:",
            "    s.sendto(sys.argv[2].encode(), sys.argv[1])",
            "    print('sent')",
            "except OSError as e:",
            "    print('refused', e.__class__.__name__, e.errno)",
            "    sys.exit(1)");

    private Outcome datagramSocketUnreachable() throws Exception {
        Path socket = socketDir(Path.of("/tmp")).resolve("dgram.sock");
        Process listener = new ProcessBuilder(PYTHON, "-c", DGRAM_LISTENER, socket.toString()).redirectErrorStream(true).start();
        hostProcesses.add(listener);
        BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (!"ready".equals(ready)) {
            return Outcome.fail("the host listener did not start: " + ready);
        }
        String token = token();
        Run run = run(mainSession, PYTHON, "-c", DGRAM_CLIENT, socket.toString(), token);
        String heard = "";
        if (run.stdout().startsWith("sent")) {
            listener.waitFor(5, TimeUnit.SECONDS);
            heard = out.ready() ? out.readLine() : "";
        }
        listener.destroyForcibly();
        listener.waitFor(10, TimeUnit.SECONDS);
        boolean reached = heard.contains(token);
        return Outcome.expect(run.denied() && !reached, run.describe() + " " + run.stdout().strip() + ", host listener "
                + (reached ? "REACHED: " + heard : "not reached"));
    }

    /** A server and a client of the command's own, on sockets in TMPDIR and in the workspace. */
    private static final String IN_SESSION_SOCKETS = String.join("\n",
            "import os, socket, threading",
            "def serve(path):",
            "    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "    srv.bind(path)",
            "    srv.listen(1)",
            "    def answer():",
            "        c, _ = srv.accept()",
            "        c.sendall(b'echo:' + c.recv(64))",
            "        c.close()",
            "    t = threading.Thread(target=answer)",
            "    t.start()",
            "    cl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "    cl.settimeout(10)",
            "    cl.connect(path)",
            "    cl.sendall(b'hello')",
            "    print(path.split('/')[-1], cl.recv(64).decode())",
            "    t.join()",
            "    os.unlink(path)",
            "serve(os.environ['TMPDIR'] + '/own.sock')",
            "serve(os.environ['HOME'] + '/own-home.sock')",
            "try:",
            "    serve(os.getcwd() + '/own-ws.sock')",
            "except OSError as e:",
            "    print('own-ws.sock bind refused', e.errno)");

    /**
     * A session's own sockets work in its HOME and TMPDIR (private to it); binding one in the workspace, where another
     * session could reach it (review finding F3), is refused by Landlock ({@code EACCES}).
     */
    private Outcome inSessionSocketsWork() throws Exception {
        Run run = run(mainSession, PYTHON, "-c", IN_SESSION_SOCKETS);
        List<String> lines = run.stdout().lines().toList();
        boolean none = !Files.exists(workspace.resolve("own-ws.sock"), LinkOption.NOFOLLOW_LINKS);
        return Outcome.expect(run.ok() && none && lines.equals(List.of("own.sock echo:hello", "own-home.sock echo:hello",
                "own-ws.sock bind refused 13")), run.describe() + ", " + String.join(";", lines));
    }

    /**
     * An online session's own server: tries to bind each path given (and make it connectable by anyone), writes
     * {@code $TMPDIR/f3.ready}, then prints every token a client sends, until it is killed.
     */
    private static final String LATER_SOCKETS_SERVER = String.join("\n",
            "import os, select, socket, sys",
            "socks = []",
            "for p in sys.argv[1:]:",
            "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "    try:",
            "        s.bind(p)",
            "        os.chmod(p, 0o777)",
            "        s.listen(4)",
            "        socks.append(s)",
            "        print('bound', p, flush=True)",
            "    except OSError as e:",
            "        print('bind-refused', p, e.errno, flush=True)",
            "open(os.environ['TMPDIR'] + '/f3.ready', 'w').close()",
            "while socks:",
            "    ready, _, _ = select.select(socks, [], [], 0.5)",
            "    for s in ready:",
            "        c, _ = s.accept()",
            "        c.settimeout(2)",
            "        try:",
            "            print('received', c.recv(64).decode(), flush=True)",
            "        except OSError:",
            "            pass",
            "        c.close()");

    /**
     * Review finding F3: an online session binds pathname sockets after the offline session's runner started — in its
     * (world-writable) workspace and in its TMPDIR — and the offline session tries to connect and send a token. Nothing
     * may arrive: that would be a channel from offline to online that no firewall sees.
     */
    private Outcome otherSessionsLaterSocketsUnreachable() throws Exception {
        Path inWorkspace = onlineSession.workspace().resolve("f3-" + testInstance.name() + ".sock");
        Path inTmp = onlineSession.tmp().resolve("f3.sock");
        Path ready = onlineSession.tmp().resolve("f3.ready");
        Files.deleteIfExists(ready);
        Background server = startBackground(onlineSession, PYTHON, "-c", LATER_SOCKETS_SERVER, inWorkspace.toString(),
                inTmp.toString());
        strayFiles.add(inWorkspace);
        try {
            for (int i = 0; i < 200 && !Files.exists(ready); i++) {
                Thread.sleep(50);
            }
            if (!Files.exists(ready)) {
                return Outcome.fail("the online session's server did not get ready within 10 s");
            }
            String token = token();
            Run client = run(mainSession, PYTHON, "-c", UNIX_CLIENT, token, inWorkspace.toString(), inTmp.toString());
            Thread.sleep(300); // let an accepted connection deliver its token
            server.stop();
            String heard = server.recorder().toRun().stdout();
            boolean reached = heard.contains(token);
            return Outcome.expect(client.ok() && !reached, "online server: " + heard.strip().replace('\n', ';')
                    + "; offline client: " + client.stdout().strip().replace('\n', ';')
                    + (reached ? "; the token REACHED the online session" : "; nothing reached the online session"));
        } finally {
            if (!server.recorder().hasExited()) {
                server.stop();
            }
            Files.deleteIfExists(inWorkspace);
        }
    }

    private static String signalScript(long pid) {
        return "kill -0 " + pid + " 2>/dev/null; echo kill0=$?; kill -TERM " + pid + " 2>/dev/null; echo term=$?";
    }

    private static Outcome signalOutcome(Run run, boolean survived) {
        List<String> lines = run.stdout().lines().toList();
        boolean refused = lines.size() == 2 && !lines.get(0).equals("kill0=0") && !lines.get(1).equals("term=0");
        return Outcome.expect(run.ok() && refused && survived,
                String.join(" ", lines) + ", target " + (survived ? "survived" : "KILLED"));
    }

    private Outcome ptraceDenied() throws Exception {
        String script = String.join("\n",
                "import ctypes, os",
                "libc = ctypes.CDLL(None, use_errno=True)",
                "r = libc.ptrace(0, 0, None, None)",
                "print('ptrace', r, ctypes.get_errno())",
                "class iovec(ctypes.Structure):",
                "    _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]",
                "src = ctypes.create_string_buffer(b'abcdefg')",
                "dst = ctypes.create_string_buffer(8)",
                "local = iovec(ctypes.cast(dst, ctypes.c_void_p), 8)",
                "remote = iovec(ctypes.cast(src, ctypes.c_void_p), 8)",
                "libc.process_vm_readv.restype = ctypes.c_ssize_t",
                "ctypes.set_errno(0)",
                "r = libc.process_vm_readv(os.getpid(), ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)",
                "print('process_vm_readv', r, ctypes.get_errno())");
        Run run = run(mainSession, PYTHON, "-c", script);
        List<String> lines = run.stdout().lines().toList();
        return Outcome.expect(run.ok() && lines.equals(List.of("ptrace -1 1", "process_vm_readv -1 1")),
                run.describe() + ", " + String.join("; ", lines));
    }

    private Outcome stateDirUnreadable() throws Exception {
        var instance = testInstance.instance;
        StringBuilder script = new StringBuilder("if ls ").append(q(instance.stateDir()))
                .append(" >/dev/null 2>&1; then echo listed; else echo denied-list; fi; ");
        for (Path f : List.of(instance.ledgerFile(), instance.hostKeyFile(), instance.auditFile())) {
            script.append("if cat ").append(q(f)).append(" >/dev/null 2>&1; then echo read ").append(f.getFileName())
                    .append("; else echo denied ").append(f.getFileName()).append("; fi; ");
        }
        Run run = sh(mainSession, script.toString());
        List<String> lines = run.stdout().lines().toList();
        boolean allDenied = lines.size() == 4 && lines.stream().allMatch(l -> l.startsWith("denied"));
        return Outcome.expect(run.ok() && allDenied, String.join("; ", lines));
    }

    private Outcome daemonGone() throws Exception {
        String script = String.join("\n",
                "import os, time",
                "r, w = os.pipe()",
                "if os.fork() == 0:",
                "    os.setsid()",
                "    if os.fork() == 0:",
                "        os.close(r)",
                "        os.write(w, str(os.getpid()).encode())",
                "        os.close(w)",
                "        null = os.open('/dev/null', os.O_RDWR)",
                "        for fd in (0, 1, 2):",
                "            os.dup2(null, fd)",
                "        time.sleep(300)",
                "        os._exit(0)",
                "    os._exit(0)",
                "os.close(w)",
                "os.wait()",
                "print(os.read(r, 32).decode())");
        Run run = run(mainSession, PYTHON, "-c", script);
        if (!run.ok() || !run.stdout().strip().matches("\\d+")) {
            return Outcome.fail("the daemon did not start: " + run.describe() + ", stdout " + quoted(run.stdout()));
        }
        long pid = Long.parseLong(run.stdout().strip());
        boolean alive = aliveAs(pid, PosixIds.uid(offline));
        return Outcome.expect(!alive, "daemon " + pid + (alive ? " STILL RUNNING" : " gone") + " when the command returned");
    }

    // ------------------------------------------------------------------ local channels

    private Outcome terminalRefused() throws Exception {
        Run run = run(mainSession, PYTHON, "-c", ChannelAttacks.TERMINAL);
        Map<String, String> results = ChannelAttacks.results(run.stdout());
        Map<String, String> wrong = ChannelAttacks.unexpected(results, ChannelAttacks.TERMINAL_REFUSED);
        return Outcome.expect(run.ok() && wrong.isEmpty(), run.describe() + ", " + ChannelAttacks.describe(results)
                + (wrong.isEmpty() ? "" : "; NOT REFUSED: " + wrong));
    }

    /** Runs in the command of a `cordon run` started from a pty: types a marker into the caller's terminal if it can. */
    private static final String TTY_INJECTION = String.join("\n",
            "import errno, fcntl, os, sys, termios",
            "try:",
            "    fd = os.open('/dev/tty', os.O_RDWR)",
            "except OSError as e:",
            "    print('dev-tty', errno.errorcode[e.errno])",
            "    sys.exit(0)",
            "print('dev-tty allowed')",
            "try:",
            "    for c in ('echo ' + sys.argv[1] + '\\n').encode():",
            "        fcntl.ioctl(fd, termios.TIOCSTI, bytes([c]))",
            "    print('tiocsti allowed')",
            "except OSError as e:",
            "    print('tiocsti', errno.errorcode[e.errno])");

    /** Also in that command: is the key its caller put into its own session keyring listed (possessed) here? */
    private static final String CALLER_KEY_LOOKUP = String.join("\n",
            "import sys",
            "print('caller-key', 'visible' if sys.argv[1] in open('/proc/keys').read() else 'hidden')");

    /**
     * Host side of the real-terminal row: a pty whose slave is the controlling terminal of a bash that runs the given
     * command and then reads one line (what an injection would have typed); prints all the pty showed.
     */
    private static final String PTY_HOST = String.join("\n",
            "import ctypes, os, platform, pty, sys",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "ADD_KEY, KEYCTL = {'x86_64': (248, 250), 'aarch64': (217, 219)}[platform.machine()]",
            "# the caller's own login-like session keyring, with a key in it",
            "if libc.syscall(KEYCTL, 1, b'cordon-smoke-caller') < 0:",
            "    sys.exit('cannot join a session keyring: %d' % ctypes.get_errno())",
            "desc = sys.argv[1].encode()",
            "if libc.syscall(ADD_KEY, b'user', desc, b'caller-secret', 13, ctypes.c_long(-3)) < 0:",
            "    sys.exit('cannot add the caller key: %d' % ctypes.get_errno())",
            "pid, master = pty.fork()",
            "if pid == 0:",
            "    os.execvp('bash', ['bash', '-c', '\"$@\"; echo EXIT:$?; read -t 3 line; echo \"AFTER:[$line]\"', 'bash']"
                    + " + sys.argv[2:])",
            "out = b''",
            "while True:",
            "    try:",
            "        chunk = os.read(master, 4096)",
            "    except OSError:",
            "        break",
            "    if not chunk:",
            "        break",
            "    out += chunk",
            "os.waitpid(pid, 0)",
            "sys.stdout.write(out.decode(errors='replace'))");

    /** What the pty host showed: `cordon run` started from a real terminal with a session keyring of its own. */
    private record CallerRun(String shown, String marker, String callerKey) {
    }

    private static CallerRun callerRun;

    private static synchronized CallerRun callerRun() throws Exception {
        if (callerRun != null) {
            return callerRun;
        }
        Path ws = openDir(root.resolve("ws-tty"));
        String marker = "cordon" + "injected" + Long.toHexString(System.nanoTime());
        String callerKey = "cordon-smoke-caller-key-" + Long.toHexString(System.nanoTime());
        String java = ProcessHandle.current().info().command().orElseThrow();
        String bothAttacks = "\"$@\" && " + PYTHON + " -c \"$0\" " + callerKey;
        List<String> argv = new ArrayList<>(List.of(PYTHON, "-c", PTY_HOST, callerKey,
                java, "-cp", System.getProperty("java.class.path"),
                "dev.cordon.cli.CordonCli", "run", "--instance", testInstance.name(), "--workspace", ws.toString(), "--",
                "/bin/sh", "-c", bothAttacks, CALLER_KEY_LOOKUP, PYTHON, "-c", TTY_INJECTION, marker));
        Process host = new ProcessBuilder(argv).redirectErrorStream(true).start();
        hostProcesses.add(host);
        host.getOutputStream().close();
        String shown = new String(host.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!host.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the pty host did not finish in 120 s: " + shown);
        }
        callerRun = new CallerRun(shown, marker, callerKey);
        return callerRun;
    }

    private Outcome realTerminalUnreachable() throws Exception {
        CallerRun caller = callerRun();
        String shown = caller.shown();
        String marker = caller.marker();
        boolean ran = shown.contains("EXIT:0");
        boolean ttyRefused = shown.contains("dev-tty ENXIO");
        boolean injected = shown.contains(marker);
        String tail = shown.strip().replace("\r", "").replace('\n', ';');
        return Outcome.expect(ran && ttyRefused && !injected, (injected ? "INJECTED into the caller's terminal; " : "")
                + "pty showed: " + tail.substring(Math.max(0, tail.length() - 400)));
    }

    private Outcome callersKeyringNotPossessed() throws Exception {
        CallerRun caller = callerRun();
        String tail = caller.shown().strip().replace("\r", "").replace('\n', ';');
        boolean ran = caller.shown().contains("EXIT:0");
        boolean hidden = caller.shown().contains("caller-key hidden");
        return Outcome.expect(ran && hidden, "pty showed: " + tail.substring(Math.max(0, tail.length() - 300)));
    }

    private Outcome ipcStaysInItsSession() throws Exception {
        int key = 0x43000000 | new java.security.SecureRandom().nextInt(1 << 24);
        String name = "cordon-smoke-" + testInstance.name();
        String k = Integer.toString(key);
        SessionInfo maker = sessions.start(spec(openDir(root.resolve("ws-ipc")), NetworkMode.OFFLINE, List.of()));
        Map<String, String> made;
        Map<String, String> nextSession;
        Map<String, String> online;
        Map<String, String> hostWhileLive;
        Map<String, String> hostAfter;
        try {
            try {
                Run make = run(maker, PYTHON, "-c", ChannelAttacks.IPC, "make", k, name);
                made = ChannelAttacks.results(make.stdout());
                nextSession = ChannelAttacks.results(run(plainSession, PYTHON, "-c", ChannelAttacks.IPC, "look", k, name).stdout());
                online = ChannelAttacks.results(run(onlineSession, PYTHON, "-c", ChannelAttacks.IPC, "look", k, name).stdout());
                hostWhileLive = hostIpc("look", k, name);
            } finally {
                sessions.stop(maker.id());
            }
            hostAfter = hostIpc("look", k, name);
        } finally {
            hostIpc("remove", k, name); // an unprotected run leaves them in the host's namespace
        }
        List<String> problems = new ArrayList<>();
        for (String object : ChannelAttacks.IPC_OBJECTS) {
            // Landlock refuses to open POSIX queues (their filesystem is under no rule), after mq_open has created one
            boolean madeOrCreatedUnopened = "made".equals(made.get(object))
                    || object.equals("mqueue") && "EACCES".equals(made.get(object));
            if (!madeOrCreatedUnopened) {
                problems.add(object + " could not be made inside the session (" + made.get(object) + ")");
            }
            for (var seen : Map.of("the next session", nextSession, "the online session", online,
                    "the host while the session lived", hostWhileLive, "the host after the session", hostAfter).entrySet()) {
                if (!"ENOENT".equals(seen.getValue().get(object))) {
                    problems.add(object + " " + seen.getValue().get(object) + " by " + seen.getKey());
                }
            }
        }
        if (!"EPERM".equals(made.get("user-keyring"))) {
            problems.add("user keyring add_key " + made.get("user-keyring"));
        }
        for (var look : List.of(nextSession, online)) {
            if ("found".equals(look.get("user-keyring"))) {
                problems.add("user-keyring key found by another session");
            }
        }
        return Outcome.expect(problems.isEmpty(), "made: " + ChannelAttacks.describe(made) + "; next session: "
                + ChannelAttacks.describe(nextSession) + "; online: " + ChannelAttacks.describe(online) + "; host: "
                + ChannelAttacks.describe(hostWhileLive) + (problems.isEmpty() ? "" : "; PROBLEMS: " + problems));
    }

    /** The IPC program run by the host itself (root, the host's IPC namespace). */
    private static Map<String, String> hostIpc(String mode, String key, String name) throws Exception {
        Exec.Result r = Exec.run(List.of(PYTHON, "-c", ChannelAttacks.IPC, mode, key, name));
        if (!r.ok()) {
            throw new IllegalStateException("the host's IPC " + mode + " failed: " + r.stderr());
        }
        return ChannelAttacks.results(r.stdout());
    }

    private Outcome namespacesRefused() throws Exception {
        Run run = run(mainSession, PYTHON, "-c", ChannelAttacks.NAMESPACES);
        Map<String, String> results = ChannelAttacks.results(run.stdout());
        Map<String, String> wrong = ChannelAttacks.unexpected(results, ChannelAttacks.NAMESPACES_REFUSED);
        return Outcome.expect(run.ok() && wrong.isEmpty(), run.describe() + ", " + ChannelAttacks.describe(results)
                + (wrong.isEmpty() ? "" : "; UNEXPECTED: " + wrong));
    }

    private Outcome runnerMemoryUnreadable() throws Exception {
        Run run = run(mainSession, PYTHON, "-c", ChannelAttacks.RUNNER_MEMORY);
        Map<String, String> results = ChannelAttacks.results(run.stdout());
        long runner = sessions.show(mainSession.id()).runnerPid();
        // the command names its parent in the runner's pid namespace (R46)
        boolean parentIsRunner = String.valueOf(sessions.runnerPidSeenByCommands(mainSession.id())).equals(results.get("runner"));
        List<String> leaks = ChannelAttacks.runnerMemoryLeaks(results);
        int threads = Integer.parseInt(results.getOrDefault("threads", "0"));
        return Outcome.expect(run.ok() && parentIsRunner && threads > 1 && leaks.isEmpty(), run.describe()
                + ", runner " + runner + (parentIsRunner ? "" : " (the command's parent was " + results.get("runner") + ")")
                + ", " + threads + " threads, " + (results.size() - 2) + " paths tried, readable: "
                + (leaks.isEmpty() ? "none" : leaks));
    }

    /** Creates one socket of each kind and prints its name and "created" or the errno's name. */
    private static final String SOCKET_FAMILIES = String.join("\n",
            "import socket, errno",
            "def t(name, *a):",
            "    try:",
            "        s = socket.socket(*a); s.close(); print(name, 'created')",
            "    except OSError as e:",
            "        print(name, errno.errorcode.get(e.errno, e.errno))",
            "t('vsock', 40, socket.SOCK_STREAM)",
            "t('vsock-dgram', 40, socket.SOCK_DGRAM)",
            "t('netlink-usersock', 16, socket.SOCK_RAW, 2)",
            "t('alg', 38, socket.SOCK_SEQPACKET, 0)",
            "t('tipc', 30, socket.SOCK_RDM, 0)",
            "t('netlink-route', 16, socket.SOCK_RAW, 0)",
            "t('netlink-sock-diag', 16, socket.SOCK_RAW, 4)",
            "t('inet', 2, socket.SOCK_STREAM)",
            "t('inet6', 10, socket.SOCK_DGRAM)",
            "t('unix', 1, socket.SOCK_STREAM)");
    private static final List<String> SOCKET_FAMILIES_EXPECTED = List.of("vsock EPERM", "vsock-dgram EPERM",
            "netlink-usersock EPERM", "alg EPERM", "tipc EPERM", "netlink-route created", "netlink-sock-diag created",
            "inet created", "inet6 created", "unix created");

    /**
     * nftables sees IP packets only: AF_VSOCK reaches the host's (or a VM's) vsock services from an offline command,
     * NETLINK_USERSOCK any process of the host; seccomp allows only the families and netlink protocols commands use.
     */
    private Outcome socketFamiliesRefused() throws Exception {
        StringBuilder detail = new StringBuilder();
        boolean all = true;
        for (SessionInfo session : List.of(mainSession, onlineSession)) {
            String mode = sessions.show(session.id()).network();
            Run run = run(session, PYTHON, "-c", SOCKET_FAMILIES);
            List<String> lines = run.stdout().lines().toList();
            all &= run.ok() && lines.equals(SOCKET_FAMILIES_EXPECTED);
            detail.append(mode).append(": ").append(run.describe()).append(", ").append(String.join("; ", lines))
                    .append(" | ");
        }
        boolean bothModes = !sessions.show(mainSession.id()).network().equals(sessions.show(onlineSession.id()).network());
        return Outcome.expect(all && bothModes, detail + (bothModes ? "" : "the two sessions were not offline and online"));
    }

    // ------------------------------------------------------------------ helpers

    private static Run sh(SessionInfo session, String script) throws Exception {
        return run(session, "/bin/sh", "-c", script);
    }

    private static Run run(SessionInfo session, String... argv) throws Exception {
        return run(session, Map.of(), COMMAND_TIMEOUT, argv);
    }

    private static Run run(SessionInfo session, Map<String, String> env, Duration timeout, String... argv) throws Exception {
        return SmokeRows.run(sessions, session, env, timeout, argv);
    }

    private static Background startBackground(SessionInfo session, String... argv) throws Exception {
        Recorder recorder = new Recorder();
        SessionManager.CommandHandle handle = sessions.exec(session.id(), List.of(argv), Map.of(), Duration.ofSeconds(90), recorder);
        long pid = recorder.awaitPid(Duration.ofSeconds(20));
        return new Background(handle, recorder, pid);
    }

    private static Process startRootSleep() throws IOException {
        Process p = new ProcessBuilder("sleep", "600").redirectErrorStream(true).start();
        hostProcesses.add(p);
        return p;
    }

    /** True while {@code pid} is a live (non-zombie) process of {@code uid}; false once it is gone or reused by another uid. */
    private static boolean aliveAs(long pid, int uid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        List<String> lines;
        try {
            lines = Files.readAllLines(status);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            if (!Files.exists(status.getParent())) {
                return false;
            }
            throw e;
        }
        boolean zombie = lines.stream().anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
        boolean sameUid = lines.stream().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals(Integer.toString(uid)));
        return !zombie && sameUid;
    }

    private static Outcome allowedAndExists(Run run, Path file) {
        return Outcome.expect(run.ok() && Files.exists(file, LinkOption.NOFOLLOW_LINKS), run.describe() + ", file " + existence(file));
    }

    private static Outcome deniedAndAbsent(Run run, Path file) {
        boolean absent = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        return Outcome.expect(run.denied() && absent, run.describe() + ", file " + existence(file));
    }

    private static String existence(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "exists" : "absent";
    }

    /** A SKIP when the tool is not on the sandbox's PATH (a host matter, not the sandbox's). */
    private static Optional<Outcome> requireSandboxTool(String tool) {
        boolean present = SANDBOX_PATH.stream().map(d -> Path.of(d, tool)).anyMatch(Files::isExecutable);
        return present ? Optional.empty() : Optional.of(Outcome.skip(tool + " is not installed on this host ("
                + String.join(":", SANDBOX_PATH) + ")"));
    }

    private static Optional<InetAddress> hostAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** The block device / is mounted from, else the first disk in /proc/partitions. */
    private static Optional<Path> rootDisk() throws IOException {
        Exec.Result findmnt = Exec.run(List.of("findmnt", "-n", "-o", "SOURCE", "/"));
        if (findmnt.ok()) {
            Path source = Path.of(findmnt.stdout().strip());
            if (source.startsWith("/dev/") && isDevice(source)) {
                return Optional.of(source);
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/partitions"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[0].matches("\\d+")) {
                Path dev = Path.of("/dev", f[3]);
                if (isDevice(dev)) {
                    return Optional.of(dev);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isDevice(Path path) throws IOException {
        return Files.exists(path) && Files.readAttributes(path, BasicFileAttributes.class).isOther();
    }

    /** Single-quoted for sh. */
    static String q(Object path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    private static String pyString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    // ------------------------------------------------------------------ listeners

    /**
     * A TCP listener for the network rows: accepts on its own thread and hands each connection to {@link #handle};
     * a failure while the test runs is kept and rethrown by {@link #close}, so a broken listener cannot pass as a
     * refused connection.
     */
    abstract static class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final String name;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Listener(ServerSocket server, String name) {
            this.server = server;
            this.name = name;
            Thread acceptor = new Thread(this::serve, "smoke-" + name);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        abstract void handle(Socket client) throws IOException;

        private void serve() {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    client.setSoTimeout(5000);
                    handle(client);
                } catch (IOException | RuntimeException e) {
                    if (!server.isClosed()) {
                        failure.compareAndSet(null, e);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            if (failure.get() != null) {
                throw new IOException("the " + name + " failed during the test", failure.get());
            }
        }
    }

    /** An HTTP listener on every address: answers {@code target-ok <path>} and remembers every connection and path. */
    static final class HttpTarget extends Listener {
        private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger connections = new AtomicInteger();

        private HttpTarget(ServerSocket server) {
            super(server, "HTTP target listener");
        }

        static HttpTarget start() throws IOException {
            return new HttpTarget(new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0")));
        }

        int connections() {
            return connections.get();
        }

        boolean saw(String path) {
            return paths.contains(path);
        }

        @Override
        void handle(Socket client) throws IOException {
            connections.incrementAndGet();
            List<String> request = readHead(client);
            String path = request.isEmpty() ? "" : request.get(0).split(" ")[1];
            paths.add(path);
            respond(client.getOutputStream(), "target-ok " + path + "\n");
        }
    }

    /** A forward HTTP proxy on 127.0.0.1 (the allowed port) that relays to loopback targets only. */
    static final class LoopbackProxy extends Listener {
        private final List<String> forwarded = Collections.synchronizedList(new ArrayList<>());

        private LoopbackProxy(ServerSocket server) {
            super(server, "loopback proxy");
        }

        static LoopbackProxy start() throws IOException {
            return new LoopbackProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        }

        boolean forwarded(String url) {
            return forwarded.contains(url);
        }

        @Override
        void handle(Socket client) throws IOException {
            List<String> request = readHead(client);
            String[] line = request.isEmpty() ? new String[0] : request.get(0).split(" ");
            URI uri = line.length == 3 ? URI.create(line[1]) : null;
            if (uri == null || !"http".equals(uri.getScheme()) || !"127.0.0.1".equals(uri.getHost())) {
                client.getOutputStream().write("HTTP/1.0 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            forwarded.add(line[1]);
            try (Socket upstream = new Socket()) {
                upstream.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
                upstream.setSoTimeout(5000);
                upstream.getOutputStream().write((line[0] + " " + uri.getRawPath() + " HTTP/1.0\r\nHost: "
                        + uri.getHost() + ":" + uri.getPort() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                upstream.getInputStream().transferTo(client.getOutputStream());
            }
        }
    }

    /** A UDP listener on 127.0.0.1 that remembers every datagram. */
    static final class UdpSink implements AutoCloseable {
        private final DatagramSocket socket;
        private final List<String> received = Collections.synchronizedList(new ArrayList<>());
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private UdpSink(DatagramSocket socket) {
            this.socket = socket;
            Thread reader = new Thread(this::receive, "smoke-udp-sink");
            reader.setDaemon(true);
            reader.start();
        }

        static UdpSink start() throws IOException {
            return new UdpSink(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        }

        int port() {
            return socket.getLocalPort();
        }

        boolean saw(String payload) {
            return received.contains(payload);
        }

        /** Sends {@code marker} from the host and waits, bounded, until it has arrived. */
        boolean sendAndAwait(String marker, Duration bound) throws IOException, InterruptedException {
            try (DatagramSocket sender = new DatagramSocket()) {
                byte[] data = marker.getBytes(StandardCharsets.UTF_8);
                sender.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port()));
            }
            long deadline = System.nanoTime() + bound.toNanos();
            while (!saw(marker)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        }

        private void receive() {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    received.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    if (!socket.isClosed()) {
                        failure.compareAndSet(null, e);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            if (failure.get() != null) {
                throw new IOException("the UDP listener failed during the test", failure.get());
            }
        }
    }

    /** The request line and headers, up to the blank line. */
    private static List<String> readHead(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    private static void respond(OutputStream out, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }
}
