package dev.cordon.provision;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.linux.PosixFileSecurity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerTest {
    private static final FileSecurity FILES = new PosixFileSecurity();

    @TempDir
    Path dir;

    private Path sampleLedger() {
        Path file = dir.resolve("ledger.jsonl");
        Ledger l = Ledger.open(file, FILES);
        Change group = Change.of(Change.Kind.GROUP, "cordon-sandbox");
        l.append(Ledger.Phase.intent, group);
        l.append(Ledger.Phase.done, group.with("gid", 990));
        Change user = Change.of(Change.Kind.USER, "cordon-offline");
        l.append(Ledger.Phase.intent, user);
        l.append(Ledger.Phase.done, user.with("uid", 991));
        return file;
    }

    @Test
    void roundTripsAndTracksOwnership() {
        Ledger l = Ledger.open(sampleLedger(), FILES);
        assertThat(l.entries()).hasSize(4);
        assertThat(l.owned()).extracting(Change::target).containsExactly("cordon-sandbox", "cordon-offline");
        assertThat(l.idOf("cordon-offline")).hasValue(Principal.uid(991));
        assertThat(l.owns(Change.Kind.GROUP, "cordon-sandbox")).isTrue();
        assertThat(l.owns(Change.Kind.GROUP, "other")).isFalse();
    }

    @Test
    void undoneObjectsAreNoLongerOwnedAndTheirUidsAreRemembered() {
        Path file = sampleLedger();
        Ledger l = Ledger.open(file, FILES);
        Change user = Change.of(Change.Kind.USER, "cordon-offline");
        l.append(Ledger.Phase.undo, user);
        l.append(Ledger.Phase.undone, user);
        Ledger reread = Ledger.open(file, FILES);
        assertThat(reread.owns(Change.Kind.USER, "cordon-offline")).isFalse();
        assertThat(reread.removedAccounts()).containsExactly(Principal.uid(991));
    }

    @Test
    void idsAreWrittenAsTheOsWritesThemAndReadBackTyped() throws Exception {
        Path file = dir.resolve("ids.jsonl");
        Ledger l = Ledger.open(file, FILES);
        Change posix = Change.of(Change.Kind.USER, "cordon-offline");
        l.append(Ledger.Phase.done, posix.with("uid", Principal.uid(991)).with("gid", Principal.gid(990)));
        Change windows = Change.of(Change.Kind.USER, "cordon-online");
        Principal sid = new Principal.Sid(Principal.Kind.USER, "S-1-5-21-1004336348-1177238915-682003330-1001");
        l.append(Ledger.Phase.done, windows.with("uid", sid));
        String text = Files.readString(file);
        assertThat(text).contains("\"uid\":991").contains("\"gid\":990")
                .contains("\"uid\":\"S-1-5-21-1004336348-1177238915-682003330-1001\"");
        Ledger reread = Ledger.open(file, FILES);
        assertThat(reread.idOf("cordon-offline")).hasValue(Principal.uid(991));
        assertThat(reread.owned(Change.Kind.USER, "cordon-offline").orElseThrow()
                .principalAttr("gid", Principal.Kind.GROUP)).hasValue(Principal.gid(990));
        assertThat(reread.idOf("cordon-online")).hasValue(sid);
        l.append(Ledger.Phase.undone, windows);
        assertThat(Ledger.open(file, FILES).removedAccounts()).containsExactly(sid);
    }

    @Test
    void intentWithoutDoneStillCountsAsOwned() {
        Path file = dir.resolve("l.jsonl");
        Ledger l = Ledger.open(file, FILES);
        l.append(Ledger.Phase.intent, Change.of(Change.Kind.FIREWALL_TABLE, "cordon"));
        assertThat(Ledger.open(file, FILES).owns(Change.Kind.FIREWALL_TABLE, "cordon")).isTrue();
    }

    @Test
    void detectsAModifiedLine() throws Exception {
        Path file = sampleLedger();
        String text = Files.readString(file).replace("\"gid\":990", "\"gid\":0");
        Files.writeString(file, text);
        assertCorrupt(file, "line 2 was modified");
    }

    @Test
    void detectsADeletedMiddleLine() throws Exception {
        Path file = sampleLedger();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);
        assertCorrupt(file, "sequence number");
    }

    @Test
    void detectsReorderedLines() throws Exception {
        Path file = sampleLedger();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Collections.swap(lines, 0, 1);
        Files.write(file, lines);
        assertCorrupt(file, "line 1");
    }

    @Test
    void detectsGarbage() throws Exception {
        Path file = sampleLedger();
        Files.write(file, new byte[] {'{', 'x', (byte) 0xff, '\n'}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> Ledger.open(file, FILES)).isInstanceOf(CordonException.class)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.DATA_ERROR));
    }

    @Test
    void detectsARecomputedHashWithoutTheChain() throws Exception {
        // a forger who edits line 1 and fixes its hash still breaks line 2's link
        Path file = sampleLedger();
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Path single = dir.resolve("single.jsonl");
        Ledger forged = Ledger.open(single, FILES);
        forged.append(Ledger.Phase.intent, Change.of(Change.Kind.GROUP, "someone-elses-group"));
        lines.set(0, Files.readAllLines(single).get(0));
        Files.write(file, lines);
        assertCorrupt(file, "hash chain broken");
    }

    private static void assertCorrupt(Path file, String detail) {
        assertThatThrownBy(() -> Ledger.open(file, FILES))
                .isInstanceOf(CordonException.class)
                .hasMessageContaining("corrupt or was tampered with")
                .hasMessageContaining(detail)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.DATA_ERROR));
    }
}
