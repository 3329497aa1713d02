/* test_composite.c - the composite ops (src/tensor/ops_*_composite.c,
 * ops_nn.c): shapes, values, numerical stability, error messages, dropout
 * statistics and determinism, one_hot errors, graph labels, and that a
 * composite releases every intermediate it makes. Values against PyTorch
 * are in test_reference.c; these are the targeted cases. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tensor/tensor.h"
#include "autograd/autograd.h"
#include "util/alloc.h"
#include "tensor_check.h"

static void assert_shape(const Tensor *t, int ndim, const int64_t *shape) {
    char got[128], want[128];
    tn_shape_str(t->shape, t->ndim, got, sizeof got);
    tn_shape_str(shape, ndim, want, sizeof want);
    ck_assert_str_eq(got, want);
}
#define SHAPE(t, ...) \
    assert_shape(t, sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t), (const int64_t[]){__VA_ARGS__})

static bool all_finite(const Tensor *t) {
    double *v = mg_malloc((size_t)t->numel * sizeof *v + 1);
    tn_to_doubles(t, v);
    bool fin = true;
    for (int64_t i = 0; i < t->numel; i++) fin = fin && isfinite(v[i]);
    mg_free(v);
    return fin;
}

/* dL/dx of L = sum(y) (y any shape) */
static Tensor *grad_of_sum(Tensor *y, Tensor *x) {
    Tensor *s = ok(tn_sum(y, TN_ALL_AXES, false, &err)), *g = NULL;
    AgBackwardOpts opts = {0};
    ck_assert_msg(ag_grads(s, NULL, &x, 1, &opts, &g, &err), "grads: %s", err.msg);
    tn_release(s);
    return g;
}

static void assert_error(Tensor *t, ErrKind kind, const char *prefix) {
    ck_assert_msg(t == NULL, "expected an error starting with \"%s\"", prefix);
    ck_assert_int_eq(err.kind, kind);
    ck_assert_msg(strncmp(err.msg, prefix, strlen(prefix)) == 0, "message \"%s\" does not start with \"%s\"",
                  err.msg, prefix);
}

static void setup(void) {
    tn_rt.grad_enabled = true;
    mg_error_clear(&err);
}

/* ---- reductions -------------------------------------------------------------- */

START_TEST(test_mean_var_values_and_shapes) {
    Tensor *x = MAT(DT_F64, false, 2, 2, 1, 2, 3, 4);
    Tensor *m = ok(tn_mean(x, TN_ALL_AXES, false, &err));
    SHAPE(m);
    VALUES(m, 1e-15, 2.5);
    Tensor *m0 = ok(tn_mean(x, 0, true, &err));
    SHAPE(m0, 1, 2);
    VALUES(m0, 1e-15, 2, 3);
    Tensor *vu = ok(tn_var(x, TN_ALL_AXES, false, true, &err));
    VALUES(vu, 1e-15, 5.0 / 3.0);
    Tensor *vb = ok(tn_var(x, -1, false, false, &err));
    SHAPE(vb, 2);
    VALUES(vb, 1e-15, 0.25, 0.25);
    assert_error(tn_mean(x, 2, false, &err), ERR_INDEX, "mean: axis 2 is out of range");
    tn_release(x); tn_release(m); tn_release(m0); tn_release(vu); tn_release(vb);
}
END_TEST

START_TEST(test_logsumexp_stable) {
    Tensor *x = MAT(DT_F32, true, 2, 2, 1000, 1000, -1000, -1000);
    Tensor *l = ok(tn_logsumexp(x, 1, false, &err));
    SHAPE(l, 2);
    VALUES(l, 1e-6, 1000 + M_LN2, -1000 + M_LN2);
    Tensor *lk = ok(tn_logsumexp(x, -1, true, &err));
    SHAPE(lk, 2, 1);
    Tensor *g = grad_of_sum(l, x);
    VALUES(g, 1e-6, 0.5, 0.5, 0.5, 0.5);   /* softmax of each row */
    Tensor *ninf = VEC(DT_F64, false, -INFINITY, -INFINITY);
    Tensor *ln = ok(tn_logsumexp(ninf, TN_ALL_AXES, false, &err));
    ck_assert(isinf(tn_item(ln)) && tn_item(ln) < 0);   /* -inf, not nan */
    tn_release(x); tn_release(l); tn_release(lk); tn_release(g); tn_release(ninf); tn_release(ln);
}
END_TEST

