package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.AccountExtras;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Windows sandbox account needs beyond the account, each ledgered on its own so uninstall replays it in
 * reverse: its profile, created once at setup ({@code CreateProfile}: the first logon then never makes a
 * {@code C:\Users\TEMP.*} profile for it, and no logon has to load one) and removed with {@code DeleteProfileW}; its
 * hidden-user value (Winlogon {@code SpecialAccounts\UserList}, DWORD 0) and its deny-logon rights (LSA), which
 * {@link WindowsAccounts} makes with the account and which are recorded, read back and removed here, before the account
 * goes. Making is idempotent: what is there is only recorded. Not run on Windows yet (docs/architecture.md).
 */
final class WindowsAccountExtras implements AccountExtras {
    static final String HIDDEN_KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\SpecialAccounts\\UserList";

    private final AccountApi api;
    private final ProfileApi profiles;

    WindowsAccountExtras(AccountApi api, ProfileApi profiles) {
        this.api = api;
        this.profiles = profiles;
    }

    /** Profile first (uninstall deletes it last of the three, just before the account). */
    @Override
    public List<Extra> wanted(String account) {
        return List.of(
                new Extra(Kind.PROFILE, "profile:" + account, account, account, Map.of(),
                        "user profile of " + account + " (CreateProfile; removed with DeleteProfileW)"),
                new Extra(Kind.REGISTRY_VALUE, "hidden-user:" + account, HIDDEN_KEY + "\\" + account, account, Map.of(),
                        "sign-in screen hides " + account + " (" + HIDDEN_KEY + "\\" + account + " = 0)"),
                new Extra(Kind.LSA_RIGHTS, "deny-rights:" + account, account, account, Map.of(),
                        account + " denied network, remote-interactive, service and batch logon ("
                                + String.join(", ", WindowsAccounts.DENY_RIGHTS) + ")"));
    }

    @Override
    public boolean present(Extra extra) {
        Optional<String> sid = sid(extra);
        return switch (extra.kind()) {
            case PROFILE -> sid.flatMap(profiles::profilePath).isPresent();
            case REGISTRY_VALUE -> api.hiddenValue(extra.account()).isPresent()
                    && api.hiddenValue(extra.account()).getAsInt() == 0;
            case LSA_RIGHTS -> sid.map(s -> api.rights(s).containsAll(WindowsAccounts.DENY_RIGHTS)).orElse(false);
            default -> throw unexpected(extra);
        };
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
