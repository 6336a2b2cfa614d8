package dev.cordon.app.doctor;

import dev.cordon.platform.Account;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Where a support bundle is saved by default: the Downloads folder of the person who started the panel — under sudo
 * or pkexec that is the invoking user ({@code PKEXEC_UID}, {@code SUDO_UID}), not root — with the date and time in
 * its name, so a second bundle the same day does not collide with the first.
 */
public final class BundleTarget {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss");

    private BundleTarget() {
    }

    /**
     * The folder: {@code <home>/Downloads} of the invoking user ({@link dev.cordon.platform.InvokingUser}; else of this
     * process's user, {@code ownHome}) when it exists, else that home.
     */
    public static Path folder(Optional<Account> invoking, Path ownHome) {
        Path home = invoking.map(a -> Path.of(a.home())).orElse(ownHome);
        Path downloads = home.resolve("Downloads");
        return Files.isDirectory(downloads) ? downloads : home;
    }

    /** "cordon-support-2026-12-02-153012.zip". */
    public static String name(LocalDateTime at) {
        return "cordon-support-" + STAMP.format(at) + ".zip";
    }
}