START_TEST(test_any_all_norm) {
    Tensor *z = VEC(DT_F32, false, 0, 0, 0);
    Tensor *m = VEC(DT_F32, false, 0, 2, 0);
    Tensor *o = VEC(DT_F32, false, 1, -2, 3);
    Tensor *r[6] = {ok(tn_any(z, &err)), ok(tn_all(z, &err)), ok(tn_any(m, &err)),
                    ok(tn_all(m, &err)), ok(tn_any(o, &err)), ok(tn_all(o, &err))};
    double want[6] = {0, 0, 1, 0, 1, 1};
    for (int i = 0; i < 6; i++) {
        SHAPE(r[i]);
        ck_assert_double_eq(tn_item(r[i]), want[i]);
        ck_assert(!r[i]->requires_grad);
        tn_release(r[i]);
    }
    Tensor *n = ok(tn_norm(o, &err));
    VALUES(n, 1e-6, sqrt(14.0));
    Tensor *zg = VEC(DT_F32, true, 0, 0, 0);   /* norm at 0: value 0, gradient 0 as torch */
    Tensor *nz = ok(tn_norm(zg, &err));
    VALUES(nz, 0, 0);
    Tensor *g = grad_of_sum(nz, zg);
    VALUES(g, 0, 0, 0, 0);
    tn_release(z); tn_release(m); tn_release(o); tn_release(n); tn_release(zg); tn_release(nz); tn_release(g);
}
END_TEST

/* ---- shapes -------------------------------------------------------------------- */

START_TEST(test_shape_composites) {
    double v[6] = {1, 2, 3, 4, 5, 6};
    Tensor *x = mk(DT_F32, v, 4, (const int64_t[]){1, 3, 1, 2}, true);
    Tensor *sq = ok(tn_squeeze(x, TN_ALL_AXES, &err));
    SHAPE(sq, 3, 2);
    Tensor *s2 = ok(tn_squeeze(x, -2, &err));
    SHAPE(s2, 1, 3, 2);
    Tensor *s1 = ok(tn_squeeze(x, 1, &err));   /* size 3: unchanged, as torch */
    SHAPE(s1, 1, 3, 1, 2);
    Tensor *us = ok(tn_unsqueeze(sq, -1, &err));
    SHAPE(us, 3, 2, 1);
    Tensor *u0 = ok(tn_unsqueeze(sq, 0, &err));
    SHAPE(u0, 1, 3, 2);
    Tensor *fl = ok(tn_flatten(x, &err));
    SHAPE(fl, 6);
    VALUES(fl, 0, 1, 2, 3, 4, 5, 6);
    assert_error(tn_unsqueeze(sq, 3, &err), ERR_INDEX, "unsqueeze: axis 3 is out of range [-3, 2]");
    Tensor *ts[2] = {sq, sq};
    Tensor *st = ok(tn_stack(ts, 2, -1, &err));
    SHAPE(st, 3, 2, 2);
    VALUES(st, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6);
    Tensor *g = grad_of_sum(st, x);
    VALUES(g, 0, 2, 2, 2, 2, 2, 2);
    Tensor *bad[2] = {sq, fl};
    assert_error(tn_stack(bad, 2, 0, &err), ERR_SHAPE, "stack: tensor 1 has shape [6] but tensor 0 has shape [3, 2]");
    Tensor *r[] = {x, sq, s2, s1, us, u0, fl, st, g};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) tn_release(r[i]);
}
END_TEST

START_TEST(test_dot_outer) {
    Tensor *a = VEC(DT_F64, true, 1, 2, 3);
    Tensor *b = VEC(DT_F64, true, 4, 5, 6);
    Tensor *c = VEC(DT_F64, false, 1, 2);
    Tensor *d = ok(tn_dot(a, b, &err));
    SHAPE(d);
    VALUES(d, 0, 32);
    Tensor *o = ok(tn_outer(a, c, &err));
    SHAPE(o, 3, 2);
    VALUES(o, 0, 1, 2, 2, 4, 3, 6);
    assert_error(tn_dot(a, c, &err), ERR_SHAPE, "dot: expected two 1-D tensors of the same length, got [3] and [2]");
    assert_error(tn_outer(o, c, &err), ERR_SHAPE, "outer: expected two 1-D tensors, got [3, 2] and [2]");
    tn_release(a); tn_release(b); tn_release(c); tn_release(d); tn_release(o);
}
END_TEST

