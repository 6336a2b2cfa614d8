package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code cordon panel}: the JavaFX control panel lives in the app module, and the {@code ./cordon} launcher starts it
 * from there (its {@code --help} comes here, without starting JavaFX). This command gives the panel its place in the
 * CLI's help; run from the CLI jar alone it says where the panel is.
 */
@Command(name = "panel", description = {
        "Open the JavaFX control panel (needs a display).",
        "As root it is its own host; not elevated, it opens read-only.",
        "Started by the ./cordon launcher from the app module; without a display use `xvfb-run -a ./cordon panel`."})
final class PanelCommand implements Callable<Integer> {
    @Option(names = "--instance", paramLabel = "NAME",
            description = "The instance to show (default: $CORDON_INSTANCE, else none).")
    String instanceName;

    @Override
    public Integer call() {
        throw new CordonException(ExitCode.UNAVAILABLE, "The control panel is not part of the CLI jar: the ./cordon launcher "
                + "starts it from the app module.", "Run `./cordon panel` from the build (mvn -B -q package -DskipTests).");
    }
}
