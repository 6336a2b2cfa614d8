package dev.cordon.platform.windows;

/**
 * One key under {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList}, as read: the key name (a SID,
 * or a SID with {@code .bak} when the profile service set the original aside) and the values that matter; a value
 * that is absent is null.
 */
public record ProfileListEntry(String keyName, String profileImagePath, Integer state, Integer refCount) {
    /** {@code State} bit: a temporary profile is loaded for this SID. */
    public static final int STATE_TEMPORARY = 0x0800;
    private static final String BAK = ".bak";

    public boolean bakTwin() {
        return keyName.toLowerCase(java.util.Locale.ROOT).endsWith(BAK);
    }

    /** The SID the key is about ({@code .bak} removed). */
    public String sid() {
        return bakTwin() ? keyName.substring(0, keyName.length() - BAK.length()) : keyName;
    }

    /** {@code RefCount} above zero: the profile is loaded; nothing may touch it. */
    public boolean loaded() {
        return refCount != null && refCount > 0;
    }

    /** The last component of {@code ProfileImagePath} ({@code TEMP.PC.001} for {@code C:\Users\TEMP.PC.001}). */
    public String folderName() {
        if (profileImagePath == null) {
            return null;
        }
        String p = profileImagePath.replace('/', '\\');
        while (p.endsWith("\\")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('\\') + 1);
    }
}