/* ---- activations ------------------------------------------------------------------ */

START_TEST(test_clamp_leaky_relu_kinks) {
    Tensor *x = VEC(DT_F64, true, -1, -0.5, 0, 0.5, 1);
    Tensor *c = ok(tn_clamp(x, -0.5, 0.5, &err));
    VALUES(c, 0, -0.5, -0.5, 0, 0.5, 0.5);
    Tensor *gc = grad_of_sum(c, x);
    VALUES(gc, 0, 0, 1, 1, 1, 0);   /* passes where lo <= x <= hi */
    Tensor *lo = ok(tn_clamp(x, 0, INFINITY, &err));
    VALUES(lo, 0, 0, 0, 0, 0.5, 1);
    Tensor *l = ok(tn_leaky_relu(x, 0.1, &err));
    VALUES(l, 1e-15, -0.1, -0.05, 0, 0.5, 1);
    Tensor *gl = grad_of_sum(l, x);
    VALUES(gl, 1e-15, 0.1, 0.1, 0.1, 1, 1);   /* slope at 0, as torch */
    Tensor *ge = ok(tn_gelu(x, &err));
    VALUES(ge, 1e-12, -0.15865525393145707, -0.15426876936299344, 0, 0.34573123063700656, 0.8413447460685429);
    Tensor *r[] = {x, c, gc, lo, l, gl, ge};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) tn_release(r[i]);
}
END_TEST

/* ---- nn ------------------------------------------------------------------------------ */

START_TEST(test_softmax_family_stable) {
    Tensor *x = MAT(DT_F32, true, 2, 3, 1000, 0, -1000, -1000, -1000, 1000);
    Tensor *s = ok(tn_softmax(x, -1, &err));
    SHAPE(s, 2, 3);
    VALUES(s, 1e-6, 1, 0, 0, 0, 0, 1);
    Tensor *ls = ok(tn_log_softmax(x, 1, &err));
    VALUES(ls, 1e-6, 0, -1000, -2000, -2000, -2000, 0);
    Tensor *g = grad_of_sum(ls, x);
    ck_assert(all_finite(g));
    VALUES(g, 1e-5, -2, 1, 1, 1, 1, -2);
    assert_error(tn_softmax(x, 2, &err), ERR_INDEX, "softmax: axis 2 is out of range");
    Tensor *cls = VEC(DT_F32, false, 2, 0);
    Tensor *ce = ok(tn_cross_entropy(x, cls, &err));
    VALUES(ce, 1e-6, 2000);   /* (2000 + 2000) / 2 */
    Tensor *gce = grad_of_sum(ce, x);
    ck_assert(all_finite(gce));
    VALUES(gce, 1e-6, 0.5, 0, -0.5, -0.5, 0, 0.5);   /* (softmax - one_hot) / 2 */
    Tensor *r[] = {x, s, ls, g, cls, ce, gce};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) tn_release(r[i]);
}
END_TEST

START_TEST(test_losses) {
    Tensor *p = VEC(DT_F64, true, 0.9, 0.2);
    Tensor *y = VEC(DT_F64, false, 1, 0);
    Tensor *b = ok(tn_bce_loss(p, y, &err));
    VALUES(b, 1e-12, -(log(0.9) + log(0.8)) / 2);
    /* a saturated probability: torch's log clamp at -100, finite gradient */
    Tensor *p0 = VEC(DT_F32, true, 0, 1);
    Tensor *y0 = VEC(DT_F32, false, 1, 1);
    Tensor *b0 = ok(tn_bce_loss(p0, y0, &err));
    VALUES(b0, 1e-6, 50);
    Tensor *gb0 = grad_of_sum(b0, p0);
    ck_assert(all_finite(gb0));
    Tensor *z = VEC(DT_F32, true, -1000, 0, 1000);
    Tensor *yz = VEC(DT_F32, false, 1, 1, 0);
    Tensor *bz = ok(tn_bce_with_logits(z, yz, &err));
    VALUES(bz, 1e-6, (1000 + M_LN2 + 1000) / 3);
    Tensor *gz = grad_of_sum(bz, z);
    VALUES(gz, 1e-6, -1.0 / 3, -0.5 / 3, 1.0 / 3);   /* (sigmoid(z) - y) / 3, right at 0 too */
    Tensor *m = ok(tn_mse_loss(p, y, &err));
    VALUES(m, 1e-15, (0.01 + 0.04) / 2);
    Tensor *col = MAT(DT_F64, false, 2, 1, 1, 0);
    assert_error(tn_mse_loss(col, y, &err), ERR_SHAPE, "mse_loss: pred has shape [2, 1] but target has shape [2]");
    assert_error(tn_bce_loss(col, y, &err), ERR_SHAPE, "bce_loss: p has shape [2, 1] but y has shape [2]");
    Tensor *r[] = {p, y, b, p0, y0, b0, gb0, z, yz, bz, gz, m, col};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) tn_release(r[i]);
}
END_TEST

