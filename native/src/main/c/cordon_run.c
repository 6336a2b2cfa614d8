/*
 * cordon-run: the one-shot `cordon run` through a running host (`cordon serve`), without starting a JVM (issue 13,
 * part 3; docs/benchmarks.md). On a terminal it shows escape sequences as text as the CLI does (core.TerminalSafeFilter,
 * ported below). The `./cordon` launcher runs it as
 *
 *     cordon-run LAUNCHER run [OPTIONS] -- CMD [ARGS...]
 *
 * It speaks the host protocol (docs/protocol.md) for exactly what the Java CLI's thin path does (RunCommand.remote,
 * RemoteExec): one `run` request, the command's stdout/stderr written as they arrive, stdin forwarded, Ctrl-C/SIGTERM/
 * SIGHUP sending a `cancel` and exiting 128+signal, the host's refusals printed as the CLI prints them. Whenever it
 * cannot be sure to behave exactly as the Java CLI would — an option it does not know, --json, a locale that is not
 * UTF-8, JVM options in the environment, no host at the socket, a refused connection, a host.hello that does not answer protocol 1 — it hands the command line
 * to the Java CLI: it runs LAUNCHER again with _CORDON_RUN_FALLBACK=1 (the launcher removes it before the JVM starts),
 * before anything is sent but the hello. After the `run` request is sent there is no way back: a malformed frame is
 * an error message and exit 70.
 */
#define _GNU_SOURCE
#include "cordon_json.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FRAME 1048576
#define RUN_ID 2
#define HELLO_ID 1
#define DEFAULT_TMP_SIZE 1073741824LL /* SessionSpec.Limits.DEFAULT */
#define MAX_SECONDS 31536000LL /* InputBounds.MAX_SECONDS: 365 days */
#define STDIN_CHUNK 65536           /* CommandStreams.forwardStdin */
#define OUT_HIGH_WATER (1 << 20)

static char *launcher;
static char **cordon_args;
static int cordon_nargs;

/* Hands the whole command line to the Java CLI, through the launcher. */
static void fallback(void) {
    char **argv = calloc((size_t) cordon_nargs + 3, sizeof *argv);
    if (!argv) {
        fputs("cordon: out of memory\n", stderr);
        exit(70);
    }
    argv[0] = "bash";
    argv[1] = launcher;
    for (int i = 0; i < cordon_nargs; i++) {
        argv[i + 2] = cordon_args[i];
    }
    setenv("_CORDON_RUN_FALLBACK", "1", 1);
    if (access(launcher, X_OK) == 0) {
        execv(launcher, argv + 1);
    }
    execvp("bash", argv);
    fprintf(stderr, "cordon: cannot run %s: %s\nFix: run the Java CLI directly: CORDON_JVM_CLIENT=1 %s ...\n", launcher,
            strerror(errno), launcher);
    exit(70);
}

/* ------------------------------------------------------------------ the command line */

/* the values of an option that may be given more than once, in order */
typedef struct {
    const char **v;
    int n;
} strlist;

typedef struct {
    const char *instance;
    const char *workspace;
    const char *network;
    const char *timeout;
    const char *tmp_size;
    long long tmp_size_bytes;
    int raw;
    int json;
    strlist secrets;
    strlist sockets;
    strlist writable;
    strlist env;
    char **argv;
    int nargv;
} options;

static int has_fffd(const char *s) {
    return strstr(s, "\xef\xbf\xbd") != NULL;
}

/* `--name VALUE` or `--name=VALUE` at args[*i]; the value, or NULL when args[*i] is not that option. */
static const char *option_value(const char *name, char **args, int n, int *i, int *bad) {
    size_t len = strlen(name);
    const char *a = args[*i];
    if (strncmp(a, name, len) != 0) {
        return NULL;
    }
    const char *v;
    if (a[len] == '=') {
        v = a + len + 1;
    } else if (a[len] == 0) {
        if (*i + 1 >= n) {
            *bad = 1;
            return NULL;
        }
        v = args[++*i];
    } else {
        return NULL;
    }
    if (v[0] == 0 || v[0] == '-') {
        *bad = 1; /* empty, or what picocli may take for an option: its messages are the JVM's to give */
    }
    return v;
}

/*
 * --tmp-size as ByteSize.parse reads it (SessionSpec.Limits: 1M to 1T): 1-13 digits, an optional unit K, M, G or T
 * (powers of 1024), an optional B or IB, any case; -1 for anything else (the JVM's message), non-ASCII and spaces
 * included (Java upper-cases and strips with rules of its own).
 */
static long long tmp_size(const char *t) {
    size_t digits = strspn(t, "0123456789");
    if (digits < 1 || digits > 13) {
        return -1;
    }
    long long n = 0;
    for (size_t k = 0; k < digits; k++) {
        n = n * 10 + (t[k] - '0');
    }
    const char *rest = t + digits;
    long long unit = 1;
    switch (rest[0]) {
        case 'k': case 'K': unit = 1LL << 10; rest++; break;
        case 'm': case 'M': unit = 1LL << 20; rest++; break;
        case 'g': case 'G': unit = 1LL << 30; rest++; break;
        case 't': case 'T': unit = 1LL << 40; rest++; break;
        default: break;
    }
    if (rest[0] == 'i' || rest[0] == 'I') {
        rest++;
        if (rest[0] != 'b' && rest[0] != 'B') {
            return -1;
        }
    }
    if (rest[0] == 'b' || rest[0] == 'B') {
        rest++;
    }
    if (rest[0] != 0) {
        return -1;
    }
    const long long min = 1LL << 20, max = 1LL << 40;
    if (n > max / unit || n * unit < min) {
        return -1;
    }
    return n * unit;
}

