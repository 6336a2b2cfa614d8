package dev.cordon.platform.linux.cgroup;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Reads and writes cgroup interface files, turning failures into errors that name the file and the kernel's reason. */
final class CgroupFiles {
    private CgroupFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw failure("read", file, e);
        }
    }

    /** The file's content, or empty when the kernel does not offer this file (an older kernel, a controller off). */
    static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", file, e);
        }
    }

    /**
     * One write(2) of {@code value}: the kernel parses each write on its own. No CREATE: a cgroup file that does
     * not exist must fail, not become a regular file.
     */
    static void write(Path file, String value) {
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure("write '" + value + "' to", file, e);
        }
    }

    /**
     * {@link #write}, or false when the file is not there or its cgroup went away meanwhile ({@link #gone}): the kernel
     * does not offer it, or the cgroup was removed by another of its removals.
     */
    static boolean writeIfThere(Path file, String value) {
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
            return true;
        } catch (IOException e) {
            if (gone(e)) {
                return false;
            }
            throw failure("write '" + value + "' to", file, e);
        }
    }

    /**
     * The pids listed in a {@code cgroup.procs} file; empty when the cgroup directory is gone, also when it went between
     * the open and the read (ENODEV: two removals of one session's cgroup at once, its stop and an uninstall, were seen
     * in a run).
     */
    static Set<Long> procs(Path cgroupDir) {
        Path file = cgroupDir.resolve("cgroup.procs");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            if (gone(e)) {
                return new LinkedHashSet<>();
            }
            throw failure("read", file, e);
        }
        Set<Long> pids = new LinkedHashSet<>();
        text.lines().filter(l -> !l.isBlank()).forEach(l -> pids.add(Long.parseLong(l.strip())));
        return pids;
    }

    /** Whether {@code e} says the cgroup is gone: its file was never there, or it was removed while open (ENODEV). */
    static boolean gone(IOException e) {
        return e instanceof NoSuchFileException
                || e instanceof FileSystemException fse && "No such device".equals(fse.getReason())
                || "No such device".equals(e.getMessage());
    }

    static CordonException failure(String action, Path file, IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage();
        return new CordonException(ExitCode.INTERNAL, "Cannot " + action + " " + file + ": " + reason + ".",
                "Run as root, and check `cordon doctor` for the cgroup layout of this host.", e);
    }
}
