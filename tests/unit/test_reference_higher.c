/* test_reference_higher.c - second and third derivatives against PyTorch.
 *
 * tests/reference/higher/GROUP.txt (written once by
 * scripts/gen_reference_higher.py, whose header documents the format) hold,
 * per case, the inputs, torch's forward output and a chain of gradients:
 *   g1 = d(sum(out * w))/dx, then g(k+1) = d(sum_i sum(gk_i * vk_i))/dx,
 * i.e. the first derivative and Hessian-vector products (for one-element
 * cases with w = v = 1: f', f'', f'''). Each case runs in f64 through the mg
 * op named in its header, each order through ag_grads with
 * create_graph=true, so that order k+1 differentiates the graph that
 * order k's gradient rules recorded. One line is printed per failing case
 * (op, case, order, worst element); each test asserts that no case of its
 * file failed. Run from the repo root. */
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

#define MAX_IN RD_MAX_IN
#define MAX_ORDER 3
#define TOL 1e-10   /* |mg - torch| <= TOL * (1 + |torch|): the same f64 math (observed < 1e-13) */

static const RdTensorKey keys[] = {
    {"input", 2}, {"weight", 1}, {"out", 1}, {"vector", 2}, {"grad", 2}, {NULL, 0}};

/* ---- a case, gathered from its items ------------------------------------------ */

typedef struct HiCase {
    const RdCase *rc;
    int order;
    int nin, nwanted;
    RdInput in[MAX_IN];
    const RdTensor *weight, *out;
    const RdTensor *vec[MAX_ORDER][MAX_IN];    /* vec[k-1][i]: v_k of wanted input i */
    const RdTensor *grad[MAX_ORDER][MAX_IN];   /* grad[k-1][i]: g_k of wanted input i */
} HiCase;

/* False when the case is incomplete (a malformed file). */
static bool gather(const RdCase *rc, HiCase *c) {
    memset(c, 0, sizeof *c);
    c->rc = rc;
    int nvec[MAX_ORDER] = {0}, ngrad[MAX_ORDER] = {0};
    for (int i = 0; i < rc->nitems; i++) {
        const RdItem *it = &rc->items[i];
        const RdLine *l = &it->line;
        int level = l->n > 1 ? atoi(l->tok[1]) : 0;
        if (rd_is(l, "order") && l->n > 1) {
            c->order = atoi(l->tok[1]);
        } else if (rd_is(l, "input") || rd_is(l, "view")) {
            if (!rd_add_input(c->in, &c->nin, it)) return false;
            c->nwanted += rd_is(l, "input") && c->in[c->nin - 1].grad;
        } else if (rd_is(l, "weight")) {
            c->weight = &it->t;
        } else if (rd_is(l, "out")) {
            c->out = &it->t;
        } else if (rd_is(l, "vector") && level >= 1 && level < MAX_ORDER && nvec[level - 1] < MAX_IN) {
            c->vec[level - 1][nvec[level - 1]++] = &it->t;
        } else if (rd_is(l, "grad") && level >= 1 && level <= MAX_ORDER && ngrad[level - 1] < MAX_IN) {
            c->grad[level - 1][ngrad[level - 1]++] = &it->t;
        }
    }
    if (c->order < 2 || c->order > MAX_ORDER || !c->weight || !c->out || c->nwanted == 0) return false;
    for (int k = 0; k < c->order; k++) {
        if (ngrad[k] != c->nwanted) return false;
        if (k + 1 < c->order && nvec[k] != c->nwanted) return false;
    }
    return true;
}

/* ---- the op table: name -> the mg call ------------------------------------------ */

typedef struct OpRow {
    const char *name;
    RdOpFn fn;
} OpRow;

static const OpRow ops[] = {
    {"add", rd_op_add}, {"sub", rd_op_sub}, {"mul", rd_op_mul}, {"div", rd_op_div}, {"pow", rd_op_pow},
    {"maximum", rd_op_maximum}, {"minimum", rd_op_minimum}, {"where", rd_op_where}, {"exp", rd_op_exp},
    {"log", rd_op_log}, {"sqrt", rd_op_sqrt}, {"abs", rd_op_abs}, {"sin", rd_op_sin},
    {"cos", rd_op_cos}, {"tanh", rd_op_tanh}, {"sigmoid", rd_op_sigmoid}, {"relu", rd_op_relu},
    {"leaky_relu", rd_op_leaky_relu}, {"gelu", rd_op_gelu}, {"erf", rd_op_erf},
    {"softplus", rd_op_softplus}, {"clamp", rd_op_clamp}, {"sum", rd_op_sum}, {"mean", rd_op_mean},
    {"max", rd_op_max}, {"logsumexp", rd_op_logsumexp}, {"var", rd_op_var}, {"norm", rd_op_norm},
    {"matmul", rd_op_matmul}, {"dot", rd_op_dot}, {"outer", rd_op_outer}, {"softmax", rd_op_softmax},
    {"log_softmax", rd_op_log_softmax}, {"mse_loss", rd_op_mse_loss}, {"bce_loss", rd_op_bce_loss},
    {"bce_with_logits", rd_op_bce_with_logits}, {"cross_entropy", rd_op_cross_entropy},
    {"nll_loss", rd_op_nll_loss}, {"linear", rd_op_linear}, {"conv2d", rd_op_conv2d},
    {"max_pool2d", rd_op_max_pool2d}, {"layer_norm", rd_op_layer_norm},
};
#define N_OPS ((int)(sizeof ops / sizeof ops[0]))