/* 1 when every argument is one this client handles exactly as the Java CLI does; else 0. */
static int parse_options(char **args, int n, options *o) {
    memset(o, 0, sizeof *o);
    strlist *lists[] = {&o->writable, &o->env, &o->secrets, &o->sockets};
    for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
        if (!(lists[k]->v = calloc((size_t) n, sizeof *lists[k]->v))) {
            return 0;
        }
    }
    /* each option the Java CLI's `run` has and this client takes: given once (one) or any number of times (many) */
    const struct {
        const char *name;
        const char **one;
        strlist *many;
    } known[] = {
        {"--instance", &o->instance, NULL},
        {"--workspace", &o->workspace, NULL},
        {"--network", &o->network, NULL},
        {"--timeout", &o->timeout, NULL},
        {"--tmp-size", &o->tmp_size, NULL},
        {"--writable", NULL, &o->writable},
        {"--env", NULL, &o->env},
        {"--secret", NULL, &o->secrets},
        {"--allow-socket", NULL, &o->sockets},
    };
    int i = 1; /* args[0] is "run" */
    for (; i < n; i++) {
        const char *a = args[i];
        if (strcmp(a, "--") == 0) {
            break;
        }
        int *flag = strcmp(a, "--raw-output") == 0 ? &o->raw : strcmp(a, "--json") == 0 ? &o->json : NULL;
        if (flag) {
            if (*flag) {
                return 0;
            }
            *flag = 1;
            continue;
        }
        int matched = 0;
        for (size_t k = 0; k < sizeof known / sizeof *known && !matched; k++) {
            int bad = 0;
            const char *v = option_value(known[k].name, args, n, &i, &bad);
            if (bad || (v && known[k].one && *known[k].one)) {
                return 0; /* a missing or odd value, or a single option given twice: the JVM's messages */
            }
            if (v) {
                matched = 1;
                if (known[k].one) {
                    *known[k].one = v;
                } else {
                    known[k].many->v[known[k].many->n++] = v;
                }
            }
        }
        if (!matched) {
            return 0; /* anything else (--help, a command without `--`, …) is the JVM's */
        }
    }
    if (i >= n - 1 || !o->workspace) {
        return 0; /* no `--`, no command, no --workspace: the JVM's messages */
    }
    o->argv = args + i + 1;
    o->nargv = n - i - 1;
    if (o->argv[0][0] == 0) {
        return 0;
    }
    /* the JVM decodes arguments as UTF-8 (the locale is checked to be UTF-8): anything it would alter is its own */
    for (int k = 0; k < n; k++) {
        if (!cj_utf8_valid((const unsigned char *) args[k], strlen(args[k])) || has_fffd(args[k])) {
            return 0;
        }
    }
    if (o->network) {
        if (strcasecmp(o->network, "offline") != 0 && strcasecmp(o->network, "online") != 0) {
            return 0;
        }
    }
    if (o->timeout) {
        const char *t = o->timeout;
        size_t len = strlen(t);
        if (len == 0 || len > 18 || t[0] < '1' || t[0] > '9' || strspn(t, "0123456789") != len) {
            return 0;
        }
        if (strtoll(t, NULL, 10) > MAX_SECONDS) { /* the JVM's InputBounds.MAX_SECONDS: its usage error names --timeout */
            return 0;
        }
    }
    o->tmp_size_bytes = DEFAULT_TMP_SIZE;
    if (o->tmp_size && (o->tmp_size_bytes = tmp_size(o->tmp_size)) < 0) {
        return 0;
    }
    for (int k = 0; k < o->env.n; k++) {
        const char *kv = o->env.v[k];
        const char *eq = strchr(kv, '=');
        if (!eq || eq == kv) {
            return 0;
        }
        for (const char *c = kv; c < eq; c++) {
            int ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || *c == '_' || (c > kv && *c >= '0' && *c <= '9');
            if (!ok) {
                return 0;
            }
        }
    }
    return 1;
}

static int valid_instance(const char *s) {
    size_t n = strlen(s);
    if (n == 0) {
        return 1;
    }
    if (n > 12 || s[0] < 'a' || s[0] > 'z') {
        return 0;
    }
    for (size_t k = 1; k < n; k++) {
        if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9'))) {
            return 0;
        }
    }
    return 1;
}

/* Java's Path.of(p).toAbsolutePath(): redundant and trailing slashes dropped, a relative path put under the cwd. */
static int absolute(const char *p, const char *cwd, cj_buf *out) {
    if (p[0] != '/') {
        cj_buf_str(out, cwd);
        if (strcmp(cwd, "/") != 0) {
            cj_buf_add(out, "/", 1);
        }
    }
    size_t start = out->len;
    for (const char *c = p; *c; c++) {
        if (*c == '/' && out->len > 0 && out->data[out->len - 1] == '/') {
            continue;
        }
        cj_buf_add(out, c, 1);
    }
    if (out->len > 1 && out->len > start && out->data[out->len - 1] == '/') {
        out->len--;
        out->data[out->len] = 0;
    }
    return 0;
}

/* ------------------------------------------------------------------ the request */

static void json_key(cj_buf *b, const char *key, int first) {
    if (!first) {
        cj_buf_add(b, ",", 1);
    }
    cj_buf_json_string(b, key, strlen(key));
    cj_buf_add(b, ":", 1);
}