START_TEST(test_class_losses_errors) {
    double v[12] = {0};
    Tensor *logits = mk(DT_F32, v, 2, (const int64_t[]){4, 3}, true);
    Tensor *five = VEC(DT_F32, false, 0, 1, 2, 0, 1);
    assert_error(tn_cross_entropy(logits, five, &err), ERR_SHAPE,
                 "cross_entropy: logits have shape [4, 3] but classes have shape [5]");
    Tensor *out_of_range = VEC(DT_F32, false, 0, 1, 3, 0);
    assert_error(tn_cross_entropy(logits, out_of_range, &err), ERR_INDEX,
                 "cross_entropy: class 3 is out of range for 3 classes");
    Tensor *frac = VEC(DT_F32, false, 0, 1.5, 2, 0);
    assert_error(tn_nll_loss(logits, frac, &err), ERR_VALUE, "nll_loss: class 1.5 is not a whole number");
    Tensor *neg = VEC(DT_F32, false, 0, -1, 2, 0);
    assert_error(tn_nll_loss(logits, neg, &err), ERR_INDEX, "nll_loss: class -1 is out of range for 3 classes");
    Tensor *good = VEC(DT_F32, false, 0, 1, 2, 0);
    Tensor *ce = ok(tn_cross_entropy(logits, good, &err));
    VALUES(ce, 1e-6, log(3.0));   /* uniform logits */
    Tensor *r[] = {logits, five, out_of_range, frac, neg, good, ce};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) tn_release(r[i]);
}
END_TEST

START_TEST(test_one_hot) {
    Tensor *c = VEC(DT_F64, false, 2, 0, 1);
    Tensor *h = ok(tn_one_hot(c, 3, &err));
    SHAPE(h, 3, 3);
    ck_assert_int_eq(h->dtype, DT_F32);
    VALUES(h, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0);
    assert_error(tn_one_hot(c, 2, &err), ERR_INDEX, "one_hot: class 2 is out of range for 2 classes");
    assert_error(tn_one_hot(c, 0, &err), ERR_VALUE, "one_hot: n must be at least 1, got 0");
    Tensor *f = VEC(DT_F32, false, 0.5);
    assert_error(tn_one_hot(f, 3, &err), ERR_VALUE, "one_hot: class 0.5 is not a whole number");
    tn_release(c); tn_release(h); tn_release(f);
}
END_TEST

START_TEST(test_linear_layer_norm) {
    Tensor *x = MAT(DT_F64, true, 2, 3, 1, 2, 3, 4, 5, 6);
    Tensor *w = MAT(DT_F64, true, 3, 2, 1, 0, 0, 1, 1, 1);
    Tensor *b = VEC(DT_F64, true, 10, 20);
    Tensor *y = ok(tn_linear(x, w, b, &err));
    SHAPE(y, 2, 2);
    VALUES(y, 0, 14, 25, 20, 31);
    Tensor *y0 = ok(tn_linear(x, w, NULL, &err));
    VALUES(y0, 0, 4, 5, 10, 11);
    assert_error(tn_linear(w, w, b, &err), ERR_SHAPE, "linear: x has shape [3, 2] and W has shape [3, 2]");
    Tensor *ln = ok(tn_layer_norm(x, 0, &err));
    double s = sqrt(2.0 / 3.0);
    VALUES(ln, 1e-12, -1 / s, 0, 1 / s, -1 / s, 0, 1 / s);
    Tensor *r[] = {x, w, b, y, y0, ln};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) tn_release(r[i]);
}
END_TEST

