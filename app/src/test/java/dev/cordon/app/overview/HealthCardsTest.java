package dev.cordon.app.overview;

import dev.cordon.app.ui.Messages;
import dev.cordon.app.Reports;
import dev.cordon.app.overview.HealthCard.Area;
import dev.cordon.app.overview.HealthCard.Health;
import dev.cordon.doctor.Check;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class HealthCardsTest {
    private final Messages messages = Messages.load(Locale.ROOT);
    private final HealthCards cards = new HealthCards(messages);

    private Map<Area, HealthCard> byArea(List<HealthCard> list) {
        return list.stream().collect(Collectors.toMap(HealthCard::area, Function.identity()));
    }

    @Test
    void healthyReportGivesGoodCardsAndAProvenFirewall() {
        Map<Area, HealthCard> c = byArea(cards.from(Reports.healthy()));
        assertThat(c.keySet()).containsExactlyInAnyOrder(Area.values());
        assertThat(c.get(Area.ACCOUNTS).health()).isEqualTo(Health.GOOD);
        assertThat(c.get(Area.ACCOUNTS).lines()).hasSize(5);
        assertThat(c.get(Area.CREDENTIALS).lines()).hasSize(2);
        assertThat(c.get(Area.FIREWALL).headline()).isEqualTo(messages.get("overview.firewall.proven"));
        assertThat(c.get(Area.LEFTOVERS).headline()).isEqualTo(messages.get("overview.leftovers.none"));
        assertThat(c.get(Area.SESSIONS).health()).isEqualTo(Health.NOT_YET);
        assertThat(c.get(Area.SESSIONS).headline()).isEqualTo(messages.get("overview.sessions.none"));
        HealthCard live = byArea(cards.from(Reports.healthy(), 2)).get(Area.SESSIONS);
        assertThat(live.health()).isEqualTo(Health.GOOD);
        assertThat(live.headline()).isEqualTo(messages.get("overview.sessions.live", 2));
    }

    @Test
    void everyCheckLandsOnExactlyOneCard() {
        List<HealthCard> list = cards.from(Reports.healthy());
        long lines = list.stream().filter(card -> card.area() != Area.SESSIONS).mapToLong(card -> card.lines().size()).sum();
        assertThat(lines).isEqualTo(Reports.IDS.size());
        assertThat(byArea(list).get(Area.HOST).lines()).extracting(HealthCard.Line::label)
                .contains("Title of host.elevated", "Title of ledger.integrity", "Title of sandbox.landlock");
    }

    @Test
    void firewallStates() {
        var ineffective = Reports.with(List.of(Check.fail("firewall.offline.proven", "Offline cut off",
                "TCP 127.0.0.1:1 reached at 2025-06-01T10:00:00Z", "Run setup")));
        assertThat(byArea(cards.from(ineffective)).get(Area.FIREWALL).headline())
                .isEqualTo(messages.get("overview.firewall.ineffective"));
        assertThat(byArea(cards.from(ineffective)).get(Area.FIREWALL).health()).isEqualTo(Health.BAD);

        var fresh = Reports.fresh();
        assertThat(byArea(cards.from(fresh)).get(Area.FIREWALL).headline())
                .isEqualTo(messages.get("overview.firewall.missing"));

        var unproven = Reports.with(List.of(Check.skip("firewall.offline.proven", "Offline cut off", "cannot probe", "x")));
        HealthCard fw = byArea(cards.from(unproven)).get(Area.FIREWALL);
        assertThat(fw.headline()).isEqualTo(messages.get("overview.firewall.present"));
        assertThat(fw.health()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void failingCardSaysHowManyFail() {
        HealthCard accounts = byArea(cards.from(Reports.fresh())).get(Area.ACCOUNTS);
        assertThat(accounts.health()).isEqualTo(Health.BAD);
        assertThat(accounts.headline()).isEqualTo(messages.get("overview.card.failing", 1, 5));
    }
}
