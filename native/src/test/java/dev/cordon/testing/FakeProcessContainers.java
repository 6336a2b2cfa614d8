package dev.cordon.testing;

import dev.cordon.platform.ProcessContainer;
import dev.cordon.platform.ProcessContainers;
import dev.cordon.platform.ProcessLimits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Session process containers in memory, for tests of what sits above the seam without root: a container holds the
 * pids a test puts in it ({@link FakeContainer#admit}); killing empties it, closing removes it. Every kill and removal
 * is recorded, so a test can tell which sessions were reaped.
 */
public final class FakeProcessContainers implements ProcessContainers {
    private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
    private final List<String> removed = new ArrayList<>();

    @Override
    public synchronized FakeContainer create(String session, ProcessLimits limits) {
        if (containers.containsKey(session)) {
            throw new IllegalStateException("session " + session + " already has a container");
        }
        FakeContainer c = new FakeContainer(session, limits);
        containers.put(session, c);
        return c;
    }

    @Override
    public synchronized void reapAllExcept(Predicate<String> live) {
        for (String session : List.copyOf(containers.keySet())) {
            if (!live.test(session)) {
                containers.get(session).close();
            }
        }
    }

    @Override
    public synchronized void reap(String session) {
        FakeContainer c = containers.get(session);
        if (c != null) {
            c.close();
        }
    }

    @Override
    public synchronized Optional<String> sessionOf(long pid) {
        return containers.values().stream().filter(c -> c.pids.contains(pid)).map(FakeContainer::session).findFirst();
    }

    /** The container of {@code session}, if it exists now. */
    public synchronized Optional<FakeContainer> get(String session) {
        return Optional.ofNullable(containers.get(session));
    }

    /** The sessions whose containers were removed, in order. */
    public synchronized List<String> removed() {
        return List.copyOf(removed);
    }

    /** One session's container. */
    public final class FakeContainer implements ProcessContainer {
        private final String session;
        private final ProcessLimits limits;
        private final Set<Long> pids = new LinkedHashSet<>();
        private int kills;

        FakeContainer(String session, ProcessLimits limits) {
            this.session = session;
            this.limits = limits;
        }

        @Override
        public String session() {
            return session;
        }

        public ProcessLimits limits() {
            return limits;
        }

        /** Puts a process in it, as a launch would. */
        public void admit(long pid) {
            synchronized (FakeProcessContainers.this) {
                if (!containers.containsKey(session)) {
                    throw new IllegalStateException("session " + session + "'s container was removed");
                }
                pids.add(pid);
            }
        }

        public int kills() {
            synchronized (FakeProcessContainers.this) {
                return kills;
            }
        }

        @Override
        public Optional<Path> delegatedDirectory() {
            return Optional.empty();
        }

        @Override
        public Set<Long> pids() {
            synchronized (FakeProcessContainers.this) {
                return Set.copyOf(pids);
            }
        }

        @Override
        public void killAll() {
            synchronized (FakeProcessContainers.this) {
                pids.clear();
                kills++;
            }
        }

        @Override
        public void close() {
            synchronized (FakeProcessContainers.this) {
                killAll();
                if (containers.remove(session, this)) {
                    removed.add(session);
                }
            }
        }
    }
}
