package dev.cordon.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in support-bundle text: names of people's accounts, their home paths and the host name.
 * Sandbox accounts stay readable: they are what support needs to see.
 */
public final class Redactor {
    private final Map<Pattern, String> rules = new LinkedHashMap<>();

    public Redactor(List<String> userNames, List<String> homeDirs, String hostName) {
        // longest first, so /home/alice/x is replaced before alice
        List<String> homes = new ArrayList<>(homeDirs);
        homes.sort(Comparator.comparingInt(String::length).reversed());
        for (String home : homes) {
            if (!home.isBlank() && !home.equals("/") && !home.equals("/nonexistent")) {
                rules.put(Pattern.compile(Pattern.quote(home) + "(?=/|\\b|$)"), "<home>");
            }
        }
        List<String> names = new ArrayList<>(userNames);
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String name : names) {
            if (!name.isBlank()) {
                rules.put(Pattern.compile("(?<![A-Za-z0-9_.-])" + Pattern.quote(name) + "(?![A-Za-z0-9_-])"), "<user>");
            }
        }
        if (hostName != null && !hostName.isBlank() && !hostName.equals("localhost")) {
            rules.put(Pattern.compile("(?<![A-Za-z0-9-])" + Pattern.quote(hostName) + "(?![A-Za-z0-9-])"), "<host>");
        }
    }

    public String apply(String text) {
        String out = text;
        for (Map.Entry<Pattern, String> r : rules.entrySet()) {
            out = r.getKey().matcher(out).replaceAll(Matcher.quoteReplacement(r.getValue()));
        }
        return out;
    }
}