START_TEST(test_conv2d_and_pool) {
    double xv[16], wv[4] = {1, 0, 0, 1};
    for (int i = 0; i < 16; i++) xv[i] = i;
    Tensor *x = mk(DT_F64, xv, 4, (const int64_t[]){1, 1, 4, 4}, true);
    Tensor *w = mk(DT_F64, wv, 4, (const int64_t[]){1, 1, 2, 2}, true);
    Tensor *y = ok(tn_conv2d(x, w, NULL, 1, 0, &err));
    SHAPE(y, 1, 1, 3, 3);
    VALUES(y, 0, 5, 7, 9, 13, 15, 17, 21, 23, 25);   /* x[i][j] + x[i+1][j+1] */
    Tensor *yp = ok(tn_conv2d(x, w, NULL, 2, 1, &err));
    SHAPE(yp, 1, 1, 3, 3);
    VALUES(yp, 0, 0, 2, 0, 8, 15, 7, 0, 13, 15);
    Tensor *bad = mk(DT_F64, wv, 4, (const int64_t[]){1, 4, 1, 1}, false);
    assert_error(tn_conv2d(x, bad, NULL, 1, 0, &err), ERR_SHAPE, "conv2d: x has shape [1, 1, 4, 4] (C = 1)");
    assert_error(tn_conv2d(w, x, NULL, 1, 0, &err), ERR_SHAPE, "conv2d: kernel 4x4 is larger than the padded input 2x2");
    Tensor *p = ok(tn_max_pool2d(x, 3, &err));   /* floor: one 3x3 window */
    SHAPE(p, 1, 1, 1, 1);
    VALUES(p, 0, 10);
    /* ties: the gradient goes to the first maximum of the window */
    Tensor *ones = mk(DT_F64, (const double[]){1, 1, 1, 1}, 4, (const int64_t[]){1, 1, 2, 2}, true);
    Tensor *po = ok(tn_max_pool2d(ones, 2, &err));
    Tensor *g = grad_of_sum(po, ones);
    VALUES(g, 0, 1, 0, 0, 0);
    assert_error(tn_max_pool2d(x, 5, &err), ERR_SHAPE, "max_pool2d: kernel 5x5 is larger than the input [1, 1, 4, 4]");
    Tensor *r[] = {x, w, y, yp, bad, p, ones, po, g};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) tn_release(r[i]);
}
END_TEST

/* ---- dropout ---------------------------------------------------------------------------- */

START_TEST(test_dropout_statistics_and_seed) {
    int64_t n = 20000;
    Tensor *x = ok(tn_ones(&n, 1, DT_F32, DEV_CPU, &err));
    x->requires_grad = true;
    tn_seed(42);
    Tensor *a = ok(tn_dropout(x, 0.3, true, &err));
    tn_seed(42);
    Tensor *b = ok(tn_dropout(x, 0.3, true, &err));
    double *va = mg_malloc((size_t)n * sizeof *va), *vb = mg_malloc((size_t)n * sizeof *vb);
    tn_to_doubles(a, va);
    tn_to_doubles(b, vb);
    int64_t zeros = 0;
    for (int64_t i = 0; i < n; i++) {
        ck_assert_double_eq(va[i], vb[i]);   /* same seed, same mask */
        if (va[i] == 0) zeros++;
        else ck_assert_double_eq_tol(va[i], 1 / 0.7, 1e-6);
    }
    /* 20000 Bernoulli(0.3): standard deviation of the fraction ~0.0032 */
    ck_assert_double_eq_tol((double)zeros / n, 0.3, 0.015);
    Tensor *g = grad_of_sum(a, x);   /* the gradient is the mask itself */
    tn_to_doubles(g, vb);
    for (int64_t i = 0; i < n; i++) ck_assert_double_eq(vb[i], va[i]);
    Tensor *c = ok(tn_dropout(x, 0.3, true, &err));   /* the generator moved on */
    tn_to_doubles(c, vb);
    int64_t same = 0;
    for (int64_t i = 0; i < n; i++) same += va[i] == vb[i];
    ck_assert_int_lt(same, n);
    mg_free(va);
    mg_free(vb);
    tn_release(a); tn_release(b); tn_release(c); tn_release(g); tn_release(x);
}
END_TEST

