package dev.cordon.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.W32APIOptions;

/** The job-object calls jna-platform's {@link Kernel32} lacks; loaded only on Windows, when first used. */
public interface Kernel32Ext extends Kernel32 {
    static Kernel32Ext instance() {
        return Holder.INSTANCE;
    }

    final class Holder {
        static final Kernel32Ext INSTANCE = Native.load("kernel32", Kernel32Ext.class, W32APIOptions.DEFAULT_OPTIONS);

        private Holder() {
        }
    }

    WinNT.HANDLE CreateJobObjectW(WinBase.SECURITY_ATTRIBUTES attributes, String name);

    boolean SetInformationJobObject(WinNT.HANDLE job, int infoClass, Structure info, int length);

    boolean QueryInformationJobObject(WinNT.HANDLE job, int infoClass, Structure info, int length,
                                      com.sun.jna.ptr.IntByReference returned);

    boolean AssignProcessToJobObject(WinNT.HANDLE job, WinNT.HANDLE process);

    boolean TerminateJobObject(WinNT.HANDLE job, int exitCode);
}
