package dev.cordon.leftovers;

import java.util.Set;

/** The processes of live sessions: sandbox processes that are not leftovers. The session runner implements it. */
@FunctionalInterface
public interface LiveSessions {
    /** There are no sessions: every sandbox process is a leftover. */
    LiveSessions NONE = Set::of;

    Set<Integer> livePids();
}
