package dev.cordon.testing;

import dev.cordon.core.Exec;
import dev.cordon.core.Instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;

/**
 * A uniquely named Cordon instance for one test, under the real {@code /var/lib}, with a cleanup that removes
 * everything such an instance can create whether or not its ledger survived: run it in {@code @AfterEach}.
 */
public final class TestInstance implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    public final Instance instance;

    public TestInstance() {
        StringBuilder sb = new StringBuilder("t");
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 7; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        instance = Instance.of(sb.toString());
    }

    public String name() {
        return instance.name();
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public void close() {
        for (String user : List.of(instance.offlineAccount(), instance.onlineAccount())) {
            Exec.run(List.of("pkill", "-KILL", "-u", user));
            Exec.run(List.of("userdel", user));
        }
        Exec.run(List.of("groupdel", instance.sandboxGroup()));
        Exec.run(List.of("groupdel", instance.usersGroup()));
        Exec.run(List.of("nft", "delete", "table", "inet", instance.firewallTable()));
        try {
            new dev.cordon.platform.linux.cgroup.CgroupContainers(instance.stateDir().getFileName().toString()).removeAll();
        } catch (RuntimeException e) {
            System.err.println("TestInstance: the session cgroups of " + name() + " stay: " + e.getMessage());
        }
        // a session's scratch mounts (HOME, TMPDIR) left by a failed test: never delete through a mount
        dev.cordon.platform.linux.ScratchMounts.unmountAllUnder(instance.stateDir());
        deleteTree(instance.stateDir());
        deleteTree(instance.stateDir().resolveSibling("." + instance.stateDir().getFileName() + ".partial"));
    }

    public static void deleteTree(Path root) {
        dev.cordon.core.FileTrees.deleteTree(root);
    }


    /** The instance's session-cgroup directories: {@code /sys/fs/cgroup/<prefix>}, or per v1 hierarchy when hybrid. */
    private List<Path> cgroupDirectories() {
        String prefix = instance.stateDir().getFileName().toString();
        List<Path> dirs = new java.util.ArrayList<>();
        Path top = Path.of("/sys/fs/cgroup");
        if (Files.isDirectory(top.resolve(prefix))) {
            dirs.add(top.resolve(prefix));
        }
        try (Stream<Path> s = Files.list(top)) {
            s.map(h -> h.resolve(prefix)).filter(Files::isDirectory).sorted().forEach(dirs::add);
        } catch (IOException e) {
            // no cgroup file system: nothing of the instance can be there
        }
        return dirs;
    }

    /** What an install could touch, for comparing the system before and after. */
    public String systemFootprint() {
        StringBuilder sb = new StringBuilder();
        try {
            for (String f : List.of("/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow")) {
                Files.readAllLines(Path.of(f)).stream()
                        .filter(l -> l.startsWith(instance.name() + "-"))
                        .forEach(l -> sb.append(f).append(": ").append(l).append('\n'));
            }
            try (Stream<Path> s = Files.list(Path.of("/var/lib"))) {
                s.map(Path::toString).filter(p -> p.contains(instance.name())).sorted()
                        .forEach(p -> sb.append("path: ").append(p).append('\n'));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (Path cgroup : cgroupDirectories()) {
            sb.append("cgroup: ").append(cgroup).append('\n');
        }
        Exec.Result tables = Exec.run(List.of("nft", "list", "tables"));
        tables.stdout().lines().filter(l -> l.contains(instance.firewallTable()))
                .forEach(l -> sb.append("nft: ").append(l).append('\n'));
        return sb.toString();
    }
}
