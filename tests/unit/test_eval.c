/* test_eval.c - the evaluator, builtins and prompt: programs run from
 * strings with their output captured through Interp.out, checking printed
 * text and errors (kind, message, line, column, call trace). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "eval/eval.h"
#include "eval/builtins.h"
#include "eval/prompt.h"
#include "autograd/graph.h"
#include "util/alloc.h"

/* One program's result. */
typedef struct {
    bool ok;
    MgError err;
    char out[8192];
} Run;

static Run run_in(Interp *in, const char *src) {
    static Run r;
    memset(&r, 0, sizeof r);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FILE *saved = in->out;
    in->out = f;
    r.ok = ev_run_string(in, "t.mg", src, &r.err);
    fclose(f);
    in->out = saved;
    snprintf(r.out, sizeof r.out, "%s", buf ? buf : "");
    free(buf);
    return r;
}

static Run run(const char *src) {
    tn_rt.grad_enabled = true;
    Interp *in = ev_new(NULL);
    Run r = run_in(in, src);
    ev_free(in);
    return r;
}

#define EXPECT_OUT(src, want) do { \
    Run r_ = run(src); \
    ck_assert_msg(r_.ok, "error: %s", r_.err.msg); \
    ck_assert_str_eq(r_.out, want); \
} while (0)

#define EXPECT_ERR(code_, kind_, msg_, line_, col_) do { \
    Run r_ = run(code_); \
    ck_assert_msg(!r_.ok, "expected an error"); \
    ck_assert_int_eq(r_.err.kind, kind_); \
    ck_assert_str_eq(r_.err.msg, msg_); \
    ck_assert_ptr_nonnull(r_.err.span.src); \
    ck_assert_int_eq(r_.err.span.line, line_); \
    ck_assert_int_eq(r_.err.span.col, col_); \
} while (0)

START_TEST(prints_values) {
    EXPECT_OUT("print(1, 2.5, 1/3, true, none, \"s\", [\"s\", 1, none])",
               "1 2.5 0.3333333333333333 true none s [\"s\", 1, none]\n");
    EXPECT_OUT("print(1/0, -1/0, 1e-10, 1e20)", "inf -inf 1e-10 1e+20\n");
    EXPECT_OUT("print(sum, grad, f64, fn(x) => x)", "<builtin sum> grad f64 <fn lambda>\n");
    EXPECT_OUT("fn g() {}\nprint(g, g())", "<fn g> none\n");
    EXPECT_OUT("print(type(1), type(\"\"), type([]), type(none), type(true), type(zeros(1)), type(sum), type(cpu), type(fn() => 1))",
               "number string list none bool tensor builtin option function\n");
}
END_TEST

START_TEST(arithmetic) {
    EXPECT_OUT("print(-7 % 3, 7 % -3, 2 ** -1, -2 ** 2, 2 ** 3 ** 2)", "2 -2 0.5 -4 512\n");
    EXPECT_OUT("print(1 + 2 * 3, (1 + 2) * 3, 10 / 4, 1 == 1, 1 != 1, 2 < 1)", "7 9 2.5 true false false\n");
    EXPECT_OUT("print(\"a\" + \"b\", [1] + [2], \"x\" == \"x\", [1] == [1])", "ab [1, 2] true false\n");
    EXPECT_OUT("print(true and 0, 0 or \"\", not none)", "false false true\n");
}
END_TEST

START_TEST(scopes_and_closures) {
    EXPECT_OUT("let x = 1\nfn f() { x = 2 }\nf()\nprint(x)", "2\n");
    EXPECT_OUT("let x = 1\nfn f() { let x = 2; return x }\nprint(f(), x)", "2 1\n");
    EXPECT_OUT("if true { let y = 3 }\nprint(y)", "3\n");
    EXPECT_OUT("fn mk() { let n = 0; return fn() { n += 1; return n } }\n"
               "let c = mk()\nc()\nc()\nprint(c(), mk()())", "3 1\n");
    EXPECT_OUT("fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }\nprint(fib(15))", "610\n");
}
END_TEST

START_TEST(keyword_arguments) {
    EXPECT_OUT("fn f(a, b) { return a - b }\nprint(f(b=1, a=5), f(5, b=2))", "4 3\n");
    EXPECT_ERR("fn f(a, b) { return a }\nf(1, c=2)", ERR_TYPE, "f: unknown keyword argument 'c'", 2, 2);
    EXPECT_ERR("fn f(a, b) { return a }\nf(1)", ERR_TYPE, "f: missing argument 'b'", 2, 2);
    EXPECT_ERR("fn f(a) { return a }\nf(1, a=2)", ERR_TYPE, "f: argument 'a' given twice", 2, 2);
    EXPECT_ERR("sum(1, 2, 3, 4)", ERR_TYPE, "sum: expected at most 3 arguments, got 4", 1, 4);
    EXPECT_ERR("sum(zeros(2), axes=0)", ERR_TYPE, "sum: unknown keyword argument 'axes'", 1, 4);
    EXPECT_ERR("exp(\"a\")", ERR_TYPE, "bad argument #1 to 'exp' (tensor or number expected, got string)", 1, 4);
    EXPECT_ERR("zeros(2.5)", ERR_VALUE, "zeros: argument 'shape' must be a whole number, got 2.5", 1, 6);
    EXPECT_ERR("sum(ones(2), axis=0.5)", ERR_VALUE, "sum: argument 'axis' must be a whole number, got 0.5", 1, 4);
}
END_TEST

