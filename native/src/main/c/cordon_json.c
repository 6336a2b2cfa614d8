/* See cordon_json.h. */
#include "cordon_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CJ_MAX_DEPTH 1000 /* Jackson's default nesting limit (StreamReadConstraints) */

static void *cj_alloc(size_t n) {
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fputs("cordon: out of memory\n", stderr);
        exit(70);
    }
    return p;
}

static void *cj_grow(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("cordon: out of memory\n", stderr);
        exit(70);
    }
    return q;
}

void cj_buf_add(cj_buf *b, const void *data, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        b->data = cj_grow(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = 0;
}

void cj_buf_str(cj_buf *b, const char *s) {
    cj_buf_add(b, s, strlen(s));
}

void cj_buf_free(cj_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void cj_buf_json_string(cj_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    cj_buf_add(b, "\"", 1);
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s[i];
        char e[6] = {'\\', 0, 0, 0, 0, 0};
        size_t elen = 2;
        switch (c) {
            case '"': e[1] = '"'; break;
            case '\\': e[1] = '\\'; break;
            case '\b': e[1] = 'b'; break;
            case '\t': e[1] = 't'; break;
            case '\n': e[1] = 'n'; break;
            case '\f': e[1] = 'f'; break;
            case '\r': e[1] = 'r'; break;
            default:
                if (c >= 0x20) {
                    continue;
                }
                e[1] = 'u'; e[2] = '0'; e[3] = '0'; e[4] = hex[c >> 4]; e[5] = hex[c & 15];
                elen = 6;
        }
        cj_buf_add(b, s + start, i - start);
        cj_buf_add(b, e, elen);
        start = i + 1;
    }
    cj_buf_add(b, s + start, n - start);
    cj_buf_add(b, "\"", 1);
}

void cj_buf_json_value(cj_buf *b, const cj_value *v) {
    if (!v || v->type == CJ_NULL) {
        cj_buf_str(b, "null");
    } else if (v->type == CJ_TRUE || v->type == CJ_FALSE) {
        cj_buf_str(b, v->type == CJ_TRUE ? "true" : "false");
    } else if (v->type == CJ_NUMBER) {
        cj_buf_add(b, v->str, v->len);
    } else if (v->type == CJ_STRING) {
        cj_buf_json_string(b, v->str, v->len);
    } else {
        int object = v->type == CJ_OBJECT;
        cj_buf_add(b, object ? "{" : "[", 1);
        for (size_t k = 0; k < v->count; k++) {
            if (k > 0) {
                cj_buf_add(b, ",", 1);
            }
            if (object) {
                cj_buf_json_string(b, v->keys[k], strlen(v->keys[k]));
                cj_buf_add(b, ":", 1);
            }
            cj_buf_json_value(b, v->items[k]);
        }
        cj_buf_add(b, object ? "}" : "]", 1);
    }
}

void cj_buf_base64(cj_buf *b, const unsigned char *d, size_t n) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char q[4];
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t) d[i] << 16 | (uint32_t) d[i + 1] << 8 | d[i + 2];
        q[0] = alphabet[v >> 18 & 63]; q[1] = alphabet[v >> 12 & 63]; q[2] = alphabet[v >> 6 & 63]; q[3] = alphabet[v & 63];
        cj_buf_add(b, q, 4);
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t) d[i] << 16;
        q[0] = alphabet[v >> 18 & 63]; q[1] = alphabet[v >> 12 & 63]; q[2] = '='; q[3] = '=';
        cj_buf_add(b, q, 4);
    } else if (n - i == 2) {
        uint32_t v = (uint32_t) d[i] << 16 | (uint32_t) d[i + 1] << 8;
        q[0] = alphabet[v >> 18 & 63]; q[1] = alphabet[v >> 12 & 63]; q[2] = alphabet[v >> 6 & 63]; q[3] = '=';
        cj_buf_add(b, q, 4);
    }
}

