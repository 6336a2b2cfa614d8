package dev.cordon.app;

import dev.cordon.app.overview.HealthCard;
import dev.cordon.app.ui.Messages;
import dev.cordon.doctor.Check;
import dev.cordon.provision.PlannedChange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every text the code asks for exists, so a typo fails here and not in front of a person. */
class MessagesTest {
    private static final Pattern LITERAL_KEY = Pattern.compile("\"([a-z]+(?:\\.[a-zA-Z]+)+)\"");

    @Test
    void everyKeyInTheSourcesExists() throws IOException {
        Messages messages = Messages.load(Locale.ROOT);
        Set<String> known = messages.bundle().keySet();
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/cordon/app"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher m = LITERAL_KEY.matcher(text);
                while (m.find()) {
                    String key = m.group(1);
                    boolean looksLikeOurs = key.matches("(app|startup|instance|header|theme|nav|placeholder|status|problem"
                            + "|dialog|readonly|overview|plan|doctor|bundle|audit|accounts|network|leftovers|sessions|processes)\\..*");
                    // doctor check ids (leftovers.none, network.online.proven) look like keys but are not texts
                    if (looksLikeOurs && !key.endsWith(".") && !known.contains(key) && !Reports.IDS.contains(key)) {
                        missing.add(f.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void keysBuiltFromEnumsExist() {
        Messages messages = Messages.load(Locale.ROOT);
        for (Page p : Page.values()) {
            assertThat(messages.get(p.titleKey())).isNotBlank();
        }
        for (HealthCard.Area a : HealthCard.Area.values()) {
            assertThat(messages.get("overview.card." + a.name().toLowerCase(Locale.ROOT))).isNotBlank();
        }
        for (PlannedChange.Action a : PlannedChange.Action.values()) {
            assertThat(messages.get("plan.action." + a.name().toLowerCase(Locale.ROOT))).isNotBlank();
        }
        for (Check.Status s : Check.Status.values()) {
            assertThat(messages.get("status." + s.name().toLowerCase(Locale.ROOT))).isNotBlank();
        }
    }
}
