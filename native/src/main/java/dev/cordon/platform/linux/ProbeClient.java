package dev.cordon.platform.linux;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Runs as a sandbox account (started by {@link LinuxNetworkProbe}, or as a command in a session by the socket probe) and tries each target given as
 * {@code PROTO ADDRESS PORT TOKEN} quadruples ({@code tcp}, {@code udp}, or {@code unix} with a socket path as the
 * address and any port); prints one line per target: {@code ok} or {@code error <message>}.
 * Uses nothing but the JDK, so it can run from a copy of this one class file.
 */
public final class ProbeClient {
    private ProbeClient() {
    }

    public static void main(String[] args) {
        for (int i = 0; i + 3 < args.length; i += 4) {
            String proto = args[i];
            String address = args[i + 1];
            int port = Integer.parseInt(args[i + 2]);
            byte[] token = args[i + 3].getBytes(StandardCharsets.US_ASCII);
            try {
                if (proto.equals("unix")) {
                    try (java.nio.channels.SocketChannel s = java.nio.channels.SocketChannel.open(
                            java.net.UnixDomainSocketAddress.of(address))) {
                        s.write(java.nio.ByteBuffer.wrap(token));
                    }
                } else if (proto.equals("tcp")) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 2000);
                        s.getOutputStream().write(token);
                        s.getOutputStream().flush();
                    }
                } else {
                    try (DatagramSocket s = new DatagramSocket()) {
                        InetAddress a = InetAddress.getByName(address);
                        for (int n = 0; n < 3; n++) {
                            s.send(new DatagramPacket(token, token.length, a, port));
                        }
                    }
                }
                System.out.println("ok");
            } catch (Exception e) {
                System.out.println("error " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
                        .replace('\n', ' '));
            }
        }
        System.out.flush();
    }
}
