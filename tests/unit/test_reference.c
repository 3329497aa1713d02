/* test_reference.c - every differentiable op against PyTorch.
 *
 * tests/reference/GROUP.txt (written once by scripts/gen_reference.py, whose
 * header documents the format) hold, per case, the inputs, torch's forward
 * output and torch's gradient of L = sum(out * w) for a fixed w. Each case
 * is run through the mg op named in its header (the table `ops` below):
 *   - in f64 and in f32 (inputs rounded to f32, looser tolerances): the
 *     forward output and ag_grads of L are compared with torch's;
 *   - in f64, ag_gradcheck compares the analytical Jacobian with finite
 *     differences (unless the case is marked gradcheck 0: kinks, nan).
 * One line is printed per failing case (op, case, dtype, max error); each
 * test asserts that no case of its file failed. Run from the repo root. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tensor/tensor.h"
#include "autograd/autograd.h"
#include "util/alloc.h"
#include "reference_data.h"
#include "reference_ops.h"

static const RdTensorKey keys[] = {{"input", 2}, {"weight", 1}, {"out", 1}, {"grad", 1}, {NULL, 0}};

/* ---- a case, gathered from its items ------------------------------------------ */

typedef struct RefCase {
    const RdCase *rc;            /* op, name and the `param` items */
    bool gradcheck;
    int nin, nwanted;
    RdInput in[RD_MAX_IN];
    const RdTensor *weight, *out;
    int ngrads;
    const RdTensor *grads[RD_MAX_IN];   /* one per input whose gradient is wanted */
} RefCase;

/* False when the case is malformed: an unknown keyword, too many inputs,
 * views or gradients, no output or weight, or a gradient missing. */
static bool gather(const RdCase *rc, RefCase *c) {
    memset(c, 0, sizeof *c);
    c->rc = rc;
    for (int i = 0; i < rc->nitems; i++) {
        const RdItem *it = &rc->items[i];
        const RdLine *l = &it->line;
        if (rd_is(l, "input") || rd_is(l, "view")) {
            if (!rd_add_input(c->in, &c->nin, it)) return false;
            c->nwanted += rd_is(l, "input") && c->in[c->nin - 1].grad;
        } else if (rd_is(l, "gradcheck")) {
            c->gradcheck = l->n > 1 && atoi(l->tok[1]) != 0;
        } else if (rd_is(l, "weight")) {
            c->weight = &it->t;
        } else if (rd_is(l, "out")) {
            c->out = &it->t;
        } else if (rd_is(l, "grad") && c->ngrads < RD_MAX_IN) {
            c->grads[c->ngrads++] = &it->t;
        } else if (!rd_is(l, "param")) {
            return false;
        }
    }
    return c->weight && c->out && c->ngrads == c->nwanted;
}

/* ---- the op table: name -> the mg call, tolerances ------------------------------- */

/* Tolerances: |mg - torch| <= tol * (1 + |torch|) for every element. f64
 * runs the same math in the same precision (observed errors < 1e-13); f32
 * rounds the inputs to f32 and computes in f32 (observed < 1e-6). Ops that
 * sum many products or subtract a mean get more room in f32, since BLAS and
 * reduction order differ between machines. A zero means the default. */
typedef struct OpRow {
    const char *name;
    RdOpFn fn;
    double f64_tol, f32_tol;
} OpRow;

#define F64_TOL 1e-10
#define F32_TOL 1e-5

static const OpRow ops[] = {
    {"add", rd_op_add, 0, 0}, {"sub", rd_op_sub, 0, 0}, {"mul", rd_op_mul, 0, 0},
    {"div", rd_op_div, 0, 0}, {"pow", rd_op_pow, 0, 0}, {"maximum", rd_op_maximum, 0, 0},
    {"minimum", rd_op_minimum, 0, 0}, {"where", rd_op_where, 0, 0}, {"neg", rd_op_neg, 0, 0},
    {"exp", rd_op_exp, 0, 0}, {"log", rd_op_log, 0, 0}, {"sqrt", rd_op_sqrt, 0, 0},
    {"abs", rd_op_abs, 0, 0}, {"sin", rd_op_sin, 0, 0}, {"cos", rd_op_cos, 0, 0},
    {"tanh", rd_op_tanh, 0, 0}, {"sigmoid", rd_op_sigmoid, 0, 0}, {"relu", rd_op_relu, 0, 0},
    {"leaky_relu", rd_op_leaky_relu, 0, 0}, {"gelu", rd_op_gelu, 0, 0}, {"clamp", rd_op_clamp, 0, 0},
    {"sum", rd_op_sum, 0, 0}, {"mean", rd_op_mean, 0, 0}, {"max", rd_op_max, 0, 0},
    {"min", rd_op_min, 0, 0}, {"var", rd_op_var, 0, 1e-4}, {"logsumexp", rd_op_logsumexp, 0, 0},
    {"norm", rd_op_norm, 0, 0}, {"reshape", rd_op_reshape, 0, 0}, {"transpose", rd_op_transpose, 0, 0},
    {"permute", rd_op_permute, 0, 0}, {"flatten", rd_op_flatten, 0, 0},
    {"squeeze", rd_op_squeeze, 0, 0}, {"unsqueeze", rd_op_unsqueeze, 0, 0},
    {"expand", rd_op_expand, 0, 0}, {"contiguous", rd_op_contiguous, 0, 0}, {"cat", rd_op_cat, 0, 0},
    {"stack", rd_op_stack, 0, 0}, {"index", rd_op_index, 0, 0}, {"matmul", rd_op_matmul, 0, 1e-4},
    {"dot", rd_op_dot, 0, 0}, {"outer", rd_op_outer, 0, 0}, {"softmax", rd_op_softmax, 0, 0},
    {"log_softmax", rd_op_log_softmax, 0, 0}, {"mse_loss", rd_op_mse_loss, 0, 0},
    {"bce_loss", rd_op_bce_loss, 0, 0}, {"bce_with_logits", rd_op_bce_with_logits, 0, 0},
    {"cross_entropy", rd_op_cross_entropy, 0, 0}, {"nll_loss", rd_op_nll_loss, 0, 0},
    {"linear", rd_op_linear, 0, 1e-4}, {"conv2d", rd_op_conv2d, 0, 1e-4},
    {"max_pool2d", rd_op_max_pool2d, 0, 0}, {"layer_norm", rd_op_layer_norm, 0, 1e-4},
};
#define N_OPS ((int)(sizeof ops / sizeof ops[0]))

