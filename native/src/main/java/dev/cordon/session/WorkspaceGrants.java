package dev.cordon.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lets a session's sandbox accounts write a developer's workspace for the session's lifetime, and gives it back.
 * A root the sandbox cannot already write gets POSIX ACL entries for the sandbox group (rwX, inherited by new files,
 * which also inherit a default entry keeping them editable by the workspace's owner), and its ancestors get traverse
 * only. The previous ACLs are saved in the session directory <em>before</em> anything changes (the session's own
 * write-ahead record); {@link #undo} restores them, hands files the sandbox created back to the owner and removes the
 * record. A crashed host's grants are undone by the reaper.
 */
final class WorkspaceGrants {
    private static final String RECORD = "grants.json";

    private WorkspaceGrants() {
    }

    static void apply(Path sessionDir, List<Path> roots, int sandboxGid) {
        List<Path> needing = roots.stream().filter(r -> !writableByAnyone(r)).toList();
        if (needing.isEmpty()) {
            return;
        }
        String setfacl = Exec.require("setfacl", "acl").toString();
        String getfacl = Exec.require("getfacl", "acl").toString();
        ObjectNode record = Json.object();
        record.put("gid", sandboxGid);
        ArrayNode grants = record.putArray("grants");
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < needing.size(); i++) {
            Path root = needing.get(i);
            List<Path> ancestors = untraversableAncestors(root);
            Path backup = sessionDir.resolve("acl-" + i + ".txt");
            StringBuilder saved = new StringBuilder(Exec.run(List.of(getfacl, "-R", "--absolute-names", root.toString()))
                    .orThrow("Saving the ACLs of " + root).stdout());
            for (Path a : ancestors) {
                saved.append(Exec.run(List.of(getfacl, "--absolute-names", a.toString())).orThrow("Saving the ACL of " + a).stdout());
            }
            write(backup, saved.toString());
            ObjectNode g = grants.addObject();
            g.put("root", root.toString());
            g.put("ownerUid", unixId(root, "uid"));
            g.put("ownerGid", unixId(root, "gid"));
            g.put("backup", backup.toString());
            ArrayNode an = g.putArray("ancestors");
            ancestors.forEach(a -> an.add(a.toString()));
            commands.add(List.of(setfacl, "-R", "-m", "g:" + sandboxGid + ":rwX,d:g:" + sandboxGid + ":rwX,d:u:" + unixId(root, "uid")
                    + ":rwX", root.toString()));
            for (Path a : ancestors) {
                commands.add(List.of(setfacl, "-m", "g:" + sandboxGid + ":--x", a.toString()));
            }
        }
        write(sessionDir.resolve(RECORD), Json.pretty(record)); // the record is on disk before the first change
        for (List<String> cmd : commands) {
            Exec.run(cmd).orThrow("Granting the sandbox access to the workspace");
        }
    }

    /** Restores what {@link #apply} changed; a no-op when nothing was granted. */
    static void undo(Path sessionDir, Set<Integer> sandboxUids) {
        Path recordFile = sessionDir.resolve(RECORD);
        if (!Files.exists(recordFile)) {
            return;
        }
        JsonNode record;
        try {
            record = Json.parse(Files.readString(recordFile));
        } catch (IOException e) {
            throw new CordonException(ExitCode.DATA_ERROR, "The workspace grant record " + recordFile + " is unreadable: "
                    + e.getMessage(), "Remove the sandbox group's ACL entries by hand (`setfacl -R -x g:GID DIR`).", e);
        }
        String setfacl = Exec.require("setfacl", "acl").toString();
        int gid = record.path("gid").asInt();
        List<String> failures = new ArrayList<>();
        for (JsonNode g : record.path("grants")) {
            Path root = Path.of(g.path("root").asText());
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                continue; // the developer removed the workspace meanwhile: nothing left to give back
            }
            giveBack(root, sandboxUids, g.path("ownerUid").asInt(), g.path("ownerGid").asInt(), failures);
            Exec.Result strip = Exec.run(List.of(setfacl, "-R", "-x", "g:" + gid + ",d:g:" + gid, root.toString()));
            if (!strip.ok()) {
                failures.add(strip.stderr().strip());
            }
            // files that existed before the session get their exact previous ACL (and owner) back
            Exec.Result restore = Exec.run(List.of(setfacl, "--restore=" + g.path("backup").asText()));
            if (!restore.ok() && !restore.stderr().contains("No such file")) {
                failures.add(restore.stderr().strip());
            }
        }
        if (!failures.isEmpty()) {
            throw new CordonException(ExitCode.INTERNAL, "Could not fully give the workspace back: " + String.join("; ", failures),
                    "Check the workspace's ACLs with `getfacl -R DIR`; the record is kept in " + recordFile + ".");
        }
        try {
            Files.delete(recordFile);
        } catch (IOException e) {
            throw CordonException.internal("Cannot remove " + recordFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Files the sandbox accounts created become the workspace owner's, so the developer can edit and chmod them; except a
     * {@code .git} the sandbox created (directory, file or link) and everything in it: it stays the sandbox's, so that
     * git's ownership check ("dubious ownership") refuses it to the developer instead of running its config. See
     * docs/architecture.md, "What a session protects of git".
     */
    private static void giveBack(Path root, Set<Integer> sandboxUids, int ownerUid, int ownerGid, List<String> failures) {
        try {
            UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
            var owner = lookup.lookupPrincipalByName(Integer.toString(ownerUid));
            var group = lookup.lookupPrincipalByGroupName(Integer.toString(ownerGid));
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (isSandboxGit(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    handBack(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!isSandboxGit(file)) {
                        handBack(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                private boolean isSandboxGit(Path p) {
                    return p.getFileName().toString().equals(".git") && sandboxUids.contains(unixId(p, "uid"));
                }

                private void handBack(Path p) throws IOException {
                    if (sandboxUids.contains(unixId(p, "uid"))) {
                        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                                LinkOption.NOFOLLOW_LINKS);
                        v.setOwner(owner);
                        v.setGroup(group);
                    }
                }
            });
        } catch (IOException | java.io.UncheckedIOException | CordonException e) {
            failures.add("handing files back to uid " + ownerUid + ": " + e.getMessage());
        }
    }

    private static boolean writableByAnyone(Path root) {
        Set<PosixFilePermission> p = attrs(root).permissions();
        return p.contains(PosixFilePermission.OTHERS_WRITE) && p.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    private static List<Path> untraversableAncestors(Path root) {
        List<Path> out = new ArrayList<>();
        for (Path a = root.getParent(); a != null; a = a.getParent()) {
            if (!attrs(a).permissions().contains(PosixFilePermission.OTHERS_EXECUTE)) {
                out.add(a);
            }
        }
        return out;
    }

    private static PosixFileAttributes attrs(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read the attributes of " + p + ": " + e.getMessage(), e);
        }
    }

    private static int unixId(Path p, String attribute) {
        try {
            return (Integer) Files.getAttribute(p, "unix:" + attribute, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read the " + attribute + " of " + p + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CordonException.internal("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
