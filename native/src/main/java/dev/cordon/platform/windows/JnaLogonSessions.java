package dev.cordon.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.NTSecApi;
import com.sun.jna.platform.win32.Secur32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The machine's logon sessions through LSA: {@code LsaEnumerateLogonSessions}, then {@code LsaGetLogonSessionData} for
 * each LUID, every buffer freed with {@code LsaFreeReturnBuffer} ({@link NativeResource}). A session that ends between
 * the two calls is skipped. Needs an elevated caller to see other users' sessions. Not run on Windows yet
 * (docs/architecture.md); its layout is pinned by {@code WindowsStructuresTest}.
 */
final class JnaLogonSessions {
    /** The LSA logon-session calls jna-platform's {@link Secur32} lacks; loaded on Windows only, when first used. */
    interface Secur32Ext extends Secur32 {
        final class Holder {
            static final Secur32Ext INSTANCE = Native.load("secur32", Secur32Ext.class, W32APIOptions.DEFAULT_OPTIONS);

            private Holder() {
            }
        }

        /** NTSTATUS; {@code list} receives {@code count} LUIDs, freed with {@link #LsaFreeReturnBuffer}. */
        int LsaEnumerateLogonSessions(WinDef.ULONGByReference count, PointerByReference list);

        /** NTSTATUS; {@code luid} points at one LUID, {@code data} receives a {@code SECURITY_LOGON_SESSION_DATA}. */
        int LsaGetLogonSessionData(Pointer luid, PointerByReference data);

        int LsaFreeReturnBuffer(Pointer buffer);
    }

    /**
     * The leading fields of {@code SECURITY_LOGON_SESSION_DATA} (ntsecapi.h), up to the SID: every one a ULONG, a LUID
     * or pointer-sized, so a 64-bit JVM anywhere computes the x64 offsets (Size 0, LogonId 4, UserName 16, LogonDomain
     * 32, AuthenticationPackage 48, LogonType 64, Session 68, Sid 72). Only this prefix of Windows' buffer is read.
     */
    @Structure.FieldOrder({"Size", "LogonId", "UserName", "LogonDomain", "AuthenticationPackage", "LogonType",
            "Session", "Sid"})
    public static class SessionData extends Structure {
        public int Size;
        public WinNT.LUID LogonId;
        public NTSecApi.LSA_UNICODE_STRING UserName;
        public NTSecApi.LSA_UNICODE_STRING LogonDomain;
        public NTSecApi.LSA_UNICODE_STRING AuthenticationPackage;
        public int LogonType;
        public int Session;
        public Pointer Sid;

        public SessionData() {
        }

        SessionData(Pointer p) {
            super(p);
            read();
        }
    }

    /** An NTSTATUS from {@code LsaEnumerateLogonSessions}: nothing could be listed. */
    static final class Unreadable extends RuntimeException {
        Unreadable(int ntstatus) {
            super(String.format("LsaEnumerateLogonSessions failed (NTSTATUS 0x%08X)", ntstatus));
        }
    }

    private JnaLogonSessions() {
    }

    static List<LogonSession> all() {
        Secur32Ext lsa = Secur32Ext.Holder.INSTANCE;
        WinDef.ULONGByReference count = new WinDef.ULONGByReference();
        PointerByReference list = new PointerByReference();
        int status = lsa.LsaEnumerateLogonSessions(count, list);
        if (status != 0) {
            throw new Unreadable(status);
        }
        List<LogonSession> out = new ArrayList<>();
        try (NativeResource luids = new NativeResource(list.getValue(), lsa::LsaFreeReturnBuffer)) {
            long n = count.getValue().longValue();
            for (long i = 0; i < n && luids.pointer() != null; i++) {
                PointerByReference data = new PointerByReference();
                if (lsa.LsaGetLogonSessionData(luids.pointer().share(i * 8L), data) != 0) {
                    continue; // ended meanwhile (STATUS_NO_SUCH_LOGON_SESSION), or not ours to read
                }
                try (NativeResource d = new NativeResource(data.getValue(), lsa::LsaFreeReturnBuffer)) {
                    if (d.pointer() != null) {
                        out.add(session(new SessionData(d.pointer())));
                    }
                }
            }
        }
        return out;
    }

    private static LogonSession session(SessionData d) {
        long id = ((long) d.LogonId.HighPart << 32) | (d.LogonId.LowPart & 0xFFFFFFFFL);
        String sid = d.Sid == null ? null : Advapi32Util.convertSidToStringSid(new WinNT.PSID(d.Sid));
        return new LogonSession(id, sid, text(d.UserName), text(d.LogonDomain), d.LogonType, d.Session);
    }

    /** UTF-16 code units counted by {@code Length} (bytes), not NUL-terminated. */
    private static String text(NTSecApi.LSA_UNICODE_STRING s) {
        return s.Buffer == null || s.Length == 0 ? "" : new String(s.Buffer.getCharArray(0, (s.Length & 0xFFFF) / 2));
    }
}
