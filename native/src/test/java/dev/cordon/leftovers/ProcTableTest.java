package dev.cordon.leftovers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcTableTest {
    @Test
    void statFieldsCountFromTheLastParenthesisOfTheCommandName() {
        String stat = "4242 (evil) S 1 2 (x) R 1 4242 4242 0 -1 4194560 97 0 0 0 0 0 0 0 20 0 1 0 987654 2293760 "
                + "130 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcTable.Stat s = ProcTable.parseStat(stat);
        assertThat(s.state()).isEqualTo('R');
        assertThat(s.startTicks()).isEqualTo(987654L);
    }

    @Test
    void readsItsOwnProcess() {
        List<String> warnings = new ArrayList<>();
        ProcTable table = new ProcTable(warnings::add);
        int self = (int) ProcessHandle.current().pid();
        ProcTable.Proc me = table.process(self).orElseThrow();
        assertThat(me.realUid()).isEqualTo(0);
        assertThat(me.command()).contains("java");
        assertThat(table.bootTime().plusMillis(me.startTicks() * 1000 / ProcTable.TICKS_PER_SECOND))
                .isCloseTo(ProcessHandle.current().info().startInstant().orElseThrow(),
                        org.assertj.core.api.Assertions.within(2, java.time.temporal.ChronoUnit.SECONDS));
        assertThat(warnings).isEmpty();
    }
}
