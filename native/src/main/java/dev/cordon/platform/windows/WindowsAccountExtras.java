package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.AccountExtras;
import dev.cordon.vault.AccountCredentials;
import dev.cordon.vault.CredentialStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Windows sandbox account needs beyond the account, each ledgered on its own so uninstall replays it in
 * reverse: its profile, created once at setup ({@code CreateProfile}: the first logon then never makes a
 * {@code C:\Users\TEMP.*} profile for it, and no logon has to load one) and removed with {@code DeleteProfileW}; its
 * hidden-user value (Winlogon {@code SpecialAccounts\UserList}, DWORD 0) and its deny-logon rights (LSA), which
 * {@link WindowsAccounts} makes with the account and which are recorded, read back and removed here, before the account
 * goes; and its sealed password ({@link AccountCredentials}: a new random password set with {@code NetUserSetInfo} 1003,
 * sealed with DPAPI before the account has it, proven by a {@code LogonUserW} now), made last so the account is fully
 * shaped (hidden, denied network logon) before any password of it is known, and removed first. Making is idempotent:
 * what is there is only recorded. Not run on Windows yet (docs/architecture.md).
 */
final class WindowsAccountExtras implements AccountExtras {
    static final String HIDDEN_KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\SpecialAccounts\\UserList";

    private final AccountApi api;
    private final ProfileApi profiles;
    private final AccountCredentials credentials;

    /** @param credentials the accounts' sealed passwords, opened for writing */
    WindowsAccountExtras(AccountApi api, ProfileApi profiles, AccountCredentials credentials) {
        this.api = api;
        this.profiles = profiles;
        this.credentials = credentials;
    }

    /**
     * Profile first (uninstall deletes it last, just before the account); the sealed password last (uninstall deletes
     * it first).
     */
    @Override
    public List<Extra> wanted(String account) {
        return List.of(
                new Extra(Kind.PROFILE, "profile:" + account, account, account, Map.of(),
                        "user profile of " + account + " (CreateProfile; removed with DeleteProfileW)"),
                new Extra(Kind.REGISTRY_VALUE, "hidden-user:" + account, HIDDEN_KEY + "\\" + account, account, Map.of(),
                        "sign-in screen hides " + account + " (" + HIDDEN_KEY + "\\" + account + " = 0)"),
                new Extra(Kind.LSA_RIGHTS, "deny-rights:" + account, account, account, Map.of(),
                        account + " denied network, remote-interactive, service and batch logon ("
                                + String.join(", ", WindowsAccounts.DENY_RIGHTS) + ")"),
                new Extra(Kind.ACCOUNT_SECRET, "account-secret:" + account, account, account, Map.of(),
                        "sealed password of " + account + " (32 random characters set with NetUserSetInfo 1003, "
                                + "sealed with DPAPI, proven by a logon)"));
    }

    @Override
    public boolean present(Extra extra) {
        Optional<String> sid = sid(extra);
        return switch (extra.kind()) {
            case PROFILE -> sid.flatMap(profiles::profilePath).isPresent();
            case REGISTRY_VALUE -> api.hiddenValue(extra.account()).isPresent()
                    && api.hiddenValue(extra.account()).getAsInt() == 0;
            case LSA_RIGHTS -> sid.map(s -> api.rights(s).containsAll(WindowsAccounts.DENY_RIGHTS)).orElse(false);
            case ACCOUNT_SECRET -> sid.isPresent() && proven(credentials.status(extra.account(), true));
            default -> throw unexpected(extra);
        };
    }

    /** A credential is there as setup makes it when it logs on now and no rotation is left to settle. */
    private static boolean proven(CredentialStatus s) {
        return s.verified() && !s.rotationPending();
    }

    /** A sealed password is removed whether it still logs on or not. */
    @Override
    public boolean leftToRemove(Extra extra) {
        return extra.kind() == Kind.ACCOUNT_SECRET ? credentials.stored(extra.account()) : present(extra);
    }

    @Override
    public Extra make(Extra extra) {
        String sid = sid(extra).orElseThrow(() -> new CordonException(ExitCode.INTERNAL, "Account " + extra.account()
                + " vanished during setup.", "Run `cordon setup` again."));
        try {
            switch (extra.kind()) {
                case PROFILE -> {
                    String path = profiles.profilePath(sid).orElseGet(() -> profiles.create(sid, extra.account()));
                    return extra.withFacts(Map.of("sid", sid, "path", path));
                }
                case REGISTRY_VALUE -> {
                    if (!present(extra)) {
                        api.setHiddenValue(extra.account(), 0);
                    }
                }
                case LSA_RIGHTS -> {
                    List<String> missing = WindowsAccounts.DENY_RIGHTS.stream()
                            .filter(r -> !api.rights(sid).contains(r)).toList();
                    if (!missing.isEmpty()) {
                        api.addRights(sid, missing);
                    }
                }
                case ACCOUNT_SECRET -> {
                    CredentialStatus s = credentials.ensure(extra.account());
                    if (!proven(s)) {
                        // never recorded as made: the next setup repairs it from what is on disk
                        throw new CordonException(ExitCode.INTERNAL, "The password of " + extra.account()
                                + " is sealed but not proven: " + s.state().name() + ": " + s.state().detail()
                                + (s.rotationPending() ? " (a rotation is pending)" : "") + ".",
                                "Make the account usable again (the reason is above), then run `cordon setup` "
                                        + "elevated; `cordon doctor` shows the credential's state.");
                    }
                }
                default -> throw unexpected(extra);
            }
        } catch (AccountApi.Failure f) {
            throw WindowsAccounts.failed("make the " + extra.description(), extra.account(), f);
        }
        return extra.withFacts(Map.of("sid", sid));
    }

    /** By the SID recorded when it was made, so a re-created account of the same name is not touched. */
    @Override
    public void remove(Extra extra) {
        String recorded = extra.facts().get("sid");
        Optional<String> now = sid(extra);
        try {
            switch (extra.kind()) {
                case PROFILE -> {
                    String sid = recorded != null ? recorded : now.orElse(null);
                    if (sid != null && profiles.profilePath(sid).isPresent()) {
                        profiles.delete(sid);
                    }
                }
                case REGISTRY_VALUE -> {
                    if (api.hiddenValue(extra.account()).isPresent()
                            && (recorded == null || now.map(recorded::equals).orElse(true))) {
                        api.deleteHiddenValue(extra.account());
                    }
                }
                case LSA_RIGHTS -> {
                    String sid = recorded != null ? recorded : now.orElse(null);
                    if (sid != null) {
                        List<String> held = WindowsAccounts.DENY_RIGHTS.stream().filter(api.rights(sid)::contains).toList();
                        if (!held.isEmpty()) {
                            api.removeRights(sid, held);
                        }
                    }
                }
                case ACCOUNT_SECRET -> credentials.remove(extra.account()); // the file is ours whoever has the name
                default -> throw unexpected(extra);
            }
        } catch (AccountApi.Failure f) {
            throw WindowsAccounts.failed("remove the " + extra.description(), extra.account(), f);
        }
    }

    private Optional<String> sid(Extra extra) {
        return api.user(extra.account()).map(AccountApi.UserInfo::sid);
    }

    private static IllegalArgumentException unexpected(Extra extra) {
        return new IllegalArgumentException("not a Windows account extra: " + extra.kind());
    }
}
