package dev.cordon.app.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a support bundle is saved by default: the Downloads folder of the person who started the panel — under sudo
 * or pkexec that is the invoking user ({@code SUDO_USER}, {@code PKEXEC_UID}), not root — with the date and time in
 * its name, so a second bundle the same day does not collide with the first.
 */
public final class BundleTarget {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss");

    private BundleTarget() {
    }

    /** The invoking user's name, when the panel runs elevated for someone else. */
    static Optional<String> invokingUser(Map<String, String> env, Function<String, Optional<String>> nameOfUid) {
        String sudo = env.get("SUDO_USER");
        if (sudo != null && !sudo.isBlank() && !sudo.equals("root")) {
            return Optional.of(sudo);
        }
        String uid = env.get("PKEXEC_UID");
        if (uid != null && uid.matches("\\d+") && !uid.equals("0")) {
            return nameOfUid.apply(uid);
        }
        return Optional.empty();
    }

    /**
     * The folder: {@code <home>/Downloads} of the invoking user (else of this process's user) when it exists, else that
     * home. {@code homeOf} looks a user's home up.
     */
    public static Path folder(Map<String, String> env, Function<String, Optional<String>> nameOfUid,
                              Function<String, Optional<Path>> homeOf, Path ownHome) {
        Path home = invokingUser(env, nameOfUid).flatMap(homeOf).orElse(ownHome);
        Path downloads = home.resolve("Downloads");
        return Files.isDirectory(downloads) ? downloads : home;
    }

    /** "cordon-support-2026-12-02-153012.zip". */
    public static String name(LocalDateTime at) {
        return "cordon-support-" + STAMP.format(at) + ".zip";
    }
}