START_TEST(tensors_and_methods) {
    EXPECT_OUT("let x = tensor([1, 2, 3], grad)\ny = sum(x ** 2)\nbackward(y)\nprint(x.grad)",
               "tensor([2, 4, 6])\n");
    EXPECT_OUT("let x = tensor([[1, 2], [3, 4]])\nprint(x.sum(0), x.T[0], x[1, 1].item(), x.shape)",
               "tensor([4, 6]) tensor([1, 3]) 4 [2, 2]\n");
    EXPECT_OUT("print(exp(0), sqrt(4), tensor(2) * 3, 1 - tensor([1, 2]))",
               "1 2 tensor(6) tensor([ 0, -1])\n");
    EXPECT_OUT("let a = zeros(2, f64, grad)\nprint(a.dtype, a.device, a.requires_grad, a.is_leaf, a.grad)",
               "f64 cpu true true none\n");
    EXPECT_OUT("print(tolist(tensor([[1, 2], [3, 4]])), zeros([2, 3]).shape)", "[[1, 2], [3, 4]] [2, 3]\n");
    EXPECT_ERR("tensor([[1, 2], [3]])", ERR_SHAPE, "tensor: ragged nested list: expected 2 elements at depth 1, got 1", 1, 7);
}
END_TEST

START_TEST(autograd_through_eval) {
    EXPECT_OUT("let a = tensor(2, grad)\nlet b = tensor(3, grad)\nc = a * b + a\nbackward(c)\nprint(a.grad, b.grad, c.grad_fn)",
               "tensor(4) tensor(2) add\n");
    EXPECT_OUT("let w = tensor([1.0, 2.0], grad)\nno_grad { w -= 0.5 }\nprint(w, (w * 2).requires_grad)\n"
               "no_grad { print((w * 2).requires_grad) }",
               "tensor([0.5000, 1.5000], grad) true\nfalse\n");
    EXPECT_OUT("let x = tensor(3.0, grad)\nlet g = grads(x * x, [x])\nprint(g, x.grad)", "[tensor(6)] none\n");
    EXPECT_OUT("let x = tensor(1.0, grad)\nx.grad = ones_like(x)\nprint(x.grad)\nx.grad = none\nprint(x.grad)",
               "tensor(1)\nnone\n");
    /* grad mode is restored when an error leaves no_grad */
    Run r = run("no_grad { undefined_name }");
    ck_assert(!r.ok);
    ck_assert(tn_rt.grad_enabled);
}
END_TEST

START_TEST(name_errors_suggest) {
    EXPECT_ERR("let weight = 1\nprint(wieght)", ERR_NAME, "name 'wieght' is not defined; did you mean 'weight'?", 2, 7);
    EXPECT_ERR("sigmod(1)", ERR_NAME, "name 'sigmod' is not defined; did you mean 'sigmoid'?", 1, 1);
    EXPECT_ERR("print(qqqqqqqq)", ERR_NAME, "name 'qqqqqqqq' is not defined", 1, 7);
}
END_TEST

START_TEST(call_trace) {
    Run r = run("fn inner(x) {\n  return x + tensor([1, 2])\n}\nfn outer() { return inner(ones(3)) }\nouter()");
    ck_assert(!r.ok);
    ck_assert_int_eq(r.err.kind, ERR_SHAPE);
    ck_assert_int_eq(r.err.span.line, 2);
    ck_assert_int_eq(r.err.span.col, 12);
    ck_assert_str_eq(r.err.trace,
                     "  in fn inner (t.mg:2:12), called at t.mg:4:26\n"
                     "  in fn outer (t.mg:4:26), called at t.mg:5:6\n");
}
END_TEST

START_TEST(assert_and_exit) {
    EXPECT_ERR("assert(1 > 2, \"order\")", ERR_ASSERT, "assertion failed: order", 1, 7);
    Run r = run("print(1)\nexit(3)\nprint(2)");
    ck_assert(!r.ok);
    ck_assert_int_eq(r.err.kind, ERR_EXIT);
    ck_assert_int_eq(r.err.exit_code, 3);
    ck_assert_str_eq(r.out, "1\n");
}
END_TEST

START_TEST(interrupt_stops_loops) {
    tn_rt.interrupted = 1;
    Run r = run("while true { }");
    ck_assert(!r.ok);
    ck_assert_int_eq(r.err.kind, ERR_INTERRUPT);
    ck_assert_str_eq(r.err.msg, "interrupted");
    ck_assert_int_eq(tn_rt.interrupted, 0);
}
END_TEST

