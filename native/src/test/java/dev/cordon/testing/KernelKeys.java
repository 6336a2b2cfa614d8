package dev.cordon.testing;

import dev.cordon.core.Exec;
import dev.cordon.platform.LeftoverSources.SystemObject;

import java.util.List;

/** A uid's kernel keys as that uid reads them in {@code /proc/keys} (root is shown none of them). */
public final class KernelKeys {
    private KernelKeys() {
    }

    /** The descriptions of the {@code cordon-doctor-*} keys {@code uid} sees in {@code /proc/keys}, read as {@code uid}. */
    public static List<String> doctorKeysOf(int uid) {
        Exec.Result r = Exec.run(asUid(uid, "cat", "/proc/keys"));
        r.orThrow("cat /proc/keys as uid " + uid);
        // ID FLAGS USAGE TIMEOUT PERM UID GID TYPE DESCRIPTION[: SIZE]
        return r.stdout().lines().map(l -> l.trim().split("\\s+", 9)).filter(f -> f.length == 9 && f[7].equals("user"))
                .map(f -> f[8].replaceFirst(": [0-9]+$", "")).filter(d -> d.startsWith(SystemObject.DOCTOR_KEY_PREFIX))
                .toList();
    }

    /** Adds a {@code user} key {@code description} to {@code uid}'s user keyring, as the doctor's keyring probe does. */
    public static void addAs(int uid, String description) {
        Exec.run(asUid(uid, "/usr/bin/python3", "-I", "-c", String.join("\n",
                "import ctypes, os, sys",
                "libc = ctypes.CDLL(None, use_errno=True)",
                "ADD_KEY = {'x86_64': 248, 'aarch64': 217}[os.uname().machine]",
                "r = libc.syscall(ADD_KEY, b'user', sys.argv[1].encode(), b'cordon', 6, ctypes.c_long(-4))",
                "sys.exit('add_key: ' + os.strerror(ctypes.get_errno()) if r < 0 else 0)"), description))
                .orThrow("add_key as uid " + uid);
    }

    private static List<String> asUid(int uid, String... command) {
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=65534",
                "--clear-groups", "--"));
        cmd.addAll(List.of(command));
        return cmd;
    }
}
