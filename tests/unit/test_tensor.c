/* test_tensor.c - the tensor runtime and CPU kernels: constructors,
 * broadcasting, every kernel family in f32 and f64 on contiguous and
 * strided inputs (checked against plain C loops and libm), matmul forms
 * against a naive triple loop, views, printing, errors, memory. */
#include <check.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tensor/tensor.h"
#include "tensor/ops.h"
#include "autograd/graph.h"
#include "util/alloc.h"

static MgError err;

static Tensor *T(DType dt, const double *v, int ndim, ...) {
    int64_t shape[TN_MAX_DIMS];
    va_list ap;
    va_start(ap, ndim);
    for (int d = 0; d < ndim; d++) shape[d] = va_arg(ap, int64_t);
    va_end(ap);
    Tensor *t = tn_from_doubles(v, shape, ndim, dt, DEV_CPU, &err);
    ck_assert_ptr_nonnull(t);
    return t;
}

/* a tensor with values f(i) = (i * 7 % 11 - 5) * 0.37 */
static Tensor *ramp(DType dt, int ndim, const int64_t *shape) {
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) n *= shape[d];
    double *v = malloc((size_t)(n ? n : 1) * sizeof(double));
    for (int64_t i = 0; i < n; i++) v[i] = (double)((i * 7) % 11 - 5) * 0.37;
    Tensor *t = tn_from_doubles(v, shape, ndim, dt, DEV_CPU, &err);
    free(v);
    return t;
}

static double *vals(const Tensor *t) {
    double *v = malloc((size_t)(t->numel ? t->numel : 1) * sizeof(double));
    tn_to_doubles(t, v);
    return v;
}

static void assert_close(double got, double want, double tol) {
    if (isnan(want)) { ck_assert_msg(isnan(got), "want nan, got %g", got); return; }
    if (isinf(want)) { ck_assert_msg(got == want, "want %g, got %g", want, got); return; }
    ck_assert_msg(fabs(got - want) <= tol * (1 + fabs(want)), "got %.10g, want %.10g", got, want);
}

static char *fmt(const Tensor *t) { return tn_format(t); }
#define ASSERT_FMT(t, s) do { char *f_ = fmt(t); ck_assert_str_eq(f_, s); mg_free(f_); } while (0)

static void setup(void) { mg_error_clear(&err); tn_rt.grad_enabled = true; }