START_TEST(test_dropout_edges) {
    Tensor *x = VEC(DT_F32, true, 1, 2, 3);
    Tensor *ev = ok(tn_dropout(x, 0.5, false, &err));
    VALUES(ev, 0, 1, 2, 3);
    Tensor *p0 = ok(tn_dropout(x, 0, true, &err));
    VALUES(p0, 0, 1, 2, 3);
    Tensor *p1 = ok(tn_dropout(x, 1, true, &err));
    VALUES(p1, 0, 0, 0, 0);
    Tensor *g = grad_of_sum(p1, x);
    VALUES(g, 0, 0, 0, 0);
    assert_error(tn_dropout(x, 1.5, true, &err), ERR_VALUE, "dropout: p must be between 0 and 1, got 1.5");
    assert_error(tn_dropout(x, -0.1, true, &err), ERR_VALUE, "dropout: p must be between 0 and 1");
    tn_release(x); tn_release(ev); tn_release(p0); tn_release(p1); tn_release(g);
}
END_TEST

/* ---- graph labels and memory ----------------------------------------------------------------- */

START_TEST(test_labels) {
    Tensor *x = MAT(DT_F32, true, 2, 2, 1, 2, 3, 4);
    Tensor *cls = VEC(DT_F32, false, 0, 1);
    struct { Tensor *t; const char *label; } cases[] = {
        {ok(tn_softmax(x, -1, &err)), "softmax"},
        {ok(tn_log_softmax(x, -1, &err)), "log_softmax"},
        {ok(tn_mean(x, TN_ALL_AXES, false, &err)), "mean"},
        {ok(tn_cross_entropy(x, cls, &err)), "cross_entropy"},
        {ok(tn_mse_loss(x, x, &err)), "mse_loss"},
        {ok(tn_layer_norm(x, 1e-5, &err)), "layer_norm"},
        {ok(tn_gelu(x, &err)), "gelu"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_ptr_nonnull(cases[i].t->grad_fn);
        ck_assert_str_eq(cases[i].t->grad_fn->label, cases[i].label);
        tn_release(cases[i].t);
    }
    tn_rt.grad_enabled = false;   /* no_grad: nothing recorded, nothing to label */
    Tensor *s = ok(tn_softmax(x, -1, &err));
    ck_assert_ptr_null(s->grad_fn);
    tn_rt.grad_enabled = true;
    tn_release(s); tn_release(x); tn_release(cls);
}
END_TEST

/* ---- second order ------------------------------------------------------------------------ */

/* A composite is made of differentiable primitives, so its gradient is
 * differentiable too (create_graph). ctx picks the composite; the function
 * gradcheck sees is x -> d/dx sum(op(x) * w), for a fixed non-uniform w. */
typedef Tensor *(*UnaryComposite)(Tensor *x, MgError *err);

static Tensor *c_softmax(Tensor *x, MgError *e) { return tn_softmax(x, -1, e); }
static Tensor *c_log_softmax(Tensor *x, MgError *e) { return tn_log_softmax(x, 0, e); }
static Tensor *c_logsumexp(Tensor *x, MgError *e) { return tn_logsumexp(x, 1, true, e); }
static Tensor *c_gelu(Tensor *x, MgError *e) { return tn_gelu(x, e); }
static Tensor *c_layer_norm(Tensor *x, MgError *e) { return tn_layer_norm(x, 1e-5, e); }
static Tensor *c_var(Tensor *x, MgError *e) { return tn_var(x, 0, false, true, e); }
static Tensor *c_norm(Tensor *x, MgError *e) { return tn_norm(x, e); }

static Tensor *first_gradient(void *ctx, Tensor **x, int n, MgError *e) {
    (void)n;
    UnaryComposite op = *(UnaryComposite *)ctx;
    /* gradcheck's numerical pass calls f with plain (non-grad) tensors: the
     * gradient is then taken w.r.t. a fresh leaf sharing x's values */
    Tensor *at = x[0];
    bool fresh = !at->requires_grad || !tn_rt.grad_enabled;
    bool was_enabled = tn_rt.grad_enabled;
    if (fresh) {
        at = tn_detach(x[0]);
        at->requires_grad = true;
        tn_rt.grad_enabled = true;
    }
    Tensor *w = tn_sin(at, e);   /* a weight that also depends on x */
    Tensor *y = w ? op(at, e) : NULL;
    Tensor *yw = y ? tn_mul(y, w, e) : NULL;
    Tensor *l = yw ? tn_sum(yw, TN_ALL_AXES, false, e) : NULL;
    Tensor *g = NULL;
    AgBackwardOpts opts = {.create_graph = !fresh};
    if (l && !ag_grads(l, NULL, &at, 1, &opts, &g, e)) g = NULL;
    tn_release(w); tn_release(y); tn_release(yw); tn_release(l);
    if (fresh) {
        tn_release(at);
        tn_rt.grad_enabled = was_enabled;
    }
    return g;
}

START_TEST(test_second_order) {
    struct { UnaryComposite op; const char *name; } ops[] = {
        {c_softmax, "softmax"}, {c_log_softmax, "log_softmax"}, {c_logsumexp, "logsumexp"},
        {c_gelu, "gelu"}, {c_layer_norm, "layer_norm"}, {c_var, "var"}, {c_norm, "norm"},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        Tensor *x = MAT(DT_F64, true, 2, 3, 0.3, -1.2, 0.8, 1.5, 0.1, -0.4);
        AgCheckOpts opts = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .out = stdout};
        bool passed = false;
        ck_assert_msg(ag_gradcheck(first_gradient, &ops[i].op, &x, 1, &opts, &passed, &err),
                      "%s: %s", ops[i].name, err.msg);
        ck_assert_msg(passed, "second-order gradcheck of %s failed", ops[i].name);
        tn_release(x);
    }
}
END_TEST

