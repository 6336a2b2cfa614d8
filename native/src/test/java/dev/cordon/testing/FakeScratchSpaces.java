package dev.cordon.testing;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.Group;
import dev.cordon.platform.ScratchSpaces;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scratch spaces in memory: a directory is "bounded" by being recorded with its size and group; release forgets it.
 * {@link #mountForeign} stands for something else mounted below a session directory, which release must refuse.
 */
public final class FakeScratchSpaces implements ScratchSpaces {
    private final Map<Path, Long> bounded = new LinkedHashMap<>();
    private final List<Path> foreign = new ArrayList<>();

    @Override
    public synchronized void bound(Path dir, long sizeBytes, Group group) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw CordonException.internal("Cannot bound " + dir + ": not a directory (or a symlink).", null);
        }
        bounded.put(dir, sizeBytes);
    }

    @Override
    public synchronized List<Path> under(Path root) {
        return bounded.keySet().stream().filter(p -> p.startsWith(root)).toList();
    }

    @Override
    public synchronized List<Path> removeAllUnder(Path root) {
        List<Path> other = foreign.stream().filter(p -> p.startsWith(root)).toList();
        if (!other.isEmpty()) {
            throw new CordonException(ExitCode.CONFLICT, "Something else is mounted below " + root + ": " + other, "");
        }
        List<Path> released = under(root);
        released.forEach(bounded::remove);
        return released;
    }

    public synchronized void mountForeign(Path dir) {
        foreign.add(dir);
    }
}
