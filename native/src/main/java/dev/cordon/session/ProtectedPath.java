package dev.cordon.session;

import java.nio.file.Path;

/**
 * A path the commands of a session may not change: bound read-only onto itself in the runner's private mount
 * namespace (nothing in it can be created, changed, renamed or removed there; the developer's view is unchanged).
 *
 * @param path      absolute, symlink-free
 * @param directory a directory (with everything beneath it), else one regular file
 * @param what      why it is protected, for people: ".git directory", "gitdir named by /ws/.git", …
 */
public record ProtectedPath(Path path, boolean directory, String what) {
}
