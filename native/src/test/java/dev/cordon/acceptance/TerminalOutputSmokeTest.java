package dev.cordon.acceptance;

import dev.cordon.acceptance.SandboxSmokeTest.Outcome;
import dev.cordon.acceptance.SandboxSmokeTest.Row;
import dev.cordon.cli.CordonCli;
import dev.cordon.testing.CliRun;
import dev.cordon.testing.InstalledInstance;
import dev.cordon.testing.PtyHost;
import dev.cordon.testing.PtyHost.Terminal;
import dev.cordon.testing.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 8, F9: a sandboxed command writes escape sequences meant for the caller's terminal — an OSC 52 clipboard
 * write, a window title, DCS and APC strings, cursor-position and device-attribute requests (the terminal would type
 * its answer into the caller's shell), C1 controls raw and in UTF-8 — and `cordon run` / `cordon session exec` run in
 * a real pseudo-terminal (python's {@code pty}) the way a developer runs them. The rows read every byte the terminal
 * received: no escape sequence but colours may arrive; the text, colours and UTF-8 must. Pipes stay byte-exact and
 * {@code --raw-output} passes everything. Prints {@code Terminal output smoke tests: N/M passed}.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "sets up an instance and runs sessions")
class TerminalOutputSmokeTest {
    private static final String PYTHON = PtyHost.PYTHON;
    private static final String RED = "\u001b[1;31mRED\u001b[0m";
    /** What the sandboxed command prints (octal escapes for {@code printf}); {@link #RED} and UTF-8 among it. */
    private static final String ATTACK = "A\\033]52;c;SU5KRUNURUQ=\\007B\\033]2;pwned-title\\033\\\\C\\033P$q\"p\\033\\\\"
            + "D\\033_apc\\033\\\\E\\033[6nF\\033[cG\\033[21tH\\302\\2336nI\\2336nJ\\033Z"
            + "K\\033[1;31mRED\\033[0m h\\303\\251\\342\\234\\223\\n";
    /** The same bytes as the command prints them. */
    private static final byte[] ATTACK_BYTES = ("A\u001b]52;c;SU5KRUNURUQ=\u0007B\u001b]2;pwned-title\u001b\\C\u001bP$q\"p"
            + "\u001b\\D\u001b_apc\u001b\\E\u001b[6nF\u001b[cG\u001b[21tH\u009b6nI").getBytes(StandardCharsets.UTF_8);
    private static InstalledInstance box;
    private static ServeProcess host;

    @BeforeAll
    static void setUp() throws Exception {
        box = InstalledInstance.create("cordon-terminal-ws-");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (host != null) {
                host.close();
            }
        } finally {
            box.close();
        }
    }

    @Test
    void terminalOutputSmokeTests() {
        SmokeRows.runAndReport("Terminal output smoke tests", rows());
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("[F9] `cordon run` in a pty: OSC 52, title, DCS, APC, DSR/DA/title requests, C1 never reach the"
                + " terminal; text, colours, UTF-8 do", () -> neutralized(pty(run("printf '" + ATTACK + "'")))));
        rows.add(new Row("[F9] `cordon run` in a pty: the same written one byte at a time (split sequences)",
                () -> neutralized(pty(run("printf '" + ATTACK + "' | " + PYTHON + " -c 'import os, sys, time\n"
                        + "for b in sys.stdin.buffer.read():\n    os.write(1, bytes([b])); time.sleep(0.003)'")))));
        rows.add(new Row("[F9] `cordon session exec` (through the host) in a pty: the same never reaches the terminal",
                () -> neutralized(pty(sessionExec("printf '" + ATTACK + "'")))));
        rows.add(new Row("[R1] `cordon run` in a pty with LANG=C and a JVM whose default charset is UTF-8: no byte of"
                + " 0x80-0x9F reaches an 8-bit terminal (UTF-8 U+06DB is DB 9B: 9B is an 8-bit CSI)", this::asciiOnlyInCLocale));
        rows.add(new Row("[F9] `cordon run --raw-output` in a pty: the bytes unchanged", this::rawOutputUnchanged));
        rows.add(new Row("[F9] `cordon run` into a pipe: the bytes unchanged", this::pipeUnchanged));
        return rows;
    }

    // ------------------------------------------------------------------ rows

    /** What the terminal received: no ESC but the two of {@link #RED}, no C1; the text, colours and UTF-8 intact. */
    private static Outcome neutralized(Terminal shown) {
        String text = new String(shown.bytes(), StandardCharsets.UTF_8);
        String withoutColours = text.replace(RED, "RED");
        List<String> problems = new ArrayList<>();
        if (withoutColours.indexOf('\u001b') >= 0) {
            problems.add("an escape sequence reached the terminal");
        }
        if (withoutColours.chars().anyMatch(c -> c >= 0x80 && c <= 0x9f) || containsByte(shown.bytes(), 0x9b)) {
            problems.add("a C1 control reached the terminal");
        }
        if (!text.contains(RED)) {
            problems.add("the colours did not arrive");
        }
        if (!text.contains("h\u00e9\u2713")) {
            problems.add("the UTF-8 text did not arrive");
        }
        if (!text.contains("52;c;SU5KRUNURUQ=")) {
            problems.add("the neutralized sequence is not shown");
        }
        return Outcome.expect(shown.exit() == 0 && problems.isEmpty(), (problems.isEmpty() ? "" : problems + "; ")
                + "exit " + shown.exit() + ", terminal got: " + visible(shown.bytes()));
    }

    private Outcome asciiOnlyInCLocale() throws Exception {
        List<String> argv = new ArrayList<>(run("printf 'A\\333\\2336nB\\333\\235' >&2; printf 'C\\333\\2336nD'"));
        argv.add(1, "-Dfile.encoding=UTF-8"); // JDK 18+ behaves so by default
        Terminal shown = pty(argv, "C");
        boolean eightBit = false;
        for (byte b : shown.bytes()) {
            eightBit |= (b & 0xff) >= 0x80;
        }
        String text = new String(shown.bytes(), StandardCharsets.US_ASCII);
        return Outcome.expect(shown.exit() == 0 && !eightBit && text.contains("A") && text.contains("6nD"),
                "exit " + shown.exit() + ", terminal got: " + visible(shown.bytes()));
    }

    private Outcome rawOutputUnchanged() throws Exception {
        List<String> argv = new ArrayList<>(run("printf '" + ATTACK + "'"));
        argv.add(argv.indexOf("--"), "--raw-output");
        Terminal shown = pty(argv);
        boolean unchanged = indexOf(shown.bytes(), ATTACK_BYTES) >= 0;
        return Outcome.expect(shown.exit() == 0 && unchanged, "exit " + shown.exit() + ", terminal got: " + visible(shown.bytes()));
    }

    private Outcome pipeUnchanged() throws Exception {
        Process p = new ProcessBuilder(run("printf '" + ATTACK + "'")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(ATTACK_BYTES);
        expected.writeBytes("6nJ\u001bZK\u001b[1;31mRED\u001b[0m h\u00e9\u2713\n".getBytes(StandardCharsets.UTF_8));
        byte[] want = expected.toByteArray();
        // the raw C1 byte 0x9B (not UTF-8) sits between "I" and "6n"
        int i = indexOf(want, "I6nJ".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream exact = new ByteArrayOutputStream();
        exact.write(want, 0, i + 1);
        exact.write(0x9b);
        exact.write(want, i + 1, want.length - i - 1);
        return Outcome.expect(exited && p.exitValue() == 0 && java.util.Arrays.equals(out, exact.toByteArray()),
                "exit " + (exited ? p.exitValue() : "none") + ", pipe got: " + visible(out));
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> java() {
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                CordonCli.class.getName());
    }

    private static List<String> run(String script) {
        List<String> argv = new ArrayList<>(java());
        argv.addAll(List.of("run", "--instance=" + box.test().name(), "--workspace", box.workspace().toString(),
                "--", "/bin/sh", "-c", script));
        return argv;
    }

    /** `cordon session exec` in a session of a `cordon serve` of the instance (started on first use). */
    private static List<String> sessionExec(String script) throws Exception {
        if (host == null) {
            host = ServeProcess.start(concat(java(), "serve", "--instance=" + box.test().name()),
                    box.test().instance.hostSocket());
        }
        CliRun started = CliRun.of("session", "start", "--instance=" + box.test().name(), "--workspace",
                box.workspace().toString(), "--json");
        if (started.exit() != 0) {
            throw new IllegalStateException("session start failed: " + started.err());
        }
        String id = started.json().path("id").asText();
        return concat(java(), "session", "exec", "--instance=" + box.test().name(), id, "--", "/bin/sh", "-c", script);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    private static Terminal pty(List<String> argv) throws Exception {
        return pty(argv, "C.UTF-8"); // a UTF-8 terminal, as a developer's is
    }

    private static Terminal pty(List<String> argv, String lang) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(PtyHost.command(argv)).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(name -> name.startsWith("LC_")); // LC_CTYPE would win over LANG
        pb.environment().put("LANG", lang);
        pb.environment().put("PYTHONCOERCECLOCALE", "0"); // or the pty host sets LC_CTYPE=C.UTF-8 for its child (PEP 538)
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the pty host did not finish in 120 s");
        }
        return PtyHost.parse(out);
    }

    private static boolean containsByte(byte[] data, int b) {
        for (byte x : data) {
            if ((x & 0xff) == b) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** For the row's detail: printable ASCII as is, every other byte as \xNN. */
    private static String visible(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (byte b : data) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
            }
        }
        String s = sb.toString();
        return s.length() > 600 ? s.substring(s.length() - 600) : s;
    }
}
