package dev.cordon.core;

/** Process exit codes of the {@code cordon} CLI; documented in README.md and stable. */
public enum ExitCode {
    OK(0),
    CHECK_FAILED(1),
    USAGE(2),
    /** A request that conflicts with what is on the system (an account we do not own, an item that exists). */
    CONFLICT(3),
    /** Cordon is not set up (no ledger) but the command needs it. */
    NOT_SET_UP(4),
    /**
     * The caller may use Cordon but not on this object: a session, secret or directory that is not theirs, or beyond
     * what they could do themselves.
     */
    FORBIDDEN(5),
    /** Data we read is corrupt or was tampered with (ledger, vault file, manifest). */
    DATA_ERROR(65),
    /** A tool or OS capability we need is missing. */
    UNAVAILABLE(69),
    /** A bug or an unexpected OS failure. */
    INTERNAL(70),
    /** The command must run as root / elevated. */
    NEEDS_ROOT(77);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
