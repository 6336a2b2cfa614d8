package dev.cordon.session;

import dev.cordon.platform.WorkspaceAccess;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.InputBounds;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.platform.Account;
import dev.cordon.platform.ProcessContainer;
import dev.cordon.platform.ProcessContainers;
import dev.cordon.platform.ProcessLimits;
import dev.cordon.platform.RunnerLaunch;
import dev.cordon.platform.RunnerLauncher;
import dev.cordon.platform.RunnerSetup;
import dev.cordon.provision.Ledger;
import dev.cordon.runner.ChannelGuard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * L2's session broker: starts one runner (L3) per session as the sandbox account, in the session's own process tree,
 * with HOME and TMPDIR under the state directory and an environment from an allow-list; routes commands to it; stops,
 * toggles network (by restarting the runner as the other account) and reaps what a crashed host left behind.
 */
public final class SessionManager implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** After a command's timeout, how long the host leaves its runner to end it before ending it itself (R28). */
    static final Duration HOST_TIMEOUT_SLACK = Duration.ofSeconds(2);
    /** After a kill was asked, how long the host leaves the runner to end the command before ending it itself. */
    static final Duration HOST_KILL_SLACK = Duration.ofSeconds(2);
    /** After the host killed a command's tree, how long it waits for the runner's report before making its own. */
    static final Duration HOST_REPORT_WAIT = Duration.ofSeconds(2);
    /** Times the host's own ends of commands ({@link #enforce}). */
    private static final ScheduledThreadPoolExecutor ENFORCER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "command-enforcer");
        t.setDaemon(true);
        return t;
    });

    static {
        ENFORCER.setRemoveOnCancelPolicy(true); // a command that ends early leaves no timer behind (long timeouts)
    }
    /** Runs them, one thread each: each may wait for the runner's report. */
    private static final ExecutorService ENFORCE_WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "command-enforce");
        t.setDaemon(true);
        return t;
    });

    private final Instance instance;
    private final SandboxAccounts accounts;
    private final SessionDirectories directories;
    private final ProcessContainers containers;
    private final RunnerLauncher launcher;
    private final RuntimeStage runtime;
    private final WorkspaceAccess grants;
    private final SessionSecrets secrets;
    private final AuditLog audit;
    /** All of them, except in tests that prove a doctor probe notices one switched off or a bounded search refused. */
    private final SessionGuards guards;
    private final DeadSessionReaper reaper;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final NetworkReverts reverts = new NetworkReverts();
    /** Runners prepared ahead, one per network mode at most. */
    private final SpareRunnerPool spares;

    /**
     * The broker of {@code instance}'s sessions, with the collaborators it is given (composed by the host: {@code
     * Backend.sessions}). Only tests pass {@code guards} other than {@link SessionGuards#ALL}.
     */
    public SessionManager(Instance instance, SandboxAccounts accounts, SessionDirectories directories,
                          ProcessContainers containers, RunnerLauncher launcher, RuntimeStage runtime, WorkspaceAccess grants, SessionSecrets secrets,
                          AuditLog audit, SessionGuards guards) {
        this.instance = instance;
        this.accounts = accounts;
        this.directories = directories;
        this.containers = containers;
        this.launcher = launcher;
        this.runtime = runtime;
        this.grants = grants;
        this.secrets = secrets;
        this.audit = audit;
        this.guards = guards;
        this.reaper = new DeadSessionReaper(instance, directories, containers, grants, audit);
        this.spares = new SpareRunnerPool(accounts, directories, containers, launcher, runtime, grants, audit, guards,
                SessionManager::newId, this::offlineSharesHostNetwork);
    }

    /**
     * Whether offline runners stay in the host's network namespace: the instance lets the offline account reach a
     * local proxy on the host's loopback ({@link SessionGuards#launchSteps}).
     */
    public boolean offlineSharesHostNetwork() {
        Path ledger = instance.ledgerFile();
        LedgerStamp stamp = LedgerStamp.of(ledger);
        SharesHostNetwork known = sharesHostNetwork;
        if (stamp != null && known != null && known.stamp().equals(stamp)) {
            return known.shares(); // the ledger is as it was: not read and verified again for every runner and spare
        }
        boolean shares = !dev.cordon.provision.Provisioner.allowedLoopbackPorts(Ledger.open(ledger), instance).isEmpty();
        // read after the stamp: a ledger changed in between is read again next time (its stamp differs then)
        sharesHostNetwork = stamp == null ? null : new SharesHostNetwork(stamp, shares);
        return shares;
    }

    /** What {@link #offlineSharesHostNetwork} last read, and of which ledger file. */
    private record SharesHostNetwork(LedgerStamp stamp, boolean shares) {
    }

    private volatile SharesHostNetwork sharesHostNetwork;

    /** A file as it is on disk (inode, size, modification time): any append or replacement changes it. */
    private record LedgerStamp(Object key, long size, java.nio.file.attribute.FileTime modified) {
        static LedgerStamp of(Path file) {
            try {
                java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(file,
                        java.nio.file.attribute.BasicFileAttributes.class);
                return new LedgerStamp(a.fileKey(), a.size(), a.lastModifiedTime());
            } catch (java.io.IOException e) {
                return null; // not there, or not readable: read as before, which says why
            }
        }
    }

    /**
     * Refuses, with the fix, what no session can start on: a host that is not elevated, an instance not set up.
     */
    public static void requireHost(Instance instance, boolean elevated, SandboxAccounts accounts) {
        if (!elevated) {
            throw new CordonException(ExitCode.NEEDS_ROOT, "Sessions are started by the Cordon host, which needs root.",
                    "Run it as root (`sudo cordon …`), or talk to a running `cordon serve`.");
        }
        if (!Ledger.open(instance.ledgerFile()).exists() || !accounts.offlinePresent()) {
            throw new CordonException(ExitCode.NOT_SET_UP, "Cordon is not set up for instance " + instance.displayName() + ".",
                    "Run `cordon setup` first.");
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts a session owned by root (the CLI run as root, the panel): the embedded host's caller. */
    public SessionInfo start(SessionSpec spec) {
        return start(spec, Caller.ROOT, grants.ownUmask());
    }

    /**
     * Starts a session owned by {@code owner}: only the owner and root may see or use it (the host's Authorizer).
     * A non-root owner may lend only directory trees it could read and write itself ({@link LendCheck}, with its own
     * credentials, on the inodes that are then lent), and the files the sandbox creates are handed back to it; it may
     * allow only sockets it could connect to itself ({@link LendCheck#requireSocket}). {@code ownerUmask}: the owner's
     * umask, which the owner's files made in a lent tree during the session, and the sandbox's after it, keep.
     */
    public SessionInfo start(SessionSpec spec, Caller owner, int ownerUmask) {
        Path workspace;
        List<Path> writable = new ArrayList<>();
        List<Path> allowedSockets;
        try {
            workspace = guard(spec.workspace(), owner, "--workspace", spec.allowConfigDirs());
            writable.add(workspace);
            for (Path w : spec.writable()) {
                writable.add(guard(w, owner, "--writable", spec.allowConfigDirs()));
            }
            for (String secret : spec.secrets()) {
                if (!secrets.exists(secret)) {
                    throw CordonException.usage("There is no secret named " + secret + ".",
                            "Add it with `cordon secret set " + secret + "`, or list them with `cordon secret list`.");
                }
            }
            // a member's sockets are looked up with its own view: root's would name what lies in others' private
            // directories (R21)
            allowedSockets = spec.allowedSockets().stream().map(p -> owner.isRoot() ? launcher.allowedSocket(p)
                    : grants.asCaller(owner, () -> {
                        WorkspaceGuard.requireReachable(p, "--allow-socket", owner);
                        return launcher.allowedSocket(p);
                    })).distinct().toList();
            if (!owner.isRoot()) {
                allowedSockets.forEach(socket -> grants.requireConnectable(owner, socket));
            }
        } catch (CordonException refused) {
            // a refused attempt is audited as such (a workspace in a system tree, a missing secret, a socket not its own)
            audit.record("session.start", Map.of("workspace", String.valueOf(spec.workspace()), "owner", owner.describe()),
                    "refused", refused.getMessage());
            throw refused;
        }
        SpareRunner spare = spares.take(spec);
        String id = spare != null ? spare.id : newId();
        Session s = new Session(id, new SessionSpec(workspace, spec.network(), writable.subList(1, writable.size()),
                spec.env(), spec.secrets(), spec.limits(), allowedSockets, spec.allowConfigDirs()), writable, owner);
        sessions.put(id, s);
        if (spare != null) {
            s.dir = spare.dir; // the session's from here on: its teardown removes them, whatever fails next
            s.tree = spare.tree;
            spare.onDeath = why -> runnerDied(s, why);
            spares.handedOver(spare);
        }
        try {
            reaper.giveBackDeadHostsGrants(); // a crashed `cordon run` has no reaper of its own: every session start is one
            // the session's own group: its grants, its directories and its runner's supplementary group (WorkspaceAccess);
            // a spare's id has its group recorded already, and the lend keeps it
            s.grantGroup = grants.lend(id, writable, accounts.ids(), owner, ownerUmask);
            if (spare != null) {
                if (!s.grantGroup.equals(spare.grantGroup)) {
                    throw CordonException.internal("The prepared runner's session group " + spare.grantGroup
                            + " is not the group lent for its session (" + s.grantGroup + ")", null);
                }
            } else {
                s.dir = directories.create(id, spec.limits().tmpSizeBytes(), s.grantGroup);
                s.tree = containers.create(id, new ProcessLimits(spec.limits().maxPids(), spec.limits().maxMemoryBytes()));
            }
            launchRunner(s, spec.network(), spare);
            synchronized (s) {
                if (s.state == SessionState.STARTING) { // a stop while it started has made it STOPPING: it stays so
                    s.state = SessionState.IDLE;
                }
            }
            Map<String, Object> audited = new LinkedHashMap<>();
            audited.put("session", id);
            audited.put("workspace", workspace.toString());
            audited.put("network", spec.network().label());
            audited.put("owner", owner.describe());
            audited.put("allowSockets", allowedSockets.stream().map(Path::toString).toList());
            if (spec.allowConfigDirs()) {
                audited.put("allowConfigDirs", true); // --allow-config-dir (R43)
                audited.put("configDirs", writable.stream().flatMap(w -> WorkspaceGuard.configDirectory(w,
                        accounts.everyone()).stream()).map(c -> c.directory().toString()).distinct().toList());
            }
            audit.record("session.start", audited, "ok", null);
            return s.info();
        } catch (RuntimeException | Error e) { // F6: an Error too (out of memory): its grants must not outlive it
            s.failure = String.valueOf(e.getMessage());
            if (spare != null && s.runner == null) {
                spare.runner.close(); // never sent a hello, or its hello failed: the cgroup's kill follows in teardown
            }
            if (claimTeardown(s)) { // else a stop (or the runner's death) takes it down, and lists it until then
                try {
                    teardown(s); // STOPPING until then: listed and counted (V4)
                } catch (CordonException teardownFailed) {
                    e.addSuppressed(teardownFailed);
                }
                if (s.handBackPending) {
                    s.state = SessionState.STUCK; // listed, so that `session stop` can give the workspace back
                } else {
                    s.state = SessionState.FAILED;
                    sessions.remove(id, s);
                }
                endTeardown(s);
            }
            audit.record("session.start", Map.of("workspace", workspace.toString(), "owner", owner.describe()),
                    "error", e.getMessage());
            throw e;
        } finally {
            if (spare != null) {
                spares.replenish(spec.network()); // after this start, not competing with it for the cores
            }
        }
    }

    static String newId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "s" + HexFormat.of().formatHex(b);
    }

    private void launchRunner(Session s, NetworkMode mode) {
        launchRunner(s, mode, null);
    }

    /**
     * Starts the session's runner for {@code mode}, or with {@code spare} completes that prepared runner's setup for
     * this session (the same launch but for the file-system steps, which are made now in its namespace) instead of
     * starting one; then the hello.
     */
    private void launchRunner(Session s, NetworkMode mode, SpareRunner spare) {
        Account acc = accounts.of(mode);
        Path home = s.dir.resolve("home");
        Path tmp = s.dir.resolve("tmp");
        SessionEnvironment environment = SessionEnvironment.of(acc.name(), home, tmp);
        if (s.protection != null) {
            reportLostProtection(s); // a restart (network switch): the previous runner's whole tree is gone
            neutralizePlanted(s);
        }
        // everything the search learns beyond the entries its walk lists — .git files and links, HEAD, commondir,
        // objects and refs and what they name, the repositories' configs — it learns as the lender (R37, R57, R58): what
        // the lender could not read is not read, and nothing blocks. Its reads run on that thread (AsOwner.look).
        ProtectionSearch.AsOwner asLender = s.owner.isRoot() ? ProtectionSearch.AsOwner.HOST : new ProtectionSearch.AsOwner() {
            @Override
            public <T> T look(java.util.function.Supplier<T> work) {
                return grants.asCaller(s.owner, work);
            }
        };
        ProtectionSearch.Found found = ProtectionSearch.search(s.writableRoots, accounts.ids(), guards.protectionBound(),
                accounts.everyone(), grants::owner, file -> ProtectionSearch.readConfig(file, grants::readRegularFile),
                grants::readRegularFile, asLender);
        // R189: what this runner start saw, not what any saw: an entry moved aside before a network switch (its
        // protection gone with it) and put back later is not the developer's as it was
        s.known.clear();
        s.known.addAll(found.known());
        Protection protection = found.protection();
        requireCompleteSearch(s, protection);
        // R143, R150: no other name to write a protected file by
        ProtectionHold.requireOneName(protection.paths(), SessionManager::linkCount, ProtectionHold::filesOutsideObjects);
        // what is at each protected name now: a name replaced from outside later loses its bind (R128, ProtectionHold)
        List<ProtectionHold.Held> held = ProtectionHold.record(protection.paths(), RepositoryWalk::inode);
        List<Path> hiddenPlaces = new ArrayList<>();
        hiddenPlaces.add(instance.stateDir());
        hiddenPlaces.addAll(ForeignPaths.of(s.owner, s.writableRoots, accounts.people(), grants.lentToOthersThan(s.owner.id())));
        // and where a bind mount shows them under another path (R59); refused before a runner starts when one cannot be
        List<Path> aliases = ForeignPaths.throughMounts(launcher.otherPathsTo(hiddenPlaces), s.writableRoots, instance.stateDir());
        // and where root's daemons serve files by path, which a command could turn anywhere (R105): all of them, in every
        // session, whatever the table says they serve (R124-R127)
        aliases.addAll(ForeignPaths.servingByPath(launcher.servingByPath(), s.writableRoots));
        hiddenPlaces.addAll(aliases);
        // the session's own group (its grants, HOME and TMPDIR), held by the runner and nothing else of the host's
        RunnerLaunch launch = new RunnerLaunch(acc, List.of(s.grantGroupRecord()), s.tree, runnerSetup(s, protection, home, tmp, aliases, mode),
                environment.runner(), runtime.javaCommand(tmp, s.tree));
        RunnerProcess runner;
        if (spare == null) {
            runner = RunnerProcess.start(launcher, launch, why -> runnerDied(s, why));
        } else {
            runner = spare.completeFor(launch);
        }
        ObjectNode hello = Json.object();
        hello.put("type", "hello");
        hello.put("session", s.id);
        hello.put("cgroup", s.tree.delegatedDirectory().map(Path::toString).orElse(null));
        ArrayNode w = hello.putArray("writable");
        s.writableRoots.forEach(p -> w.add(p.toString()));
        w.add(home.toString());
        w.add(tmp.toString());
        ArrayNode hidden = hello.putArray("hidden");
        hiddenPlaces.forEach(p -> hidden.add(p.toString()));
        // pathname sockets only where no other session can reach them (Landlock MAKE_SOCK): HOME and TMPDIR
        ArrayNode socketDirs = hello.putArray("socketDirs");
        if (guards.on(ChannelGuard.SOCKETS)) {
            socketDirs.add(home.toString()).add(tmp.toString());
        } else {
            socketDirs.addAll(w);
        }
        ChannelGuard.writeOff(guards.channels(), hello.putArray("guardsOff"));
        runner.handshake(hello);
        s.held = held;
        s.protection = protection; // before the runner: a command is sent only once the runner is set
        s.runner = runner;
        s.account = acc;
        s.environment = environment;
        s.network = mode;
    }

    // ------------------------------------------------------------------ spare runners

    /**
     * From now on keeps one runner prepared ahead per network mode ({@link SpareRunnerPool}), so that a session start
     * that matches one (default limits) does not wait for a runner to start. Nothing where the platform cannot complete
     * a runner's setup later. {@code cordon serve} calls it once it listens, unless told {@code --no-spare-runner};
     * {@link #close} stops them.
     */
    public void startSpareRunners() {
        spares.start();
    }

    /** The ids of the spares this host holds now (not sessions yet; live, not leftovers). */
    public Set<String> spareRunnerIds() {
        return spares.ids();
    }

    /**
     * Fails closed: a search that stopped at its bound left the repositories in the directories it did not reach
     * writable (a nested {@code .git/config} the sandbox could give a {@code core.fsmonitor}), so no runner starts.
     * The bound stays: the search runs, synchronously, at every runner start and costs one {@code lstat} per entry.
     */
    private void requireCompleteSearch(Session s, Protection protection) {
        if (protection.searchComplete()) {
            return;
        }
        String roots = s.writableRoots.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "));
        throw new CordonException(ExitCode.USAGE, "The session's workspace " + s.spec.workspace() + " (writable roots: "
                + roots + ") holds more than " + guards.protectionBound() + " directories: the search for the git repositories"
                + " in it stopped there, and a repository it did not reach could not be protected, so no runner was"
                + " started.", "Remove or move directories out of the workspace (build output, dependency caches), or lend"
                + " a smaller tree (a subdirectory) as the workspace.");
    }

    /**
     * What the runner's setup does, in order: the other paths mounts show hidden places at covered first (R60); local
     * sockets out of reach next (the isolation may bind writable roots
     * back into a fresh /tmp, where the read-only steps follow); then everything read-only (chmod, chown, setfacl,
     * utimensat of what other sessions of the account made fail: Landlock has no right for them), the session's own
     * places writable again (outermost first), and the protected directories inside them read-only on top; a private
     * IPC namespace; no controlling terminal. The guards a test switched off are left out.
     */
    private List<RunnerSetup> runnerSetup(Session s, Protection protection, Path sessionHome, Path sessionTmp,
                                          List<Path> aliases, NetworkMode mode) {
        // the mount helper refuses a symlink anywhere on a path (R29): the session's own directories by their real
        // paths (the instance's state directory may lie below a link root made); the roots are real paths already
        Path ownDir = realPath(s.dir);
        Path home = realPath(sessionHome);
        Path tmp = realPath(sessionTmp);
        List<RunnerSetup> setup = new ArrayList<>();
        // covered too, not only hidden by path (R60): Landlock's rules follow inodes, and a directory they grant may be
        // the same inode as one inside a mount of / elsewhere, which then shows other people's homes
        if (!aliases.isEmpty()) {
            setup.add(new RunnerSetup.Cover(aliases));
        }
        if (guards.on(ChannelGuard.SOCKETS)) {
            List<Path> sessionRoots = new ArrayList<>(s.writableRoots);
            sessionRoots.add(ownDir);
            // git needs the repositories around the roots: an enclosing repository's worktree, a worktree's gitdir
            List<Path> keep = new ArrayList<>(protection.gitSafeDirectories());
            keep.addAll(protection.gitDirectories());
            setup.add(new RunnerSetup.IsolateLocalSockets(sessionRoots, s.spec.allowedSockets(), keep,
                    ownDir.resolve("mounts")));
        }
        setup.add(new RunnerSetup.ReadOnlyEverything());
        java.util.stream.Stream.concat(s.writableRoots.stream(), java.util.stream.Stream.of(home, tmp)).distinct()
                .sorted(java.util.Comparator.comparingInt(Path::getNameCount))
                .forEach(p -> setup.add(new RunnerSetup.Writable(p)));
        // each directory between a root and a protected path a mount point, so the session cannot move the protection
        // away with its parent and put another file at its name (R142); before the read-only binds, which lie below
        ProtectionHold.pinned(protection.paths(), s.writableRoots).forEach(d -> setup.add(new RunnerSetup.Writable(d)));
        protection.paths().forEach(p -> setup.add(new RunnerSetup.ReadOnly(p.path(), p.directory())));
        setup.addAll(guards.launchSteps(mode, offlineSharesHostNetwork()));
        return setup;
    }

    /** How many names a file has (1 when it is not there: nothing to write it by). */
    private static int linkCount(Path file) {
        try {
            return (Integer) java.nio.file.Files.getAttribute(file, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException gone) {
            return 1;
        } catch (java.io.IOException e) {
            throw CordonException.internal("Cannot count the names of the protected " + file + ": " + e.getMessage(), e);
        }
    }

    /** The real path of one of the session's own directories (root's, in the instance's state directory). */
    private static Path realPath(Path own) {
        try {
            return own.toRealPath();
        } catch (java.io.IOException e) {
            throw CordonException.internal("Cannot resolve the session directory " + own + ": " + e.getMessage(), e);
        }
    }

    private void runnerDied(Session s, String why) {
        if (s.switching || !claimTeardown(s)) {
            return; // a switch's own restart, or a stop (or another end) takes it down already
        }
        s.failure = why;
        try {
            teardown(s); // STOPPING, listed and counted, until its processes, mounts and grants are gone
            s.state = SessionState.FAILED;
        } catch (CordonException e) {
            s.failure = why + "; " + e.getMessage();
            s.state = s.handBackPending ? SessionState.STUCK : SessionState.FAILED;
        } finally {
            endTeardown(s);
        }
        audit.record("session.failed", Map.of("session", s.id), "failed", s.failure);
    }

    /**
     * Makes the calling thread the one that tears {@code s} down, and the session {@link SessionState#STOPPING}: false
     * when another teardown of it is in flight, or it is stopped already. A session being torn down stays in the list
     * (its HOME and TMPDIR mounts, its cgroup and its grants are held until the teardown ends: it counts toward its
     * owner's limits, V4), so this, not its removal from the list, makes a session torn down once (a Ctrl-C hook and
     * the normal path race; a stop and a runner's death too).
     */
    private static boolean claimTeardown(Session s) {
        if (!s.tearingDown.compareAndSet(false, true)) {
            return false;
        }
        if (s.state == SessionState.STOPPED) { // torn down and taken off the list between the look-up and the claim
            endTeardown(s);
            return false;
        }
        s.state = SessionState.STOPPING;
        return true;
    }

    /** The teardown claimed with {@link #claimTeardown} has ended (its state set): a retry may claim it again. */
    private static void endTeardown(Session s) {
        synchronized (s.teardownEnded) {
            s.tearingDown.set(false);
            s.teardownEnded.notifyAll();
        }
    }

    /** Waits until no teardown of {@code s} is in flight (an interrupt ends the wait). */
    private static void awaitTeardown(Session s) {
        synchronized (s.teardownEnded) {
            while (s.tearingDown.get()) {
                try {
                    s.teardownEnded.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Stops a session; an unknown id is a usage error (see {@link #stopIfPresent}). Returns what was done about git
     * repositories planted in its writable roots (see {@link PlantedRepositories}), one line each; usually nothing.
     */
    public List<String> stop(String id) {
        Optional<List<String>> report = stop(id, false);
        if (report.isEmpty()) {
            throw CordonException.usage("There is no session " + id + ".", "List sessions with `cordon session list`.");
        }
        return report.get();
    }

    /**
     * Stops a session if it is still there, with {@link #stop}'s report; empty when it was already gone, or when another
     * teardown of it was in flight (a Ctrl-C hook and the normal path race; host shutdown): then once that one ended.
     */
    public Optional<List<String>> stopIfPresent(String id) {
        return stop(id, true);
    }

    /**
     * The session stays listed, {@link SessionState#STOPPING} and counted toward its owner's limits, until its teardown
     * ended (V4). Another teardown in flight is waited for ({@code waitForOther}: empty once it ended) or refused.
     */
    private Optional<List<String>> stop(String id, boolean waitForOther) {
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        boolean claimed;
        synchronized (s) { // never while a network switch restarts its runner (setNetwork): after it, and it sees STOPPING
            claimed = claimTeardown(s);
        }
        if (!claimed) {
            if (s.state == SessionState.STOPPED) {
                return Optional.empty();
            }
            if (!waitForOther) {
                throw new CordonException(ExitCode.CONFLICT, "Session " + id + " is stopping: its runner, processes,"
                        + " HOME and TMPDIR and the workspace it was lent are being taken down.", "Wait until `cordon"
                        + " session list` no longer lists it; it counts toward its owner's limits until then.");
            }
            awaitTeardown(s);
            return Optional.empty();
        }
        try {
            teardown(s);
            s.state = SessionState.STOPPED;
            sessions.remove(id, s); // only now: until here its mounts, cgroup and grants were held, and counted
        } catch (CordonException e) {
            s.failure = e.getMessage();
            if (s.handBackPending) {
                s.state = SessionState.STUCK; // stays listed and counted: the next `session stop` tries again
            } else {
                s.state = SessionState.STOPPED;
                sessions.remove(id, s);
            }
            audit.record("session.stop", Map.of("session", id), "error", e.getMessage());
            throw e;
        } finally {
            endTeardown(s);
        }
        audit.record("session.stop", Map.of("session", id), "ok", null);
        synchronized (s.plantedReport) {
            return Optional.of(StopReport.bounded(List.copyOf(s.plantedReport), s.writableRoots, s.id));
        }
    }

    /** A workspace or writable root, valid, resolved with the owner's own view when it is not root (R21). */
    private Path guard(Path given, Caller owner, String option, boolean allowConfigDirs) {
        return owner.isRoot() ? WorkspaceGuard.validate(given, instance, accounts.everyone(), grants.systemTrees(), option,
                allowConfigDirs, grants::readRegularFile)
                : WorkspaceGuard.validate(given, instance, accounts.everyone(), grants.systemTrees(), option, allowConfigDirs, owner,
                work -> grants.asCaller(owner, work), grants::readRegularFile);
    }

    /**
     * Takes everything of the session down, each step even when an earlier one failed: timers, runner, process tree,
     * planted repositories, the workspace hand-back, the scratch directories. Each step done is not done again, so a
     * second call (`session stop` on a {@link SessionState#STUCK} session) retries only what failed. Throws one
     * exception naming every step that failed; {@link Session#handBackPending} says whether the hand-back was one.
     */
    private void teardown(Session s) {
        List<String> failures = new ArrayList<>();
        if (s.revert != null) {
            s.revert.cancel(false);
        }
        if (s.runner != null && !s.treeClosed) {
            lastLookAtProtection(s);
        }
        if (s.runner != null) {
            step(failures, "stop the runner", () -> s.runner.close());
        }
        if (s.tree != null && !s.treeClosed) {
            step(failures, "remove the process tree", () -> {
                s.tree.close();
                s.treeClosed = true;
            });
        }
        if (s.protection != null && !s.plantedChecked) {
            try {
                // before the planted walk, which may rename what is at a lost name (a replaced .git) out of git's way
                reportLostProtection(s);
            } catch (RuntimeException e) {
                s.plantedReport.add("COULD NOT check the session's protected paths for a replacement during the session ("
                        + e.getMessage() + "): check " + s.protection.paths().stream().map(p -> p.path().toString()).toList()
                        + " before running git there");
                audit.record("session.protection-lost", Map.of("session", s.id), "error", e.getMessage());
            }
            try {
                neutralizePlanted(s); // every process of the session is gone; the grants still stand
            } catch (RuntimeException e) {
                s.plantedReport.add("COULD NOT look for planted git repositories (" + e.getMessage() + "): look in "
                        + s.writableRoots + " for `HEAD` and `.git` entries before running git there, and for "
                        + RepositoryWalk.agentConfigNames() + " before running an agent there");
                audit.record("session.git-planted", Map.of("session", s.id), "error", e.getMessage());
            }
            s.plantedChecked = true;
        }
        // warnings (a world-writable root not fully cleaned up, R22) go to the stop report; the session still ends
        s.handBackPending = !step(failures, "give back the workspace", () -> s.plantedReport.addAll(grants.giveBack(s.id)));
        if (s.dir != null && !s.dirRemoved) {
            step(failures, "remove the session's directories", () -> {
                directories.remove(s.dir);
                s.dirRemoved = true;
            });
        }
        if (failures.size() == 1) {
            throw new CordonException(ExitCode.INTERNAL, failures.get(0), s.handBackPending ? stuckFix(s) : "See the"
                    + " audit log; `cordon leftovers scan` lists what is left.");
        }
        if (!failures.isEmpty()) {
            throw new CordonException(ExitCode.INTERNAL, "Session " + s.id + " was not fully taken down: "
                    + String.join("; ", failures), (s.handBackPending ? stuckFix(s) + " " : "")
                    + "`cordon leftovers scan` lists what is left.");
        }
    }

    private static String stuckFix(Session s) {
        return "The session stays listed as stuck; fix the cause (e.g. remove what is nested too deep with `rm -rf`),"
                + " then run `cordon session stop " + s.id + "` to give the workspace back (once its host has ended, the"
                + " next host start, session start or `cordon uninstall` does).";
    }

    /**
     * Runs one teardown step; a failure is collected as "could not …: why", an Error too (F6: the steps after it — the
     * hand-back — still run). Whether it succeeded.
     */
    static boolean step(List<String> failures, String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException | Error e) {
            failures.add(e instanceof CordonException ? e.getMessage() : "Could not " + what + ": " + e);
            return false;
        }
    }

    /**
     * Renames what makes a repository planted in a writable root (see {@link PlantedRepositories}) so that the
     * developer's git no longer finds it; called only when no process of the session runs.
     */
    private void neutralizePlanted(Session s) {
        PlantedRepositories.Found found = PlantedRepositories.search(s.writableRoots,
                java.util.Set.copyOf(s.known), accounts.ids(), guards.protectionBound(), grants::owner,
                grants::readRegularFile);
        List<String> report = new ArrayList<>();
        if (!found.complete()) { // the sandbox made more directories than the bound: what lies past it was not seen
            report.add("COULD NOT look for planted git repositories past " + guards.protectionBound() + " directories of "
                    + s.writableRoots + ": one there is still in place; remove the directories the session created, or"
                    + " look for `HEAD` and `.git` entries before running git in them, and for "
                    + RepositoryWalk.agentConfigNames() + " before running an agent there (Z3: past the bound the"
                    + " hand-back renames only those the sandbox owns)");
        }
        if (!found.allTaken()) { // W3: more planted entries than one stop renames itself
            report.add("COULD NOT rename the planted entries past the first " + PlantedRepositories.MAX_PLANTED
                    + " found in " + s.writableRoots + " (the hand-back renames those the sandbox owns): look for `HEAD`"
                    + " and `.git` entries before running git there, and for " + RepositoryWalk.agentConfigNames()
                    + " before running an agent there");
        }
        List<PlantedRepositories.Neutralized> results = found.planted().isEmpty() ? List.of()
                : PlantedRepositories.neutralize(found.planted(), grants, accounts.of(NetworkMode.OFFLINE), s.grantGroup,
                s.id, accounts.ids());
        // reported as it is: what could not be looked at or taken first, then the entries it could not rename, the
        // developer's before the sandbox's (W2: the sandbox made dozens of its own renames fail, so that their lines
        // filled the report and the developer's entry it had moved to an agent's name was left unnamed), then what
        // could not be searched, then what was renamed; no line is dropped later (rev51 F1: a path gone after the
        // hand-back does not mean the entry is)
        List<String> rest = new ArrayList<>();
        for (PlantedRepositories.Neutralized n : results) {
            (n.renamed() ? rest : report).add(n.line());
        }
        report.addAll(found.unsearched());
        report.addAll(rest);
        if (report.isEmpty()) {
            return;
        }
        boolean allDone = report.stream().noneMatch(line -> line.contains("COULD NOT"));
        report = StopReport.bounded(report, s.writableRoots, s.id);
        s.plantedReport.addAll(report);
        audit.record("session.git-planted", Map.of("session", s.id, "report", report), allDone ? "ok" : "error",
                allDone ? null : "some planted repositories are still in place");
    }

    /**
     * Refuses a command in a session whose protection of a path is gone (R128, {@link ProtectionHold}): something outside
     * replaced the name, the kernel dropped the read-only bind, and the command could write what is there now.
     */
    private void requireProtectionHolds(Session s) {
        List<ProtectedPath> lost = protectionLost(s);
        if (!lost.isEmpty()) {
            throw new CordonException(ExitCode.CONFLICT, ProtectionHold.refusal(s.id, lost), ProtectionHold.fix(s.id));
        }
    }

    /**
     * The session's protected paths lost since its runner started, by their (device, inode) and the runner's own mount
     * points (while it lives); each is remembered for the stop's report, and audited once.
     */
    private List<ProtectedPath> protectionLost(Session s) {
        RunnerProcess runner = s.runner;
        List<ProtectedPath> lost = ProtectionHold.lost(s.held, RepositoryWalk::inode,
                runner == null ? java.util.Optional.empty() : runner.mountPoints());
        List<String> added = new ArrayList<>();
        for (ProtectedPath p : lost) {
            if (s.lostProtection.add(p)) {
                added.add(p.path().toString());
            }
        }
        if (!added.isEmpty()) {
            audit.record("session.protection-lost", Map.of("session", s.id, "paths", added), "error",
                    "replaced from outside the session: its read-only protection is gone; no command runs in it any more");
        }
        return lost;
    }

    /**
     * The last look at a runner's own mounts, while it lives, before it is stopped: a bind dropped since the last command
     * (R128). What cannot be looked at is said in the stop report; the inodes are compared at the report all the same.
     */
    private void lastLookAtProtection(Session s) {
        if (!s.runner.alive()) {
            // R141: a runner that ended on its own (a command can make the OOM killer end it) shows no mounts, and an
            // inode number is reused at once: whether the protection held to the end cannot be told
            s.protectionUnverified = true;
            return;
        }
        try {
            protectionLost(s);
        } catch (RuntimeException e) {
            s.plantedReport.add("COULD NOT look at the session runner's mounts for protection dropped since its last"
                    + " command (" + e.getMessage() + "): only a protected path with another inode now is reported");
            audit.record("session.protection-lost", Map.of("session", s.id), "error", e.getMessage());
        }
    }

    /**
     * Once no process of the session's runner is left: one line in the stop report (and the audit log) for each
     * protected path lost during the session — seen so before a command or at the last look, or another inode at its
     * name now — with what git would run or follow from what is there now, read as the session's owner. A command that
     * ran when the name was replaced may have written it: no check before a command sees that.
     */
    private void reportLostProtection(Session s) {
        java.util.Set<ProtectedPath> lost = new java.util.LinkedHashSet<>(s.lostProtection);
        lost.addAll(ProtectionHold.lost(s.held, RepositoryWalk::inode, java.util.Optional.empty()));
        java.util.Set<ProtectedPath> unverified = new java.util.LinkedHashSet<>();
        if (s.protectionUnverified) {
            s.held.forEach(h -> unverified.add(h.path()));
            unverified.removeAll(lost);
        }
        s.lostProtection.clear();
        s.held = List.of();
        s.protectionUnverified = false;
        if (lost.isEmpty() && unverified.isEmpty()) {
            return;
        }
        ProtectionHold.Reader reader = file -> grants.readRegularFile(file, ProtectionSearch.MAX_CONFIG_BYTES);
        List<String> report = new ArrayList<>();
        for (ProtectedPath p : lost) {
            report.add(s.owner.isRoot() ? ProtectionHold.report(p, reader)
                    : grants.asCaller(s.owner, () -> ProtectionHold.report(p, reader)));
        }
        for (ProtectedPath p : unverified) {
            report.add(s.owner.isRoot() ? ProtectionHold.unverified(p, reader)
                    : grants.asCaller(s.owner, () -> ProtectionHold.unverified(p, reader)));
        }
        s.plantedReport.addAll(report);
        audit.record("session.protection-lost", Map.of("session", s.id, "report", report), "error",
                "protected paths were replaced during the session; the session could write them");
    }

    // ------------------------------------------------------------------ commands

    /** A command in flight. */
    public interface CommandHandle {
        String id();

        void stdin(byte[] data, boolean eof);

        void kill();

        /** Blocks until the command has exited and its whole tree is gone. */
        CommandExit await() throws InterruptedException;
    }

    public CommandHandle exec(String sessionId, List<String> argv, Map<String, String> env, Duration timeout,
                              CommandListener listener) {
        return exec(sessionId, argv, env, timeout, listener, false);
    }

    /**
     * Runs a command in the session. With {@code maskSecrets} (for a display: the panel's console) the values of the
     * session's secrets are masked in its output ({@link SecretMask}); they are masked in the session's command
     * history for everyone.
     */
    public CommandHandle exec(String sessionId, List<String> argv, Map<String, String> env, Duration timeout,
                              CommandListener listener, boolean maskSecrets) {
        Session s;
        try {
            s = get(sessionId);
            if (!s.state.live() || s.runner == null) {
                throw new CordonException(ExitCode.CONFLICT, "Session " + sessionId + " is " + s.state.name().toLowerCase()
                        + (s.failure == null ? "" : " (" + s.failure + ")") + ".", "Start a new session.");
            }
            CommandArgv.require(argv);
            if (timeout != null) { // before the history and the runner see it: its millis must not overflow later
                InputBounds.positive("The command's timeout", timeout, "Give it in whole seconds from 1 to "
                        + InputBounds.MAX_SECONDS + ", e.g. --timeout 60.");
            }
            requireProtectionHolds(s);
        } catch (CordonException refused) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("session", sessionId);
            Session known = sessions.get(sessionId);
            SecretMask masked = known == null ? SecretMask.none() : SecretMask.of(known.revealedSecrets);
            args.put("argv", argv == null ? List.of() : masked.mask(argv.stream().map(String::valueOf).toList()));
            audit.record("session.exec", args, "refused", refused.getMessage());
            throw refused;
        }
        Map<String, String> fullEnv = commandEnv(s, env); // reveals the secrets it hands out: masked from here on
        SecretMask mask = SecretMask.of(s.revealedSecrets);
        CommandListener shown = maskSecrets ? mask.wrap(listener) : listener;
        // the history keeps the start of it (CommandHistory.shown), the session's secret values masked
        CommandHistory.Entry entry = s.history.begin(mask.mask(argv), s.network.label());
        String cmdId = entry.id();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<CommandExit> result = new AtomicReference<>();
        if (s.state.live()) { // a stop that came meanwhile made it STOPPING: it stays so
            s.state = SessionState.RUNNING;
        }
        // R28: the host ends the command's tree itself when the runner does not (a command can stop or hang its runner)
        AtomicReference<ProcessContainer.Nested> ownTree = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean startSeen = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<?>> enforcements = new java.util.concurrent.CopyOnWriteArrayList<>();
        CommandListener tracking = new CommandListener() {
            @Override
            public void started(long pid) {
                startSeen.set(true);
                if (s.tree != null) {
                    s.tree.nestedOf(pid).ifPresent(ownTree::set);
                }
                entry.started(pid);
                shown.started(pid);
            }

            @Override
            public void output(int fd, byte[] data) {
                shown.output(fd, data);
            }

            @Override
            public void exited(CommandExit exit) {
                if (entry.exited(exit) && s.state == SessionState.RUNNING) {
                    s.state = SessionState.IDLE;
                }
                result.set(exit);
                enforcements.forEach(f -> f.cancel(false));
                shown.exited(exit);
                done.countDown();
            }
        };
        ObjectNode exec = Json.object();
        ArrayNode a = exec.putArray("argv");
        argv.forEach(a::add);
        exec.put("cwd", s.spec.workspace().toString());
        ObjectNode e = exec.putObject("env");
        fullEnv.forEach(e::put);
        exec.put("timeoutMs", timeout == null ? 0 : timeout.toMillis());
        RunnerProcess runner = s.runner;
        runner.exec(cmdId, exec, tracking);
        if (timeout != null && !timeout.isZero()) {
            enforcements.add(later(timeout.plus(HOST_TIMEOUT_SLACK),
                    () -> enforce(runner, cmdId, ownTree, startSeen.get(), done, true, "timeout")));
        }
        // who ran what, where and when (the command already runs: the log's append costs it no time); the argv as the
        // history keeps it, the session's secret values masked; how it ended is in the session's command history
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("session", s.id);
        audited.put("command", cmdId);
        audited.put("argv", mask.mask(List.copyOf(argv)));
        audited.put("network", s.network.label());
        if (timeout != null) {
            audited.put("timeout", timeout.toString());
        }
        audit.record("session.exec", audited, "started", null);
        return new CommandHandle() {
            @Override
            public String id() {
                return cmdId;
            }

            @Override
            public void stdin(byte[] data, boolean eof) {
                runner.stdin(cmdId, data, eof);
            }

            @Override
            public void kill() {
                if (done.getCount() == 0) {
                    return;
                }
                enforcements.add(later(HOST_KILL_SLACK,
                        () -> enforce(runner, cmdId, ownTree, startSeen.get(), done, false, "killed on request")));
                runner.kill(cmdId);
            }

            @Override
            public CommandExit await() throws InterruptedException {
                done.await();
                return result.get();
            }
        };
    }

    /**
     * The host's own end of a command the runner should have ended by now (its timeout passed, or a kill was asked):
     * kills the command's container itself, then, if the runner still has not reported the end within
     * {@link #HOST_REPORT_WAIT}, reports it to the command's listeners in the runner's place. Not for normal use: the
     * runner's own timeout and kill come first and report the end; this holds when the runner is stopped or hung
     * (R28), which {@link RunnerProcess}'s liveness watch then turns into a failed session.
     */
    private void enforce(RunnerProcess runner, String cmdId, AtomicReference<ProcessContainer.Nested> ownTree,
                         boolean started, CountDownLatch done, boolean timedOut, String reason) {
        if (done.getCount() == 0) {
            return;
        }
        ProcessContainer.Nested tree = ownTree.get();
        String killed;
        try {
            if (tree != null) {
                tree.kill();
                killed = "the host killed its tree (" + tree.name() + ")";
            } else {
                killed = "the host knows no tree of it to kill (the runner did not report its start)";
            }
        } catch (RuntimeException e) {
            killed = "the host could not kill its tree: " + e.getMessage();
        }
        try {
            if (done.await(HOST_REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return; // the runner reported the end
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = "the session runner did not end the command (" + reason + "); " + killed;
        if (runner.abandon(cmdId, new CommandExit(137, started, timedOut, reason, why))) {
            audit.record("session.command-enforced", Map.of("command", cmdId, "reason", reason), "error", why);
        }
    }

    /** Runs {@code work} after {@code delay} on a thread of its own (it may wait); cancelled with the returned timer. */
    private static Future<?> later(Duration delay, Runnable work) {
        return ENFORCER.schedule(() -> ENFORCE_WORK.execute(work), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Allow-list environment + the session's and the request's variables + named secrets while online. */
    private Map<String, String> commandEnv(Session s, Map<String, String> requestEnv) {
        Map<String, String> env = s.environment.command(s.id, s.network);
        env.putAll(s.spec.env());
        env.putAll(requestEnv);
        s.protection.addGitTrust(env);
        if (s.network == NetworkMode.ONLINE) {
            for (String name : s.spec.secrets()) {
                byte[] value = secrets.reveal(name);
                String text = new String(value, StandardCharsets.UTF_8);
                env.put(name, text);
                s.revealedSecrets.add(text);
                java.util.Arrays.fill(value, (byte) 0);
            }
        }
        return env;
    }

    // ------------------------------------------------------------------ network toggle

    /**
     * Switches the session's runner to the other account. Running commands are stopped (they belong to the old
     * account). With {@code forDuration} the session reverts by itself when it ends. Audited either way.
     */
    public SessionInfo setNetwork(String id, NetworkMode mode, Duration forDuration, String reason) {
        Session s = get(id);
        synchronized (s) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("session", id);
            args.put("from", s.network.label());
            args.put("to", mode.label());
            args.put("for", forDuration == null ? null : forDuration.toString());
            args.put("reason", reason);
            // plan: everything that can refuse the request, before anything changes (review Y5: a revert time computed
            // after the switch overflowed and left the switch unaudited)
            Instant revertAt;
            try {
                if (!s.state.live() || s.runner == null) {
                    throw new CordonException(ExitCode.CONFLICT, "Session " + id + " is " + s.state.name().toLowerCase()
                            + ": it has no runner to switch.", "Start a new session.");
                }
                revertAt = forDuration == null ? null : Instant.now().plus(InputBounds.positive("The network switch's"
                        + " duration", forDuration, "Give the time to switch back in whole seconds from 1 to "
                        + InputBounds.MAX_SECONDS + ", e.g. 10m."));
            } catch (CordonException refused) {
                audit.record("session.set-network", args, "refused", refused.getMessage());
                throw refused;
            }
            // act, then record: what was done is recorded whether or not the rest of it failed
            NetworkMode before = s.network;
            try {
                if (s.revert != null) {
                    s.revert.cancel(false);
                    s.revert = null;
                    s.revertAt = null;
                }
                if (before != mode) {
                    s.switching = true;
                    try {
                        lastLookAtProtection(s); // reported by the new runner's start, once the old one's processes are gone
                        s.runner.close();
                        s.tree.killAll();
                        launchRunner(s, mode);
                        s.state = SessionState.IDLE;
                    } finally {
                        s.switching = false;
                    }
                }
                if (forDuration != null) {
                    s.revertAt = revertAt;
                    s.revert = reverts.schedule(() -> revert(id, before), forDuration);
                }
            } catch (RuntimeException | Error e) {
                args.put("now", s.network.label()); // what the session runs as after the failure
                audit.record("session.set-network", args, "error", String.valueOf(e.getMessage()));
                throw e;
            }
            audit.record("session.set-network", args, "ok", null);
            return s.info();
        }
    }

    private void revert(String id, NetworkMode back) {
        try {
            Session s = sessions.get(id);
            if (s != null && s.state.live()) {
                setNetwork(id, back, null, "automatic revert after the requested duration");
            }
        } catch (RuntimeException e) {
            audit.record("session.set-network", Map.of("session", id, "to", back.label()), "error", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ queries

    public List<SessionInfo> list() {
        return sessions.values().stream().map(Session::info).toList();
    }

    public SessionInfo show(String id) {
        return get(id).info();
    }

    /**
     * The pid the session's commands see their runner by ({@code getppid()} of a command: in the runner's pid
     * namespace, R46), or null without a runner: what the doctor's probes compare their parent with.
     */
    public Long runnerPidSeenByCommands(String id) {
        RunnerProcess runner = get(id).runner;
        return runner == null ? null : runner.pidSeenByCommands();
    }

    /** Every process in the session's tree (runner, commands, their descendants). */
    public java.util.Set<Long> pids(String id) {
        Session s = get(id);
        return s.tree == null ? java.util.Set.of() : s.tree.pids();
    }

    /**
     * What the session's process container reports now ({@link dev.cordon.platform.ProcessContainer#stats}: processes,
     * pids and memory with their limits and peaks, as far as this OS and layout give them): {@code cordon session
     * usage}, the panel's process details and sparklines.
     */
    public java.util.Map<String, String> usage(String id) {
        Session s = get(id);
        return s.tree == null ? java.util.Map.of() : s.tree.stats();
    }

    private Session get(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            throw CordonException.usage("There is no session " + id + ".", "List sessions with `cordon session list`.");
        }
        return s;
    }

    /**
     * At host start: kill and remove trees and directories of sessions no live host owns (a crashed host's), and give
     * back the workspaces such hosts still held.
     */
    public void reapStale() {
        reaper.reap(id -> sessions.containsKey(id) || spares.holds(id));
    }

    @Override
    public void close() {
        spares.stop();
        List<String> failures = new ArrayList<>();
        for (String id : List.copyOf(sessions.keySet())) {
            try {
                stopIfPresent(id); // each one, even when another's teardown failed
            } catch (CordonException e) {
                failures.add(e.getMessage());
            }
        }
        reverts.close();
        if (!failures.isEmpty()) {
            throw new CordonException(ExitCode.INTERNAL, "Not every session was fully stopped: " + String.join("; ", failures),
                    "The workspaces not given back stay recorded; the next host start or `cordon uninstall` tries again.");
        }
    }

    /** Mutable session state, guarded by the manager. */
    private static final class Session {
        final String id;
        final SessionSpec spec;
        final List<Path> writableRoots;
        final Caller owner;
        final Instant started = Instant.now();
        final CommandHistory history = new CommandHistory();
        /** Every secret value this session was handed: masked in what is shown of it, even after it went offline. */
        final java.util.Set<String> revealedSecrets = ConcurrentHashMap.newKeySet();
        volatile SessionState state = SessionState.STARTING;
        volatile NetworkMode network;
        volatile Account account;
        /** Built at the runner's start, with its account: what every command starts from. */
        volatile SessionEnvironment environment;
        volatile RunnerProcess runner;
        volatile boolean switching;
        volatile java.util.concurrent.ScheduledFuture<?> revert;
        volatile Instant revertAt;
        volatile String failure;
        volatile Protection protection;
        /** What was at each protected name when the runner started ({@link ProtectionHold}). */
        volatile List<ProtectionHold.Held> held = List.of();
        /** The runner ended before the last look at its mounts: every protected path is reported unverified (R141). */
        volatile boolean protectionUnverified;
        /** Protected paths found lost while the runner ran: reported at its end. */
        final java.util.Set<ProtectedPath> lostProtection = ConcurrentHashMap.newKeySet();
        /** What the last runner start saw of the developer's own (R189): not planted ({@link ProtectionSearch.Known}). */
        final java.util.Set<ProtectionSearch.Known> known = ConcurrentHashMap.newKeySet();
        /** What {@link #neutralizePlanted} did, for `session stop` and the audit log. */
        final List<String> plantedReport = java.util.Collections.synchronizedList(new ArrayList<>());
        ProcessContainer tree;
        Path dir;
        /** Teardown steps done (see {@link #teardown}): a retry does not do them again. */
        volatile boolean treeClosed;
        volatile boolean plantedChecked;
        volatile boolean dirRemoved;
        /** A teardown of it is in flight ({@link #claimTeardown}); {@link #teardownEnded} hears its end. */
        final java.util.concurrent.atomic.AtomicBoolean tearingDown = new java.util.concurrent.atomic.AtomicBoolean();
        final Object teardownEnded = new Object();
        /** The last teardown could not give the workspace back: the session is {@link SessionState#STUCK}. */
        volatile boolean handBackPending;
        /** The session's own group ({@link SessionGroupIds}): its grants' entries, its directories, its runner's. */
        dev.cordon.core.Principal grantGroup;

        dev.cordon.platform.Group grantGroupRecord() {
            return new dev.cordon.platform.Group("session " + id, grantGroup, List.of());
        }

        Session(String id, SessionSpec spec, List<Path> writableRoots, Caller owner) {
            this.id = id;
            this.spec = spec;
            this.writableRoots = List.copyOf(writableRoots);
            this.owner = owner;
        }

        SessionInfo info() {
            List<CommandRecord> cmds;
            long dropped;
            synchronized (history) { // one snapshot: a command begun in between would be counted twice or not at all
                cmds = history.records();
                dropped = history.dropped();
            }
            return new SessionInfo(id, state, network == null ? spec.network().label() : network.label(),
                    account == null ? null : account.name(), runner == null ? null : runner.pid(),
                    tree == null ? null : tree.delegatedDirectory().map(Path::toString).orElse(null), spec.workspace(),
                    spec.writable(), dir == null || dirRemoved ? null : dir.resolve("home"),
                    dir == null || dirRemoved ? null : dir.resolve("tmp"),
                    started, revertAt, failure, cmds, runner == null ? null : runner.spawnMethod(), protection,
                    spec.limits().tmpSizeBytes(), new SessionInfo.Owner(owner.id(), owner.user()),
                    spec.allowedSockets(), spec.allowConfigDirs(), dropped);
        }
    }
}
