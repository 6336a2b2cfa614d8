package dev.cordon.platform.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SDDL strings Cordon writes on its own files, and the read-back that decides whether what Windows reports is
 * still that DACL. Pure string work, tested everywhere ({@code SddlTest}).
 */
public final class Sddl {
    /** A file only SYSTEM and the Administrators may open, its DACL protected from inheritance. */
    public static final String SYSTEM_AND_ADMINISTRATORS_FILE = "D:P(A;;FA;;;SY)(A;;FA;;;BA)";

    /** The same for a directory, its entries inherited by what is created inside (object and container inherit). */
    public static final String SYSTEM_AND_ADMINISTRATORS_DIRECTORY = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

    /**
     * The state directory ({@code %ProgramData%\\Cordon[-instance]}): owned by the Administrators, SYSTEM and the
     * Administrators full control (inherited by what is created inside), the Users (the sandbox accounts among them)
     * traverse only ({@code FILE_TRAVERSE | SYNCHRONIZE} on the directory itself, not inherited), so a runner reaches its
     * own session directory by name but nobody else lists the directory: the Windows form of Linux's {@code root 0711}.
     */
    public static final String STATE_DIRECTORY = "O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU)";

    /**
     * A directory everyone may enter and read but only SYSTEM and the Administrators change (Linux {@code 0755}):
     * {@code FILE_GENERIC_READ | FILE_GENERIC_EXECUTE} for Everyone, inherited.
     */
    public static final String PUBLIC_READ_DIRECTORY = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;WD)";

    /** The owners a state directory may have: anyone else may have pre-created it under {@code %ProgramData%}. */
    private static final Set<String> SUPERUSER_OWNERS = Set.of("BA", "SY", "S-1-5-32-544", "S-1-5-18");

    private Sddl() {
    }

    /** The owner an SDDL string names ({@code O:BA}, {@code O:S-1-5-21-…}), if any. */
    public static java.util.Optional<String> owner(String sddl) {
        if (!sddl.startsWith("O:")) {
            return java.util.Optional.empty();
        }
        int end = 2;
        while (end < sddl.length() && !(sddl.startsWith("G:", end) || sddl.startsWith("D:", end) || sddl.startsWith("S:", end))) {
            end++;
        }
        String owner = sddl.substring(2, end).toUpperCase(Locale.ROOT);
        return owner.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(owner);
    }

    /** Whether {@code sddl}'s owner is the Administrators group or SYSTEM (by abbreviation or SID). */
    public static boolean ownedBySuperuser(String sddl) {
        return owner(sddl).map(SUPERUSER_OWNERS::contains).orElse(false);
    }

    /**
     * A DACL as SDDL describes it.
     *
     * @param isProtected whether the {@code P} flag is set (no inherited entries from the parent)
     * @param aces        the access control entries, each the text between its parentheses, upper-cased
     */
    public record Dacl(boolean isProtected, List<String> aces) {
        /** Whether an entry was inherited ({@code ID} flag): a protected DACL we wrote has none. */
        public boolean hasInheritedEntries() {
            return aces.stream().anyMatch(a -> a.split(";", -1).length > 1 && a.split(";", -1)[1].contains("ID"));
        }
    }

    /**
     * The DACL part of an SDDL string ({@code O:…G:…D:flags(ace)(ace)…S:…}); an absent DACL is unprotected and empty.
     *
     * @throws IllegalArgumentException when the DACL part is not well formed (an unclosed parenthesis)
     */
    public static Dacl dacl(String sddl) {
        int d = sddl.indexOf("D:");
        if (d < 0) {
            return new Dacl(false, List.of());
        }
        int i = d + 2;
        StringBuilder flags = new StringBuilder();
        while (i < sddl.length() && sddl.charAt(i) != '(' && !sddl.startsWith("S:", i)) {
            flags.append(sddl.charAt(i++));
        }
        List<String> aces = new ArrayList<>();
        while (i < sddl.length() && sddl.charAt(i) == '(') {
            int close = sddl.indexOf(')', i);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed access control entry in the DACL");
            }
            aces.add(sddl.substring(i + 1, close).toUpperCase(Locale.ROOT));
            i = close + 1;
        }
        return new Dacl(flags.toString().contains("P"), List.copyOf(aces));
    }

    /**
     * Whether {@code actual} (as read back) is the DACL {@code expected} asks for: protected when it is, no inherited
     * entry, and the same entries (order aside; Windows adds the {@code AI} flag when it applied the DACL itself).
     */
    public static boolean sameDacl(String actual, String expected) {
        Dacl a = dacl(actual);
        Dacl e = dacl(expected);
        Set<String> aAces = new TreeSet<>(a.aces());
        return a.isProtected() == e.isProtected() && !a.hasInheritedEntries() && aAces.size() == a.aces().size()
                && aAces.equals(new TreeSet<>(e.aces()));
    }
}
