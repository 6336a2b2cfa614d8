package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Wincon;
import com.sun.jna.ptr.IntByReference;
import dev.cordon.platform.Terminal;

/** A standard stream is a console when {@code GetConsoleMode} succeeds on its handle (a pipe or file fails it). */
final class WindowsTerminal implements Terminal {
    @Override
    public boolean isTerminal(Stream stream) {
        int which = switch (stream) {
            case STDIN -> Wincon.STD_INPUT_HANDLE;
            case STDOUT -> Wincon.STD_OUTPUT_HANDLE;
            case STDERR -> Wincon.STD_ERROR_HANDLE;
        };
        WinNT.HANDLE handle = Kernel32.INSTANCE.GetStdHandle(which);
        return handle != null && !WinNT.INVALID_HANDLE_VALUE.equals(handle)
                && Kernel32.INSTANCE.GetConsoleMode(handle, new IntByReference());
    }
}
