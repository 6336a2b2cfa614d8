package dev.cordon.cli;

import dev.cordon.provision.Failpoints;
import dev.cordon.provision.Provisioner;
import dev.cordon.provision.Residue;
import dev.cordon.vault.Vault;

import java.util.List;
import java.util.Set;

/** Wires the backend services for one command from the instance and the platform. */
final class Backends {
    private Backends() {
    }

    static Provisioner provisioner(Common common, Failpoints failpoints) {
        return new Provisioner(common.instance(), common.platform(), residue(common), failpoints);
    }

    static Residue residue(Common common) {
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

    static Vault vault(Common common) {
        return new Vault(common.instance().secretsDir(), common.platform().protector());
    }
}
