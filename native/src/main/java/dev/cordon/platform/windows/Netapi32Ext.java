package dev.cordon.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Netapi32;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;
import com.sun.jna.win32.W32APITypeMapper;

/**
 * The NetAPI account calls jna-platform's {@link Netapi32} lacks (it has {@code NetUserAdd/Del/GetInfo/Enum},
 * {@code NetUserGetLocalGroups}, {@code NetLocalGroupEnum}, {@code NetApiBufferFree}). Loaded only on Windows, when
 * first used. Passwords travel in {@link WideSecret} memory, never in a Java {@code String}: jna-platform's
 * {@code USER_INFO_1} has a {@code String} password, so {@link #NetUserAdd} takes {@link USER_INFO_1_SECRET} instead.
 */
public interface Netapi32Ext extends Netapi32 {
    static Netapi32Ext instance() {
        return Holder.INSTANCE;
    }

    final class Holder {
        static final Netapi32Ext INSTANCE = Native.load("netapi32", Netapi32Ext.class, W32APIOptions.DEFAULT_OPTIONS);

        private Holder() {
        }
    }

    // lmaccess.h: usriX_flags
    int UF_SCRIPT = 0x0001;
    int UF_ACCOUNTDISABLE = 0x0002;
    int UF_LOCKOUT = 0x0010;
    int UF_PASSWD_CANT_CHANGE = 0x0040;
    int UF_NORMAL_ACCOUNT = 0x0200;
    int UF_DONT_EXPIRE_PASSWD = 0x10000;
    int UF_NOT_DELEGATED = 0x100000;

    // lmerr.h / winerror.h codes the account logic meets
    int NERR_GroupNotFound = 2220;
    int NERR_UserNotFound = 2221;
    int NERR_GroupExists = 2223;
    int NERR_UserExists = 2224;
    int NERR_PasswordTooShort = 2245;
    int ERROR_MEMBER_NOT_IN_ALIAS = 1377;
    int ERROR_MEMBER_IN_ALIAS = 1378;
    int ERROR_ALIAS_EXISTS = 1379;
    int ERROR_NO_SUCH_ALIAS = 1376;

    int NetUserSetInfo(String servername, String username, int level, Pointer buf, IntByReference parmErr);

    int NetLocalGroupAdd(String servername, int level, Structure buf, IntByReference parmErr);

    int NetLocalGroupDel(String servername, String groupname);

    int NetLocalGroupAddMembers(String servername, String groupname, int level, Structure buf, int totalentries);

    int NetLocalGroupDelMembers(String servername, String groupname, int level, Structure buf, int totalentries);

    int NetLocalGroupGetMembers(String servername, String localgroupname, int level, PointerByReference bufptr,
                                int prefmaxlen, IntByReference entriesread, IntByReference totalentries,
                                PointerByReference resumehandle);

    /** USER_INFO_1 with the password as a pointer to zeroable memory (for {@code NetUserAdd} level 1). */
    @Structure.FieldOrder({"usri1_name", "usri1_password", "usri1_password_age", "usri1_priv", "usri1_home_dir",
            "usri1_comment", "usri1_flags", "usri1_script_path"})
    class USER_INFO_1_SECRET extends Structure {
        public String usri1_name;
        public Pointer usri1_password;
        public int usri1_password_age;
        public int usri1_priv;
        public String usri1_home_dir;
        public String usri1_comment;
        public int usri1_flags;
        public String usri1_script_path;

        public USER_INFO_1_SECRET() {
            super(W32APITypeMapper.UNICODE);
        }
    }