static int b64val(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int cj_base64_decode(const char *s, size_t n, cj_buf *out) {
    size_t data = n;
    /* padding: at most two '=' at the very end, completing the last group of four */
    size_t pads = 0;
    while (data > 0 && s[data - 1] == '=' && pads < 2) {
        data--;
        pads++;
    }
    if (pads > 0 && n % 4 != 0) {
        return -1;
    }
    if (data % 4 == 1) {
        return -1;
    }
    if (pads > 0 && (data % 4) + pads != 4) {
        return -1;
    }
    unsigned char chunk[3];
    uint32_t acc = 0;
    int bits = 0;
    size_t k = 0;
    for (size_t i = 0; i < data; i++) {
        int v = b64val((unsigned char) s[i]);
        if (v < 0) {
            return -1;
        }
        acc = acc << 6 | (uint32_t) v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            chunk[k++] = (unsigned char) (acc >> bits & 0xff);
            if (k == 3) {
                cj_buf_add(out, chunk, 3);
                k = 0;
            }
        }
    }
    if (k) {
        cj_buf_add(out, chunk, k);
    }
    return 0;
}

int cj_utf8_valid(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1; cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2; cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3; cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + need >= n) {
            return 0;
        }
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10ffff
                || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        i += need + 1;
    }
    return 1;
}

typedef struct {
    const char *s;
    size_t n;
    size_t i;
    char *err;
    size_t errlen;
    int failed;
} cj_parser;

static void fail(cj_parser *p, const char *fmt, ...) {
    if (p->failed) {
        return;
    }
    p->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
}

static void skip_ws(cj_parser *p) {
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r')) {
        p->i++;
    }
}

void cj_free(cj_value *v) {
    if (!v) {
        return;
    }
    free(v->str);
    for (size_t k = 0; k < v->count; k++) {
        cj_free(v->items[k]);
        if (v->keys) {
            free(v->keys[k]);
        }
    }
    free(v->items);
    free(v->keys);
    free(v);
}

static int hex4(cj_parser *p, uint32_t *out) {
    if (p->i + 4 > p->n) {
        fail(p, "an unfinished \\u escape at offset %zu", p->i);
        return -1;
    }
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p->s[p->i++];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t) (c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t) (c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t) (c - 'A' + 10);
        else {
            fail(p, "a \\u escape with a character that is not hexadecimal at offset %zu", p->i - 1);
            return -1;
        }
    }
    *out = v;
    return 0;
}

static void put_utf8(cj_buf *b, uint32_t cp) {
    char u[4];
    if (cp < 0x80) {
        u[0] = (char) cp;
        cj_buf_add(b, u, 1);
    } else if (cp < 0x800) {
        u[0] = (char) (0xc0 | cp >> 6); u[1] = (char) (0x80 | (cp & 0x3f));
        cj_buf_add(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char) (0xe0 | cp >> 12); u[1] = (char) (0x80 | (cp >> 6 & 0x3f)); u[2] = (char) (0x80 | (cp & 0x3f));
        cj_buf_add(b, u, 3);
    } else {
        u[0] = (char) (0xf0 | cp >> 18); u[1] = (char) (0x80 | (cp >> 12 & 0x3f));
        u[2] = (char) (0x80 | (cp >> 6 & 0x3f)); u[3] = (char) (0x80 | (cp & 0x3f));
        cj_buf_add(b, u, 4);
    }
}

