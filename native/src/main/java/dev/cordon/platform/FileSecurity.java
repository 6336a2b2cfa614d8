package dev.cordon.platform;

import dev.cordon.core.Principal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Who may read and change Cordon's own files (ledger, audit log, vault, quarantine, logs, bundles). Linux: POSIX modes
 * and owners, set at creation so a file is never wider for an instant; Windows: a protected DACL
 * ({@code SetNamedSecurityInfoW} with {@code PROTECTED_DACL_SECURITY_INFORMATION}, or the {@code SECURITY_ATTRIBUTES}
 * of {@code CreateFileW}/{@code CreateDirectoryW}, from SDDL such as {@code D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)}).
 */
public interface FileSecurity {
    /** Creates an empty file only its owner may read or write (Linux {@code 0600}); fails if it exists. */
    void createOwnerOnlyFile(Path file) throws IOException;

    /**
     * Creates {@code file} new with {@code content}, readable and writable by its owner only (Linux {@code 0600}):
     * {@code owner}'s when given (the person an elevated process acts for, {@link InvokingUser}), else this process's
     * user. Never through a symlink: an existing name — a symlink someone planted there included — is refused
     * ({@link java.nio.file.FileAlreadyExistsException}) and nothing is written, and the directory is reached without
     * following one. By default (where the platform has no way to create a file for another user) an owner is refused.
     */
    default void createNewFile(Path file, byte[] content, java.util.Optional<Account> owner) throws IOException {
        if (owner.isPresent()) {
            throw new IOException("Cannot create " + file + " for " + owner.get().name() + " on this platform");
        }
        createOwnerOnlyFile(file);
        java.nio.file.Files.write(file, content, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Writes {@code file} whole with {@code content}, for {@code owner} as {@link #createNewFile} does, replacing what is
     * at the name (an export the person chose to overwrite) — a symlink planted there is replaced, never followed, and
     * the directory is reached without following one (R31: the panel's exports). By default (where the
     * platform has no descriptor-based way) an owner is refused and the file is written by path.
     */
    default void replaceFile(Path file, byte[] content, java.util.Optional<Account> owner) throws IOException {
        if (owner.isPresent()) {
            throw new IOException("Cannot write " + file + " for " + owner.get().name() + " on this platform");
        }
        java.nio.file.Files.write(file, content);
    }

    /** Creates a directory only its owner may list, enter or change (Linux {@code 0700}); fails if it exists. */
    void createOwnerOnlyDirectory(Path dir) throws IOException;

    /** Like {@link #createOwnerOnlyDirectory} for {@code dir} and each missing parent; nothing when it exists. */
    void createOwnerOnlyDirectories(Path dir) throws IOException;

    /**
     * Makes {@code dir} a state directory: owned by the superuser, others may reach what is meant for them inside but
     * not list it (Linux {@code root:root 0711}; Windows: SYSTEM and Administrators full control, Users traverse only).
     */
    void secureStateDirectory(Path dir) throws IOException;

    /**
     * What {@link #secureStateDirectory} makes, in words for plans, read-backs and fixes: "root-owned, 0711" on Linux,
     * "owned by Administrators, a protected DACL …" on Windows.
     */
    String stateDirectoryPolicy();

    /** Whether {@code dir} is a state directory as {@link #secureStateDirectory} leaves it, and what it is now. */
    DirectoryAccess stateDirectory(Path dir);

    /**
     * A directory everyone may enter and read, or a file everyone may read (and run), but only its owner change
     * (Linux {@code 0755} / {@code 0644}; Windows: Users read and execute), e.g. the host's directory, the runners'
     * staged classpath.
     */
    void makePublicReadOnly(Path path) throws IOException;

    /**
     * A directory everyone may pass through to what is meant for them inside, but not list, and only its owner change
     * (Linux {@code 0711}; Windows: Users traverse only), e.g. the sessions' directory.
     */
    void makeTraversableByAll(Path dir) throws IOException;

    /**
     * Where throw-away directories that the sandbox accounts must reach go (the doctor's and the network proof's probe
     * sessions' workspaces and listeners), outside any session: Linux {@code /tmp}.
     */
    Path sharedTemporaryRoot();

    /**
     * A directory of its owner and of {@code group} alone (a session's own principal): the group may pass through it
     * ({@code write} false: Linux {@code owner:group 0710}) or also list and change it ({@code write} true: {@code 0770});
     * others nothing (Windows: an ACE for the group's SID, traverse or modify, in a protected DACL).
     */
    void shareWithGroup(Path dir, Principal group, boolean write) throws IOException;

    /**
     * @param exists       whether there is a directory at the path (not a symlink)
     * @param secure       whether it is as {@link #secureStateDirectory} leaves it
     * @param description  its owner and access, for messages, e.g. {@code owned by root, rwx--x--x}
     * @param trustedOwner false when its owner is one setup must not take it over from (Windows: anyone but the
     *                     Administrators or SYSTEM, since any user may create folders under {@code %ProgramData%}):
     *                     setup then refuses instead of repairing it
     */
    record DirectoryAccess(boolean exists, boolean secure, String description, boolean trustedOwner) {
        public DirectoryAccess(boolean exists, boolean secure, String description) {
            this(exists, secure, description, true);
        }
    }
}
