package dev.cordon.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Debian packages that own the shared libraries the image's binaries link directly (their NEEDED entries, found
 * where ldd resolves them, then dpkg -S), as dpkg-shlibdeps would find them: the Depends beyond
 * {@link DebControl#REQUIRED}. Libraries inside the image are its own; what those libraries need in turn is their
 * packages' business.
 */
final class SharedLibraryDepends {
    private static final Pattern RESOLVED = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+(/\\S+)\\s+\\(0x", Pattern.MULTILINE);
    private static final Pattern NEEDED = Pattern.compile("^\\s*NEEDED\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern MISSING = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found", Pattern.MULTILINE);

    private SharedLibraryDepends() {
    }

    static Set<String> of(Path image) throws IOException {
        Set<Path> libraries = new TreeSet<>();
        List<Path> binaries;
        try (Stream<Path> files = Files.walk(image)) {
            binaries = files.filter(Files::isRegularFile).filter(SharedLibraryDepends::isElf).toList();
        }
        for (Path binary : binaries) {
            String out = Tools.command(List.of("ldd", binary.toString()), null).output();
            Matcher missing = MISSING.matcher(out);
            if (missing.find() && !inImage(image, missing.group(1))) {
                System.out.println("packager: warning: " + image.relativize(binary) + " needs " + missing.group(1)
                        + ", which is not installed here: its package is not in Depends");
            }
            Set<String> needed = new TreeSet<>();
            Matcher n = NEEDED.matcher(Tools.checked(List.of("objdump", "-p", binary.toString()), null));
            while (n.find()) {
                needed.add(n.group(1));
            }
            Matcher m = RESOLVED.matcher(out);
            while (m.find()) {
                Path lib = Path.of(m.group(2)).toRealPath();
                if (needed.contains(m.group(1)) && !lib.startsWith(image.toRealPath())) {
                    libraries.add(lib);
                }
            }
        }
        Set<String> packages = new TreeSet<>();
        for (Path lib : libraries) {
            packages.add(owner(lib));
        }
        return packages;
    }

    private static boolean inImage(Path image, String name) throws IOException {
        try (Stream<Path> files = Files.walk(image)) {
            return files.anyMatch(f -> f.getFileName().toString().equals(name));
        }
    }

    /** dpkg -S knows a library by the path its package installed (merged /usr: /lib and /usr/lib are one). */
    private static String owner(Path lib) {
        for (String candidate : List.of(lib.toString(), lib.toString().replaceFirst("^/usr/lib/", "/lib/"),
                lib.toString().replaceFirst("^/lib/", "/usr/lib/"))) {
            Tools.Result r = Tools.command(List.of("dpkg", "-S", candidate), null);
            if (r.exitCode() == 0) {
                String pkg = r.output().strip().split("\\R")[0];
                return pkg.substring(0, pkg.indexOf(':'));
            }
        }
        throw new PackagingException("No installed package owns " + lib + ", which the runtime image loads.",
                "Install the library from Debian's packages (dpkg -S finds its owner) and build again.");
    }

    private static boolean isElf(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            throw new PackagingException("Cannot read " + file + ": " + e.getMessage(), "", e);
        }
    }
}
