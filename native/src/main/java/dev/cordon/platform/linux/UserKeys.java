package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.Principal;
import dev.cordon.platform.LeftoverSources.Removal;
import dev.cordon.platform.LeftoverSources.SystemObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Kernel keys ({@code user} type) of sandbox uids whose description starts with
 * {@link SystemObject#DOCTOR_KEY_PREFIX}: what the doctor's keyring probe made in a sandbox account's user keyring when
 * the keyring guard was off (or on a Cordon without it). Keyrings are not namespaced and a uid's user keyring outlives
 * every process of it, so such a key stays listed in {@code /proc/keys} of every later session, and of a later account
 * given the same uid. Root cannot list or remove another uid's keys (no key permission is granted to it): each uid's are
 * read from {@code /proc/keys} and invalidated ({@code KEYCTL_INVALIDATE}) by a program run as that uid through
 * {@code setpriv}, after {@code KEYCTL_DESCRIBE} shows the id still names the scanned key (same type, owner and
 * description).
 */
final class UserKeys {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String NOGROUP = "65534";

    /** {@code list PREFIX} prints {@code ID BYTES DESCRIPTION}; {@code remove ID DESCRIPTION} prints what happened. */
    static final String PROGRAM = String.join("\n",
            "import ctypes, errno, os, sys",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "libc.syscall.restype = ctypes.c_long",
            "KEYCTL = {'x86_64': 250, 'aarch64': 219}[os.uname().machine]",
            "DESCRIBE, INVALIDATE = 6, 21",
            "uid = os.getuid()",
            "if sys.argv[1] == 'list':",
            "    with open('/proc/keys') as f:",
            "        for line in f:",
            "            p = line.rstrip('\\n').split(None, 8)",
            "            if len(p) < 9 or p[7] != 'user' or int(p[5]) != uid:",
            "                continue",
            "            desc, sep, size = p[8].rpartition(': ')",
            "            if not sep or not size.isdigit():",
            "                desc, size = p[8], '0'",
            "            if desc.startswith(sys.argv[2]):",
            "                print(int(p[0], 16), size, desc)",
            "else:",
            "    kid, want = int(sys.argv[2]), sys.argv[3]",
            "    buf = ctypes.create_string_buffer(4096)",
            "    if libc.syscall(KEYCTL, DESCRIBE, ctypes.c_long(kid), buf, 4096) < 0:",
            "        e = ctypes.get_errno()",
            "        gone = (errno.ENOKEY, errno.EKEYREVOKED, errno.EKEYEXPIRED)",
            "        print('gone' if e in gone else 'failed describe: ' + os.strerror(e))",
            "        sys.exit(0)",
            "    kind, owner, _, _, desc = buf.value.decode('utf-8', 'replace').split(';', 4)",
            "    if kind != 'user' or int(owner) != uid or desc != want:",
            "        print('changed')",
            "    elif libc.syscall(KEYCTL, INVALIDATE, ctypes.c_long(kid)) < 0:",
            "        print('failed invalidate: ' + os.strerror(ctypes.get_errno()))",
            "    else:",
            "        print('removed')",
            "");

    private UserKeys() {
    }

    /** The doctor's keys of each of {@code owners}; a uid whose keys cannot be read is named in a warning. */
    static List<SystemObject> owned(Set<Principal> owners, Consumer<String> warnings) {
        List<SystemObject> out = new ArrayList<>();
        if (!Files.isExecutable(PYTHON)) {
            if (!owners.isEmpty()) {
                warnings.accept("cannot look for keys the doctor left in the sandbox accounts' keyrings: " + PYTHON
                        + " is missing (apt-get install python3)");
            }
            return out;
        }
        Instant now = Instant.now(); // the kernel keeps no time for a key
        for (Principal owner : owners) {
            int uid = PosixIds.number(owner);
            if (uid == 0) {
                continue;
            }
            Exec.Result r;
            try {
                r = asUid(uid, "list", SystemObject.DOCTOR_KEY_PREFIX);
            } catch (CordonException e) {
                warnings.accept("cannot read the keys of uid " + uid + ": " + e.getMessage());
                continue;
            }
            if (!r.ok()) {
                warnings.accept("cannot read the keys of uid " + uid + ": " + r.stderr().strip());
                continue;
            }
            for (String line : r.stdout().lines().filter(l -> !l.isBlank()).toList()) {
                String[] f = line.split(" ", 3);
                if (f.length != 3) {
                    warnings.accept("unexpected line reading the keys of uid " + uid + ": " + line);
                    continue;
                }
                long keyId = Long.parseLong(f[0]);
                out.add(new SystemObject(SystemObject.Kind.KEY, keyId + ":" + f[2], owner, Long.parseLong(f[1]), false,
                        now, "key " + String.format("%08x", keyId) + " " + f[2] + " (kernel keyring of uid "
                        + uid + ")"));
            }
        }
        return out;
    }

    /** Invalidates the key if its id still names the scanned one (type user, same owner, same description). */
    static Removal remove(SystemObject object) {
        String[] key = object.key().split(":", 2);
        int uid = PosixIds.number(object.owner());
        Exec.Result r;
        try {
            r = asUid(uid, "remove", key[0], key[1]);
        } catch (CordonException e) {
            return new Removal(Removal.Result.FAILED, e.getMessage());
        }
        String said = r.stdout().strip();
        if (!r.ok()) {
            return new Removal(Removal.Result.FAILED, "as uid " + uid + ": " + r.stderr().strip());
        }
        return switch (said) {
            case "removed" -> new Removal(Removal.Result.REMOVED, "invalidated as uid " + uid);
            case "gone" -> new Removal(Removal.Result.GONE, "no longer exists");
            case "changed" -> new Removal(Removal.Result.CHANGED, "the id names another key now; scan again");
            default -> new Removal(Removal.Result.FAILED, "as uid " + uid + ": " + said);
        };
    }

    /** The program run as {@code uid} (no groups, no capabilities: {@code setpriv} from root drops them). */
    private static Exec.Result asUid(int uid, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Exec.require("setpriv", "util-linux").toString(),
                "--reuid=" + uid, "--regid=" + NOGROUP, "--clear-groups", "--", PYTHON.toString(), "-I", "-c", PROGRAM));
        cmd.addAll(List.of(args));
        return Exec.run(cmd, null, java.util.Map.of(), 30);
    }
}
