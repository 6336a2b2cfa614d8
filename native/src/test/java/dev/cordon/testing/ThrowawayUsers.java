package dev.cordon.testing;

import dev.cordon.core.Exec;
import dev.cordon.platform.Account;
import dev.cordon.platform.linux.Passwd;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Real local accounts for one test, each with its own {@code 0700} home under {@code /home}; {@link #close()} kills
 * their processes and removes them with their homes, even after a failure.
 */
public final class ThrowawayUsers implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<String> names = new ArrayList<>();

    /** A new account named {@code <prefix><random>}, in {@code groups} (e.g. the instance's cordon-users group). */
    public Account create(String prefix, String... groups) {
        return createIn(Path.of("/home"), prefix, groups);
    }

    /**
     * A new account as {@link #create}, its home {@code <homes>/<name>} as written (e.g. through a symlink), made by
     * useradd; {@link #close()} removes it there.
     */
    public Account createIn(Path homes, String prefix, String... groups) {
        String name = prefix + Long.toString(RANDOM.nextLong() & 0xffffffL, 36);
        names.add(name); // before useradd: a half-made account is removed too
        String home = homes.resolve(name).toString();
        List<String> cmd = new ArrayList<>(List.of("useradd", "--create-home", "--home-dir", home,
                "--shell", "/usr/sbin/nologin", "--user-group"));
        if (groups.length > 0) {
            cmd.add("--groups");
            cmd.add(String.join(",", groups));
        }
        cmd.add(name);
        Exec.run(cmd).orThrow("useradd " + name);
        Exec.run(List.of("chmod", "0700", home)).orThrow("chmod home of " + name);
        return Passwd.load().user(name).orElseThrow();
    }

    public static Path home(Account a) {
        return Path.of(a.home());
    }

    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            Exec.Result del = null;
            // SIGKILL is sent, not awaited: userdel refuses a user whose process has not died yet (exit 8, "currently
            // used by process"), so kill, wait for its processes to be gone, and try again for up to 10 s
            for (int attempt = 0; attempt < 50; attempt++) {
                Exec.run(List.of("pkill", "-KILL", "-u", name));
                if (Exec.run(List.of("pgrep", "-u", name)).ok()) {
                    sleep();
                    continue;
                }
                del = Exec.run(List.of("userdel", "--remove", name));
                if (del.exitCode() != 8) {
                    break;
                }
                sleep();
            }
            if (del == null) {
                del = Exec.run(List.of("userdel", "--remove", name));
            }
            // 6: no such user (useradd failed); 12: the home was already gone
            if (!del.ok() && del.exitCode() != 6 && del.exitCode() != 12) {
                failures.add("userdel " + name + ": " + del.stderr().strip());
            }
            TestInstance.deleteTree(Path.of("/home", name));
        }
        names.clear();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Removing throwaway users failed: " + String.join("; ", failures));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
