/* test_errors.c - hardening (docs/HARDENING.md): the evaluation budgets the
 * fuzzer relies on, error traces that stay whole lines, and errors that
 * leave nothing behind (an error program run twice uses no more memory the
 * second time). Messages and positions of every SPEC §8 error are checked
 * by the golden scripts in tests/golden/errors2/. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "eval/eval.h"
#include "util/alloc.h"

typedef struct {
    const char *src;
    long long max_steps;
    size_t max_value_bytes;
    bool ok;
    MgError err;
} Job;

static void *run_job(void *arg) {
    Job *job = arg;
    tn_rt.grad_enabled = true;
    FILE *devnull = fopen("/dev/null", "w");
    Interp *in = ev_new(devnull);
    in->max_steps = job->max_steps;
    in->max_value_bytes = job->max_value_bytes;
    mg_error_clear(&job->err);
    job->ok = ev_run_string(in, "t.mg", job->src, &job->err);
    ev_free(in);
    fclose(devnull);
    return NULL;
}

/* Runs src with the evaluator's big stack, as main.c does. */
static Job run(const char *src, long long max_steps) {
    Job job = { .src = src, .max_steps = max_steps };
    ev_run_big_stack(run_job, &job);
    return job;
}

/* ---- budgets ---- */

START_TEST(step_budget_stops_endless_loop) {
    Job j = run("let n = 0\nwhile true { n += 1 }\n", 1000);
    ck_assert(!j.ok);
    ck_assert_int_eq(j.err.kind, ERR_INTERRUPT);
    ck_assert_str_eq(j.err.msg, "step limit exceeded (limit 1000)");
    ck_assert_int_eq(j.err.span.line, 2);
    ck_assert_int_eq(j.err.span.col, 1);
}
END_TEST

START_TEST(step_budget_stops_for_and_recursion) {
    Job j = run("for i in range(1e12) { }\n", 500);
    ck_assert(!j.ok);
    ck_assert_str_eq(j.err.msg, "step limit exceeded (limit 500)");
    j = run("fn f(n) { return f(n + 1) }\nf(0)\n", 500);
    ck_assert(!j.ok);
    ck_assert_int_eq(j.err.kind, ERR_INTERRUPT);
    ck_assert_str_eq(j.err.msg, "step limit exceeded (limit 500)");
}
END_TEST

START_TEST(no_step_budget_by_default) {
    Job j = run("let n = 0\nwhile n < 100000 { n += 1 }\nassert(n == 100000, \"count\")\n", 0);
    ck_assert_msg(j.ok, "%s", j.err.msg);
}
END_TEST

START_TEST(tensor_bytes_budget) {
    tn_rt.max_tensor_bytes = 1024;
    Job small = run("let a = zeros(256)\n", 0);          /* 1024 bytes: allowed */
    Job big = run("let a = ones(2)\nlet b = zeros(257)\n", 0);
    tn_rt.max_tensor_bytes = 0;
    ck_assert_msg(small.ok, "%s", small.err.msg);
    ck_assert(!big.ok);
    ck_assert_int_eq(big.err.kind, ERR_MEMORY);
    ck_assert_str_eq(big.err.msg, "cannot allocate 1.0 KB for a tensor of shape [257]");
    ck_assert_int_eq(big.err.span.line, 2);
    Job after = run("let b = zeros(257)\n", 0);
    ck_assert_msg(after.ok, "%s", after.err.msg);
}
END_TEST

START_TEST(overflowing_shape_message) {
    Job j = run("zeros(1e10, 1e10, 1e10)\n", 0);
    ck_assert(!j.ok);
    ck_assert_int_eq(j.err.kind, ERR_MEMORY);
    ck_assert_str_eq(j.err.msg, "cannot allocate 4.0e+18 TB for a tensor of shape "
                                "[10000000000, 10000000000, 10000000000]");
}
END_TEST

START_TEST(value_bytes_budget) {
    Job j = { .src = "let s = \"ab\"\nfor i in range(40) { s = s + s }\n", .max_value_bytes = 1000 };
    ev_run_big_stack(run_job, &j);
    ck_assert(!j.ok);
    ck_assert_int_eq(j.err.kind, ERR_MEMORY);
    ck_assert_str_eq(j.err.msg, "cannot make a string of 1024 bytes (limit 1000)");
    ck_assert_int_eq(j.err.span.line, 2);
    Job l = { .src = "let l = [1]\nfor i in range(40) { l = l + l }\n", .max_value_bytes = 1000 };
    ev_run_big_stack(run_job, &l);
    ck_assert(!l.ok);
    ck_assert_int_eq(l.err.kind, ERR_MEMORY);
    ck_assert_msg(strncmp(l.err.msg, "cannot make a list of ", 22) == 0, "%s", l.err.msg);
    Job d = run("let s = \"ab\"\nfor i in range(20) { s = s + s }\nassert(len(s) == 2097152, \"len\")\n", 0);
    ck_assert_msg(d.ok, "the default limit allows 2 MB: %s", d.err.msg);
}
END_TEST

/* Values are reference counted: a list that holds itself would never be freed. */
START_TEST(list_cannot_contain_itself) {
    Job j = run("let a = []\nlet b = [a]\nappend(a, [[b]])\n", 0);
    ck_assert(!j.ok);
    ck_assert_int_eq(j.err.kind, ERR_VALUE);
    ck_assert_str_eq(j.err.msg, "append: a list cannot contain itself");
    j = run("let l = [1, 2]\nl[1] = [0, [l]]\n", 0);
    ck_assert(!j.ok);
    ck_assert_str_eq(j.err.msg, "a list cannot contain itself");
    ck_assert_int_eq(j.err.span.line, 2);
    /* shared sublists are fine, and walked once (2^60 paths here) */
    j = run("let a = [1]\nfor i in range(60) { a = [a, a] }\nlet b = [a]\nappend(b, a)\nb[0] = a\n", 0);
    ck_assert_msg(j.ok, "%s", j.err.msg);
}
END_TEST

