package dev.cordon.platform.linux.mount;

import dev.cordon.core.CordonException;
import dev.cordon.platform.linux.sys.MountInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** R59: the other paths by which a place is reached, from a mount table. */
class MountAliasesTest {
    private static final Path BOB = Path.of("/home/bob");

    private static List<MountInfo> table(String... lines) {
        StringBuilder text = new StringBuilder("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
        for (int i = 0; i < lines.length; i++) {
            text.append(10 + i).append(" 1 ").append(lines[i]).append(" rw - ext4 /dev/x rw\n");
        }
        return MountInfo.parseAll(text.toString());
    }

    @Test
    void aLookThatDoesNotAnswerIsWaitedOnAgainNotRepeatedAndAFreshOneFollowsItsAnswer() throws Exception {
        Path stalled = Path.of("/srv/stalled-" + System.nanoTime());
        java.util.concurrent.CountDownLatch daemon = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<Path, MountAliases.Kind> kind = p -> {
            looks.incrementAndGet();
            try {
                daemon.await(); // a FUSE daemon that does not answer until released
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            answered.incrementAndGet();
            return MountAliases.Kind.PLAIN;
        };
        java.time.Duration bound = java.time.Duration.ofMillis(50);
        for (int start = 0; start < 3; start++) {
            assertThatThrownBy(() -> MountAliases.bounded(stalled, kind, bound)).isInstanceOf(CordonException.class)
                    .hasMessageContaining("A look at " + stalled).hasMessageContaining("did not answer");
        }
        assertThat(looks).as("R133: three refused starts, one thread blocked on the mount").hasValue(1);
        daemon.countDown();
        for (int i = 0; i < 500 && answered.get() == 0; i++) {
            Thread.sleep(20); // the blocked look answers late; that answer may be stale, so the next start looks again
        }
        Thread.sleep(100); // its future completes just after the answer
        assertThat(MountAliases.bounded(stalled, kind, bound)).isEqualTo(MountAliases.Kind.PLAIN);
        assertThat(looks).hasValue(2);
    }

    @Test
    void aBindMountOfTheHomeOfADirectoryInsideItOrAboveItAndTheFileSystemAgain() {
        assertThat(MountAliases.of(List.of(BOB), table(
                "8:1 /home/bob /srv/x",
                "8:1 /home/bob/sub /srv/y",
                "8:1 /home /srv/h",
                "8:1 / /mnt/root",
                "8:1 /home/bobby /srv/not-bob",
                "8:1 /home/alice /srv/alice",
                "8:1 /home/bob/a\\040b /srv/a\\040b")))
                .isEqualTo(Map.of(Path.of("/srv/x"), BOB, Path.of("/srv/y"), BOB, Path.of("/srv/h/bob"), BOB,
                        Path.of("/mnt/root/home/bob"), BOB, Path.of("/srv/a b"), BOB));
    }

    @Test
    void aHomeOnItsOwnFileSystemIsFoundByThatFileSystemsDirectoryNotByThePathBeneathIt() {
        assertThat(MountAliases.of(List.of(BOB), table(
                "8:2 / /home",
                "8:2 /bob /srv/z",
                "8:1 /home/bob /srv/covered")))
                .isEqualTo(Map.of(Path.of("/srv/z"), BOB));
    }

    @Test
    void aFileSystemMountedInsideThePlaceAndShownElsewhereIsAnAliasToo() {
        assertThat(MountAliases.of(List.of(BOB), table(
                "0:50 / /home/bob/data",
                "0:50 /photos /srv/photos",
                "8:1 /home/bob/sub /home/bob/x")))
                .isEqualTo(Map.of(Path.of("/srv/photos"), BOB));
    }

    @Test
    void theTopmostOfMountsStackedAtOnePointHoldsThePlace() {
        assertThat(MountAliases.of(List.of(BOB), table(
                "8:2 / /home",
                "8:3 / /home",
                "8:2 /bob /srv/old",
                "8:3 /bob /srv/new")))
                .isEqualTo(Map.of(Path.of("/srv/new"), BOB));
    }

    @Test
    void noMountNoAlias() {
        assertThat(MountAliases.of(List.of(BOB, Path.of("/var/lib/cordon")), table("0:40 / /tmp"))).isEmpty();
    }

    /**
     * R62: a mount whose point or root is not a valid file name (here {@code \377}) cannot be hidden by path: one that
     * would show the place refuses, naming it; one that shows nothing hidden is left alone.
     */
    @Test
    void aMountThatCannotBeNamedRefusesWhenItShowsThePlaceAndIsIgnoredOtherwise() {
        assertThat(MountAliases.of(List.of(BOB), table("8:1 /home/alice /srv/x\\377", "8:1 /home/alice\\377 /srv/y",
                "0:9 / /srv/\\377z"))).isEmpty();
        assertThatThrownBy(() -> MountAliases.of(List.of(BOB), table("8:1 /home/bob /srv/x\\377")))
                .isInstanceOf(CordonException.class).hasMessageContaining("The mount at /srv/x\uFFFD")
                .hasMessageContaining("shows /home/bob");
        assertThatThrownBy(() -> MountAliases.of(List.of(BOB), table("8:1 /home /srv/h\\377")))
                .isInstanceOf(CordonException.class).hasMessageContaining("shows /home/bob");
        // a mount inside the place whose root cannot be named: another mount of that directory shows the place's inside
        assertThatThrownBy(() -> MountAliases.of(List.of(BOB), table("8:2 /d\\377 /home/bob/in", "8:2 /d\\377 /srv/d")))
                .isInstanceOf(CordonException.class).hasMessageContaining("shows /home/bob");
    }

    /**
     * R60: the covers of a runner's namespace: the outermost of nested aliases, none for one that is not there, a
     * directory or a file each; one reached through a symlink is refused, naming it and the fix.
     */
    @Test
    void coversTheOutermostExistingAliasesAndRefusesASymlink(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path dir = java.nio.file.Files.createDirectories(tmp.toRealPath().resolve("x/home/bob"));
        Path file = java.nio.file.Files.writeString(dir.resolveSibling("f"), "secret");
        List<MountOp> ops = MountAliases.covers(List.of(dir, dir.resolve("inner"), file, tmp.resolve("x/missing")));
        assertThat(ops).containsExactly(MountOp.cover(dir), MountOp.cover(file));
        Path link = java.nio.file.Files.createSymbolicLink(tmp.toRealPath().resolve("link"), dir);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MountAliases.covers(List.of(link)))
                .hasMessageContaining(link + " is another path to a place").hasMessageContaining("no runner was started")
                .extracting(e -> ((dev.cordon.core.CordonException) e).fix()).asString().contains("umount");
    }

    /**
     * R61: an overlay (its own device) whose lower or upper layer lies in the place, or holds it, shows it at its mount
     * point (or the place's path below it); its workdir shows nothing; a bindfs-like FUSE mount of the place too, and a
     * layer that is itself an alias found by device.
     */
    @Test
    void anOverlayOrFuseMountBuiltOnThePlace() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:50 / /srv/o1 rw - overlay overlay rw,lowerdir=/usr/a:/home/bob/sub,upperdir=/srv/u,workdir=/srv/w\n"
                + "21 1 0:51 / /srv/o2 rw - overlay overlay rw,lowerdir=/usr/a,upperdir=/home/bob/up,workdir=/srv/w2,xino=off\n"
                + "22 1 0:52 / /srv/o3 rw - overlay overlay rw,lowerdir=/home,upperdir=/srv/u3,workdir=/srv/w3\n"
                + "23 1 0:53 / /srv/o4 rw - overlay overlay rw,lowerdir=/usr/a,upperdir=/srv/u4,workdir=/home/bob/w\n"
                + "24 1 0:54 / /srv/f rw - fuse.bindfs /home/bob/pub rw,user_id=0\n"
                + "27 1 0:56 / /srv/g rw - fuse /home/bob/pub2 rw,user_id=0,group_id=0,allow_other\n"
                + "25 1 8:1 /home/bob /srv/b rw - ext4 /dev/sda1 rw\n"
                + "26 1 0:55 / /srv/o5 rw - overlay overlay rw,lowerdir=/srv/b/x,upperdir=/srv/u5,workdir=/srv/w5\n")))
                .containsOnlyKeys(Path.of("/srv/o1"), Path.of("/srv/o2"), Path.of("/srv/o3/bob"), Path.of("/srv/f"),
                        Path.of("/srv/b"), Path.of("/srv/o5"), Path.of("/srv/g"));
        assertThat(MountLayers.paths(MountInfo.parseAll(
                "20 1 0:50 / /srv/o rw - overlay overlay rw,lowerdir=/a\\:b:rel/c,upperdir=/u\n").get(0)))
                .containsExactly(Path.of("/a:b"), Path.of("/u"));
    }

    @Test
    void anOverlayBuiltOnAnotherOneBuiltOnThePlaceIsFoundAndALayerOfSlashEnds() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        // the sixteenth review's chain: B's only layer is A's mount point, A's is in the home; C on a bind of B's
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:50 / /srv/a rw - overlay rv16a rw,lowerdir=/home/bob/shared,upperdir=/srv/u1,workdir=/srv/w1\n"
                + "21 1 0:51 / /srv/b rw - overlay rv16b rw,lowerdir=/srv/a,upperdir=/srv/u2,workdir=/srv/w2\n"
                + "22 1 0:51 / /srv/bb rw - overlay rv16b rw,lowerdir=/srv/a,upperdir=/srv/u2,workdir=/srv/w2\n"
                + "23 1 0:52 / /srv/c rw - overlay rv16c rw,lowerdir=/srv/q:/srv/bb/sub,upperdir=/srv/u3,workdir=/srv/w3\n")))
                .containsOnlyKeys(Path.of("/srv/a"), Path.of("/srv/b"), Path.of("/srv/bb"), Path.of("/srv/c"));
        // two overlays of / each: found under each, and the search ends
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:50 / /srv/o rw - overlay o rw,lowerdir=/,upperdir=/var/u1,workdir=/var/w1\n"
                + "21 1 0:51 / /srv/p rw - overlay p rw,lowerdir=/,upperdir=/var/u2,workdir=/var/w2\n")))
                .containsKeys(Path.of("/srv/o/home/bob"), Path.of("/srv/p/home/bob"));
    }

    /** RV17-1: a bind of a directory of an overlay (or bindfs) mount, its root not /, shows that directory of each layer. */
    @Test
    void aBindOfADirectoryOfAnOverlayShowsThePlaceAtItsMountPoint() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:50 / /srv/o rw - overlay ov rw,lowerdir=/home,upperdir=/srv/u,workdir=/srv/w\n"
                + "21 1 0:50 /bob /srv/x rw - overlay ov rw,lowerdir=/home,upperdir=/srv/u,workdir=/srv/w\n"
                + "22 1 0:60 / /srv/f rw - fuse.bindfs /home rw,user_id=0\n"
                + "23 1 0:60 /bob /srv/y rw - fuse.bindfs /home rw,user_id=0\n")))
                .containsOnlyKeys(Path.of("/srv/o/bob"), Path.of("/srv/x"), Path.of("/srv/f/bob"), Path.of("/srv/y"));
    }

    /**
     * RV17-3: overlays of / do not show each other's mounts (a layer shows its own file system only), so their aliases
     * do not nest: three of them on a table of 40 mounts give one alias each (before: an alias set growing
     * exponentially with the table, every session start stalled).
     */
    @Test
    void overlaysOfSlashDoNotShowEachOthersMountsSoTheirAliasesDoNotNest() {
        StringBuilder t = new StringBuilder("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
        for (String n : List.of("o", "p", "q")) {
            t.append("2").append(n.charAt(0) - 'o').append(" 1 0:5").append(n.charAt(0) - 'o').append(" / /srv/").append(n)
                    .append(" rw - overlay ").append(n).append(" rw,lowerdir=/,upperdir=/var/u").append(n)
                    .append(",workdir=/var/w").append(n).append('\n');
        }
        for (int i = 0; i < 36; i++) {
            t.append(30 + i).append(" 1 0:").append(70 + i).append(" / /run/f").append(i).append(" rw - tmpfs tmpfs rw\n");
        }
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(t.toString())))
                .containsOnlyKeys(Path.of("/srv/o/home/bob"), Path.of("/srv/p/home/bob"), Path.of("/srv/q/home/bob"));
        // and a place on a file system of its own is not shown by an overlay of the file system below it
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "10 1 8:2 / /home rw - ext4 /dev/sda2 rw\n"
                + "20 1 0:50 / /srv/o rw - overlay o rw,lowerdir=/,upperdir=/var/u,workdir=/var/w\n"))).isEmpty();
    }

    /** RV17-5: a layer is taken where the kernel resolved it: ".." after a symlink is not removed lexically first. */
    @Test
    void aLayerWithDotDotAfterASymlinkIsResolvedAsTheKernelDid(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path base = tmp.toRealPath();
        Path home = java.nio.file.Files.createDirectories(base.resolve("home/bob/shared")).getParent();
        java.nio.file.Files.createDirectories(base.resolve("home/alice"));
        java.nio.file.Files.createDirectories(base.resolve("srv"));
        java.nio.file.Files.createSymbolicLink(base.resolve("srv/link"), base.resolve("home/alice"));
        assertThat(MountAliases.of(List.of(home), MountInfo.parseAll("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "20 1 0:50 / /srv/o rw - overlay ov rw,lowerdir=" + base + "/srv/link/../bob/shared,upperdir=/srv/u,workdir=/srv/w\n")))
                .containsOnlyKeys(Path.of("/srv/o"));
    }

    /**
     * R66: a place whose own mount is an overlay or a FUSE bind is reached through that mount's layers, which hold its
     * files (and through binds of those layers); the other layers of a mount that shows the place as one of its layers
     * are not the place's, nor are the layers of a mount inside the place (a member could mount one in their own home).
     */
    @Test
    void aPlaceInAnOverlayOrFuseMountIsReachedThroughItsLayers() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:50 / /home rw - overlay ov rw,lowerdir=/srv/l1:/srv/l2,upperdir=/srv/u,workdir=/srv/w\n"
                + "21 1 8:1 /srv/u /mnt/u rw - ext4 /dev/sda1 rw\n"
                + "22 1 0:51 / /srv/o rw - overlay o2 rw,lowerdir=/srv/l1,upperdir=/srv/u2,workdir=/srv/w2\n")))
                .isEqualTo(Map.of(Path.of("/srv/l1/bob"), BOB, Path.of("/srv/l2/bob"), BOB, Path.of("/srv/u/bob"), BOB,
                        Path.of("/mnt/u/bob"), BOB, Path.of("/srv/o/bob"), BOB));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:60 / /home/bob rw - fuse.bindfs /data/bob rw,user_id=0,allow_other\n"
                + "21 1 0:61 /sub /home/alice/x rw - fuse.bindfs /data/alice rw,user_id=0\n")))
                .isEqualTo(Map.of(Path.of("/data/bob"), BOB));
        // a place below a bind of a directory of an overlay: that directory of each layer
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:50 /homes /home rw - overlay ov rw,lowerdir=/srv/l,upperdir=/srv/u,workdir=/srv/w\n")))
                .containsOnlyKeys(Path.of("/srv/l/homes/bob"), Path.of("/srv/u/homes/bob"));
    }

    @Test
    void theOtherLayersOfAMountShowingThePlaceAndTheLayersOfAMountInsideItAreNotThePlaces() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:50 / /srv/o rw - overlay ov rw,lowerdir=/usr:/home/bob/shared,upperdir=/etc,workdir=/srv/w\n"
                + "21 1 0:50 / /srv/ob rw - overlay ov rw,lowerdir=/usr:/home/bob/shared,upperdir=/etc,workdir=/srv/w\n"
                + "22 1 0:60 / /home/bob/m rw - fuse.bindfs /usr rw,user_id=1000\n"
                + "23 1 0:61 / /home/bob/n rw - overlay ov2 rw,lowerdir=/etc,upperdir=/home/bob/u,workdir=/home/bob/w\n")))
                .containsOnlyKeys(Path.of("/srv/o"), Path.of("/srv/ob"));
    }

    /**
     * R92 (twenty-second review): a FUSE bind that shows its own mount point shows every place again at each level below
     * itself ({@code /srv/b/srv/b/home/bob}, without end), and one with one thread waits on itself for ever there: it is
     * hidden whole; so are chains of them through each other or through an overlay whose layer lies in one. A mount
     * over its own layer ({@code bindfs /home /home}, an overlay over its lower directory) looks the layer up beneath
     * itself: no loop, nothing hidden whole.
     */
    @Test
    void aFuseBindThatShowsItselfIsHiddenWholeAndAMountOverItsOwnLayerIsNoLoop() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:60 / /srv/b rw - fuse / rw,user_id=0,group_id=0,allow_other\n")))
                .isEqualTo(Map.of(Path.of("/srv/b"), BOB));
        assertThat(MountAliases.of(List.of(Path.of("/srv/p")), MountInfo.parseAll(root
                + "20 1 0:60 / /data/a rw - fuse /srv rw,user_id=0,group_id=0,allow_other\n"
                + "21 1 0:61 / /srv/b rw - fuse.mergerfs /usr:/data rw,user_id=0,group_id=0,allow_other\n")))
                .isEqualTo(Map.of(Path.of("/data/a"), Path.of("/srv/p"), Path.of("/srv/b"), Path.of("/srv/p")));
        assertThat(MountAliases.of(List.of(Path.of("/mnt/home/bob")), MountInfo.parseAll(root
                + "20 1 0:60 / /srv/b rw - fuse /mnt rw,user_id=0,group_id=0,allow_other\n"
                + "21 1 0:50 / /mnt/o rw - overlay ov rw,lowerdir=/srv/b/home,upperdir=/var/u,workdir=/var/w\n")))
                .containsOnlyKeys(Path.of("/srv/b"), Path.of("/mnt/o"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:60 / /home rw - fuse /home rw,user_id=0,group_id=0,allow_other\n"
                + "21 1 0:50 / /srv/o rw - overlay ov rw,lowerdir=/srv/o,upperdir=/var/u,workdir=/var/w\n"))).isEmpty();
        // without a loop a FUSE bind of / shows the place at its path below the mount, not the whole mount
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:60 / /srv/b rw - fuse /home rw,user_id=0,group_id=0,allow_other\n")))
                .isEqualTo(Map.of(Path.of("/srv/b/bob"), BOB));
    }

    /** RV23-2: a mergerfs pool's branches as it tells them ({@code user.mergerfs.branches}), each without its mode. */
    @Test
    void aMergerfsPoolsBranchesAreItsOwnWithoutTheirModes() {
        assertThat(MountLayers.parsedBranches("/srv/a=RW:/home=RO,10G:/x".getBytes(StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8))).containsExactly("/srv/a", "/home", "/x");
    }

    /**
     * The twenty-fourth review. RV24-1: a bind of a subdirectory of a pool whose root is mounted nowhere (unmounted
     * since, or covered) tells no branches and its table name is no path: taken as built on {@code /}, hidden whole;
     * with the pool's root mounted, its branches serve the bind too. RV24-2: mergerfs looks its branches up by path at
     * every call, so a pool with its own mount point as a branch loops: hidden whole. A pool that shows no place is not.
     * (The branches here come from the table's absolute source, as an older mergerfs names them: the pools are not real.)
     */
    @Test
    void aPoolIsJudgedByItsFileSystemsBranchesAndOneThatLoopsOrTellsNothingIsHiddenWhole() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        String roots = " rw,user_id=0,group_id=0,default_permissions,allow_other\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:70 /bob /srv/q rw - fuse.mergerfs srv/a:home" + roots)))
                .isEqualTo(Map.of(Path.of("/srv/q"), BOB));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:70 / /srv/p rw - fuse.mergerfs /srv/a:/home" + roots
                + "21 1 0:70 /bob /srv/q rw - fuse.mergerfs /srv/a:/home" + roots)))
                .isEqualTo(Map.of(Path.of("/srv/p/bob"), BOB, Path.of("/srv/q"), BOB));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:70 / /srv/p rw - fuse.mergerfs /srv/a:/srv/p:/home" + roots)))
                .isEqualTo(Map.of(Path.of("/srv/p"), BOB));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:70 / /srv/d rw - fuse.mergerfs /usr/share/doc:/srv/a" + roots))).isEmpty();
    }

    /**
     * The twenty-fifth review. RV25-1: a mount over a directory holding its own layers (an overlay at {@code /} of layers
     * in /var/lib/docker, the table inside a container; an overlay or pool over /home of directories in /home) — its
     * layers' paths lead through itself, and following them nested the aliases once more each round (2 layers and 6
     * other mounts: 2046 aliases; 25 other mounts: no end in sight). RV25-2: a pool's branches are not read where
     * another mount (a member's FUSE mount too) sits on its point: what answers there is not the pool.
     */
    @Test
    void layersUnderTheirOwnMountAreNotFollowedAndAStackedPoolTellsNothing(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        StringBuilder others = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            others.append(40 + i).append(" 1 0:").append(90 + i).append(" / /proc/m").append(i).append(" rw - tmpfs t rw\n");
        }
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB, Path.of("/home/alice")), MountInfo.parseAll(root
                + "30 1 0:40 / / rw - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/L0:/var/lib/docker/overlay2/l/L1"
                + ",upperdir=/var/lib/docker/overlay2/X/diff,workdir=/var/lib/docker/overlay2/X/work\n" + others)))
                .isEmpty();
        assertThat(MountAliases.of(List.of(BOB, Path.of("/home/alice")), MountInfo.parseAll(root
                + "20 1 0:50 / /home rw - overlay overlay rw,lowerdir=/home/.base,upperdir=/home/.upper,workdir=/home/.w\n"
                + others))).isEmpty();
        // what answers for .mergerfs at the pool's point, here a file that names /usr/share (a member's daemon could)
        Path point = Files.createDirectories(tmp.resolve("p"));
        Files.getFileAttributeView(Files.createFile(point.resolve(".mergerfs")),
                java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("mergerfs.branches", java.nio.ByteBuffer.wrap("/usr/share=RW".getBytes(StandardCharsets.UTF_8)));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:70 / " + point + " rw - fuse.mergerfs /srv/a:/home rw,user_id=0,group_id=0,allow_other\n"
                + "21 1 0:80 / " + point + " rw - fuse.evil x rw,user_id=1001,group_id=1001,allow_other\n"
                + "22 1 0:70 /bob /srv/q rw - fuse.mergerfs /srv/a:/home rw,user_id=0,group_id=0,allow_other\n")))
                .containsKey(Path.of("/srv/q"));
    }

    /**
     * The twenty-sixth review. RV26-1: an overlay root ({@code overlayroot}, Raspberry Pi OS, live systems) has its
     * layers on mounts made since, at {@code /media/root-ro} and {@code /media/root-rw}: those are followed (R98's skip is
     * for a layer reached through its own mount only). RV26-3: a pool with a mount made above its point tells nothing.
     */
    @Test
    void anOverlayRootsLayersOnLaterMountsAreFollowedAndAPoolUnderALaterMountTellsNothing(
            @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(
                "22 1 0:40 / / rw - overlay overlayroot rw,lowerdir=/media/root-ro,upperdir=/media/root-rw/overlay,"
                        + "workdir=/media/root-rw/overlay-workdir\n"
                        + "23 22 179:2 / /media/root-ro ro - ext4 /dev/mmcblk0p2 ro\n"
                        + "24 22 0:41 / /media/root-rw rw - tmpfs tmpfs-root rw\n")))
                .containsOnlyKeys(Path.of("/media/root-ro/home/bob"), Path.of("/media/root-rw/overlay/home/bob"));
        Path point = Files.createDirectories(tmp.resolve("top/p"));
        Files.getFileAttributeView(Files.createFile(point.resolve(".mergerfs")),
                java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("mergerfs.branches", java.nio.ByteBuffer.wrap("/usr/share=RW".getBytes(StandardCharsets.UTF_8)));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "20 1 0:70 / " + point + " rw - fuse.mergerfs /srv/a:/home rw,user_id=0,group_id=0,allow_other\n"
                + "21 1 0:80 / " + point.getParent() + " rw - tmpfs t rw\n"
                + "22 1 0:70 /bob /srv/q rw - fuse.mergerfs /srv/a:/home rw,user_id=0,group_id=0,allow_other\n")))
                .containsKey(Path.of("/srv/q"));
    }

    /**
     * R103 (RV26-2): a mount made over its own layer ({@code bindfs /home /home}, an overlay over {@code /home} of
     * {@code /home}) holds the place's files in the directory beneath it, and that file system shown elsewhere (the root
     * bound at {@code /mnt/root}, {@code /home} bound at {@code /srv/h} first) shows them there; a path of it that leads
     * through the mount itself is none (it would nest), nor is anything found for a container's overlay at {@code /},
     * whose layers' file system the table does not show.
     */
    @Test
    void aMountOverItsOwnLayerHoldsThePlaceBeneathItWhichOtherMountsOfThatFileSystemShow() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 / /mnt/root rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:60 / /home rw - fuse /home rw,user_id=0,group_id=0,allow_other\n")))
                .isEqualTo(Map.of(Path.of("/mnt/root/home/bob"), BOB));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 /home /srv/h rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:50 / /home rw - overlay ov rw,lowerdir=/home,upperdir=/var/u,workdir=/var/w\n")))
                .isEqualTo(Map.of(Path.of("/srv/h/bob"), BOB, Path.of("/var/u/bob"), BOB));
        // two stacked: the lower one's layer lies beneath both (its path leads through the top one)
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 / /mnt/root rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:60 / /home rw - fuse /home rw,user_id=0,group_id=0,allow_other\n"
                + "22 21 0:61 / /home rw - fuse /home rw,user_id=0,group_id=0,allow_other\n")))
                .isEqualTo(Map.of(Path.of("/mnt/root/home/bob"), BOB));
        // a bind made after the overlay, of the file system beneath it, shows the lower files too (and the upper ones);
        // the root's own path to the lower files leads through the overlay: none
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "21 1 0:50 / /home rw - overlay ov rw,lowerdir=/home/.base,upperdir=/var/u,workdir=/var/w\n"
                + "22 1 8:1 / /mnt/root rw - ext4 /dev/sda1 rw\n")))
                .isEqualTo(Map.of(Path.of("/mnt/root/home/.base/bob"), BOB, Path.of("/var/u/bob"), BOB,
                        Path.of("/mnt/root/var/u/bob"), BOB));
        // a path of a mount that leads into one made since is followed all the same: an overlay made before that took
        // its layer there (on 7f08620 such a path was hidden but not followed, and /srv/q was missed)
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 / /mnt/x rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:50 / /srv/q rw - overlay q rw,lowerdir=/mnt/x/home/bob,upperdir=/var/uq,workdir=/var/wq\n"
                + "22 20 0:60 / /mnt/x/home rw - tmpfs t rw\n")))
                .containsOnlyKeys(Path.of("/mnt/x/home/bob"), Path.of("/srv/q"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(
                "30 1 0:40 / / rw - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/L0,"
                        + "upperdir=/var/lib/docker/overlay2/X/diff,workdir=/var/lib/docker/overlay2/X/work\n"
                        + "31 30 8:1 / /host rw - ext4 /dev/sda1 rw\n"))).isEmpty();
    }

    /**
     * R104 (RV26-4): an overlay at {@code /home} of {@code /srv/o/home}, then one at {@code /srv/o} of {@code /home/.skel}:
     * the first took its layer from the root file system, before the second was there, so they are no loop, and
     * {@code /home} is not hidden whole (that refused every start, a workspace under {@code /home} covered).
     */
    @Test
    void aMountMadeSinceAboveALayerHoldsNothingOfItSoOverlaysUnderEachOthersPointsAreNoLoop() {
        Map<Path, Path> aliases = MountAliases.of(List.of(BOB), MountInfo.parseAll("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "20 1 0:50 / /home rw - overlay a rw,lowerdir=/srv/o/home,upperdir=/var/u,workdir=/var/w\n"
                + "21 1 0:51 / /srv/o rw - overlay b rw,lowerdir=/home/.skel,upperdir=/var/u2,workdir=/var/w2\n"));
        assertThat(aliases).containsKey(Path.of("/var/u/bob")).doesNotContainKeys(Path.of("/home"), Path.of("/srv/o"));
    }

    /**
     * R105, R106, R108 (twenty-seventh review), R124–R126 (thirtieth): every FUSE mount of root's that other accounts may
     * use serves files by path as root, and so does every bind of one and every overlay built on one, whatever the table
     * says it was built on: a bindfs holds the directory it was given open (renamed since: R124), or is named by no path
     * (a space in its source: R125), or serves through a daemon whose own layer is off the table (R126). Not a member's
     * FUSE mount, one without {@code allow_other}, one known to serve no path (lxcfs), nor an overlay of plain
     * directories.
     */
    @Test
    void everyFuseMountOfRootsThatOthersMayUseServesFilesByPath() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        String rf = " rw,user_id=0,group_id=0,allow_other\n";
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(root
                + "20 1 0:60 / /srv/m rw - fuse /srv/s" + rf
                + "21 1 0:60 /ws/d /srv/n rw - fuse /srv/s" + rf
                + "22 1 0:61 / /srv/p rw - fuse.mergerfs /usr/share:/srv/s/ws/branch" + rf
                + "23 1 0:62 / /srv/u rw - fuse /usr/share" + rf
                + "24 1 0:64 / /srv/sp rw - fuse.bindfs bindfs" + rf
                + "25 1 0:63 / /srv/q rw - fuse /srv/s rw,user_id=1001,group_id=1001,allow_other\n"
                + "26 1 0:65 / /srv/r rw - fuse /srv/s rw,user_id=0,group_id=0\n"
                + "27 1 0:66 / /var/lib/lxcfs rw - fuse.lxcfs lxcfs" + rf
                + "28 1 0:66 /proc/meminfo /proc/meminfo rw - fuse.lxcfs lxcfs" + rf
                + "29 1 0:50 / /srv/o rw - overlay ov rw,lowerdir=/srv/s,upperdir=/var/u,workdir=/var/w\n")))
                .isEqualTo(Map.of(Path.of("/srv/m"), "fuse /srv/s", Path.of("/srv/n"), "fuse /srv/s",
                        Path.of("/srv/p"), "fuse.mergerfs /usr/share:/srv/s/ws/branch", Path.of("/srv/u"), "fuse /usr/share",
                        Path.of("/srv/sp"), "fuse.bindfs bindfs"));
        // RV28-X2: an overlay built on a bindfs asks its daemon, as root, for what lies under the root; and a bind of it
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(root
                + "20 1 0:60 / /srv/f rw - fuse /srv/s" + rf
                + "21 1 0:50 / /srv/m rw - overlay ov rw,lowerdir=/srv/f,upperdir=/srv/u/u,workdir=/srv/u/w\n"
                + "22 1 0:50 /d /srv/b rw - overlay ov rw,lowerdir=/srv/f,upperdir=/srv/u/u,workdir=/srv/u/w\n")))
                .containsOnlyKeys(Path.of("/srv/f"), Path.of("/srv/m"), Path.of("/srv/b"));
        // R126: a bindfs of a bindfs whose point was taken off since (umount -l): the first daemon is gone from the table
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(root
                + "21 1 0:61 / /srv/m rw - fuse /srv/a" + rf))).containsOnlyKeys(Path.of("/srv/m"));
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(root))).isEmpty();
    }

    /**
     * The thirty-first review. R131: a FUSE daemon mounted with {@code blkdev} is named {@code fuseblk} or {@code
     * fuseblk.<subtype>} (mergerfs so served another member's home): root's, others may use it, so it is covered too; a
     * member's is not. R132: a bind of a served mount whose root a member renamed to a name that is not valid UTF-8 is
     * covered at its point (refusing every start stopped every member's session); one whose point is no valid name still
     * refuses, naming it.
     */
    @Test
    void thirtyFirstReview() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(root
                + "20 1 7:0 / /srv/p rw - fuseblk.mergerfs /dev/loop0 rw,user_id=0,group_id=0,default_permissions,"
                + "allow_other,blksize=4096\n"
                + "21 1 7:1 / /srv/q rw - fuseblk /dev/loop1 rw,user_id=0,group_id=0,allow_other,blksize=4096\n"
                + "22 1 7:2 / /srv/r rw - fuseblk /dev/loop2 rw,user_id=1000,group_id=1000,allow_other,blksize=4096\n")))
                .containsOnlyKeys(Path.of("/srv/p"), Path.of("/srv/q"));
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(root
                + "20 1 0:56 / /srv/m rw - fuse /srv/s rw,user_id=0,group_id=0,default_permissions,allow_other\n"
                + "21 1 0:56 /alice/su\\377b /srv/b rw - fuse /srv/s rw,user_id=0,group_id=0,allow_other\n")))
                .containsOnlyKeys(Path.of("/srv/m"), Path.of("/srv/b"));
        assertThatThrownBy(() -> MountAliases.servingByPath(MountInfo.parseAll(root
                + "20 1 0:56 / /srv/m rw - fuse /srv/s rw,user_id=0,group_id=0,allow_other\n"
                + "21 1 0:56 /alice /srv/b\\377 rw - fuse /srv/s rw,user_id=0,group_id=0,allow_other\n")))
                .isInstanceOf(CordonException.class)
                .hasMessageContaining("its mount point is not a valid");
    }

    /**
     * R107 (RV27-3, RV27-4): another member's directory bound at P/low, then an overlay (or root's bindfs) at P built on
     * P/low: the bind lies beneath the mount that covers it, and the mount shows the place at P.
     */
    @Test
    void aMountBuiltOnABindOfThePlaceUnderItsOwnPointShowsIt() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 /home/bob/x /srv/p/low rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:50 / /srv/p rw - overlay ov rw,lowerdir=/srv/p/low,upperdir=/var/u,workdir=/var/w\n")))
                .isEqualTo(Map.of(Path.of("/srv/p"), BOB)); // the bind's point, inside it, hidden with it
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 /home/bob/x /srv/p/low rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:60 / /srv/p rw - fuse /srv/p/low rw,user_id=0,group_id=0,allow_other\n")))
                .isEqualTo(Map.of(Path.of("/srv/p"), BOB));
        // RV28-X13: a tmpfs made on P/low since, on top of the overlay, does not hide the bind beneath from it
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 /home/bob/x /srv/p/low rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:50 / /srv/p rw - overlay ov rw,lowerdir=/srv/p/low,upperdir=/var/u,workdir=/var/w\n"
                + "22 21 0:70 / /srv/p/low rw - tmpfs t rw\n")))
                .containsKey(Path.of("/srv/p"));
        // a bind made since on top of the overlay, at the same path, is no layer of it
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "21 1 0:50 / /srv/p rw - overlay ov rw,lowerdir=/srv/p/low,upperdir=/var/u,workdir=/var/w\n"
                + "22 21 8:1 /home/bob/x /srv/p/low rw - ext4 /dev/sda1 rw\n")))
                .isEqualTo(Map.of(Path.of("/srv/p/low"), BOB));
    }

    /**
     * The twenty-ninth review (crafted tables). R117: an overlay built on a served bindfs is served though a mount made
     * since sits at the layer's path (what held the layer when the overlay was made counts). R118: a mount made before
     * an overlay at the overlay's own point (a bind of /home at P, then an overlay at P of P/bob) holds its layer: P
     * shows bob's home whole. R121: beneath a mount over its own layer, only paths that lead through that mount are left
     * out, not ones into another mount (an overlay made on /mnt/r/home/bob before a tmpfs covered /mnt/r/home).
     */
    @Test
    void twentyNinthReview() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        String rf = " rw,user_id=0,group_id=0,allow_other\n";
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(root
                + "20 1 0:60 / /srv/f rw - fuse /srv/s" + rf
                + "21 1 0:50 / /srv/o rw - overlay ov rw,lowerdir=/srv/f,upperdir=/var/u,workdir=/var/w\n"
                + "22 20 0:70 / /srv/f rw - tmpfs t rw\n"))).containsKey(Path.of("/srv/o"));
        assertThat(MountAliases.servingByPath(MountInfo.parseAll(root
                + "20 1 0:60 / /srv/f rw - fuse /srv/s" + rf
                + "21 1 0:60 / /srv/o/low rw - fuse /srv/s" + rf
                + "22 1 0:50 / /srv/o rw - overlay ov rw,lowerdir=/srv/o/low,upperdir=/var/u,workdir=/var/w\n"
                + "23 22 0:70 / /srv/o/low rw - tmpfs t rw\n"))).containsKey(Path.of("/srv/o"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 /home /srv/p rw - ext4 /dev/sda1 rw\n"
                + "21 20 0:50 / /srv/p rw - overlay ov rw,lowerdir=/srv/p/bob,upperdir=/var/u,workdir=/var/w\n")))
                .containsKey(Path.of("/srv/p"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 /home /srv/p rw - ext4 /dev/sda1 rw\n"
                + "21 20 0:60 / /srv/p rw - fuse /srv/p/bob" + rf))).containsKey(Path.of("/srv/p"));
        String base = root + "20 1 8:1 / /mnt/r rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:55 / /srv/q rw - overlay ov rw,lowerdir=/mnt/r/home/bob,upperdir=/var/uq,workdir=/var/wq\n"
                + "22 20 0:70 / /mnt/r/home rw - tmpfs t rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(base + "23 1 0:60 / /home rw - fuse /home" + rf)))
                .containsKey(Path.of("/srv/q"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(base
                + "23 1 0:50 / /home rw - overlay ov rw,lowerdir=/home,upperdir=/var/u,workdir=/var/w\n")))
                .containsKey(Path.of("/srv/q"));
    }

    @Test
    void theNodesOnCyclesAreThoseThatReachThemselves() {
        assertThat(MountAliases.onCycles(Map.of("a", Set.of("a")))).containsExactly("a");
        assertThat(MountAliases.onCycles(Map.of("a", Set.of("b"), "b", Set.of("a", "d"), "c", Set.of("a"))))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(MountAliases.onCycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of()))).isEmpty();
        assertThat(MountAliases.onCycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("b", "e"), "e",
                Set.of("e"), "f", Set.of("a")))).containsExactlyInAnyOrder("b", "c", "e");
    }

    /** Where the captured mounts of {@code mountinfo-r69-linux-6.18.bin} were made. */
    private static final String CAP = "/tmp/r69cap.JpmRMO/";

    private static List<MountInfo> captured() throws Exception {
        try (var in = MountAliasesTest.class.getResourceAsStream(
                "/dev/cordon/platform/linux/sys/mountinfo-r69-linux-6.18.bin")) {
            return MountInfo.parseAll(in.readAllBytes());
        }
    }

    private static List<Path> layersAt(List<MountInfo> mounts, String mountPoint) {
        return MountLayers.paths(mounts.stream().filter(m -> m.mountPoint().equals(Path.of(mountPoint))).findFirst()
                .orElseThrow());
    }

    private static Path p(String... parts) {
        return Path.of(String.join("", parts));
    }

    /**
     * R69: the lines Linux 6.18 wrote (captured by {@code mountinfo-r69-capture.sh}) for overlays (legacy {@code
     * mount(2)}, {@code fsconfig} {@code lowerdir}, {@code lowerdir+}/{@code datadir+}) and bindfs mounts (by root:
     * type {@code fuse}; with {@code -o subtype=bindfs}: {@code fuse.bindfs}) whose layer names hold a comma, colon,
     * space, tab, {@code =}, backslash or newline: each layer is exactly the directory the kernel used. Before, a comma
     * or backslash kept the mounter's escape ({@code lo\,1}), a comma before letters split a {@code lowerdir+} name, a
     * colon split it too, and root's bindfs (type {@code fuse}) was not read at all.
     */
    @Test
    void eachLayerOfTheRealLinesIsTheDirectoryTheKernelUsed() throws Exception {
        List<MountInfo> real = captured();
        Map<String, String> chars = Map.of("comma", ",", "colon", ":", "space", " ", "tab", "\t", "eq", "=",
                "bslash", "\\", "nl", "\n");
        chars.forEach((k, c) -> {
            String d = CAP + k + "/";
            assertThat(layersAt(real, d + "legacy")).as(k).containsExactly(p(d, "lo", c, "1"), p(d, "lo", c, "2"),
                    p(d, "up", c, "x"));
            assertThat(layersAt(real, d + "new")).as(k).containsExactly(p(d, "lo", c, "1"), p(d, "lo", c, "2"),
                    p(d, "up", c, "x.2"));
            assertThat(layersAt(real, d + "newplus")).as(k).containsExactly(p(d, "lo", c, "1"), p(d, "lo", c, "2"),
                    p(d, "da", c, "3"), p(d, "up", c, "x.3"));
        });
        // bindfs: the whole source, a ':' in it kept; mounted by root without a subtype its type is plain "fuse"
        for (String k : List.of("colon", "eq")) {
            String d = CAP + k + "/";
            assertThat(layersAt(real, d + "bindfs")).as(k).containsExactly(p(d, "lo", chars.get(k), "1"));
            assertThat(layersAt(real, d + "bindfs-subtype")).as(k).containsExactly(p(d, "lo", chars.get(k), "1"));
        }
        // bindfs gives no source path for a name with a comma, space, tab or newline ("bindfs"), and libfuse drops a
        // backslash from it: such a mount is not recognized by its source (R70)
        for (String k : List.of("comma", "space", "tab", "nl")) {
            assertThat(layersAt(real, CAP + k + "/bindfs")).as(k).isEmpty();
        }
        assertThat(layersAt(real, CAP + "bslash/bindfs")).containsExactly(p(CAP, "bslash/lo1"));
        // data layers after "::"; a lowerdir+ name with a comma before letters; mount(8) with an escaped comma
        assertThat(layersAt(real, CAP + "more/data")).containsExactly(p(CAP, "more/loA"), p(CAP, "more/daC"),
                p(CAP, "more/daD"), p(CAP, "more/u"));
        assertThat(layersAt(real, CAP + "more/plus")).containsExactly(p(CAP, "more/a,b"), p(CAP, "more/u2"));
        assertThat(layersAt(real, CAP + "more/mount8")).containsExactly(p(CAP, "more/a,b"), p(CAP, "more/loA"));
        // the byte 0xff: not a valid name; not there now, so judged as written, the byte replaced, and not faithful
        String d = CAP + "ff/";
        MountInfo ff = real.stream().filter(m -> m.mountPoint().equals(Path.of(d + "newplus"))).findFirst().orElseThrow();
        assertThat(MountLayers.of(ff)).containsExactly(new MountLayers.Layer(p(d, "lo\uFFFD1"), false),
                new MountLayers.Layer(p(d, "lo\uFFFD2"), false), new MountLayers.Layer(p(d, "da\uFFFD3"), false),
                new MountLayers.Layer(p(d, "up\uFFFDx.3"), false));
        // a member's own bindfs without allow_other (type fuse; real lines of this host): only its mounter may enter it
        List<MountInfo> own = MountInfo.parseAll(("45 27 0:40 / /tmp/rv18m-d/m1 rw,nosuid,nodev,relatime - fuse / rw,"
                + "user_id=1001,group_id=1001,default_permissions\n46 27 0:41 / /tmp/rv18m-d/\u00ff rw,nosuid,nodev,relatime"
                + " - fuse /home/rv18m rw,user_id=1001,group_id=1001,default_permissions\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(MountLayers.paths(own.get(0))).isEmpty();
        assertThat(MountAliases.of(List.of(Path.of("/home/rv18m"), BOB), own)).isEmpty();
        assertThat(MountLayers.paths(MountInfo.parseAll("1 0 0:40 / /srv/m rw - fuse /srv/a:b rw,user_id=0,"
                + "group_id=0,default_permissions,allow_other\n").get(0))).containsExactly(Path.of("/srv/a:b"));
        // mergerfs lists its branches: split at ':'
        assertThat(MountLayers.paths(MountInfo.parseAll("1 0 0:60 / /srv/m rw - fuse.mergerfs /srv/a:/home/bob rw,"
                + "user_id=0,group_id=0,allow_other\n").get(0))).containsExactly(Path.of("/srv/a"), Path.of("/home/bob"));
        // with a subtype as without: a member's FUSE mount without allow_other is entered by its mounter only
        assertThat(MountLayers.paths(MountInfo.parseAll("1 0 0:61 / /tmp/m rw - fuse.bindfs /home/bob rw,user_id=1001,"
                + "group_id=1001,default_permissions\n").get(0))).isEmpty();
    }

    /**
     * R69: an overlay or bindfs mount built on a directory of another member's home by a path whose name holds a comma
     * (written {@code \054}), a colon or the byte 0xff (here symlinks to it, in the lines' form 6.18 writes) shows it:
     * found. A layer inside the home whose own name is not valid UTF-8 refuses, naming the mount and the fix; one that
     * shows no place is no concern.
     */
    @Test
    void aLayerWhoseNameHoldsACommaAColonOrANonUtf8ByteIsFound(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path base = tmp.toRealPath();
        Path home = java.nio.file.Files.createDirectories(base.resolve("home/bob/shared")).getParent();
        Path srv = java.nio.file.Files.createDirectories(base.resolve("srv"));
        java.nio.file.Files.createSymbolicLink(srv.resolve("a,b"), home.resolve("shared"));
        java.nio.file.Files.createSymbolicLink(srv.resolve("p:q"), home.resolve("shared"));
        sh("ln -s \"$1\" \"$2/$(printf '\\377')\" && mkdir \"$2/$(printf '\\376')x\" \"$2/$(printf '\\376')\"", home.resolve("shared"), srv);
        String table = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "20 1 0:50 / /srv/o1 rw,relatime - overlay overlay rw,lowerdir=" + srv + "/a\\134\\054b:" + srv
                + "/l,upperdir=/srv/u1,workdir=/srv/w1,uuid=on\n"
                + "21 1 0:51 / /srv/o2 rw,relatime - overlay none rw,lowerdir+=" + srv + "/a\\054b,upperdir=/srv/u2,"
                + "workdir=/srv/w2,uuid=on\n"
                + "22 1 0:52 / /srv/o3 rw,relatime - overlay none rw,lowerdir+=" + srv + "/p:q,upperdir=/srv/u3,"
                + "workdir=/srv/w3,uuid=on\n"
                + "23 1 0:53 / /srv/f1 rw,nosuid,nodev,relatime - fuse " + srv + "/p:q rw,user_id=0,group_id=0\n"
                + "24 1 0:54 / /srv/f2 rw,nosuid,nodev,relatime - fuse.bindfs " + srv + "/p:q rw,user_id=0,group_id=0\n"
                + "25 1 0:55 / /srv/o4 rw,relatime - overlay none rw,lowerdir+=" + srv + "/\u00ff,upperdir=/srv/u4,"
                + "workdir=/srv/w4,uuid=on\n"
                + "26 1 0:56 / /srv/o5 rw,relatime - overlay none rw,lowerdir+=" + srv + "/\u00fex,upperdir=/srv/u5,"
                + "workdir=/srv/w5,uuid=on\n";
        assertThat(MountAliases.of(List.of(home), MountInfo.parseAll(table.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))))
                .containsOnlyKeys(Path.of("/srv/o1"), Path.of("/srv/o2"), Path.of("/srv/o3"), Path.of("/srv/f1"),
                        Path.of("/srv/f2"), Path.of("/srv/o4"));
        // no Path gives a listed name's bytes: names that read the same (0xfe and 0xff: U+FFFD) both stand for the
        // layer, so a directory beside the symlink named with another invalid byte is taken too (more is covered)
        assertThat(MountAliases.of(List.of(home), MountInfo.parseAll(table.replace("/\u00fex,", "/\u00fe,")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))).containsKey(Path.of("/srv/o5"));
        sh("mkdir \"$1/$(printf '\\377')\"", home.resolve("shared"), srv);
        String inside = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "20 1 0:50 / /srv/o6 rw,relatime - overlay none rw,lowerdir+=" + home + "/shared/\u00ff,upperdir=/srv/u6,"
                + "workdir=/srv/w6,uuid=on\n";
        // RV27-10 (R109): a layer in the place whose real path is no valid name hides the mount whole; it stopped every
        // start, and a member can make such a name (a symlink to one swapped in for a directory of their home)
        assertThat(MountAliases.of(List.of(home), MountInfo.parseAll(inside.getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1)))).isEqualTo(Map.of(Path.of("/srv/o6"), home));
        // a place inside such a mount has its files in that layer, which no path names: that stops the start
        assertThatThrownBy(() -> MountAliases.of(List.of(Path.of("/srv/o6/bob")), MountInfo.parseAll(inside.getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1)))).isInstanceOf(CordonException.class)
                .hasMessageContaining("The mount at /srv/o6").hasMessageContaining("is built on " + home + "/shared/\uFFFD")
                .extracting(e -> ((CordonException) e).fix()).asString().contains("umount /srv/o6");
    }

    private static void sh(String script, Path one, Path two) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script, "sh", one.toString(), two.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    /**
     * RV18: a member's FUSE mount ({@code user_id} theirs, {@code allow_other} or not) shows only what they may read and
     * is never judged: on their own home naming {@code /usr} it does not get /usr covered (RV18-2); at a name that is no
     * valid file name, naming another member's home, it refuses no start (RV18-3); 200 of them of {@code /} give nothing
     * (RV18-4: each was an alias of every place, the search cubic in the table). Root's, the same lines, still are.
     */
    @Test
    void aMembersFuseMountIsNeverJudged() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        String member = "rw,user_id=1002,group_id=1002,allow_other\n";
        assertThat(MountAliases.of(List.of(BOB, Path.of("/var/lib/cordon")), MountInfo.parseAll(root
                + "20 1 0:56 / /home/bob rw - fuse.rv18 /usr " + member
                + "21 1 0:57 / /tmp/m\\377 rw - fuse /home/bob " + member))).isEmpty();
        StringBuilder many = new StringBuilder(root);
        for (int i = 0; i < 200; i++) {
            many.append(100 + i).append(" 1 0:").append(200 + i).append(" / /tmp/bobdir/m").append(i)
                    .append(" rw - fuse.rv18 / ").append(member);
        }
        assertThat(MountAliases.of(List.of(BOB, Path.of("/home/alice")), MountInfo.parseAll(many.toString()))).isEmpty();
        // an alias of one place inside an alias of another is kept (the outer one may be left readable: it holds an own root)
        assertThat(MountAliases.of(List.of(BOB, Path.of("/home/alice")), table("8:1 /home/bob /srv/x",
                "8:1 /home/alice /srv/x/al"))).containsOnlyKeys(Path.of("/srv/x"), Path.of("/srv/x/al"));
        String roots = "rw,user_id=0,group_id=0,allow_other\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 0:56 / /home/bob rw - fuse.rv18 /srv/bob " + roots
                + "21 1 0:57 / /srv/all rw - fuse / " + roots))).containsOnlyKeys(Path.of("/srv/bob"),
                        Path.of("/srv/all")); // a FUSE bind of / shows itself: hidden whole (R92)
        assertThatThrownBy(() -> MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "21 1 0:57 / /tmp/m\\377 rw - fuse /home/bob " + roots))).isInstanceOf(CordonException.class);
    }

    /**
     * The nineteenth review: a place lying in a layer of an overlay no longer switches off the search through that
     * overlay's layers for another place lying in it whole (RV19-4); the files a mount made on the place covers are found
     * where a bind of the file system below shows them (RV19-5); a backslash at the end of a layer's name is dropped, as
     * the kernel drops it (RV19-2).
     */
    @Test
    void nineteenthReview() {
        List<MountInfo> homes = MountInfo.parseAll("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "20 1 0:50 / /home rw - overlay homes rw,lowerdir=/data/hb,upperdir=/data/hu,workdir=/data/w\n");
        assertThat(MountAliases.of(List.of(BOB, Path.of("/data/hu/carol/proj")), homes))
                .containsKeys(Path.of("/data/hu/bob"), Path.of("/data/hb/bob"), Path.of("/home/carol/proj"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "20 1 8:1 /home /srv/homes rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:60 / /home/bob rw,nosuid,nodev - fuse.sshfs bob@remote: rw,user_id=1001,group_id=1001\n")))
                .containsOnlyKeys(Path.of("/srv/homes/bob"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "20 1 0:50 / /srv/o rw - overlay ov rw,lowerdir=/home/bob\\134,upperdir=/srv/u,workdir=/srv/w\n")))
                .containsOnlyKeys(Path.of("/srv/o"));
    }

    /**
     * The twentieth review: under mounts stacked on the place, the place's own directory is searched too, not only the
     * mount just below the top (RV20-1); a layer above the place shows its files under a mount made on it (RV20-2).
     */
    @Test
    void filesUnderMountsOnThePlaceAreFoundThroughBindsAndLayersOfItsParent() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 /srv/e1 /home/bob rw - ext4 /dev/sda1 rw\n"
                + "21 20 8:1 /srv/e2 /home/bob rw - ext4 /dev/sda1 rw\n"
                + "22 1 8:1 /home /srv/h rw - ext4 /dev/sda1 rw\n"))).containsKey(Path.of("/srv/h/bob"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root
                + "20 1 8:1 /srv/e1 /home/bob rw - ext4 /dev/sda1 rw\n"
                + "21 1 0:77 / /srv/ov ro - overlay overlay ro,lowerdir=/home:/srv/e2\n"))).containsKey(Path.of("/srv/ov/bob"));
    }

    /**
     * The twenty-first review (crafted tables): a member's FUSE mount inside a place, its propagated copy under root's
     * bind of /home at a name that is no valid file name, refuses no start (RV21-1); the layers and binds of what lies
     * under mounts made on a place are searched too — an overlay /home under root's bind or a member's sshfs on the home
     * (RV21-2), root's bindfs under a bind (RV21-3); a FUSE bind's layer follows paths across mounts (RV21-4).
     */
    @Test
    void twentyFirstReview() {
        String root = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n";
        String member = " rw,user_id=1001,group_id=1001\n";
        String roots = " rw,user_id=0,group_id=0,allow_other\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root + "21 1 8:1 /home /srv/h rw - ext4 /dev/sda1 rw\n"
                + "30 1 0:90 / /home/bob/\\377a rw - fuse.x x" + member
                + "31 21 0:90 / /srv/h/bob/\\377a rw - fuse.x x" + member))).containsOnlyKeys(Path.of("/srv/h/bob"));
        String homes = root + "20 1 0:60 / /home rw - overlay ov rw,lowerdir=/srv/lh,upperdir=/srv/uh,workdir=/srv/w\n";
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(homes
                + "21 20 8:1 /srv/empty /home/bob rw - ext4 /dev/sda1 rw\n")))
                .containsKeys(Path.of("/srv/lh/bob"), Path.of("/srv/uh/bob"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(homes + "21 20 0:70 / /home/bob rw - fuse.sshfs bob@x:"
                + member))).containsKeys(Path.of("/srv/lh/bob"), Path.of("/srv/uh/bob"));
        assertThat(MountAliases.of(List.of(BOB), MountInfo.parseAll(root + "20 1 0:61 / /home/bob rw - fuse /data/bob" + roots
                + "21 20 8:1 /srv/e1 /home/bob rw - ext4 /dev/sda1 rw\n"))).containsKey(Path.of("/data/bob"));
        assertThat(MountAliases.of(List.of(BOB.resolve("proj")), MountInfo.parseAll(root
                + "20 1 8:3 / /home/bob rw - zfs pool/bob rw\n"
                + "21 1 0:57 / /srv/hv rw - fuse /home" + roots))).containsKey(Path.of("/srv/hv/bob/proj"));
    }
}
