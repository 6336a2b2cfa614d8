package dev.cordon.platform;

import java.util.List;

public record Group(String name, int gid, List<String> members) {
}
