package dev.cordon.app.network;

import dev.cordon.core.Principal;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.FirewallState;

import java.util.List;

/**
 * The firewall's rules for the offline account and the accounts they are about.
 *
 * @param table      the seam's table name ({@code Instance.firewallTable()})
 * @param rules      those rules in the OS's words ({@code Firewall.describe}): "nftables table inet cordon", "Windows
 *                   Firewall rule group Cordon"
 * @param offlineId  the offline account's id (uid or SID), or null when the account does not exist
 * @param notCovered what the rules do not stop ({@code Firewall.notCovered}; Windows: DNS Client, ICMP, SMB/WebDAV)
 */
public record FirewallStatus(String table, String rules, String offlineAccount, Principal offlineId,
                             String onlineAccount, FirewallState state, List<Firewall.Uncovered> notCovered) {
    public FirewallStatus {
        notCovered = List.copyOf(notCovered);
    }
}
