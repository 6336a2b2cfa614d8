package dev.cordon;

import dev.cordon.audit.AuditLog;
import dev.cordon.cli.CordonCli;
import dev.cordon.core.Instance;
import dev.cordon.doctor.Doctor;
import dev.cordon.platform.Platform;
import dev.cordon.provision.Failpoints;
import dev.cordon.provision.Provisioner;
import dev.cordon.provision.Residue;
import dev.cordon.vault.Vault;

import java.util.List;
import java.util.Set;

/**
 * The backend services of one instance on one platform, wired once. The CLI and the panel both go through here, so
 * a panel action and its CLI command run the same code.
 */
public final class Backend {
    private final Instance instance;
    private final Platform platform;

    public Backend(Instance instance, Platform platform) {
        this.instance = instance;
        this.platform = platform;
    }

    public static Backend open(Instance instance) {
        return new Backend(instance, Platform.detect(instance));
    }

    public Instance instance() {
        return instance;
    }

    public Platform platform() {
        return platform;
    }

    public AuditLog audit() {
        return new AuditLog(instance.auditFile());
    }

    public Provisioner provisioner() {
        return provisioner(Failpoints.NONE);
    }

    public Provisioner provisioner(Failpoints failpoints) {
        return new Provisioner(instance, platform, residue(), failpoints);
    }

    public Vault vault() {
        return new Vault(instance.secretsDir(), platform.protector());
    }

    public Doctor doctor() {
        return new Doctor(instance, platform, residue(), CordonCli.Version.version());
    }

    public Residue residue() {
        return new Residue() {
            @Override
            public List<String> describe(Set<Integer> uids) {
                return List.of();
            }

            @Override
            public void purge(Set<Integer> uids) {
            }
        };
    }
}
