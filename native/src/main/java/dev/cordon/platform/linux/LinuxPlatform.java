package dev.cordon.platform.linux;

import com.sun.jna.platform.unix.LibC;
import dev.cordon.core.Instance;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.NetworkProbe;
import dev.cordon.platform.Platform;
import dev.cordon.platform.ProcessTable;
import dev.cordon.platform.SecretProtector;

/** Linux: shadow-utils accounts, one nftables table, AES-GCM host key, setpriv probes. */
public final class LinuxPlatform implements Platform {
    private final Accounts accounts = new LinuxAccounts();
    private final Firewall firewall = new NftFirewall();
    private final SecretProtector protector;
    private final NetworkProbe probe = new LinuxNetworkProbe(accounts);
    private ProcessTable processTable;

    public LinuxPlatform(Instance instance) {
        this.protector = new HostKeyProtector(instance.hostKeyFile());
    }

    @Override
    public String os() {
        return "linux";
    }

    @Override
    public Accounts accounts() {
        return accounts;
    }

    @Override
    public Firewall firewall() {
        return firewall;
    }

    @Override
    public SecretProtector protector() {
        return protector;
    }

    @Override
    public NetworkProbe networkProbe() {
        return probe;
    }

    /** Created on first use: it loads libc and reads the boot time, which other commands do not need. */
    @Override
    public synchronized ProcessTable processTable() {
        if (processTable == null) {
            processTable = new ProcFsProcessTable();
        }
        return processTable;
    }

    @Override
    public boolean elevated() {
        return LibC.INSTANCE.geteuid() == 0;
    }

    @Override
    public String elevationName() {
        return "root";
    }

    @Override
    public String elevationHint() {
        return "run it as root, e.g. `sudo ./cordon ...`";
    }
}
