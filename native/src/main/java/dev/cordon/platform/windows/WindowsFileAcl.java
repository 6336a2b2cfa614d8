package dev.cordon.platform.windows;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The security descriptors of Cordon's files and directories, written and read as SDDL: the one narrow binding for
 * DACLs on Windows ({@link JnaWindowsFileAcl}), shared by the vault's entropy secret ({@link DpapiProtector}) and the
 * platform's {@code FileSecurity}. Tests use a recording fake; the SDDL strings themselves are {@link Sddl}'s.
 */
public interface WindowsFileAcl {
    /**
     * Creates a new empty file whose security descriptor is {@code sddl} from its first instant ({@code CreateFileW}
     * with {@code CREATE_NEW} and {@code SECURITY_ATTRIBUTES}): it is never readable more widely, not even briefly.
     *
     * @throws java.nio.file.FileAlreadyExistsException when something is at {@code file}
     */
    void createFile(Path file, String sddl) throws IOException;

    /** Creates one directory with {@code sddl} from its first instant ({@code CreateDirectoryW}); fails if it exists. */
    void createDirectory(Path dir, String sddl) throws IOException;

    /**
     * Replaces the DACL of an existing file or directory, and its owner when {@code sddl} names one
     * ({@code SetNamedSecurityInfoW}; {@code D:P} is applied with {@code PROTECTED_DACL_SECURITY_INFORMATION}, so no
     * inherited entry stays).
     */
    void apply(Path path, String sddl) throws IOException;

    /** The owner and DACL of {@code path} as SDDL, read now ({@code GetNamedSecurityInfoW}). */
    String read(Path path) throws IOException;
}
