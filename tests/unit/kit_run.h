/* kit_run.h - running mg programs from the training-kit suites
 * (test_optim.c, test_files.c, test_plot.c): a program runs in a fresh
 * interpreter with its printed output captured through Interp.out. */
#ifndef MG_TEST_KIT_RUN_H
#define MG_TEST_KIT_RUN_H
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "eval/eval.h"

typedef struct {
    bool ok;
    MgError err;
    char *out;          /* malloc'd; kit_free() */
} KitRun;

static inline KitRun kit_run(const char *src) {
    KitRun r;
    memset(&r, 0, sizeof r);
    size_t len = 0;
    tn_rt.grad_enabled = true;
    Interp *in = ev_new(NULL);
    FILE *f = open_memstream(&r.out, &len);
    in->out = f;
    r.ok = ev_run_string(in, "t.mg", src, &r.err);
    fclose(f);
    in->out = NULL;
    ev_free(in);
    return r;
}

static inline void kit_free(KitRun *r) {
    free(r->out);
    r->out = NULL;
}

/* The program runs without error and prints exactly want. */
#define KIT_OUT(src, want) do { \
    KitRun r_ = kit_run(src); \
    ck_assert_msg(r_.ok, "unexpected error: %s", r_.err.msg); \
    ck_assert_str_eq(r_.out, want); \
    kit_free(&r_); \
} while (0)

/* The program stops with an error of this kind whose message contains part. */
#define KIT_ERR(src, kind_, part) do { \
    KitRun r_ = kit_run(src); \
    ck_assert_msg(!r_.ok, "expected an error, got output: %s", r_.out); \
    ck_assert_msg(r_.err.kind == (kind_), "error kind %d, expected %d (%s)", r_.err.kind, (kind_), r_.err.msg); \
    ck_assert_msg(strstr(r_.err.msg, part) != NULL, "message '%s' lacks '%s'", r_.err.msg, part); \
    kit_free(&r_); \
} while (0)

static inline int kit_main(Suite *s) {
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
