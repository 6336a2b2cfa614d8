package dev.cordon.app.network;

import dev.cordon.Backend;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.NetworkProbe;
import dev.cordon.platform.NetworkProbe.Attempt;
import dev.cordon.platform.NetworkProbe.Target;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SocketProbe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@link NetworkService} on the real backend: the firewall read back from the OS, the doctor's live probes. */
public final class BackendNetworkService implements NetworkService {
    private final Backend backend;

    public BackendNetworkService(Backend backend) {
        this.backend = backend;
    }

    @Override
    public FirewallStatus read() {
        String offline = backend.instance().offlineAccount();
        Principal id = backend.platform().accounts().user(offline).map(Account::id).orElse(null);
        String table = backend.instance().firewallTable();
        dev.cordon.platform.Firewall firewall = backend.platform().firewall();
        return new FirewallStatus(table, firewall.describe(table), offline, id, backend.instance().onlineAccount(),
                firewall.read(table), firewall.notCovered());
    }

    @Override
    public ProbeRun proveOffline(Consumer<Attempt> each) {
        String offline = backend.instance().offlineAccount();
        if (backend.platform().accounts().user(offline).isEmpty()) {
            throw new CordonException(ExitCode.NOT_SET_UP, "The offline account " + offline + " does not exist, so "
                    + "there is nobody to probe as.", "Run setup on the Overview page.");
        }
        NetworkProbe probe = backend.platform().networkProbe();
        List<Attempt> attempts = new ArrayList<>();
        for (Target target : OFFLINE_TARGETS) {
            for (Attempt a : probe.probe(offline, List.of(target))) {
                attempts.add(a);
                each.accept(a);
            }
        }
        Attempt socket = SocketProbe.run(backend::sessions, backend.platform().networkProbe(), backend.platform().fileSecurity(),
                NetworkMode.OFFLINE).attempt();
        attempts.add(socket);
        each.accept(socket);
        return new ProbeRun(offline, Instant.now(), attempts);
    }
}
