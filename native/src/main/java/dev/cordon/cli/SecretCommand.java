package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cordon secret set|list|rm|verify}. Values are read from standard input only, never from arguments, and are
 * never printed. JSON: {@code cordon.secret.list/1} {@code {secrets:[{name,state,detail,sealedAt,keyId}]}};
 * set/rm/verify print {@code cordon.secret/1} {@code {action, secret:{…same fields…}}}.
 */
@Command(name = "secret", description = {"Sealed secrets for online sessions; values are never printed.",
        "Values are read from standard input, never from arguments."},
        subcommands = {SecretCommand.Set.class, SecretCommand.ListSecrets.class, SecretCommand.Remove.class,
                SecretCommand.Verify.class})
final class SecretCommand {

    static void print(Common common, CommandSpec spec, String action, Vault.SecretStatus s, String text) {
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            ObjectNode doc = Output.document("secret/1");
            doc.put("action", action);
            doc.set("secret", Json.tree(s));
            out.println(Json.pretty(doc));
        } else {
            out.println(text);
        }
    }

    static String describe(Vault.SecretStatus s) {
        return s.name() + ": " + s.state().name().toLowerCase() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")");
    }

    @Command(name = "set", description = {"Seal the value read from standard input under NAME.",
            "Replaces a secret of that name; not echoed on a terminal."})
    static final class Set implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "Environment-variable style name, e.g. GITHUB_TOKEN.")
        String name;

        @Override
        public Integer call() {
            common.requireElevated("secret set");
            Vault.validateName(name);
            byte[] value = readValue();
            try {
                Vault.SecretStatus s = common.backend().vault().set(name, value);
                common.audit().record("secret.set", Map.of("name", name), "ok", null);
                print(common, spec, "set", s, "Sealed secret " + name + " (" + common.platform().protector().scheme() + ").");
                return 0;
            } finally {
                Arrays.fill(value, (byte) 0);
            }
        }

        private byte[] readValue() {
            Console console = System.console();
            if (console != null) {
                char[] chars = console.readPassword("Value for %s (not echoed): ", name);
                if (chars == null) {
                    throw CordonException.usage("No value entered for secret " + name + ".", "Type the value, or pipe it on stdin.");
                }
                ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
                Arrays.fill(chars, '\0');
                byte[] bytes = Arrays.copyOf(bb.array(), bb.limit());
                Arrays.fill(bb.array(), (byte) 0);
                return bytes;
            }
            try {
                InputStream in = System.in;
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                byte[] chunk = new byte[4096];
                int n;
                while ((n = in.read(chunk)) > 0) {
                    buf.write(chunk, 0, n);
                    if (buf.size() > Vault.MAX_VALUE_BYTES + 2) {
                        break;
                    }
                }
                byte[] raw = buf.toByteArray();
                int len = raw.length;
                // one trailing newline is the shell's, not the secret's (`echo x |`)
                if (len > 0 && raw[len - 1] == '\n') {
                    len--;
                    if (len > 0 && raw[len - 1] == '\r') {
                        len--;
                    }
                }
                byte[] value = Arrays.copyOf(raw, len);
                Arrays.fill(raw, (byte) 0);
                return value;
            } catch (IOException e) {
                throw new CordonException(ExitCode.USAGE, "Cannot read the value of " + name + " from standard input: "
                        + e.getMessage(), "Pipe the value on stdin.", e);
            }
        }
    }

    @Command(name = "list", description = {"List secrets with their state: sealed or unsealable.",
            "With --verify each is unsealed: verified or unsealable."})
    static final class ListSecrets implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Option(names = "--verify", description = "Also unseal each one to prove it is readable.")
        boolean verify;

        @Override
        public Integer call() {
            common.requireElevated("secret list");
            List<Vault.SecretStatus> all = common.backend().vault().list(verify);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                ObjectNode doc = Output.document("secret.list/1");
                doc.set("secrets", Json.tree(all));
                out.println(Json.pretty(doc));
            } else if (all.isEmpty()) {
                out.println("No secrets.");
            } else {
                all.forEach(s -> out.println(describe(s)));
            }
            return all.stream().anyMatch(s -> s.state() == Vault.State.UNSEALABLE) ? ExitCode.CHECK_FAILED.code() : 0;
        }
    }

    @Command(name = "rm", description = "Remove a secret.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "The secret's name (from `cordon secret list`).")
        String name;

        @Override
        public Integer call() {
            common.requireElevated("secret rm");
            Vault vault = common.backend().vault();
            if (!vault.remove(name)) {
                throw CordonException.usage("There is no secret named " + name + ".", "List them with `cordon secret list`.");
            }
            common.audit().record("secret.rm", Map.of("name", name), "ok", null);
            print(common, spec, "rm", new Vault.SecretStatus(name, Vault.State.MISSING, "", null, null),
                    "Removed secret " + name + ".");
            return 0;
        }
    }

    @Command(name = "verify", description = {"Unseal a secret to prove it is readable; exit 1 if not.",
            "The value is not shown."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "The secret's name (from `cordon secret list`).")
        String name;

        @Override
        public Integer call() {
            common.requireElevated("secret verify");
            Vault.validateName(name);
            Vault.SecretStatus s = common.backend().vault().status(name, true);
            if (s.state() == Vault.State.MISSING) {
                throw CordonException.usage("There is no secret named " + name + ".", "List them with `cordon secret list`.");
            }
            common.audit().record("secret.verify", Map.of("name", name), s.state().name().toLowerCase(), s.detail());
            print(common, spec, "verify", s, describe(s));
            return s.state() == Vault.State.VERIFIED ? 0 : ExitCode.CHECK_FAILED.code();
        }
    }
}
