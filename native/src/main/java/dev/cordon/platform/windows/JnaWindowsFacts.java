package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.W32ServiceManager;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.Winsvc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link WindowsChecks.Facts} from the service manager, the registry and LSA ({@link JnaLogonSessions}). Not run on
 * Windows yet (docs/architecture.md).
 */
final class JnaWindowsFacts implements WindowsChecks.Facts {
    private static final String SECLOGON_KEY = "SYSTEM\\CurrentControlSet\\Services\\seclogon";

    private final AccountApi api;
    private final List<String> sandboxAccounts;

    JnaWindowsFacts(AccountApi api, List<String> sandboxAccounts) {
        this.api = api;
        this.sandboxAccounts = sandboxAccounts;
    }

    @Override
    public int seclogonState() {
        W32ServiceManager manager = new W32ServiceManager();
        try {
            manager.open(Winsvc.SC_MANAGER_CONNECT);
            W32Service service = manager.openService("seclogon", Winsvc.SERVICE_QUERY_STATUS);
            try {
                return service.queryStatus().dwCurrentState;
            } finally {
                service.close();
            }
        } catch (Win32Exception e) {
            return -1;
        } finally {
            manager.close();
        }
    }

    @Override
    public int seclogonStartType() {
        try {
            return Advapi32Util.registryGetIntValue(WinReg.HKEY_LOCAL_MACHINE, SECLOGON_KEY, "Start");
        } catch (Win32Exception e) {
            return -1;
        }
    }

    @Override
    public List<ProfileListEntry> profileList() {
        List<ProfileListEntry> out = new ArrayList<>();
        for (String key : Advapi32Util.registryGetKeys(WinReg.HKEY_LOCAL_MACHINE, JnaProfileApi.PROFILE_LIST)) {
            String path = JnaProfileApi.PROFILE_LIST + "\\" + key;
            out.add(new ProfileListEntry(key, string(path, "ProfileImagePath"), dword(path, "State"),
                    dword(path, "RefCount")));
        }
        return out;
    }

    private static String string(String key, String value) {
        return Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, value)
                ? String.valueOf(Advapi32Util.registryGetValue(WinReg.HKEY_LOCAL_MACHINE, key, value)) : null;
    }

    private static Integer dword(String key, String value) {
        Object v = Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, value)
                ? Advapi32Util.registryGetValue(WinReg.HKEY_LOCAL_MACHINE, key, value) : null;
        return v instanceof Integer i ? i : null;
    }

    @Override
    public List<LogonSession> logonSessions() {
        return JnaLogonSessions.all();
    }

    @Override
    public Set<String> sandboxSids() {
        Set<String> sids = new LinkedHashSet<>();
        for (String name : sandboxAccounts) {
            api.user(name).map(AccountApi.UserInfo::sid).ifPresent(sids::add);
        }
        return sids;
    }

}
