package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.Instance;
import dev.cordon.platform.linux.cgroup.Limits;
import dev.cordon.platform.linux.cgroup.SessionCgroup;
import dev.cordon.platform.linux.cgroup.SessionCgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/** Session trees as cgroups, one per session under the instance's own cgroup prefix. */
public final class SessionTrees {
    private final SessionCgroups cgroups;

    private SessionTrees(SessionCgroups cgroups) {
        this.cgroups = cgroups;
    }

    public static SessionTrees forInstance(Instance instance) {
        return new SessionTrees(SessionCgroups.open(instance.stateDir().getFileName().toString()));
    }

    SessionTree create(String id, SessionSpec.Limits limits) {
        return new CgroupTree(cgroups.create(id, new Limits(limits.maxPids(), limits.maxMemoryBytes())));
    }

    /** Reaps every session cgroup whose session {@code live} does not claim, asked after the cgroups were listed. */
    void reapAllExcept(java.util.function.Predicate<String> live) {
        cgroups.reapAll(live);
    }

    /** Kills and removes the cgroup of one session, if it has one. */
    void reap(String id) {
        SessionCgroup cgroup = cgroups.get(id);
        if (cgroup.exists()) {
            cgroup.remove();
        }
    }

    private record CgroupTree(SessionCgroup cgroup) implements SessionTree {
        @Override
        public Path delegatedDir() {
            return cgroup.directories().get(0);
        }

        /**
         * cgroup v2 delegation: the runner may create children (the directory) and move processes between them
         * (cgroup.procs of the common ancestor). The limit files stay root's, so it cannot raise its own bounds.
         */
        @Override
        public void delegateTo(int uid, int gid) {
            Path dir = delegatedDir();
            try {
                UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
                for (Path p : List.of(dir, dir.resolve("cgroup.procs"))) {
                    PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                    v.setOwner(lookup.lookupPrincipalByName(Integer.toString(uid)));
                    v.setGroup(lookup.lookupPrincipalByGroupName(Integer.toString(gid)));
                }
            } catch (IOException e) {
                throw CordonException.internal("Cannot delegate cgroup " + dir + " to uid " + uid + ": " + e.getMessage(), e);
            }
        }

        @Override
        public List<String> entering(List<String> command) {
            return cgroup.commandEntering(command);
        }

        @Override
        public Set<Long> pids() {
            return cgroup.pids();
        }

        @Override
        public void killAll() {
            cgroup.killAll();
        }

        @Override
        public void close() {
            cgroup.close();
        }
    }
}
