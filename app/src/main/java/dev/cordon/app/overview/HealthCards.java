package dev.cordon.app.overview;

import dev.cordon.app.ui.FirewallProbe;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.overview.HealthCard.Area;
import dev.cordon.app.overview.HealthCard.Health;
import dev.cordon.app.overview.HealthCard.Line;
import dev.cordon.doctor.Check;
import dev.cordon.doctor.DoctorReport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Groups a doctor report's checks into the overview's cards, by stable check id. Pure: no JavaFX, no backend. */
public final class HealthCards {
    static final List<String> ACCOUNT_CHECKS = List.of("group.sandbox.present", "account.offline.present",
            "account.offline.posture", "account.online.present", "account.online.posture");
    static final List<String> CREDENTIAL_CHECKS = List.of("vault.key.present", "vault.secrets");
    static final String TABLE = "firewall.table.present";
    static final String PROVEN = FirewallProbe.PROVEN;
    static final List<String> FIREWALL_CHECKS = List.of(TABLE, PROVEN, "firewall.offline.proxy", "network.online.proven");
    static final String LEFTOVERS = "leftovers.none";

    private final Messages messages;

    public HealthCards(Messages messages) {
        this.messages = messages;
    }

    public List<HealthCard> from(DoctorReport report) {
        return from(report, 0);
    }

    /** The cards of a report, with the panel's live session count on the sessions card. */
    public List<HealthCard> from(DoctorReport report, int liveSessions) {
        Map<String, Check> byId = new LinkedHashMap<>();
        report.checks().forEach(c -> byId.put(c.id(), c));
        Set<String> claimed = new HashSet<>();
        List<HealthCard> cards = new ArrayList<>();
        cards.add(accounts(select(byId, ACCOUNT_CHECKS, claimed)));
        cards.add(credentials(select(byId, CREDENTIAL_CHECKS, claimed)));
        cards.add(firewall(byId, select(byId, FIREWALL_CHECKS, claimed)));
        cards.add(leftovers(select(byId, List.of(LEFTOVERS), claimed)));
        cards.add(sessions(liveSessions));
        List<Check> rest = report.checks().stream().filter(c -> !claimed.contains(c.id())).toList();
        cards.add(host(rest));
        return cards;
    }

    private static List<Check> select(Map<String, Check> byId, List<String> ids, Set<String> claimed) {
        List<Check> out = new ArrayList<>();
        for (String id : ids) {
            Check c = byId.get(id);
            if (c != null) {
                out.add(c);
                claimed.add(id);
            }
        }
        return out;
    }

    private static Health health(List<Check> checks) {
        if (checks.isEmpty()) {
            return Health.UNKNOWN;
        }
        if (checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL)) {
            return Health.BAD;
        }
        return checks.stream().allMatch(c -> c.status() == Check.Status.PASS) ? Health.GOOD : Health.UNKNOWN;
    }

    private static List<Line> lines(List<Check> checks) {
        return checks.stream().map(c -> new Line(c.title(), c.status(), c.evidence())).toList();
    }

    private String problems(List<Check> checks) {
        long failed = checks.stream().filter(c -> c.status() == Check.Status.FAIL).count();
        return messages.get("overview.card.failing", failed, checks.size());
    }

    private HealthCard accounts(List<Check> checks) {
        Health h = health(checks);
        String headline = switch (h) {
            case GOOD -> messages.get("overview.accounts.good");
            case BAD -> problems(checks);
            default -> messages.get("overview.card.unknown");
        };
        return new HealthCard(Area.ACCOUNTS, h, headline, lines(checks));
    }

    private HealthCard credentials(List<Check> checks) {
        Health h = health(checks);
        String headline = switch (h) {
            case GOOD -> messages.get("overview.credentials.good");
            case BAD -> problems(checks);
            default -> messages.get("overview.card.unknown");
        };
        return new HealthCard(Area.CREDENTIALS, h, headline, lines(checks));
    }

    /**
     * Missing → present (the table matches the ledger) → proven (a live probe as the offline account was refused).
     * Present with a probe that got through is "present but ineffective": something else lets the traffic out.
     */
    private HealthCard firewall(Map<String, Check> byId, List<Check> checks) {
        Check table = byId.get(TABLE);
        Check proven = byId.get(PROVEN);
        Health h = health(checks);
        String headline;
        if (table == null || table.status() != Check.Status.PASS) {
            headline = messages.get("overview.firewall.missing");
        } else if (proven == null || proven.status() == Check.Status.SKIP) {
            headline = messages.get("overview.firewall.present");
        } else if (proven.status() == Check.Status.FAIL) {
            headline = messages.get("overview.firewall.ineffective");
        } else {
            headline = messages.get("overview.firewall.proven");
        }
        return new HealthCard(Area.FIREWALL, h, headline, lines(checks));
    }

    private HealthCard leftovers(List<Check> checks) {
        Health h = health(checks);
        String headline = switch (h) {
            case GOOD -> messages.get("overview.leftovers.none");
            case BAD -> messages.get("overview.leftovers.found");
            default -> messages.get("overview.card.unknown");
        };
        return new HealthCard(Area.LEFTOVERS, h, headline, lines(checks));
    }

    /** Live sessions of this panel: none is not a fault, so it is grey rather than red. */
    public HealthCard sessions(int live) {
        return live == 0
                ? new HealthCard(Area.SESSIONS, Health.NOT_YET, messages.get("overview.sessions.none"),
                        List.of(new Line(messages.get("overview.sessions.startLine"), Check.Status.SKIP, "")))
                : new HealthCard(Area.SESSIONS, Health.GOOD, messages.get("overview.sessions.live", live),
                        List.of(new Line(messages.get("overview.sessions.manageLine"), Check.Status.PASS, "")));
    }

    private HealthCard host(List<Check> checks) {
        Health h = health(checks);
        String headline = switch (h) {
            case GOOD -> messages.get("overview.host.good", checks.size());
            case BAD -> problems(checks);
            default -> messages.get("overview.card.unknown");
        };
        return new HealthCard(Area.HOST, h, headline, lines(checks));
    }
}
