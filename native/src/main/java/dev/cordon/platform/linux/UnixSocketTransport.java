package dev.cordon.platform.linux;

import dev.cordon.core.Caller;
import dev.cordon.core.ChannelStreams;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.HostTransport;
import dev.cordon.platform.PeerIdentity;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The host endpoint as a Unix domain socket file ({@link HostSocketFile}); the peer from {@code SO_PEERCRED}. */
public final class UnixSocketTransport implements HostTransport {
    @Override
    public Listener listen(Path address, String accessGroup) throws IOException {
        HostSocketFile.Bound bound = HostSocketFile.bind(address, accessGroup);
        return new Listener() {
            @Override
            public Link accept() throws IOException {
                return new SocketLink(bound.channel().accept());
            }

            @Override
            public String access() {
                return bound.mode();
            }

            @Override
            public void close() throws IOException {
                bound.channel().close();
                HostSocketFile.deleteIfOurs(bound);
            }
        };
    }

    /** The socket file's attributes (following the path); the refusals name the directory or the group. */
    @Override
    public void checkEndpoint(Path address) {
        try {
            Files.readAttributes(address, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw HostTransport.notListening(address, "");
        } catch (AccessDeniedException e) {
            throw new CordonException(ExitCode.NEEDS_ROOT, "Permission denied reaching the Cordon host socket " + address
                    + ": a directory on its path is not searchable by you.",
                    "Run the command as root (sudo), or ask an administrator to check the permissions of "
                            + address.getParent() + ".");
        } catch (IOException e) {
            throw CordonException.internal("Cannot read " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CordonException connectFailed(Path address, IOException failure) {
        if (!Files.isWritable(address)) {
            String group;
            try {
                group = Files.readAttributes(address, PosixFileAttributes.class).group().getName();
            } catch (IOException e) {
                return CordonException.internal("Cannot read " + address + ": " + e.getMessage(), e);
            }
            String user = System.getProperty("user.name");
            return new CordonException(ExitCode.NEEDS_ROOT, "Permission denied connecting to the Cordon host at "
                    + address + ": only root and members of group '" + group + "' may use it.",
                    "Have an administrator run `usermod -aG " + group + " " + user + "`, then log in again; or use sudo.");
        }
        return CordonException.internal("Cannot connect to the Cordon host at " + address + ": " + failure.getMessage(),
                failure);
    }

    /** {@code setsid -f}: a new session, no controlling terminal, not our child once it returns. */
    @Override
    public void startDetached(List<String> argv, Path log) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("setsid", "-f"));
        command.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.start().waitFor();
    }

    private record SocketLink(SocketChannel channel, InputStream in, OutputStream out) implements Link {
        SocketLink(SocketChannel channel) {
            this(channel, ChannelStreams.in(channel), ChannelStreams.out(channel));
        }

        @Override
        public PeerIdentity peer() throws IOException {
            return peerOf(channel.getOption(ExtendedSocketOptions.SO_PEERCRED), Passwd.load());
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * The JDK reports the kernel's credentials as names (the number when no account has it); the numbers come from the
     * local account database. {@code groups} are the kernel's gid plus the groups the database gives the user (its
     * primary group and every group listing it): what the user gets at login or with {@code sg}. The JDK does not
     * expose {@code SO_PEERGROUPS}, and the database is also what decides membership of the host's group.
     */
    static PeerIdentity peerOf(UnixDomainPrincipal principal, Passwd accounts) {
        String user = principal.user().getName();
        String group = principal.group().getName();
        int uid = numeric(user);
        if (uid < 0) {
            uid = accounts.user(user).map(PosixIds::uid).orElse(-1);
        }
        int gid = numeric(group);
        if (gid < 0) {
            gid = accounts.group(group).map(PosixIds::gid).orElse(-1);
        }
        Set<Integer> groups = new TreeSet<>();
        if (gid >= 0) {
            groups.add(gid);
        }
        Optional<Account> account = uid < 0 ? Optional.empty()
                : accounts.user(uid).filter(a -> a.name().equals(user));
        account.ifPresent(a -> groups.addAll(accounts.gidsOf(a)));
        Optional<Caller> caller = uid < 0 || gid < 0 ? Optional.empty()
                : Optional.of(new Caller(Principal.uid(uid), Principal.gid(gid),
                        groups.stream().map(g -> (Principal) Principal.gid(g)).toList(), user, uid == 0));
        return new PeerIdentity(user, group, gid < 0 ? Optional.empty() : Optional.of(Principal.gid(gid)), caller);
    }

    private static int numeric(String name) {
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1; // more digits than an id can have: not a number the kernel reported
        }
    }
}
