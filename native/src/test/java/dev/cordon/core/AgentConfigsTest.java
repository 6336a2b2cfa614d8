package dev.cordon.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgentConfigsTest {
    @Test
    void anAgentNameIsKnownExactlyAndAsACaseInsensitiveDirectoryFindsIt() {
        assertThat(AgentConfigs.isNamed(".claude")).isTrue();
        assertThat(AgentConfigs.isNamed(".mcp.json")).isTrue();
        // casefold lookups (ext4, tmpfs): case, and characters whose full folding is ASCII
        assertThat(AgentConfigs.isNamed(".CLAUDE")).isTrue();
        assertThat(AgentConfigs.isNamed(".Mcp.Json")).isTrue();
        assertThat(AgentConfigs.isNamed(".cur\u017For")).as("long s").isTrue();
        assertThat(AgentConfigs.isNamed(".\u212Airo")).as("Kelvin sign").isTrue();
        assertThat(AgentConfigs.isNamed(".claud")).isFalse();
        assertThat(AgentConfigs.isNamed("claude")).isFalse();
        assertThat(AgentConfigs.isNamed(".claude.cordon-planted-s1")).isFalse();
        assertThat(AgentConfigs.isNamed(".CLAUDE".repeat(1000))).isFalse();
    }
}
