package dev.cordon.platform.linux;

import dev.cordon.core.Exec;
import dev.cordon.core.Principal;
import dev.cordon.platform.LeftoverSources.Removal;
import dev.cordon.platform.LeftoverSources.SystemObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * SysV IPC objects (shared memory, message queues, semaphore sets) of sandbox uids in the host's IPC namespace, read
 * from {@code /proc/sysvipc}. Sessions keep theirs in a private IPC namespace that dies with them; these are what an
 * older Cordon, or anything else run as a sandbox account outside a session, left behind. They outlive every process,
 * and a later account with the same uid would own them. Removed with {@code ipcrm}, after checking that the id still
 * names the scanned object (same key, same owner).
 */
final class SysvIpc {
    private static final String IPCRM_PACKAGE = "util-linux";

    /** One table of {@code /proc/sysvipc}: its file, the kind, the id column, the ipcrm option. */
    private enum Table {
        SHM("shm", SystemObject.Kind.IPC_SHM, "shmid", "-m"),
        MSG("msg", SystemObject.Kind.IPC_MSG, "msqid", "-q"),
        SEM("sem", SystemObject.Kind.IPC_SEM, "semid", "-s");

        final String file;
        final SystemObject.Kind kind;
        final String idColumn;
        final String ipcrmOption;

        Table(String file, SystemObject.Kind kind, String idColumn, String ipcrmOption) {
            this.file = file;
            this.kind = kind;
            this.idColumn = idColumn;
            this.ipcrmOption = ipcrmOption;
        }

        static Table of(SystemObject.Kind kind) {
            for (Table t : values()) {
                if (t.kind == kind) {
                    return t;
                }
            }
            throw new IllegalArgumentException("not an IPC kind: " + kind);
        }
    }

    /** A row of a table: the object's id, key, owner and creator, size in bytes, attached processes, change time. */
    record Entry(SystemObject.Kind kind, int ipcId, int key, int uid, int cuid, long bytes, int attached, Instant changed) {
        String fileKey() {
            return ipcId + ":" + key;
        }
    }

    static final Path PROC = Path.of("/proc/sysvipc");

    private SysvIpc() {
    }

    /** The objects whose owner or creator is one of {@code owners} (attached shared memory is in use). */
    static List<SystemObject> owned(Set<Principal> owners, Consumer<String> warnings) {
        List<SystemObject> out = new ArrayList<>();
        for (Entry e : entries(warnings)) {
            Principal uid = Principal.uid(owners.contains(Principal.uid(e.uid())) ? e.uid() : e.cuid());
            if (!owners.contains(uid)) {
                continue;
            }
            out.add(new SystemObject(e.kind(), e.fileKey(), uid, e.bytes(), e.attached() > 0, e.changed(),
                    describe(e.kind(), e.ipcId(), e.key())));
        }
        return out;
    }

    static List<Entry> entries(Consumer<String> warnings) {
        List<Entry> out = new ArrayList<>();
        for (Table t : Table.values()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(PROC.resolve(t.file));
            } catch (NoSuchFileException e) {
                continue; // a kernel without SysV IPC
            } catch (IOException e) {
                warnings.accept("cannot read " + PROC.resolve(t.file) + ": " + e.getMessage());
                continue;
            }
            if (lines.isEmpty()) {
                continue;
            }
            List<String> header = List.of(lines.get(0).trim().split("\\s+"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length != header.size()) {
                    warnings.accept("unexpected line in " + PROC.resolve(t.file) + ": " + line.trim());
                    continue;
                }
                out.add(new Entry(t.kind, Integer.parseInt(column(header, f, t.idColumn)),
                        (int) Long.parseLong(column(header, f, "key")), Integer.parseInt(column(header, f, "uid")),
                        Integer.parseInt(column(header, f, "cuid")), bytes(t, header, f),
                        t == Table.SHM ? Integer.parseInt(column(header, f, "nattch")) : 0,
                        Instant.ofEpochSecond(Long.parseLong(column(header, f, "ctime")))));
            }
        }
        return out;
    }

    private static long bytes(Table t, List<String> header, String[] f) {
        return switch (t) {
            case SHM -> Long.parseLong(column(header, f, "size"));
            case MSG -> Long.parseLong(column(header, f, "cbytes"));
            case SEM -> 0;
        };
    }

    private static String column(List<String> header, String[] fields, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalStateException("/proc/sysvipc has no column " + name + ": " + header);
        }
        return fields[i];
    }

    /** What a person reads: {@code sysv shm 32774 (key 0x43001234)}. */
    private static String describe(SystemObject.Kind kind, int ipcId, int key) {
        return "sysv " + Table.of(kind).file + " " + ipcId + " (key 0x" + String.format("%08x", key) + ")";
    }

    /** Removes the object if its id still names the scanned one (same key, same owner). */
    static Removal remove(SystemObject object) {
        Optional<Entry> now = entries(w -> { }).stream()
                .filter(e -> e.kind() == object.kind() && e.fileKey().equals(object.key())).findFirst();
        if (now.isEmpty()) {
            return new Removal(Removal.Result.GONE, "no longer exists");
        }
        int owner = PosixIds.number(object.owner());
        if (now.get().uid() != owner && now.get().cuid() != owner) {
            return new Removal(Removal.Result.CHANGED, "changed owner since the scan; scan again");
        }
        Table t = Table.of(object.kind());
        Exec.Result r = Exec.run(List.of(Exec.require("ipcrm", IPCRM_PACKAGE).toString(), t.ipcrmOption,
                Integer.toString(now.get().ipcId())));
        return r.ok() ? new Removal(Removal.Result.REMOVED, "ipcrm " + t.ipcrmOption + " " + now.get().ipcId())
                : new Removal(Removal.Result.FAILED, "ipcrm: " + r.stderr().strip());
    }
}
