package dev.cordon.platform;

import java.util.List;

/** A local account as the OS reports it. {@code groups} are the supplementary groups by name. */
public record Account(String name, int uid, int gid, String home, String shell, List<String> groups) {
}