static void json_paths(cj_buf *b, const char **paths, int n, const char *cwd) {
    cj_buf_add(b, "[", 1);
    for (int k = 0; k < n; k++) {
        cj_buf abs = {0};
        absolute(paths[k], cwd, &abs);
        if (k) {
            cj_buf_add(b, ",", 1);
        }
        cj_buf_json_string(b, abs.data, abs.len);
        cj_buf_free(&abs);
    }
    cj_buf_add(b, "]", 1);
}

/* The frame body RunCommand.remote sends: SessionOptions.params, argv, timeoutSeconds. */
static void run_request(cj_buf *b, const options *o, const char *cwd, unsigned umask_value) {
    char num[32];
    cj_buf_str(b, "{\"v\":1,\"id\":2,\"method\":\"run\",\"params\":{");
    json_key(b, "umask", 1);
    snprintf(num, sizeof num, "%u", umask_value);
    cj_buf_str(b, num);
    json_key(b, "workspace", 0);
    cj_buf ws = {0};
    absolute(o->workspace, cwd, &ws);
    cj_buf_json_string(b, ws.data, ws.len);
    cj_buf_free(&ws);
    json_key(b, "network", 0);
    cj_buf_str(b, o->network && strcasecmp(o->network, "online") == 0 ? "\"online\"" : "\"offline\"");
    json_key(b, "writable", 0);
    json_paths(b, o->writable.v, o->writable.n, cwd);
    json_key(b, "env", 0);
    /* a LinkedHashMap: a name given twice keeps its first place and its last value */
    cj_buf_add(b, "{", 1);
    int written = 0;
    for (int k = 0; k < o->env.n; k++) {
        const char *eq = strchr(o->env.v[k], '=');
        size_t klen = (size_t) (eq - o->env.v[k]);
        int seen = 0;
        for (int j = 0; j < k; j++) {
            if (strncmp(o->env.v[j], o->env.v[k], klen) == 0 && o->env.v[j][klen] == '=') {
                seen = 1;
            }
        }
        if (seen) {
            continue;
        }
        const char *value = eq + 1;
        for (int j = k + 1; j < o->env.n; j++) {
            if (strncmp(o->env.v[j], o->env.v[k], klen) == 0 && o->env.v[j][klen] == '=') {
                value = o->env.v[j] + klen + 1;
            }
        }
        if (written++) {
            cj_buf_add(b, ",", 1);
        }
        cj_buf_json_string(b, o->env.v[k], klen);
        cj_buf_add(b, ":", 1);
        cj_buf_json_string(b, value, strlen(value));
    }
    cj_buf_add(b, "}", 1);
    json_key(b, "secrets", 0);
    cj_buf_add(b, "[", 1);
    for (int k = 0; k < o->secrets.n; k++) {
        if (k) {
            cj_buf_add(b, ",", 1);
        }
        cj_buf_json_string(b, o->secrets.v[k], strlen(o->secrets.v[k]));
    }
    cj_buf_add(b, "]", 1);
    json_key(b, "tmpSize", 0);
    snprintf(num, sizeof num, "%lld", o->tmp_size_bytes);
    cj_buf_str(b, num);
    json_key(b, "allowSockets", 0);
    json_paths(b, o->sockets.v, o->sockets.n, cwd);
    json_key(b, "argv", 0);
    cj_buf_add(b, "[", 1);
    for (int k = 0; k < o->nargv; k++) {
        if (k) {
            cj_buf_add(b, ",", 1);
        }
        cj_buf_json_string(b, o->argv[k], strlen(o->argv[k]));
    }
    cj_buf_add(b, "]", 1);
    if (o->timeout) {
        json_key(b, "timeoutSeconds", 0);
        cj_buf_str(b, o->timeout);
    }
    cj_buf_str(b, "}}");
}

/* ------------------------------------------------------------------ I/O */

static const char *socket_path;
/* A SIGINT, SIGTERM or SIGHUP received (0: none), and what to do about it (cancel and exit, once committed). */
static volatile sig_atomic_t pending_signal;
static void (*on_interrupt)(void);

/* Writes all of data to fd (a pipe or file of ours); a closed reader is ignored, as the Java CLI does. */
static void write_out(int fd, const char *data, size_t n) {
    while (n > 0) {
        if (pending_signal && on_interrupt) {
            on_interrupt(); /* Ctrl-C while our reader does not read: the CLI exits too (its hook runs on its own) */
        }
        ssize_t w = write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                struct pollfd p = {fd, POLLOUT, 0};
                poll(&p, 1, -1);
                continue;
            }
            return; /* EPIPE and the like: nothing left to show the output to */
        }
        data += w;
        n -= (size_t) w;
    }
}

/* ------------------------------------------------------------------ terminal output */

/*
 * core.TerminalSafeFilter for a UTF-8 terminal (forLocale: the locale is checked to be UTF-8), byte for byte: text,
 * newlines, tabs, carriage returns, valid UTF-8 and colours (ESC [ digits ; : m) pass; every other control is shown
 * in caret notation (^[), C1 controls and bytes that are not UTF-8 in M- notation; a sequence or character split
 * between chunks is held back until it is complete. Used where our stdout or stderr is a terminal: for the command's
 * output unless --raw-output (CommandStreams), and for the CLI's own messages on stderr (TerminalSafeStream).
 */
#define TSF_MAX_CSI 64
enum { TSF_TEXT, TSF_ESCAPE, TSF_CSI, TSF_UTF8 };

typedef struct {
    int active;
    unsigned char held[TSF_MAX_CSI];
    int held_len;
    int utf8_missing;
    int state;
} tsf;

