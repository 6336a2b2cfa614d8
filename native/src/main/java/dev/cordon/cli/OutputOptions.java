package dev.cordon.cli;

import picocli.CommandLine.Option;

/** How a command's output reaches our terminal: `cordon run` and `cordon session exec`. */
final class OutputOptions {
    @Option(names = "--raw-output", description = "Write the command's output to the terminal unchanged. By default, "
            + "when stdout or stderr is a terminal, escape sequences other than colours (clipboard writes, titles, "
            + "report requests) are shown as text, e.g. ^[]52;c;…^G. Pipes and files always get the bytes unchanged.")
    boolean raw;

    CommandStreams streams(Common common) {
        return new CommandStreams(common.platform().terminal(), raw);
    }
}
