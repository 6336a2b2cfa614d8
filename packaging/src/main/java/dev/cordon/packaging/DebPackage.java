package dev.cordon.packaging;

import dev.cordon.core.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The .deb, staged file by file and built with dpkg-deb, so the package owns every file it puts on the system:
 * the app-image under {@code /opt/cordon} with the native {@code cordon run} client beside it, and exactly four things
 * under {@code /usr} — {@code /usr/bin/cordon} (a link to a script that runs {@code run} through the native client
 * and everything else through the CLI launcher), the polkit action, the menu entry and the hicolor icons. Its only maintainer script is
 * {@code prerm}, which says what removing the package leaves (what {@code cordon setup} made); no postrm and no
 * conffiles, so {@code dpkg -r} leaves no {@code rc} state behind. Compressed with zstd (dpkg 1.21.18+, Debian 12):
 * 43 MB in 3 s here, against 33 MB in several minutes with xz on two busy cores.
 */
final class DebPackage {
    static final Path INSTALL_DIR = Path.of("/opt/cordon");
    static final String POLICY = "dev.cordon.panel.policy";
    static final String DESKTOP = "dev.cordon.panel.desktop";
    /** The native `cordon run` client (native/src/main/c/cordon_run.c), under {@link #INSTALL_DIR}. */
    static final String CLIENT = "lib/cordon-run";
    /** What /usr/bin/cordon links to: a sh script choosing between {@link #CLIENT} and the launcher. */
    static final String CLI_SCRIPT = "cordon-cli";
    static final String CLI_SCRIPT_PATH = "lib/" + CLI_SCRIPT;
    static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);
    /** Every path the package installs is one of these or beneath {@link #INSTALL_DIR}. */
    static final List<String> USR_PATHS = List.of("/usr/bin/cordon", "/usr/share/polkit-1/actions/" + POLICY,
            "/usr/share/applications/" + DESKTOP, "/usr/share/icons/hicolor/");

    private DebPackage() {
    }

    static Path build(Path appImage, Path nativeClient, Path resources, String mavenVersion, Path work, Path out)
            throws IOException {
        String architecture = Tools.checked(List.of("dpkg", "--print-architecture"), null).strip();
        String version = DebControl.debianVersion(mavenVersion);
        Path stage = work.resolve("deb");
        FileTrees.deleteTree(stage);
        Path opt = stage.resolve(rel(INSTALL_DIR));
        Files.createDirectories(opt.getParent());
        FileTrees.copyTree(appImage, opt);
        Path doc = opt.resolve("share/doc");
        FileTrees.copyTree(resources.resolve("licenses"), doc);

        // /usr/bin/cordon: `run` through the native client (no JVM start with a host listening), the rest the launcher
        copy(nativeClient, opt.resolve(CLIENT));
        copy(resources.resolve("linux/" + CLI_SCRIPT), opt.resolve(CLI_SCRIPT_PATH));
        for (String program : List.of(CLIENT, CLI_SCRIPT_PATH)) {
            Files.setPosixFilePermissions(opt.resolve(program), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path bin = Files.createDirectories(stage.resolve("usr/bin"));
        Files.createSymbolicLink(bin.resolve("cordon"), INSTALL_DIR.resolve(CLI_SCRIPT_PATH));
        copy(resources.resolve("linux/" + POLICY), stage.resolve("usr/share/polkit-1/actions/" + POLICY));
        copy(resources.resolve("linux/" + DESKTOP), stage.resolve("usr/share/applications/" + DESKTOP));
        Path hicolor = stage.resolve("usr/share/icons/hicolor");
        for (int size : ICON_SIZES) {
            copy(resources.resolve("icons/cordon-" + size + ".png"), hicolor.resolve(size + "x" + size + "/apps/cordon.png"));
        }
        copy(resources.resolve("icons/cordon.svg"), hicolor.resolve("scalable/apps/cordon.svg"));

        Set<String> depends = new TreeSet<>(DebControl.REQUIRED);
        depends.addAll(SharedLibraryDepends.of(opt));
        normalizePermissions(stage);
        Path debian = Files.createDirectories(stage.resolve("DEBIAN"));
        Files.writeString(debian.resolve("md5sums"), md5sums(stage));
        DebControl control = new DebControl(version, architecture, installedSizeKib(stage), List.copyOf(depends),
                DebControl.RECOMMENDED);
        Files.writeString(debian.resolve("control"), control.render());
        copy(resources.resolve("linux/prerm"), debian.resolve("prerm"));
        Files.setPosixFilePermissions(debian.resolve("prerm"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(debian, PosixFilePermissions.fromString("rwxr-xr-x"));

        Files.createDirectories(out);
        Path deb = out.resolve(DebControl.PACKAGE + "_" + version + "_" + architecture + ".deb");
        Files.deleteIfExists(deb);
        long start = System.nanoTime();
        Tools.checked(List.of("dpkg-deb", "--root-owner-group", "-Zzstd", "--build", stage.toString(), deb.toString()), null);
        System.out.printf("packager: dpkg-deb took %.1f s%n", (System.nanoTime() - start) / 1e9);
        return deb;
    }

    private static Path rel(Path absolute) {
        return Path.of("/").relativize(absolute);
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from)) {
            throw new PackagingException(from + " not found.", "Run the packager from a complete checkout (resources/).");
        }
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    /** rwxr-xr-x for directories and programs, rw-r--r-- for the rest: nothing writable but by root. */
    private static void normalizePermissions(Path stage) throws IOException {
        try (Stream<Path> files = Files.walk(stage)) {
            for (Path p : files.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                boolean executable = Files.isDirectory(p) || Files.getPosixFilePermissions(p).stream()
                        .anyMatch(x -> x.name().endsWith("EXECUTE"));
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static String md5sums(Path stage) throws IOException {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> files = Files.walk(stage)) {
            for (Path p : files.sorted().toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    s.append(md5(p)).append("  ").append(stage.relativize(p)).append('\n');
                }
            }
        }
        return s.toString();
    }

    private static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long installedSizeKib(Path stage) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(stage)) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    bytes += Files.size(p);
                }
            }
        }
        return (bytes + 1023) / 1024;
    }

    /** The paths a built package installs (dpkg-deb -c), for checks. */
    static List<String> contents(Path deb) {
        List<String> paths = new ArrayList<>();
        for (String line : Tools.checked(List.of("dpkg-deb", "-c", deb.toString()), null).split("\\R")) {
            int dot = line.indexOf(" ./");
            if (dot >= 0) {
                String path = line.substring(dot + 2).replaceFirst(" -> .*$", "");
                paths.add(path);
            }
        }
        return paths;
    }
}
