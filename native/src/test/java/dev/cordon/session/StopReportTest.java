package dev.cordon.session;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stop's report stays within its bounds, COULD NOT first, and says what it left off and how to find it (V2, V5). */
class StopReportTest {
    private static final List<Path> ROOTS = List.of(Path.of("/home/dev/it's"));

    @Test
    void aReportWithinTheBoundsIsKeptAsItIs() {
        List<String> lines = List.of("a git directory: renamed /w/a/HEAD to HEAD.cordon-planted-s1 so that git no longer finds it",
                "x: COULD NOT rename /w/b/HEAD (Permission denied); do not run git there before removing it");

        assertThat(StopReport.bounded(lines, ROOTS, "s1")).isEqualTo(lines);
    }

    @Test
    void sixtyThousandLinesBecomeFortyCouldNotFirstAndASummaryThatCountsTheRest() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            lines.add("a git directory made of /w/d" + i + " during the session: renamed /w/d" + i + "/HEAD to"
                    + " HEAD.cordon-planted-s1 so that git no longer finds it");
        }
        lines.add(30_000, "a git directory: COULD NOT rename /w/x/HEAD (Permission denied); do not run git there");
        lines.add("the hand-back left /w/tmp world-writable");

        List<String> bounded = StopReport.bounded(lines, ROOTS, "s1");

        assertThat(bounded).hasSize(StopReport.MAX_LINES);
        assertThat(bounded.get(0)).contains("d0/HEAD"); // in their order, the COULD NOT line among them
        assertThat(bounded).contains(lines.get(30_000));
        assertThat(bounded.get(bounded.size() - 1)).startsWith("… and 59963 more lines left off")
                .contains("59962 more entries renamed to NAME.cordon-planted-s1")
                .contains("`find '/home/dev/it'\\''s' -name '*.cordon-planted-s1*'`")
                .contains("1 more warnings of the hand-back").doesNotContain("COULD NOT");
        assertThat(String.join("\n", bounded).length()).isLessThanOrEqualTo(StopReport.MAX_CHARS + StopReport.MAX_LINE_CHARS);
    }

    @Test
    void couldNotLinesAreKeptBeforeTheRestAndThoseLeftOffAreStillSaid() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("renamed /w/d" + i + "/HEAD to HEAD.cordon-planted-s1");
            lines.add("x: COULD NOT rename /w/e" + i + "/HEAD (Permission denied)");
        }

        List<String> bounded = StopReport.bounded(lines, ROOTS, "s1");

        assertThat(bounded.subList(0, StopReport.MAX_LINES - 1)).allMatch(l -> l.contains("COULD NOT"));
        assertThat(bounded.get(StopReport.MAX_LINES - 1)).contains("100 more entries renamed")
                .contains("61 more say COULD NOT: look in '/home/dev/it'\\''s' for `HEAD` and `.git` entries");
    }

    @Test
    void longLinesAreClippedAndTheTotalStaysWithinTheBound() {
        String path = "/w/" + "x".repeat(100_000);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("x: COULD NOT rename " + path + i + "/HEAD (File name too long)");
        }

        List<String> bounded = StopReport.bounded(lines, ROOTS, "s1");

        assertThat(bounded).allMatch(l -> l.length() <= StopReport.MAX_LINE_CHARS + 64);
        assertThat(bounded.get(0)).contains(" characters left off]…").endsWith("0/HEAD (File name too long)"); // the verdict kept
        assertThat(String.join("", bounded).length()).isLessThanOrEqualTo(StopReport.MAX_CHARS + StopReport.MAX_LINE_CHARS + 64);
        assertThat(bounded.get(bounded.size() - 1)).contains("more say COULD NOT");
    }
}
