package dev.cordon.platform.linux.mount;

import dev.cordon.platform.OpaqueMount;
import dev.cordon.platform.linux.sys.MountInfo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The mounts whose content Cordon cannot judge from the mount table (R70), for the doctor: {@link MountAliases} finds
 * the paths a place is shown at by what the table says a mount shows, and two kinds say nothing true about it.
 * <ul>
 *   <li>A FUSE mount ({@code fuse}, {@code fuse.*}) that users other than its mounter may read ({@code allow_other} in
 *   its super options: only root may set it, or anyone when {@code /etc/fuse.conf} has {@code user_allow_other}), unless
 *   it is root's and covered whole in every session ({@link MountLayers#servesByPath}, R124), or its source is absolute
 *   paths that exist and {@link MountLayers#paths} reads them (bindfs; a mergerfs pool's branches, which it tells
 *   whatever its name): otherwise the source is
 *   whatever its mounter chose ({@code -o fsname=pub}, {@code sshfs localhost:/home/alice}), or the directory it named
 *   has been moved since. Without {@code allow_other} only its mounter can read it, and no session runs as a member.</li>
 *   <li>A network mount ({@code nfs}, {@code nfs4}, {@code cifs}, {@code smb3}) whose server is this host (by the name
 *   in its source, or the address the kernel mounted it from, {@code addr=} in its super options): it may export any
 *   place of this host back to it (documented under R59).</li>
 *   <li>An overlay a layer of which the table names by what may not be what the kernel uses: the kernel resolved each
 *   layer's name when mounting, and a name not there now (renamed or removed since), a {@code /proc/} name (a
 *   descriptor's) or {@code /} (a layer given by descriptor, {@code lowerdir+} of an {@code open_tree} clone, is named
 *   so) does not say which directory that was. (A name written through a symlink re-pointed since does not either, but
 *   is not listed: Docker names its layers so.)</li>
 * </ul>
 * {@link #of} reads nothing but what it is given and {@link MountLayers#paths}/{@link MountLayers#written} (real
 * paths of absolute sources and layers);
 * {@link Host#current()} is this machine's names and addresses.
 */
public final class OpaqueMounts {
    private static final Set<String> NETWORK_TYPES = Set.of("nfs", "nfs4", "cifs", "smb3");
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "localhost.localdomain", "ip6-localhost",
            "ip6-loopback");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[\\w.-]+)?");

    private OpaqueMounts() {
    }

    /**
     * This host as a network mount's server may name it: its host names (lower case) and its interfaces' addresses.
     * Loopback ({@code 127.0.0.0/8}, {@code ::1}), the any-address and {@code localhost} always are.
     */
    public record Host(Set<String> names, Set<InetAddress> addresses) {
        public Host {
            names = Set.copyOf(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
            addresses = Set.copyOf(addresses);
        }

        /** The kernel's host name ({@code uname -n}) and every address of every interface, without a DNS query. */
        public static Host current() {
            Set<String> names = new HashSet<>();
            try {
                String n = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
                if (!n.isEmpty()) {
                    names.add(n);
                }
            } catch (IOException e) {
                // no host name to match: loopback and the interfaces' addresses still are this host
            }
            Set<InetAddress> addresses = new HashSet<>();
            try {
                for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    addresses.addAll(Collections.list(i.getInetAddresses()));
                }
            } catch (SocketException e) {
                // no interface list: loopback and the host name still are this host
            }
            return new Host(names, addresses);
        }
    }

    /**
     * The mounts of {@code mounts} whose content cannot be judged, in table order.
     *
     * @param exists whether a path exists here (the doctor: {@link Files#exists}; tests: a set)
     */
    public static List<OpaqueMount> of(List<MountInfo> mounts, Predicate<Path> exists, Host host) {
        List<OpaqueMount> out = new ArrayList<>();
        for (MountInfo m : mounts) {
            String type = m.fstype();
            if (MountLayers.isFuse(m) && option(m.superOptions(), "allow_other") != null) {
                fuse(m, exists).ifPresent(why -> out.add(new OpaqueMount(m.mountPoint(), type, m.source(),
                        OpaqueMount.Kind.FUSE_SHARED, why)));
            } else if (type.equals("overlay")) {
                overlay(m, exists).ifPresent(why -> out.add(new OpaqueMount(m.mountPoint(), type, m.source(),
                        OpaqueMount.Kind.OVERLAY_LAYERS_UNKNOWN, why)));
            } else if (NETWORK_TYPES.contains(type)) {
                served(m, host).ifPresent(why -> out.add(new OpaqueMount(m.mountPoint(), type, m.source(),
                        OpaqueMount.Kind.NETWORK_FROM_THIS_HOST, why)));
            }
        }
        return out;
    }

    /** Why a FUSE mount others may read cannot be judged, or empty when its source is the paths it shows. */
    private static Optional<String> fuse(MountInfo m, Predicate<Path> exists) {
        String what = "a FUSE mount others may read (allow_other) whose source ";
        if (!MountLayers.rootsFuse(m)) {
            return Optional.of("a FUSE mount a member made (user_id=" + option(m.superOptions(), "user_id") + ") that"
                    + " others may read (allow_other): it shows what that member may read, and Cordon does not judge a"
                    + " member's mount by the source it names (R72)");
        }
        if (MountLayers.servesByPath(m)) {
            return Optional.empty(); // covered whole in every session, whatever it shows (R124)
        }
        List<Path> shown = MountLayers.paths(m); // a mergerfs pool tells its branches whatever its name (RV23-2)
        if (shown.isEmpty() && !m.source().startsWith("/")) {
            return Optional.of(what + "is not a path (its mounter named it)");
        }
        List<Path> named = shown.isEmpty() ? List.of(Path.of(m.source()).normalize()) : shown;
        List<Path> missing = named.stream().filter(p -> !exists.test(p)).toList();
        if (!missing.isEmpty()) {
            return Optional.of(what + "names " + (missing.size() == 1 ? "a path" : "paths")
                    + " that do not exist here (" + missing.stream().map(Path::toString)
                    .reduce((a, b) -> a + ", " + b).orElseThrow() + "; moved or removed since it was mounted?)");
        }
        if (shown.isEmpty()) {
            return Optional.of(what + "Cordon does not read as the directories a " + m.fstype()
                    + " mount shows");
        }
        return Optional.empty();
    }

    /**
     * Why an overlay's layers as the table names them ({@link MountLayers#written}) may not be what the kernel uses, or
     * empty when each names, now, the directory it did when mounted as far as the table tells: the kernel resolved each
     * name once, at mount time. A layer is not judged when it is {@code /} (an overlay of the whole root, or a layer given
     * by descriptor, {@code lowerdir+} of an {@code open_tree(OPEN_TREE_CLONE)}, which the table names {@code /}), a
     * {@code /proc/} name (a descriptor's, {@code /proc/self/fd/N}: the mounter's), or not there now (renamed or removed
     * since). Not when it is written through a symlink, though the link may have been re-pointed since (R77, not
     * covered): Docker's overlay2 names every lower layer so ({@code …/overlay2/l/<id>}), and listing those would leave
     * the doctor unhealthy on every host that runs a container.
     */
    private static Optional<String> overlay(MountInfo m, Predicate<Path> exists) {
        List<String> layers = new ArrayList<>();
        for (MountLayers.Written w : MountLayers.written(m)) {
            Path named = Path.of(w.name());
            Path plain = named.normalize();
            if (plain.equals(Path.of("/"))) {
                layers.add("layer / (the whole root, or a layer given by descriptor, lowerdir+ from open_tree, which the"
                        + " table names /)");
            } else if (plain.startsWith(Path.of("/proc"))) {
                layers.add("layer " + w.name() + " (a /proc name, as of a descriptor: the mounter's, not a path here)");
            } else if (w.now().stream().anyMatch(l -> !exists.test(l.path()))) {
                layers.add("layer " + w.name() + " does not exist now (moved or removed since it was mounted?)");
            }
        }
        return layers.isEmpty() ? Optional.empty()
                : Optional.of("an overlay whose table entry does not say which directories it shows: "
                        + String.join(", ", layers));
    }

    /**
     * Why a network mount's server is this host, or empty when it is not (or cannot be told): by the address the kernel
     * mounted it from ({@code addr=}) where the table has it, else by the name in its source.
     */
    private static Optional<String> served(MountInfo m, Host host) {
        String addr = option(m.superOptions(), "addr");
        if (addr != null && !addr.isEmpty()) {
            return isThisHost(addr, host)
                    ? Optional.of("a network mount served by this host (mounted from " + addr + ")")
                    : Optional.empty();
        }
        String server = server(m.fstype(), m.source());
        return server != null && isThisHost(server, host)
                ? Optional.of("a network mount served by this host (" + server + ")")
                : Optional.empty();
    }

    /** The server a network mount's source names: {@code host:/path}, {@code [v6]:/path}, {@code //host/share}. */
    static String server(String fstype, String source) {
        if (fstype.startsWith("nfs")) {
            if (source.startsWith("[")) {
                int end = source.indexOf(']');
                return end < 0 ? null : source.substring(1, end);
            }
            int colon = source.indexOf(':');
            return colon <= 0 ? null : source.substring(0, colon);
        }
        String s = source.replace('\\', '/');
        if (!s.startsWith("//")) {
            return null;
        }
        s = s.substring(2);
        int slash = s.indexOf('/');
        s = slash < 0 ? s : s.substring(0, slash);
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s.isEmpty() ? null : s;
    }

    /** Whether {@code server} (a name or an address literal) is this host; a name is never looked up. */
    static boolean isThisHost(String server, Host host) {
        String s = server.toLowerCase(Locale.ROOT);
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return false;
        }
        if (IPV4.matcher(s).matches() && java.util.Arrays.stream(s.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)) {
            return false; // not an address, and no name either: never handed to a resolver
        }
        if (IPV4.matcher(s).matches() || (s.contains(":") && IPV6.matcher(s).matches())) {
            try {
                InetAddress a = InetAddress.getByName(s); // a literal: parsed, never resolved
                return a.isLoopbackAddress() || a.isAnyLocalAddress() || host.addresses().stream()
                        .anyMatch(h -> java.util.Arrays.equals(h.getAddress(), a.getAddress()));
            } catch (UnknownHostException e) {
                return false; // not an address after all (e.g. 999.1.1.1): not one of ours
            }
        }
        if (LOOPBACK_NAMES.contains(s) || s.endsWith(".localhost")) {
            return true;
        }
        String name = s;
        String label = s.split("\\.", 2)[0];
        return host.names().stream().anyMatch(n -> n.equals(name) || n.split("\\.", 2)[0].equals(label)
                && (!n.contains(".") || !name.contains(".")));
    }

    /** The value of {@code key} among comma-separated options ({@code ""} for a flag), or null when absent. */
    private static String option(String options, String key) {
        for (String o : options.split(",")) {
            if (o.equals(key)) {
                return "";
            }
            if (o.startsWith(key + "=")) {
                return o.substring(key.length() + 1);
            }
        }
        return null;
    }
}