/* At the opening quote; the decoded string into out. */
static int parse_string(cj_parser *p, cj_buf *out) {
    p->i++;
    cj_buf_add(out, "", 0);
    size_t start = p->i;
    while (p->i < p->n) {
        unsigned char c = (unsigned char) p->s[p->i];
        if (c == '"') {
            cj_buf_add(out, p->s + start, p->i - start);
            p->i++;
            return 0;
        }
        if (c < 0x20) {
            fail(p, "a control character (0x%02x) inside a string at offset %zu", c, p->i);
            return -1;
        }
        if (c != '\\') {
            p->i++;
            continue;
        }
        cj_buf_add(out, p->s + start, p->i - start);
        p->i++;
        if (p->i >= p->n) {
            break;
        }
        char e = p->s[p->i++];
        switch (e) {
            case '"': cj_buf_add(out, "\"", 1); break;
            case '\\': cj_buf_add(out, "\\", 1); break;
            case '/': cj_buf_add(out, "/", 1); break;
            case 'b': cj_buf_add(out, "\b", 1); break;
            case 'f': cj_buf_add(out, "\f", 1); break;
            case 'n': cj_buf_add(out, "\n", 1); break;
            case 'r': cj_buf_add(out, "\r", 1); break;
            case 't': cj_buf_add(out, "\t", 1); break;
            case 'u': {
                uint32_t cp;
                if (hex4(p, &cp) < 0) {
                    return -1;
                }
                if (cp >= 0xd800 && cp <= 0xdbff && p->i + 6 <= p->n && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
                    size_t save = p->i;
                    p->i += 2;
                    uint32_t lo;
                    if (hex4(p, &lo) < 0) {
                        return -1;
                    }
                    if (lo >= 0xdc00 && lo <= 0xdfff) {
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    } else {
                        p->i = save; /* a lone high surrogate, then another escape */
                    }
                }
                if (cp >= 0xd800 && cp <= 0xdfff) {
                    cj_buf_add(out, "?", 1); /* a lone surrogate: what Java's encoder writes for it */
                } else {
                    put_utf8(out, cp);
                }
                break;
            }
            default:
                fail(p, "an unknown escape \\%c at offset %zu", e, p->i - 1);
                return -1;
        }
        start = p->i;
    }
    fail(p, "an unterminated string");
    return -1;
}

static cj_value *parse_value(cj_parser *p, int depth);

/* Moves past a run of ASCII digits; how many there were. */
static size_t skip_digits(cj_parser *p) {
    size_t from = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
        p->i++;
    }
    return p->i - from;
}

static cj_value *parse_number(cj_parser *p) {
    size_t start = p->i;
    int integral = 1;
    if (p->s[p->i] == '-') {
        p->i++;
    }
    if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9') {
        fail(p, "a malformed number at offset %zu", start);
        return NULL;
    }
    if (p->s[p->i] == '0' && p->i + 1 < p->n && p->s[p->i + 1] >= '0' && p->s[p->i + 1] <= '9') {
        fail(p, "a number with a leading zero at offset %zu", start);
        return NULL;
    }
    skip_digits(p);
    if (p->i < p->n && p->s[p->i] == '.') {
        integral = 0;
        p->i++;
        if (skip_digits(p) == 0) {
            fail(p, "a malformed number at offset %zu", start);
            return NULL;
        }
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        integral = 0;
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) {
            p->i++;
        }
        if (skip_digits(p) == 0) {
            fail(p, "a malformed number at offset %zu", start);
            return NULL;
        }
    }
    cj_value *v = cj_alloc(sizeof *v);
    v->type = CJ_NUMBER;
    v->len = p->i - start;
    v->str = cj_alloc(v->len + 1);
    memcpy(v->str, p->s + start, v->len);
    if (integral) {
        /* int64 range, digit by digit */
        size_t k = start;
        int neg = p->s[k] == '-';
        if (neg) {
            k++;
        }
        uint64_t mag = 0;
        int fits = 1;
        for (; k < p->i; k++) {
            uint64_t d = (uint64_t) (p->s[k] - '0');
            if (mag > (UINT64_MAX - d) / 10) {
                fits = 0;
                break;
            }
            mag = mag * 10 + d;
        }
        if (fits && (neg ? mag <= (uint64_t) INT64_MAX + 1 : mag <= (uint64_t) INT64_MAX)) {
            v->is_int = 1;
            v->num = neg ? (mag == (uint64_t) INT64_MAX + 1 ? INT64_MIN : -(int64_t) mag) : (int64_t) mag;
        }
    }
    return v;
}

static int literal(cj_parser *p, const char *word) {
    size_t n = strlen(word);
    if (p->i + n <= p->n && memcmp(p->s + p->i, word, n) == 0) {
        p->i += n;
        return 1;
    }
    return 0;
}

