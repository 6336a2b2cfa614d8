package dev.cordon.platform;


import dev.cordon.core.Principal;
import java.util.List;

/**
 * What the firewall must do: cut {@code offline} (the offline sandbox account) off from every network, loopback
 * included, except loopback TCP to {@code allowedLoopbackPorts}. Windows: rules scoped with LocalUserAuthorizedList
 * to the account's SID; Linux: one nftables table matching the account's uid.
 */
public record FirewallSpec(String table, Principal offline, List<Integer> allowedLoopbackPorts) {
    public FirewallSpec {
        allowedLoopbackPorts = allowedLoopbackPorts.stream().distinct().sorted().toList();
    }
}