static void tsf_caret(int b, cj_buf *out) {
    char c[2] = {'^', (char) (b == 0x7f ? '?' : b + 0x40)};
    cj_buf_add(out, c, 2);
}

static void tsf_meta(int b, cj_buf *out) {
    cj_buf_add(out, "M-", 2);
    int low = b & 0x7f;
    if (low < 0x20 || low == 0x7f) {
        tsf_caret(low, out);
    } else {
        char c = (char) low;
        cj_buf_add(out, &c, 1);
    }
}

static void tsf_hold(tsf *f, int b) {
    f->held[f->held_len++] = (unsigned char) b;
}

static void tsf_release(tsf *f, cj_buf *out) {
    for (int i = 0; i < f->held_len; i++) {
        int c = f->held[i];
        if (c == 0x1b) {
            tsf_caret(c, out);
        } else if (c >= 0x80) {
            tsf_meta(c, out);
        } else {
            char ch = (char) c;
            cj_buf_add(out, &ch, 1);
        }
    }
    f->held_len = 0;
    f->utf8_missing = 0;
    f->state = TSF_TEXT;
}

static void tsf_text(tsf *f, int b, cj_buf *out) {
    if ((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\t' || b == '\r') {
        char c = (char) b;
        cj_buf_add(out, &c, 1);
    } else if (b == 0x1b) {
        tsf_hold(f, b);
        f->state = TSF_ESCAPE;
    } else if (b < 0x80) {
        tsf_caret(b, out);
    } else if (b >= 0xc2 && b <= 0xf4) {
        tsf_hold(f, b);
        f->utf8_missing = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
        f->state = TSF_UTF8;
    } else {
        tsf_meta(b, out);
    }
}

static int tsf_is_colour(const tsf *f) {
    for (int i = 2; i < f->held_len - 1; i++) {
        int c = f->held[i];
        if (!((c >= '0' && c <= '9') || c == ';' || c == ':')) {
            return 0;
        }
    }
    return 1;
}

static int tsf_continues(const tsf *f, int b) {
    if (b < 0x80 || b > 0xbf) {
        return 0;
    }
    if (f->held_len != 1) {
        return 1;
    }
    switch (f->held[0]) {
        case 0xe0: return b >= 0xa0;
        case 0xed: return b < 0xa0;
        case 0xf0: return b >= 0x90;
        case 0xf4: return b < 0x90;
        default: return 1;
    }
}

static void tsf_accept(tsf *f, int b, cj_buf *out) {
    switch (f->state) {
        case TSF_TEXT:
            tsf_text(f, b, out);
            break;
        case TSF_ESCAPE:
            if (b == '[') {
                tsf_hold(f, b);
                f->state = TSF_CSI;
            } else {
                tsf_release(f, out);
                tsf_text(f, b, out);
            }
            break;
        case TSF_CSI: {
            int param = b >= 0x20 && b <= 0x3f;
            int final = b >= 0x40 && b <= 0x7e;
            if (param && f->held_len < TSF_MAX_CSI - 1) {
                tsf_hold(f, b);
            } else if (final) {
                tsf_hold(f, b);
                if (b == 'm' && tsf_is_colour(f)) {
                    cj_buf_add(out, f->held, (size_t) f->held_len);
                    f->held_len = 0;
                    f->state = TSF_TEXT;
                } else {
                    tsf_release(f, out);
                }
            } else {
                tsf_release(f, out);
                tsf_text(f, b, out);
            }
            break;
        }
        case TSF_UTF8:
            if (!tsf_continues(f, b)) {
                tsf_release(f, out);
                tsf_text(f, b, out);
                break;
            }
            tsf_hold(f, b);
            if (--f->utf8_missing > 0) {
                break;
            }
            if (f->held_len == 2 && f->held[0] == 0xc2 && b < 0xa0) {
                tsf_meta(0x80 | (b & 0x3f), out);
            } else {
                cj_buf_add(out, f->held, (size_t) f->held_len);
            }
            f->held_len = 0;
            f->state = TSF_TEXT;
            break;
    }
}

static tsf out_filter, err_filter, message_filter;

/* Writes to fd 1 or 2 through filter f when it is active. */
static void write_filtered(tsf *f, int fd, const char *data, size_t n) {
    if (!f->active) {
        write_out(fd, data, n);
        return;
    }
    cj_buf shown = {0};
    for (size_t i = 0; i < n; i++) {
        tsf_accept(f, (unsigned char) data[i], &shown);
    }
    write_out(fd, shown.data, shown.len);
    cj_buf_free(&shown);
}

/* CommandStreams.finish: what the command's filters held back, shown as text. */
static void finish_output(void) {
    tsf *filters[2] = {&out_filter, &err_filter};
    for (int k = 0; k < 2; k++) {
        if (filters[k]->active && filters[k]->held_len > 0) {
            cj_buf shown = {0};
            tsf_release(filters[k], &shown);
            write_out(k + 1, shown.data, shown.len);
            cj_buf_free(&shown);
        }
    }
}


static void err_line(const char *prefix, const char *text, size_t len) {
    cj_buf b = {0};
    cj_buf_str(&b, prefix);
    cj_buf_add(&b, text, len);
    cj_buf_add(&b, "\n", 1);
    write_filtered(&message_filter, 2, b.data, b.len);
    cj_buf_free(&b);
}

/* One of the CLI's own messages (lines ending in \n) on stderr, filtered where stderr is a terminal. */
static void message(const char *fmt, ...) {
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    write_filtered(&message_filter, 2, text, n < 0 ? 0 : (size_t) n < sizeof text ? (size_t) n : sizeof text - 1);
}

/* ------------------------------------------------------------------ --json (RunJsonLines, Output.errorJson) */

static int json_mode;

/* What the CLI prints on stdout for an error under --json (Output.errorJson: Jackson's default pretty printer). */
static void json_error(int exit_code, const char *text, size_t text_len, const cj_value *fix, const char *fix_text) {
    static const struct {
        int code;
        const char *kind;
    } kinds[] = {{0, "ok"}, {1, "check_failed"}, {2, "usage"}, {3, "conflict"}, {4, "not_set_up"}, {5, "forbidden"},
                 {65, "data_error"}, {69, "unavailable"}, {70, "internal"}, {77, "needs_root"}};
    const char *kind = "internal";
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        if (kinds[k].code == exit_code) {
            kind = kinds[k].kind;
        }
    }
    cj_buf b = {0};
    char code[32];
    snprintf(code, sizeof code, "%d", exit_code);
    cj_buf_str(&b, "{\n  \"schema\" : \"cordon.error/1\",\n  \"exitCode\" : ");
    cj_buf_str(&b, code);
    cj_buf_str(&b, ",\n  \"kind\" : ");
    cj_buf_json_string(&b, kind, strlen(kind));
    cj_buf_str(&b, ",\n  \"message\" : ");
    cj_buf_json_string(&b, text, text_len);
    cj_buf_str(&b, ",\n  \"fix\" : ");
    if (fix && fix->type == CJ_STRING) {
        cj_buf_json_string(&b, fix->str, fix->len);
    } else if (fix_text) {
        cj_buf_json_string(&b, fix_text, strlen(fix_text));
    } else {
        cj_buf_str(&b, "null");
    }
    cj_buf_str(&b, "\n}\n");
    write_out(1, b.data, b.len);
    cj_buf_free(&b);
}