/* conv2d -> max_pool2d -> cross_entropy and its gradient, all released */
static void small_network(void) {
    double xv[2 * 5 * 5];
    for (int i = 0; i < 50; i++) xv[i] = sin(i);
    Tensor *x = mk(DT_F32, xv, 4, (const int64_t[]){1, 2, 5, 5}, true);
    Tensor *w = mk(DT_F32, xv, 4, (const int64_t[]){3, 2, 2, 2}, true);
    Tensor *y = ok(tn_conv2d(x, w, NULL, 1, 1, &err));
    Tensor *p = ok(tn_max_pool2d(y, 2, &err));
    Tensor *f = ok(tn_reshape(p, (const int64_t[]){1, -1}, 2, &err));
    Tensor *cls = VEC(DT_F32, false, 4);
    Tensor *l = ok(tn_cross_entropy(f, cls, &err));
    Tensor *g = grad_of_sum(l, w);
    ck_assert(all_finite(g));
    Tensor *r[] = {x, w, y, p, f, cls, l, g};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) tn_release(r[i]);
}

/* A composite releases every intermediate: after a warm-up run (one-time
 * tables and caches), a second run returns the allocator to where it was. */
START_TEST(test_no_leaks) {
    small_network();
    tn_release_caches();
    size_t before = mg_alloc_live_bytes();
    small_network();
    tn_release_caches();
    ck_assert_uint_eq(mg_alloc_live_bytes(), before);
}
END_TEST

static Suite *composite_suite(void) {
    Suite *s = suite_create("composite");
    TCase *tc = tcase_create("ops");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_mean_var_values_and_shapes);
    tcase_add_test(tc, test_logsumexp_stable);
    tcase_add_test(tc, test_any_all_norm);
    tcase_add_test(tc, test_shape_composites);
    tcase_add_test(tc, test_dot_outer);
    tcase_add_test(tc, test_clamp_leaky_relu_kinks);
    tcase_add_test(tc, test_softmax_family_stable);
    tcase_add_test(tc, test_losses);
    tcase_add_test(tc, test_class_losses_errors);
    tcase_add_test(tc, test_one_hot);
    tcase_add_test(tc, test_linear_layer_norm);
    tcase_add_test(tc, test_conv2d_and_pool);
    tcase_add_test(tc, test_dropout_statistics_and_seed);
    tcase_add_test(tc, test_dropout_edges);
    tcase_add_test(tc, test_labels);
    tcase_add_test(tc, test_second_order);
    tcase_add_test(tc, test_no_leaks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(composite_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
