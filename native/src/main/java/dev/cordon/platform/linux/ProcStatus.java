package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fields of {@code /proc/[pid]/status} (proc(5)) that {@link ProcStat} does not carry. */
public final class ProcStatus {
    /** This process. */
    public static final String SELF = "self";

    private ProcStatus() {
    }

    /** The {@code Umask:} line (Linux 4.7 and later) of process {@code pid} ({@link #SELF}: this one). */
    public static int umask(String pid) {
        Path file = Path.of("/proc", pid, "status");
        try {
            return parseUmask(Files.readString(file, StandardCharsets.US_ASCII), file);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static int parseUmask(String status, Path file) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Umask:")) {
                try {
                    int mask = Integer.parseInt(line.substring("Umask:".length()).strip(), 8);
                    if ((mask & ~0777) == 0) {
                        return mask;
                    }
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw CordonException.internal(file + " has no readable Umask: line (Linux 4.7 or later has one).", null);
    }
}
