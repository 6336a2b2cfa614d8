package dev.cordon.platform.linux.sys;

import dev.cordon.core.CordonException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of a {@code /proc/<pid>/mountinfo} file: {@code id parent major:minor root mountpoint options
 * [optional...] - fstype source superoptions}.
 *
 * @param device the file system's {@code major:minor}, the same for every mount of it (a bind mount included)
 * @param root   the directory of that file system the mount shows at {@code mountPoint} ({@code /} unless a bind mount
 *               of a directory in it)
 */
public record MountInfo(Path mountPoint, String options, String fstype, String source, String superOptions,
                        String device, Path root) {
    public static final Path SELF = Path.of("/proc/self/mountinfo");

    /** The mounts of this process's mount namespace, in mount order. */
    public static List<MountInfo> current() {
        try {
            return parseAll(Files.readString(SELF));
        } catch (IOException e) {
            throw CordonException.internal("Cannot read " + SELF + ": " + e.getMessage(), e);
        }
    }

    /** Malformed lines are skipped. */
    public static List<MountInfo> parseAll(String mountinfoText) {
        List<MountInfo> mounts = new ArrayList<>();
        for (String line : mountinfoText.split("\n")) {
            String[] fields = line.trim().split(" ");
            int separator = Arrays.asList(fields).indexOf("-");
            if (separator < 5 || fields.length < separator + 4) {
                continue;
            }
            mounts.add(new MountInfo(Path.of(unescape(fields[4])), fields[5], fields[separator + 1],
                    unescape(fields[separator + 2]), fields[separator + 3], fields[2], Path.of(unescape(fields[3]))));
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    public static String unescape(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
