package dev.cordon.app;

import dev.cordon.doctor.Check;
import dev.cordon.doctor.DoctorReport;

import java.util.ArrayList;
import java.util.List;

/** Doctor reports shaped like the real doctor's (same ids, same evidence format for the probe time). */
public final class Reports {
    public static final String PROBE_TIME = "2025-06-01T10:15:30.123Z";
    public static final List<String> IDS = List.of("host.elevated", "tools.nft", "tools.useradd", "tools.setpriv",
            "sandbox.landlock", "ledger.integrity", "statedir.secure", "group.sandbox.present", "group.users.present",
            "account.offline.present", "account.offline.posture", "account.online.present", "account.online.posture",
            "vault.key.present", "vault.secrets", "firewall.table.present", "firewall.offline.proven",
            "firewall.offline.proxy", "network.online.proven", "leftovers.none");

    private Reports() {
    }

    public static DoctorReport healthy() {
        return with(List.of());
    }

    /** Every check passes except the replacements given (matched by id). */
    public static DoctorReport with(List<Check> replacements) {
        List<Check> checks = new ArrayList<>();
        for (String id : IDS) {
            Check c = replacements.stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElse(Check.pass(id, "Title of " + id, evidence(id)));
            checks.add(c);
        }
        return new DoctorReport("t1", "2025-06-01T10:15:31Z", "dev", "linux", List.copyOf(checks));
    }

    private static String evidence(String id) {
        return id.equals("firewall.offline.proven")
                ? "as t1-cordon-offline: TCP 127.0.0.1:4000 refused; UDP ::1:4001 refused at " + PROBE_TIME
                : "evidence of " + id;
    }

    /** Nothing set up yet: what the doctor says on a fresh machine. */
    public static DoctorReport fresh() {
        return with(List.of(
                Check.fail("ledger.integrity", "Ledger intact", "no ledger", "Run `cordon setup`."),
                Check.fail("account.offline.present", "Account", "missing", "Run `cordon setup`."),
                Check.fail("firewall.table.present", "Firewall table", "the table is missing", "Run `cordon setup`."),
                Check.skip("firewall.offline.proven", "Offline account cut off", "cannot probe", "Run `cordon setup`.")));
    }
}
