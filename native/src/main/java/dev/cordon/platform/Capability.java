package dev.cordon.platform;

/**
 * Whether an OS capability the sandbox relies on is there, for the doctor: a stable id, evidence and a fix.
 * {@code verified} is false when nothing on this machine showed it either way (a probe this build cannot run yet):
 * the doctor then says "not verified on this machine" and never counts it as passed.
 */
public record Capability(String id, String title, boolean available, String evidence, String fix, boolean verified) {
    public Capability(String id, String title, boolean available, String evidence, String fix) {
        this(id, title, available, evidence, fix, true);
    }

    /** A check this build cannot make here: neither passed nor failed. */
    public static Capability notVerified(String id, String title, String why, String fix) {
        return new Capability(id, title, false, why, fix, false);
    }
}
