package dev.cordon.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * The security-descriptor calls jna-platform's {@link Advapi32} lacks (SDDL conversion) or declares only with
 * structure types (the DACL and owner of a descriptor held as a {@link Pointer}); loaded only on Windows, when first
 * used. Every descriptor these return is the caller's to {@code LocalFree}.
 */
public interface Advapi32Sddl extends Advapi32 {
    int SDDL_REVISION_1 = 1;

    static Advapi32Sddl instance() {
        return Holder.INSTANCE;
    }

    final class Holder {
        static final Advapi32Sddl INSTANCE = Native.load("advapi32", Advapi32Sddl.class, W32APIOptions.DEFAULT_OPTIONS);

        private Holder() {
        }
    }

    boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(String sddl, int revision,
                                                                 PointerByReference descriptor, IntByReference size);

    boolean ConvertSecurityDescriptorToStringSecurityDescriptorW(Pointer descriptor, int revision, int information,
                                                                 PointerByReference sddl, IntByReference length);

    boolean GetSecurityDescriptorDacl(Pointer descriptor, IntByReference present, PointerByReference dacl,
                                      IntByReference defaulted);

    boolean GetSecurityDescriptorOwner(Pointer descriptor, PointerByReference owner, IntByReference defaulted);
}
