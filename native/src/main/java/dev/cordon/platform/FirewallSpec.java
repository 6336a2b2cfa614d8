package dev.cordon.platform;

import java.util.List;

/**
 * What the firewall must do: cut {@code offlineUid} off from every network, loopback included, except loopback TCP to
 * {@code allowedLoopbackPorts}. Windows: rules scoped with LocalUserAuthorizedList; Linux: one nftables table.
 */
public record FirewallSpec(String table, int offlineUid, List<Integer> allowedLoopbackPorts) {
    public FirewallSpec {
        allowedLoopbackPorts = allowedLoopbackPorts.stream().distinct().sorted().toList();
    }
}
