package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.LMAccess;
import com.sun.jna.platform.win32.NTSecApi;
import com.sun.jna.platform.win32.Netapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@link AccountApi} through NetAPI, LSA and the registry. A thin pass-through with no decisions: not run on Windows
 * yet (it is exercised by the {@code windows}-tagged test in the Windows workflow).
 */
public final class JnaAccountApi implements AccountApi {
    static final String USER_LIST = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\SpecialAccounts\\UserList";
    private static final int NERR_SUCCESS = 0;
    private static final int ERROR_NONE_MAPPED = 1332;
    private static final int VER_NT_DOMAIN_CONTROLLER = 2;
    private static final int SID_TYPE_ALIAS = 4;
    private static final int SID_TYPE_WELL_KNOWN_GROUP = 5;
    private static final int MAX_PREFERRED_LENGTH = -1;

    private static Netapi32Ext net() {
        return Netapi32Ext.instance();
    }

    private static Advapi32Ext lsa() {
        return Advapi32Ext.instance();
    }

    private static void check(String call, int rc) {
        if (rc != NERR_SUCCESS) {
            throw new Failure(call, rc);
        }
    }

    @Override
    public boolean isDomainController() {
        WinNT.OSVERSIONINFOEX info = new WinNT.OSVERSIONINFOEX();
        if (!Kernel32.INSTANCE.GetVersionEx(info)) {
            throw new Failure("GetVersionEx", Kernel32.INSTANCE.GetLastError());
        }
        return info.getProductType() == VER_NT_DOMAIN_CONTROLLER;
    }

    @Override
    public String computerName() {
        return Kernel32Util.getComputerName();
    }