/* One of the CLI's own errors: its JSON on stdout under --json, then the message and its fix on stderr; exits. */
static void cli_error(int exit_code, const char *fix, const char *fmt, ...) {
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t) n < sizeof text ? (size_t) n : sizeof text - 1;
    if (json_mode) {
        json_error(exit_code, text, len, NULL, fix);
    }
    message("cordon: %s\nFix: %s\n", text, fix);
    exit(exit_code);
}

/* A frame we cannot take: the CLI's internal error, with what to do. */
static void bad_frame(const char *fmt, ...) {
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    cli_error(70, "Check that `cordon serve` and this `cordon` are the same version (restart `cordon serve` after an "
              "upgrade); CORDON_JVM_CLIENT=1 runs the Java client instead. If it persists, run `cordon doctor --bundle "
              "cordon-support.zip` and report it.", "The Cordon host at %s sent a bad frame: %s", socket_path, detail);
}

static void connection_lost(const char *detail) {
    cli_error(69, "Check that `sudo cordon serve` is still running, then retry.",
              "Lost the connection to the Cordon host at %s: %s.", socket_path, detail);
}

/* TerminalSafeFilter.visible: C0 controls as ^X, DEL as ^?, C1 controls as M-^X; the rest unchanged. */
static void visible(const char *s, size_t n, cj_buf *out) {
    const unsigned char *u = (const unsigned char *) s;
    for (size_t i = 0; i < n; i++) {
        char e[5];
        if (u[i] < 0x20 || u[i] == 0x7f) {
            e[0] = '^';
            e[1] = u[i] == 0x7f ? '?' : (char) (u[i] + 0x40);
            cj_buf_add(out, e, 2);
        } else if (u[i] == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) {
            e[0] = 'M'; e[1] = '-'; e[2] = '^'; e[3] = (char) ((u[i + 1] & 0x7f) + 0x40);
            cj_buf_add(out, e, 4);
            i++;
        } else {
            cj_buf_add(out, s + i, 1);
        }
    }
}

typedef struct {
    int fd;
    cj_buf in;   /* bytes read, not yet a whole frame */
    size_t in_off;
    cj_buf out;  /* frames to send */
    size_t out_off;
} conn;

static void frame_append(cj_buf *out, const cj_buf *body) {
    unsigned char h[4] = {(unsigned char) (body->len >> 24), (unsigned char) (body->len >> 16),
                          (unsigned char) (body->len >> 8), (unsigned char) body->len};
    cj_buf_add(out, h, 4);
    cj_buf_add(out, body->data, body->len);
}

/* The next whole frame in c->in, parsed and checked for "v": 1; NULL when more bytes are needed. */
static cj_value *next_frame(conn *c, int strict) {
    size_t avail = c->in.len - c->in_off;
    if (avail < 4) {
        return NULL;
    }
    const unsigned char *h = (const unsigned char *) c->in.data + c->in_off;
    uint32_t len = (uint32_t) h[0] << 24 | (uint32_t) h[1] << 16 | (uint32_t) h[2] << 8 | h[3];
    if (len == 0) {
        if (!strict) return (cj_value *) -1;
        bad_frame("frame length 0: a frame holds one JSON object");
    }
    if (len > MAX_FRAME) {
        if (!strict) return (cj_value *) -1;
        bad_frame("frame length %u exceeds the limit of %d bytes", len, MAX_FRAME);
    }
    if (avail < 4 + (size_t) len) {
        return NULL;
    }
    char err[256];
    cj_value *v = cj_parse(c->in.data + c->in_off + 4, len, err, sizeof err);
    c->in_off += 4 + (size_t) len;
    if (c->in_off == c->in.len) {
        c->in.len = c->in_off = 0;
    }
    if (!v) {
        if (!strict) return (cj_value *) -1;
        bad_frame("the frame is not one JSON value: %s", err);
    }
    if (v->type != CJ_OBJECT) {
        if (!strict) return (cj_value *) -1;
        bad_frame("the frame holds JSON that is not an object");
    }
    const cj_value *ver = cj_get(v, "v");
    if (!ver || ver->type != CJ_NUMBER || !ver->is_int) {
        if (!strict) return (cj_value *) -1;
        bad_frame("the frame has no integer protocol version \"v\"");
    }
    if (ver->num != 1) {
        if (!strict) return (cj_value *) -1;
        bad_frame("protocol version %lld is not supported; this side speaks version 1", (long long) ver->num);
    }
    return v;
}

