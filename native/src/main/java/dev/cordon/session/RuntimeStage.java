package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.FileTrees;
import dev.cordon.core.Instance;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.ProcessContainer;
import dev.cordon.runner.RunnerMain;
import dev.cordon.core.JavaRuntime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A world-readable copy of our own classpath for runners: the sandbox accounts cannot read the build directory or
 * root's Maven repository. Lives under the state directory ({@code runtime/<content hash>}), so it is reused across
 * sessions and removed by uninstall with everything else.
 */
public final class RuntimeStage {
    /** Passed on to runners: {@code jdk} makes them start commands through ProcessBuilder and cgroup moves. */
    static final String RUNNER_SPAWN_PROPERTY = "cordon.runner.spawn";
    /** Passed on to runners: the staged cordon-exec, through which the portable spawn path starts each command. */
    static final String RUNNER_EXEC_HELPER_PROPERTY = "cordon.runner.execHelper";
    /** The exec helper in our jar (native/src/main/c/cordon_exec.c), beside cordon-mounts; absent without gcc. */
    private static final String EXEC_HELPER_RESOURCE = "/" + com.sun.jna.Platform.RESOURCE_PREFIX + "/cordon-exec";
    /** One staging at a time in this process (threads of one panel or host start sessions at once). */
    private static final Object STAGING = new Object();
    private final Path dir;
    private final List<Path> classpath;
    private final FileSecurity files;

    private RuntimeStage(Path dir, List<Path> classpath, FileSecurity files) {
        this.files = files;
        this.dir = dir;
        this.classpath = classpath;
    }

