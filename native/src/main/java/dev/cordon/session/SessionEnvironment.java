package dev.cordon.session;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a runner and each of its commands start from, built once per runner start: an allow-list, nothing of
 * the caller's leaks in. The runner adds the locale for itself; a command adds its session, network mode and shell,
 * then the session's and the request's variables (see {@link SessionManager#exec}).
 */
record SessionEnvironment(Map<String, String> base) {
    /** Built from system directories, never from the caller's PATH (root's may hold what sandbox accounts cannot read). */
    static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

    SessionEnvironment {
        base = Collections.unmodifiableMap(new LinkedHashMap<>(base));
    }

    static SessionEnvironment of(String accountName, Path home, Path tmp) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", SYSTEM_PATH);
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("LANG", "C.UTF-8");
        env.put("USER", accountName);
        env.put("LOGNAME", accountName);
        return new SessionEnvironment(env);
    }

    /** The runner process's own environment. */
    Map<String, String> runner() {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put("LC_ALL", "C.UTF-8");
        return env;
    }

    /** What every command of the session starts from, before the session's and the request's own variables. */
    Map<String, String> command(String session, NetworkMode network) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put("SHELL", "/bin/sh");
        env.put("CORDON_SESSION", session);
        env.put("CORDON_NETWORK", network.label());
        return env;
    }
}
