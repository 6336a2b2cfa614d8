package dev.cordon.platform.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.NTSecApi;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The LSA policy calls jna-platform's {@link Advapi32} lacks: account rights (the deny-logon rights of the sandbox
 * accounts). Loaded only on Windows, when first used. NTSTATUS results are turned into Win32 codes with
 * {@link #LsaNtStatusToWinError}. {@link #policy} and {@link #lsaMemory} close their handle and memory.
 */
public interface Advapi32Ext extends Advapi32 {
    static Advapi32Ext instance() {
        return Holder.INSTANCE;
    }

    final class Holder {
        static final Advapi32Ext INSTANCE = Native.load("advapi32", Advapi32Ext.class, W32APIOptions.DEFAULT_OPTIONS);

        private Holder() {
        }
    }

    // ntsecapi.h access rights of a policy handle
    int POLICY_VIEW_LOCAL_INFORMATION = 0x00000001;
    int POLICY_CREATE_ACCOUNT = 0x00000010;
    int POLICY_LOOKUP_NAMES = 0x00000800;
    /** What adding, removing and listing account rights needs, and no more. */
    int POLICY_ACCOUNT_RIGHTS = POLICY_VIEW_LOCAL_INFORMATION | POLICY_CREATE_ACCOUNT | POLICY_LOOKUP_NAMES;
    /** LsaEnumerateAccountRights on a SID that holds no rights at all. */
    int STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;

    int LsaOpenPolicy(Pointer systemName, LSA_OBJECT_ATTRIBUTES objectAttributes, int desiredAccess,
                      PointerByReference policyHandle);

    /** {@code userRights}: the first of {@code count} contiguous LSA_UNICODE_STRINGs ({@link #lsaStrings}). */
    int LsaAddAccountRights(Pointer policyHandle, WinNT.PSID accountSid, Pointer userRights, int count);

    int LsaRemoveAccountRights(Pointer policyHandle, WinNT.PSID accountSid, byte allRights, Pointer userRights,
                               int count);

    int LsaEnumerateAccountRights(Pointer policyHandle, WinNT.PSID accountSid, PointerByReference userRights,
                                  IntByReference count);

    int LsaFreeMemory(Pointer buffer);

    int LsaClose(Pointer policyHandle);

    int LsaNtStatusToWinError(int status);

    /** ntsecapi.h LSA_OBJECT_ATTRIBUTES (x64: 48 bytes); LsaOpenPolicy wants it zeroed. */
    @Structure.FieldOrder({"Length", "RootDirectory", "ObjectName", "Attributes", "SecurityDescriptor",
            "SecurityQualityOfService"})
    class LSA_OBJECT_ATTRIBUTES extends Structure {
        public int Length;
        public Pointer RootDirectory;
        public Pointer ObjectName;
        public int Attributes;
        public Pointer SecurityDescriptor;
        public Pointer SecurityQualityOfService;

        public LSA_OBJECT_ATTRIBUTES() {
            Length = size();
        }
    }

    /**
     * Contiguous LSA_UNICODE_STRINGs for {@code names}, written and ready to pass as {@code array[0].getPointer()}.
     * Lengths are in bytes, without the terminator; each buffer is UTF-16LE written byte by byte.
     */
    static NTSecApi.LSA_UNICODE_STRING[] lsaStrings(List<String> names) {
        NTSecApi.LSA_UNICODE_STRING[] array =
                (NTSecApi.LSA_UNICODE_STRING[]) new NTSecApi.LSA_UNICODE_STRING().toArray(Math.max(1, names.size()));
        for (int i = 0; i < names.size(); i++) {
            byte[] utf16 = names.get(i).getBytes(StandardCharsets.UTF_16LE);
            Memory buffer = new Memory(utf16.length + 2L);
            buffer.write(0, utf16, 0, utf16.length);
            buffer.setShort(utf16.length, (short) 0);
            array[i].Length = (short) utf16.length;
            array[i].MaximumLength = (short) (utf16.length + 2);
            array[i].Buffer = buffer;
            array[i].write();
        }
        return array;
    }

    /** Reads {@code count} LSA_UNICODE_STRINGs from {@code first}. */
    static List<String> readLsaStrings(Pointer first, int count) {
        int size = new NTSecApi.LSA_UNICODE_STRING().size();
        int bufferOffset = Native.POINTER_SIZE; // two USHORTs, padded to the pointer's alignment
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Pointer entry = first.share((long) i * size);
            int length = entry.getShort(0) & 0xFFFF;
            Pointer buffer = entry.getPointer(bufferOffset);
            out.add(buffer == null || length == 0 ? "" : new String(buffer.getByteArray(0, length), StandardCharsets.UTF_16LE));
        }
        return out;
    }

    /** An open LSA policy handle, closed with {@code LsaClose}. */
    static NativeResource policy(Pointer handle) {
        return new NativeResource(handle, h -> instance().LsaClose(h));
    }

    /** Memory LSA allocated, freed with {@code LsaFreeMemory}. */
    static NativeResource lsaMemory(Pointer pointer) {
        return new NativeResource(pointer, p -> instance().LsaFreeMemory(p));
    }
}
