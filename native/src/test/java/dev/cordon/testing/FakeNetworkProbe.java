package dev.cordon.testing;

import dev.cordon.platform.Account;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import dev.cordon.platform.NetworkProbe;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Answers probes from what the fake firewall holds, as the kernel would: an account a table cuts off reaches nothing
 * but loopback TCP to the table's allowed ports; every other account reaches everything.
 */
public final class FakeNetworkProbe implements NetworkProbe {
    private final FakeAccounts accounts;
    private final FakeFirewall firewall;

    public FakeNetworkProbe(FakeAccounts accounts, FakeFirewall firewall) {
        this.accounts = accounts;
        this.firewall = firewall;
    }

    @Override
    public List<Attempt> probe(String account, List<Target> targets) {
        Optional<Account> who = accounts.user(account);
        List<FirewallSpec> rules = firewall.tables().stream().map(firewall::read).map(FirewallState::spec)
                .flatMap(Optional::stream).toList();
        return targets.stream().map(t -> {
            boolean cut = who.isPresent() && rules.stream().anyMatch(r -> r.offline().equals(who.get().id())
                    && !(t.protocol() == Protocol.TCP && r.allowedLoopbackPorts().contains(t.port())));
            return new Attempt(t, !cut, !cut, cut ? "connection refused" : "");
        }).toList();
    }

    @Override
    public LocalListener listenLocal(Path path) {
        throw new UnsupportedOperationException("FakeNetworkProbe probes the firewall only");
    }

    @Override
    public List<String> stageClient(Path dir) {
        throw new UnsupportedOperationException("FakeNetworkProbe probes the firewall only");
    }
}