static const OpRow *find_op(const char *name) {
    for (int i = 0; i < N_OPS; i++)
        if (strcmp(ops[i].name, name) == 0) return &ops[i];
    return NULL;
}

/* ---- running a case ---------------------------------------------------------------- */

/* Views of each leaf, then the op. */
static Tensor *forward(const HiCase *c, Tensor **leaves, MgError *err) {
    return rd_run_op(find_op(c->rc->op)->fn, c->rc, c->in, leaves, c->nin, err);
}

/* sum_i sum(gs[i] * ws[i]) over the gs that require grad: the scalar whose
 * gradient is the next order. *loss = NULL (and true) when none does: the
 * previous order did not depend on x, so the next one is zero. */
static bool contract(Tensor **gs, Tensor **ws, int n, Tensor **loss, MgError *err) {
    Tensor *total = NULL;
    for (int i = 0; i < n; i++) {
        if (!gs[i]->requires_grad) continue;
        Tensor *prod = tn_mul(gs[i], ws[i], err);
        Tensor *s = prod ? tn_sum(prod, TN_ALL_AXES, false, err) : NULL;
        tn_release(prod);
        if (s && total) {
            Tensor *t = tn_add(total, s, err);
            tn_release(s);
            s = t;
        }
        tn_release(total);
        if (!(total = s)) return false;
    }
    *loss = total;
    return true;
}

/* Runs one case in f64, every order; prints a line and returns false on failure. */
static bool check_case(const HiCase *c) {
    const char *op = c->rc->op, *name = c->rc->name;
    MgError err = {0};
    Tensor *leaves[MAX_IN] = {0}, *wanted[MAX_IN] = {0};
    Tensor *gs[MAX_IN] = {0}, *ws[MAX_IN] = {0};
    Tensor *out = NULL, *loss = NULL;
    int nw = 0;
    bool ok = true;
    char why[256] = "";
    for (int i = 0; i < c->nin && ok; i++) {
        ok = (leaves[i] = rd_make(c->in[i].base, DT_F64, &err)) != NULL;
        if (ok && c->in[i].grad) {
            leaves[i]->requires_grad = true;
            wanted[nw++] = leaves[i];
        }
    }
    if (ok) ok = (out = forward(c, leaves, &err)) != NULL;
    if (!ok) {
        printf("FAIL %s/%s forward: error: %s\n", op, name, err.msg);
        goto done;
    }
    if (rd_compare(out, c->out, TOL, why, sizeof why) > 1) {
        printf("FAIL %s/%s forward: %s\n", op, name, why);
        ok = false;
        goto done;
    }
    ok = (ws[0] = rd_make(c->weight, DT_F64, &err)) != NULL && contract(&out, ws, 1, &loss, &err);
    tn_release(ws[0]);
    ws[0] = NULL;
    AgBackwardOpts opts = {.create_graph = true};
    for (int k = 1; k <= c->order && ok; k++) {
        for (int i = 0; i < nw; i++) { tn_release(gs[i]); gs[i] = NULL; }
        if (loss) {
            ok = ag_grads(loss, NULL, wanted, nw, &opts, gs, &err);
        } else {
            for (int i = 0; i < nw && ok; i++) ok = (gs[i] = tn_zeros_like(wanted[i], &err)) != NULL;
        }
        if (!ok) {
            printf("FAIL %s/%s order %d: error: %s\n", op, name, k, err.msg);
            break;
        }
        for (int i = 0; i < nw; i++) {
            if (rd_compare(gs[i], c->grad[k - 1][i], TOL, why, sizeof why) > 1) {
                printf("FAIL %s/%s order %d, input %d: %s\n", op, name, k, i, why);
                ok = false;
            }
        }
        if (!ok || k == c->order) break;
        tn_release(loss);
        loss = NULL;
        for (int i = 0; i < nw && ok; i++) ok = (ws[i] = rd_make(c->vec[k - 1][i], DT_F64, &err)) != NULL;
        if (ok) ok = contract(gs, ws, nw, &loss, &err);
        for (int i = 0; i < nw; i++) { tn_release(ws[i]); ws[i] = NULL; }
        if (!ok) printf("FAIL %s/%s order %d: error: %s\n", op, name, k + 1, err.msg);
    }
done:
    for (int i = 0; i < MAX_IN; i++) {
        tn_release(leaves[i]);
        tn_release(gs[i]);
    }
    tn_release(out);
    tn_release(loss);
    return ok;
}

