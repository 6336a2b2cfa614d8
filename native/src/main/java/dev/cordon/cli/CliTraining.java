package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.host.wire.FrameCodec;
import dev.cordon.platform.Platform;
import dev.cordon.platform.Platforms;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The work the CLI's class-data archive is made from (the {@code ./cordon} launcher runs it once after each build with
 * {@code -XX:ArchiveClassesAtExit}). Without it the archive held the classes of whichever command ran first after the
 * build — a {@code --help} made one without JSON or the host client, and every later {@code cordon run} loaded those
 * from the jars again. It parses a {@code run} command line, renders the help, goes through the host's frame codec
 * with the frames of a one-shot run, asks the platform what the thin client path asks, and loads (without initializing)
 * the CLI's, the host wire's, the core's and this platform's classes. It starts nothing, connects nowhere and writes
 * nothing.
 */
public final class CliTraining {
    /** Packages whose classes are loaded, as paths in the jar. */
    private static final List<String> PACKAGES = List.of("dev/cordon/cli/", "dev/cordon/host/", "dev/cordon/core/",
            "dev/cordon/session/", "dev/cordon/platform/");

    private CliTraining() {
    }

    public static void main(String[] args) throws IOException {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true);
        CommandLine cl = CordonCli.commandLine(nowhere, nowhere);
        cl.parseArgs("run", "--instance", "training", "--workspace", "/tmp", "--timeout", "5", "--", "/bin/true");
        cl.usage(nowhere);
        cl.getSubcommands().get("run").usage(nowhere);

        FrameCodec codec = new FrameCodec(1 << 20);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ObjectNode params = Json.object();
        params.put("workspace", "/tmp");
        params.put("network", "offline");
        params.put("umask", 18);
        params.putArray("argv").add("/bin/true");
        ObjectNode request = Json.object();
        request.put("v", 1);
        request.put("id", 1);
        request.put("method", "run");
        request.set("params", params);
        codec.write(wire, request);
        ObjectNode event = Json.object();
        event.put("v", 1);
        event.put("id", 1);
        event.put("event", "stdout");
        event.put("data", Base64.getEncoder().encodeToString(new byte[] {'x', '\n'}));
        codec.write(wire, event);
        ObjectNode result = Json.object();
        result.put("v", 1);
        result.put("id", 1);
        result.putObject("result").put("exitCode", 0);
        codec.write(wire, result);
        ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
        while (codec.read(in).isPresent()) {
            // decoded as the client decodes the host's frames
        }
        JsonNode parsed = Json.parse(Json.line(result));
        Json.pretty(parsed);

        Platform platform = Platforms.detect(Instance.of(""));
        platform.terminal();
        platform.elevated();
        platform.hostTransport();
        platform.workspaceAccess().ownUmask();

        loadClasses(platform);
    }

    /** Every class of {@link #PACKAGES} in our jar (another platform's excepted), loaded, not initialized. */
    private static void loadClasses(Platform platform) throws IOException {
        Path jar;
        try {
            jar = Path.of(CliTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            return; // classes from a directory (tests): nothing to archive
        }
        String ours = platform.getClass().getPackageName().replace('.', '/') + "/";
        ClassLoader loader = CliTraining.class.getClassLoader();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")
                        || PACKAGES.stream().noneMatch(name::startsWith)
                        || name.startsWith("dev/cordon/platform/") && name.indexOf('/', "dev/cordon/platform/".length()) > 0
                        && !name.startsWith(ours)) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
                } catch (ClassNotFoundException | LinkageError skipped) {
                    // a class this runtime cannot load is not archived: the command that needs it says why
                }
            }
        }
    }
}
