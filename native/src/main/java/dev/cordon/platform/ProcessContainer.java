package dev.cordon.platform;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The OS object that holds one session's whole process tree and bounds it (Linux: a cgroup, hybrid v1/v2 or pure v2;
 * Windows: a job object with {@code JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE}). The runner is put in it before its first
 * instruction ({@link RunnerLauncher}: Linux writes itself into {@code cgroup.procs} before it execs; Windows creates
 * it suspended, assigns it, then resumes it), so nothing it or its commands start runs outside; killing it kills the
 * runner and every command, daemons that double-forked included.
 */
public interface ProcessContainer extends AutoCloseable {
    /** The session it holds. */
    String session();

    /**
     * Where the runner makes one nested container per command (Linux: the session's cgroup v2 directory, delegated to
     * the runner's account at launch); empty where the runner nests none (Windows: nested job objects are the
     * runner's own).
     */
    Optional<Path> delegatedDirectory();

    /** The processes in it now. */
    Set<Long> pids();

    /**
     * What the OS reports of it now, under keys every implementation shares: {@code procs}, {@code pids.current},
     * {@code pids.max}, {@code pids.peak}, {@code pids.refused}, {@code memory.current}, {@code memory.max}
     * ({@code max} when unlimited), {@code memory.peak}. A key is absent where the OS or its layout does not offer it;
     * the default offers only {@code procs}.
     */
    default java.util.Map<String, String> stats() {
        return java.util.Map.of("procs", Integer.toString(pids().size()));
    }

    /**
     * The container nested in this one for one command (Linux: the command's own cgroup, {@code cmd-N}, that the
     * runner made in {@link #delegatedDirectory()}) that {@code pid} is in now; empty when the pid is gone, outside this
     * container, in no command's container (the runner's own), or where the OS nests none the host can reach. The host
     * keeps it from the command's start so that it can end the command's tree itself, without the runner (R28: a
     * command can stop or hang its runner; the timeout and a client's kill must not depend on it).
     */
    default Optional<Nested> nestedOf(long pid) {
        return Optional.empty();
    }

    /** One command's container inside a session's. */
    interface Nested {
        /** Its name inside the session's container ({@code cmd-3}). */
        String name();

        /** Kills every process in it (its tree), without waiting; nothing when it is gone already. */
        void kill();
    }

    /** Kills every process in it and waits until it is empty; the container stays. */
    void killAll();

    /** Kills everything and removes the container. */
    @Override
    void close();
}