static const OpRow *find_op(const char *name) {
    for (int i = 0; i < N_OPS; i++)
        if (strcmp(ops[i].name, name) == 0) return &ops[i];
    return NULL;
}

/* ---- running a case ---------------------------------------------------------- */

/* The case as a function of its leaves (an AgFunc, so gradcheck can call it too). */
static Tensor *run_case(void *ctx, Tensor **leaves, int n, MgError *err) {
    const RefCase *c = ctx;
    return rd_run_op(find_op(c->rc->op)->fn, c->rc, c->in, leaves, n, err);
}

/* Runs one case in dtype dt; prints a line and returns false on failure. */
static bool check_case(const RefCase *c, DType dt) {
    const char *op = c->rc->op, *name = c->rc->name;
    const OpRow *row = find_op(op);
    double tol = dt == DT_F64 ? (row->f64_tol ? row->f64_tol : F64_TOL)
                              : (row->f32_tol ? row->f32_tol : F32_TOL);
    const char *dn = dt == DT_F64 ? "f64" : "f32";
    MgError err = {0};
    Tensor *leaves[RD_MAX_IN] = {0}, *wanted[RD_MAX_IN] = {0}, *grads[RD_MAX_IN] = {0};
    Tensor *out = NULL, *w = NULL, *prod = NULL, *loss = NULL;
    int nwanted = 0;
    bool ok = true;
    char why[256] = "";
    double max_abs;
    for (int i = 0; i < c->nin && ok; i++) {
        ok = (leaves[i] = rd_make(c->in[i].base, dt, &err)) != NULL;
        if (ok && c->in[i].grad) {
            leaves[i]->requires_grad = true;
            wanted[nwanted++] = leaves[i];
        }
    }
    if (ok && !(out = run_case((void *)c, leaves, c->nin, &err))) ok = false;
    if (!ok) {
        printf("FAIL %s/%s %s: error: %s\n", op, name, dn, err.msg);
        goto done;
    }
    double r = rd_compare_abs(out, c->out, tol, &max_abs, why, sizeof why);
    if (r > 1) {
        printf("FAIL %s/%s %s forward: max |diff| %.3g (%s)\n", op, name, dn, max_abs, why);
        ok = false;
        goto done;
    }
    if (nwanted == 0) goto done;
    AgBackwardOpts opts = {0};
    if (!(w = rd_make(c->weight, dt, &err)) || !(prod = tn_mul(out, w, &err)) ||
        !(loss = tn_sum(prod, TN_ALL_AXES, false, &err)) ||
        !ag_grads(loss, NULL, wanted, nwanted, &opts, grads, &err)) {
        printf("FAIL %s/%s %s backward: error: %s\n", op, name, dn, err.msg);
        ok = false;
        goto done;
    }
    for (int i = 0; i < nwanted && ok; i++) {
        r = rd_compare_abs(grads[i], c->grads[i], tol, &max_abs, why, sizeof why);
        if (r > 1) {
            printf("FAIL %s/%s %s grad of input %d: max |diff| %.3g (%s)\n", op, name, dn,
                   i, max_abs, why);
            ok = false;
        }
    }
done:
    for (int i = 0; i < RD_MAX_IN; i++) {
        tn_release(leaves[i]);
        tn_release(grads[i]);
    }
    tn_release(out);
    tn_release(w);
    tn_release(prod);
    tn_release(loss);
    return ok;
}

