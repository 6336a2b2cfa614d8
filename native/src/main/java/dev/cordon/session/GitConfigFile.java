package dev.cordon.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of one git config file, parsed as git's own {@code config.c} parses them (sections {@code [s]},
 * {@code [s "sub"]} and {@code [s.sub]}, keys with or without {@code =}, quoting, the escapes {@code \t \b \n \\ \"},
 * continuation lines, {@code #}/{@code ;} comments, a UTF-8 BOM, CRLF), without following any include and without
 * running anything: the protection search reads a repository's config itself rather than running {@code git} as root on
 * a file a member or the sandbox wrote (R37), and follows every include whatever its condition (R42).
 */
final class GitConfigFile {
    /** One {@code section[.subsection].name = value}: section and name lower-cased, the subsection as written. */
    record Entry(String section, String subsection, String name, String value, int line) {
        /** {@code include.path} or {@code includeIf.<condition>.path} (taken whatever the condition, or any subsection). */
        boolean isInclude() {
            return name.equals("path") && (section.equals("include") || section.equals("includeif"));
        }

        boolean is(String section, String name) {
            return subsection == null && this.section.equals(section) && this.name.equals(name);
        }

        /**
         * Whether git may take this entry's value for true ({@code git_config_bool}): a key without a value, {@code
         * true}/{@code yes}/{@code on}, any number but zero. False only for {@code false}/{@code no}/{@code off}, the
         * empty value and a zero ({@code 0}, {@code 00}, {@code 0x0}, {@code 0k}); anything git would refuse counts as
         * true, the safe side for what it guards.
         */
        boolean mayBeTrue() {
            if (value == null) {
                return true;
            }
            String v = value.toLowerCase(java.util.Locale.ROOT);
            return !(v.isEmpty() || v.equals("false") || v.equals("no") || v.equals("off")
                    || v.matches("[+-]?(0x0+|0+)[kmg]?"));
        }

        /**
         * Whether git may run this entry's value as a command, or read another file as config or hooks because of it
         * (R128: what a config the session could write at the end may carry): {@code core.fsmonitor}, {@code
         * core.hooksPath}, {@code core.sshCommand}, {@code core.editor}, {@code core.pager}, {@code core.askPass},
         * {@code core.gitProxy}, {@code core.alternateRefsCommand}, {@code sequence.editor}, {@code diff.external},
         * {@code diff.*.textconv}, {@code diff.*.command}, {@code difftool.*.cmd}, {@code mergetool.*.cmd}, {@code
         * merge.*.driver}, {@code filter.*.clean/smudge/process}, {@code credential[.*].helper}, {@code pager.*},
         * {@code alias.*} (a {@code !} alias runs a shell), {@code gpg[.*].program}, {@code hook.*.command}, {@code
         * uploadpack.packObjectsHook}, {@code remote.*.uploadpack/receivepack/url/pushurl/vcs}, {@code url.*.insteadOf},
         * {@code protocol[.*].allow}, {@code browser.*.cmd}, {@code man.*.cmd}, {@code web.browser}, and (R140) {@code
         * core.attributesFile}, {@code core.worktree}, {@code gpg.ssh.defaultKeyCommand}, {@code submodule.*.update},
         * {@code interactive.diffFilter}, the tools' {@code path}, {@code sendemail.*}, {@code imap.tunnel}, {@code
         * trailer.*.command/cmd}, {@code lfs.*.path}, {@code guitool.*.cmd}, {@code instaweb.httpd}, (R151) {@code
         * tar.*.command}, {@code sendemail.<identity>.*}, {@code lfs.extension.*.clean/smudge}, {@code submodule.*.url},
         * {@code extensions.worktreeConfig}, and the includes
         * ({@link #isInclude}). Not complete by nature: the stop report says so.
         */
        boolean runsCommand() {
            if (isInclude()) {
                return true;
            }
            if (subsection == null) {
                return switch (section) {
                    case "core" -> java.util.Set.of("fsmonitor", "hookspath", "sshcommand", "editor", "pager", "askpass",
                            "gitproxy", "alternaterefscommand", "attributesfile", "worktree").contains(name);
                    case "sequence" -> name.equals("editor");
                    case "diff" -> name.equals("external");
                    case "credential" -> name.equals("helper");
                    case "gpg" -> name.equals("program");
                    case "uploadpack" -> name.equals("packobjectshook");
                    case "web" -> name.equals("browser");
                    case "interactive" -> name.equals("difffilter");
                    case "sendemail" -> java.util.Set.of("smtpserver", "tocmd", "cccmd", "sendmailcmd").contains(name);
                    case "imap" -> name.equals("tunnel");
                    case "instaweb" -> name.equals("httpd");
                    case "protocol" -> name.equals("allow");
                    case "extensions" -> name.equals("worktreeconfig"); // makes git read config.worktree too
                    case "pager", "alias" -> true;
                    default -> false;
                };
            }
            return switch (section) {
                case "diff" -> name.equals("textconv") || name.equals("command");
                case "difftool", "mergetool", "browser", "man" -> name.equals("cmd") || name.equals("path");
                case "merge" -> name.equals("driver");
                case "filter" -> name.equals("clean") || name.equals("smudge") || name.equals("process");
                case "credential" -> name.equals("helper");
                case "gpg" -> name.equals("program") || name.equals("defaultkeycommand");
                case "hook" -> name.equals("command");
                // a remote's url or a rewrite of urls may name the ext:: transport, which runs a command; vcs names a
                // git-remote-<vcs> helper
                case "remote" -> java.util.Set.of("uploadpack", "receivepack", "url", "pushurl", "vcs").contains(name);
                case "url" -> name.equals("insteadof") || name.equals("pushinsteadof");
                case "protocol" -> name.equals("allow");
                case "submodule" -> name.equals("update") || name.equals("url");
                case "tar" -> name.equals("command"); // git archive runs it (R151)
                case "sendemail" -> java.util.Set.of("smtpserver", "tocmd", "cccmd", "sendmailcmd").contains(name);
                case "trailer" -> name.equals("command") || name.equals("cmd");
                case "lfs" -> java.util.Set.of("path", "clean", "smudge").contains(name);
                case "guitool" -> name.equals("cmd");
                default -> false;
            };
        }

        /** {@code section[.subsection].name} as git names the key. */
        String key() {
            return section + (subsection == null ? "" : "." + subsection) + "." + name;
        }
    }

    /** A line git itself refuses ({@code fatal: bad config line N}): the developer's git reads nothing of the file. */
    static final class BadLine extends Exception {
        final int line;

        BadLine(int line) {
            super("bad config line " + line);
            this.line = line;
        }
    }

    private final byte[] in;
    private int at;
    private int line = 1;
    private boolean eof;

    private GitConfigFile(byte[] in) {
        this.in = in;
        // a UTF-8 byte order mark at the very start is skipped, as git does
        this.at = in.length >= 3 && (in[0] & 0xff) == 0xef && (in[1] & 0xff) == 0xbb && (in[2] & 0xff) == 0xbf ? 3 : 0;
    }

    static List<Entry> parse(byte[] content) throws BadLine {
        return new GitConfigFile(content).entries();
    }

    private List<Entry> entries() throws BadLine {
        List<Entry> out = new ArrayList<>();
        boolean comment = false;
        String section = ""; // a key before any section header: git takes it as a key of no section
        String subsection = null;
        while (true) {
            int c = next();
            if (c == '\n') {
                if (eof) {
                    return out;
                }
                comment = false;
                continue;
            }
            if (comment || isSpace(c)) {
                continue;
            }
            if (c == '#' || c == ';') {
                comment = true;
                continue;
            }
            if (c == '[') {
                String[] header = sectionHeader();
                section = header[0];
                subsection = header[1];
                continue;
            }
            if (!isAlpha(c)) {
                throw new BadLine(line);
            }
            int keyLine = line;
            StringBuilder name = new StringBuilder().append(lower(c));
            while (isKeyChar(c = next())) {
                name.append(lower(c));
            }
            while (c == ' ' || c == '\t') {
                c = next();
            }
            String value = null;
            if (c != '\n') {
                if (c != '=') {
                    throw new BadLine(line);
                }
                value = value();
            }
            out.add(new Entry(section, subsection, name.toString(), value, keyLine));
            if (eof) {
                return out;
            }
        }
    }

    /** After {@code [}: {@code {section, subsection or null}}; a legacy {@code [s.sub]} gives {@code s} and {@code sub} lower-cased. */
    private String[] sectionHeader() throws BadLine {
        StringBuilder base = new StringBuilder();
        while (true) {
            int c = next();
            if (eof) {
                throw new BadLine(line);
            }
            if (c == ']') {
                String b = base.toString();
                int dot = b.indexOf('.');
                return dot < 0 ? new String[] {b, null} : new String[] {b.substring(0, dot), b.substring(dot + 1)};
            }
            if (isSpace(c)) {
                return new String[] {base.toString(), quotedSubsection()};
            }
            if (!isKeyChar(c) && c != '.') {
                throw new BadLine(line);
            }
            base.append(lower(c));
        }
    }

    private String quotedSubsection() throws BadLine {
        int c;
        do {
            c = next();
            if (c == '\n') {
                throw new BadLine(line);
            }
        } while (isSpace(c));
        if (c != '"') {
            throw new BadLine(line);
        }
        ByteArrayOutputStream sub = new ByteArrayOutputStream();
        while (true) {
            c = next();
            if (c == '\n') {
                throw new BadLine(line);
            }
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                c = next();
                if (c == '\n') {
                    throw new BadLine(line);
                }
            }
            sub.write(c);
        }
        if (next() != ']') {
            throw new BadLine(line);
        }
        return sub.toString(StandardCharsets.UTF_8);
    }

    /** After {@code =}: the value to the end of its (possibly continued) line. */
    private String value() throws BadLine {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        boolean quote = false;
        boolean comment = false;
        int space = 0;
        while (true) {
            int c = next();
            if (c == '\n') {
                if (quote) {
                    throw new BadLine(line - (eof ? 0 : 1));
                }
                return value.toString(StandardCharsets.UTF_8);
            }
            if (comment) {
                continue;
            }
            if (isSpace(c) && !quote) {
                if (value.size() > 0) {
                    space++;
                }
                continue;
            }
            if (!quote && (c == ';' || c == '#')) {
                comment = true;
                continue;
            }
            for (; space > 0; space--) {
                value.write(' ');
            }
            if (c == '\\') {
                c = next();
                switch (c) {
                    case '\n' -> {
                        continue; // a continuation line
                    }
                    case 't' -> c = '\t';
                    case 'b' -> c = '\b';
                    case 'n' -> c = '\n';
                    case '\\', '"' -> {
                    }
                    default -> throw new BadLine(line);
                }
                value.write(c);
                continue;
            }
            if (c == '"') {
                quote = !quote;
                continue;
            }
            value.write(c);
        }
    }

    /** The next byte; CRLF as {@code \n}; at the end {@code \n} with {@link #eof} set. Counts lines as git does. */
    private int next() {
        if (at >= in.length) {
            eof = true;
            return '\n';
        }
        int c = in[at++] & 0xff;
        if (c == '\r' && at < in.length && in[at] == '\n') {
            at++;
            c = '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    /**
     * Git's {@code isspace} ({@code sane_ctype}'s {@code GIT_SPACE}): space, tab, newline and carriage return only, not
     * C's vertical tab and form feed (Z9: {@code path = local.gitconfig<VT>} names a file whose name ends in the vertical
     * tab, which git reads and the session could make while {@code local.gitconfig} was protected).
     */
    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isAlpha(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isKeyChar(int c) {
        return isAlpha(c) || c >= '0' && c <= '9' || c == '-';
    }

    private static char lower(int c) {
        return (char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); // ASCII only, as git's tolower
    }
}
