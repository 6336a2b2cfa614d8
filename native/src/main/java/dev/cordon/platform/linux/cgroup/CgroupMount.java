package dev.cordon.platform.linux.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One cgroup or cgroup2 line of a mountinfo file.
 *
 * @param controllers for a v1 hierarchy, the controllers bound to it (from the super options, e.g.
 *                    {@code rw,cpu,cpuacct}); named hierarchies such as {@code name=systemd} carry none; empty for v2
 */
record CgroupMount(Path mountPoint, boolean v2, Set<String> controllers) {
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "noprefix", "clone_children", "xattr",
            "cpuset_v2_mode", "favordynmods", "nofavordynmods");

    /**
     * Fields: {@code id parent major:minor root mountpoint options [optional...] - fstype source superoptions};
     * lines that are not cgroup mounts are skipped.
     */
    static List<CgroupMount> parseAll(String mountinfoText) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (String line : mountinfoText.split("\n")) {
            String[] fields = line.trim().split(" ");
            int separator = Arrays.asList(fields).indexOf("-");
            if (separator < 5 || fields.length < separator + 4) {
                continue;
            }
            String fstype = fields[separator + 1];
            Path mountPoint = Path.of(unescape(fields[4]));
            if (fstype.equals("cgroup2")) {
                mounts.add(new CgroupMount(mountPoint, true, Set.of()));
            } else if (fstype.equals("cgroup")) {
                Set<String> controllers = Arrays.stream(fields[separator + 3].split(","))
                        .filter(o -> !o.contains("=") && !NOT_CONTROLLERS.contains(o))
                        .collect(Collectors.toUnmodifiableSet());
                mounts.add(new CgroupMount(mountPoint, false, controllers));
            }
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    static String unescape(String field) {
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
