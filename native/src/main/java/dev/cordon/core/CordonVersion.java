package dev.cordon.core;

/** This build's version, from the jar's manifest ({@code Implementation-Version}); {@code dev} when run from classes. */
public final class CordonVersion {
    private CordonVersion() {
    }

    public static String current() {
        String v = CordonVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