static bool gradcheck_case(const RefCase *c) {
    MgError err = {0};
    Tensor *leaves[RD_MAX_IN] = {0};
    bool ok = true, passed = false, any_grad = false;
    for (int i = 0; i < c->nin && ok; i++) {
        ok = (leaves[i] = rd_make(c->in[i].base, DT_F64, &err)) != NULL;
        if (ok) any_grad |= leaves[i]->requires_grad = c->in[i].grad;
    }
    if (ok && any_grad) {
        AgCheckOpts opts = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .verbose = false, .out = stdout};
        ok = ag_gradcheck(run_case, (void *)c, leaves, c->nin, &opts, &passed, &err);
        if (!ok) printf("FAIL %s/%s gradcheck: error: %s\n", c->rc->op, c->rc->name, err.msg);
        else if (!passed) printf("FAIL %s/%s gradcheck: analytical and numerical Jacobians differ\n",
                                 c->rc->op, c->rc->name);
        ok = ok && passed;
    }
    for (int i = 0; i < RD_MAX_IN; i++) tn_release(leaves[i]);
    return ok;
}

/* ---- the tests ---------------------------------------------------------------- */

static const char *files[] = {"elementwise", "reduce", "shape", "linalg", "nn", "conv"};
#define N_FILES ((int)(sizeof files / sizeof files[0]))

static void load(int i, RdFile *f) {
    char path[256];
    snprintf(path, sizeof path, "tests/reference/%s.txt", files[i]);
    ck_assert_msg(rd_load(path, keys, f), "cannot read or parse %s (run from the repo root)", path);
    ck_assert_int_gt(f->ncases, 0);
    for (int k = 0; k < f->ncases; k++) {
        RefCase c;
        ck_assert_msg(find_op(f->cases[k].op), "%s: no table row for op %s", path, f->cases[k].op);
        ck_assert_msg(gather(&f->cases[k], &c), "%s: case %s/%s is malformed", path,
                      f->cases[k].op, f->cases[k].name);
    }
}

typedef enum { RUN_F64, RUN_F32, RUN_GRADCHECK } RunKind;

static void run_file(int i, RunKind kind) {
    RdFile f;
    load(i, &f);
    int failed = 0;
    for (int k = 0; k < f.ncases; k++) {
        RefCase c;
        gather(&f.cases[k], &c);
        bool ok = kind == RUN_F64 ? check_case(&c, DT_F64)
                : kind == RUN_F32 ? check_case(&c, DT_F32)
                : !c.gradcheck || gradcheck_case(&c);
        failed += !ok;
        fflush(stdout);
    }
    int n = f.ncases;
    rd_free(&f);
    printf("%s %s: %d cases, %d failed\n", files[i],
           kind == RUN_F64 ? "f64" : kind == RUN_F32 ? "f32" : "gradcheck", n, failed);
    fflush(stdout);   /* Check's forked child may not flush at exit */
    ck_assert_msg(failed == 0, "%s: %d of %d cases failed (%s)", files[i], failed, n,
                  kind == RUN_F64 ? "f64" : kind == RUN_F32 ? "f32" : "gradcheck");
}

START_TEST(test_f64) { run_file(_i, RUN_F64); }
END_TEST

START_TEST(test_f32) { run_file(_i, RUN_F32); }
END_TEST

START_TEST(test_gradcheck) { run_file(_i, RUN_GRADCHECK); }
END_TEST

/* every op in the table has data, so no op is silently untested */
START_TEST(test_every_op_has_cases) {
    bool seen[N_OPS] = {0};
    for (int i = 0; i < N_FILES; i++) {
        RdFile f;
        load(i, &f);
        for (int k = 0; k < f.ncases; k++) seen[find_op(f.cases[k].op) - ops] = true;
        rd_free(&f);
    }
    for (int i = 0; i < N_OPS; i++) ck_assert_msg(seen[i], "op %s has no reference case", ops[i].name);
}
END_TEST

/* The gradcheck stage can fail: f(x) = detach(x) * x has the analytical
 * gradient x (the detached factor is a constant) but the numerical one 2x. */
static Tensor *half_detached_square(void *ctx, Tensor **x, int n, MgError *err) {
    (void)ctx; (void)n;
    Tensor *d = tn_detach(x[0]);
    Tensor *y = tn_mul(d, x[0], err);
    tn_release(d);
    return y;
}

START_TEST(test_gradcheck_can_fail) {
    MgError err = {0};
    Tensor *x = tn_from_doubles((const double[]){1, 2}, (const int64_t[]){2}, 1, DT_F64, DEV_CPU, &err);
    ck_assert_ptr_nonnull(x);
    x->requires_grad = true;
    FILE *sink = fopen("/dev/null", "w");
    AgCheckOpts opts = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .out = sink};
    bool passed = true;
    ck_assert_msg(ag_gradcheck(half_detached_square, NULL, &x, 1, &opts, &passed, &err), "%s", err.msg);
    ck_assert(!passed);
    fclose(sink);
    tn_release(x);
}
END_TEST

static Suite *reference_suite(void) {
    Suite *s = suite_create("reference");
    TCase *tc = tcase_create("torch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_op_has_cases);
    tcase_add_test(tc, test_gradcheck_can_fail);
    tcase_add_loop_test(tc, test_f64, 0, N_FILES);
    tcase_add_loop_test(tc, test_f32, 0, N_FILES);
    tcase_add_loop_test(tc, test_gradcheck, 0, N_FILES);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(reference_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
