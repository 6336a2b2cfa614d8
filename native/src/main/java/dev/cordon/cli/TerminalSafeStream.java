package dev.cordon.cli;

import dev.cordon.core.TerminalSafeFilter;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The CLI's own stdout or stderr when it is a terminal: what it prints can quote names the sandbox chose (a
 * process's command line in `cordon ps`, a leftover's path in `cordon leftovers scan`), so it goes through a
 * {@link TerminalSafeFilter} too. Colours (picocli's help) pass.
 */
final class TerminalSafeStream extends FilterOutputStream {
    private final TerminalSafeFilter filter = TerminalSafeFilter.forLocale();

    TerminalSafeStream(OutputStream out) {
        super(out);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(filter.filter(new byte[] {(byte) b}));
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        out.write(filter.filter(b, off, len));
    }

    @Override
    public synchronized void close() throws IOException {
        out.write(filter.finish());
        super.close();
    }
}
