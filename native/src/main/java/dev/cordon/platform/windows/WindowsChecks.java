package dev.cordon.platform.windows;

import dev.cordon.platform.Capability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The doctor's Windows checks ({@link WindowsPlatform#sandboxCapabilities()}), decided here from facts read by
 * {@link Facts} so every verdict is tested without Windows. What this build cannot see yet is "not verified", never
 * passed: the live probes as the account (they need the sessions issue's launcher), and the logon sessions when LSA
 * cannot list them. The firewall's state, the rule group, the accounts' flags and
 * rights and the state directory's DACL are the doctor's own checks, through the seam.
 */
final class WindowsChecks {
    /** seclogon's start type in the registry ({@code Start}): 4 is disabled. */
    static final int SERVICE_DISABLED = 4;
    /** {@code SERVICE_RUNNING}. */
    static final int SERVICE_RUNNING = 4;

    /** What the checks read, narrow enough for a fake ({@link JnaWindowsFacts} on Windows). */
    interface Facts {
        /** The Secondary Logon service's state ({@code SERVICE_*}), or -1 when it is not installed. */
        int seclogonState();

        /** Its start type ({@code Start} under {@code Services\seclogon}), or -1 when unreadable. */
        int seclogonStartType();

        /** The profile-list keys ({@code ProfileList}), each with its path, state and reference count. */
        List<ProfileListEntry> profileList();

        /** The SIDs of the sandbox accounts that exist now. */
        Set<String> sandboxSids();

        /** Every logon session on the machine ({@link JnaLogonSessions}); throws when LSA cannot list them. */
        List<LogonSession> logonSessions();
    }

    private WindowsChecks() {
    }

    static List<Capability> all(Facts facts) {
        List<Capability> out = new ArrayList<>();
        out.add(seclogon(facts.seclogonState(), facts.seclogonStartType()));
        out.add(profiles(facts.profileList(), facts.sandboxSids()));
        out.add(logonSessions(facts::logonSessions, facts.sandboxSids()));
        out.add(Capability.notVerified("windows.account-probes", "Logon, write, denied write and network as the account "
                        + "(live probes)", "these probes need the Windows session launcher, which this build does not have",
                "Run `cordon doctor` again with a build that has the Windows sessions issue."));
        return out;
    }

    /** Secondary Logon starts the sandbox accounts' processes ({@code CreateProcessWithLogonW}): running or startable. */
    static Capability seclogon(int state, int startType) {
        String id = "windows.seclogon";
        String title = "Secondary Logon service (seclogon)";
        if (state < 0) {
            return new Capability(id, title, false, "not installed on this machine",
                    "Cordon needs the Secondary Logon service; a Windows edition without it cannot run sandbox accounts.");
        }
        if (startType == SERVICE_DISABLED) {
            return new Capability(id, title, false, "disabled (" + Win32Errors.explain(1058).name() + " when used)",
                    Win32Errors.explain(1058).fix());
        }
        return new Capability(id, title, true, state == SERVICE_RUNNING ? "running"
                : "not running, starts on demand (start type " + startType + ")", "");
    }

    /**
     * Logon sessions per sandbox SID. This build starts no sandbox session on Windows, so every logon session of a
     * sandbox account is someone else's (a person signed in as it, a {@code runas}, a logon that outlived its process)
     * and fails, naming each; one of a type the accounts' deny rights forbid (network, batch, service, remote
     * interactive) says those rights are not in force. When the sessions issue lands, its runners' logon sessions are
     * to be told apart here. LSA refusing to list them is "not verified", never a pass.
     */
    static Capability logonSessions(java.util.function.Supplier<List<LogonSession>> read, Set<String> sandboxSids) {
        String id = "windows.logon-sessions";
        String title = "Logon sessions of the sandbox accounts";
        if (sandboxSids.isEmpty()) {
            return new Capability(id, title, true, "no sandbox account yet", "");
        }
        List<LogonSession> all;
        try {
            all = read.get();
        } catch (RuntimeException e) {
            return Capability.notVerified(id, title, "the logon sessions could not be listed: " + e.getMessage(),
                    "Run `cordon doctor` from an elevated prompt; meanwhile look for the sandbox accounts in Task "
                            + "Manager > Users.");
        }
        List<LogonSession> theirs = all.stream().filter(s -> s.sid() != null && sandboxSids.contains(s.sid())).toList();
        if (theirs.isEmpty()) {
            return new Capability(id, title, true, "none of the " + all.size() + " logon sessions on this machine "
                    + "belongs to a sandbox account", "");
        }
        boolean denied = theirs.stream().anyMatch(s -> LogonSession.DENIED_TYPES.contains(s.logonType()));
        String evidence = theirs.size() + " logon session(s) of the sandbox accounts, none of them Cordon's (this build "
                + "starts no sandbox session on Windows): " + String.join("; ", theirs.stream()
                .map(LogonSession::describe).toList());
        String fix = denied
                ? "A logon of a type the sandbox accounts are denied (network, batch, service, remote interactive) means "
                + "their deny rights are not in force: run `cordon setup` elevated (it restores them), then sign the "
                + "sessions out or restart Windows."
                : "Sign them out (Task Manager > Users, or `logoff <Windows session>` elevated) or restart Windows: a "
                + "lingering logon keeps the account's profile loaded.";
        return new Capability(id, title, false, evidence, fix);
    }

    /**
     * The sandbox accounts' profiles: each has one normal profile; a temporary ({@code C:\Users\TEMP.*}), broken or
     * {@code .bak} entry of theirs fails, naming the janitor's safe action.
     */
    static Capability profiles(List<ProfileListEntry> entries, Set<String> sandboxSids) {
        String id = "windows.profiles";
        String title = "Profiles of the sandbox accounts (ProfileList)";
        List<String> bad = new ArrayList<>();
        List<String> ok = new ArrayList<>();
        for (ProfileFinding f : ProfileClassifier.classify(entries.stream()
                .filter(e -> sandboxSids.contains(e.sid())).toList(), sandboxSids::contains)) {
            switch (f.kind()) {
                case NORMAL, ACTIVE -> ok.add(f.entry().sid() + " " + f.entry().profileImagePath());
                default -> bad.add(f.entry().keyName() + ": " + f.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " (" + f.why() + ")");
            }
        }
        for (String sid : sandboxSids) {
            if (entries.stream().noneMatch(e -> e.sid().equals(sid) && !e.bakTwin())) {
                bad.add(sid + ": no profile (setup creates one)");
            }
        }
        if (!bad.isEmpty()) {
            return new Capability(id, title, false, String.join("; ", bad),
                    "Run `cordon setup` (it creates a missing profile); a temporary or .bak entry is cleaned by "
                            + "`cordon leftovers clean` once no session of the account is signed in.");
        }
        return new Capability(id, title, true, sandboxSids.isEmpty() ? "no sandbox account yet"
                : String.join("; ", ok), "");
    }
}
