package dev.cordon.platform.windows;

import java.util.List;
import java.util.function.Function;

/**
 * The Windows Firewall's COM objects ({@code HNetCfg.FwPolicy2}, its {@code INetFwRules}, {@code HNetCfg.FWRule}) as
 * {@link WindowsFirewall} uses them: properties and methods by name, as IDispatch names them. This is the one seam the
 * firewall is tested through: a recording fake stands in for it on any OS; {@link JnaFirewallCom} is the real one.
 * Failures are {@link ComFailure}s carrying the HRESULT.
 */
interface FirewallCom {
    /**
     * Runs {@code work} in one COM session: on a thread with COM initialised, every object it touched released when it
     * returns. Objects ({@link Ref}) do not outlive their session.
     */
    <T> T session(Function<Session, T> work);

    /** A COM object of one session; opaque. */
    interface Ref {
    }

    /**
     * {@code INetFwPolicy2::get_LocalPolicyModifyState} as the vtable returns it: {@code hresult} S_OK (0) or S_FALSE
     * (1: the active profiles disagree), and the {@code NET_FW_MODIFY_STATE} value.
     */
    record ModifyState(int hresult, int state) {
    }

    interface Session {
        /** {@code CoCreateInstance(NetFwPolicy2)}. */
        Ref policy();

        /** {@code CoCreateInstance(NetFwRule)}: a rule not yet in any store. */
        Ref newRule();

        /** A property (propget), with arguments for parameterised ones ({@code FirewallEnabled(profile)}). */
        Object get(Ref object, String property, Object... args);

        /** A property (propput): a String, Integer or Boolean. */
        void put(Ref object, String property, Object value);

        /** A method ({@code Add(rule)}, {@code Remove(name)}). */
        Object call(Ref object, String method, Object... args);

        /** The members of a collection ({@code _NewEnum}). */
        List<Ref> items(Ref collection);

        /** Read through the vtable: S_FALSE does not survive IDispatch::Invoke. */
        ModifyState localPolicyModifyState(Ref policy);
    }
}