/* Reads what the socket has into c->in: 1 read, 0 at the end of the stream, -1 on an error (errno). */
static int read_some(conn *c) {
    char buf[65536];
    ssize_t r;
    do {
        r = read(c->fd, buf, sizeof buf);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        return errno == EAGAIN ? 1 : -1;
    }
    if (r == 0) {
        return 0;
    }
    cj_buf_add(&c->in, buf, (size_t) r);
    return 1;
}

/* ------------------------------------------------------------------ the host's answers */

/* The error frame as the CLI prints a CordonException from the host (Frames.toException, CordonCli.handle). */
static void print_error(const cj_value *error) {
    if (!error || error->type != CJ_OBJECT) {
        bad_frame("an error frame without an \"error\" object");
    }
    const cj_value *code = cj_get(error, "code");
    const cj_value *message = cj_get(error, "message");
    const cj_value *fix = cj_get(error, "fix");
    if ((code && code->type != CJ_NULL && (code->type != CJ_NUMBER || !code->is_int))
            || (message && message->type != CJ_NULL && message->type != CJ_STRING)
            || (fix && fix->type != CJ_NULL && fix->type != CJ_STRING)) {
        bad_frame("an error frame whose code, message or fix has the wrong type");
    }
    static const int known[] = {0, 1, 2, 3, 4, 5, 65, 69, 70, 77};
    int exit_code = 70;
    if (code && code->type == CJ_NUMBER) {
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
            if (code->num == known[k]) {
                exit_code = known[k];
            }
        }
    }
    const char *text = message && message->type == CJ_STRING ? message->str : "the Cordon host reported an error";
    size_t text_len = message && message->type == CJ_STRING ? message->len : strlen(text);
    if (json_mode) {
        json_error(exit_code, text, text_len, fix, NULL);
    }
    err_line("cordon: ", text, text_len);
    if (fix && fix->type == CJ_STRING) {
        err_line("Fix: ", fix->str, fix->len);
    }
    if (exit_code == 70) { /* the CLI rebuilds the host's exception and names it as the cause of an internal error */
        cj_buf cause = {0};
        cj_buf_str(&cause, "Cause: dev.cordon.core.CordonException: ");
        err_line(cause.data, text, text_len);
        cj_buf_free(&cause);
    }
    exit(exit_code);
}

