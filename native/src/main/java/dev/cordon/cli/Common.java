package dev.cordon.cli;

import dev.cordon.Backend;
import dev.cordon.audit.Actor;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.Platform;
import dev.cordon.platform.Platforms;
import picocli.CommandLine.Option;

/** Options every command takes: {@code --instance} and {@code --json}. Mixed into each command. */
public final class Common {
    @Option(names = "--instance", paramLabel = "NAME",
            description = "Instance name prefixing every account, group, table and directory (default: $CORDON_INSTANCE, else none).")
    String instanceName;

    @Option(names = "--json", description = "Print JSON with a stable shape instead of text (run, session exec: JSON lines).")
    boolean json;

    private Instance instance;
    private Platform platform;

    public Common() {
    }

    /** For tests: the options of a command run on {@code platform}. */
    Common(Instance instance, Platform platform) {
        this.instance = instance;
        this.platform = platform;
    }

    public Instance instance() {
        if (instance == null) {
            instance = Instance.resolve(instanceName);
        }
        return instance;
    }

    public Platform platform() {
        if (platform == null) {
            platform = Platforms.detect(instance());
        }
        return platform;
    }

    public Backend backend() {
        return new Backend(instance(), platform());
    }

    public boolean json() {
        return json;
    }

    public AuditLog audit() {
        return new AuditLog(instance().auditFile(), new Actor(platform().accounts()), platform().fileSecurity());
    }

    /**
     * Refuses, before anything is read or changed, when this build cannot host sessions here (Windows until its
     * session launcher lands): one sentence, exit {@code UNAVAILABLE}.
     */
    public void requireSessions(String what) {
        platform().sessionsUnavailable().ifPresent(why -> {
            throw new CordonException(ExitCode.UNAVAILABLE, "`cordon " + what + "` is not available here: " + why,
                    "Use `cordon setup`, `cordon doctor` and `cordon uninstall` here, and Cordon on Linux for sessions.");
        });
    }

    /** Refuses, before anything is read or changed, when not elevated. */
    public void requireElevated(String what) {
        if (!platform().elevated()) {
            throw new CordonException(ExitCode.NEEDS_ROOT, "`cordon " + what + "` needs " + platform().elevationName()
                    + ".", platform().elevationHint());
        }
    }
}
