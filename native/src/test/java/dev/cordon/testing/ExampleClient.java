package dev.cordon.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The stand-alone Python client of the host protocol, {@code examples/python/cordon_client.py}. */
public final class ExampleClient {
    private ExampleClient() {
    }

    /** Its path in the source tree, found above the working directory. */
    public static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/python/cordon_client.py");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/python/cordon_client.py not found above " + Path.of("").toAbsolutePath());
    }
}