/* 10000 nested calls need the big stack; the 10001st is an error, not a crash. */
static void *deep(void *arg) {
    Run *out = arg;
    *out = run("fn d(n) { if n == 0 { return 0 } return 1 + d(n - 1) }\nprint(d(9999))\nd(20000)");
    return NULL;
}

START_TEST(recursion_limit) {
    static Run r;
    ev_run_big_stack(deep, &r);
    ck_assert(!r.ok);
    ck_assert_str_eq(r.out, "9999\n");
    ck_assert_int_eq(r.err.kind, ERR_RECURSION);
    ck_assert_str_eq(r.err.msg, "recursion depth exceeded (limit 10000)");
    ck_assert_ptr_nonnull(strstr(r.err.trace, "[previous line repeated 9998 more times]"));
}
END_TEST

START_TEST(help_from_table) {
    EXPECT_OUT("help(\"sum\")", "sum(x, axis=none, keepdim=false)\n  Sum of elements over an axis, or of all elements\n");
    EXPECT_OUT("help(exp)", "exp(x)\n  e**x elementwise\n");
    const Builtin *b = ev_builtin_find("tanh");
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(b->sig, "tanh(x)");
    ck_assert_ptr_null(ev_builtin_find("no_such_builtin"));
}
END_TEST

/* The prompt: values printed, errors reported with line numbers that
 * count on across inputs, variables kept after an error. */
START_TEST(prompt_session) {
    const char *input = "let x = 2\nx * 3\nundefined_thing\nfn f(a) {\n  return a + x\n}\nf(1)\n\"s\"\nnone\n";
    FILE *in_f = fmemopen((void *)input, strlen(input), "r");
    char *out = NULL, *errs = NULL;
    size_t out_len = 0, err_len = 0;
    FILE *out_f = open_memstream(&out, &out_len);
    FILE *err_f = open_memstream(&errs, &err_len);
    tn_rt.grad_enabled = true;
    Interp *in = ev_new(out_f);
    int status = ev_prompt(in, in_f, err_f, false);
    ev_free(in);
    fclose(in_f);
    fclose(out_f);
    fclose(err_f);
    ck_assert_int_eq(status, 0);
    ck_assert_str_eq(out, "6\n3\ns\n");
    ck_assert_str_eq(errs, "<stdin>:3:1: error: name 'undefined_thing' is not defined\n"
                           "    3 | undefined_thing\n"
                           "      | ^\n");
    free(out);
    free(errs);
}
END_TEST

START_TEST(prompt_exit_status) {
    const char *input = "print(1)\nexit(4)\nprint(2)\n";
    FILE *in_f = fmemopen((void *)input, strlen(input), "r");
    char *out = NULL;
    size_t out_len = 0;
    FILE *out_f = open_memstream(&out, &out_len);
    Interp *in = ev_new(out_f);
    int status = ev_prompt(in, in_f, stderr, false);
    ev_free(in);
    fclose(in_f);
    fclose(out_f);
    ck_assert_int_eq(status, 4);
    ck_assert_str_eq(out, "1\n");
    free(out);
}
END_TEST

/* Closures bound in the scope they capture do not leak their scope. */
START_TEST(no_leak_for_closures) {
    tn_rt.grad_enabled = true;
    Interp *in = ev_new(NULL);
    Run r = run_in(in, "fn outer(k) { fn inner(x) { return x + k }; return inner(1) }\n"
                       "let t = 0\nouter(1)");
    ck_assert_msg(r.ok, "%s", r.err.msg);
    tn_release_caches();
    ag_pool_trim();
    size_t before = mg_alloc_live_bytes();
    r = run_in(in, "for i in range(1000) { outer(i) }\n"
                   "for i in range(100) { t = t + sum(ones(3) * i).item() }");
    ck_assert_msg(r.ok, "%s", r.err.msg);
    tn_release_caches();
    ag_pool_trim();
    /* what remains: the second source's text and the global i */
    size_t after = mg_alloc_live_bytes();
    ck_assert_msg(after - before < 1024, "grew by %zu bytes", after - before);
    ev_free(in);
}
END_TEST

static Suite *eval_suite(void) {
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, prints_values);
    tcase_add_test(tc, arithmetic);
    tcase_add_test(tc, scopes_and_closures);
    tcase_add_test(tc, keyword_arguments);
    tcase_add_test(tc, tensors_and_methods);
    tcase_add_test(tc, autograd_through_eval);
    tcase_add_test(tc, name_errors_suggest);
    tcase_add_test(tc, call_trace);
    tcase_add_test(tc, assert_and_exit);
    tcase_add_test(tc, interrupt_stops_loops);
    tcase_add_test(tc, recursion_limit);
    tcase_add_test(tc, help_from_table);
    tcase_add_test(tc, prompt_session);
    tcase_add_test(tc, prompt_exit_status);
    tcase_add_test(tc, no_leak_for_closures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(eval_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
