package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vtable slots {@link JnaFirewallCom} calls, recomputed from the declaration order of the C vtables in the Windows
 * SDK's {@code netfw.h} ({@code INetFwRule3Vtbl}, {@code INetFwPolicy2Vtbl}; transcribed method by method). A slot
 * that drifts from the header would call another method with the wrong arguments, so it is pinned here.
 */
class NetFwVtableTest {
    private static final List<String> IUNKNOWN_IDISPATCH = List.of("QueryInterface", "AddRef", "Release",
            "GetTypeInfoCount", "GetTypeInfo", "GetIDsOfNames", "Invoke");

    /** INetFwRule (DISPIDs 1-18, a get and a put each), then INetFwRule2, then INetFwRule3. */
    private static final List<String> INET_FW_RULE3 = concat(IUNKNOWN_IDISPATCH, List.of(
            "get_Name", "put_Name", "get_Description", "put_Description", "get_ApplicationName", "put_ApplicationName",
            "get_ServiceName", "put_ServiceName", "get_Protocol", "put_Protocol", "get_LocalPorts", "put_LocalPorts",
            "get_RemotePorts", "put_RemotePorts", "get_LocalAddresses", "put_LocalAddresses", "get_RemoteAddresses",
            "put_RemoteAddresses", "get_IcmpTypesAndCodes", "put_IcmpTypesAndCodes", "get_Direction", "put_Direction",
            "get_Interfaces", "put_Interfaces", "get_InterfaceTypes", "put_InterfaceTypes", "get_Enabled", "put_Enabled",
            "get_Grouping", "put_Grouping", "get_Profiles", "put_Profiles", "get_EdgeTraversal", "put_EdgeTraversal",
            "get_Action", "put_Action",
            "get_EdgeTraversalOptions", "put_EdgeTraversalOptions",
            "get_LocalAppPackageId", "put_LocalAppPackageId", "get_LocalUserOwner", "put_LocalUserOwner",
            "get_LocalUserAuthorizedList", "put_LocalUserAuthorizedList", "get_RemoteUserAuthorizedList",
            "put_RemoteUserAuthorizedList", "get_RemoteMachineAuthorizedList", "put_RemoteMachineAuthorizedList",
            "get_SecureFlags", "put_SecureFlags"));

    private static final List<String> INET_FW_POLICY2 = concat(IUNKNOWN_IDISPATCH, List.of(
            "get_CurrentProfileTypes", "get_FirewallEnabled", "put_FirewallEnabled", "get_ExcludedInterfaces",
            "put_ExcludedInterfaces", "get_BlockAllInboundTraffic", "put_BlockAllInboundTraffic",
            "get_NotificationsDisabled", "put_NotificationsDisabled", "get_UnicastResponsesToMulticastBroadcastDisabled",
            "put_UnicastResponsesToMulticastBroadcastDisabled", "get_Rules", "get_ServiceRestriction", "EnableRuleGroup",
            "IsRuleGroupEnabled", "RestoreLocalFirewallDefaults", "get_DefaultInboundAction", "put_DefaultInboundAction",
            "get_DefaultOutboundAction", "put_DefaultOutboundAction", "get_IsRuleGroupCurrentlyEnabled",
            "get_LocalPolicyModifyState"));

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void theSlotsAreWhereNetfwHDeclaresTheMethods() {
        assertThat(INET_FW_RULE3).hasSize(57).doesNotHaveDuplicates();
        assertThat(INET_FW_RULE3.indexOf("get_EdgeTraversalOptions")).as("INetFwRule2 starts after INetFwRule's 36").isEqualTo(43);
        assertThat(INET_FW_RULE3.indexOf("get_LocalAppPackageId")).as("INetFwRule3 starts").isEqualTo(45);
        assertThat(NetFwVtable.RULE3_GET_LOCAL_USER_AUTHORIZED_LIST).isEqualTo(INET_FW_RULE3.indexOf("get_LocalUserAuthorizedList"));
        assertThat(NetFwVtable.RULE3_PUT_LOCAL_USER_AUTHORIZED_LIST).isEqualTo(INET_FW_RULE3.indexOf("put_LocalUserAuthorizedList"));
        assertThat(NetFwVtable.POLICY2_GET_LOCAL_POLICY_MODIFY_STATE).isEqualTo(INET_FW_POLICY2.indexOf("get_LocalPolicyModifyState"));
        assertThat(INET_FW_POLICY2).hasSize(29).doesNotHaveDuplicates();
    }

    @Test
    void everyRulePropertyWindowsFirewallReadsGoesByAPropertyINetFwRule3Declares() {
        for (String p : WindowsFirewall.RULE_PROPERTIES) {
            assertThat(INET_FW_RULE3).as(p).contains("get_" + p, "put_" + p);
        }
    }
}
