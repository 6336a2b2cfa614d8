/*
 * A small strict JSON reader and writer for the host protocol's frames (docs/protocol.md), for the native `cordon run`
 * client (cordon_run.c). Strict as the Java side's FrameCodec: the body must be valid UTF-8 holding exactly one JSON
 * value (nothing but whitespace after it), objects must not repeat a key, numbers are JSON numbers (no leading zeros,
 * no NaN), strings hold no raw control characters. Tested by cordon_json_test.c, run from NativeRunClientJsonTest.
 */
#ifndef CORDON_JSON_H
#define CORDON_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum { CJ_NULL, CJ_FALSE, CJ_TRUE, CJ_NUMBER, CJ_STRING, CJ_ARRAY, CJ_OBJECT } cj_type;

typedef struct cj_value cj_value;
struct cj_value {
    cj_type type;
    /* CJ_STRING: the decoded text (UTF-8; a lone surrogate escape becomes '?'), NUL-terminated, len bytes;
     * CJ_NUMBER: the number's text as written */
    char *str;
    size_t len;
    /* CJ_NUMBER: integral (no fraction, no exponent) and fits int64: is_int and num */
    int is_int;
    int64_t num;
    /* CJ_ARRAY / CJ_OBJECT: children in order; keys[i] for objects */
    cj_value **items;
    char **keys;
    size_t count;
};

/* Parses body[0..n). Returns the root, or NULL with a message in err (errlen bytes). Free with cj_free. */
cj_value *cj_parse(const char *body, size_t n, char *err, size_t errlen);
void cj_free(cj_value *v);
/* The member named key of an object, or NULL (also when v is not an object). */
const cj_value *cj_get(const cj_value *v, const char *key);

/* Whether s[0..n) is valid UTF-8 (no overlong forms, no surrogates, at most U+10FFFF). */
int cj_utf8_valid(const unsigned char *s, size_t n);

/* A growable byte buffer. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
} cj_buf;

void cj_buf_add(cj_buf *b, const void *data, size_t n);
void cj_buf_str(cj_buf *b, const char *s);
/* s[0..n) as a JSON string literal, quotes included, byte for byte as Jackson writes it: '"', '\\', \b \t \n \f \r
 * short, other controls below 0x20 as \u00XX (upper-case hex), the rest as is. */
void cj_buf_json_string(cj_buf *b, const char *s, size_t n);
/* v as compact JSON (Json.line): keys in order, numbers as written (integers: the digits Jackson writes); NULL: null. */
void cj_buf_json_value(cj_buf *b, const cj_value *v);
void cj_buf_base64(cj_buf *b, const unsigned char *data, size_t n);
void cj_buf_free(cj_buf *b);

/* Decodes standard base64 (padding optional, as Java's Base64.getDecoder()) into out. 0, or -1 when not base64. */
int cj_base64_decode(const char *s, size_t n, cj_buf *out);

#endif