static void add_child(cj_value *v, char *key, cj_value *child) {
    v->items = cj_grow(v->items, (v->count + 1) * sizeof *v->items);
    if (v->type == CJ_OBJECT) {
        v->keys = cj_grow(v->keys, (v->count + 1) * sizeof *v->keys);
        v->keys[v->count] = key;
    }
    v->items[v->count++] = child;
}

static cj_value *parse_container(cj_parser *p, int depth, int object) {
    cj_value *v = cj_alloc(sizeof *v);
    v->type = object ? CJ_OBJECT : CJ_ARRAY;
    p->i++;
    skip_ws(p);
    char close = object ? '}' : ']';
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return v;
    }
    while (1) {
        char *key = NULL;
        if (object) {
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != '"') {
                fail(p, "an object key that is not a string at offset %zu", p->i);
                cj_free(v);
                return NULL;
            }
            cj_buf k = {0};
            if (parse_string(p, &k) < 0) {
                cj_buf_free(&k);
                cj_free(v);
                return NULL;
            }
            if (strlen(k.data) != k.len || cj_get(v, k.data)) {
                fail(p, strlen(k.data) != k.len ? "an object key holding a NUL character"
                        : "a duplicate object key \"%s\"", k.data);
                cj_buf_free(&k);
                cj_free(v);
                return NULL;
            }
            key = k.data;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':') {
                fail(p, "no ':' after an object key at offset %zu", p->i);
                free(key);
                cj_free(v);
                return NULL;
            }
            p->i++;
        }
        cj_value *child = parse_value(p, depth + 1);
        if (!child) {
            free(key);
            cj_free(v);
            return NULL;
        }
        add_child(v, key, child);
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return v;
        }
        fail(p, "expected ',' or '%c' at offset %zu", close, p->i);
        cj_free(v);
        return NULL;
    }
}

static cj_value *parse_value(cj_parser *p, int depth) {
    if (depth >= CJ_MAX_DEPTH) {
        fail(p, "values nested deeper than %d", CJ_MAX_DEPTH);
        return NULL;
    }
    skip_ws(p);
    if (p->i >= p->n) {
        fail(p, "the text ended where a value was expected");
        return NULL;
    }
    char c = p->s[p->i];
    if (c == '{' || c == '[') {
        return parse_container(p, depth, c == '{');
    }
    if (c == '"') {
        cj_buf b = {0};
        if (parse_string(p, &b) < 0) {
            cj_buf_free(&b);
            return NULL;
        }
        cj_value *v = cj_alloc(sizeof *v);
        v->type = CJ_STRING;
        v->str = b.data;
        v->len = b.len;
        return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        return parse_number(p);
    }
    cj_type t;
    if (literal(p, "true")) {
        t = CJ_TRUE;
    } else if (literal(p, "false")) {
        t = CJ_FALSE;
    } else if (literal(p, "null")) {
        t = CJ_NULL;
    } else {
        fail(p, "an unexpected character '%c' at offset %zu", c, p->i);
        return NULL;
    }
    cj_value *v = cj_alloc(sizeof *v);
    v->type = t;
    return v;
}

cj_value *cj_parse(const char *body, size_t n, char *err, size_t errlen) {
    cj_parser p = {body, n, 0, err, errlen, 0};
    if (!cj_utf8_valid((const unsigned char *) body, n)) {
        snprintf(err, errlen, "the frame is not valid UTF-8");
        return NULL;
    }
    cj_value *v = parse_value(&p, 0);
    if (!v) {
        if (!p.failed) {
            snprintf(err, errlen, "not JSON");
        }
        return NULL;
    }
    skip_ws(&p);
    if (p.i != n) {
        snprintf(err, errlen, "trailing content after the value at offset %zu", p.i);
        cj_free(v);
        return NULL;
    }
    return v;
}

const cj_value *cj_get(const cj_value *v, const char *key) {
    if (!v || v->type != CJ_OBJECT) {
        return NULL;
    }
    for (size_t k = 0; k < v->count; k++) {
        if (strcmp(v->keys[k], key) == 0) {
            return v->items[k];
        }
    }
    return NULL;
}
