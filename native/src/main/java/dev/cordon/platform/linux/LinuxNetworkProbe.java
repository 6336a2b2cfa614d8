package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.JavaRuntime;
import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.Account;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.NetworkProbe;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Proves reachability as a sandbox account: listeners in this process, a tiny JDK-only client ({@link ProbeClient})
 * started with the account's uid and gid through {@code setpriv}. A packet counts as through only when our listener
 * received the random token the client sent.
 */
public final class LinuxNetworkProbe implements NetworkProbe {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Accounts accounts;

    public LinuxNetworkProbe(Accounts accounts) {
        this.accounts = accounts;
    }

    /** A listener that records which tokens reached it. */
    private static final class Listener implements Closeable {
        final Set<String> received = ConcurrentHashMap.newKeySet();
        final Closeable socket;
        final int port;
        final Thread thread;

        Listener(Protocol protocol, String address, int port) throws IOException {
            InetAddress a = InetAddress.getByName(address);
            if (protocol == Protocol.TCP) {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(a, port));
                this.socket = ss;
                this.port = ss.getLocalPort();
                this.thread = new Thread(() -> acceptLoop(ss), "probe-tcp-" + this.port);
            } else {
                DatagramSocket ds = new DatagramSocket(new InetSocketAddress(a, port));
                this.socket = ds;
                this.port = ds.getLocalPort();
                this.thread = new Thread(() -> receiveLoop(ds), "probe-udp-" + this.port);
            }
            thread.setDaemon(true);
            thread.start();
        }

        private void acceptLoop(ServerSocket ss) {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(2000);
                    InputStream in = s.getInputStream();
                    byte[] buf = in.readNBytes(32);
                    received.add(new String(buf, StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    if (ss.isClosed()) {
                        return;
                    }
                }
            }
        }

        private void receiveLoop(DatagramSocket ds) {
            byte[] buf = new byte[64];
            while (!ds.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    ds.receive(p);
                    received.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    if (ds.isClosed()) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Override
    public List<Attempt> probe(String accountName, List<Target> targets) {
        for (Target t : targets) {
            if (!FIREWALL_PROTOCOLS.contains(t.protocol())) {
                throw new IllegalArgumentException(t + " is not a firewall target: Unix sockets are proven from a session"
                        + " (SocketProbe)");
            }
        }
        Account account = accounts.user(accountName).orElseThrow(() -> new CordonException(ExitCode.NOT_SET_UP,
                "Account " + accountName + " does not exist; cannot probe the network as it.", "Run `cordon setup`."));
        List<Listener> listeners = new ArrayList<>();
        List<Target> resolved = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        Path dir = null;
        try {
            for (Target t : targets) {
                Listener l = null;
                try {
                    l = new Listener(t.protocol(), t.address(), t.port());
                } catch (SocketException e) {
                    if (t.port() == 0) {
                        throw new CordonException(ExitCode.UNAVAILABLE, "Cannot open a probe listener on " + t + ": "
                                + e.getMessage(), "Check that the loopback interface has " + t.address() + ".", e);
                    }
                    // the port is in use (a real proxy listens there): only the client's view can be reported
                }
                listeners.add(l);
                resolved.add(l == null ? t : new Target(t.protocol(), t.address(), l.port));
                byte[] raw = new byte[12];
                RANDOM.nextBytes(raw);
                tokens.add(HexFormat.of().formatHex(raw));
            }
            dir = Files.createTempDirectory("cordon-probe-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            stageClient(dir);
            List<String> cmd = new ArrayList<>(AsAccount.command(account, "--clear-groups", clientCommand(dir)));
            for (int i = 0; i < resolved.size(); i++) {
                Target t = resolved.get(i);
                cmd.addAll(List.of(t.protocol().name().toLowerCase(), t.address(), String.valueOf(t.port()),
                        tokens.get(i)));
            }
            Exec.Result r = Exec.run(cmd, null, Map.of("HOME", dir.toString()), 60);
            if (!r.ok()) {
                throw new CordonException(ExitCode.INTERNAL, "The probe as " + accountName + " could not run: "
                        + r.stderr().strip(), "Check that " + JavaRuntime.javaBinary() + " is readable by every user.");
            }
            List<String> lines = r.stdout().lines().toList();
            sleepQuietly(300); // let datagrams and accepted connections land
            List<Attempt> out = new ArrayList<>();
            for (int i = 0; i < resolved.size(); i++) {
                String line = i < lines.size() ? lines.get(i) : "error no answer from the probe";
                boolean clientOk = line.equals("ok");
                Listener l = listeners.get(i);
                boolean arrived = l == null ? clientOk && resolved.get(i).protocol() == Protocol.TCP
                        : l.received.contains(tokens.get(i));
                out.add(new Attempt(resolved.get(i), clientOk, arrived, clientOk ? "" : line.substring(6)));
            }
            return out;
        } catch (IOException e) {
            throw CordonException.internal("Network probe failed: " + e.getMessage(), e);
        } finally {
            for (Listener l : listeners) {
                if (l != null) {
                    try {
                        l.close();
                    } catch (IOException ignored) {
                        // closing a listening socket cannot lose data
                    }
                }
            }
            if (dir != null) {
                FileTrees.deleteTree(dir);
            }
        }
    }

    /**
     * Copies the probe client's class file into {@code dir}, world-readable: our own classpath may not be readable by
     * a sandbox account (and a confined command cannot read the state directory's runtime copy).
     */
    public static void stageClientIn(Path dir) throws IOException {
        String rel = ProbeClient.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(rel);
        Files.createDirectories(target.getParent());
        try (InputStream in = ProbeClient.class.getClassLoader().getResourceAsStream(rel)) {
            if (in == null) {
                throw new IOException("class file " + rel + " not found on the classpath");
            }
            Files.write(target, in.readAllBytes());
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    @Override
    public LocalListener listenLocal(Path path) {
        return UnixSocketListener.open(path);
    }

    @Override
    public List<String> stageClient(Path dir) throws IOException {
        stageClientIn(dir);
        return clientCommand(dir);
    }

    /** The java command line that runs the client staged in {@code dir} by {@link #stageClientIn}; targets follow. */
    public static List<String> clientCommand(Path dir) {
        return List.of(JavaRuntime.javaBinary(), "-XX:-UsePerfData", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv6Addresses=system", "-cp", dir.toString(), ProbeClient.class.getName());
    }


    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
