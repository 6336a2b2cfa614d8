package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.FileTrees;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.core.OutputBatch;
import dev.cordon.platform.Platform;
import dev.cordon.platform.Platforms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;

/**
 * A host server on a real socket in a fresh world-traversable temp directory, with a handler offering test methods.
 * Close it in {@code @AfterEach}.
 */
final class HostFixture implements AutoCloseable {
    /** A group name no system has: the socket becomes root-only 0600. */
    static final String NO_SUCH_GROUP = "cordon-no-such-group";

    final Path dir;
    final Path socket;
    final HostServer server;
    final CyclicBarrier barrier = new CyclicBarrier(2);
    /** Counted down by the cancel action of every {@code test.block} request. */
    final CountDownLatch cancelFired = new CountDownLatch(1);

    HostFixture(String group) throws IOException {
        dir = Files.createTempDirectory("cordon-host-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        socket = dir.resolve("host.sock");
        server = server(socket, group, this::handle);
        server.start();
    }

    /** A server on this machine's real transport and account database. */
    static HostServer server(Path socket, String group, HostHandler handler) {
        Platform platform = Platforms.detect(Instance.of("cordon"));
        return new HostServer(socket, group, platform.hostTransport(), platform.accounts(), handler);
    }

    HostFixture() throws IOException {
        this(NO_SUCH_GROUP);
    }

    private JsonNode handle(RequestContext ctx) throws Exception {
        ObjectNode p = ctx.params();
        switch (ctx.method()) {
            case "test.count" -> {
                int n = p.path("n").asInt();
                for (int i = 0; i < n; i++) {
                    ctx.emit("tick", Json.object().put("i", i).put("tag", p.path("tag").asText()));
                }
                return Json.object().put("count", n).put("tag", p.path("tag").asText());
            }
            case "test.barrier" -> {
                // returns only if the other request is running at the same time
                barrier.await();
                ctx.emit("passed", Json.object().put("tag", p.path("tag").asText()));
                return Json.object().put("tag", p.path("tag").asText());
            }
            case "test.cat" -> {
                InputStream in = ctx.input();
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                StringBuilder head = new StringBuilder();
                byte[] buffer = new byte[8192];
                long total = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    sha.update(buffer, 0, n);
                    if (head.length() < 64) {
                        head.append(new String(buffer, 0, Math.min(n, 64), StandardCharsets.UTF_8));
                    }
                    total += n;
                }
                return Json.object().put("bytes", total).put("sha256", HexFormat.of().formatHex(sha.digest()))
                        .put("head", head.toString());
            }
            case "test.block" -> {
                CountDownLatch released = new CountDownLatch(1);
                ctx.onCancel(released::countDown);
                ctx.onCancel(cancelFired::countDown);
                ctx.emit("started", Json.object());
                released.await();
                return Json.object().put("cancelled", ctx.cancelled()).put("inputEnded", ctx.input().read() == -1);
            }
            case "test.later" -> {
                // ends on another thread after the handler returned: events first, then the result or the failure
                RequestContext.Completion completion = ctx.finishLater();
                Thread other = new Thread(() -> {
                    for (int i = 0; i < p.path("n").asInt(); i++) {
                        ctx.emit("tick", Json.object().put("i", i));
                    }
                    if (p.path("fail").asBoolean()) {
                        completion.fail(new CordonException(ExitCode.CONFLICT, "Later failure.", "Nothing."));
                    } else {
                        completion.result(Json.object().put("thread", Thread.currentThread().getName()));
                    }
                    completion.result(Json.object().put("second", true)); // ignored: the first call counts
                }, "test-completer");
                other.start();
                return HostHandler.LATER;
            }
            case "test.batch" -> {
                // events emitted inside an output batch of another thread; the result written inside the batch by
                // that thread ("inside"), by a third thread while the batch is open ("other"), or after it ("after")
                RequestContext.Completion completion = ctx.finishLater();
                String where = p.path("result").asText();
                String pad = "x".repeat(p.path("pad").asInt());
                Thread batcher = new Thread(() -> {
                    try (OutputBatch batch = OutputBatch.open()) {
                        for (int i = 0; i < p.path("n").asInt(); i++) {
                            ctx.emit("tick", Json.object().put("i", i).put("pad", pad));
                        }
                        if (where.equals("inside")) {
                            completion.result(Json.object().put("where", where));
                        } else if (where.equals("other")) {
                            Thread other = new Thread(() -> completion.result(Json.object().put("where", where)));
                            other.start();
                            other.join();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (where.equals("after")) {
                        completion.result(Json.object().put("where", where));
                    }
                }, "test-batcher");
                batcher.start();
                return HostHandler.LATER;
            }
            case "test.later-then-throw" -> {
                ctx.finishLater();
                throw new CordonException(ExitCode.CONFLICT, "Thrown after finishLater.", "Nothing.");
            }
            case "test.later-unasked" -> {
                return HostHandler.LATER; // without finishLater: a handler bug, answered as an internal error
            }
            case "test.first-input" -> {
                // the hook runs once the first input frame is in; the handler reads nothing before it
                CountDownLatch first = new CountDownLatch(1);
                ctx.onFirstInput(first::countDown);
                ctx.emit("waiting", Json.object());
                first.await();
                ctx.onFirstInput(() -> ctx.emit("again", Json.object())); // after the first: runs at once
                return Json.object().put("read", new String(ctx.input().readAllBytes(), StandardCharsets.UTF_8));
            }
            case "test.echo" -> {
                ctx.emit("echo", p);
                return p;
            }
            case "test.fail" -> throw new CordonException(ExitCode.CONFLICT, "Thing '" + p.path("name").asText()
                    + "' already exists.", "Remove it first.");
            case "test.crash" -> throw new IllegalStateException("boom");
            default -> throw CordonException.usage("Unknown method '" + ctx.method() + "'.", "See docs/protocol.md.");
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        FileTrees.deleteTree(dir);
    }
}