/* One frame of the run request: output, the planted-repository lines, the result, or an error. */
static void handle_frame(const cj_value *f) {
    const cj_value *id = cj_get(f, "id");
    const cj_value *type = cj_get(f, "type");
    if (!type || type->type != CJ_STRING) {
        bad_frame("a frame without a \"type\"");
    }
    if (!id || id->type == CJ_NULL) {
        if (strcmp(type->str, "error") == 0) {
            print_error(cj_get(f, "error"));
        }
        bad_frame("a %s frame without an id", type->str);
    }
    if (id->type != CJ_NUMBER || !id->is_int) {
        bad_frame("a frame whose id is not an integer");
    }
    if (id->num != RUN_ID) {
        return; /* not ours (the hello's were read before) */
    }
    if (strcmp(type->str, "event") == 0) {
        const cj_value *name = cj_get(f, "event");
        const cj_value *data = cj_get(f, "data");
        if (!name || name->type != CJ_STRING) {
            bad_frame("an event frame without an \"event\" name");
        }
        if (json_mode) { /* RunJsonLines.event: every event, as the host sent it */
            cj_buf line = {0};
            cj_buf_str(&line, "{\"event\":");
            cj_buf_json_string(&line, name->str, name->len);
            cj_buf_str(&line, ",\"data\":");
            cj_buf_json_value(&line, data);
            cj_buf_str(&line, "}\n");
            write_out(1, line.data, line.len);
            cj_buf_free(&line);
            return;
        }
        int out = strcmp(name->str, "stdout") == 0;
        if (out || strcmp(name->str, "stderr") == 0) {
            const cj_value *bytes = cj_get(data, "data");
            if (!bytes || bytes->type != CJ_STRING) {
                bad_frame("a %s event without base64 \"data\"", name->str);
            }
            cj_buf decoded = {0};
            if (cj_base64_decode(bytes->str, bytes->len, &decoded) < 0) {
                bad_frame("a %s event whose \"data\" is not base64", name->str);
            }
            write_filtered(out ? &out_filter : &err_filter, out ? 1 : 2, decoded.data, decoded.len);
            cj_buf_free(&decoded);
        } else if (strcmp(name->str, "gitPlanted") == 0) {
            const cj_value *lines = cj_get(data, "lines");
            if (!lines || lines->type != CJ_ARRAY) {
                bad_frame("a gitPlanted event without \"lines\"");
            }
            for (size_t k = 0; k < lines->count; k++) {
                if (lines->items[k]->type != CJ_STRING) {
                    bad_frame("a gitPlanted line that is not text");
                }
            }
            for (size_t k = 0; k < lines->count; k++) {
                cj_buf shown = {0};
                visible(lines->items[k]->str, lines->items[k]->len, &shown);
                err_line("cordon: ", shown.data ? shown.data : "", shown.len);
                cj_buf_free(&shown);
            }
        }
        return; /* `session`, `started` and events this client does not know are not shown (as the CLI does) */
    }
    if (strcmp(type->str, "error") == 0) {
        print_error(cj_get(f, "error"));
    }
    if (strcmp(type->str, "result") != 0) {
        bad_frame("unknown frame type '%s' for request %d", type->str, RUN_ID);
    }
    const cj_value *result = cj_get(f, "result");
    if (!result || result->type != CJ_OBJECT) {
        bad_frame("a result frame without a \"result\" object");
    }
    const cj_value *started = cj_get(result, "started");
    const cj_value *error = cj_get(result, "error");
    const cj_value *exit_code = cj_get(result, "exitCode");
    if ((started && started->type != CJ_TRUE && started->type != CJ_FALSE)
            || (error && error->type != CJ_NULL && error->type != CJ_STRING)
            || !exit_code || exit_code->type != CJ_NUMBER || !exit_code->is_int
            || exit_code->num < -2147483648LL || exit_code->num > 2147483647LL) {
        bad_frame("a result whose exitCode, started or error has the wrong type");
    }
    finish_output();
    if (json_mode) { /* RunJsonLines.result: the schema, then the host's result as it is */
        cj_buf line = {0};
        const cj_value *schema = cj_get(result, "schema"); /* setAll: a schema of the result's own replaces ours */
        cj_buf_str(&line, "{\"schema\":");
        if (schema) {
            cj_buf_json_value(&line, schema);
        } else {
            cj_buf_str(&line, "\"cordon.run/1\"");
        }
        for (size_t k = 0; k < result->count; k++) {
            if (strcmp(result->keys[k], "schema") == 0) {
                continue;
            }
            cj_buf_add(&line, ",", 1);
            cj_buf_json_string(&line, result->keys[k], strlen(result->keys[k]));
            cj_buf_add(&line, ":", 1);
            cj_buf_json_value(&line, result->items[k]);
        }
        cj_buf_str(&line, "}\n");
        write_out(1, line.data, line.len);
        cj_buf_free(&line);
    } else if (started && started->type == CJ_FALSE) {
        if (error && error->type == CJ_STRING) {
            err_line("cordon: ", error->str, error->len);
        } else {
            err_line("cordon: ", "null", 4);
        }
    }
    exit((int) exit_code->num);
}

/* ------------------------------------------------------------------ signals */

static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig) {
    int saved = errno;
    pending_signal = sig;
    unsigned char s = (unsigned char) sig;
    if (write(signal_pipe[1], &s, 1) < 0) {
        /* the pipe is full: a signal is pending already */
    }
    errno = saved;
}

static conn *the_conn;

