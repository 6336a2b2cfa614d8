package dev.cordon.app.network;

import dev.cordon.core.Principal;
import dev.cordon.platform.FirewallState;

/**
 * The firewall table and the accounts it is about.
 *
 * @param offlineId the offline account's id (uid), or null when the account does not exist
 */
public record FirewallStatus(String table, String offlineAccount, Principal offlineId, String onlineAccount,
                             FirewallState state) {
}
