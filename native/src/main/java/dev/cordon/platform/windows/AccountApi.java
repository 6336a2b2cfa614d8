package dev.cordon.platform.windows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Exactly the Windows account calls {@link WindowsAccounts} makes, in Java values: the JNA implementation
 * ({@link JnaAccountApi}) is a thin pass-through, so every decision above it is unit-tested with a recording fake on
 * any OS. Names are SAM account names of this machine; SIDs are in string form. A call the OS refuses throws
 * {@link Failure} with the Win32/NetAPI code, which the caller turns into a sentence (never a bare number).
 */
public interface AccountApi {
    /** The OS refused {@code call} with {@code code} (a NERR_*, ERROR_* or an NTSTATUS turned into a Win32 code). */
    final class Failure extends RuntimeException {
        private final String call;
        private final int code;

        public Failure(String call, int code) {
            super(call + " failed with Windows error " + code);
            this.call = call;
            this.code = code;
        }

        public String call() {
            return call;
        }

        public int code() {
            return code;
        }
    }

    /** A local user as {@code NetUserGetInfo} level 4 reports it. {@code passwordExpired}: must change at next logon. */
    record UserInfo(String name, String sid, int priv, int flags, boolean passwordExpired, String comment,
                    int primaryGroupRid) {
    }

    /** A local group (alias) by its actual name and SID ({@code LookupAccountName}). */
    record GroupInfo(String name, String sid) {
    }

    /** A group member ({@code NetLocalGroupGetMembers} level 2): its SID and {@code DOMAIN\name}. */
    record Member(String sid, String domainAndName) {
    }

    /** Whether this machine is a domain controller (product type {@code VER_NT_DOMAIN_CONTROLLER}). */
    boolean isDomainController();

    /** The NetBIOS name of this machine: the domain part of its local accounts' {@code DOMAIN\name}. */
    String computerName();

    /** The user of this process's token ({@code GetUserNameW}). */
    Optional<String> processUserName();

    /**
     * Who is signed in to the Windows session this process runs in (the interactive user:
     * {@code ProcessIdToSessionId} + {@code WTSQuerySessionInformationW(WTSUserName)}), as {@code DOMAIN\name}; empty
     * for a service's session 0 or when it cannot be read.
     */
    Optional<String> sessionUserName();

    /** The local user, whatever the case of {@code name}; empty when there is none (NERR_UserNotFound). */
    Optional<UserInfo> user(String name);

    /** Every local user's name ({@code NetUserEnum}, normal accounts). */
    List<String> userNames();

    /** The local group (alias) of that name, whatever its case; empty when there is none or it is not a local group. */
    Optional<GroupInfo> localGroup(String name);

    /** The local groups {@code user} is a direct member of. */
    List<GroupInfo> localGroupsOf(String user);

    List<Member> members(String group);

    /** The name of the account with this SID, e.g. the localised name of {@code S-1-5-32-545} (Users). */
    Optional<String> nameOfSid(String sid);

    void addLocalGroup(String name, String comment);

    void deleteLocalGroup(String name);

    /** {@code NetUserAdd} level 1, {@code USER_PRIV_USER}; the password is copied to native memory and zeroed there. */
    void addUser(String name, char[] password, int flags, String comment);

    /** {@code NetUserSetInfo} level 1003. */
    void setPassword(String name, char[] password);

    /** {@code NetUserSetInfo} level 1008. */
    void setFlags(String name, int flags);

    /** {@code NetUserSetInfo} level 4 with {@code usri4_password_expired = 0} and everything else as read. */
    void clearPasswordExpired(String name);

    void deleteUser(String name);

    /** {@code NetLocalGroupAddMembers} level 3. */
    void addMember(String group, String member);

    /** {@code NetLocalGroupDelMembers} level 3. */
    void removeMember(String group, String member);

    /** The DWORD {@code name} under Winlogon's {@code SpecialAccounts\UserList}, if any (0 hides the account). */
    OptionalInt hiddenValue(String name);

    void setHiddenValue(String name, int value);

    void deleteHiddenValue(String name);

    /** The rights LSA holds for the SID ({@code LsaEnumerateAccountRights}); empty when it holds none. */
    Set<String> rights(String sid);

    void addRights(String sid, List<String> rights);

    void removeRights(String sid, List<String> rights);
}
