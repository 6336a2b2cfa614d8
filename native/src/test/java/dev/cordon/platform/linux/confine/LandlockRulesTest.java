package dev.cordon.platform.linux.confine;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rule planning against a real directory tree; nothing is installed. */
class LandlockRulesTest {
    private static final long ABI7 = LandlockAccess.handledForAbi(7);

    @TempDir
    Path tmp;
    private Path parent;
    private Path hidden;
    private Path writable;

    @BeforeEach
    void tree() throws IOException {
        tmp = tmp.toRealPath();
        parent = Files.createDirectories(tmp.resolve("a"));
        hidden = Files.createDirectories(parent.resolve("state"));
        Files.writeString(hidden.resolve("secret"), "s");
        Files.createDirectories(parent.resolve("sibling"));
        Files.writeString(parent.resolve("file"), "f");
        Files.createSymbolicLink(parent.resolve("link-into-hidden"), hidden);
        Files.createSymbolicLink(parent.resolve("link-to-ancestor"), tmp);
        Files.createSymbolicLink(parent.resolve("dangling"), tmp.resolve("nowhere"));
        writable = Files.createDirectories(tmp.resolve("work"));
    }

    private static Map<Path, Long> byPath(List<LandlockRule> rules) {
        return rules.stream().collect(Collectors.toMap(LandlockRule::path, LandlockRule::access));
    }

    @Test
    void readsEverySiblingOnTheHiddenPathButNothingOnIt() {
        Map<Path, Long> rules = byPath(LandlockRules.plan(
                new LandlockPolicy(List.of(writable), List.of(hidden)), ABI7));

        assertThat(rules).containsEntry(parent.resolve("sibling"), LandlockAccess.READ_TREE_RIGHTS)
                .containsEntry(parent.resolve("file"), LandlockAccess.READ_FILE_RIGHTS)
                .containsEntry(Path.of("/etc"), LandlockAccess.READ_TREE_RIGHTS)
                .containsEntry(Path.of("/usr"), LandlockAccess.READ_TREE_RIGHTS)
                .containsEntry(writable, ABI7)
                .containsEntry(Path.of("/dev/null"), LandlockAccess.DEVICE_WRITE_RIGHTS);
        for (Path ancestor : List.of(Path.of("/"), tmp.getRoot().resolve(tmp.getName(0)), tmp, parent)) {
            assertThat(rules).as("ancestor %s would cover the hidden path", ancestor).doesNotContainKey(ancestor);
        }
        assertThat(rules.keySet()).noneMatch(p -> p.startsWith(hidden));
        assertThat(rules).doesNotContainKeys(parent.resolve("link-into-hidden"), parent.resolve("dangling"));
    }

    /**
     * R33: the portable spawn path's exec helper lives in the hidden state directory; that one file is granted read and
     * execute, nothing beside it (its siblings, its directory), and a directory named as an executable grants nothing.
     */
    @Test
    void anExecutableBeneathTheHiddenPathIsGrantedAloneReadAndExecute() throws IOException {
        Path helper = Files.writeString(hidden.resolve("cordon-exec"), "x");
        Path dir = Files.createDirectories(hidden.resolve("dir"));
        Map<Path, Long> rules = byPath(LandlockRules.plan(
                new LandlockPolicy(List.of(writable), List.of(hidden), List.of(writable), List.of(helper, dir)), ABI7));
        assertThat(rules).containsEntry(helper, LandlockAccess.READ_FILE_RIGHTS);
        assertThat(rules.keySet().stream().filter(p -> p.startsWith(hidden)).toList()).containsExactly(helper);
        assertThat(rules).doesNotContainKeys(hidden, hidden.resolve("secret"), dir, parent);
    }

    /** Review finding F3: pathname sockets only beneath the session's private places, never in a shared root. */
    @Test
    void socketsMayBeBoundOnlyBeneathTheSocketDirectories() throws IOException {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Map<Path, Long> rules = byPath(LandlockRules.plan(
                new LandlockPolicy(List.of(writable, scratch), List.of(hidden), List.of(scratch)), ABI7));
        assertThat(rules).containsEntry(writable, ABI7 & ~LandlockAccess.MAKE_SOCK).containsEntry(scratch, ABI7);
        assertThatThrownBy(() -> LandlockRules.plan(new LandlockPolicy(List.of(writable), List.of(), List.of(parent)), ABI7))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.getMessage()).contains("not beneath a writable root"));
    }

    @Test
    void aHiddenPathThatDoesNotExistYetStaysHidden() {
        Path later = parent.resolve("later/inner");
        Map<Path, Long> rules = byPath(LandlockRules.plan(new LandlockPolicy(List.of(), List.of(later)), ABI7));
        assertThat(rules).containsKey(parent.resolve("state")).doesNotContainKey(parent);
        assertThat(rules.keySet()).noneMatch(p -> p.startsWith(parent.resolve("later")));
    }

    @Test
    void withoutHiddenPathsTheWholeTreeIsReadable() {
        Map<Path, Long> rules = byPath(LandlockRules.plan(new LandlockPolicy(List.of(), List.of()), ABI7));
        assertThat(rules).containsEntry(Path.of("/"), LandlockAccess.READ_TREE_RIGHTS);
    }

    @Test
    void rightsAreLimitedToWhatTheAbiHandles() {
        long abi1 = LandlockAccess.handledForAbi(1);
        Map<Path, Long> rules = byPath(LandlockRules.plan(
                new LandlockPolicy(List.of(writable), List.of(hidden)), abi1));
        assertThat(rules).containsEntry(Path.of("/dev/null"), LandlockAccess.READ_FILE | LandlockAccess.WRITE_FILE)
                .containsEntry(writable, abi1);
    }

    @Test
    void refusesPoliciesThatCannotBeEnforced() {
        assertThatThrownBy(() -> LandlockRules.plan(new LandlockPolicy(List.of(parent), List.of(hidden)), ABI7))
                .isInstanceOf(CordonException.class).hasMessageContaining("contains the hidden path");
        assertThatThrownBy(() -> LandlockRules.plan(
                new LandlockPolicy(List.of(tmp.resolve("missing")), List.of()), ABI7))
                .isInstanceOf(CordonException.class).hasMessageContaining("not an existing directory");
        assertThatThrownBy(() -> LandlockRules.plan(new LandlockPolicy(List.of(), List.of(Path.of("/"))), ABI7))
                .isInstanceOf(CordonException.class)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> LandlockRules.plan(
                new LandlockPolicy(List.of(Path.of("relative")), List.of()), ABI7))
                .isInstanceOf(CordonException.class).hasMessageContaining("absolute");
    }
}
