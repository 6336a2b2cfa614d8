package dev.cordon.app.ui;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedTextTest {
    @Test
    void aDeepPathInABannerIsShownByItsEndsAndTheTextStaysShort() {
        String deep = "/tmp/ws/lent" + "/d".repeat(4100);
        String text = "Could not fully give back the workspace of session s1: " + deep + ": File name too long\nFix: x";
        String shown = Ui.bounded(text);
        assertThat(shown).startsWith("Could not fully give back the workspace of session s1: /tmp/ws/lent/d/d")
                .contains("…(" + (deep.length() + 1) + " characters)…").endsWith(": File name too long\nFix: x")
                .hasSizeLessThan(300);
        assertThat(Ui.bounded("A short message.\nFix: do this.")).isEqualTo("A short message.\nFix: do this.");
        String many = "word ".repeat(400);
        assertThat(Ui.bounded(many)).hasSize(Ui.LONGEST_TEXT).endsWith("…");
    }
}
