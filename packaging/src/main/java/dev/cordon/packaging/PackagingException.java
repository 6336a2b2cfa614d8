package dev.cordon.packaging;

/** A packaging step that cannot go on: what went wrong, naming the input, and what to do about it. */
public final class PackagingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String fix;

    public PackagingException(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    public PackagingException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }

    @Override
    public String toString() {
        return getMessage() + (fix.isEmpty() ? "" : "\nFix: " + fix);
    }
}
