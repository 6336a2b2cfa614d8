package dev.cordon.session;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskTest {
    @Test
    void masksEveryValueInTextLongestFirstAndLeavesShortOnesAlone() {
        SecretMask mask = SecretMask.of(List.of("hello-secret", "hello-secret-2", "ab"));
        assertThat(mask.mask("token=hello-secret-2 and hello-secret, ab")).isEqualTo("token=*** and ***, ab");
        assertThat(mask.mask(List.of("curl", "-H", "Authorization: hello-secret")))
                .containsExactly("curl", "-H", "Authorization: ***");
        assertThat(SecretMask.of(List.of("ab", "")).isEmpty()).isTrue();
        assertThat(SecretMask.none().mask("hello-secret")).isEqualTo("hello-secret");
    }

    @Test
    void aValueSplitAcrossChunksAndStreamsIsStillMasked() {
        String secret = "s3cr\u00e9t-t\u00f6ken";
        SecretMask mask = SecretMask.of(List.of(secret));
        String text = "start " + secret + " middle " + secret + secret + " end " + secret.substring(0, 5);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String expected = "start *** middle ****** end " + secret.substring(0, 5);
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            Collected out = new Collected();
            CommandListener l = mask.wrap(out);
            l.started(7);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(6));
                byte[] chunk = java.util.Arrays.copyOfRange(bytes, at, at + n);
                l.output(trial % 2 == 0 ? 1 : 2, chunk);
                at += n;
            }
            assertThat(out.text()).as("nothing of the value is shown before the exit")
                    .doesNotContain(secret);
            l.exited(new CommandExit(0, true, false, null, null));
            assertThat(out.text()).isEqualTo(expected);
            assertThat(out.events).startsWith("started").endsWith("exited");
        }
    }

    private static final class Collected implements CommandListener {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();

        @Override
        public void started(long pid) {
            events.add("started");
        }

        @Override
        public void output(int fd, byte[] data) {
            events.add("output");
            bytes.writeBytes(data);
        }

        @Override
        public void exited(CommandExit exit) {
            events.add("exited");
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
