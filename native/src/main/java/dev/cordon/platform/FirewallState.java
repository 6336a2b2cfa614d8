package dev.cordon.platform;

import java.util.List;
import java.util.Optional;

/**
 * The firewall as read back from the OS. {@code spec} is what the rules actually do, when they could be understood;
 * {@code problems} lists what makes them differ from a Cordon table (foreign rules, wrong hook, missing verdicts).
 * {@code ineffective} says why rules that are in place do not (all) take effect — a firewall run by Group Policy,
 * switched off for a profile, or its service stopped — and what to do about it; it is a state, never an error, and it
 * does not change {@link #matches}: applying the rules again cannot repair it.
 */
public record FirewallState(boolean present, Optional<FirewallSpec> spec, List<String> problems, String raw,
                            Optional<Ineffective> ineffective) {
    /** Why the rules do not take effect, as one sentence, and the one line that fixes it. */
    public record Ineffective(String reason, String fix) {
    }

    public FirewallState {
        problems = List.copyOf(problems);
    }

    /** Rules the OS enforces (or would enforce once present). */
    public FirewallState(boolean present, Optional<FirewallSpec> spec, List<String> problems, String raw) {
        this(present, spec, problems, raw, Optional.empty());
    }

    public static FirewallState missing() {
        return new FirewallState(false, Optional.empty(), List.of(), "");
    }

    public boolean matches(FirewallSpec expected) {
        return present && problems.isEmpty() && spec.isPresent() && spec.get().equals(expected);
    }

    /** False when the OS would not enforce these rules even though they are written (see {@link #ineffective}). */
    public boolean effective() {
        return ineffective.isEmpty();
    }

    /** The same state, marked as not taking effect. */
    public FirewallState withIneffective(Ineffective why) {
        return new FirewallState(present, spec, problems, raw, Optional.of(why));
    }
}
