package dev.cordon.provision;

import dev.cordon.core.CordonException;

import java.util.List;

/** What setup should make true. Declarative: ports not given are no longer allowed. */
public record SetupRequest(List<Integer> allowLoopbackPorts) {
    public SetupRequest {
        allowLoopbackPorts = allowLoopbackPorts == null ? List.of() : allowLoopbackPorts.stream().distinct().sorted().toList();
        for (int p : allowLoopbackPorts) {
            if (p < 1 || p > 65535) {
                throw CordonException.usage("--allow-loopback-port " + p + " is not a TCP port.",
                        "Give a port from 1 to 65535, e.g. --allow-loopback-port 8080.");
            }
        }
    }
}
