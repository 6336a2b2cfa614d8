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

    /**
     * The kernel's own switch for pushing input into a terminal, as evidence for the doctor, e.g.
     * {@code kernel dev.tty.legacy_tiocsti=1} (with 1, only the seccomp filter stands between a tty and
     * {@code TIOCSTI}); empty where there is no such switch (a kernel before 6.2; Windows: no console input injection
     * to switch off).
     */
    default java.util.Optional<String> injectionSwitch() {
        return java.util.Optional.empty();
    }
}
