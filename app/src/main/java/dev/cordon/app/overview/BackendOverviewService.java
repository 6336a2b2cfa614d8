package dev.cordon.app.overview;

import dev.cordon.Backend;
import dev.cordon.app.backend.DoctorRuns;
import dev.cordon.core.CordonException;
import dev.cordon.doctor.DoctorReport;
import dev.cordon.provision.Change;
import dev.cordon.provision.Ledger;
import dev.cordon.provision.Provisioner.SetupResult;
import dev.cordon.provision.SetupRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@link OverviewService} on the real backend; setup is audited exactly like {@code cordon setup}. */
public final class BackendOverviewService implements OverviewService {
    private final Backend backend;
    private final DoctorRuns doctorRuns;

    public BackendOverviewService(Backend backend, DoctorRuns doctorRuns) {
        this.backend = backend;
        this.doctorRuns = doctorRuns;
    }

    @Override
    public DoctorReport check() {
        return doctorRuns.run();
    }

    @Override
    public SetupResult plan() {
        return backend.provisioner().setup(request(), true, line -> { });
    }

    @Override
    public SetupResult apply(Consumer<String> progress) {
        SetupRequest request = request();
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("allowLoopbackPorts", request.allowLoopbackPorts());
        args.put("dryRun", false);
        args.put("client", "panel");
        SetupResult result;
        try {
            result = backend.provisioner().setup(request, false, progress);
        } catch (CordonException e) {
            backend.audit().record("setup", args, "error", e.getMessage());
            throw e;
        }
        backend.audit().record("setup", args, "ok", result.changedNothing() ? "nothing to change"
                : result.plan().size() + " change(s)");
        return result;
    }

    /**
     * Setup is declarative (ports not given are no longer allowed), and the panel has no port editor yet: a repair
     * from here keeps the loopback ports the ledger records, instead of silently closing a proxy port.
     */
    private SetupRequest request() {
        Ledger ledger = Ledger.open(backend.instance().ledgerFile());
        List<Integer> ports = ledger.owned(Change.Kind.FIREWALL_TABLE, backend.instance().firewallTable())
                .map(c -> c.attrs().get("allowLoopbackPorts"))
                .filter(List.class::isInstance)
                .map(l -> ((List<?>) l).stream().map(o -> ((Number) o).intValue()).toList())
                .orElse(List.of());
        return new SetupRequest(ports);
    }
}
