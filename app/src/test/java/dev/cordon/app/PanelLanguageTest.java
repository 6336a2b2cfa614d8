package dev.cordon.app;

import dev.cordon.app.ui.Destination;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PanelWords;
import dev.cordon.app.ui.Problem;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The panel speaks its own language: no CLI options ({@code --workspace}), no commands to type ("run `cordon leftovers
 * scan`"), no Java exception names, in its texts, in the strings of its code, and in the backend's errors as it shows
 * them. A Fix is a button that goes there.
 */
class PanelLanguageTest {
    private static final Pattern CLI = Pattern.compile("--[a-z]|\\bcordon |Exception");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    /** Code that talks to the shell or the terminal, not to the person in the window: argv, stderr, --help. */
    private static final Set<String> NOT_SHOWN = Set.of("Launcher.java", "PanelOptions.java", "RelaunchCommand.java",
            "DesktopNotifier.java", "PolkitAction.java", "PanelWords.java", "RunasOutcome.java");
    private final Messages messages = Messages.load(Locale.ROOT);
    private final PanelWords words = new PanelWords(messages);

    @Test
    void noTextOfThePanelNamesAnOptionACommandOrAnException() {
        List<String> found = new ArrayList<>();
        for (String key : messages.bundle().keySet()) {
            String text = messages.get(key);
            if (CLI.matcher(text).find()) {
                found.add("messages.properties " + key + "=" + text);
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void noStringInThePanelsCodeNamesAnOptionACommandOrAnException() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/cordon/app"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (NOT_SHOWN.contains(f.getFileName().toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        if (CLI.matcher(m.group(1)).find()) {
                            found.add(f.getFileName() + ":" + (i + 1) + " \"" + m.group(1) + "\"");
                        }
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theBackendsErrorsAreShownInThePanelsWordsWithAFixButton() {
        Problem leftovers = Problem.of(new CordonException(ExitCode.CONFLICT, "3 leftovers of the sandbox accounts.",
                "Review them with `cordon leftovers scan`, then `cordon leftovers clean --only ID`."));
        assertThat(leftovers.message()).isEqualTo("3 leftovers of the sandbox accounts.");
        assertThat(leftovers.go()).isEqualTo(Destination.LEFTOVERS);
        assertThat(leftovers.fix()).isEqualTo(messages.get("fix.say.leftovers"));

        Problem workspace = Problem.of(CordonException.usage("--workspace /etc is the system directory /etc.",
                "Give a project directory."));
        assertThat(workspace.message()).isEqualTo("The workspace /etc is the system directory /etc.");
        assertThat(workspace.fix()).isEqualTo("Give a project directory.");
        assertThat(workspace.go()).isNull();

        Problem setup = Problem.of(new CordonException(ExitCode.NOT_SET_UP, "Cordon is not set up for instance x.",
                "Run `sudo ./cordon setup` first."));
        assertThat(setup.go()).isEqualTo(Destination.SETUP);

        Problem internal = Problem.of(CordonException.internal("Reading the ledger failed.", new IOException("x")));
        assertThat(internal.go()).isEqualTo(Destination.DOCTOR);

        Problem connect = Problem.of(new ConnectException("Connection refused"));
        assertThat(connect.message()).isEqualTo("Connection refused");
        Problem wrapped = Problem.of(new IllegalStateException("java.io.UncheckedIOException: java.net.SocketException: reset"));
        assertThat(wrapped.message()).isEqualTo("Reset");

        Problem stop = Problem.of(new CordonException(ExitCode.CONFLICT, "Session s1 could not give /srv/w back.",
                "Fix what blocks it, then `cordon session stop s1` again."));
        assertThat(stop.go()).isEqualTo(Destination.SESSIONS);

        Problem restore = Problem.of(new CordonException(ExitCode.CONFLICT, "Cannot restore q-f1: /tmp/cache.bin exists now.",
                "Move /tmp/cache.bin aside, then run `cordon leftovers restore q-f1` again."));
        assertThat(restore.fix()).isEqualTo("Move /tmp/cache.bin aside."); // what to do by hand stays; the rest is the button
        assertThat(restore.go()).isEqualTo(Destination.LEFTOVERS);

        for (Problem p : List.of(restore, leftovers, workspace, setup, internal, connect, wrapped, stop)) {
            assertThat(p.message() + " " + p.fix()).doesNotContainPattern(CLI);
        }
    }

    @Test
    void eachDestinationHasAButtonAndASentence() {
        for (Destination d : Destination.values()) {
            assertThat(messages.get(d.buttonKey())).isNotBlank();
            assertThat(messages.get(d.sentenceKey())).isNotBlank();
        }
        assertThat(messages.get(Destination.LEFTOVERS.buttonKey())).isEqualTo("Open Leftovers");
        assertThat(messages.get(Destination.SETUP.buttonKey())).startsWith("Run setup");
        assertThat(messages.get(Destination.DOCTOR.buttonKey())).isEqualTo("Open Doctor");
        assertThat(words.fix("Create it, or give an existing directory.").go()).isNull();
    }
}
