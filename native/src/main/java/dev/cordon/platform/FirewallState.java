package dev.cordon.platform;

import java.util.List;
import java.util.Optional;

/**
 * The firewall as read back from the OS. {@code spec} is what the rules actually do, when they could be understood;
 * {@code problems} lists what makes them differ from a Cordon table (foreign rules, wrong hook, missing verdicts).
 */
public record FirewallState(boolean present, Optional<FirewallSpec> spec, List<String> problems, String raw) {
    public static FirewallState missing() {
        return new FirewallState(false, Optional.empty(), List.of(), "");
    }

    public boolean matches(FirewallSpec expected) {
        return present && problems.isEmpty() && spec.isPresent() && spec.get().equals(expected);
    }
}
