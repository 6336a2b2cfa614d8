package dev.cordon.leftovers;

import dev.cordon.core.Exec;
import dev.cordon.core.Instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real throwaway sandbox account for one test: {@code t<6 random>-cordon-offline}, its instance (state root
 * {@code /var/lib}, so the CLI's {@code --instance} finds the same state directory), and everything the test creates
 * in its name. {@link #close()} kills the processes it started, deletes its paths and the state directory, and
 * removes the account — also after a failed test.
 */
public final class SandboxFixture implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final String name;
    public final Instance instance;
    public final int uid;
    public final int gid;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> created = new ArrayList<>();

    private SandboxFixture(String name, boolean setUp) throws IOException {
        this.name = name;
        this.instance = Instance.of(name);
        Exec.run(List.of(Exec.require("useradd", "passwd").toString(), "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                instance.offlineAccount())).orThrow("useradd");
        try {
            this.uid = Integer.parseInt(Exec.run(List.of("id", "-u", instance.offlineAccount())).orThrow("id").stdout().strip());
            this.gid = Integer.parseInt(Exec.run(List.of("id", "-g", instance.offlineAccount())).orThrow("id").stdout().strip());
            if (setUp) {
                Files.createDirectory(instance.stateDir(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (RuntimeException | IOException e) {
            Exec.run(List.of(Exec.require("userdel", "passwd").toString(), instance.offlineAccount()));
            throw e;
        }
    }

    /** An account and a set-up state directory. */
    public static SandboxFixture create() throws IOException {
        return new SandboxFixture(randomName(), true);
    }

    /** An account but no state directory: Cordon "not set up". */
    public static SandboxFixture withoutStateDir() throws IOException {
        return new SandboxFixture(randomName(), false);
    }

    public static String randomName() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder("t");
        for (int i = 0; i < 6; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** {@code root/<name>-suffix}, remembered for deletion. */
    public Path path(String root, String suffix) {
        Path p = Path.of(root, name + "-" + suffix);
        created.add(p);
        return p;
    }

    /** Runs a shell snippet as the sandbox account and waits for it. */
    public void runAs(String script) {
        Exec.run(asUser(script)).orThrow("shell as " + instance.offlineAccount());
    }

    /** Starts a shell snippet as the sandbox account; killed in {@link #close()} if still running. */
    public Process startAs(String script) throws IOException {
        Process p = new ProcessBuilder(asUser(script)).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private List<String> asUser(String script) {
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--", "sh", "-c", script);
    }

    /** Waits until the process holds an fd on the path (it opened it). */
    public static void awaitOpen(Process p, Path path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (var fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
                if (fds.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).equals(path);
                    } catch (IOException closed) {
                        return false;
                    }
                })) {
                    return;
                }
            } catch (IOException notYet) {
                // the process is still being set up
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pid " + p.pid() + " did not open " + path + " within 10 s");
    }

    public static Map<String, Object> lstat(Path p) throws IOException {
        return Files.readAttributes(p, "unix:uid,gid,mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (Path p : created) {
            dev.cordon.core.FileTrees.deleteTree(p);
        }
        dev.cordon.core.FileTrees.deleteTree(instance.stateDir());
        Exec.run(List.of(Exec.require("userdel", "passwd").toString(), instance.offlineAccount())).orThrow("userdel");
    }

    /** The janitor of {@code instance} on this machine, knowing only the live sessions given (root tests). */
    static Leftovers janitor(Instance instance, LiveSessions live) {
        dev.cordon.platform.Platform platform = new dev.cordon.platform.linux.LinuxPlatform(instance);
        return new Leftovers(instance, platform, live, StaleSessions.NONE,
                () -> new dev.cordon.platform.linux.WorkspaceGrants(instance, new dev.cordon.platform.linux.ProcStatStarts())
                        .lentRoots(),
                new dev.cordon.audit.AuditLog(instance.auditFile(), new dev.cordon.audit.Actor(platform.accounts()),
                        platform.fileSecurity()));
    }

    /** The janitor of {@code instance} on this machine, knowing no live sessions. */
    static Leftovers janitor(Instance instance) {
        return janitor(instance, LiveSessions.NONE);
    }
}
