package dev.cordon.platform.linux;

import dev.cordon.platform.NetworkProbe;

import dev.cordon.core.CordonException;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stream listener on a pathname Unix socket that anyone may connect to (mode 0777), recording what each connection
 * sent first: the target of the socket-isolation probes. The socket file is removed on close.
 */
public final class UnixSocketListener implements NetworkProbe.LocalListener {
    private final Path path;
    private final ServerSocketChannel server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final Thread acceptor;

    private UnixSocketListener(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "unix-listener-" + path.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Binds {@code path} (its directory must exist) and makes it connectable by everyone. */
    public static UnixSocketListener open(Path path) {
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
            return new UnixSocketListener(path, server);
        } catch (IOException e) {
            CordonException failed = CordonException.internal("Cannot listen on " + path + ": " + e.getMessage(), e);
            if (server != null) {
                try {
                    server.close();
                    Files.deleteIfExists(path);
                } catch (IOException closing) {
                    failed.addSuppressed(closing);
                }
            }
            throw failed;
        }
    }

    @Override
    public Path path() {
        return path;
    }

    /** Whether a connection arrived that sent {@code token} (or anything, for a null token). */
    @Override
    public boolean reached(String token) {
        return token == null ? !received.isEmpty() : received.contains(token);
    }

    /** Everything connections sent, one entry per connection. */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer buf = ByteBuffer.allocate(64);
                long deadline = System.nanoTime() + 2_000_000_000L;
                c.configureBlocking(false);
                while (buf.hasRemaining() && System.nanoTime() < deadline && c.read(buf) >= 0) {
                    Thread.sleep(5);
                }
                received.add(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            } catch (java.nio.channels.ClosedChannelException e) {
                return; // closed by close(): the normal end
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        IOException first = failure.get();
        try {
            server.close();
            acceptor.join(5000);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw CordonException.internal("Cannot close the listener on " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (first != null) {
            throw CordonException.internal("The listener on " + path + " failed: " + first.getMessage(), first);
        }
    }
}