    @Override
    public Optional<String> processUserName() {
        try {
            return Optional.of(Advapi32Util.getUserName());
        } catch (Win32Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> sessionUserName() {
        com.sun.jna.ptr.IntByReference session = new com.sun.jna.ptr.IntByReference();
        if (!com.sun.jna.platform.win32.Kernel32.INSTANCE.ProcessIdToSessionId(
                com.sun.jna.platform.win32.Kernel32.INSTANCE.GetCurrentProcessId(), session)) {
            return Optional.empty();
        }
        Optional<String> user = sessionString(session.getValue(), WTS_USER_NAME);
        return user.map(u -> sessionString(session.getValue(), WTS_DOMAIN_NAME).map(d -> d + "\\" + u).orElse(u));
    }

    private static final int WTS_USER_NAME = 5;
    private static final int WTS_DOMAIN_NAME = 7;

    private static Optional<String> sessionString(int session, int infoClass) {
        PointerByReference buf = new PointerByReference();
        com.sun.jna.ptr.IntByReference bytes = new com.sun.jna.ptr.IntByReference();
        if (!com.sun.jna.platform.win32.Wtsapi32.INSTANCE.WTSQuerySessionInformation(
                com.sun.jna.platform.win32.Wtsapi32.WTS_CURRENT_SERVER_HANDLE, session, infoClass, buf, bytes)) {
            return Optional.empty();
        }
        try {
            String value = buf.getValue().getWideString(0);
            return value.isBlank() ? Optional.empty() : Optional.of(value);
        } finally {
            com.sun.jna.platform.win32.Wtsapi32.INSTANCE.WTSFreeMemory(buf.getValue());
        }
    }

    @Override
    public Optional<UserInfo> user(String name) {
        PointerByReference buf = new PointerByReference();
        int rc = net().NetUserGetInfo(null, name, 4, buf);
        if (rc == Netapi32Ext.NERR_UserNotFound) {
            return Optional.empty();
        }
        check("NetUserGetInfo(" + name + ", 4)", rc);
        try (NativeResource b = Netapi32Ext.buffer(buf.getValue())) {
            Netapi32Ext.USER_INFO_4 u = new Netapi32Ext.USER_INFO_4(b.pointer());
            String sid = Advapi32Util.convertSidToStringSid(new WinNT.PSID(u.usri4_user_sid));
            return Optional.of(new UserInfo(u.usri4_name, sid, u.usri4_priv, u.usri4_flags,
                    u.usri4_password_expired != 0, u.usri4_comment == null ? "" : u.usri4_comment,
                    u.usri4_primary_group_id));
        }
    }

    @Override
    public List<String> userNames() {
        List<String> names = new ArrayList<>();
        for (Netapi32Util.User u : Netapi32Util.getUsers()) {
            names.add(u.name);
        }
        return names;
    }

    @Override
    public Optional<GroupInfo> localGroup(String name) {
        try {
            Advapi32Util.Account a = Advapi32Util.getAccountByName(null, name);
            if (a.accountType != SID_TYPE_ALIAS && a.accountType != SID_TYPE_WELL_KNOWN_GROUP) {
                return Optional.empty();
            }
            // an unqualified name falls through to the domain when no local one exists: only this machine's groups
            // and the built-in ones (S-1-5-32-…) are local groups
            if (!a.sidString.startsWith("S-1-5-32-") && !computerName().equalsIgnoreCase(a.domain)) {
                return Optional.empty();
            }
            return Optional.of(new GroupInfo(a.name, a.sidString));
        } catch (Win32Exception e) {
            if (e.getErrorCode() == ERROR_NONE_MAPPED) {
                return Optional.empty();
            }
            throw new Failure("LookupAccountName(" + name + ")", e.getErrorCode());
        }
    }

    @Override
    public List<GroupInfo> localGroupsOf(String user) {
        PointerByReference buf = new PointerByReference();
        IntByReference read = new IntByReference();
        IntByReference total = new IntByReference();
        check("NetUserGetLocalGroups(" + user + ")", net().NetUserGetLocalGroups(null, user, 0, 0, buf,
                MAX_PREFERRED_LENGTH, read, total));
        List<GroupInfo> groups = new ArrayList<>();
        try (NativeResource b = Netapi32Ext.buffer(buf.getValue())) {
            if (read.getValue() > 0) {
                LMAccess.LOCALGROUP_USERS_INFO_0 first = new LMAccess.LOCALGROUP_USERS_INFO_0(b.pointer());
                for (Object o : first.toArray(read.getValue())) {
                    String name = ((LMAccess.LOCALGROUP_USERS_INFO_0) o).lgrui0_name;
                    localGroup(name).ifPresent(groups::add);
                }
            }
        }
        return groups;
    }

    @Override
    public List<Member> members(String group) {
        PointerByReference buf = new PointerByReference();
        IntByReference read = new IntByReference();
        IntByReference total = new IntByReference();
        check("NetLocalGroupGetMembers(" + group + ")", net().NetLocalGroupGetMembers(null, group, 2, buf,
                MAX_PREFERRED_LENGTH, read, total, null));
        List<Member> members = new ArrayList<>();
        try (NativeResource b = Netapi32Ext.buffer(buf.getValue())) {
            if (read.getValue() > 0) {
                Netapi32Ext.LOCALGROUP_MEMBERS_INFO_2 first = new Netapi32Ext.LOCALGROUP_MEMBERS_INFO_2(b.pointer());
                for (Object o : first.toArray(read.getValue())) {
                    Netapi32Ext.LOCALGROUP_MEMBERS_INFO_2 m = (Netapi32Ext.LOCALGROUP_MEMBERS_INFO_2) o;
                    members.add(new Member(Advapi32Util.convertSidToStringSid(new WinNT.PSID(m.lgrmi2_sid)),
                            m.lgrmi2_domainandname));
                }
            }
        }
        return members;
    }

    @Override
    public Optional<String> nameOfSid(String sid) {
        try {
            return Optional.of(Advapi32Util.getAccountBySid(sid).name);
        } catch (Win32Exception e) {
            if (e.getErrorCode() == ERROR_NONE_MAPPED) {
                return Optional.empty();
            }
            throw new Failure("LookupAccountSid(" + sid + ")", e.getErrorCode());
        }
    }

    @Override
    public void addLocalGroup(String name, String comment) {
        LMAccess.LOCALGROUP_INFO_1 info = new LMAccess.LOCALGROUP_INFO_1();
        info.lgrui1_name = name;
        info.lgrui1_comment = comment;
        check("NetLocalGroupAdd(" + name + ")", net().NetLocalGroupAdd(null, 1, info, null));
    }

    @Override
    public void deleteLocalGroup(String name) {
        check("NetLocalGroupDel(" + name + ")", net().NetLocalGroupDel(null, name));
    }

    @Override
    public void addUser(String name, char[] password, int flags, String comment) {
        try (WideSecret secret = new WideSecret(password)) {
            Netapi32Ext.USER_INFO_1_SECRET info = new Netapi32Ext.USER_INFO_1_SECRET();
            info.usri1_name = name;
            info.usri1_password = secret.pointer();
            info.usri1_priv = LMAccess.USER_PRIV_USER;
            info.usri1_comment = comment;
            info.usri1_flags = flags;
            check("NetUserAdd(" + name + ", 1)", net().NetUserAdd(null, 1, info, null));
        }
    }

    @Override
    public void setPassword(String name, char[] password) {
        try (WideSecret secret = new WideSecret(password)) {
            Netapi32Ext.USER_INFO_1003 info = new Netapi32Ext.USER_INFO_1003();
            info.usri1003_password = secret.pointer();
            info.write();
            check("NetUserSetInfo(" + name + ", 1003)", net().NetUserSetInfo(null, name, 1003, info.getPointer(), null));
        }
    }

    @Override
    public void setFlags(String name, int flags) {
        Netapi32Ext.USER_INFO_1008 info = new Netapi32Ext.USER_INFO_1008();
        info.usri1008_flags = flags;
        info.write();
        check("NetUserSetInfo(" + name + ", 1008)", net().NetUserSetInfo(null, name, 1008, info.getPointer(), null));
    }

    @Override
    public void clearPasswordExpired(String name) {
        PointerByReference buf = new PointerByReference();
        check("NetUserGetInfo(" + name + ", 4)", net().NetUserGetInfo(null, name, 4, buf));
        try (NativeResource b = Netapi32Ext.buffer(buf.getValue())) {
            Netapi32Ext.USER_INFO_4 u = new Netapi32Ext.USER_INFO_4(b.pointer());
            u.usri4_password = null; // unchanged
            u.usri4_password_expired = 0;
            u.writeField("usri4_password");
            u.writeField("usri4_password_expired");
            check("NetUserSetInfo(" + name + ", 4)", net().NetUserSetInfo(null, name, 4, b.pointer(), null));
        }
    }

    @Override
    public void deleteUser(String name) {
        check("NetUserDel(" + name + ")", net().NetUserDel(null, name));
    }

    @Override
    public void addMember(String group, String member) {
        check("NetLocalGroupAddMembers(" + group + ", " + member + ")",
                net().NetLocalGroupAddMembers(null, group, 3, new Netapi32Ext.LOCALGROUP_MEMBERS_INFO_3(member), 1));
    }

    @Override
    public void removeMember(String group, String member) {
        check("NetLocalGroupDelMembers(" + group + ", " + member + ")",
                net().NetLocalGroupDelMembers(null, group, 3, new Netapi32Ext.LOCALGROUP_MEMBERS_INFO_3(member), 1));
    }

    @Override
    public OptionalInt hiddenValue(String name) {
        try {
            if (!Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, USER_LIST, name)) {
                return OptionalInt.empty();
            }
            Object value = Advapi32Util.registryGetValue(WinReg.HKEY_LOCAL_MACHINE, USER_LIST, name);
            return value instanceof Integer i ? OptionalInt.of(i) : OptionalInt.of(-1);
        } catch (Win32Exception e) {
            if (e.getErrorCode() == 2) { // the key itself is missing
                return OptionalInt.empty();
            }
            throw new Failure("RegQueryValueEx(UserList\\" + name + ")", e.getErrorCode());
        }
    }

    @Override
    public void setHiddenValue(String name, int value) {
        try {
            Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, USER_LIST);
            Advapi32Util.registrySetIntValue(WinReg.HKEY_LOCAL_MACHINE, USER_LIST, name, value);
        } catch (Win32Exception e) {
            throw new Failure("RegSetValueEx(UserList\\" + name + ")", e.getErrorCode());
        }
    }