    /** lmaccess.h USER_INFO_4 (x64: 192 bytes); read from {@code NetUserGetInfo} level 4. */
    @Structure.FieldOrder({"usri4_name", "usri4_password", "usri4_password_age", "usri4_priv", "usri4_home_dir",
            "usri4_comment", "usri4_flags", "usri4_script_path", "usri4_auth_flags", "usri4_full_name",
            "usri4_usr_comment", "usri4_parms", "usri4_workstations", "usri4_last_logon", "usri4_last_logoff",
            "usri4_acct_expires", "usri4_max_storage", "usri4_units_per_week", "usri4_logon_hours",
            "usri4_bad_pw_count", "usri4_num_logons", "usri4_logon_server", "usri4_country_code", "usri4_code_page",
            "usri4_user_sid", "usri4_primary_group_id", "usri4_profile", "usri4_home_dir_drive",
            "usri4_password_expired"})
    class USER_INFO_4 extends Structure {
        public String usri4_name;
        /** Always NULL when read; NULL when set means "unchanged". */
        public Pointer usri4_password;
        public int usri4_password_age;
        public int usri4_priv;
        public String usri4_home_dir;
        public String usri4_comment;
        public int usri4_flags;
        public String usri4_script_path;
        public int usri4_auth_flags;
        public String usri4_full_name;
        public String usri4_usr_comment;
        public String usri4_parms;
        public String usri4_workstations;
        public int usri4_last_logon;
        public int usri4_last_logoff;
        public int usri4_acct_expires;
        public int usri4_max_storage;
        public int usri4_units_per_week;
        public Pointer usri4_logon_hours;
        public int usri4_bad_pw_count;
        public int usri4_num_logons;
        public String usri4_logon_server;
        public int usri4_country_code;
        public int usri4_code_page;
        public Pointer usri4_user_sid;
        public int usri4_primary_group_id;
        public String usri4_profile;
        public String usri4_home_dir_drive;
        public int usri4_password_expired;

        public USER_INFO_4() {
            super(W32APITypeMapper.UNICODE);
        }

        public USER_INFO_4(Pointer memory) {
            super(memory, Structure.ALIGN_DEFAULT, W32APITypeMapper.UNICODE);
            read();
        }
    }

    /** lmaccess.h USER_INFO_1003: a new password ({@code NetUserSetInfo} level 1003). */
    @Structure.FieldOrder({"usri1003_password"})
    class USER_INFO_1003 extends Structure {
        public Pointer usri1003_password;

        public USER_INFO_1003() {
            super(W32APITypeMapper.UNICODE);
        }
    }

    /** lmaccess.h USER_INFO_1008: the account's flags ({@code NetUserSetInfo} level 1008). */
    @Structure.FieldOrder({"usri1008_flags"})
    class USER_INFO_1008 extends Structure {
        public int usri1008_flags;

        public USER_INFO_1008() {
            super(W32APITypeMapper.UNICODE);
        }
    }

    /** lmaccess.h LOCALGROUP_MEMBERS_INFO_2: a member's SID, its kind and {@code DOMAIN\name} (read). */
    @Structure.FieldOrder({"lgrmi2_sid", "lgrmi2_sidusage", "lgrmi2_domainandname"})
    class LOCALGROUP_MEMBERS_INFO_2 extends Structure {
        public Pointer lgrmi2_sid;
        public int lgrmi2_sidusage;
        public String lgrmi2_domainandname;

        public LOCALGROUP_MEMBERS_INFO_2() {
            super(W32APITypeMapper.UNICODE);
        }

        public LOCALGROUP_MEMBERS_INFO_2(Pointer memory) {
            super(memory, Structure.ALIGN_DEFAULT, W32APITypeMapper.UNICODE);
            read();
        }
    }

    /** lmaccess.h LOCALGROUP_MEMBERS_INFO_3: a member by {@code [DOMAIN\]name} (add and remove). */
    @Structure.FieldOrder({"lgrmi3_domainandname"})
    class LOCALGROUP_MEMBERS_INFO_3 extends Structure {
        public String lgrmi3_domainandname;

        public LOCALGROUP_MEMBERS_INFO_3() {
            super(W32APITypeMapper.UNICODE);
        }

        public LOCALGROUP_MEMBERS_INFO_3(String member) {
            this();
            lgrmi3_domainandname = member;
        }
    }

    /** A buffer NetAPI allocated, freed with {@code NetApiBufferFree} when closed. */
    static NativeResource buffer(Pointer pointer) {
        return new NativeResource(pointer, p -> instance().NetApiBufferFree(p));
    }
}
