package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options `cordon run` and `cordon session start` share. */
final class SessionOptions {
    @Option(names = "--workspace", paramLabel = "DIR", required = true, description = "The project directory the sandbox may write.")
    Path workspace;

    @Option(names = "--network", paramLabel = "offline|online", defaultValue = "offline",
            description = "Run as the offline (default, cut off by the firewall) or the online account.")
    String network;

    @Option(names = "--writable", paramLabel = "DIR", description = "An extra directory the sandbox may write. Repeatable.")
    List<Path> writable = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for the commands. Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "NAME", description = "A vault secret handed to commands as $NAME while the session is online. Repeatable.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--tmp-size", paramLabel = "SIZE", description = "The size of each of the session's HOME and "
            + "TMPDIR (a tmpfs each, in memory), e.g. 512M or 2G. Default: 1G.")
    String tmpSize;

    @Option(names = "--allow-socket", paramLabel = "PATH", description = "A Unix socket outside the session its commands "
            + "may still connect to (e.g. /tmp/.X11-unix/X0); every other socket outside the session is hidden. Audited, "
            + "shown by `session show`. Repeatable.")
    List<Path> allowSockets = new ArrayList<>();

    @Option(names = "--allow-config-dir", description = "Lend a --workspace or --writable directory that is, or lies "
            + "inside, a configuration directory of a home (~/.config, ~/.local, ~/.ssh, any dot-directory directly in a "
            + "home, ~/bin), which is refused otherwise: what the sandbox writes there runs as that user later. Audited, shown "
            + "by `session show`.")
    boolean allowConfigDirs;

    SessionSpec spec() {
        return new SessionSpec(workspace, NetworkMode.parse(network), writable, parseEnv(env), secrets, limits(),
                allowSockets.stream().map(Path::toAbsolutePath).toList(), allowConfigDirs);
    }

    SessionSpec.Limits limits() {
        return tmpSize == null ? SessionSpec.Limits.DEFAULT
                : SessionSpec.Limits.DEFAULT.withTmpSize(SessionSpec.Limits.parseTmpSize(tmpSize, "--tmp-size"));
    }

    /** The same, as host request params, with this process's umask (what the caller's files in a lent tree keep). */
    com.fasterxml.jackson.databind.node.ObjectNode params(int umask) {
        var p = dev.cordon.core.Json.object();
        p.put("umask", umask);
        p.put("workspace", workspace.toAbsolutePath().toString());
        p.put("network", NetworkMode.parse(network).label());
        var w = p.putArray("writable");
        writable.forEach(x -> w.add(x.toAbsolutePath().toString()));
        var e = p.putObject("env");
        parseEnv(env).forEach(e::put);
        var s = p.putArray("secrets");
        secrets.forEach(s::add);
        p.put("tmpSize", limits().tmpSizeBytes());
        var a = p.putArray("allowSockets");
        allowSockets.forEach(x -> a.add(x.toAbsolutePath().toString()));
        if (allowConfigDirs) {
            p.put("allowConfigDirs", true);
        }
        return p;
    }

    static Map<String, String> parseEnv(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : pairs) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || !kv.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw CordonException.usage("--env " + kv + " is not NAME=VALUE.", "Write it as --env NAME=VALUE, e.g. --env CI=1.");
            }
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }
}
