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
            cj_buf_json_value(&out, v);
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
