package dev.cordon.platform.linux.mount;

import dev.cordon.platform.OpaqueMount;
import dev.cordon.platform.linux.sys.MountInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** R70: the mounts whose content Cordon cannot judge from the mount table, from crafted mountinfo lines. */
class OpaqueMountsTest {
    /** Paths that exist in these tables (nothing is read from this machine). */
    private static final Set<Path> THERE = Set.of(Path.of("/data/pub"), Path.of("/srv/a"), Path.of("/srv/b"));
    private static final OpaqueMounts.Host HOST = host();

    private static OpaqueMounts.Host host() {
        try {
            return new OpaqueMounts.Host(Set.of("Build-01"), Set.of(InetAddress.getByName("10.1.2.3"),
                    InetAddress.getByName("fd00::7")));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static List<OpaqueMount> opaque(String... lines) {
        return opaque(THERE::contains, lines);
    }

    private static List<OpaqueMount> opaque(java.util.function.Predicate<Path> exists, String... lines) {
        StringBuilder text = new StringBuilder("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
        for (int i = 0; i < lines.length; i++) {
            text.append(10 + i).append(" 1 0:").append(60 + i).append(" / ").append(lines[i]).append('\n');
        }
        return OpaqueMounts.of(MountInfo.parseAll(text.toString()), exists, HOST);
    }

    private static List<String> points(List<OpaqueMount> mounts) {
        return mounts.stream().map(m -> m.mountPoint().toString()).toList();
    }

    /**
     * A member's FUSE mount others may read is listed with its type and source; root's whose source is no path, or a
     * path moved away since, is not (R124: covered whole in every session), but for one known to serve no path
     * (lxcfs), which is not covered, and whose source is no path.
     */
    @Test
    void aFuseMountOthersMayReadWhoseSourceIsNoPathIsListedWithItsTypeAndSourceUnlessCoveredWhole() {
        List<OpaqueMount> found = opaque(
                "/srv/pub rw - fuse.bindfs pub rw,user_id=0,group_id=0,default_permissions,allow_other",
                "/srv/x rw - fuse.sshfs localhost:/home/alice rw,user_id=1000,group_id=1000,allow_other",
                "/srv/gone rw - fuse.bindfs /srv/moved-away rw,user_id=0,group_id=0,allow_other",
                "/srv/gone2 rw - fuse /srv/moved-too rw,user_id=0,group_id=0,default_permissions,allow_other",
                "/var/lib/lxcfs rw - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other");
        assertThat(points(found)).containsExactly("/srv/x", "/var/lib/lxcfs");
        assertThat(found).allSatisfy(m -> assertThat(m.kind()).isEqualTo(OpaqueMount.Kind.FUSE_SHARED));
        assertThat(found.get(0).fstype()).isEqualTo("fuse.sshfs");
        assertThat(found.get(0).source()).isEqualTo("localhost:/home/alice");
        assertThat(found.get(0).why()).contains("a member made (user_id=1000)");
        assertThat(found.get(1).why()).contains("allow_other").contains("not a path");
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(
                "10 1 0:60 / /srv/pub rw - fuse.bindfs pub rw,user_id=0,group_id=0,allow_other\n"
                + "11 1 0:61 / /srv/gone rw - fuse.bindfs /srv/moved-away rw,user_id=0,group_id=0,allow_other\n")))
                .containsOnlyKeys(Path.of("/srv/pub"), Path.of("/srv/gone"));
    }

    @Test
    void aFuseMountOnlyItsMounterMayReadOrWhoseSourceIsThePathsItShowsIsNotListed() {
        assertThat(opaque(
                "/srv/own rw - fuse.sshfs localhost:/home/alice rw,user_id=1000,group_id=1000",
                "/srv/other_allow rw - fuse.sshfs localhost:/home/alice rw,user_id=1000,group_id=1000,allow_others",
                "/srv/pub rw - fuse.bindfs /data/pub rw,user_id=0,group_id=0,default_permissions,allow_other",
                "/srv/merged rw - fuse.mergerfs /srv/a:/srv/b rw,user_id=0,group_id=0,allow_other",
                "/media/usb rw - fuseblk /dev/sdb1 rw,user_id=0,group_id=0,allow_other"))
                .isEmpty();
    }

    /**
     * The invariant the row stands for: a FUSE mount others may read is covered whole in every session (root's, R124),
     * or read by {@link MountLayers#paths} (its source, existing paths), or listed. bindfs 1.14 mounts as plain {@code
     * fuse} (no subtype); a member's is never read, so always listed.
     */
    @Test
    void aFuseMountOthersMayReadIsEitherCoveredOrReadByMountAliasesOrListed() {
        String[] lines = {
                "/srv/p1 rw - fuse /data/pub rw,user_id=0,group_id=0,default_permissions,allow_other",
                "/srv/p2 rw - fuse.bindfs /data/pub rw,user_id=0,group_id=0,default_permissions,allow_other",
                "/srv/p3 rw - fuse pub rw,user_id=0,group_id=0,allow_other",
                "/srv/p4 rw - fuse.mergerfs /srv/a:/srv/b rw,user_id=0,group_id=0,allow_other",
                "/srv/p5 rw - fuse.whatever /srv/a rw,user_id=0,group_id=0,allow_other",
                "/srv/p6 rw - fuse.whatever pub rw,user_id=1000,group_id=1000,allow_other",
                "/srv/p7 rw - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other"};
        List<OpaqueMount> found = opaque(lines);
        List<MountInfo> table = MountInfo.parseAll(String.join("\n", java.util.Arrays.stream(lines)
                .map(l -> "10 1 0:60 / " + l).toList()));
        for (MountInfo m : table) {
            List<Path> read = MountLayers.paths(m);
            boolean judged = MountLayers.servesByPath(m) || !read.isEmpty() && THERE.containsAll(read);
            assertThat(points(found).contains(m.mountPoint().toString())).as(m.mountPoint() + " read as " + read)
                    .isEqualTo(!judged);
        }
        assertThat(points(found)).containsExactly("/srv/p6", "/srv/p7");
    }

    @Test
    void aRootsMergedFuseMountWithABranchMissingIsCoveredNotListed() {
        assertThat(opaque("/srv/merged rw - fuse.mergerfs /srv/a:/srv/c rw,user_id=0,allow_other")).isEmpty();
        assertThat(MountLayers.servesByPath(MountInfo.parseAll(
                "10 1 0:60 / /srv/merged rw - fuse.mergerfs /srv/a:/srv/c rw,user_id=0,allow_other").get(0))).isTrue();
    }

    @Test
    void aSourceWithASpaceIsReadAsTheKernelWroteIt() {
        List<OpaqueMount> found = opaque("/srv/p\\040q rw - fuse.rclone remote\\040pub: rw,user_id=1000,allow_other");
        assertThat(points(found)).containsExactly("/srv/p q");
        assertThat(found.get(0).source()).isEqualTo("remote pub:");
    }

    /**
     * R77: a layer written through a symlink may have been re-pointed since mounting, but is not listed: Docker's
     * overlay2 names every lower layer so ({@code …/overlay2/l/<id>} to {@code ../<id>/diff}), and the doctor would be
     * unhealthy wherever a container runs. A real symlink, as Docker makes them.
     */
    @Test
    void anOverlayWhoseLayerIsWrittenThroughASymlinkIsNotListed(@TempDir Path tmp) throws Exception {
        Path diff = Files.createDirectories(tmp.toRealPath().resolve("overlay2/abc/diff"));
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.toRealPath().resolve("overlay2/l")).resolve("ABC"),
                Path.of("../abc/diff"));
        java.util.function.Predicate<Path> exists = p -> THERE.contains(p) || Files.exists(p);
        assertThat(Files.isSameFile(link, diff)).isTrue();
        assertThat(opaque(exists, "/srv/ov1 rw - overlay overlay rw,lowerdir=" + link + ":/srv/a,upperdir=/srv/b,workdir=/srv/w"))
                .isEmpty();
    }

    /**
     * R77: a layer not there now (renamed or removed since mounting: the kernel still uses the directory), in
     * {@code lowerdir}, {@code upperdir}, {@code lowerdir+}, {@code datadir+}; {@code workdir} is no layer.
     */
    @Test
    void anOverlayWithALayerThatDoesNotExistNowIsListedNamingIt() {
        List<OpaqueMount> found = opaque(
                "/srv/ov1 rw - overlay overlay rw,lowerdir=/srv/a:/srv/gone,upperdir=/srv/b,workdir=/srv/w",
                "/srv/ov2 rw - overlay overlay rw,lowerdir=/srv/a,upperdir=/srv/moved,workdir=/srv/w",
                "/srv/ov3 rw - overlay overlay rw,lowerdir+=/srv/a,datadir+=/srv/data-gone",
                "/srv/ov4 rw - overlay overlay rw,lowerdir=/srv/a::/srv/b,upperdir=/data/pub,workdir=/srv/gone-work");
        assertThat(points(found)).containsExactly("/srv/ov1", "/srv/ov2", "/srv/ov3");
        assertThat(found).allSatisfy(m -> assertThat(m.kind()).isEqualTo(OpaqueMount.Kind.OVERLAY_LAYERS_UNKNOWN));
        assertThat(found.get(0).why()).contains("layer /srv/gone does not exist now").doesNotContain("/srv/a");
        assertThat(found.get(1).why()).contains("layer /srv/moved does not exist now");
        assertThat(found.get(2).why()).contains("layer /srv/data-gone does not exist now");
    }

    /**
     * R77, R79: a layer named through /proc (a descriptor's name: the mounter's, not a path here), and one the table
     * names {@code /} (the whole root, or a layer given by descriptor with the new mount API, {@code lowerdir+} of an
     * {@code open_tree(OPEN_TREE_CLONE)}), even though {@code /} exists.
     */
    @Test
    void anOverlayWithALayerNamedThroughProcOrAsRootIsListed() {
        List<OpaqueMount> found = opaque(p -> THERE.contains(p) || p.equals(Path.of("/")),
                "/srv/ov1 rw - overlay overlay rw,lowerdir=/proc/self/fd/5:/srv/a,upperdir=/srv/b,workdir=/srv/w",
                "/srv/ov2 rw - overlay overlay rw,lowerdir+=/,lowerdir+=/srv/a",
                "/srv/ov3 rw - overlay overlay rw,lowerdir=/,upperdir=/srv/b,workdir=/srv/w",
                "/srv/ov4 rw - overlay overlay rw,lowerdir+=/proc/4242/fd/3,datadir+=/srv/b");
        assertThat(points(found)).containsExactly("/srv/ov1", "/srv/ov2", "/srv/ov3", "/srv/ov4");
        assertThat(found.get(0).why()).contains("layer /proc/self/fd/5 (a /proc name");
        assertThat(found.get(1).why()).contains("layer / (the whole root, or a layer given by descriptor");
        assertThat(found.get(2).why()).contains("layer / (");
        assertThat(found.get(3).why()).contains("layer /proc/4242/fd/3 (");
    }

    @Test
    void anOverlayWhoseLayersAreExistingRealPathsIsNotListed() {
        assertThat(opaque(
                "/srv/ov1 rw - overlay overlay rw,lowerdir=/srv/a:/srv/b,upperdir=/data/pub,workdir=/srv/w",
                "/srv/ov2 rw - overlay overlay rw,lowerdir+=/srv/a,lowerdir+=/srv/b,datadir+=/data/pub",
                "/srv/ov3 rw - overlay overlay rw,lowerdir=relative/dir,upperdir=/srv/b,workdir=/srv/w",
                "/srv/not rw - ext4 /dev/sdb1 rw,lowerdir=/srv/gone"))
                .isEmpty();
    }

    @Test
    void networkMountsServedByThisHostAreListedByNameLoopbackOrOwnAddress() {
        List<OpaqueMount> found = opaque(
                "/mnt/a rw - nfs4 localhost:/home rw,vers=4.2,addr=127.0.0.1,clientaddr=127.0.0.1",
                "/mnt/b rw - nfs 127.0.0.2:/home/alice rw,vers=3,addr=127.0.0.2",
                "/mnt/c rw - nfs4 [::1]:/ rw,vers=4.2,addr=::1",
                "/mnt/d rw - cifs //build-01/homes rw,vers=3.1.1,addr=10.1.2.3",
                "/mnt/e rw - smb3 //BUILD-01.example.org/share rw,vers=3.1.1",
                "/mnt/f rw - nfs4 nas.example.org:/export rw,vers=4.2,addr=10.1.2.3",
                "/mnt/g rw - cifs \\134\\134127.0.0.1\\134share rw,vers=3.0",
                "/mnt/h rw - nfs4 [fd00::7]:/srv rw,vers=4.2",
                "/mnt/i rw - nfs 0.0.0.0:/home rw,vers=3");
        assertThat(points(found)).containsExactly("/mnt/a", "/mnt/b", "/mnt/c", "/mnt/d", "/mnt/e", "/mnt/f", "/mnt/g",
                "/mnt/h", "/mnt/i");
        assertThat(found).allSatisfy(m -> assertThat(m.kind()).isEqualTo(OpaqueMount.Kind.NETWORK_FROM_THIS_HOST));
        assertThat(found.get(0).why()).contains("mounted from 127.0.0.1");
        assertThat(found.get(4).why()).contains("(BUILD-01.example.org)");
        assertThat(found.get(5).why()).contains("mounted from 10.1.2.3");
        assertThat(found.get(6).source()).isEqualTo("\\\\127.0.0.1\\share");
    }

    @Test
    void networkMountsOfOtherHostsAreNotListed() {
        assertThat(opaque(
                "/mnt/a rw - nfs4 nas.example.org:/export rw,vers=4.2,addr=10.9.9.9,clientaddr=10.1.2.3",
                "/mnt/b rw - cifs //fileserver/homes rw,vers=3.1.1,addr=192.168.1.20",
                "/mnt/c rw - nfs4 build-01x:/export rw,vers=4.2",
                "/mnt/d rw - nfs4 build-01.other.org:/export rw,addr=10.9.9.8",
                "/mnt/e rw - nfs 128.0.0.1:/export rw",
                "/mnt/f rw - ext4 localhost:/weird rw",
                "/mnt/g rw - nfs4 [fd00::8]:/srv rw"))
                .isEmpty();
    }

    @Test
    void serverNamesAreReadFromEachSourceForm() {
        assertThat(OpaqueMounts.server("nfs4", "host:/a:b")).isEqualTo("host");
        assertThat(OpaqueMounts.server("nfs", "[::1]:/x")).isEqualTo("::1");
        assertThat(OpaqueMounts.server("nfs", "/dev/nothing")).isNull();
        assertThat(OpaqueMounts.server("cifs", "//srv/share/sub")).isEqualTo("srv");
        assertThat(OpaqueMounts.server("smb3", "\\\\srv\\share")).isEqualTo("srv");
        assertThat(OpaqueMounts.server("cifs", "srv/share")).isNull();
    }

    @Test
    void thisHostIsLoopbackTheAnyAddressItsNamesAndItsAddressesNeverALookup() {
        for (String s : List.of("localhost", "LOCALHOST.", "ip6-localhost", "foo.localhost", "127.0.0.1", "127.255.0.9",
                "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "0.0.0.0", "::", "build-01",
                "build-01.example.org", "10.1.2.3", "fd00::7", "fd00:0::7")) {
            assertThat(OpaqueMounts.isThisHost(s, HOST)).as(s).isTrue();
        }
        for (String s : List.of("", "example.org", "build-02", "10.1.2.4", "fd00::8", "128.0.0.1", "999.1.1.1",
                "localhost.example.org", "1.2.3")) {
            assertThat(OpaqueMounts.isThisHost(s, HOST)).as(s).isFalse();
        }
    }
}
