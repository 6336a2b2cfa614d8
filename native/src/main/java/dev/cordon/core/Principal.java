package dev.cordon.core;

import java.util.regex.Pattern;

/**
 * Who an OS object belongs to or who a process runs as: a user or group id on Linux, a security identifier (SID) on
 * Windows. The seam's records (accounts, groups, firewall specs, the ledger) carry this, never a bare number; only the
 * Linux code below the seam turns a {@link PosixId} back into the number a system call takes.
 */
public sealed interface Principal permits Principal.PosixId, Principal.Sid, Principal.Unknown {
    enum Kind { USER, GROUP }

    Kind kind();

    /** The identifier as the OS writes it: {@code 1001} for a uid or gid, {@code S-1-5-21-…-1001} for a SID. */
    String value();

    static PosixId uid(int uid) {
        return new PosixId(Kind.USER, uid);
    }

    static PosixId gid(int gid) {
        return new PosixId(Kind.GROUP, gid);
    }

    /** An owner that could not be read: no account, never equal to a real one. */
    static Unknown unknown(Kind kind) {
        return new Unknown(kind);
    }

    /**
     * A POSIX user or group id. {@code toString} is {@code uid 998} / {@code gid 997}, which is how messages name it.
     */
    record PosixId(Kind kind, int number) implements Principal {
        public PosixId {
            if (kind == null) {
                throw new IllegalArgumentException("a POSIX id needs a kind (user or group)");
            }
        }

        @Override
        public String value() {
            return Integer.toString(number);
        }

        @Override
        public String toString() {
            return (kind == Kind.USER ? "uid " : "gid ") + number;
        }
    }

    /** A Windows security identifier in its string form. */
    record Sid(Kind kind, String value) implements Principal {
        private static final Pattern FORM = Pattern.compile("S-1-\\d+(-\\d+)*");

        public Sid {
            if (kind == null || value == null || !FORM.matcher(value).matches()) {
                throw new CordonException(ExitCode.USAGE, "Not a security identifier: " + value + ".",
                        "A SID is written S-1-<authority>-<sub-authority>…, e.g. S-1-5-21-1004336348-1177238915-682003330-1001.");
            }
        }

        @Override
        public String toString() {
            return "SID " + value;
        }
    }

    /**
     * An owner that could not be read (an entry the scan could not {@code stat}): no account, never equal to a real id.
     * Written {@code -1} in JSON, as the uid Cordon used for it before principals.
     */
    record Unknown(Kind kind) implements Principal {
        @Override
        public String value() {
            return "-1";
        }

        @Override
        public String toString() {
            return "unknown " + (kind == Kind.USER ? "owner" : "group");
        }
    }
}
