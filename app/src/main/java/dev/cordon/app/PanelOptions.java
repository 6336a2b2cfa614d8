package dev.cordon.app;

import java.util.List;

/**
 * The panel's command line: {@code [--instance NAME]}, like the CLI's (else {@code CORDON_INSTANCE}). Its usage is the
 * CLI's {@code cordon panel --help}, whose options this parser accepts (PanelOptionsTest holds the two together).
 */
public record PanelOptions(String instance, boolean help) {

    /** @throws IllegalArgumentException naming the bad argument */
    public static PanelOptions parse(List<String> args) {
        String instance = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
            } else if (a.equals("--instance")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--instance needs a NAME");
                }
                instance = args.get(++i);
            } else if (a.startsWith("--instance=")) {
                instance = a.substring("--instance=".length());
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return new PanelOptions(instance, help);
    }
}
