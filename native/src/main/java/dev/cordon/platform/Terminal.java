package dev.cordon.platform;

/**
 * Whether this process's standard streams are a terminal: output the sandbox chose is made safe to show only there
 * (issue 8, F9), and pipes and files get it byte for byte. Linux: {@code isatty(3)}; Windows: {@code GetConsoleMode}
 * on {@code GetStdHandle(STD_*_HANDLE)} succeeds (a console, which obeys VT sequences once
 * {@code ENABLE_VIRTUAL_TERMINAL_PROCESSING} is on).
 */
public interface Terminal {
    enum Stream { STDIN, STDOUT, STDERR }

    boolean isTerminal(Stream stream);
}