    public static RuntimeStage prepare(Instance instance, FileSecurity files) {
        List<Path> sources = classpathEntries();
        Path root = instance.stateDir().resolve("runtime");
        Path dir = root.resolve(fingerprint(sources));
        List<Path> staged = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Path source = sources.get(i);
            staged.add(dir.resolve(i + "-" + source.getFileName() + (Files.isDirectory(source) ? ".jar" : "")));
        }
        synchronized (STAGING) { // the panel starts a session while its doctor starts a probe session: one stages
            try {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(root);
                    files.makePublicReadOnly(root);
                    // this process's own partial copy: another process staging the same classpath has its own
                    Path partial = root.resolve(dir.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
                    FileTrees.deleteTree(partial);
                    Files.createDirectory(partial);
                    for (int i = 0; i < sources.size(); i++) {
                        Path target = partial.resolve(staged.get(i).getFileName().toString());
                        if (Files.isDirectory(sources.get(i))) {
                            jar(sources.get(i), target);
                        } else {
                            Files.copy(sources.get(i), target, StandardCopyOption.REPLACE_EXISTING);
                        }
                        files.makePublicReadOnly(target);
                    }
                    files.makePublicReadOnly(partial);
                    try {
                        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        if (!Files.isDirectory(dir)) {
                            throw e;
                        }
                        FileTrees.deleteTree(partial); // another process staged the same content first
                    }
                }
            } catch (IOException e) {
                throw CordonException.internal("Cannot stage the runner's classpath in " + dir + ": " + e.getMessage(), e);
            }
            RuntimeStage stage = new RuntimeStage(dir, staged, files);
            stage.ensureExecHelper();
            stage.ensureClassArchive();
            return stage;
        }
    }

    /** Where the exec helper is staged: root's, read-only, under the state directory no command may read. */
    private Path execHelper() {
        return dir.resolve("cordon-exec");
    }

    /**
     * Stages the exec helper once per stage (root's, mode 0555): a command may execute that one file (the runner grants
     * it alone beneath the hidden state directory) and change nothing of it. Without the resource, nothing is staged
     * and runners on the portable path start commands as before.
     */
    private void ensureExecHelper() {
        if (Files.isRegularFile(execHelper())) {
            return;
        }
        try (var in = RuntimeStage.class.getResourceAsStream(EXEC_HELPER_RESOURCE)) {
            if (in == null) {
                return;
            }
            Path partial = dir.resolve("cordon-exec." + ProcessHandle.current().pid() + ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            files.makePublicReadOnly(partial);
            Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.move(partial, execHelper(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("cordon: cannot stage the runner's exec helper in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The class-data archive of this stage's runners: their classes, parsed once, mapped by every runner JVM. Named
     * after the JDK that made it: another JDK could not use it (it would warn and start without).
     */
    private Path archive() {
        return dir.resolve("runner-" + System.getProperty("java.runtime.version").replaceAll("[^A-Za-z0-9._-]", "_") + ".jsa");
    }

    /**
     * Makes {@link #archive} once per stage: a training run of the runner as root (it loads the classes a session
     * uses, confines and spawns nothing) with {@code -XX:ArchiveClassesAtExit}. Runners then start in about half the
     * time (JVM boot to the first frame, 0.42 s to 0.22 s on our machines). Made by root in the root-owned stage: a
     * sandbox account could otherwise write class data its next runner would map. If it cannot be made, runners start
     * without it; the reason is kept next to it so the training is not repeated on every start.
     */
    private void ensureClassArchive() {
        Path failed = dir.resolve(archive().getFileName() + ".unavailable");
        if (Files.exists(archive()) || Files.exists(failed)) {
            return;
        }
        Path partial = dir.resolve(archive().getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        List<String> cmd = new ArrayList<>(baseCommand());
        cmd.add(1, "-XX:ArchiveClassesAtExit=" + partial);
        cmd.add("--train");
        String why;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                why = "the training run did not finish within 60 s";
            } else if (p.exitValue() == 0 && Files.isRegularFile(partial)) {
                files.makePublicReadOnly(partial);
                Files.move(partial, archive(), StandardCopyOption.ATOMIC_MOVE);
                return;
            } else {
                why = "the training run exited " + p.exitValue() + ": " + out.strip();
            }
        } catch (IOException e) {
            why = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        try {
            Files.deleteIfExists(partial);
            Files.writeString(failed, why + "\n");
        } catch (IOException e) {
            // the marker only saves a repeat of the training; without it the next start tries again
        }
    }

    /**
     * The java command line of a runner, with its temp files in the session's temp directory and, where its process
     * container has a directory of its own, that directory named ({@link RunnerMain#CONTAINER_ARG}): the runner
     * prepares its part of it before its hello.
     */
    List<String> javaCommand(Path tmp, ProcessContainer tree) {
        List<String> cmd = javaCommand(tmp);
        tree.delegatedDirectory().ifPresent(dir -> cmd.addAll(List.of(RunnerMain.CONTAINER_ARG, dir.toString())));
        return cmd;
    }

    private List<String> javaCommand(Path tmp) {
        List<String> cmd = new ArrayList<>(baseCommand());
        cmd.add(1, "-Djava.io.tmpdir=" + tmp);
        cmd.add(1, "-Djna.tmpdir=" + tmp);
        if (Files.isRegularFile(archive())) {
            cmd.add(1, "-XX:SharedArchiveFile=" + archive());
        }
        String spawn = System.getProperty(RUNNER_SPAWN_PROPERTY);
        if (spawn != null) {
            cmd.add(1, "-D" + RUNNER_SPAWN_PROPERTY + "=" + spawn); // e.g. tests of the portable spawn path
        }
        if (Files.isRegularFile(execHelper())) {
            cmd.add(1, "-D" + RUNNER_EXEC_HELPER_PROPERTY + "=" + execHelper());
        }
        return cmd;
    }

    /**
     * java, the runner's JVM flags, classpath and main class. JVM warnings go to stderr: the runner's stdout is its
     * frame channel, and unified logging writes warnings to stdout by default. So does the VM's own output (a SIGQUIT
     * thread dump would land in the frame channel, R28's sibling), and the attach mechanism is off (SIGQUIT plus a
     * {@code .attach_pid} file would open a socket through which anyone of the runner's uid, its commands included,
     * could load an agent into it).
     */
    private List<String> baseCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaRuntime.javaBinary());
        cmd.addAll(List.of("-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx192m",
                "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+DisplayVMOutputToStderr", "-XX:+DisableAttachMechanism",
                "-Djdk.lang.Process.launchMechanism=VFORK", "-cp",
                String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()),
                "dev.cordon.runner.RunnerMain"));
        return cmd;
    }

    Path dir() {
        return dir;
    }

    /** java.class.path plus the Class-Path of jars in it (the launcher starts us with `-jar`). */
    static List<Path> classpathEntries() {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isBlank()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                continue;
            }
            out.add(p);
            if (p.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    var mf = jar.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String rel : cp.trim().split("\\s+")) {
                            Path dep = p.getParent().resolve(rel).normalize();
                            if (Files.exists(dep)) {
                                out.add(dep);
                            }
                        }
                    }
                } catch (IOException ex) {
                    throw CordonException.internal("Cannot read " + p + ": " + ex.getMessage(), ex);
                }
            }
        }
        return List.copyOf(out);
    }

    private static String fingerprint(List<Path> sources) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Path p : sources) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path f : s.sorted().toList()) {
                        if (Files.isRegularFile(f)) {
                            d.update((p.relativize(f) + "\0" + Files.size(f) + "\0" + Files.getLastModifiedTime(f) + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw CordonException.internal("Cannot fingerprint the classpath: " + e.getMessage(), e);
        }
    }

    /**
     * A class directory (a build's target/classes) staged as a jar. Runners read their classes from jars the JVM
     * keeps open: the confined threads of a runner may not open anything under the state directory, so a class first
     * needed on one of them could not be loaded from a directory there.
     */
    private static void jar(Path classes, Path jar) throws IOException {
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
        }
    }
}
