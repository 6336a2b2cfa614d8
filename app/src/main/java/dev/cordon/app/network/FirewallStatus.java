package dev.cordon.app.network;

import dev.cordon.platform.FirewallState;

/**
 * The firewall table and the accounts it is about.
 *
 * @param offlineUid the offline account's uid, or null when the account does not exist
 */
public record FirewallStatus(String table, String offlineAccount, Integer offlineUid, String onlineAccount,
                             FirewallState state) {
}
