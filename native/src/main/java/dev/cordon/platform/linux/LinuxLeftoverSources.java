package dev.cordon.platform.linux;

import dev.cordon.core.Principal;
import dev.cordon.platform.LeftoverSources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** {@link LeftoverSources} from {@code lstat}, {@code /proc} and {@code /proc/sysvipc}. */
public final class LinuxLeftoverSources implements LeftoverSources {
    private static final List<Path> TEMPORARY_ROOTS = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"));
    private static final int S_IFMT = 0170000;

    @Override
    public List<Path> temporaryRoots() {
        return TEMPORARY_ROOTS;
    }

    @Override
    public Optional<PathFacts> inspect(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode,dev,ino,size,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            return Optional.of(new PathFacts(kind(mode), Principal.uid((Integer) a.get("uid")), Principal.gid((Integer) a.get("gid")),
                    String.format("%04o", mode & 07777), (Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                    ((FileTime) a.get("lastModifiedTime")).toInstant()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    private static PathFacts.Kind kind(int mode) {
        return switch (mode & S_IFMT) {
            case 0100000 -> PathFacts.Kind.FILE;
            case 0040000 -> PathFacts.Kind.DIRECTORY;
            case 0120000 -> PathFacts.Kind.SYMLINK;
            case 0140000 -> PathFacts.Kind.SOCKET;
            case 0010000 -> PathFacts.Kind.FIFO;
            default -> PathFacts.Kind.OTHER;
        };
    }

    @Override
    public HeldPaths heldPaths(Consumer<String> warnings) {
        return new HeldPathsReader(warnings).read();
    }

    @Override
    public List<SystemObject> systemObjects(Set<Principal> owners, Consumer<String> warnings) {
        return SysvIpc.owned(owners, warnings);
    }

    @Override
    public Removal remove(SystemObject object) {
        return SysvIpc.remove(object);
    }
}
