package dev.cordon.audit;

import dev.cordon.platform.linux.Passwd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who is acting: the effective user, and the person behind sudo / the login session. */
public final class Actor {
    private Actor() {
    }

    public static String effectiveUser() {
        return System.getProperty("user.name");
    }

    /** e.g. {@code "root (sudo from alice, login alice)"}; never fails. */
    public static String describe() {
        StringBuilder sb = new StringBuilder(effectiveUser());
        String sudo = System.getenv("SUDO_USER");
        String login = loginUser();
        if (sudo != null || login != null) {
            sb.append(" (");
            if (sudo != null) {
                sb.append("sudo from ").append(sudo);
            }
            if (login != null) {
                sb.append(sudo != null ? ", " : "").append("login ").append(login);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String loginUser() {
        try {
            String raw = Files.readString(Path.of("/proc/self/loginuid")).trim();
            long uid = Long.parseLong(raw);
            if (uid == 4294967295L) {
                return null; // not set: a daemon or a container without login sessions
            }
            return Passwd.load().nameOf((int) uid).orElse(raw);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