/* ---- call traces ---- */

/* Mutual recursion gives 10000 different-looking frames: the trace keeps
 * whole lines and ends with "  ..." instead of a cut line. */
START_TEST(trace_of_mutual_recursion_is_whole_lines) {
    Job j = run("fn ping(n) { return pong(n + 1) }\nfn pong(n) { return ping(n + 1) }\nping(0)\n", 0);
    ck_assert(!j.ok);
    ck_assert_int_eq(j.err.kind, ERR_RECURSION);
    ck_assert_str_eq(j.err.msg, "recursion depth exceeded (limit 10000)");
    size_t n = strlen(j.err.trace);
    ck_assert_uint_lt(n, sizeof j.err.trace);
    ck_assert_str_eq(j.err.trace + n - 6, "  ...\n");
    for (const char *p = j.err.trace; *p; ) {
        ck_assert_msg(strncmp(p, "  in fn p", 9) == 0 || strcmp(p, "  ...\n") == 0, "bad line: %.40s", p);
        const char *nl = strchr(p, '\n');
        ck_assert_ptr_nonnull(nl);
        p = nl + 1;
    }
}
END_TEST

/* ---- no leaks after errors ---- */

/* One program per kind of SPEC §8 error (each stops at its error). */
static const char *const error_programs[] = {
    "let 3 = 4\n",                                         /* syntax */
    "let s = \"open\n",                                    /* lexer */
    "let l = [[1, 2],\n [3\nprint(l)\n",                   /* unclosed bracket */
    "let x = ones(2, 3)\nprint(wieght)\n",                 /* unknown name */
    "let x = ones(3)\nmatmul(x)\n",                        /* argument count */
    "let x = ones(3, grad)\nexp(\"a\")\n",                 /* argument type */
    "let a = ones(4, 3, grad)\nlet b = a @ ones(2, 2)\n",  /* shape */
    "let x = ones(2)\nto(x * 2, cuda)\n",                  /* device */
    "let x = ones(2)\nzeros(1e6, 1e6)\n",                  /* too large */
    "let w = tensor([1, 2], grad)\nw += 1\n",              /* in-place leaf */
    "let x = tensor([1, 2], grad)\nlet d = x * 1\nlet e = d * d\nd *= 2\nbackward(sum(e))\n",
    "let x = tensor([1, 2], grad)\nlet y = sum(x * x)\nbackward(y)\nbackward(y)\n",
    "let x = tensor([1, 2, 3], grad)\nbackward(x * 2)\n",
    "let l = [ones(2)]\nl[3]\n",                           /* index */
    "fn f(n) { let t = ones(2) * n\nreturn f(n + 1) }\nf(0)\n", /* recursion */
    "let t = ones(2)\nsum(t, axis=0.5)\n",                  /* fraction */
    "let t = ones(2)\nload(\"no_such_file.npy\")\n",        /* file */
    "let t = ones(2)\nsave(t, \"no_such_dir/t.npy\")\n",    /* save path */
    "let t = ones(2)\nload(\"tests/data/truncated.npy\")\n", /* bad .npy */
    "let t = ones(2, grad)\nassert(false, \"stop\")\n",
    "let l = [ones(2)]\nappend(l, [l])\n",              /* cycle refused */
    "let x = ones(3)\nx[1e19]\n",                        /* index beyond int64 */
    "let t = ones(2)\nzeros(1e10, 0, 1e10)\n",           /* strides overflow */
    /* a saved value updated in place with what was computed from it */
    "let x = ones(2, grad)\nlet c = x * 2\nlet e = c * c\nc += e\nbackward(sum(c))\n",
    "let x = ones(2, grad)\nlet c = x * 2\nc += c\nassert(false, \"after\")\n",
};

START_TEST(errors_leave_nothing_behind) {
    for (size_t i = 0; i < sizeof error_programs / sizeof *error_programs; i++) {
        const char *src = error_programs[i];
        Job first = run(src, 0);
        ck_assert_msg(!first.ok, "program %zu ran without error", i);
        mg_sources_free();
        size_t bytes = mg_alloc_live_bytes(), blocks = mg_alloc_live_blocks();
        for (int k = 0; k < 3; k++) {
            Job again = run(src, 0);
            ck_assert_msg(!again.ok && again.err.kind == first.err.kind, "program %zu", i);
            ck_assert_str_eq(again.err.msg, first.err.msg);
            mg_sources_free();
        }
        ck_assert_msg(mg_alloc_live_bytes() == bytes && mg_alloc_live_blocks() == blocks,
                      "program %zu (%s) leaks: %zu -> %zu bytes, %zu -> %zu blocks", i, first.err.msg,
                      bytes, mg_alloc_live_bytes(), blocks, mg_alloc_live_blocks());
    }
}
END_TEST

Suite *errors_suite(void) {
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, step_budget_stops_endless_loop);
    tcase_add_test(tc, step_budget_stops_for_and_recursion);
    tcase_add_test(tc, no_step_budget_by_default);
    tcase_add_test(tc, tensor_bytes_budget);
    tcase_add_test(tc, overflowing_shape_message);
    tcase_add_test(tc, value_bytes_budget);
    tcase_add_test(tc, list_cannot_contain_itself);
    tcase_add_test(tc, trace_of_mutual_recursion_is_whole_lines);
    tcase_add_test(tc, errors_leave_nothing_behind);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(errors_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
