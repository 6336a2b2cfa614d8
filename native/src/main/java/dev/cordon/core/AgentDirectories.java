package dev.cordon.core;

import java.util.List;

/**
 * Where coding agents and editors running as the developer read a project's configuration, hooks and skills, some of it
 * commands they run (Codex reads every {@code .codex} from the project's root down to its working directory; Claude
 * Code runs {@code .claude/settings.json}'s {@code hooks}; Gemini CLI reads {@code .gemini/settings.json} (MCP servers,
 * tools); Cursor starts {@code .cursor/mcp.json}'s MCP servers; VS Code runs {@code .vscode/tasks.json} (a task may run
 * on folder open) and starts {@code .vscode/mcp.json}'s servers; a dev container's {@code initializeCommand} runs on the
 * host) (Z5). Files elsewhere ({@code .mcp.json}, {@code AGENTS.md}, {@code CLAUDE.md}) are not among them:
 * docs/architecture.md says what is not covered. Shared by the protection search and the stop's walk (session) and the
 * hand-back (platform), which renames one the sandbox made past the walk's bound (Z3).
 */
public final class AgentDirectories {
    public static final List<String> NAMES = List.of(".codex", ".agents", ".claude", ".gemini", ".cursor", ".vscode",
            ".devcontainer");

    private AgentDirectories() {
    }

    /** {@link #NAMES} as the stop's lines name them: {@code `.codex`, `.agents`, … directories}. */
    public static String named() {
        return String.join(", ", NAMES.stream().map(n -> "`" + n + "`").toList()) + " directories";
    }

    /** What the stop says when it renamed {@code entry}, one of them, to {@code newName}. */
    public static String renamed(String what, java.nio.file.Path entry, String newName) {
        return what + ": renamed " + entry + " to " + newName + " so that no agent reads it";
    }
}
