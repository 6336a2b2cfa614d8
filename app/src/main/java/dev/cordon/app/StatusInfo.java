package dev.cordon.app;

/**
 * What the header and status bar show: platform, elevation, backend version, instance ({@code instance} is for
 * people, {@code instanceName} is the raw name, empty for the default install).
 */
public record StatusInfo(String platform, boolean elevated, String elevationName, String user, String version,
                         String instance, String instanceName) {
}
