/*
 * Test driver for cordon_json.c, run by NativeRunClientJsonTest (JUnit compares with Jackson and java.util.Base64).
 * Reads all of stdin and prints one line on stdout:
 *   parse   "ok " + the value written back as compact JSON (keys in order), or "error " + the parser's message
 *   escape  the input as a JSON string literal
 *   b64enc  the input in base64
 *   b64dec  "ok " + the decoded bytes, or "error"
 */
#include "cordon_json.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void write_value(cj_buf *b, const cj_value *v) {
    switch (v->type) {
        case CJ_NULL: cj_buf_str(b, "null"); break;
        case CJ_TRUE: cj_buf_str(b, "true"); break;
        case CJ_FALSE: cj_buf_str(b, "false"); break;
        case CJ_NUMBER: cj_buf_add(b, v->str, v->len); break;
        case CJ_STRING: cj_buf_json_string(b, v->str, v->len); break;
        case CJ_ARRAY:
        case CJ_OBJECT:
            cj_buf_str(b, v->type == CJ_ARRAY ? "[" : "{");
            for (size_t k = 0; k < v->count; k++) {
                if (k) {
                    cj_buf_str(b, ",");
                }
                if (v->type == CJ_OBJECT) {
                    cj_buf_json_string(b, v->keys[k], strlen(v->keys[k]));
                    cj_buf_str(b, ":");
                }
                write_value(b, v->items[k]);
            }
            cj_buf_str(b, v->type == CJ_ARRAY ? "]" : "}");
            break;
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: cordon-json-test parse|escape|b64enc|b64dec < input\n");
        return 2;
    }
    cj_buf in = {0};
    char chunk[65536];
    ssize_t r;
    while ((r = read(0, chunk, sizeof chunk)) > 0) {
        cj_buf_add(&in, chunk, (size_t) r);
    }
    cj_buf_add(&in, "", 0);
    cj_buf out = {0};
    if (strcmp(argv[1], "parse") == 0) {
        char err[256];
        cj_value *v = cj_parse(in.data, in.len, err, sizeof err);
        if (v) {
            cj_buf_str(&out, "ok ");
            write_value(&out, v);
            cj_free(v);
        } else {
            cj_buf_str(&out, "error ");
            cj_buf_str(&out, err);
        }
    } else if (strcmp(argv[1], "escape") == 0) {
        cj_buf_json_string(&out, in.data, in.len);
    } else if (strcmp(argv[1], "b64enc") == 0) {
        cj_buf_base64(&out, (const unsigned char *) in.data, in.len);
    } else if (strcmp(argv[1], "b64dec") == 0) {
        cj_buf dec = {0};
        if (cj_base64_decode(in.data, in.len, &dec) == 0) {
            cj_buf_str(&out, "ok ");
            cj_buf_add(&out, dec.data ? dec.data : "", dec.len);
        } else {
            cj_buf_str(&out, "error");
        }
        cj_buf_free(&dec);
    } else {
        fprintf(stderr, "unknown mode %s\n", argv[1]);
        return 2;
    }
    cj_buf_add(&out, "\n", 1);
    fwrite(out.data, 1, out.len, stdout);
    return 0;
}