/* As the CLI's shutdown hook: ask the host to cancel (it kills the tree), then exit 128+signal. */
static void cancel_and_exit(void) {
    conn *c = the_conn;
    cj_buf cancel = {0};
    cj_buf_str(&cancel, "{\"v\":1,\"id\":2,\"method\":\"cancel\"}");
    frame_append(&c->out, &cancel);
    fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) & ~O_NONBLOCK);
    const char *d = c->out.data + c->out_off;
    size_t left = c->out.len - c->out_off;
    while (left > 0) {
        ssize_t w = send(c->fd, d, left, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            break;
        }
        d += w;
        left -= (size_t) w;
    }
    _exit(128 + pending_signal);
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "cordon-run: run by the `cordon` launcher as: cordon-run LAUNCHER run [OPTIONS] -- CMD...\n"
                "Fix: use `cordon run`.\n");
        return 2;
    }
    launcher = argv[1];
    cordon_args = argv + 2;
    cordon_nargs = argc - 2;
    const char *forced = getenv("CORDON_JVM_CLIENT");
    if (strcmp(cordon_args[0], "run") != 0 || (forced && forced[0] && strcmp(forced, "0") != 0)
            || getenv("JAVA_TOOL_OPTIONS") || getenv("JDK_JAVA_OPTIONS") || getenv("_JAVA_OPTIONS")) {
        fallback();
    }
    /* the Java CLI prints in the locale's charset; this client writes UTF-8 */
    if (!setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
        fallback();
    }
    options o;
    if (!parse_options(cordon_args, cordon_nargs, &o)) {
        fallback();
    }
    /* on a terminal the command's escape sequences (unless --raw-output) and the CLI's own messages are shown as text */
    json_mode = o.json;
    out_filter.active = !o.raw && isatty(1);
    err_filter.active = !o.raw && isatty(2);
    message_filter.active = isatty(2);
    const char *instance = o.instance ? o.instance : getenv("CORDON_INSTANCE");
    if (!instance) {
        instance = "";
    }
    if (!valid_instance(instance)) {
        fallback();
    }
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd) || !cj_utf8_valid((const unsigned char *) cwd, strlen(cwd)) || has_fffd(cwd)) {
        fallback();
    }
    mode_t mask = umask(0);
    umask(mask);
    cj_buf request = {0};
    run_request(&request, &o, cwd, (unsigned) mask);
    if (request.len > MAX_FRAME) {
        fallback(); /* the CLI's message about the frame limit */
    }
    static char path[96]; /* "/run/" + 12 + "-cordon/host.sock": fits sun_path */
    snprintf(path, sizeof path, "/run/%s%scordon/host.sock", instance, instance[0] ? "-" : "");
    socket_path = path;

    /* the host: connected, and speaking protocol 1 (host.hello), or the Java CLI goes its own way */
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    memcpy(addr.sun_path, path, strlen(path) + 1);
    conn c = {0};
    the_conn = &c;
    c.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c.fd < 0 || connect(c.fd, (struct sockaddr *) &addr, sizeof addr) < 0) {
        fallback();
    }
    cj_buf hello = {0};
    cj_buf_str(&hello, "{\"v\":1,\"id\":1,\"method\":\"host.hello\",\"params\":{}}");
    frame_append(&c.out, &hello);
    if (send(c.fd, c.out.data, c.out.len, MSG_NOSIGNAL) != (ssize_t) c.out.len) {
        close(c.fd);
        fallback();
    }
    c.out.len = 0;
    int protocol_ok = 0;
    while (!protocol_ok) {
        cj_value *f = next_frame(&c, 0);
        if (f == (cj_value *) -1) {
            close(c.fd);
            fallback();
        }
        if (!f) {
            if (read_some(&c) <= 0) {
                close(c.fd);
                fallback(); /* refused (the Java CLI gives the host's reason) or gone */
            }
            continue;
        }
        const cj_value *id = cj_get(f, "id");
        const cj_value *type = cj_get(f, "type");
        if (!id || id->type != CJ_NUMBER || id->num != HELLO_ID || !type || type->type != CJ_STRING
                || strcmp(type->str, "result") != 0) {
            close(c.fd);
            fallback();
        }
        const cj_value *proto = cj_get(cj_get(f, "result"), "protocol");
        if (!proto || proto->type != CJ_NUMBER || !proto->is_int || proto->num != 1) {
            close(c.fd);
            fallback();
        }
        cj_free(f);
        protocol_ok = 1;
    }

    /* committed: from here on this process is `cordon run` */
    struct sigaction sa = {0};
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        fprintf(stderr, "cordon: cannot create a pipe: %s\nFix: CORDON_JVM_CLIENT=1 runs the Java client.\n",
                strerror(errno));
        return 70;
    }
    on_interrupt = cancel_and_exit;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    frame_append(&c.out, &request);
    cj_buf_free(&request);

    int stdin_open = 1;
    for (;;) {
        cj_value *f;
        while ((f = next_frame(&c, 1)) != NULL) {
            handle_frame(f);
            cj_free(f);
        }
        struct pollfd p[3];
        p[0].fd = c.fd;
        p[0].events = POLLIN | (c.out.len > c.out_off ? POLLOUT : 0);
        p[1].fd = signal_pipe[0];
        p[1].events = POLLIN;
        p[2].fd = stdin_open && c.out.len - c.out_off < OUT_HIGH_WATER ? 0 : -1;
        p[2].events = POLLIN;
        if (poll(p, 3, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            fprintf(stderr, "cordon: poll failed: %s\n", strerror(errno));
            return 70;
        }
        if ((p[1].revents & POLLIN) || pending_signal) {
            cancel_and_exit();
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            int r = read_some(&c);
            if (r < 0 && errno == ECONNRESET) {
                r = 0; /* closed with our last frames unread (e.g. stdin's end): closed all the same */
            }
            if (r == 0) {
                if (c.in.len - c.in_off > 0) {
                    while ((f = next_frame(&c, 1)) != NULL) {
                        handle_frame(f);
                        cj_free(f);
                    }
                    size_t left = c.in.len - c.in_off;
                    if (left > 0) {
                        bad_frame(left < 4 ? "the stream ended inside the 4 bytes of a frame length"
                                : "the stream ended inside a frame");
                    }
                }
                connection_lost("the host closed the connection");
            }
            if (r < 0) {
                connection_lost(strerror(errno));
            }
        }
        if ((p[0].revents & POLLOUT) && c.out.len > c.out_off) {
            ssize_t w = send(c.fd, c.out.data + c.out_off, c.out.len - c.out_off, MSG_NOSIGNAL);
            if (w > 0) {
                c.out_off += (size_t) w;
                if (c.out_off == c.out.len) {
                    c.out.len = c.out_off = 0;
                }
            } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
                /* the host closed its side: its answer (or the reason) is still to be read */
                c.out.len = c.out_off = 0;
                stdin_open = 0;
            }
        }
        if (p[2].fd == 0 && (p[2].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) {
            char buf[STDIN_CHUNK];
            ssize_t r = (p[2].revents & POLLNVAL) ? -1 : read(0, buf, sizeof buf);
            if (r < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            cj_buf body = {0};
            if (r > 0) {
                cj_buf_str(&body, "{\"v\":1,\"id\":2,\"method\":\"input\",\"params\":{\"data\":\"");
                cj_buf_base64(&body, (unsigned char *) buf, (size_t) r);
                cj_buf_str(&body, "\",\"eof\":false}}");
            } else if (r == 0) {
                cj_buf_str(&body, "{\"v\":1,\"id\":2,\"method\":\"input\",\"params\":{\"data\":\"\",\"eof\":true}}");
                stdin_open = 0;
            } else {
                stdin_open = 0; /* stdin closed or unreadable: nothing more to forward (as the CLI) */
            }
            if (body.len) {
                frame_append(&c.out, &body);
            }
            cj_buf_free(&body);
        }
    }
}
