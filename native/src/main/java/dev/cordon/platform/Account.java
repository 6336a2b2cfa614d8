package dev.cordon.platform;


import dev.cordon.core.Principal;
import java.util.List;

/**
 * A local account as the OS reports it. {@code id} is its user id (uid / SID), {@code primaryGroup} the group its new
 * files get (gid; on Windows the account's primary group SID); {@code groups} are the supplementary groups by name.
 */
public record Account(String name, Principal id, Principal primaryGroup, String home, String shell, List<String> groups) {
}
