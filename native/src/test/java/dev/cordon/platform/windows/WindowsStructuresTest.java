package dev.cordon.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Structure sizes and offsets against the documented x64 layout (winnt.h, processthreadsapi.h). They hold on any
 * 64-bit JVM because the fields are DWORD (4), LARGE_INTEGER (8) and pointer-sized types; the same test runs on
 * Windows in the workflow.
 */
class WindowsStructuresTest {
    /** Structure.fieldOffset is protected: read it through subclasses. */
    static final class Ext extends JobObjectInfo.ExtendedLimitInformation {
        int offset(String field) {
            return fieldOffset(field);
        }
    }

    static final class Basic extends JobObjectInfo.BasicLimitInformation {
        int offset(String field) {
            return fieldOffset(field);
        }
    }

    @Test
    void jobObjectLimitStructuresHaveTheirX64Layout() {
        assumeTrue(Native.POINTER_SIZE == 8, "the documented sizes are those of x64");
        Ext ext = new Ext();
        assertThat(new JobObjectInfo.BasicLimitInformation().size()).isEqualTo(64);
        assertThat(new JobObjectInfo.IoCounters().size()).isEqualTo(48);
        assertThat(ext.size()).isEqualTo(144);
        assertThat(ext.offset("IoInfo")).isEqualTo(64);
        assertThat(ext.offset("ProcessMemoryLimit")).isEqualTo(112);
        assertThat(ext.offset("PeakJobMemoryUsed")).isEqualTo(136);
        Basic basic = new Basic();
        assertThat(basic.offset("LimitFlags")).isEqualTo(16);
        assertThat(basic.offset("MinimumWorkingSetSize")).isEqualTo(24);
        assertThat(basic.offset("ActiveProcessLimit")).isEqualTo(40);
        assertThat(basic.offset("Affinity")).isEqualTo(48);
        assertThat(basic.offset("SchedulingClass")).isEqualTo(60);
    }

    @Test
    void processCreationStructuresHaveTheirX64Layout() {
        assumeTrue(Native.POINTER_SIZE == 8, "the documented sizes are those of x64");
        assertThat(new WinBase.PROCESS_INFORMATION().size()).isEqualTo(24);
        assertThat(new WinBase.STARTUPINFO().size()).isEqualTo(104);
    }

    static final class SessionData extends JnaLogonSessions.SessionData {
        int offset(String field) {
            return fieldOffset(field);
        }
    }

    @Test
    void logonSessionDataHasItsX64Layout() {
        assumeTrue(Native.POINTER_SIZE == 8, "the documented sizes are those of x64");
        // ntsecapi.h SECURITY_LOGON_SESSION_DATA up to Sid: ULONG, LUID (4-aligned), UNICODE_STRING (8-aligned: a
        // pointer after two USHORTs), ULONG, ULONG, PSID; the prefix read from Windows' buffer
        SessionData d = new SessionData();
        assertThat(new com.sun.jna.platform.win32.NTSecApi.LSA_UNICODE_STRING().size()).isEqualTo(16);
        assertThat(d.offset("LogonId")).isEqualTo(4);
        assertThat(d.offset("UserName")).isEqualTo(16);
        assertThat(d.offset("LogonDomain")).isEqualTo(32);
        assertThat(d.offset("AuthenticationPackage")).isEqualTo(48);
        assertThat(d.offset("LogonType")).isEqualTo(64);
        assertThat(d.offset("Session")).isEqualTo(68);
        assertThat(d.offset("Sid")).isEqualTo(72);
        assertThat(d.size()).isEqualTo(80);
    }

    @Test
    void accountStructuresHaveTheirX64Layout() {
        assumeTrue(Native.POINTER_SIZE == 8, "the documented sizes are those of x64");
        // lmaccess.h: LPWSTR and PSID are pointers, DWORD is 4; no WCHAR arrays, no LONG: Linux computes these right
        Info4 info4 = new Info4();
        assertThat(info4.size()).isEqualTo(192);
        assertThat(info4.offset("usri4_flags")).isEqualTo(40);
        assertThat(info4.offset("usri4_script_path")).isEqualTo(48);
        assertThat(info4.offset("usri4_full_name")).isEqualTo(64);
        assertThat(info4.offset("usri4_logon_hours")).isEqualTo(120);
        assertThat(info4.offset("usri4_user_sid")).isEqualTo(152);
        assertThat(info4.offset("usri4_primary_group_id")).isEqualTo(160);
        assertThat(info4.offset("usri4_password_expired")).isEqualTo(184);
        assertThat(new Netapi32Ext.USER_INFO_1003().size()).isEqualTo(8);
        assertThat(new Netapi32Ext.USER_INFO_1008().size()).isEqualTo(4);
        assertThat(new Netapi32Ext.USER_INFO_1_SECRET().size()).isEqualTo(56);
        assertThat(new Netapi32Ext.LOCALGROUP_MEMBERS_INFO_3().size()).isEqualTo(8);
        assertThat(new Netapi32Ext.LOCALGROUP_MEMBERS_INFO_2().size()).isEqualTo(24);
        assertThat(new Advapi32Ext.LSA_OBJECT_ATTRIBUTES().size()).isEqualTo(48);
        assertThat(new Advapi32Ext.LSA_OBJECT_ATTRIBUTES().Length).isEqualTo(48);
        assertThat(new com.sun.jna.platform.win32.NTSecApi.LSA_UNICODE_STRING().size()).isEqualTo(16);
    }

    static final class Info4 extends Netapi32Ext.USER_INFO_4 {
        int offset(String field) {
            return fieldOffset(field);
        }
    }

    @Test
    void aSessionJobKillsOnCloseAndCarriesItsLimits() {
        JobObjectInfo.ExtendedLimitInformation info = JobObjectInfo.ExtendedLimitInformation.forSession(256, 1L << 30);
        int flags = info.BasicLimitInformation.LimitFlags;
        assertThat(flags & JobObjectInfo.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE).isNotZero();
        assertThat(flags & JobObjectInfo.JOB_OBJECT_LIMIT_ACTIVE_PROCESS).isNotZero();
        assertThat(flags & JobObjectInfo.JOB_OBJECT_LIMIT_JOB_MEMORY).isNotZero();
        assertThat(info.BasicLimitInformation.ActiveProcessLimit).isEqualTo(256);
        assertThat(info.JobMemoryLimit.longValue()).isEqualTo(1L << 30);
        int unlimited = JobObjectInfo.ExtendedLimitInformation.forSession(0, 0).BasicLimitInformation.LimitFlags;
        assertThat(unlimited & (JobObjectInfo.JOB_OBJECT_LIMIT_ACTIVE_PROCESS | JobObjectInfo.JOB_OBJECT_LIMIT_JOB_MEMORY)).isZero();
    }
}
