package dev.cordon.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control file of the .deb. {@link #REQUIRED} are what Cordon runs (nft, setfacl, useradd, setpriv/unshare, GTK
 * for JavaFX); the shared libraries of the runtime's binaries add theirs ({@link SharedLibraryDepends}).
 */
record DebControl(String version, String architecture, long installedSizeKib, List<String> depends,
                  List<String> recommends) {
    static final String PACKAGE = "cordon";
    static final List<String> REQUIRED = List.of("nftables", "acl", "passwd", "util-linux", "libgtk-3-0");
    static final List<String> RECOMMENDED = List.of("pkexec");

    /** Maven's 0.1.0-SNAPSHOT is Debian's 0.1.0~snapshot (sorts before 0.1.0). */
    static String debianVersion(String mavenVersion) {
        String v = mavenVersion.replace("-SNAPSHOT", "~snapshot");
        if (!v.matches("[0-9][A-Za-z0-9.+~]*")) {
            throw new PackagingException("Version '" + mavenVersion + "' is not a Debian upstream version.",
                    "Use digits, letters and . + ~ in the project version (pom.xml).");
        }
        return v;
    }

    String render() {
        StringBuilder s = new StringBuilder();
        s.append("Package: ").append(PACKAGE).append('\n');
        s.append("Version: ").append(version).append('\n');
        s.append("Architecture: ").append(architecture).append('\n');
        s.append("Maintainer: Cordon developers <cordon@localhost>\n");
        s.append("Installed-Size: ").append(installedSizeKib).append('\n');
        s.append("Depends: ").append(String.join(", ", depends)).append('\n');
        if (!recommends.isEmpty()) {
            s.append("Recommends: ").append(String.join(", ", recommends)).append('\n');
        }
        s.append("Section: admin\n");
        s.append("Priority: optional\n");
        s.append("Description: sandbox accounts, firewall and sessions for coding agents\n");
        s.append(" Cordon provisions the accounts coding agents run commands as (one cut off from\n");
        s.append(" every network by an nftables rule, one online), runs sessions confined with\n");
        s.append(" Landlock, seccomp and cgroups, keeps a sealed secret vault, cleans leftovers and\n");
        s.append(" proves all of it with a doctor. The cordon command is the CLI; the control panel\n");
        s.append(" (cordon-panel) is in the menu and elevates itself through pkexec.\n");
        s.append(" .\n");
        s.append(" Removing this package does not undo `cordon setup`: run `cordon uninstall` first.\n");
        return s.toString();
    }

    /** Fields of a control file (continuation lines joined with newlines), for checks. */
    static Map<String, String> parse(String control) {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : control.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(" ") && last != null) {
                fields.merge(last, line.substring(1), (a, b) -> a + "\n" + b);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a control field: '" + line + "'");
            }
            last = line.substring(0, colon);
            if (fields.put(last, line.substring(colon + 1).strip()) != null) {
                throw new IllegalArgumentException("field " + last + " twice");
            }
        }
        return fields;
    }

    static List<String> list(String field) {
        List<String> out = new ArrayList<>();
        for (String p : field.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }
}
