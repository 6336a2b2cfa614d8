package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecRequestTest {
    private static JsonNode frame(String json) throws Exception {
        return Json.parse(json);
    }

    @Test
    void readsArgvCwdTheWholeEnvironmentInOrderAndTheTimeout() throws Exception {
        ExecRequest r = ExecRequest.from(frame("""
                {"type":"exec","cmd":"c1","argv":["git","status",""],"cwd":"/srv/project/ws",
                 "env":{"PATH":"/usr/bin:/bin","HOME":"/s/home","A":""},"timeoutMs":1500}"""));
        assertThat(r.argv()).containsExactly("git", "status", "");
        assertThat(r.cwd()).isEqualTo(Path.of("/srv/project/ws"));
        assertThat(r.env()).containsExactly(Map.entry("PATH", "/usr/bin:/bin"), Map.entry("HOME", "/s/home"),
                Map.entry("A", ""));
        assertThat(r.timeoutMillis()).isEqualTo(1500);
    }

    @Test
    void noTimeoutNoEnvironmentAndNoCwdMeanNoneEmptyAndTheRoot() throws Exception {
        ExecRequest r = ExecRequest.from(frame("{\"argv\":[\"/bin/true\"]}"));
        assertThat(r).isEqualTo(new ExecRequest(List.of("/bin/true"), Path.of("/"), Map.of(), 0));
    }

    @Test
    void aFrameWithoutWhatACommandNeedsIsRefusedNamingWhatIsWrong() {
        assertRefused("{\"cwd\":\"/\"}", "no argv");
        assertRefused("{\"argv\":[]}", "no argv");
        assertRefused("{\"argv\":\"ls -l\"}", "no argv");
        assertRefused("{\"argv\":[\"ls\",7]}", "non-string argv element: 7");
        assertRefused("{\"argv\":[\"\"]}", "argv[0] is empty");
        assertRefused("{\"argv\":[\"ls\"],\"cwd\":\"relative/dir\"}", "not an absolute path: \"relative/dir\"");
        assertRefused("{\"argv\":[\"ls\"],\"cwd\":3}", "not an absolute path: 3");
        assertRefused("{\"argv\":[\"ls\"],\"env\":[\"A=1\"]}", "env that is not an object");
        assertRefused("{\"argv\":[\"ls\"],\"env\":{\"A\":1}}", "environment variable A");
        assertRefused("{\"argv\":[\"ls\"],\"timeoutMs\":-1}", "timeoutMs");
        assertRefused("{\"argv\":[\"ls\"],\"timeoutMs\":\"soon\"}", "timeoutMs");
        assertRefused("{\"argv\":[\"ls\"],\"timeoutMs\":1.5}", "timeoutMs");
    }

    private static void assertRefused(String json, String why) {
        assertThatThrownBy(() -> ExecRequest.from(frame(json)))
                .isInstanceOf(CordonException.class)
                .hasMessageStartingWith("The exec frame ")
                .hasMessageContaining(why)
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("restart the session"));
    }
}
