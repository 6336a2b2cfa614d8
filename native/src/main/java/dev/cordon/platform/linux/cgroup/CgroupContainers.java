package dev.cordon.platform.linux.cgroup;

import dev.cordon.platform.ProcessContainers;
import dev.cordon.platform.ProcessLimits;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The session containers of one instance as cgroups under its own prefix ({@link SessionCgroups}). The cgroup layout
 * is detected on first use: asking which session a process belongs to needs none.
 */
public final class CgroupContainers implements ProcessContainers {
    private final String prefix;
    private SessionCgroups cgroups;

    public CgroupContainers(String prefix) {
        this.prefix = prefix;
    }

    private synchronized SessionCgroups cgroups() {
        if (cgroups == null) {
            cgroups = SessionCgroups.open(prefix);
        }
        return cgroups;
    }

    @Override
    public SessionCgroup create(String session, ProcessLimits limits) {
        return cgroups().create(session, limits);
    }

    @Override
    public void reapAllExcept(Predicate<String> live) {
        cgroups().reapAll(live);
    }

    @Override
    public void reap(String session) {
        SessionCgroup cgroup = cgroups().get(session);
        if (cgroup.exists()) {
            cgroup.remove();
        }
    }

    @Override
    public java.util.List<String> instanceRoots() {
        if (!SessionCgroups.supported()) {
            return java.util.List.of(); // no session ever had a cgroup here
        }
        return cgroups().prefixDirectories().stream().map(java.nio.file.Path::toString).toList();
    }

    @Override
    public void removeAll() {
        if (SessionCgroups.supported()) {
            cgroups().removeAll();
        }
    }

    @Override
    public Optional<String> sessionOf(long pid) {
        return SessionCgroups.sessionOf(pid, prefix);
    }
}
