package dev.cordon.app.ui;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backend's messages in the panel's language. The backend speaks to the CLI: its messages name options
 * ({@code --workspace}) and its fixes name commands ("run `cordon leftovers scan`"). In the panel an option is the
 * field's name, a fix that names a command becomes a sentence and a button to the page that does it
 * ({@link Destination}), and no Java exception's name is shown.
 */
public final class PanelWords {
    private static final Pattern COMMAND = Pattern.compile("`?\\.?/?cordon ([a-z-]+)[^`\\n]*`?");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*)");
    private static final Pattern EXCEPTION = Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
    /** Where a fix's clauses part: sentences, and ", then" / ", or" / "(". */
    private static final Pattern CLAUSE = Pattern.compile("(?<=[.;:])\\s+|,\\s*(?=(?:then|and|or)\\b)|\\s*\\(|\\)");
    private static final Map<String, Destination> COMMANDS = new LinkedHashMap<>();
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("workspace", "workspace"), Map.entry("writable", "writable place"), Map.entry("tmp-size", "size"),
            Map.entry("env", "variable"), Map.entry("secret", "secret"), Map.entry("timeout", "time limit"),
            Map.entry("network", "network"), Map.entry("reason", "reason"), Map.entry("for", "duration"),
            Map.entry("instance", "instance"), Map.entry("only", "selection"), Map.entry("signal", "signal"));

    static {
        COMMANDS.put("setup", Destination.SETUP);
        COMMANDS.put("doctor", Destination.DOCTOR);
        COMMANDS.put("leftovers", Destination.LEFTOVERS);
        COMMANDS.put("profiles", Destination.LEFTOVERS);
        COMMANDS.put("session", Destination.SESSIONS);
        COMMANDS.put("run", Destination.SESSIONS);
        COMMANDS.put("secret", Destination.SECRETS);
        COMMANDS.put("ps", Destination.PROCESSES);
        COMMANDS.put("kill", Destination.PROCESSES);
        COMMANDS.put("network", Destination.NETWORK);
        COMMANDS.put("audit", Destination.AUDIT);
        COMMANDS.put("status", Destination.OVERVIEW);
    }

    private final Messages messages;

    public PanelWords(Messages messages) {
        this.messages = messages;
    }

    /**
     * What the backend said about the value of one of its options ("--workspace /etc is the system directory" for
     * {@code option} "workspace": "/etc is the system directory"), or null when the message is about something else:
     * for saying it next to that field.
     */
    public static String aboutOption(String message, String option) {
        String prefix = "--" + option + " ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : null;
    }

    /** The page a fix's command belongs to, or null when it names none (or one the panel has no page for). */
    static Destination destinationOf(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = COMMAND.matcher(text);
        while (m.find()) {
            Destination d = COMMANDS.get(m.group(1));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** A backend message in the panel's words: options named as fields, commands as pages, no exception names. */
    public String message(String text) {
        if (text == null || text.isBlank()) {
            return text == null ? "" : text;
        }
        String out = EXCEPTION.matcher(text).replaceAll("");
        out = replace(COMMAND, out, m -> {
            Destination d = COMMANDS.get(m.group(1));
            return d == null ? messages.get("fix.words.elsewhere") : messages.get("fix.words.page", page(d));
        });
        out = replace(OPTION, out, m -> {
            String name = OPTIONS.get(m.group(1));
            return messages.get("fix.words.option", name == null ? m.group(1).replace('-', ' ') : name);
        });
        out = out.strip();
        return out.isEmpty() ? messages.get("fix.words.unexplained") : Character.toUpperCase(out.charAt(0)) + out.substring(1);
    }

    /**
     * A problem from the backend's message and fix: a fix that names a command or an option becomes the sentence and
     * button of the page that does it (the doctor when there is none); any other fix is kept as it is written.
     */
    public Problem problem(String message, String fix) {
        Fix f = fix(fix);
        return new Problem(message(message), f.text(), f.go());
    }

    /** A fix line in the panel's words, with where its button goes (null: no button). */
    public record Fix(String text, Destination go) {
    }

    public Fix fix(String fix) {
        if (fix == null || fix.isBlank()) {
            return new Fix("", null);
        }
        if (!cli(fix)) {
            return new Fix(fix, null);
        }
        Destination d = destinationOf(fix);
        Destination go = d == null ? Destination.DOCTOR : d;
        // keep what the fix says to do by hand ("Move /tmp/x aside"); the command's part is the button
        StringBuilder kept = new StringBuilder();
        for (String part : CLAUSE.split(fix.strip())) {
            String p = part.strip().replaceAll("[.;,]+$", "");
            if (!p.isEmpty() && !cli(p) && !p.matches("(?i)(then |and |or )?(run|use|see|try)\\b.*")) {
                kept.append(kept.length() == 0 ? "" : "; ").append(p);
            }
        }
        String text = kept.length() == 0 ? messages.get(go.sentenceKey())
                : Character.toUpperCase(kept.charAt(0)) + kept.substring(1) + ".";
        return new Fix(text, go);
    }

    private static boolean cli(String text) {
        return text.contains("--") || text.contains("cordon ") || text.contains("`") || EXCEPTION.matcher(text).find();
    }

    /** The name of the page {@code d} opens, as the navigation shows it. */
    String page(Destination d) {
        return messages.get(switch (d) {
            case SETUP, OVERVIEW -> "nav.overview";
            case DOCTOR -> "nav.doctor";
            case LEFTOVERS -> "nav.leftovers";
            case SESSIONS -> "nav.sessions";
            case SECRETS -> "nav.accounts";
            case PROCESSES -> "nav.processes";
            case NETWORK -> "nav.network";
            case AUDIT -> "nav.audit";
        });
    }

    private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
