package dev.cordon.platform.windows;

/**
 * What the Windows SDK's {@code netfw.h} / {@code netfw.idl} fix about the firewall's COM objects, for the calls that do
 * not go through IDispatch by name. The vtable slots count IUnknown (3) and IDispatch (4) first, then each interface's
 * methods in declaration order, base interfaces first; {@code NetFwVtableTest} recomputes them from the header's order.
 *
 * <p>Why not IDispatch for these two: {@code coclass NetFwRule}'s {@code [default]} interface is {@code INetFwRule}
 * (DISPIDs 1-18); {@code LocalUserAuthorizedList} (DISPID 22) is declared on {@code INetFwRule3}, and nothing documents
 * that the object's IDispatch resolves names against INetFwRule3's type information rather than the default
 * interface's. And {@code get_LocalPolicyModifyState} returns S_FALSE (profiles disagree), a success code that
 * IDispatch::Invoke does not pass on. Both are therefore called on the interface pointer from QueryInterface.
 */
final class NetFwVtable {
    static final String CLSID_NET_FW_POLICY2 = "{E2B3C97F-6AE1-41AC-817A-F6F92166D7DD}";
    static final String CLSID_NET_FW_RULE = "{2C5BC43E-3369-4C33-AB0C-BE9469677AF4}";
    static final String IID_INET_FW_POLICY2 = "{98325047-C671-4174-8D81-DEFCD3F03186}";
    static final String IID_INET_FW_RULE3 = "{B21563FF-D696-4222-AB46-4E89B73AB34A}";

    /** {@code INetFwPolicy2::get_LocalPolicyModifyState(NET_FW_MODIFY_STATE*)}. */
    static final int POLICY2_GET_LOCAL_POLICY_MODIFY_STATE = 28;
    /** {@code INetFwRule3::get_LocalUserAuthorizedList(BSTR*)}. */
    static final int RULE3_GET_LOCAL_USER_AUTHORIZED_LIST = 49;
    /** {@code INetFwRule3::put_LocalUserAuthorizedList(BSTR)}. */
    static final int RULE3_PUT_LOCAL_USER_AUTHORIZED_LIST = 50;

    /** {@code DISPID_NEWENUM}: a collection's {@code _NewEnum}. */
    static final int DISPID_NEWENUM = -4;

    private NetFwVtable() {
    }
}
