package dev.cordon.core;

import java.util.List;

/**
 * Where coding agents and editors running as the developer read a project's configuration, hooks and skills, some of it
 * commands they run: directories (Codex reads every {@code .codex} from the project's root down to its working
 * directory; Claude Code runs {@code .claude/settings.json}'s {@code hooks}; Gemini CLI reads {@code .gemini/settings.json}
 * (MCP servers, tools); Cursor, Windsurf, Roo, Kiro, Amazon Q and Continue start the MCP servers their directory names; Zed
 * starts the language servers {@code .zed/settings.json} names (Helix: {@code .helix/languages.toml}); opencode runs
 * {@code .opencode}'s plugins, Qwen Code, Kilo Code and Cline theirs (B2), Junie and Factory's Droid their MCP servers and
 * hooks; GitHub Copilot CLI runs the hooks of {@code .github/hooks/*.json} (so {@code .github} is protected whole: its
 * workflows too, which an agent in a session then cannot change), Amp starts {@code .amp/settings.json}'s MCP servers (D3,
 * D4), Trae {@code .trae/mcp.json}'s, Tabnine runs {@code .tabnine/agent/settings.json}'s hooks and MCP servers, Auggie,
 * CodeBuddy, iFlow and Qoder the hooks and MCP servers of their {@code settings.json}, OpenHands {@code
 * .openhands/setup.sh}, Mistral Vibe {@code .vibe/config.toml}'s MCP servers, pi {@code .pi/settings.json}'s packages
 * (E1–E9), Letta Code {@code .letta/settings.json}'s hooks; VS Code
 * runs {@code .vscode/tasks.json} (a task may run on folder open) and starts {@code .vscode/mcp.json}'s servers; a dev
 * container's {@code initializeCommand} runs on the host) (Z5, A2), and files at a project's root or in any directory ({@code .mcp.json}: Claude Code's project MCP
 * servers; {@code .devcontainer.json}; {@code opencode.json(c)}; {@code .aider.conf.yml}: its lint and test commands;
 * Crush's {@code crush.json} and {@code .crush.json}; Continue's {@code .continuerc.json}) (A1, A2, C9). Not {@code .env} (aider's {@code AIDER_LINT_CMD}):
 * the stop cannot tell the developer's own new {@code .env} from one the session moved into place, and renaming every
 * one would take the developer's: docs/architecture.md. Any of them, of any type, is protected at runner start and
 * renamed at the stop when the session made it.
 * Content an agent reads as instructions ({@code AGENTS.md}, {@code CLAUDE.md}) is not among them, nor a tool this list
 * does not name — it cannot be complete, new agents come every month: docs/architecture.md says what is not covered. Shared by the protection search and the stop's walk (session) and the hand-back (platform),
 * which renames one the sandbox made past the walk's bound (Z3).
 */
public final class AgentConfigs {
    /** The directories. */
    public static final List<String> DIRECTORIES = List.of(".codex", ".agents", ".claude", ".gemini", ".cursor",
            ".vscode", ".devcontainer", ".windsurf", ".roo", ".kiro", ".amazonq", ".continue", ".zed", ".opencode",
            ".qwen", ".kilocode", ".clinerules", ".helix", ".junie", ".factory", ".github", ".amp", ".trae", ".tabnine",
            ".augment", ".codebuddy", ".openhands", ".iflow", ".qoder", ".vibe", ".pi", ".letta");
    /** The files. */
    public static final List<String> FILES = List.of(".mcp.json", ".devcontainer.json", "opencode.json",
            "opencode.jsonc", ".aider.conf.yml", ".crush.json", "crush.json", ".continuerc.json");
    /** Both: what the walks and the hand-back look for by name. */
    public static final List<String> NAMES = java.util.stream.Stream.concat(DIRECTORIES.stream(), FILES.stream()).toList();
    private static final java.util.Set<String> NAME_SET = java.util.Set.copyOf(NAMES);
    private static final java.util.Set<String> FOLDED = NAMES.stream().map(AgentConfigs::folded)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** The longest name, in chars: a name folds to at most three chars a char ({@code ﬃ}), so a longer one is none. */
    private static final int LONGEST = NAMES.stream().mapToInt(String::length).max().orElse(0);

    /**
     * Whether an entry named {@code name} is one of {@link #NAMES} to an agent that opens it by name: exactly, or as a
     * case-insensitive directory (ext4 and tmpfs casefold, {@code chattr +F}) finds it, whose lookup folds case after
     * Unicode's full case folding ({@code .CLAUDE}, {@code .Cur\u017For}, a Kelvin sign for {@code k}). Wider than
     * the kernel on a directory that does not fold (a {@code .CLAUDE} there is looked at too): the safe side.
     */
    public static boolean isNamed(String name) {
        return NAME_SET.contains(name) || name.length() <= 3 * LONGEST && FOLDED.contains(folded(name));
    }

    /** {@code name} case-folded as the kernel's casefold lookup does it (full folding, then NFD). */
    static String folded(String name) {
        return java.text.Normalizer.normalize(name.toUpperCase(java.util.Locale.ROOT).toLowerCase(java.util.Locale.ROOT),
                java.text.Normalizer.Form.NFD);
    }

    private AgentConfigs() {
    }

    /** {@link #NAMES} as the stop's lines name them: {@code `.codex`, `.agents`, … directories and `.mcp.json`, … files}. */
    public static String named() {
        return String.join(", ", DIRECTORIES.stream().map(n -> "`" + n + "`").toList()) + " directories and "
                + String.join(", ", FILES.stream().map(n -> "`" + n + "`").toList()) + " files";
    }

    /** What the stop says when it renamed {@code entry}, one of them, to {@code newName}. */
    public static String renamed(String what, java.nio.file.Path entry, String newName) {
        return what + ": renamed " + entry + " to " + newName + " so that no agent reads it";
    }
}
