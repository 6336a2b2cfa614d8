package dev.cordon.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where no session may be lent a root, by anyone: the OS's own trees, a platform fact ({@link WorkspaceAccess#systemTrees}).
 * Linux: {@code /etc}, {@code /usr}, {@code /root}, {@code /var} … at any depth; Windows: {@code %SystemRoot%},
 * {@code %ProgramFiles%}, {@code %ProgramData%} ….
 *
 * @param directories   refused as themselves, as a usage error ({@code /etc}: "is the system directory")
 * @param homes         the directory that holds every user's home, refused as itself ({@code /home}, {@code C:\Users})
 * @param trees         refused at any depth: where the system, its services and the superuser keep programs,
 *                      configuration and state
 * @param exceptions    below these (each inside one of {@code trees}) roots are allowed again ({@code /var/tmp/x})
 * @param sharedParents refused as themselves: they hold everybody's files ({@code /tmp}); below them is allowed
 * @param examples      where project directories go, for messages ({@code /home, /tmp, /var/tmp, /srv or /mnt})
 */
public record SystemTrees(List<Path> directories, Path homes, List<Path> trees, List<Path> exceptions,
                          List<Path> sharedParents, String examples) {
    public SystemTrees {
        directories = List.copyOf(directories);
        trees = List.copyOf(trees);
        exceptions = List.copyOf(exceptions);
        sharedParents = List.copyOf(sharedParents);
    }

    /** Why a canonical path is a system tree no one may lend, e.g. {@code "is inside /etc"}; empty when it is not. */
    public Optional<String> why(Path real) {
        for (Path shared : sharedParents) {
            if (real.equals(shared)) {
                return Optional.of("is " + shared + ", which holds everybody's files");
            }
        }
        for (Path exception : exceptions) {
            if (real.startsWith(exception) && !real.equals(exception)) {
                return Optional.empty();
            }
        }
        return trees.stream().filter(real::startsWith).findFirst().map(t -> real.equals(t) ? "is the system directory " + t
                : "is inside the system directory " + t);
    }
}