/* ---- the tests ------------------------------------------------------------------------ */

static const char *files[] = {"scalar", "elementwise", "reduce", "linalg", "nn"};
#define N_FILES ((int)(sizeof files / sizeof files[0]))

static void load(int i, RdFile *f) {
    char path[256];
    snprintf(path, sizeof path, "tests/reference/higher/%s.txt", files[i]);
    ck_assert_msg(rd_load(path, keys, f), "cannot read or parse %s (run from the repo root)", path);
    ck_assert_int_gt(f->ncases, 0);
    for (int k = 0; k < f->ncases; k++) {
        HiCase c;
        ck_assert_msg(find_op(f->cases[k].op), "%s: no table row for op %s", path, f->cases[k].op);
        ck_assert_msg(gather(&f->cases[k], &c), "%s: case %s/%s is incomplete", path,
                      f->cases[k].op, f->cases[k].name);
    }
}

START_TEST(test_file) {
    RdFile f;
    load(_i, &f);
    int failed = 0;
    for (int k = 0; k < f.ncases; k++) {
        HiCase c;
        gather(&f.cases[k], &c);
        failed += !check_case(&c);
        fflush(stdout);
    }
    int n = f.ncases;
    rd_free(&f);
    printf("higher/%s: %d cases, %d failed\n", files[_i], n, failed);
    fflush(stdout);   /* Check's forked child may not flush at exit */
    ck_assert_msg(failed == 0, "higher/%s: %d of %d cases failed", files[_i], failed, n);
}
END_TEST

/* Every op of the table has data, and the ops the suite exists for are there. */
START_TEST(test_every_op_has_cases) {
    bool seen[N_OPS] = {0};
    for (int i = 0; i < N_FILES; i++) {
        RdFile f;
        load(i, &f);
        for (int k = 0; k < f.ncases; k++) seen[find_op(f.cases[k].op) - ops] = true;
        rd_free(&f);
    }
    for (int i = 0; i < N_OPS; i++) ck_assert_msg(seen[i], "op %s has no higher-order case", ops[i].name);
}
END_TEST

/* The comparison can fail: the recorded third derivative of x ** 3 at 2
 * (6), changed to 7, must be reported, and restored it must pass. */
START_TEST(test_a_wrong_value_fails) {
    RdFile f;
    load(0, &f);
    HiCase c;
    bool found = false;
    for (int k = 0; k < f.ncases && !found; k++)
        if (strcmp(f.cases[k].op, "pow") == 0 && strcmp(f.cases[k].name, "cube_at_2") == 0)
            found = gather(&f.cases[k], &c);
    ck_assert_msg(found, "scalar.txt has no case pow/cube_at_2");
    ck_assert_int_eq(c.order, 3);
    double *third = &c.grad[2][0]->v[0];
    ck_assert_double_eq(*third, 6);
    ck_assert(check_case(&c));
    *third = 7;
    printf("(expected) ");
    ck_assert(!check_case(&c));
    *third = 6;
    ck_assert(check_case(&c));
    rd_free(&f);
}
END_TEST

/* The same chain without the data: d/dx, d2/dx2, d3/dx3 of x ** 3 at 2 are 12, 12, 6. */
START_TEST(test_cube_third_derivative) {
    MgError err = {0};
    Tensor *x = tn_scalar(2, DT_F64, DEV_CPU, &err);
    Tensor *three = tn_scalar(3, DT_F64, DEV_CPU, &err);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(three);
    x->requires_grad = true;
    Tensor *y = tn_pow(x, three, &err);
    ck_assert_msg(y != NULL, "%s", err.msg);
    const double want[3] = {12, 12, 6};
    AgBackwardOpts opts = {.create_graph = true};
    for (int k = 0; k < 3; k++) {
        Tensor *d = NULL;
        ck_assert_msg(ag_grads(y, NULL, &x, 1, &opts, &d, &err), "order %d: %s", k + 1, err.msg);
        double v;
        tn_to_doubles(d, &v);
        ck_assert_msg(fabs(v - want[k]) < 1e-12, "order %d: got %.17g, expected %g", k + 1, v, want[k]);
        ck_assert(d->requires_grad);
        tn_release(y);
        y = d;
    }
    tn_release(y);
    tn_release(three);
    tn_release(x);
}
END_TEST

static Suite *reference_higher_suite(void) {
    Suite *s = suite_create("reference_higher");
    TCase *tc = tcase_create("torch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_op_has_cases);
    tcase_add_test(tc, test_a_wrong_value_fails);
    tcase_add_test(tc, test_cube_third_derivative);
    tcase_add_loop_test(tc, test_file, 0, N_FILES);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(reference_higher_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