    @Override
    public void deleteHiddenValue(String name) {
        try {
            Advapi32Util.registryDeleteValue(WinReg.HKEY_LOCAL_MACHINE, USER_LIST, name);
        } catch (Win32Exception e) {
            throw new Failure("RegDeleteValue(UserList\\" + name + ")", e.getErrorCode());
        }
    }

    private static NativeResource openPolicy() {
        PointerByReference handle = new PointerByReference();
        int status = lsa().LsaOpenPolicy(null, new Advapi32Ext.LSA_OBJECT_ATTRIBUTES(), Advapi32Ext.POLICY_ACCOUNT_RIGHTS,
                handle);
        if (status != 0) {
            throw new Failure("LsaOpenPolicy", lsa().LsaNtStatusToWinError(status));
        }
        return Advapi32Ext.policy(handle.getValue());
    }

    private static WinNT.PSID psid(String sid) {
        return new WinNT.PSID(Advapi32Util.convertStringSidToSid(sid));
    }

    @Override
    public Set<String> rights(String sid) {
        try (NativeResource policy = openPolicy()) {
            PointerByReference rights = new PointerByReference();
            IntByReference count = new IntByReference();
            int status = lsa().LsaEnumerateAccountRights(policy.pointer(), psid(sid), rights, count);
            if (status == Advapi32Ext.STATUS_OBJECT_NAME_NOT_FOUND) {
                return Set.of();
            }
            if (status != 0) {
                throw new Failure("LsaEnumerateAccountRights(" + sid + ")", lsa().LsaNtStatusToWinError(status));
            }
            try (NativeResource b = Advapi32Ext.lsaMemory(rights.getValue())) {
                return new LinkedHashSet<>(Advapi32Ext.readLsaStrings(b.pointer(), count.getValue()));
            }
        }
    }

    @Override
    public void addRights(String sid, List<String> rights) {
        try (NativeResource policy = openPolicy()) {
            NTSecApi.LSA_UNICODE_STRING[] strings = Advapi32Ext.lsaStrings(rights);
            int status = lsa().LsaAddAccountRights(policy.pointer(), psid(sid), strings[0].getPointer(), rights.size());
            if (status != 0) {
                throw new Failure("LsaAddAccountRights(" + sid + ")", lsa().LsaNtStatusToWinError(status));
            }
        }
    }

    @Override
    public void removeRights(String sid, List<String> rights) {
        try (NativeResource policy = openPolicy()) {
            NTSecApi.LSA_UNICODE_STRING[] strings = Advapi32Ext.lsaStrings(rights);
            int status = lsa().LsaRemoveAccountRights(policy.pointer(), psid(sid), (byte) 0, strings[0].getPointer(),
                    rights.size());
            if (status != 0 && status != Advapi32Ext.STATUS_OBJECT_NAME_NOT_FOUND) {
                throw new Failure("LsaRemoveAccountRights(" + sid + ")", lsa().LsaNtStatusToWinError(status));
            }
        }
    }
}
