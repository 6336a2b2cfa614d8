package dev.cordon.platform.linux;

import dev.cordon.platform.Account;
import dev.cordon.platform.FolderOpener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code xdg-open FOLDER}: as this process's user when it is not root; as root, only as the invoking user (pkexec or
 * sudo), through {@code runuser}, with that user's desktop session variables (display, runtime dir, session bus) and
 * nothing else of root's environment. Root with no invoking user opens nothing: a file manager running as root is not
 * what anyone asked for.
 */
public final class LinuxFolderOpener implements FolderOpener {
    private static final long WAIT_SECONDS = 10;
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Map<String, String> env;
    private final boolean root;
    private final Optional<Account> invoking;
    private final List<Path> searchPath;

    public LinuxFolderOpener(Map<String, String> env, boolean root, Optional<Account> invoking) {
        this(env, root, invoking, List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"), Path.of("/bin")));
    }

    LinuxFolderOpener(Map<String, String> env, boolean root, Optional<Account> invoking, List<Path> searchPath) {
        this.env = Map.copyOf(env);
        this.root = root;
        this.invoking = invoking;
        this.searchPath = List.copyOf(searchPath);
    }

    /** What would be run, with its environment; empty with the reason in {@code why} when nothing may be. */
    record Command(List<String> argv, Map<String, String> environment) {
    }

    Optional<Command> command(Path folder, StringBuilder why) {
        Optional<Path> xdgOpen = find("xdg-open");
        if (xdgOpen.isEmpty()) {
            why.append("xdg-open is not installed (package xdg-utils), so no file manager can be asked");
            return Optional.empty();
        }
        if (env.get("DISPLAY") == null && env.get("WAYLAND_DISPLAY") == null) {
            why.append("the panel has no desktop display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
            return Optional.empty();
        }
        Map<String, String> e = new LinkedHashMap<>();
        for (String k : List.of("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "LANG")) {
            if (env.get(k) != null) {
                e.put(k, env.get(k));
            }
        }
        e.put("PATH", PATH);
        if (!root) {
            for (String k : List.of("HOME", "XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS", "XDG_CURRENT_DESKTOP")) {
                if (env.get(k) != null) {
                    e.put(k, env.get(k));
                }
            }
            return Optional.of(new Command(List.of(xdgOpen.get().toString(), folder.toString()), e));
        }
        if (invoking.isEmpty()) {
            why.append("the panel runs as root and was not started through pkexec or sudo for a desktop user, and it "
                    + "does not open a file manager as root");
            return Optional.empty();
        }
        Account user = invoking.get();
        e.put("HOME", user.home());
        Path runtime = Path.of("/run/user", user.id().value());
        if (Files.isDirectory(runtime)) {
            e.put("XDG_RUNTIME_DIR", runtime.toString());
            if (Files.exists(runtime.resolve("bus"))) {
                e.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + runtime.resolve("bus"));
            }
        }
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", user.name(), "--",
                xdgOpen.get().toString(), folder.toString()));
        return Optional.of(new Command(argv, e));
    }

    @Override
    public Result open(Path folder) {
        StringBuilder why = new StringBuilder();
        Optional<Command> command = command(folder, why);
        if (command.isEmpty()) {
            return new Result(false, why.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command.get().argv()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(command.get().environment());
        try {
            Process p = pb.start();
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                return new Result(true, "xdg-open is still starting the file manager"); // it handed over and waits
            }
            int code = p.exitValue();
            return code == 0 ? new Result(true, "")
                    : new Result(false, "xdg-open exited with " + code + (code == 3 || code == 4
                    ? " (no program on this desktop opens folders)" : ""));
        } catch (IOException e) {
            return new Result(false, "xdg-open could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while xdg-open ran");
        }
    }

    private Optional<Path> find(String program) {
        return searchPath.stream().map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst();
    }
}
