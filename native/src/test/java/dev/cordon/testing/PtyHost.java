package dev.cordon.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A command on a fresh pseudo-terminal (python3's {@code pty.fork}): what the terminal received, byte for byte, and the
 * command's exit code. {@link #command} gives the argv to start; its stdout, read whole, goes to {@link #parse}.
 */
public final class PtyHost {
    public static final String PYTHON = "/usr/bin/python3";

    /** Runs argv[1:] on a fresh pty and prints, base64, every byte the terminal received, then its exit code. */
    private static final String SCRIPT = String.join("\n",
            "import base64, os, pty, sys",
            "pid, master = pty.fork()",
            "if pid == 0:",
            "    os.execvp(sys.argv[1], sys.argv[1:])",
            "out = b''",
            "while True:",
            "    try:",
            "        chunk = os.read(master, 65536)",
            "    except OSError:",
            "        break",
            "    if not chunk:",
            "        break",
            "    out += chunk",
            "_, status = os.waitpid(pid, 0)",
            "sys.stdout.write(base64.b64encode(out).decode() + '\\n' + str(os.waitstatus_to_exitcode(status)) + '\\n')");

    /** What a terminal got: bytes and exit code. */
    public record Terminal(byte[] bytes, int exit) {
    }

    private PtyHost() {
    }

    /** The argv that runs {@code argv} on a fresh pty. */
    public static List<String> command(List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", SCRIPT));
        cmd.addAll(argv);
        return cmd;
    }

    /** The pty host's whole stdout read back; a host that printed anything else is an error naming what it printed. */
    public static Terminal parse(byte[] stdout) {
        String out = new String(stdout, StandardCharsets.US_ASCII);
        String[] lines = out.strip().split("\n");
        if (lines.length != 2) {
            throw new IllegalStateException("the pty host printed: " + out);
        }
        return new Terminal(Base64.getDecoder().decode(lines[0]), Integer.parseInt(lines[1].strip()));
    }
}
