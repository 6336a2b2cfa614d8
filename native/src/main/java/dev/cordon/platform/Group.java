package dev.cordon.platform;


import dev.cordon.core.Principal;
import java.util.List;

/** A local group: its id (gid / SID) and its members by account name. */
public record Group(String name, Principal id, List<String> members) {
}
