package dev.cordon.platform.linux.sys;

import dev.cordon.core.CordonException;
import dev.cordon.core.FileNames;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One line of a {@code /proc/<pid>/mountinfo} file: {@code id parent major:minor root mountpoint options
 * [optional...] - fstype source superoptions}.
 *
 * <p>The file is bytes, not text (R62): a mount's source, point or root is whatever bytes it was given, octal-escaped
 * by the kernel for space, tab, newline and backslash ({@code \040 \011 \012 \134}). It is read as bytes, each field
 * unescaped to bytes and then decoded as the JVM decodes file names ({@link #FILE_NAMES}, {@code sun.jnu.encoding}).
 * A mount point or root that is not valid in it cannot be a faithful {@link Path}: it is kept with the invalid bytes
 * replaced (U+FFFD) and {@code faithful} false, so a line never stops a reader, and a check that needs the path can
 * refuse rather than miss it.
 *
 * <p>The source and the super options are kept as the kernel wrote them ({@code rawSource}, {@code rawSuperOptions}: the
 * field's bytes one char a byte, escapes not undone), {@link #source()} and {@link #superOptions()} unescaped and decoded
 * (R69): a super option's value may hold an escaped comma ({@code \054}: an overlay's layer names), so the options are
 * split at the commas of the raw field before any piece is unescaped.
 *
 * @param rawSource       the source field as written ({@code \ooo} escapes kept), one char a byte (ISO-8859-1)
 * @param rawSuperOptions the super options field as written, one char a byte
 * @param device   the file system's {@code major:minor}, the same for every mount of it (a bind mount included)
 * @param root     the directory of that file system the mount shows at {@code mountPoint} ({@code /} unless a bind mount
 *                 of a directory in it)
 * @param pointFaithful whether {@code mountPoint} is the kernel's name exactly (false: not valid in {@link #FILE_NAMES},
 *                      the invalid bytes replaced)
 * @param rootFaithful  the same of {@code root}
 */
public record MountInfo(Path mountPoint, String options, String fstype, String rawSource, String rawSuperOptions,
                        String device, Path root, boolean pointFaithful, boolean rootFaithful) {
    public static final Path SELF = Path.of("/proc/self/mountinfo");

    /** The charset the JVM turns file names into {@link Path}s with ({@code sun.jnu.encoding}: {@link FileNames}). */
    public static final Charset FILE_NAMES = FileNames.CHARSET;

    /** A mount whose paths are exact. */
    public MountInfo(Path mountPoint, String options, String fstype, String rawSource, String rawSuperOptions,
                     String device, Path root) {
        this(mountPoint, options, fstype, rawSource, rawSuperOptions, device, root, true, true);
    }

    /**
     * Whether {@code mountPoint} and {@code root} are both the kernel's names exactly. Where only the point matters
     * (R132: a bind of a directory a member renamed to a name that is not valid is still covered at its point), ask
     * {@link #pointFaithful()}.
     */
    public boolean faithful() {
        return pointFaithful && rootFaithful;
    }

    /** The source, unescaped and decoded (invalid bytes replaced: for messages and plain names). */
    public String source() {
        return text(rawSource);
    }

    /**
     * The super options, unescaped and decoded: for options whose values hold no comma ({@code size=}, a cgroup's
     * controllers). A value that may hold one (a path) is read from {@link #rawSuperOptions()}, split first (R69).
     */
    public String superOptions() {
        return text(rawSuperOptions);
    }

    /** The mounts of this process's mount namespace, in mount order. */
    public static List<MountInfo> current() {
        try {
            return read(SELF);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read " + SELF + ": " + e.getMessage(), e);
        }
    }

    /** The mounts a mountinfo file lists, in its order. */
    public static List<MountInfo> read(Path mountinfo) throws IOException {
        return parseAll(Files.readAllBytes(mountinfo));
    }

    /** A mountinfo text (encoded in {@link #FILE_NAMES} to the bytes it stands for); malformed lines are skipped. */
    public static List<MountInfo> parseAll(String mountinfoText) {
        return parseAll(mountinfoText.getBytes(FILE_NAMES));
    }

    /** The bytes of a mountinfo file; malformed lines are skipped, none stops the parse. */
    public static List<MountInfo> parseAll(byte[] mountinfo) {
        List<MountInfo> mounts = new ArrayList<>();
        for (String line : new String(mountinfo, StandardCharsets.ISO_8859_1).split("\n")) {
            String[] fields = line.trim().split(" ");
            int separator = Arrays.asList(fields).indexOf("-");
            if (separator < 5 || fields.length < separator + 4) {
                continue;
            }
            Optional<Path> point = path(fields[4]);
            Optional<Path> root = path(fields[3]);
            mounts.add(new MountInfo(point.orElseGet(() -> Path.of(text(fields[4]))), text(fields[5]),
                    text(fields[separator + 1]), fields[separator + 2], fields[separator + 3], fields[2],
                    root.orElseGet(() -> Path.of(text(fields[3]))), point.isPresent(), root.isPresent()));
        }
        return mounts;
    }

    /**
     * A path field of a mountinfo file read as ISO-8859-1 (one char a byte), unescaped and decoded as the JVM decodes
     * file names; empty when its bytes are not valid there (no faithful {@link Path} names it).
     */
    public static Optional<Path> path(String latin1Field) {
        try {
            return Optional.of(Path.of(FILE_NAMES.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(unescaped(latin1Field)))
                    .toString()));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** A field of a mountinfo file read as ISO-8859-1, unescaped and decoded, invalid bytes replaced (for messages). */
    public static String text(String latin1Field) {
        return new String(unescaped(latin1Field), FILE_NAMES);
    }

    /**
     * The bytes a field (or a piece of one) read as ISO-8859-1 stands for: the kernel writes space, tab, newline and
     * backslash as {@code \ooo} (an overlay's layer names a comma too, R69).
     */
    public static byte[] unescaped(String latin1Field) {
        StringBuilder sb = new StringBuilder(latin1Field.length());
        for (int i = 0; i < latin1Field.length(); i++) {
            char c = latin1Field.charAt(i);
            if (c == '\\' && isOctal(latin1Field, i + 1)) {
                sb.append((char) (Integer.parseInt(latin1Field.substring(i + 1, i + 4), 8) & 0xff));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
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
