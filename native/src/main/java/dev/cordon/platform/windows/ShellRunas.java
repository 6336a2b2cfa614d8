package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Shell32;
import com.sun.jna.platform.win32.ShellAPI;
import dev.cordon.platform.ElevatedRelauncher;

import java.util.List;

/**
 * The panel's relaunch on Windows: {@code ShellExecuteExW} with the verb {@code runas} shows the UAC prompt and starts
 * the program elevated; {@code ERROR_CANCELLED} (1223) is the user declining it, which keeps the read-only panel.
 * Not run on Windows yet (docs/architecture.md).
 */
final class ShellRunas implements ElevatedRelauncher {
    static final int ERROR_CANCELLED = 1223;

    /** {@code ShellExecuteExW(runas)}: 0 when the program started, else the Windows error. */
    interface Shell {
        int runas(String file, String parameters);
    }

    private final Shell shell;

    ShellRunas(Shell shell) {
        this.shell = shell;
    }

    static ShellRunas system() {
        return new ShellRunas(ShellRunas::shellExecute);
    }

    @Override
    public Result relaunch(List<String> argv) {
        return result(shell.runas(argv.get(0), parameters(argv)));
    }

    /** The arguments after the program, quoted by {@code CommandLineToArgvW}'s rules (as the program will split them). */
    static String parameters(List<String> argv) {
        String program = WindowsCommandLine.quote(List.of(argv.get(0)));
        return WindowsCommandLine.quote(argv).substring(program.length()).stripLeading();
    }

    static Result result(int error) {
        if (error == 0) {
            return new Result(Outcome.STARTED, "");
        }
        if (error == ERROR_CANCELLED) {
            return new Result(Outcome.DECLINED, Win32Errors.explain(error).sentence());
        }
        return new Result(Outcome.FAILED, Win32Errors.explain(error).message());
    }

    private static int shellExecute(String file, String parameters) {
        ShellAPI.SHELLEXECUTEINFO info = new ShellAPI.SHELLEXECUTEINFO();
        info.cbSize = info.size();
        info.fMask = 0x00000040 | 0x00000100; // SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC
        info.lpVerb = "runas";
        info.lpFile = file;
        info.lpParameters = parameters;
        info.nShow = 1; // SW_SHOWNORMAL
        if (!Shell32.INSTANCE.ShellExecuteEx(info)) {
            return Kernel32.INSTANCE.GetLastError();
        }
        if (info.hProcess != null) {
            Kernel32.INSTANCE.CloseHandle(info.hProcess);
        }
        return 0;
    }
}
