package dev.cordon.platform.linux;

import dev.cordon.platform.ProcessStarts;

import java.util.Optional;

/** {@code boot:<boot id>:<start ticks>}, read from {@code /proc}: clock ticks since this boot, never an instant. */
public final class ProcStatStarts implements ProcessStarts {
    @Override
    public Optional<String> startOf(long pid) {
        return ProcStat.of(pid).filter(st -> st.state() != 'Z' && st.state() != 'X')
                .map(st -> "boot:" + ProcStat.bootId() + ":" + st.startTicks());
    }
}