/* ---- constructors ---- */
START_TEST(test_constructors) {
    int64_t s[2] = { 2, 3 };
    Tensor *z = tn_zeros(s, 2, DT_F32, DEV_CPU, &err), *o = tn_ones(s, 2, DT_F64, DEV_CPU, &err);
    Tensor *f = tn_full(s, 2, 2.5, DT_F32, DEV_CPU, &err);
    ck_assert_int_eq(z->numel, 6);
    ck_assert(tn_is_contiguous(z));
    ck_assert_int_eq(z->strides[0], 3);
    for (int i = 0; i < 6; i++) {
        int64_t ix[2] = { i / 3, i % 3 };
        ck_assert(tn_get(z, ix) == 0 && tn_get(o, ix) == 1 && tn_get(f, ix) == 2.5);
    }
    Tensor *a = tn_arange(0, 1, 0.25, DT_F64, DEV_CPU, &err);
    ck_assert_int_eq(a->numel, 4);
    double *av = vals(a);
    for (int i = 0; i < 4; i++) ck_assert(av[i] == i * 0.25);
    Tensor *l = tn_linspace(0, 1, 5, DT_F32, DEV_CPU, &err);
    double *lv = vals(l);
    for (int i = 0; i < 5; i++) assert_close(lv[i], i * 0.25, 1e-7);
    Tensor *e = tn_eye(3, DT_F32, DEV_CPU, &err);
    double *ev = vals(e);
    for (int i = 0; i < 9; i++) ck_assert(ev[i] == (i % 4 == 0 ? 1 : 0));
    Tensor *sc = tn_scalar(3.5, DT_F64, DEV_CPU, &err);
    ck_assert_int_eq(sc->ndim, 0);
    ck_assert(tn_item(sc) == 3.5);
    Tensor *zl = tn_ones_like(z, &err);
    ck_assert(zl->dtype == DT_F32 && zl->numel == 6 && tn_item(zl) == 1);
    free(av); free(lv); free(ev);
    Tensor *all[] = { z, o, f, a, l, e, sc, zl };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

START_TEST(test_random) {
    int64_t s[1] = { 10000 };
    tn_seed(7);
    Tensor *u = tn_rand(s, 1, DT_F32, DEV_CPU, &err);
    tn_seed(7);
    Tensor *u2 = tn_rand(s, 1, DT_F32, DEV_CPU, &err);
    Tensor *n = tn_randn(s, 1, DT_F64, DEV_CPU, &err);
    double *uv = vals(u), *uv2 = vals(u2), *nv = vals(n), mean = 0, m2 = 0, umean = 0;
    for (int i = 0; i < 10000; i++) {
        ck_assert(uv[i] >= 0 && uv[i] < 1);
        ck_assert(uv[i] == uv2[i]);
        umean += uv[i] / 10000;
        mean += nv[i] / 10000;
        m2 += nv[i] * nv[i] / 10000;
    }
    ck_assert(fabs(umean - 0.5) < 0.02);
    ck_assert(fabs(mean) < 0.05 && fabs(m2 - 1) < 0.05);
    /* a different seed gives different numbers */
    tn_seed(8);
    Tensor *u3 = tn_rand(s, 1, DT_F32, DEV_CPU, &err);
    ck_assert(tn_item(u3) != uv[0]);
    free(uv); free(uv2); free(nv);
    tn_release(u); tn_release(u2); tn_release(n); tn_release(u3);
}
END_TEST

/* ---- broadcasting and promotion ---- */
START_TEST(test_broadcast) {
    double av[12], bv[3] = { 10, 20, 30 };
    for (int i = 0; i < 12; i++) av[i] = i;
    Tensor *a = T(DT_F32, av, 2, (int64_t)4, (int64_t)3), *b = T(DT_F64, bv, 1, (int64_t)3);
    Tensor *c = tn_add(a, b, &err);
    ck_assert_ptr_nonnull(c);
    ck_assert(c->dtype == DT_F64);
    ck_assert(c->ndim == 2 && c->shape[0] == 4 && c->shape[1] == 3);
    double *cv = vals(c);
    for (int i = 0; i < 12; i++) ck_assert(cv[i] == av[i] + bv[i % 3]);
    /* column [4, 1] times row [3] gives [4, 3] */
    double colv[4] = { 1, 2, 3, 4 };
    Tensor *col = T(DT_F32, colv, 2, (int64_t)4, (int64_t)1);
    Tensor *b32 = T(DT_F32, bv, 1, (int64_t)3);
    Tensor *m = tn_mul(col, b32, &err);
    double *mv = vals(m);
    for (int i = 0; i < 12; i++) ck_assert(mv[i] == colv[i / 3] * bv[i % 3]);
    /* errors */
    double two[2] = { 1, 2 };
    Tensor *t2 = T(DT_F32, two, 1, (int64_t)2);
    ck_assert_ptr_null(tn_add(a, t2, &err));
    ck_assert_int_eq(err.kind, ERR_SHAPE);
    ck_assert_str_eq(err.msg, "shape mismatch in '+': [4, 3] and [2] cannot be broadcast");
    ck_assert_ptr_null(tn_pow(a, t2, &err));
    ck_assert_str_eq(err.msg, "shape mismatch in '**': [4, 3] and [2] cannot be broadcast");
    ck_assert_ptr_null(tn_maximum(a, t2, &err));
    ck_assert_str_eq(err.msg, "shape mismatch in 'maximum': [4, 3] and [2] cannot be broadcast");
    free(cv); free(mv);
    Tensor *all[] = { a, b, c, col, b32, m, t2 };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

START_TEST(test_cuda_missing) {
    int64_t s[1] = { 3 };
    if (tn_cuda_available()) return;   /* this check is about machines without CUDA */
    ck_assert_ptr_null(tn_zeros(s, 1, DT_F32, DEV_CUDA, &err));
    ck_assert_int_eq(err.kind, ERR_DEVICE);
    ck_assert_str_eq(err.msg, "cuda: no CUDA device is available");
    ck_assert(!tn_set_default_device(DEV_CUDA, &err));
    ck_assert(tn_set_default_device(DEV_CPU, &err));
}
END_TEST

/* ---- unary kernels ---- */
static double ref_unary(OpKind op, double x) {
    switch (op) {
    case OP_NEG: return -x;
    case OP_EXP: return exp(x);
    case OP_LOG: return log(x);
    case OP_SQRT: return sqrt(x);
    case OP_ABS: return fabs(x);
    case OP_SIN: return sin(x);
    case OP_COS: return cos(x);
    case OP_TANH: return tanh(x);
    case OP_SIGMOID: return 1 / (1 + exp(-x));
    case OP_RELU: return x > 0 ? x : 0;
    case OP_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case OP_ERF: return erf(x);
    case OP_SOFTPLUS: return log1p(exp(x));
    default: return NAN;
    }
}
typedef Tensor *(*UnaryFn)(Tensor *, MgError *);
static const struct { OpKind op; UnaryFn fn; } unaries[] = {
    { OP_NEG, tn_neg }, { OP_EXP, tn_exp }, { OP_LOG, tn_log }, { OP_SQRT, tn_sqrt },
    { OP_ABS, tn_abs }, { OP_SIN, tn_sin }, { OP_COS, tn_cos }, { OP_TANH, tn_tanh },
    { OP_SIGMOID, tn_sigmoid }, { OP_RELU, tn_relu }, { OP_SIGN, tn_sign }, { OP_ERF, tn_erf },
    { OP_SOFTPLUS, tn_softplus },
};

/* x: a [5, 6] ramp seen three ways: contiguous, transposed, sliced with a step */
static Tensor *layout(Tensor *base, int which) {
    if (which == 0) { tn_retain(base); return base; }
    if (which == 1) return tn_transpose(base, 0, 1, &err);
    TnIndex ix[2] = { { .is_slice = true, .has_start = true, .start = 1, .step = 2 },
                      { .is_slice = true, .has_start = true, .start = 0, .has_stop = true, .stop = 5, .step = 2 } };
    return tn_index(base, ix, 2, &err);
}

START_TEST(test_unary_kernels) {
    int64_t s[2] = { 5, 6 };
    for (int dt = 0; dt < 2; dt++) {
        Tensor *base = ramp((DType)dt, 2, s);
        for (int w = 0; w < 3; w++) {
            Tensor *x = layout(base, w);
            double *xv = vals(x);
            if (w > 0) ck_assert(!tn_is_contiguous(x));
            for (size_t k = 0; k < sizeof unaries / sizeof *unaries; k++) {
                Tensor *y = unaries[k].fn(x, &err);
                ck_assert_ptr_nonnull(y);
                double *yv = vals(y);
                for (int64_t i = 0; i < x->numel; i++)
                    assert_close(yv[i], ref_unary(unaries[k].op, xv[i]), dt == 0 ? 2e-6 : 1e-14);
                free(yv);
                tn_release(y);
            }
            free(xv);
            tn_release(x);
        }
        tn_release(base);
    }
}
END_TEST

START_TEST(test_stable_unary) {
    double v[2] = { -1000, 1000 };
    for (int dt = 0; dt < 2; dt++) {
        Tensor *x = T((DType)dt, v, 1, (int64_t)2);
        Tensor *s = tn_sigmoid(x, &err), *sp = tn_softplus(x, &err), *th = tn_tanh(x, &err);
        double *sv = vals(s), *spv = vals(sp), *tv = vals(th);
        ck_assert(sv[0] == 0 && sv[1] == 1);
        ck_assert(spv[0] == 0 && spv[1] == 1000);
        ck_assert(tv[0] == -1 && tv[1] == 1);
        free(sv); free(spv); free(tv);
        tn_release(x); tn_release(s); tn_release(sp); tn_release(th);
    }
}
END_TEST

/* ---- binary and compare kernels ---- */
static double ref_binary(OpKind op, double x, double y) {
    switch (op) {
    case OP_ADD: return x + y;
    case OP_SUB: return x - y;
    case OP_MUL: return x * y;
    case OP_DIV: return x / y;
    case OP_POW: return pow(x, y);
    case OP_MAXIMUM: return x > y ? x : y;
    case OP_MINIMUM: return x < y ? x : y;
    case OP_EQ: return x == y;
    case OP_NE: return x != y;
    case OP_LT: return x < y;
    case OP_LE: return x <= y;
    case OP_GT: return x > y;
    case OP_GE: return x >= y;
    default: return NAN;
    }
}
typedef Tensor *(*BinaryFn)(Tensor *, Tensor *, MgError *);
static const struct { OpKind op; BinaryFn fn; } binaries[] = {
    { OP_ADD, tn_add }, { OP_SUB, tn_sub }, { OP_MUL, tn_mul }, { OP_DIV, tn_div },
    { OP_POW, tn_pow }, { OP_MAXIMUM, tn_maximum }, { OP_MINIMUM, tn_minimum },
    { OP_EQ, tn_eq }, { OP_NE, tn_ne }, { OP_LT, tn_lt }, { OP_LE, tn_le }, { OP_GT, tn_gt },
    { OP_GE, tn_ge },
};

START_TEST(test_binary_kernels) {
    int64_t s[2] = { 5, 6 }, s3[2] = { 3, 3 };
    for (int dt = 0; dt < 2; dt++) {
        Tensor *base = ramp((DType)dt, 2, s);
        Tensor *other = ramp((DType)dt, 2, s);
        Tensor *rev = tn_neg(other, &err);
        for (int w = 0; w < 3; w++) {
            Tensor *x = layout(base, w), *y = layout(rev, (w + 1) % 3);
            /* the y layouts differ in shape from x for w=0/1; use one with x's shape */
            if (!(y->shape[0] == x->shape[0] && y->shape[1] == x->shape[1])) {
                tn_release(y);
                y = layout(rev, w);
            }
            /* plus an expanded operand: a [1, cols] row broadcast over rows */
            double *xv = vals(x), *yv = vals(y);
            for (size_t k = 0; k < sizeof binaries / sizeof *binaries; k++) {
                Tensor *z = binaries[k].fn(x, y, &err);
                ck_assert_ptr_nonnull(z);
                ck_assert(z->dtype == (DType)dt && z->requires_grad == false);
                double *zv = vals(z);
                for (int64_t i = 0; i < x->numel; i++)
                    assert_close(zv[i], ref_binary(binaries[k].op, xv[i], yv[i]), dt == 0 ? 2e-6 : 1e-14);
                free(zv);
                tn_release(z);
                /* scalar right operand (the x * 2 fast path) and scalar left */
                Tensor *two = tn_scalar(2.5, (DType)dt, DEV_CPU, &err);
                Tensor *z1 = binaries[k].fn(x, two, &err), *z2 = binaries[k].fn(two, x, &err);
                double *z1v = vals(z1), *z2v = vals(z2);
                for (int64_t i = 0; i < x->numel; i++) {
                    assert_close(z1v[i], ref_binary(binaries[k].op, xv[i], 2.5), dt == 0 ? 2e-6 : 1e-14);
                    assert_close(z2v[i], ref_binary(binaries[k].op, 2.5, xv[i]), dt == 0 ? 2e-6 : 1e-14);
                }
                free(z1v); free(z2v);
                tn_release(two); tn_release(z1); tn_release(z2);
            }
            free(xv); free(yv);
            tn_release(x); tn_release(y);
        }
        /* expanded operand */
        Tensor *sq = ramp((DType)dt, 2, s3);
        int64_t one[2] = { 1, 3 }, full[2] = { 3, 3 };
        Tensor *mid = tn_index(sq, (TnIndex[]){ { .index = 1 } }, 1, &err);
        Tensor *row = tn_reshape(mid, one, 2, &err);
        Tensor *ex = tn_expand(row, full, 2, &err);
        ck_assert(ex->strides[0] == 0);
        Tensor *z = tn_sub(sq, ex, &err);
        double *sv = vals(sq), *zv = vals(z);
        for (int i = 0; i < 9; i++) assert_close(zv[i], sv[i] - sv[3 + i % 3], 1e-6);
        free(sv); free(zv);
        tn_release(sq); tn_release(ex); tn_release(z); tn_release(mid); tn_release(row);
        tn_release(base); tn_release(other); tn_release(rev);
    }
}
END_TEST

START_TEST(test_pow_nan) {
    double b[2] = { -8, 4 }, e[2] = { 0.5, 0.5 };
    Tensor *x = T(DT_F64, b, 1, (int64_t)2), *p = T(DT_F64, e, 1, (int64_t)2);
    Tensor *y = tn_pow(x, p, &err);
    double *v = vals(y);
    ck_assert(isnan(v[0]) && v[1] == 2);
    free(v);
    tn_release(x); tn_release(p); tn_release(y);
}
END_TEST

START_TEST(test_where) {
    double c[4] = { 1, 0, 0, 1 }, a[4] = { 1, 2, 3, 4 }, b[2] = { -1, -2 };
    Tensor *ct = T(DT_F32, c, 2, (int64_t)2, (int64_t)2), *at = T(DT_F64, a, 2, (int64_t)2, (int64_t)2);
    Tensor *bt = T(DT_F64, b, 1, (int64_t)2);
    Tensor *w = tn_where(ct, at, bt, &err);
    ck_assert(w->dtype == DT_F64);
    double *v = vals(w);
    ck_assert(v[0] == 1 && v[1] == -2 && v[2] == -1 && v[3] == 4);
    free(v);
    tn_release(ct); tn_release(at); tn_release(bt); tn_release(w);
}
END_TEST

/* ---- reductions ---- */
START_TEST(test_sum) {
    int64_t s[3] = { 3, 4, 5 };
    for (int dt = 0; dt < 2; dt++) {
        Tensor *a = ramp((DType)dt, 3, s);
        double *av = vals(a);
        for (int ax = -3; ax < 3; ax++) {
            int axis = ax < 0 ? ax + 3 : ax;
            Tensor *r = tn_sum(a, ax, false, &err), *rk = tn_sum(a, ax, true, &err);
            ck_assert_int_eq(r->ndim, 2);
            ck_assert_int_eq(rk->ndim, 3);
            ck_assert_int_eq(rk->shape[axis], 1);
            double *rv = vals(r);
            int64_t k = 0;
            /* reference: loop over the kept index combos in order */
            for (int64_t o = 0; o < r->numel; o++) {
                double acc = 0;
                int64_t idx[3];
                for (int64_t t = 0; t < s[axis]; t++) {
                    int64_t rem = o;
                    for (int d = 2; d >= 0; d--) {
                        if (d == axis) continue;
                        idx[d] = rem % s[d];
                        rem /= s[d];
                    }
                    idx[axis] = t;
                    acc += av[(idx[0] * 4 + idx[1]) * 5 + idx[2]];
                }
                assert_close(rv[o], acc, 1e-6);
                k++;
            }
            ck_assert_int_eq(k, r->numel);
            free(rv);
            tn_release(r); tn_release(rk);
        }
        /* all axes, and a transposed input */
        Tensor *all = tn_sum(a, TN_ALL_AXES, false, &err);
        double ref = 0;
        for (int i = 0; i < 60; i++) ref += av[i];
        ck_assert_int_eq(all->ndim, 0);
        assert_close(tn_item(all), ref, 1e-6);
        Tensor *tr = tn_transpose(a, 0, 2, &err);
        Tensor *all2 = tn_sum(tr, TN_ALL_AXES, false, &err);
        assert_close(tn_item(all2), ref, 1e-6);
        Tensor *s0 = tn_sum(tr, 0, false, &err);   /* sums a's axis 2 */
        int64_t ix[2] = { 3, 1 };                   /* tr dims (4, 3) -> a[1][3][:] */
        double want = 0;
        for (int l = 0; l < 5; l++) want += av[(1 * 4 + 3) * 5 + l];
        assert_close(tn_get(s0, ix), want, 1e-6);
        free(av);
        tn_release(a); tn_release(all); tn_release(tr); tn_release(all2); tn_release(s0);
    }
    /* f32 accumulates in double */
    int64_t big[1] = { 10000000 };
    Tensor *ones = tn_ones(big, 1, DT_F32, DEV_CPU, &err);
    Tensor *sum = tn_sum(ones, TN_ALL_AXES, false, &err);
    ck_assert(tn_item(sum) == 1e7);
    tn_release(ones); tn_release(sum);
    /* leading-axis reduce of wide rows (the buffered path) */
    int64_t w[2] = { 7, 40 };
    Tensor *wide = ramp(DT_F64, 2, w);
    double *wv = vals(wide);
    Tensor *ws = tn_sum(wide, 0, false, &err);
    double *wsv = vals(ws);
    for (int j = 0; j < 40; j++) {
        double acc = 0;
        for (int i = 0; i < 7; i++) acc += wv[i * 40 + j];
        assert_close(wsv[j], acc, 1e-12);
    }
    free(wv); free(wsv);
    tn_release(wide); tn_release(ws);
}
END_TEST

START_TEST(test_max_min) {
    double v[6] = { 1, 5, 5, 7, -2, 7 };
    for (int dt = 0; dt < 2; dt++) {
        Tensor *a = T((DType)dt, v, 2, (int64_t)2, (int64_t)3);
        Tensor *m1 = tn_max(a, 1, false, &err), *am1 = tn_argmax(a, 1, &err);
        Tensor *m0 = tn_min(a, 0, true, &err), *am0 = tn_argmin(a, 0, &err);
        Tensor *mall = tn_max(a, TN_ALL_AXES, false, &err), *amall = tn_argmax(a, TN_ALL_AXES, &err);
        double *m1v = vals(m1), *am1v = vals(am1), *m0v = vals(m0), *am0v = vals(am0);
        ck_assert(m1v[0] == 5 && m1v[1] == 7);
        ck_assert(am1v[0] == 1 && am1v[1] == 0);   /* FIRST extreme */
        ck_assert(m0->ndim == 2 && m0->shape[0] == 1);
        ck_assert(m0v[0] == 1 && m0v[1] == -2 && m0v[2] == 5);
        ck_assert(am0v[0] == 0 && am0v[1] == 1 && am0v[2] == 0);
        ck_assert(tn_item(mall) == 7 && tn_item(amall) == 3);
        ck_assert(am1->dtype == DT_F32 && am1->requires_grad == false);
        /* a transposed input */
        Tensor *t = tn_transpose(a, 0, 1, &err);
        Tensor *mt = tn_max(t, 0, false, &err);
        double *mtv = vals(mt);
        ck_assert(mtv[0] == 5 && mtv[1] == 7);
        free(m1v); free(am1v); free(m0v); free(am0v); free(mtv);
        Tensor *all[] = { a, m1, am1, m0, am0, mall, amall, t, mt };
        for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
    }
}
END_TEST

START_TEST(test_take_scatter) {
    double v[6] = { 10, 11, 12, 20, 21, 22 }, ix[4] = { 2, 0, 1, 1 };
    Tensor *a = T(DT_F64, v, 2, (int64_t)2, (int64_t)3), *idx = T(DT_F32, ix, 2, (int64_t)2, (int64_t)2);
    Tensor *t = tn_take_along(a, idx, 1, &err);
    ck_assert_ptr_nonnull(t);
    double *tv = vals(t);
    ck_assert(tv[0] == 12 && tv[1] == 10 && tv[2] == 21 && tv[3] == 21);
    int64_t shape[2] = { 2, 3 };
    Tensor *s = tn_scatter_along(t, idx, 1, shape, 2, &err);
    double *sv = vals(s);
    double want[6] = { 10, 0, 12, 0, 42, 0 };
    for (int i = 0; i < 6; i++) ck_assert(sv[i] == want[i]);
    double bad[4] = { 3, 0, 0, 0 };
    Tensor *bi = T(DT_F32, bad, 2, (int64_t)2, (int64_t)2);
    ck_assert_ptr_null(tn_take_along(a, bi, 1, &err));
    ck_assert_int_eq(err.kind, ERR_INDEX);
    ck_assert_str_eq(err.msg, "index 3 is out of range for dimension 1 with size 3");
    free(tv); free(sv);
    tn_release(a); tn_release(idx); tn_release(t); tn_release(s); tn_release(bi);
}
END_TEST

/* ---- matmul ---- */
static void naive_mm(const double *a, const double *b, double *c, int64_t n, int64_t k, int64_t m) {
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < m; j++) {
            double acc = 0;
            for (int64_t l = 0; l < k; l++) acc += a[i * k + l] * b[l * m + j];
            c[i * m + j] = acc;
        }
}

START_TEST(test_matmul_2d) {
    int64_t sa[2] = { 4, 3 }, sb[2] = { 3, 5 }, sbt[2] = { 5, 3 }, sat[2] = { 3, 4 };
    for (int dt = 0; dt < 2; dt++) {
        Tensor *a = ramp((DType)dt, 2, sa), *b = ramp((DType)dt, 2, sb);
        double *av = vals(a), *bv = vals(b), ref[20];
        naive_mm(av, bv, ref, 4, 3, 5);
        Tensor *c = tn_matmul(a, b, &err);
        ck_assert(c->ndim == 2 && c->shape[0] == 4 && c->shape[1] == 5);
        double *cv = vals(c);
        for (int i = 0; i < 20; i++) assert_close(cv[i], ref[i], 1e-6);
        /* transposed operands (the CblasTrans path) */
        Tensor *bt0 = ramp((DType)dt, 2, sbt), *at0 = ramp((DType)dt, 2, sat);
        Tensor *bt = tn_transpose(bt0, 0, 1, &err), *at = tn_transpose(at0, 0, 1, &err);
        double *btv = vals(bt), *atv = vals(at), ref2[20];
        naive_mm(atv, btv, ref2, 4, 3, 5);
        Tensor *c2 = tn_matmul(at, bt, &err);
        double *c2v = vals(c2);
        for (int i = 0; i < 20; i++) assert_close(c2v[i], ref2[i], 1e-6);
        /* a strided slice (neither layout: copied) */
        int64_t sbig[2] = { 8, 6 };
        Tensor *big = ramp((DType)dt, 2, sbig);
        TnIndex ix[2] = { { .is_slice = true, .step = 2 }, { .is_slice = true, .step = 2 } };
        Tensor *sl = tn_index(big, ix, 2, &err);   /* [4, 3], strides (12, 2) */
        double *slv = vals(sl), ref3[20];
        naive_mm(slv, bv, ref3, 4, 3, 5);
        Tensor *c3 = tn_matmul(sl, b, &err);
        double *c3v = vals(c3);
        for (int i = 0; i < 20; i++) assert_close(c3v[i], ref3[i], 1e-6);
        /* error */
        int64_t s45[2] = { 4, 5 }, s23[2] = { 2, 3 };
        Tensor *x = tn_zeros(s23, 2, (DType)dt, DEV_CPU, &err), *y = tn_zeros(s45, 2, (DType)dt, DEV_CPU, &err);
        ck_assert_ptr_null(tn_matmul(x, y, &err));
        ck_assert_str_eq(err.msg, "matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 != 4)");
        free(av); free(bv); free(cv); free(btv); free(atv); free(c2v); free(slv); free(c3v);
        Tensor *all[] = { a, b, c, bt0, at0, bt, at, c2, big, sl, c3, x, y };
        for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
    }
}
END_TEST

START_TEST(test_matmul_forms) {
    int64_t s3[1] = { 3 }, s34[2] = { 3, 4 }, s43[2] = { 4, 3 };
    int64_t sb1[3] = { 2, 4, 3 }, sb2[3] = { 1, 3, 5 }, sbig[4] = { 2, 2, 4, 3 };
    Tensor *v = ramp(DT_F64, 1, s3), *m34 = ramp(DT_F64, 2, s34), *m43 = ramp(DT_F64, 2, s43);
    double *vv = vals(v), *m34v = vals(m34), *m43v = vals(m43), ref[64];
    /* 1-D . 1-D */
    Tensor *d = tn_matmul(v, v, &err);
    ck_assert_int_eq(d->ndim, 0);
    naive_mm(vv, vv, ref, 1, 3, 1);
    assert_close(tn_item(d), ref[0], 1e-12);
    /* 1-D @ 2-D */
    Tensor *vm = tn_matmul(v, m34, &err);
    ck_assert(vm->ndim == 1 && vm->shape[0] == 4);
    naive_mm(vv, m34v, ref, 1, 3, 4);
    double *vmv = vals(vm);
    for (int i = 0; i < 4; i++) assert_close(vmv[i], ref[i], 1e-12);
    /* 2-D @ 1-D */
    Tensor *mv = tn_matmul(m43, v, &err);
    ck_assert(mv->ndim == 1 && mv->shape[0] == 4);
    naive_mm(m43v, vv, ref, 4, 3, 1);
    double *mvv = vals(mv);
    for (int i = 0; i < 4; i++) assert_close(mvv[i], ref[i], 1e-12);
    /* batched with broadcast: (2, 4, 3) @ (1, 3, 5) -> (2, 4, 5) */
    Tensor *b1 = ramp(DT_F64, 3, sb1), *b2 = ramp(DT_F64, 3, sb2);
    Tensor *bb = tn_matmul(b1, b2, &err);
    ck_assert(bb->ndim == 3 && bb->shape[0] == 2 && bb->shape[1] == 4 && bb->shape[2] == 5);
    double *b1v = vals(b1), *b2v = vals(b2), *bbv = vals(bb);
    for (int t = 0; t < 2; t++) {
        naive_mm(b1v + t * 12, b2v, ref, 4, 3, 5);
        for (int i = 0; i < 20; i++) assert_close(bbv[t * 20 + i], ref[i], 1e-12);
    }
    /* N-D @ 2-D (folded batch) and N-D @ 1-D */
    Tensor *big = ramp(DT_F64, 4, sbig), *bm = tn_matmul(big, m34, &err), *bv1 = tn_matmul(big, v, &err);
    ck_assert(bm->ndim == 4 && bm->shape[3] == 4 && bv1->ndim == 3 && bv1->shape[2] == 4);
    double *bigv = vals(big), *bmv = vals(bm), *bv1v = vals(bv1);
    for (int t = 0; t < 4; t++) {
        naive_mm(bigv + t * 12, m34v, ref, 4, 3, 4);
        for (int i = 0; i < 16; i++) assert_close(bmv[t * 16 + i], ref[i], 1e-12);
        naive_mm(bigv + t * 12, vv, ref, 4, 3, 1);
        for (int i = 0; i < 4; i++) assert_close(bv1v[t * 4 + i], ref[i], 1e-12);
    }
    free(vv); free(m34v); free(m43v); free(vmv); free(mvv); free(b1v); free(b2v); free(bbv);
    free(bigv); free(bmv); free(bv1v);
    Tensor *all[] = { v, m34, m43, d, vm, mv, b1, b2, bb, big, bm, bv1 };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

/* ---- views ---- */
START_TEST(test_views_share_storage) {
    int64_t s[2] = { 3, 4 }, r[2] = { 2, -1 }, r2[1] = { 12 };
    Tensor *a = ramp(DT_F32, 2, s);
    Tensor *rs = tn_reshape(a, r, 2, &err);
    ck_assert(rs->storage == a->storage && rs->shape[0] == 2 && rs->shape[1] == 6);
    Tensor *t = tn_transpose(a, 0, 1, &err);
    ck_assert(t->storage == a->storage && t->strides[0] == 1 && t->strides[1] == 4);
    /* reshape of non-contiguous data copies, like torch.reshape */
    Tensor *tr = tn_reshape(t, r2, 1, &err);
    ck_assert(tr->storage != a->storage);
    double *trv = vals(tr), *av = vals(a);
    for (int i = 0; i < 12; i++) ck_assert(trv[i] == av[(i % 3) * 4 + i / 3]);
    /* a write through an index view is visible in the base */
    TnIndex ix[1] = { { .index = -1 } };
    Tensor *row = tn_index(a, ix, 1, &err);
    ck_assert(row->storage == a->storage && row->ndim == 1 && row->offset == 8);
    Tensor *nine = tn_scalar(9, DT_F32, DEV_CPU, &err);
    ck_assert(tn_copy_into(row, nine, &err));
    int64_t at[2] = { 2, 3 };
    ck_assert(tn_get(a, at) == 9);
    ck_assert_int_eq(a->storage->version, 1);
    /* permute and contiguous */
    int dims[2] = { 1, 0 };
    Tensor *p = tn_permute(a, dims, 2, &err), *pc = tn_contiguous(p, &err);
    ck_assert(tn_is_contiguous(pc) && !tn_is_contiguous(p));
    int64_t q[2] = { 3, 1 };
    ck_assert(tn_get(pc, q) == tn_get(a, (int64_t[]){ 1, 3 }));
    /* errors */
    int64_t bad[2] = { 5, -1 };
    ck_assert_ptr_null(tn_reshape(a, bad, 2, &err));
    ck_assert_int_eq(err.kind, ERR_SHAPE);
    TnIndex oob[1] = { { .index = 5 } };
    ck_assert_ptr_null(tn_index(a, oob, 1, &err));
    ck_assert_int_eq(err.kind, ERR_INDEX);
    ck_assert_str_eq(err.msg, "index 5 is out of range for dimension 0 with size 3");
    free(trv); free(av);
    Tensor *all[] = { a, rs, t, tr, row, nine, p, pc };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

START_TEST(test_slices) {
    int64_t s[1] = { 10 };
    Tensor *a = tn_arange(0, 10, 1, DT_F64, DEV_CPU, &err);
    (void)s;
    TnIndex ix[1] = { { .is_slice = true, .has_start = true, .start = -8, .has_stop = true, .stop = 9, .step = 3 } };
    Tensor *v = tn_index(a, ix, 1, &err);
    double *vv = vals(v);
    ck_assert_int_eq(v->numel, 3);
    ck_assert(vv[0] == 2 && vv[1] == 5 && vv[2] == 8);
    TnIndex empty[1] = { { .is_slice = true, .has_start = true, .start = 7, .has_stop = true, .stop = 3, .step = 1 } };
    Tensor *e = tn_index(a, empty, 1, &err);
    ck_assert_int_eq(e->numel, 0);
    TnIndex neg[1] = { { .is_slice = true, .step = -1 } };
    ck_assert_ptr_null(tn_index(a, neg, 1, &err));
    /* index_assign without grad */
    TnIndex w[1] = { { .is_slice = true, .has_start = true, .start = 0, .has_stop = true, .stop = 2, .step = 1 } };
    Tensor *seven = tn_scalar(7, DT_F32, DEV_CPU, &err);
    ck_assert(tn_index_assign(a, w, 1, seven, &err));
    ck_assert(tn_item(a) == 7);
    /* cat */
    double x[4] = { 1, 2, 3, 4 }, y[2] = { 5, 6 };
    Tensor *xt = T(DT_F32, x, 2, (int64_t)2, (int64_t)2), *yt = T(DT_F64, y, 2, (int64_t)2, (int64_t)1);
    Tensor *c = tn_cat((Tensor *[]){ xt, yt }, 2, -1, &err);
    ck_assert(c->dtype == DT_F64 && c->shape[0] == 2 && c->shape[1] == 3);
    double *cv = vals(c), want[6] = { 1, 2, 5, 3, 4, 6 };
    for (int i = 0; i < 6; i++) ck_assert(cv[i] == want[i]);
    ck_assert_ptr_null(tn_cat((Tensor *[]){ xt, yt }, 2, 0, &err));
    ck_assert_int_eq(err.kind, ERR_SHAPE);
    free(vv); free(cv);
    Tensor *all[] = { a, v, e, seven, xt, yt, c };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

START_TEST(test_slice_scatter) {
    int64_t s[2] = { 3, 4 };
    Tensor *a = ramp(DT_F64, 2, s);
    TnIndex ix[2] = { { .is_slice = true, .has_start = true, .start = 1, .step = 1 },
                      { .index = 2 } };
    /* the params a SLICE records: rebuild them through a recording leaf */
    a->requires_grad = true;
    Tensor *v = tn_index(a, ix, 2, &err);
    ck_assert_ptr_nonnull(v->grad_fn);
    ck_assert_str_eq(v->grad_fn->label, "index");
    const OpParams *p = v->grad_fn->params;
    ck_assert(p->ndim == 2 && p->view_ndim == 1 && p->offset == 6 && p->strides[0] == 4);
    Tensor *g = tn_ones(v->shape, v->ndim, DT_F64, DEV_CPU, &err);
    Tensor *sc = tn_slice_scatter(g, p, &err);
    double *sv = vals(sc);
    for (int i = 0; i < 12; i++) ck_assert(sv[i] == (i == 6 || i == 10 ? 1 : 0));
    Tensor *back = tn_slice_view(sc, p, &err);
    ck_assert(back->numel == 2 && tn_item(back) == 1);
    free(sv);
    Tensor *all[] = { v, g, sc, back, a };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

/* ---- recording and in-place rules ---- */
START_TEST(test_recording) {
    double v[3] = { 1, 2, 3 };
    Tensor *x = T(DT_F32, v, 1, (int64_t)3);
    x->requires_grad = true;
    Tensor *two = tn_scalar(2, DT_F32, DEV_CPU, &err);
    Tensor *y = tn_mul(x, two, &err);
    ck_assert(y->requires_grad && y->grad_fn);
    ck_assert_int_eq(y->grad_fn->op, OP_MUL);
    ASSERT_FMT(y, "tensor([2, 4, 6], grad_fn=mul)");
    ASSERT_FMT(x, "tensor([1, 2, 3], grad)");
    /* comparisons never require grad */
    Tensor *c = tn_gt(x, two, &err);
    ck_assert(!c->requires_grad && !c->grad_fn);
    /* exp saves its output through save_output */
    Tensor *e = tn_exp(x, &err);
    ck_assert(e->grad_fn && e->grad_fn->saved_out);
    /* no grad mode records nothing */
    tn_rt.grad_enabled = false;
    Tensor *n = tn_add(x, two, &err);
    ck_assert(!n->requires_grad && !n->grad_fn);
    tn_rt.grad_enabled = true;
    /* in place: leaf rule, then a recorded update on a non-leaf */
    ck_assert(!tn_inplace(x, '+', two, &err));
    ck_assert_int_eq(err.kind, ERR_AUTOGRAD);
    ck_assert_str_eq(err.msg, "in-place update of a leaf tensor that requires grad; wrap it in no_grad { }");
    AgNode *before = y->grad_fn;
    uint32_t ver = y->storage->version;
    ck_assert(tn_inplace(y, '*', two, &err));
    ck_assert(y->grad_fn && y->grad_fn != before);
    ck_assert(y->grad_fn->next[0] == before);          /* old history kept as input */
    ck_assert_int_eq(y->storage->version, ver + 1);
    double *yv = vals(y);
    ck_assert(yv[0] == 4 && yv[1] == 8 && yv[2] == 12);
    /* under no_grad a leaf may be updated in place */
    tn_rt.grad_enabled = false;
    ck_assert(tn_inplace(x, '-', two, &err));
    tn_rt.grad_enabled = true;
    ck_assert(tn_item(x) == -1);
    free(yv);
    Tensor *all[] = { x, two, y, c, e, n };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

/* ---- printing (SPEC §5) ---- */
START_TEST(test_printing) {
    double m[4] = { 1, 2, 3, 4 };
    Tensor *a = T(DT_F32, m, 2, (int64_t)2, (int64_t)2);
    ASSERT_FMT(a, "tensor([[1, 2],\n        [3, 4]])");
    Tensor *h = tn_scalar(0.5, DT_F32, DEV_CPU, &err);
    ASSERT_FMT(h, "tensor(0.5000)");
    double p[2] = { 0.1, 0.2 };
    Tensor *b = T(DT_F64, p, 1, (int64_t)2);
    b->requires_grad = true;
    ASSERT_FMT(b, "tensor([0.1000, 0.2000], f64, grad)");
    double small[2] = { 1e-5, 1 };
    Tensor *s = T(DT_F32, small, 1, (int64_t)2);
    ASSERT_FMT(s, "tensor([1.0000e-05, 1.0000e+00])");
    double big[1] = { 1e8 };
    Tensor *bg = T(DT_F64, big, 1, (int64_t)1);
    ASSERT_FMT(bg, "tensor([1.0000e+08], f64)");
    double nf[3] = { 1.5, NAN, -INFINITY };
    Tensor *n = T(DT_F32, nf, 1, (int64_t)3);
    ASSERT_FMT(n, "tensor([1.5000,    nan,   -inf])");
    double ints[2] = { -1, 20 };
    Tensor *in = T(DT_F32, ints, 1, (int64_t)2);
    ASSERT_FMT(in, "tensor([-1, 20])");
    double c[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    Tensor *cube = T(DT_F32, c, 3, (int64_t)2, (int64_t)2, (int64_t)2);
    ASSERT_FMT(cube, "tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])");
    Tensor *r = tn_arange(0, 2000, 1, DT_F32, DEV_CPU, &err);
    ASSERT_FMT(r, "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])");
    int64_t s2[2] = { 40, 40 };
    Tensor *z = tn_zeros(s2, 2, DT_F32, DEV_CPU, &err);
    ASSERT_FMT(z, "tensor([[0, 0, 0,  ..., 0, 0, 0],\n"
                  "        [0, 0, 0,  ..., 0, 0, 0],\n"
                  "        [0, 0, 0,  ..., 0, 0, 0],\n"
                  "        ...,\n"
                  "        [0, 0, 0,  ..., 0, 0, 0],\n"
                  "        [0, 0, 0,  ..., 0, 0, 0],\n"
                  "        [0, 0, 0,  ..., 0, 0, 0]])");
    /* rows wrap at 80 columns, as torch */
    Tensor *w = tn_arange(0, 30, 1, DT_F64, DEV_CPU, &err);
    Tensor *wf = tn_mul(w, h, &err);
    ASSERT_FMT(wf, "tensor([ 0.0000,  0.5000,  1.0000,  1.5000,  2.0000,  2.5000,  3.0000,  3.5000,\n"
                   "         4.0000,  4.5000,  5.0000,  5.5000,  6.0000,  6.5000,  7.0000,  7.5000,\n"
                   "         8.0000,  8.5000,  9.0000,  9.5000, 10.0000, 10.5000, 11.0000, 11.5000,\n"
                   "        12.0000, 12.5000, 13.0000, 13.5000, 14.0000, 14.5000], f64)");
    int64_t e0[1] = { 0 }, e2[2] = { 0, 3 };
    Tensor *e = tn_zeros(e0, 1, DT_F32, DEV_CPU, &err), *e23 = tn_zeros(e2, 2, DT_F32, DEV_CPU, &err);
    ASSERT_FMT(e, "tensor([])");
    ASSERT_FMT(e23, "tensor([], shape=[0, 3])");
    Tensor *all[] = { a, h, b, s, bg, n, in, cube, r, z, w, wf, e, e23 };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tn_release(all[i]);
}
END_TEST

/* ---- memory ---- */
START_TEST(test_memory_errors) {
    int64_t huge[2] = { 1000000, 1000000 };
    ck_assert_ptr_null(tn_zeros(huge, 2, DT_F32, DEV_CPU, &err));
    ck_assert_int_eq(err.kind, ERR_MEMORY);
    ck_assert_str_eq(err.msg, "cannot allocate 4.0 TB for a tensor of shape [1000000, 1000000]");
    int64_t over[3] = { 10000000000LL, 10000000000LL, 10000000000LL };
    ck_assert_ptr_null(tn_empty(over, 3, DT_F64, DEV_CPU, &err));
    ck_assert_int_eq(err.kind, ERR_MEMORY);
    ck_assert(strncmp(err.msg, "cannot allocate ", 16) == 0);
    ck_assert(strstr(err.msg, " TB for a tensor of shape [10000000000, 10000000000, 10000000000]"));
    int64_t nine[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    ck_assert_ptr_null(tn_zeros(nine, 9, DT_F32, DEV_CPU, &err));
    ck_assert_int_eq(err.kind, ERR_SHAPE);
}
END_TEST

START_TEST(test_live_bytes) {
    tn_release_caches();
    size_t base = tn_live_bytes(DEV_CPU), blocks = mg_alloc_live_blocks();
    int64_t s[2] = { 100, 50 };
    Tensor *a = tn_ones(s, 2, DT_F64, DEV_CPU, &err);
    ck_assert_uint_eq(tn_live_bytes(DEV_CPU), base + 100 * 50 * 8);
    Tensor *t = tn_transpose(a, 0, 1, &err);
    ck_assert_uint_eq(tn_live_bytes(DEV_CPU), base + 100 * 50 * 8);   /* a view costs nothing */
    Tensor *b = tn_matmul(a, t, &err);
    Tensor *c = tn_sum(b, 0, false, &err);
    for (int i = 0; i < 1000; i++) {   /* the scalar hot path reuses cached blocks */
        Tensor *x = tn_scalar(i, DT_F32, DEV_CPU, &err), *y = tn_add(x, x, &err);
        tn_release(x);
        tn_release(y);
    }
    tn_release(a); tn_release(t); tn_release(b); tn_release(c);
    ck_assert_uint_eq(tn_live_bytes(DEV_CPU), base);
    tn_release_caches();
    ck_assert_uint_eq(mg_alloc_live_blocks(), blocks);
}
END_TEST

static Suite *tensor_suite(void) {
    Suite *s = suite_create("tensor");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_constructors);
    tcase_add_test(tc, test_random);
    tcase_add_test(tc, test_broadcast);
    tcase_add_test(tc, test_cuda_missing);
    tcase_add_test(tc, test_unary_kernels);
    tcase_add_test(tc, test_stable_unary);
    tcase_add_test(tc, test_binary_kernels);
    tcase_add_test(tc, test_pow_nan);
    tcase_add_test(tc, test_where);
    tcase_add_test(tc, test_sum);
    tcase_add_test(tc, test_max_min);
    tcase_add_test(tc, test_take_scatter);
    tcase_add_test(tc, test_matmul_2d);
    tcase_add_test(tc, test_matmul_forms);
    tcase_add_test(tc, test_views_share_storage);
    tcase_add_test(tc, test_slices);
    tcase_add_test(tc, test_slice_scatter);
    tcase_add_test(tc, test_recording);
    tcase_add_test(tc, test_printing);
    tcase_add_test(tc, test_memory_errors);
    tcase_add_test(tc, test_live_bytes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(tensor_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
