package dev.cordon.platform.linux.mount;

import dev.cordon.core.CordonException;
import dev.cordon.core.FileTrees;
import dev.cordon.platform.linux.UnixSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan {@link SocketIsolation} makes, on directories of a test's own (runs without root). */
class SocketIsolationTest {
    private Path base;
    private Path shared;
    private Path run;
    private Path stage;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createTempDirectory("cordon-isolation-").toRealPath();
        shared = Files.createDirectories(base.resolve("tmp"));
        run = Files.createDirectories(base.resolve("run"));
        stage = Files.createDirectories(base.resolve("state/session/mounts"));
    }

    @AfterEach
    void tearDown() {
        FileTrees.deleteTree(base);
    }

    private SocketIsolation.Layout layout(List<Path> roots, List<Path> allowed, List<Path> keep, List<Path> sockets) {
        return new SocketIsolation.Layout(List.of(shared, run, base.resolve("missing"), base.resolve("run-link")),
                roots, allowed, keep, sockets, stage);
    }

    private static List<List<String>> rendered(SocketIsolation.Plan plan) {
        return plan.ops().stream().map(op -> op.source() == null ? List.of(op.kind().verb(), op.path().toString())
                : List.of(op.kind().verb(), op.path().toString(), op.source().toString())).toList();
    }

    @Test
    void hidesEachSharedDirectoryOnceAndBindsBackWhatTheSessionOwnsThere() throws Exception {
        Files.createSymbolicLink(base.resolve("run-link"), run); // like /var/run -> /run: hidden once
        Path ws = Files.createDirectories(shared.resolve("projects/app"));
        Path wsInner = Files.createDirectories(ws.resolve("sub")); // inside a kept root: not bound twice
        Path otherRoot = Files.createDirectories(base.resolve("elsewhere"));
        Path resolv = Files.writeString(Files.createDirectories(run.resolve("resolve")).resolve("resolv.conf"), "x");
        Path resolvLink = Files.createSymbolicLink(base.resolve("resolv.conf"), resolv);

        SocketIsolation.Plan plan = SocketIsolation.plan(layout(List.of(ws, wsInner, otherRoot), List.of(),
                List.of(resolvLink, base.resolve("no-such-file")), List.of()));

        assertThat(plan.hiddenDirs()).containsExactly(run, shared);
        assertThat(plan.stagingPoints()).containsExactly(stage.resolve("0"), stage.resolve("1"));
        Path s0 = stage.resolve("0");
        Path s1 = stage.resolve("1");
        assertThat(rendered(plan)).containsExactly(
                List.of("stage-tmpfs", s0.toString()),
                List.of("like", s0.toString(), run.toString()),
                List.of("mkdir", s0.resolve("resolve").toString()),
                List.of("like", s0.resolve("resolve").toString(), run.resolve("resolve").toString()),
                List.of("touch", s0.resolve("resolve/resolv.conf").toString()),
                List.of("bind", s0.resolve("resolve/resolv.conf").toString(), resolv.toString()),
                List.of("move", run.toString(), s0.toString()),
                List.of("stage-tmpfs", s1.toString()),
                List.of("like", s1.toString(), shared.toString()),
                List.of("mkdir", s1.resolve("projects").toString()),
                List.of("like", s1.resolve("projects").toString(), shared.resolve("projects").toString()),
                List.of("mkdir", s1.resolve("projects/app").toString()),
                List.of("bind", s1.resolve("projects/app").toString(), ws.toString()),
                List.of("move", shared.toString(), s1.toString()));
    }

    @Test
    void coversBoundSocketsOutsideTheSharedDirectoriesExceptTheSessionsAndTheAllowedOnes() throws Exception {
        Path ws = Files.createDirectories(base.resolve("ws"));
        Path outside = Files.createDirectories(base.resolve("var/lib/daemon"));
        try (UnixSocketListener daemon = UnixSocketListener.open(outside.resolve("daemon.sock"));
             UnixSocketListener allowed = UnixSocketListener.open(outside.resolve("allowed.sock"));
             UnixSocketListener own = UnixSocketListener.open(ws.resolve("own.sock"));
             UnixSocketListener inShared = UnixSocketListener.open(shared.resolve("x.sock"));
             UnixSocketListener allowedInShared = UnixSocketListener.open(shared.resolve("y.sock"))) {
            Path link = Files.createSymbolicLink(base.resolve("daemon-link.sock"), daemon.path());
            SocketIsolation.Plan plan = SocketIsolation.plan(layout(List.of(ws), List.of(allowed.path(),
                    allowedInShared.path()), List.of(), List.of(daemon.path(), link, allowed.path(), own.path(),
                    inShared.path(), base.resolve("gone.sock"))));

            assertThat(plan.coveredSockets()).containsExactly(daemon.path()); // the link is the same socket: once
            assertThat(rendered(plan)).contains(List.of("cover-socket", daemon.path().toString()))
                    .contains(List.of("touch", stage.resolve("1/y.sock").toString()),
                            List.of("bind", stage.resolve("1/y.sock").toString(), allowedInShared.path().toString()))
                    .doesNotContain(List.of("bind", stage.resolve("1/x.sock").toString(), inShared.path().toString()));
        }
    }

    /** {@code count} files standing for bound sockets (the plan looks only at their real paths) in {@code dir}. */
    private static List<Path> sockets(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        List<Path> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Files.writeString(dir.resolve("s" + i), ""));
        }
        return out;
    }

    @Test
    void upToTheBoundEverySocketIsCoveredAndNoDirectoryHidden() throws Exception {
        List<Path> bound = sockets(base.resolve("home/x"), 4);
        SocketIsolation.Plan plan = SocketIsolation.plan(layout(List.of(), List.of(), List.of(), bound), 4, 2);
        assertThat(plan.socketDirs()).isEmpty();
        assertThat(plan.coveredSockets()).containsExactlyElementsOf(bound);
    }

    /** R45: beyond the bound, the directories holding many sockets are hidden whole (one mount), the rest covered. */
    @Test
    void beyondTheBoundDirectoriesHoldingManySocketsAreHiddenWhole() throws Exception {
        Path home = base.resolve("home/x");
        List<Path> bound = new java.util.ArrayList<>(sockets(home, 3));
        for (String sub : List.of("a", "b", "c/deep")) {
            bound.addAll(sockets(home.resolve(sub), 2)); // none above the share alone: counted in the home
        }
        List<Path> daemon = sockets(base.resolve("var/lib/daemon"), 1);
        bound.addAll(daemon);
        SocketIsolation.Plan plan = SocketIsolation.plan(layout(List.of(), List.of(), List.of(), bound), 4, 2);
        assertThat(plan.socketDirs()).containsExactly(home);
        assertThat(plan.coveredSockets()).containsExactlyElementsOf(daemon);
        assertThat(rendered(plan)).endsWith(List.of("hide-dir", home.toString()),
                List.of("cover-socket", daemon.get(0).toString()));
    }

    /** Sockets spread over many directories, each under the share: hidden by their common ancestor, not one by one. */
    @Test
    void socketsSpreadOverManyDirectoriesAreHiddenByACommonAncestor() throws Exception {
        Path home = base.resolve("home/x");
        List<Path> bound = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bound.addAll(sockets(home.resolve("d" + i), 3)); // each above the share 2: six directories, more than 4
        }
        SocketIsolation.Plan plan = SocketIsolation.plan(layout(List.of(), List.of(), List.of(), bound), 4, 2);
        assertThat(plan.socketDirs()).containsExactly(home);
        assertThat(plan.coveredSockets()).isEmpty();
    }

    /**
     * A directory that holds what the session keeps (its workspace here) is never hidden; where the sockets then left to
     * cover one by one exceed the bound, the start is refused naming the count and where they lie.
     */
    @Test
    void beyondTheBoundWhereNothingCanBeHiddenTheStartIsRefused() throws Exception {
        Path team = base.resolve("srv/team");
        Path ws = Files.createDirectories(team.resolve("ws"));
        List<Path> bound = sockets(team, 6);
        Path open = base.resolve("srv/open");
        List<Path> all = new java.util.ArrayList<>(bound);
        all.addAll(sockets(open, 3));
        assertThatThrownBy(() -> SocketIsolation.plan(layout(List.of(ws), List.of(), List.of(), bound), 4, 2))
                .isInstanceOf(CordonException.class).hasMessageContaining("6 pathname sockets")
                .hasMessageContaining("more than 4 mounts: 6 of them").hasMessageContaining("most in " + team + " (6)");
        // the same sockets with the workspace elsewhere: the directory is hidden, nothing refused
        SocketIsolation.Plan plan = SocketIsolation.plan(layout(List.of(Files.createDirectories(base.resolve("ws2"))),
                List.of(), List.of(), all), 4, 2);
        assertThat(plan.socketDirs()).containsExactly(open, team);
        assertThat(plan.coveredSockets()).isEmpty();
    }

    @Test
    void aSharedDirectoryInsideASessionRootIsTheSessionsOwn() throws Exception {
        Path ws = base; // contains every shared directory of this test
        SocketIsolation.Plan plan = SocketIsolation.plan(new SocketIsolation.Layout(List.of(shared), List.of(ws),
                List.of(), List.of(), List.of(), Files.createDirectories(base.resolve("elsewhere-stage"))));
        assertThat(plan.hiddenDirs()).isEmpty();
        assertThat(plan.ops()).isEmpty();
    }

    @Test
    void refusesAStagingRootInsideASharedDirectory() {
        assertThatThrownBy(() -> SocketIsolation.plan(new SocketIsolation.Layout(List.of(shared), List.of(), List.of(),
                List.of(), List.of(), shared.resolve("stage")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lies in " + shared);
    }

    @Test
    void anAllowedSocketMustBeAnExistingSocketAndIsKeptByItsRealPath() throws Exception {
        Path file = Files.writeString(base.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> SocketIsolation.allowedSocket(base.resolve("nope.sock")))
                .isInstanceOf(CordonException.class).hasMessageContaining("--allow-socket " + base.resolve("nope.sock")
                        + " does not exist");
        assertThatThrownBy(() -> SocketIsolation.allowedSocket(file)).isInstanceOf(CordonException.class)
                .hasMessageContaining("is not a Unix socket").satisfies(e -> assertThat(((CordonException) e).fix())
                        .contains("--allow-socket /tmp/.X11-unix/X0"));
        try (UnixSocketListener l = UnixSocketListener.open(base.resolve("real.sock"))) {
            Path link = Files.createSymbolicLink(base.resolve("link.sock"), l.path());
            assertThat(SocketIsolation.allowedSocket(link)).isEqualTo(l.path());
            assertThat(SocketIsolation.allowedSocket(l.path())).isEqualTo(l.path());
        }
    }

    @Test
    void theInterpreterGetsEveryOperationAsSeparateArguments() {
        List<String> cmd = PrivateMounts.command(List.of(MountOp.coverSocket(Path.of("/srv/a b;$(x).sock")),
                MountOp.bind(Path.of("/tmp/ws"), Path.of("/stage/0/ws")), MountOp.readOnlyDir(Path.of("/w/.git"))),
                List.of("true"));
        assertThat(cmd.subList(cmd.indexOf("cover-socket"), cmd.size())).containsExactly(
                "cover-socket", "/srv/a b;$(x).sock", "bind", "/stage/0/ws", "/tmp/ws", "ro-dir", "/w/.git", "--", "true");
        List<String> script = PrivateMounts.command(List.of(MountOp.readOnlyDir(Path.of("/w/.git"))), false,
                List.of("true"), PrivateMounts.Interpreter.SCRIPT);
        assertThat(script.subList(script.indexOf("cordon-mounts"), script.size())).containsExactly("cordon-mounts",
                "ro-dir", "/w/.git", "--", "true");
        assertThatThrownBy(() -> new MountOp(MountOp.Kind.BIND, Path.of("/a"))).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * R63: a socket whose path is not valid UTF-8 is covered by its bytes, in its directory's real path, counted with the
     * others against the cap (its directory hidden when it holds more than the share).
     */
    @Test
    void aSocketWhosePathIsNotUtf8IsCoveredByItsBytes() throws Exception {
        Path srv = Files.createDirectories(base.resolve("srv"));
        Files.createSymbolicLink(base.resolve("srv-link"), srv);
        byte[] raw = (base + "/srv-link/\u00ff.sock").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] real = (srv + "/\u00ff.sock").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        SocketIsolation.Plan plan = SocketIsolation.plan(new SocketIsolation.Layout(List.of(shared), List.of(), List.of(),
                List.of(), List.of(), stage, List.of(raw)));
        MountOp cover = plan.ops().get(plan.ops().size() - 1);
        assertThat(cover.kind()).isEqualTo(MountOp.Kind.COVER_SOCKET_HEX);
        assertThat(cover.hex()).isEqualTo(java.util.HexFormat.of().formatHex(real));
        assertThat(cover.path()).isEqualTo(srv.resolve("\uFFFDff2e736f636b"));
        assertThat(PrivateMounts.command(List.of(cover), List.of("true"))).contains("cover-socket-hex", cover.hex());
        // inside a shared directory (hidden already), a session root, or a directory gone: nothing to cover
        byte[] inShared = (shared + "/\u00ff.sock").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] gone = (base + "/gone/\u00ff/x.sock").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(SocketIsolation.plan(new SocketIsolation.Layout(List.of(shared), List.of(srv), List.of(), List.of(),
                List.of(), stage, List.of(raw, inShared, gone))).coveredSockets()).isEmpty();
        // five in one directory with a cap of 4 and a share of 2: the directory is hidden, no socket covered alone
        List<byte[]> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add((srv + "/\u00ff" + i).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        SocketIsolation.Plan capped = SocketIsolation.plan(new SocketIsolation.Layout(List.of(shared), List.of(),
                List.of(), List.of(), List.of(), stage, many), 4, 2);
        assertThat(capped.socketDirs()).containsExactly(srv);
        assertThat(capped.ops().stream().filter(op -> op.kind() == MountOp.Kind.COVER_SOCKET_HEX)).isEmpty();
    }

    @Test
    void aPathGivenAsBytesIsAnAbsolutePathsHexWithoutNul() {
        assertThat(MountOp.coverSocketBytes(new byte[]{'/', (byte) 0xff}, Path.of("/x")).argument()).isEqualTo("2fff");
        for (String bad : List.of("ff", "2f0", "2fG0", "2f00", "2F41")) {
            assertThatThrownBy(() -> new MountOp(MountOp.Kind.COVER_SOCKET_HEX, Path.of("/x"), null, bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new MountOp(MountOp.Kind.COVER_SOCKET_HEX, Path.of("/x"), null, "2fa00b").hex()).isEqualTo("2fa00b");
        assertThatThrownBy(() -> new MountOp(MountOp.Kind.COVER_SOCKET, Path.of("/x"), null, "2f41"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
