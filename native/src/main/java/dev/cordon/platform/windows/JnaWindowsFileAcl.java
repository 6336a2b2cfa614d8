package dev.cordon.platform.windows;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.AccCtrl;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/** {@link WindowsFileAcl} by Win32 calls (advapi32, kernel32). Not run on Windows yet: see docs/architecture.md. */
public final class JnaWindowsFileAcl implements WindowsFileAcl {
    private static final int OWNER_AND_DACL = WinNT.OWNER_SECURITY_INFORMATION | WinNT.DACL_SECURITY_INFORMATION;

    @Override
    public void createFile(Path file, String sddl) throws IOException {
        Pointer sd = descriptor(sddl);
        try {
            WinNT.HANDLE h = Kernel32.INSTANCE.CreateFile(file.toString(), WinNT.GENERIC_WRITE, 0, attributes(sd),
                    WinNT.CREATE_NEW, WinNT.FILE_ATTRIBUTE_NORMAL, null);
            if (WinBase.INVALID_HANDLE_VALUE.equals(h)) {
                throw failure("CreateFileW", file, Kernel32.INSTANCE.GetLastError());
            }
            Kernel32.INSTANCE.CloseHandle(h);
        } finally {
            Kernel32.INSTANCE.LocalFree(sd);
        }
    }

    @Override
    public void createDirectory(Path dir, String sddl) throws IOException {
        Pointer sd = descriptor(sddl);
        try {
            if (!Kernel32.INSTANCE.CreateDirectory(dir.toString(), attributes(sd))) {
                throw failure("CreateDirectoryW", dir, Kernel32.INSTANCE.GetLastError());
            }
        } finally {
            Kernel32.INSTANCE.LocalFree(sd);
        }
    }

    @Override
    public void apply(Path path, String sddl) throws IOException {
        Advapi32Sddl a = Advapi32Sddl.instance();
        Pointer sd = descriptor(sddl);
        try {
            IntByReference present = new IntByReference();
            IntByReference defaulted = new IntByReference();
            PointerByReference dacl = new PointerByReference();
            PointerByReference owner = new PointerByReference();
            if (!a.GetSecurityDescriptorDacl(sd, present, dacl, defaulted) || present.getValue() == 0
                    || !a.GetSecurityDescriptorOwner(sd, owner, defaulted)) {
                throw new IOException("The security descriptor '" + sddl + "' has no DACL to apply.");
            }
            int info = WinNT.DACL_SECURITY_INFORMATION | (Sddl.dacl(sddl).isProtected()
                    ? WinNT.PROTECTED_DACL_SECURITY_INFORMATION : WinNT.UNPROTECTED_DACL_SECURITY_INFORMATION);
            if (owner.getValue() != null) {
                info |= WinNT.OWNER_SECURITY_INFORMATION;
            }
            int rc = a.SetNamedSecurityInfo(path.toString(), AccCtrl.SE_OBJECT_TYPE.SE_FILE_OBJECT, info,
                    owner.getValue(), null, dacl.getValue(), null);
            if (rc != WinError.ERROR_SUCCESS) {
                throw failure("SetNamedSecurityInfoW", path, rc);
            }
        } finally {
            Kernel32.INSTANCE.LocalFree(sd);
        }
    }

    @Override
    public String read(Path path) throws IOException {
        Advapi32Sddl a = Advapi32Sddl.instance();
        PointerByReference sd = new PointerByReference();
        int rc = a.GetNamedSecurityInfo(path.toString(), AccCtrl.SE_OBJECT_TYPE.SE_FILE_OBJECT, OWNER_AND_DACL,
                null, null, null, null, sd);
        if (rc != WinError.ERROR_SUCCESS) {
            throw failure("GetNamedSecurityInfoW", path, rc);
        }
        try {
            PointerByReference text = new PointerByReference();
            if (!a.ConvertSecurityDescriptorToStringSecurityDescriptorW(sd.getValue(), Advapi32Sddl.SDDL_REVISION_1,
                    OWNER_AND_DACL, text, null)) {
                throw failure("ConvertSecurityDescriptorToStringSecurityDescriptorW", path,
                        Kernel32.INSTANCE.GetLastError());
            }
            try {
                return text.getValue().getWideString(0);
            } finally {
                Kernel32.INSTANCE.LocalFree(text.getValue());
            }
        } finally {
            Kernel32.INSTANCE.LocalFree(sd.getValue());
        }
    }

    /** A self-relative descriptor from SDDL, in memory the caller frees with {@code LocalFree}. */
    private static Pointer descriptor(String sddl) throws IOException {
        PointerByReference sd = new PointerByReference();
        if (!Advapi32Sddl.instance().ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl,
                Advapi32Sddl.SDDL_REVISION_1, sd, null)) {
            throw new IOException("Windows refused the security descriptor '" + sddl + "': "
                    + Win32Errors.explain(Kernel32.INSTANCE.GetLastError()).message());
        }
        return sd.getValue();
    }

    private static WinBase.SECURITY_ATTRIBUTES attributes(Pointer sd) {
        WinBase.SECURITY_ATTRIBUTES sa = new WinBase.SECURITY_ATTRIBUTES();
        sa.dwLength = new WinDef.DWORD(sa.size());
        sa.lpSecurityDescriptor = sd;
        sa.bInheritHandle = false;
        return sa;
    }

    private static IOException failure(String call, Path path, int code) {
        if (code == WinError.ERROR_FILE_EXISTS || code == WinError.ERROR_ALREADY_EXISTS) {
            return new FileAlreadyExistsException(path.toString());
        }
        return new IOException(call + " on " + path + ": " + Win32Errors.explain(code).message());
    }
}
