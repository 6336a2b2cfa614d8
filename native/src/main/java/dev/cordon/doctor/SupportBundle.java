package dev.cordon.doctor;

import dev.cordon.audit.AuditLog;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.platform.Account;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Platform;
import dev.cordon.vault.Vault;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A redacted zip for support: doctor report, ledger, audit tail, versions, firewall ruleset, secret names and
 * states. Secret values are never read; people's account names, home paths and the host name are replaced.
 */
public final class SupportBundle {
    public static final int AUDIT_TAIL = 200;

    private final Instance instance;
    private final Platform platform;
    private final Redactor redactor;

    public SupportBundle(Instance instance, Platform platform) {
        this.instance = instance;
        this.platform = platform;
        this.redactor = defaultRedactor(instance, platform.accounts());
    }

    /** People ({@link Accounts#people()}) and the superuser's home; plus whoever is behind sudo. */
    static Redactor defaultRedactor(Instance instance, Accounts accounts) {
        Set<String> sandbox = Set.of(instance.offlineAccount(), instance.onlineAccount());
        List<String> names = new ArrayList<>();
        List<String> homes = new ArrayList<>();
        for (Account a : accounts.people()) {
            if (!sandbox.contains(a.name())) {
                names.add(a.name());
                homes.add(a.home());
            }
        }
        accounts.superuser().ifPresent(root -> homes.add(root.home()));
        String sudo = System.getenv("SUDO_USER");
        if (sudo != null && !sudo.equals("root")) {
            names.add(sudo);
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = null;
        }
        return new Redactor(names, homes, host);
    }

    /** File name → redacted content, in bundle order. */
    public Map<String, String> contents(DoctorReport report) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("doctor.json", Json.pretty(report));
        files.put("versions.txt", versions(report));
        files.put("ledger.jsonl", readOrNote(instance.ledgerFile()));
        List<String> audit = new AuditLog(instance.auditFile()).read(AUDIT_TAIL).stream().map(Json::line).toList();
        files.put("audit-tail.jsonl", audit.isEmpty() ? "" : String.join("\n", audit) + "\n");
        files.put("nftables-ruleset.txt", platform.firewall().rulesetDump());
        files.put("secrets.json", platform.protector().keyPresent()
                ? Json.pretty(new Vault(instance.secretsDir(), platform.protector()).list(true)) : "[]");
        Map<String, String> redacted = new LinkedHashMap<>();
        files.forEach((k, v) -> redacted.put(k, redactor.apply(v)));
        return redacted;
    }

    private String versions(DoctorReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("cordon ").append(report.version()).append('\n');
        sb.append("java ").append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vendor"))
                .append(")\n");
        sb.append("os ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append('\n');
        sb.append("instance ").append(instance.displayName()).append('\n');
        Exec.which("nft").ifPresent(nft -> sb.append(Exec.run(List.of(nft.toString(), "--version")).stdout()));
        try {
            String osRelease = Files.readString(Path.of("/etc/os-release"));
            sb.append(osRelease.lines().filter(l -> l.startsWith("PRETTY_NAME=")).collect(Collectors.joining("\n"))).append('\n');
        } catch (IOException e) {
            sb.append("/etc/os-release unreadable: ").append(e.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static String readOrNote(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no file at " + file + ")\n";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")\n";
        }
    }

    /** Writes the zip (mode 0600) as this process's user; refuses to overwrite an existing file. */
    public void write(Path zip, Map<String, String> contents) {
        write(zip, contents, java.util.Optional.empty());
    }

    /**
     * Writes the zip (mode 0600), owned by {@code owner} when given (the person the panel or CLI runs elevated for,
     * {@link dev.cordon.platform.InvokingUser}): created new, never through a symlink at its name or on its directory's
     * path ({@link dev.cordon.platform.FileSecurity#createNewFile}); an existing file is refused, nothing written.
     */
    public void write(Path zip, Map<String, String> contents, java.util.Optional<dev.cordon.platform.Account> owner) {
        if (Files.exists(zip, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw exists(zip);
        }
        if (zip.getParent() != null && !Files.isDirectory(zip.toAbsolutePath().getParent())) {
            throw CordonException.usage("The directory of bundle file " + zip + " does not exist.",
                    "Give a path in an existing directory, e.g. ./cordon-support.zip.");
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            try (ZipOutputStream z = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, String> e : contents.entrySet()) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    z.closeEntry();
                }
            }
            platform.fileSecurity().createNewFile(zip, bytes.toByteArray(), owner);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw exists(zip);
        } catch (IOException e) {
            throw CordonException.internal("Cannot write the bundle " + zip + ": " + e.getMessage(), e);
        }
    }

    private static CordonException exists(Path zip) {
        return new CordonException(ExitCode.CONFLICT, "Bundle file " + zip + " already exists; nothing was written.",
                "Choose a new file name or remove the old bundle.");
    }
}
