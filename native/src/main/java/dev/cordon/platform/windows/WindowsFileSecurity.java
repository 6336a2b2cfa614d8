package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.FileSecurity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Who may read and change Cordon's own files on Windows: protected DACLs written as SDDL through
 * {@link WindowsFileAcl} (the one DACL binding, shared with the vault's install secret). Files and directories get
 * theirs at creation ({@code CreateFileW} / {@code CreateDirectoryW} with {@code SECURITY_ATTRIBUTES}), so the ledger,
 * the audit log, the secrets and the runner stage are never readable more widely, not even briefly; the state
 * directory gets {@link Sddl#STATE_DIRECTORY} with {@code SetNamedSecurityInfoW} (owner and protected DACL) and is
 * read back. A state directory owned by anyone but the Administrators or SYSTEM is not taken over: any user may
 * create folders under {@code %ProgramData%}, and one made in advance could hold a junction or an ACE of theirs.
 * Not run on Windows yet (docs/architecture.md).
 */
final class WindowsFileSecurity implements FileSecurity {
    private final WindowsFileAcl acl;

    WindowsFileSecurity(WindowsFileAcl acl) {
        this.acl = acl;
    }

    /**
     * Owned by the Administrators whatever the "default owner" policy makes an administrator's new objects (the
     * creator, on some machines), so what setup creates is never refused as someone else's.
     */
    static final String OWNER_ONLY_FILE = "O:BA" + Sddl.SYSTEM_AND_ADMINISTRATORS_FILE;
    static final String OWNER_ONLY_DIRECTORY = "O:BA" + Sddl.SYSTEM_AND_ADMINISTRATORS_DIRECTORY;

    @Override
    public void createOwnerOnlyFile(Path file) throws IOException {
        acl.createFile(file, OWNER_ONLY_FILE);
    }

    @Override
    public void createOwnerOnlyDirectory(Path dir) throws IOException {
        acl.createDirectory(dir, OWNER_ONLY_DIRECTORY);
    }

    @Override
    public void createOwnerOnlyDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
            createOwnerOnlyDirectories(parent);
        }
        createOwnerOnlyDirectory(dir);
    }

    /** Refuses a directory someone else owns; otherwise owner Administrators and the protected DACL, read back. */
    @Override
    public void secureStateDirectory(Path dir) throws IOException {
        DirectoryAccess before = stateDirectory(dir);
        if (!before.exists()) {
            throw new IOException("The state directory " + dir + " does not exist (or is a link).");
        }
        if (!before.trustedOwner()) {
            throw foreign(dir, before);
        }
        acl.apply(dir, Sddl.STATE_DIRECTORY);
        DirectoryAccess after = stateDirectory(dir);
        if (!after.secure()) {
            throw new IOException("The state directory " + dir + " did not keep its DACL: it reads back as "
                    + after.description() + ".");
        }
    }

    @Override
    public String stateDirectoryPolicy() {
        return "owned by Administrators, a protected DACL: SYSTEM and Administrators full control, Users traverse only";
    }

    @Override
    public DirectoryAccess stateDirectory(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new DirectoryAccess(false, false, "missing");
        }
        String sddl;
        try {
            sddl = acl.read(dir);
        } catch (IOException e) {
            return new DirectoryAccess(true, false, "unreadable (" + e.getMessage() + ")", false);
        }
        return decide(sddl);
    }

    /** The verdict on a state directory's security descriptor as read back: owner first, then the DACL. */
    static DirectoryAccess decide(String sddl) {
        boolean trusted = Sddl.ownedBySuperuser(sddl);
        boolean secure = trusted && Sddl.sameDacl(sddl, Sddl.STATE_DIRECTORY);
        String owner = Sddl.owner(sddl).orElse("nobody");
        return new DirectoryAccess(true, secure, "owned by " + owner + ", " + sddl, trusted);
    }

    /** A directory as before; a file is only ever made public for a session's runner (its staged classpath): refused. */
    @Override
    public void makePublicReadOnly(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw NotInThisBuild.unavailable(SESSION_FILES, COMES);
        }
        acl.apply(path, Sddl.PUBLIC_READ_DIRECTORY);
    }

    // ------------------------------------------------------------- what only sessions use: refused in this build

    private static final String SESSION_FILES = "Session directories on Windows (ACEs for Users or a session's capability SID)";
    private static final String COMES = "the Windows sessions issue";

    @Override
    public void makeTraversableByAll(Path dir) {
        throw NotInThisBuild.unavailable(SESSION_FILES, COMES);
    }

    @Override
    public Path sharedTemporaryRoot() {
        throw NotInThisBuild.unavailable(SESSION_FILES, COMES);
    }

    @Override
    public void shareWithGroup(Path dir, dev.cordon.core.Principal group, boolean write) {
        throw NotInThisBuild.unavailable(SESSION_FILES, COMES);
    }

    private static CordonException foreign(Path dir, DirectoryAccess access) {
        return new CordonException(ExitCode.CONFLICT, "The state directory " + dir + " is " + access.description()
                + ": not the Administrators' or SYSTEM's, so someone else created it; nothing was changed.",
                "Find out who created it; remove it (as an administrator) if it is not needed, then run `cordon setup` again.");
    }
}
