package dev.cordon.platform.windows;

import dev.cordon.core.Caller;
import dev.cordon.core.Principal;
import dev.cordon.platform.Group;
import dev.cordon.platform.LentWorkspaces;
import dev.cordon.platform.ScratchSpaces;
import dev.cordon.platform.WorkspaceAccess;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Workspace lending and session scratch on Windows while this build starts no session there
 * ({@link WindowsPlatform#sessionsUnavailable()}): nothing can have been lent or bounded by it, so uninstall, the doctor
 * and the janitor find nothing to give back or take off; everything that would lend or bound something refuses.
 * Replaced by the sessions issue's implementation (capability SIDs, VHDX or quota scratch).
 */
final class NoSessionsYet implements WorkspaceAccess, ScratchSpaces {
    private static final String LENDING = "Lending workspaces on Windows (ACEs for a per-session capability SID)";
    private static final String SCRATCH = "Bounded session scratch on Windows (VHDX or NTFS quota)";
    private static final String COMES = "the Windows sessions issue";

    // ------------------------------------------------------------- what uninstall, doctor and janitor read

    /** No grants: this build lends nothing on Windows ({@link LentWorkspaces#NONE}). */
    @Override
    public List<String> describe() {
        return LentWorkspaces.NONE.describe();
    }

    @Override
    public List<String> stuck() {
        return LentWorkspaces.NONE.stuck();
    }

    @Override
    public void giveBackAll() {
        LentWorkspaces.NONE.giveBackAll();
    }

    @Override
    public List<String> giveBackDeadHosts() {
        return List.of();
    }

    @Override
    public List<Path> lentToOthersThan(Principal owner) {
        return List.of();
    }

    @Override
    public List<Path> lentRoots() {
        return List.of();
    }

    @Override
    public List<Path> under(Path root) {
        return List.of();
    }

    @Override
    public List<Path> removeAllUnder(Path root) {
        return List.of();
    }

    // ------------------------------------------------------------- what only a session does: refused

    @Override
    public Principal lend(String session, List<Path> roots, Set<Principal> sandboxAccounts, Caller lender, int lenderUmask) {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    @Override
    public List<String> renameAsSession(dev.cordon.platform.Account account, Principal sessionPrincipal,
                                        List<Rename> renames) {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    /** Asked only as a session starts, before anything is lent: refused with the rest (Windows' list comes with it). */
    @Override
    public dev.cordon.platform.SystemTrees systemTrees() {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    @Override
    public Principal owner(Path path) {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    @Override
    public int ownUmask() {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    @Override
    public List<String> giveBack(String session) {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    @Override
    public <T> T asCaller(Caller caller, java.util.function.Supplier<T> work) {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    @Override
    public void requireConnectable(Caller caller, Path socket) {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    @Override
    public byte[] readRegularFile(Path file, int maxBytes) {
        throw NotInThisBuild.unavailable(LENDING, COMES);
    }

    @Override
    public void bound(Path dir, long sizeBytes, Group group) {
        throw NotInThisBuild.unavailable(SCRATCH, COMES);
    }
}
