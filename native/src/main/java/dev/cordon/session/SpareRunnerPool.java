package dev.cordon.session;

import dev.cordon.audit.AuditLog;
import dev.cordon.core.Caller;
import dev.cordon.platform.Account;
import dev.cordon.platform.Group;
import dev.cordon.platform.ProcessContainers;
import dev.cordon.platform.ProcessLimits;
import dev.cordon.platform.RunnerLaunch;
import dev.cordon.platform.RunnerLauncher;
import dev.cordon.platform.WorkspaceAccess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The host's runners prepared ahead ({@link SpareRunner}): one per network mode at most, made in the background once
 * {@link #start started} and replaced in the background after each use, so that a session start that matches one
 * (default limits) does not wait for a runner to start. A session start {@link #take takes} one (never twice), then
 * says when it holds the spare's id itself ({@link #handedOver}) and, once it is started or failed, asks for the next
 * ({@link #replenish}). A spare that died while it waited, whose namespace no longer shows the host's file systems, or
 * that was started for another launch than a runner started now would be (another spawn path), is discarded and
 * replaced; after {@link #ATTEMPTS} failures in a row a mode gets none any more. {@link #stop} (host
 * stop) takes down those waiting.
 */
final class SpareRunnerPool {
    /** Consecutive failures to make a spare, per mode, after which none is made any more. */
    private static final int ATTEMPTS = 3;

    private final SandboxAccounts accounts;
    private final SessionDirectories directories;
    private final ProcessContainers containers;
    private final RunnerLauncher launcher;
    private final RuntimeStage runtime;
    private final WorkspaceAccess grants;
    private final AuditLog audit;
    private final SessionGuards guards;
    private final Supplier<String> newId;
    /** Guarded by itself. */
    private final Map<NetworkMode, SpareRunner> spares = new EnumMap<>(NetworkMode.class);
    /** The ids of every spare not yet handed over or fully discarded: live to this host's reaper. */
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Map<NetworkMode, Integer> failures = new ConcurrentHashMap<>();
    /** Spares {@link #take} found started for another launch than a session's now, and discarded. */
    private final AtomicInteger foreign = new AtomicInteger();
    /** Serializes {@link #stop}: a second caller returns only once the first has taken every spare down. */
    private final Object stopping = new Object();
    private volatile boolean on;
    private volatile ExecutorService maker;
    private final java.util.function.BooleanSupplier offlineOnHostLoopback;

    /** Spares made with these collaborators, under ids from {@code newId} (a session's), offline ones in a network of their own. */
    SpareRunnerPool(SandboxAccounts accounts, SessionDirectories directories, ProcessContainers containers,
                    RunnerLauncher launcher, RuntimeStage runtime, WorkspaceAccess grants, AuditLog audit,
                    SessionGuards guards, Supplier<String> newId) {
        this(accounts, directories, containers, launcher, runtime, grants, audit, guards, newId, () -> false);
    }

    /**
     * As above; {@code offlineOnHostLoopback} says whether offline runners stay in the host's network, where the
     * instance lets the offline account reach a local proxy ({@link SessionGuards#launchSteps}).
     */
    SpareRunnerPool(SandboxAccounts accounts, SessionDirectories directories, ProcessContainers containers,
                    RunnerLauncher launcher, RuntimeStage runtime, WorkspaceAccess grants, AuditLog audit,
                    SessionGuards guards, Supplier<String> newId, java.util.function.BooleanSupplier offlineOnHostLoopback) {
        this.offlineOnHostLoopback = offlineOnHostLoopback;
        this.accounts = accounts;
        this.directories = directories;
        this.containers = containers;
        this.launcher = launcher;
        this.runtime = runtime;
        this.grants = grants;
        this.audit = audit;
        this.guards = guards;
        this.newId = newId;
    }

    /** From now on keeps a spare per network mode; nothing where the platform cannot complete a runner's setup later. */
    void start() {
        if (!launcher.launchesAhead() || on) {
            return;
        }
        maker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spare-runners");
            t.setDaemon(true);
            return t;
        });
        on = true;
        for (NetworkMode mode : NetworkMode.values()) {
            replenish(mode);
        }
    }

    /** The ids of the spares held now (not sessions yet; live, not leftovers). */
    Set<String> ids() {
        return Set.copyOf(ids);
    }

    /** Whether {@code id} is a spare's held now. */
    boolean holds(String id) {
        return ids.contains(id);
    }

    /**
     * The spare for {@code spec}'s network mode, taken out (never handed out twice); null when none fits. The caller
     * owns it from here on: it calls {@link #handedOver} once the session holds its id, and {@link #replenish} after.
     */
    SpareRunner take(SessionSpec spec) {
        if (!on || !spec.limits().equals(SessionSpec.Limits.DEFAULT)) {
            return null; // its HOME/TMPDIR size and cgroup limits were made with the defaults
        }
        SpareRunner spare;
        synchronized (spares) {
            spare = spares.remove(spec.network());
            if (spare == null || spare.used) {
                return null;
            }
            spare.used = true;
        }
        // a file system mounted or taken off since its runner's namespace was made (a workspace on a new mount): its
        // view is not the one a runner started now would have, so it is not used
        if (!spare.runner.alive() || !launcher.hostView().equals(spare.hostView)) {
            discardLater(spare);
            replenish(spec.network());
            return null;
        }
        // started for another launch than a runner started now would be (the runners' spawn path or JVM flags, the
        // guards' namespace steps, the account changed since): the session starts its own runner, the next spare is
        // made for the launch of now
        List<String> differ = differencesFromNow(spare);
        if (!differ.isEmpty()) {
            foreign.incrementAndGet();
            audit.record("session.spare-runner", Map.of("session", spare.id, "network", spare.mode.label()), "discarded",
                    "the prepared runner was started for another launch than a session's now (" + String.join(", ", differ)
                            + "): the session starts its own runner");
            discardLater(spare);
            replenish(spec.network());
            return null;
        }
        return spare;
    }

    /** How many spares {@link #take} discarded because they were started for another launch than a session's now. */
    int discardedForAnotherLaunch() {
        return foreign.get();
    }

    /** What {@code spare}'s runner was started with that one started for it now would not be; empty when it fits. */
    private List<String> differencesFromNow(SpareRunner spare) {
        try {
            return SpareRunner.differences(spare.launch, launchFor(spare));
        } catch (RuntimeException e) {
            return List.of("no launch to compare with: " + e.getMessage()); // e.g. the account is gone: not offered
        }
    }

    /**
     * The launch a runner for {@code spare} (its mode, id, group, directory and cgroup) is started with now; what a
     * session taking it launches but for the file-system steps ({@code SessionManager#launchRunner}).
     */
    private RunnerLaunch launchFor(SpareRunner spare) {
        Account acc = accounts.of(spare.mode);
        Path home = spare.dir.resolve("home");
        Path tmp = spare.dir.resolve("tmp");
        return new RunnerLaunch(acc, List.of(new Group("session " + spare.id, spare.grantGroup, List.of())),
                spare.tree, guards.launchSteps(spare.mode, offlineOnHostLoopback.getAsBoolean()), SessionEnvironment.of(acc.name(), home, tmp).runner(),
                runtime.javaCommand(tmp, spare.tree));
    }

    /** A taken spare's id is its session's now (live to the reaper as such): no longer one of the spares'. */
    void handedOver(SpareRunner spare) {
        ids.remove(spare.id);
    }

    /** Makes a spare for {@code mode} in the background, unless there is one, spares are off or it kept failing. */
    void replenish(NetworkMode mode) {
        ExecutorService m = maker;
        if (!on || m == null) {
            return;
        }
        try {
            m.execute(() -> {
                synchronized (spares) {
                    if (!on || spares.containsKey(mode) || failures.getOrDefault(mode, 0) >= ATTEMPTS) {
                        return;
                    }
                }
                SpareRunner spare;
                try {
                    spare = make(mode);
                } catch (RuntimeException e) {
                    failures.merge(mode, 1, Integer::sum);
                    audit.record("session.spare-runner", Map.of("network", mode.label()), "error", e.getMessage());
                    return;
                }
                boolean kept;
                synchronized (spares) {
                    kept = on && !spares.containsKey(mode);
                    if (kept) {
                        spares.put(mode, spare);
                    }
                }
                if (!kept) {
                    discard(spare);
                    return;
                }
                spare.runner.onExit().thenRun(() -> ended(spare));
            });
        } catch (RejectedExecutionException closing) {
            // the host is stopping
        }
    }

    /** A waiting spare's runner ended (killed from outside, crashed): it goes, and another is made. */
    private void ended(SpareRunner spare) {
        boolean waiting;
        synchronized (spares) {
            waiting = !spare.used && spares.get(spare.mode) == spare;
            if (waiting) {
                spares.remove(spare.mode);
                spare.used = true;
            }
        }
        if (waiting) {
            failures.merge(spare.mode, 1, Integer::sum);
            audit.record("session.spare-runner", Map.of("network", spare.mode.label()), "error",
                    "the prepared runner ended while it waited: " + spare.runner.stderrText());
            discard(spare);
            replenish(spare.mode);
        }
    }

    /**
     * A session's start minus what depends on the request: its session group (a lend of no roots), directory, cgroup
     * with the default limits, and its runner started in it, waiting.
     */
    private SpareRunner make(NetworkMode mode) {
        SpareRunner spare = new SpareRunner(newId.get(), mode);
        ids.add(spare.id);
        try {
            SessionSpec.Limits limits = SessionSpec.Limits.DEFAULT;
            // the session group for the id, recorded with this host as its holder: no root lent yet
            spare.grantGroup = grants.lend(spare.id, List.of(), accounts.ids(), Caller.ROOT, grants.ownUmask());
            spare.dir = directories.create(spare.id, limits.tmpSizeBytes(), spare.grantGroup);
            spare.tree = containers.create(spare.id, new ProcessLimits(limits.maxPids(), limits.maxMemoryBytes()));
            spare.launch = launchFor(spare);
            spare.hostView = launcher.hostView(); // before the runner's namespace copies it
            spare.runner = RunnerProcess.startAhead(launcher, spare.launch, why -> spare.onDeath.accept(why));
            failures.remove(mode);
            return spare;
        } catch (RuntimeException e) {
            discard(spare);
            throw e;
        }
    }

    private void discardLater(SpareRunner spare) {
        ExecutorService m = maker;
        try {
            m.execute(() -> discard(spare));
        } catch (RuntimeException closing) {
            discard(spare);
        }
    }

    /** Takes a spare down, each step even when an earlier one failed: runner, cgroup, session group, directory. */
    private void discard(SpareRunner spare) {
        List<String> failed = new ArrayList<>();
        if (spare.runner != null) {
            SessionManager.step(failed, "stop the prepared runner", spare.runner::close);
        }
        if (spare.tree != null) {
            SessionManager.step(failed, "remove the prepared runner's process tree", spare.tree::close);
        }
        SessionManager.step(failed, "release the prepared runner's session group", () -> grants.giveBack(spare.id));
        if (spare.dir != null) {
            SessionManager.step(failed, "remove the prepared runner's directories", () -> directories.remove(spare.dir));
        }
        ids.remove(spare.id);
        if (!failed.isEmpty()) {
            audit.record("session.spare-runner", Map.of("session", spare.id), "error", String.join("; ", failed));
        }
    }

    /**
     * Stops making spares and takes down those waiting (host stop). `cordon serve` closes from its shutdown hook and
     * from its main thread at once; the JVM halts when the hook returns, so the hook must not return while the other
     * caller is still taking spares down.
     */
    void stop() {
        synchronized (stopping) {
            on = false;
            ExecutorService m = maker;
            if (m != null) {
                m.shutdown();
                try {
                    m.awaitTermination(30, TimeUnit.SECONDS); // one being made finishes first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<SpareRunner> waiting;
            synchronized (spares) {
                waiting = new ArrayList<>(spares.values());
                spares.clear();
                waiting.forEach(sp -> sp.used = true);
            }
            waiting.forEach(this::discard);
        }
    }
}
