package dev.cordon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real `cordon serve` started by a test: listening when {@link #start} returns, stopped by SIGTERM at close. */
public final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ServeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} (a `cordon serve`) and waits up to 30 s for {@code socket} to appear. */
    public static ServeProcess start(List<String> command, Path socket) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cordon-test-host-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServeProcess serve = new ServeProcess(process, log);
        for (int i = 0; i < 600 && !Files.exists(socket) && process.isAlive(); i++) {
            Thread.sleep(50);
        }
        if (!Files.exists(socket)) {
            String printed = Files.readString(log);
            serve.close();
            throw new IllegalStateException("cordon serve did not listen at " + socket + " within 30 s: " + printed);
        }
        return serve;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            process.destroy(); // SIGTERM: the host stops its sessions
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
