/* test_cuda.c - the CUDA backend against the CPU, op by op.
 *
 * Without a GPU (or without libmg_cuda.so, found through $MG_CUDA_LIB) it
 * prints one line, "test_cuda: no CUDA device; skipping", checks that CUDA
 * is refused with the SPEC's message, and passes.
 *
 * With a GPU, every case below runs twice, on the CPU and on CUDA, from the
 * same CPU-built values (moved with tn_to_device): forward values and the
 * gradients (ag_grads of sum(y * w) for fixed weights w) must agree, in f32
 * and f64, for each input layout: contiguous, transposed (a view with the
 * last two dims swapped), strided (every second element of the last dim),
 * and expanded (dim 0 broadcast with stride 0). Inputs are views of leaf
 * "bases", so gradients also flow back through the views. Cases marked
 * second_order also compare the gradients of sum(grad * w2), the first
 * gradients made with create_graph.
 *
 * The harness itself can be checked on a machine without a GPU by building
 * this file with -DTEST_DEV=DEV_CPU: the "other device" is then the CPU too.
 *
 * The suite runs without fork (CK_NOFORK): a CUDA context does not survive
 * fork(), and the device is probed before the tests run.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tensor/tensor.h"
#include "tensor/ops.h"
#include "autograd/autograd.h"
#include "util/alloc.h"

#ifndef TEST_DEV
#define TEST_DEV DEV_CUDA
#endif

static MgError err;

static void setup(void) { mg_error_clear(&err); tn_rt.grad_enabled = true; }

#define OK(t) ok_((t), __LINE__)
static Tensor *ok_(Tensor *t, int line) {
    ck_assert_msg(t != NULL, "line %d: %s", line, err.msg);
    return t;
}

/* ---- inputs ---- */
typedef enum { V_ANY, V_POS, V_UNIT, V_BIG } Values;   /* signed; > 0; in (0, 1); +-1500 */
typedef enum { L_PLAIN, L_TRANSPOSED, L_STRIDED, L_EXPANDED, L__COUNT } Layout;
static const char *layout_name[] = { "contiguous", "transposed", "strided", "expanded" };

typedef struct {
    int ndim;
    int64_t shape[4];
    Values vals;
} Input;

static double value_at(int64_t i, int k, Values v) {
    double s = sin(1.3 * (double)i + 0.7 * k + 0.1) * 1.5;
    if (v == V_POS) return 0.2 + fabs(s);
    if (v == V_UNIT) return 0.05 + 0.9 * (s / 1.5 + 1) / 2;
    if (v == V_BIG) return 1000 * s;   /* exp overflows unless the max is subtracted */
    return s;
}

/* A leaf base on dev, built on the CPU and moved, and the view of it that
 * the op sees (`layout`, applied where the input's rank allows it). */
static void make_input(const Input *in, int k, Layout layout, DType dt, Device dev, bool grad,
                       Tensor **base, Tensor **view) {
    int nd = in->ndim;
    int64_t bs[4];
    memcpy(bs, in->shape, sizeof bs);
    if (layout == L_TRANSPOSED && nd < 2) layout = L_PLAIN;
    if ((layout == L_STRIDED || layout == L_EXPANDED) && nd < 1) layout = L_PLAIN;
    if (layout == L_TRANSPOSED) { int64_t t = bs[nd - 1]; bs[nd - 1] = bs[nd - 2]; bs[nd - 2] = t; }
    if (layout == L_STRIDED) bs[nd - 1] *= 2;
    if (layout == L_EXPANDED) bs[0] = 1;
    int64_t n = 1;
    for (int d = 0; d < nd; d++) n *= bs[d];
    double *v = malloc((size_t)(n ? n : 1) * sizeof(double));
    for (int64_t i = 0; i < n; i++) v[i] = value_at(i, k, in->vals);
    Tensor *host = OK(tn_from_doubles(v, bs, nd, dt, DEV_CPU, &err));
    free(v);
    *base = OK(tn_to_device(host, dev, &err));
    tn_release(host);
    (*base)->requires_grad = grad;
    if (layout == L_TRANSPOSED) {
        *view = OK(tn_transpose(*base, nd - 2, nd - 1, &err));
    } else if (layout == L_STRIDED) {
        TnIndex ix[4];
        for (int d = 0; d < nd; d++) ix[d] = (TnIndex){ .is_slice = true, .step = d == nd - 1 ? 2 : 1 };
        *view = OK(tn_index(*base, ix, nd, &err));
    } else if (layout == L_EXPANDED) {
        *view = OK(tn_expand(*base, in->shape, nd, &err));
    } else {
        tn_retain(*base);
        *view = *base;
    }
}

/* Whole numbers as a tensor of dt on dev (indices, classes). */
static Tensor *numbers(const double *v, int ndim, const int64_t *shape, DType dt, Device dev) {
    Tensor *h = OK(tn_from_doubles(v, shape, ndim, dt, DEV_CPU, &err));
    Tensor *t = OK(tn_to_device(h, dev, &err));
    tn_release(h);
    return t;
}

/* ---- the cases: y = f(x) ---- */
typedef Tensor *(*CaseFn)(Tensor **x, MgError *e);
typedef struct {
    const char *name;
    CaseFn f;
    int n;
    Input in[3];
    bool forward_only;   /* comparisons, sign, argmax, one_hot: no gradient */
    bool second_order;   /* also the gradient of sum(grad * w2) (create_graph) */
} Case;

#define FN1(NAME, EXPR) static Tensor *f_##NAME(Tensor **x, MgError *e) { return EXPR; }
FN1(neg, tn_neg(x[0], e))
FN1(exp, tn_exp(x[0], e))
FN1(log, tn_log(x[0], e))
FN1(sqrt, tn_sqrt(x[0], e))
FN1(abs, tn_abs(x[0], e))
FN1(sin, tn_sin(x[0], e))
FN1(cos, tn_cos(x[0], e))
FN1(tanh, tn_tanh(x[0], e))
FN1(sigmoid, tn_sigmoid(x[0], e))
FN1(relu, tn_relu(x[0], e))
FN1(sign, tn_sign(x[0], e))
FN1(erf, tn_erf(x[0], e))
FN1(softplus, tn_softplus(x[0], e))
FN1(leaky_relu, tn_leaky_relu(x[0], 0.1, e))
FN1(gelu, tn_gelu(x[0], e))
FN1(clamp, tn_clamp(x[0], -0.5, 0.7, e))
FN1(add, tn_add(x[0], x[1], e))
FN1(sub, tn_sub(x[0], x[1], e))
FN1(mul, tn_mul(x[0], x[1], e))
FN1(div, tn_div(x[0], x[1], e))
FN1(pow, tn_pow(x[0], x[1], e))
FN1(maximum, tn_maximum(x[0], x[1], e))
FN1(minimum, tn_minimum(x[0], x[1], e))
FN1(eq, tn_eq(x[0], x[1], e))
FN1(ne, tn_ne(x[0], x[1], e))
FN1(lt, tn_lt(x[0], x[1], e))
FN1(le, tn_le(x[0], x[1], e))
FN1(gt, tn_gt(x[0], x[1], e))
FN1(ge, tn_ge(x[0], x[1], e))
FN1(sum_all, tn_sum(x[0], TN_ALL_AXES, false, e))
FN1(sum_0, tn_sum(x[0], 0, false, e))
FN1(sum_last_keep, tn_sum(x[0], -1, true, e))
FN1(mean_1, tn_mean(x[0], 1, false, e))
FN1(var_1, tn_var(x[0], 1, false, true, e))
FN1(logsumexp_1, tn_logsumexp(x[0], 1, false, e))
FN1(max_1, tn_max(x[0], 1, false, e))
FN1(max_all, tn_max(x[0], TN_ALL_AXES, false, e))
FN1(min_0, tn_min(x[0], 0, true, e))
FN1(argmax_1, tn_argmax(x[0], 1, e))
FN1(argmin_0, tn_argmin(x[0], 0, e))
FN1(any, tn_any(x[0], e))
FN1(all, tn_all(x[0], e))
FN1(norm, tn_norm(x[0], e))
FN1(matmul, tn_matmul(x[0], x[1], e))
FN1(dot, tn_dot(x[0], x[1], e))
FN1(outer, tn_outer(x[0], x[1], e))
FN1(flatten, tn_flatten(x[0], e))
FN1(contiguous, tn_contiguous(x[0], e))
FN1(squeeze_unsqueeze, tn_unsqueeze(x[0], 1, e))
FN1(softmax, tn_softmax(x[0], -1, e))
FN1(softmax_0, tn_softmax(x[0], 0, e))
FN1(softmax_1, tn_softmax(x[0], 1, e))
FN1(log_softmax, tn_log_softmax(x[0], 0, e))
FN1(log_softmax_last, tn_log_softmax(x[0], -1, e))
FN1(log_softmax_1, tn_log_softmax(x[0], 1, e))
FN1(mse, tn_mse_loss(x[0], x[1], e))
FN1(bce, tn_bce_loss(x[0], x[1], e))
FN1(bce_logits, tn_bce_with_logits(x[0], x[1], e))
FN1(linear, tn_linear(x[0], x[1], x[2], e))
FN1(conv2d, tn_conv2d(x[0], x[1], x[2], 1, 1, e))
FN1(max_pool2d, tn_max_pool2d(x[0], 2, e))
FN1(layer_norm, tn_layer_norm(x[0], 1e-5, e))
FN1(dropout_eval, tn_dropout(x[0], 0.5, false, e))

static Tensor *f_where(Tensor **x, MgError *e) {
    Tensor *c = tn_gt(x[0], x[1], e);
    if (!c) return NULL;
    Tensor *y = tn_where(c, x[0], x[1], e);
    tn_release(c);
    return y;
}

static Tensor *f_reshape_permute(Tensor **x, MgError *e) {
    int64_t s[3] = { 2, -1, 2 };
    Tensor *r = tn_reshape(x[0], s, 3, e);
    if (!r) return NULL;
    int p[3] = { 2, 0, 1 };
    Tensor *y = tn_permute(r, p, 3, e);
    tn_release(r);
    return y;
}

static Tensor *f_expand(Tensor **x, MgError *e) {
    int64_t s[3] = { 3, 4, 5 };
    Tensor *u = tn_unsqueeze(x[0], 0, e);   /* (1, 4, 5) */
    if (!u) return NULL;
    Tensor *y = tn_expand(u, s, 3, e);
    tn_release(u);
    return y;
}

static Tensor *f_index(Tensor **x, MgError *e) {
    TnIndex ix[2] = { { .index = 1 }, { .is_slice = true, .has_start = true, .start = 1, .step = 2 } };
    return tn_index(x[0], ix, 2, e);
}

static Tensor *f_cat(Tensor **x, MgError *e) { return tn_cat(x, 2, 1, e); }
static Tensor *f_stack(Tensor **x, MgError *e) { return tn_stack(x, 2, 0, e); }

static Tensor *f_to_dtype(Tensor **x, MgError *e) {
    Tensor *o = tn_to_dtype(x[0], x[0]->dtype == DT_F32 ? DT_F64 : DT_F32, e);
    if (!o) return NULL;
    Tensor *y = tn_to_dtype(o, x[0]->dtype, e);   /* back, so the result's dtype is comparable */
    tn_release(o);
    return y;
}

/* idx (3, 2) along axis 1 of a (3, 5) */
static Tensor *f_take_along(Tensor **x, MgError *e) {
    double v[6] = { 4, 0, 2, 2, 1, 3 };
    int64_t s[2] = { 3, 2 };
    Tensor *idx = numbers(v, 2, s, x[0]->dtype, x[0]->device);
    Tensor *y = tn_take_along(x[0], idx, 1, e);
    tn_release(idx);
    return y;
}

/* src (3, 4) scattered along axis 1 into (3, 5), with repeated indices */
static Tensor *f_scatter_along(Tensor **x, MgError *e) {
    double v[12] = { 4, 0, 4, 1, 2, 2, 2, 3, 0, 1, 0, 4 };
    int64_t s[2] = { 3, 4 }, out[2] = { 3, 5 };
    Tensor *idx = numbers(v, 2, s, x[0]->dtype, x[0]->device);
    Tensor *y = tn_scatter_along(x[0], idx, 1, out, 2, e);
    tn_release(idx);
    return y;
}

static Tensor *classes(Tensor *like) {
    double v[4] = { 2, 0, 4, 1 };
    int64_t s[1] = { 4 };
    return numbers(v, 1, s, like->dtype, like->device);
}

static Tensor *f_cross_entropy(Tensor **x, MgError *e) {
    Tensor *c = classes(x[0]);
    Tensor *y = tn_cross_entropy(x[0], c, e);
    tn_release(c);
    return y;
}

static Tensor *f_nll(Tensor **x, MgError *e) {
    Tensor *c = classes(x[0]);
    Tensor *lp = tn_log_softmax(x[0], 1, e);
    Tensor *y = lp ? tn_nll_loss(lp, c, e) : NULL;
    tn_release(lp);
    tn_release(c);
    return y;
}

static Tensor *f_one_hot(Tensor **x, MgError *e) {
    Tensor *c = classes(x[0]);
    Tensor *y = tn_one_hot(c, 5, e);
    tn_release(c);
    return y;
}

/* x[1, :] = v on a non-leaf copy, then used: in-place writes on the device */
static Tensor *f_index_assign(Tensor **x, MgError *e) {
    Tensor *c = tn_mul(x[0], x[0], e);
    if (!c) return NULL;
    TnIndex ix[1] = { { .index = 1 } };
    if (!tn_index_assign(c, ix, 1, x[1], e)) { tn_release(c); return NULL; }
    return c;
}

/* x op= v on a non-leaf: += and -= with a tensor that requires grad, *= and
 * /= with a constant (the product would save the overwritten value) */
static Tensor *f_inplace(Tensor **x, MgError *e) {
    Tensor *c = tn_add(x[0], x[0], e);
    Tensor *k = tn_scalar(1.5, x[0]->dtype, x[0]->device, e);
    bool ok = c && k && tn_inplace(c, '+', x[1], e) && tn_inplace(c, '*', k, e) &&
              tn_inplace(c, '-', x[1], e) && tn_inplace(c, '/', k, e);
    tn_release(k);
    if (!ok) { tn_release(c); return NULL; }
    return c;
}

#define IN(...) { __VA_ARGS__ }
#define S2(a, b) 2, { a, b }
#define S3(a, b, c) 3, { a, b, c }
#define S4(a, b, c, d) 4, { a, b, c, d }
#define S1(a) 1, { a }

static const Case cases[] = {
    /* unary */
    { "neg", f_neg, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "exp", f_exp, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "log", f_log, 1, { IN(S2(3, 4), V_POS) }, false, false },
    { "sqrt", f_sqrt, 1, { IN(S2(3, 4), V_POS) }, false, false },
    { "abs", f_abs, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "sin", f_sin, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "cos", f_cos, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "tanh", f_tanh, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "sigmoid", f_sigmoid, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "relu", f_relu, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "sign", f_sign, 1, { IN(S2(3, 4), V_ANY) }, true, false },
    { "erf", f_erf, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "softplus", f_softplus, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "leaky_relu", f_leaky_relu, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "gelu", f_gelu, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "clamp", f_clamp, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    /* binary, broadcasting */
    { "add", f_add, 2, { IN(S3(2, 3, 4), V_ANY), IN(S2(3, 4), V_ANY) }, false, false },
    { "sub", f_sub, 2, { IN(S2(3, 1), V_ANY), IN(S3(2, 3, 4), V_ANY) }, false, false },
    { "mul", f_mul, 2, { IN(S3(2, 3, 4), V_ANY), IN(S3(2, 1, 4), V_ANY) }, false, false },
    /* more elements than a capped grid has threads (grid-stride loops), an
     * odd length for the 4-per-thread contiguous loop, 3 strided dims */
    { "mul (large, odd length)", f_mul, 2, { IN(S1(262147), V_ANY), IN(S1(262147), V_ANY) }, false, false },
    { "add (large, broadcast)", f_add, 2, { IN(S3(40, 50, 60), V_ANY), IN(S2(50, 60), V_ANY) }, false, false },
    { "div", f_div, 2, { IN(S2(3, 4), V_ANY), IN(S2(3, 4), V_POS) }, false, false },
    { "pow", f_pow, 2, { IN(S2(3, 4), V_POS), IN(S2(3, 4), V_ANY) }, false, false },
    { "maximum", f_maximum, 2, { IN(S2(3, 4), V_ANY), IN(S3(2, 1, 4), V_ANY) }, false, false },
    { "minimum", f_minimum, 2, { IN(S3(2, 3, 4), V_ANY), IN(S2(3, 4), V_ANY) }, false, false },
    /* compare, where */
    { "eq", f_eq, 2, { IN(S2(4, 5), V_ANY), IN(S2(4, 5), V_ANY) }, true, false },
    { "ne", f_ne, 2, { IN(S2(4, 5), V_ANY), IN(S2(4, 5), V_ANY) }, true, false },
    { "lt", f_lt, 2, { IN(S2(4, 5), V_ANY), IN(S2(4, 1), V_ANY) }, true, false },
    { "le", f_le, 2, { IN(S2(4, 5), V_ANY), IN(S2(4, 5), V_ANY) }, true, false },
    { "gt", f_gt, 2, { IN(S3(2, 4, 5), V_ANY), IN(S2(4, 5), V_ANY) }, true, false },
    { "ge", f_ge, 2, { IN(S2(4, 5), V_ANY), IN(S2(4, 5), V_ANY) }, true, false },
    { "where", f_where, 2, { IN(S3(2, 3, 4), V_ANY), IN(S2(3, 4), V_ANY) }, false, false },
    /* reductions (small, and large enough for every kernel path) */
    { "sum all", f_sum_all, 1, { IN(S3(2, 3, 4), V_ANY) }, false, false },
    { "sum axis 0", f_sum_0, 1, { IN(S3(2, 3, 4), V_ANY) }, false, false },
    { "sum axis -1 keepdim", f_sum_last_keep, 1, { IN(S3(2, 3, 4), V_ANY) }, false, false },
    { "sum all (large)", f_sum_all, 1, { IN(S2(300, 700), V_ANY) }, false, false },
    { "sum axis 0 (large)", f_sum_0, 1, { IN(S2(700, 1500), V_ANY) }, false, false },
    { "sum axis -1 (large)", f_sum_last_keep, 1, { IN(S2(1500, 700), V_ANY) }, false, false },
    { "sum axis 0 (tall)", f_sum_0, 1, { IN(S2(5000, 40), V_ANY) }, false, false },
    /* enough column tiles for one block each (no second pass) */
    { "sum axis 0 (wide)", f_sum_0, 1, { IN(S2(64, 2100), V_ANY) }, false, false },
    { "min axis 0 (tall)", f_min_0, 1, { IN(S2(5000, 40), V_ANY) }, false, false },
    { "mean", f_mean_1, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "var", f_var_1, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "logsumexp", f_logsumexp_1, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "max axis 1", f_max_1, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "max axis 1 (large)", f_max_1, 1, { IN(S2(64, 5000), V_ANY) }, false, false },
    { "max all", f_max_all, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    /* one output over many blocks: partials, then a block combines them */
    { "max all (large)", f_max_all, 1, { IN(S2(300, 700), V_ANY) }, false, false },
    { "min axis 0 keepdim", f_min_0, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "argmax", f_argmax_1, 1, { IN(S2(3, 4), V_ANY) }, true, false },
    { "argmin", f_argmin_0, 1, { IN(S2(3, 4), V_ANY) }, true, false },
    { "any", f_any, 1, { IN(S2(3, 4), V_ANY) }, true, false },
    { "all", f_all, 1, { IN(S2(3, 4), V_POS) }, true, false },
    { "norm", f_norm, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    /* gather */
    { "take_along", f_take_along, 1, { IN(S2(3, 5), V_ANY) }, false, false },
    { "scatter_along", f_scatter_along, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    /* matmul */
    { "matmul 2-D", f_matmul, 2, { IN(S2(3, 4), V_ANY), IN(S2(4, 5), V_ANY) }, false, false },
    { "matmul batched", f_matmul, 2, { IN(S3(2, 3, 4), V_ANY), IN(S3(2, 4, 5), V_ANY) }, false, false },
    { "matmul broadcast b", f_matmul, 2, { IN(S3(2, 3, 4), V_ANY), IN(S2(4, 5), V_ANY) }, false, false },
    { "matmul broadcast a", f_matmul, 2, { IN(S2(3, 4), V_ANY), IN(S3(2, 4, 5), V_ANY) }, false, false },
    { "matmul broadcast both", f_matmul, 2, { IN(S4(2, 1, 3, 4), V_ANY), IN(S3(3, 4, 5), V_ANY) }, false, false },
    { "matmul vector @ matrix", f_matmul, 2, { IN(S1(4), V_ANY), IN(S2(4, 5), V_ANY) }, false, false },
    { "matmul matrix @ vector", f_matmul, 2, { IN(S2(3, 4), V_ANY), IN(S1(4), V_ANY) }, false, false },
    { "matmul (large)", f_matmul, 2, { IN(S2(64, 128), V_ANY), IN(S2(128, 96), V_ANY) }, false, false },
    { "dot", f_dot, 2, { IN(S1(6), V_ANY), IN(S1(6), V_ANY) }, false, false },
    { "outer", f_outer, 2, { IN(S1(3), V_ANY), IN(S1(4), V_ANY) }, false, false },
    /* views and copies */
    { "reshape+permute", f_reshape_permute, 1, { IN(S2(4, 6), V_ANY) }, false, false },
    { "expand", f_expand, 1, { IN(S2(4, 5), V_ANY) }, false, false },
    { "index (slice)", f_index, 1, { IN(S2(3, 6), V_ANY) }, false, false },
    { "flatten", f_flatten, 1, { IN(S3(2, 3, 4), V_ANY) }, false, false },
    { "unsqueeze", f_squeeze_unsqueeze, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "contiguous", f_contiguous, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "to_dtype", f_to_dtype, 1, { IN(S2(3, 4), V_ANY) }, false, false },
    { "cat", f_cat, 2, { IN(S2(3, 4), V_ANY), IN(S2(3, 2), V_ANY) }, false, false },
    { "stack", f_stack, 2, { IN(S2(3, 4), V_ANY), IN(S2(3, 4), V_ANY) }, false, false },
    { "index assign", f_index_assign, 2, { IN(S2(3, 4), V_ANY), IN(S1(4), V_ANY) }, false, false },
    { "in-place += *= -= /=", f_inplace, 2, { IN(S2(3, 4), V_ANY), IN(S2(3, 4), V_ANY) }, false, false },
    /* nn */
    { "softmax", f_softmax, 1, { IN(S2(4, 5), V_ANY) }, false, false },
    { "log_softmax", f_log_softmax, 1, { IN(S2(4, 5), V_ANY) }, false, false },
    /* softmax kernels: rows of 1, 7 (a thread per row), 1000 (a warp per
     * row when unit-stride, else a thread), 3000 (a block per row), along
     * the last, first and a middle axis; values of +-1500; second order */
    { "softmax rows of 1", f_softmax, 1, { IN(S2(4, 1), V_ANY) }, false, true },
    { "softmax rows of 7", f_softmax, 1, { IN(S2(3, 7), V_ANY) }, false, true },
    { "softmax rows of 1000", f_softmax, 1, { IN(S2(5, 1000), V_ANY) }, false, true },
    { "softmax rows of 3000", f_softmax, 1, { IN(S2(3, 3000), V_ANY) }, false, true },
    { "softmax axis 0", f_softmax_0, 1, { IN(S3(7, 3, 4), V_ANY) }, false, true },
    { "softmax axis 0 (1000)", f_softmax_0, 1, { IN(S2(1000, 6), V_ANY) }, false, true },
    { "softmax axis 0 (3000)", f_softmax_0, 1, { IN(S2(3000, 3), V_ANY) }, false, true },
    { "softmax axis 1", f_softmax_1, 1, { IN(S3(2, 40, 3), V_ANY) }, false, true },
    { "softmax large values", f_softmax, 1, { IN(S2(6, 50), V_BIG) }, false, true },
    { "softmax large values (3000)", f_softmax, 1, { IN(S2(2, 3000), V_BIG) }, false, false },
    { "log_softmax rows of 1", f_log_softmax_last, 1, { IN(S2(4, 1), V_ANY) }, false, true },
    { "log_softmax rows of 7", f_log_softmax_last, 1, { IN(S2(3, 7), V_ANY) }, false, true },
    { "log_softmax rows of 1000", f_log_softmax_last, 1, { IN(S2(5, 1000), V_ANY) }, false, true },
    { "log_softmax rows of 3000", f_log_softmax_last, 1, { IN(S2(3, 3000), V_ANY) }, false, true },
    { "log_softmax axis 0 (3000)", f_log_softmax, 1, { IN(S2(3000, 3), V_ANY) }, false, true },
    { "log_softmax axis 1", f_log_softmax_1, 1, { IN(S3(2, 40, 3), V_ANY) }, false, true },
    { "log_softmax large values", f_log_softmax_last, 1, { IN(S2(6, 50), V_BIG) }, false, true },
    { "log_softmax large values (3000)", f_log_softmax_last, 1, { IN(S2(2, 3000), V_BIG) }, false, false },
    { "mse_loss", f_mse, 2, { IN(S2(4, 5), V_ANY), IN(S2(4, 5), V_ANY) }, false, false },
    { "bce_loss", f_bce, 2, { IN(S2(4, 5), V_UNIT), IN(S2(4, 5), V_UNIT) }, false, false },
    { "bce_with_logits", f_bce_logits, 2, { IN(S2(4, 5), V_ANY), IN(S2(4, 5), V_UNIT) }, false, false },
    { "cross_entropy", f_cross_entropy, 1, { IN(S2(4, 5), V_ANY) }, false, false },
    { "nll_loss", f_nll, 1, { IN(S2(4, 5), V_ANY) }, false, false },
    { "one_hot", f_one_hot, 1, { IN(S2(4, 5), V_ANY) }, true, false },
    { "linear", f_linear, 3, { IN(S2(4, 6), V_ANY), IN(S2(6, 3), V_ANY), IN(S1(3), V_ANY) }, false, false },
    { "conv2d", f_conv2d, 3, { IN(S4(2, 3, 5, 5), V_ANY), IN(S4(4, 3, 3, 3), V_ANY), IN(S1(4), V_ANY) }, false, false },
    { "max_pool2d", f_max_pool2d, 1, { IN(S4(2, 3, 4, 6), V_ANY) }, false, false },
    { "layer_norm", f_layer_norm, 1, { IN(S2(4, 6), V_ANY) }, false, false },
    { "dropout (eval)", f_dropout_eval, 1, { IN(S2(4, 6), V_ANY) }, false, false },
};
#define N_CASES ((int)(sizeof cases / sizeof cases[0]))

/* ---- running a case on one device ---- */
typedef struct {
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    DType dtype;
    int64_t n;
    double *y;                 /* forward values */
    int n_grads;
    int64_t gn[3];
    double *g[3];              /* gradient of each base */
    int n_grads2;              /* second_order cases: */
    int64_t g2n[3];
    double *g2[3];             /* gradient of sum(g[i] * w2) with respect to each base */
} Result;

static double *host_values(const Tensor *t, Device want) {
    ck_assert_int_eq(t->device, want);
    double *v = malloc((size_t)(t->numel ? t->numel : 1) * sizeof(double));
    tn_to_doubles(t, v);
    return v;
}

/* Fixed weights of like's shape and dtype on dev: cos(f * i) + 0.5. */
static Tensor *weights(const Tensor *like, double f, Device dev) {
    int64_t n = like->numel;
    double *wv = malloc((size_t)(n ? n : 1) * sizeof(double));
    for (int64_t i = 0; i < n; i++) wv[i] = cos(f * (double)i) + 0.5;
    Tensor *wh = OK(tn_from_doubles(wv, like->shape, like->ndim, like->dtype, DEV_CPU, &err));
    free(wv);
    Tensor *w = OK(tn_to_device(wh, dev, &err));
    tn_release(wh);
    return w;
}

/* Second order: g are the first gradients made with create_graph; the
 * gradients of sum_i sum(g[i] * w2_i) with respect to the bases go to r. */
static void run_second_order(const Case *c, Tensor **base, Tensor **g, Device dev, Result *r) {
    Tensor *loss2 = NULL;
    for (int i = 0; i < c->n; i++) {
        ck_assert_msg(g[i]->requires_grad, "%s: a create_graph gradient should require grad", c->name);
        Tensor *w2 = weights(g[i], 0.4 + 0.3 * i, dev);
        Tensor *gw = OK(tn_mul(g[i], w2, &err));
        Tensor *t = OK(tn_sum(gw, TN_ALL_AXES, false, &err));
        Tensor *acc = loss2 ? OK(tn_add(loss2, t, &err)) : (tn_retain(t), t);
        tn_release(loss2);
        loss2 = acc;
        tn_release(t);
        tn_release(gw);
        tn_release(w2);
    }
    Tensor *gg[3] = { NULL, NULL, NULL };
    ck_assert_msg(ag_grads(loss2, NULL, base, c->n, NULL, gg, &err), "%s second order on %s: %s",
                  c->name, tn_device_name(dev), err.msg);
    r->n_grads2 = c->n;
    for (int i = 0; i < c->n; i++) {
        r->g2n[i] = gg[i]->numel;
        r->g2[i] = host_values(gg[i], dev);
        tn_release(gg[i]);
    }
    tn_release(loss2);
}

static void run_case(const Case *c, Layout layout, DType dt, Device dev, Result *r) {
    Tensor *base[3], *x[3];
    memset(r, 0, sizeof *r);
    for (int i = 0; i < c->n; i++) make_input(&c->in[i], i, layout, dt, dev, !c->forward_only, &base[i], &x[i]);
    Tensor *y = c->f(x, &err);
    ck_assert_msg(y != NULL, "%s on %s: %s", c->name, tn_device_name(dev), err.msg);
    r->ndim = y->ndim;
    memcpy(r->shape, y->shape, sizeof r->shape);
    r->dtype = y->dtype;
    r->n = y->numel;
    r->y = host_values(y, dev);
    if (!c->forward_only) {
        ck_assert_msg(y->requires_grad, "%s: the result should require grad", c->name);
        Tensor *w = weights(y, 0.9, dev);
        Tensor *yw = OK(tn_mul(y, w, &err));
        Tensor *loss = OK(tn_sum(yw, TN_ALL_AXES, false, &err));
        Tensor *g[3] = { NULL, NULL, NULL };
        AgBackwardOpts cg = { .create_graph = true };
        ck_assert_msg(ag_grads(loss, NULL, base, c->n, c->second_order ? &cg : NULL, g, &err),
                      "%s backward on %s: %s", c->name, tn_device_name(dev), err.msg);
        r->n_grads = c->n;
        for (int i = 0; i < c->n; i++) {
            r->gn[i] = g[i]->numel;
            r->g[i] = host_values(g[i], dev);
        }
        if (c->second_order) run_second_order(c, base, g, dev, r);
        for (int i = 0; i < c->n; i++) tn_release(g[i]);
        tn_release(loss);
        tn_release(yw);
        tn_release(w);
    }
    tn_release(y);
    for (int i = 0; i < c->n; i++) { tn_release(x[i]); tn_release(base[i]); }
}

static void free_result(Result *r) {
    free(r->y);
    for (int i = 0; i < r->n_grads; i++) free(r->g[i]);
    for (int i = 0; i < r->n_grads2; i++) free(r->g2[i]);
}

static void assert_all_close(const char *what, const char *name, Layout layout, DType dt,
                             const double *got, const double *want, int64_t n) {
    double tol = dt == DT_F32 ? 2e-4 : 1e-9;
    for (int64_t i = 0; i < n; i++) {
        double a = got[i], b = want[i];
        bool same = (isnan(a) && isnan(b)) || (isinf(b) && a == b) ||
                    fabs(a - b) <= tol * (1 + fabs(b));
        /* Check writes every assertion to its message file, so only a
         * failing element is asserted (a large case has 10^6 elements) */
        if (!same) ck_assert_msg(same, "%s %s (%s, %s) element %lld: %s %.10g, cpu %.10g", name, what,
                      layout_name[layout], tn_dtype_name(dt), (long long)i, tn_device_name(TEST_DEV), a, b);
    }
}

static void compare_case(const Case *c, Layout layout, DType dt) {
    Result cpu, dev;
    run_case(c, layout, dt, DEV_CPU, &cpu);
    run_case(c, layout, dt, TEST_DEV, &dev);
    ck_assert_msg(cpu.ndim == dev.ndim && !memcmp(cpu.shape, dev.shape, sizeof cpu.shape),
                  "%s: shapes differ between devices", c->name);
    ck_assert_int_eq(cpu.dtype, dev.dtype);
    assert_all_close("forward", c->name, layout, dt, dev.y, cpu.y, cpu.n);
    for (int i = 0; i < cpu.n_grads; i++) {
        ck_assert_int_eq(cpu.gn[i], dev.gn[i]);
        assert_all_close(i == 0 ? "grad of input 0" : i == 1 ? "grad of input 1" : "grad of input 2",
                         c->name, layout, dt, dev.g[i], cpu.g[i], cpu.gn[i]);
    }
    ck_assert_int_eq(cpu.n_grads2, dev.n_grads2);
    for (int i = 0; i < cpu.n_grads2; i++) {
        ck_assert_int_eq(cpu.g2n[i], dev.g2n[i]);
        assert_all_close(i == 0 ? "second order grad of input 0" : "second order grad of input 1+",
                         c->name, layout, dt, dev.g2[i], cpu.g2[i], cpu.g2n[i]);
    }
    free_result(&cpu);
    free_result(&dev);
}

/* One Check test per case (_i is the case index), every layout and dtype. */
START_TEST(test_op_matches_cpu) {
    const Case *c = &cases[_i];
    for (int dt = 0; dt < 2; dt++)
        for (int l = 0; l < L__COUNT; l++) compare_case(c, (Layout)l, dt == 0 ? DT_F32 : DT_F64);
}
END_TEST

/* ---- device-level behaviour ---- */
START_TEST(test_same_seed_same_numbers) {
    int64_t s[2] = { 17, 33 };
    for (int dt = 0; dt < 2; dt++) {
        DType t = dt ? DT_F64 : DT_F32;
        tn_seed(1234);
        Tensor *a = OK(tn_randn(s, 2, t, DEV_CPU, &err));
        Tensor *u = OK(tn_rand(s, 2, t, DEV_CPU, &err));
        tn_seed(1234);
        Tensor *b = OK(tn_randn(s, 2, t, TEST_DEV, &err));
        Tensor *v = OK(tn_rand(s, 2, t, TEST_DEV, &err));
        ck_assert_int_eq(b->device, TEST_DEV);
        double *av = host_values(a, DEV_CPU), *bv = host_values(b, TEST_DEV);
        double *uv = host_values(u, DEV_CPU), *vv = host_values(v, TEST_DEV);
        for (int i = 0; i < 17 * 33; i++) {
            ck_assert_msg(av[i] == bv[i], "randn element %d: %g vs %g", i, av[i], bv[i]);
            ck_assert_msg(uv[i] == vv[i], "rand element %d: %g vs %g", i, uv[i], vv[i]);
        }
        free(av); free(bv); free(uv); free(vv);
        tn_release(a); tn_release(b); tn_release(u); tn_release(v);
    }
}
END_TEST

START_TEST(test_mixed_devices_is_an_error) {
    if (TEST_DEV == DEV_CPU) return;   /* one device only: nothing to mix */
    int64_t s[1] = { 3 };
    Tensor *a = OK(tn_ones(s, 1, DT_F32, DEV_CPU, &err));
    Tensor *b = OK(tn_ones(s, 1, DT_F32, TEST_DEV, &err));
    Tensor *y = tn_add(a, b, &err);
    ck_assert_ptr_null(y);
    ck_assert_int_eq(err.kind, ERR_DEVICE);
    ck_assert_msg(strstr(err.msg, "cpu") && strstr(err.msg, "cuda"), "message: %s", err.msg);
    mg_error_clear(&err);
    ck_assert_ptr_null(tn_matmul(b, a, &err));
    ck_assert_int_eq(err.kind, ERR_DEVICE);
    tn_release(a);
    tn_release(b);
}
END_TEST

START_TEST(test_mem_goes_up_and_down) {
    size_t before = tn_live_bytes(TEST_DEV);
    int64_t s[2] = { 1000, 250 };
    Tensor *a = OK(tn_zeros(s, 2, DT_F32, TEST_DEV, &err));
    ck_assert_uint_eq(tn_live_bytes(TEST_DEV), before + 1000000);
    Tensor *b = OK(tn_exp(a, &err));   /* a result: 1 MB more, exp(0) = 1 */
    ck_assert_uint_eq(tn_live_bytes(TEST_DEV), before + 2000000);
    ck_assert(tn_get(b, (int64_t[]){ 999, 249 }) == 1.0);
    tn_release(a);
    tn_release(b);
    ck_assert_uint_eq(tn_live_bytes(TEST_DEV), before);
    /* a loop of ops (through the caching allocator): only x stays alive */
    Tensor *x = OK(tn_ones(s, 2, DT_F32, TEST_DEV, &err));
    for (int i = 0; i < 50; i++) {
        Tensor *y = OK(tn_add(x, x, &err));     /* 2 */
        ck_assert_uint_eq(tn_live_bytes(TEST_DEV), before + 2000000);
        Tensor *next = OK(tn_div(y, y, &err));  /* 1 again */
        tn_release(y);
        tn_release(x);
        x = next;
    }
    ck_assert_uint_eq(tn_live_bytes(TEST_DEV), before + 1000000);
    ck_assert(tn_item(x) == 1.0);
    tn_release(x);
    ck_assert_uint_eq(tn_live_bytes(TEST_DEV), before);
}
END_TEST

START_TEST(test_out_of_memory_is_an_error) {
    if (TEST_DEV == DEV_CPU) return;   /* the CPU refuses this before allocating */
    int64_t s[2] = { 1 << 20, 1 << 20 };   /* 4.4 TB of f32 */
    size_t before = tn_live_bytes(TEST_DEV);
    Tensor *t = tn_zeros(s, 2, DT_F32, TEST_DEV, &err);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(err.kind, ERR_MEMORY);
    ck_assert_msg(strstr(err.msg, "cannot allocate") != NULL, "message: %s", err.msg);
    ck_assert_uint_eq(tn_live_bytes(TEST_DEV), before);
    mg_error_clear(&err);
    int64_t small[1] = { 10 };
    Tensor *u = OK(tn_ones(small, 1, DT_F32, TEST_DEV, &err));   /* the device still works */
    ck_assert(tn_item(u) == 1.0);
    tn_release(u);
}
END_TEST

START_TEST(test_large_elementwise) {
    /* several blocks per SM, grid-stride loops, a 0-d operand broadcast */
    int64_t s[1] = { 3 << 20 };
    Tensor *a = OK(tn_arange(0, (double)s[0], 1, DT_F64, TEST_DEV, &err));
    Tensor *two = OK(tn_scalar(2, DT_F64, TEST_DEV, &err));
    Tensor *b = OK(tn_mul(a, two, &err));
    Tensor *total = OK(tn_sum(b, TN_ALL_AXES, false, &err));
    double n = (double)s[0];
    ck_assert(tn_item(total) == n * (n - 1));
    ck_assert(tn_get(b, (int64_t[]){ s[0] - 1 }) == 2 * (n - 1));
    tn_release(a); tn_release(two); tn_release(b); tn_release(total);
}
END_TEST

/* A nan in a row makes that row nan (the max is nan) and leaves the
 * others alone, on every kernel path: rows of 7 (a thread each), 40 (a
 * warp each) and 2000 (a block each), for softmax and log_softmax. */
START_TEST(test_softmax_nan_row) {
    int64_t lens[3] = { 7, 40, 2000 };
    for (int li = 0; li < 3; li++) {
        int64_t L = lens[li], s[2] = { 3, L }, n = 3 * L;
        double *v = malloc((size_t)n * sizeof(double));
        for (int64_t i = 0; i < n; i++) v[i] = sin(0.37 * (double)i);
        v[L + L / 2] = NAN;   /* row 1 */
        Tensor *h = OK(tn_from_doubles(v, s, 2, DT_F32, DEV_CPU, &err));
        Tensor *x = OK(tn_to_device(h, TEST_DEV, &err));
        for (int lg = 0; lg < 2; lg++) {
            Tensor *y = OK(lg ? tn_log_softmax(x, -1, &err) : tn_softmax(x, -1, &err));
            double *yv = host_values(y, TEST_DEV);
            for (int64_t r = 0; r < 3; r++) {
                double total = 0;
                for (int64_t k = 0; k < L; k++) {
                    double e = yv[r * L + k];
                    ck_assert_msg(r == 1 ? isnan(e) : !isnan(e), "L %lld row %lld element %lld: %g",
                                  (long long)L, (long long)r, (long long)k, e);
                    total += lg ? exp(e) : e;
                }
                if (r != 1) ck_assert_msg(fabs(total - 1) < 1e-4, "L %lld row %lld sums to %g",
                                          (long long)L, (long long)r, total);
            }
            free(yv);
            tn_release(y);
        }
        free(v);
        tn_release(x);
        tn_release(h);
    }
}
END_TEST

/* argmax/argmin over everything of a large vector, where the work is
 * split over many blocks and their partial results combined: ties must
 * go to the FIRST index and a nan is the extreme (the first nan), as on
 * the CPU, whatever block each candidate lands in. */
START_TEST(test_index_reduce_split_ties) {
    int64_t n = 300001, s[1] = { n };
    double *v = malloc((size_t)n * sizeof(double));
    for (int64_t i = 0; i < n; i++) v[i] = (double)(i % 1000) / 1000;   /* in [0, 1) */
    v[250000] = 5; v[70001] = 5; v[299999] = 5;     /* maxima: first at 70001 */
    v[180000] = -5; v[9] = -5;                      /* minima: first at 9 */
    for (int dt = 0; dt < 2; dt++) {
        Tensor *h = OK(tn_from_doubles(v, s, 1, dt ? DT_F64 : DT_F32, DEV_CPU, &err));
        Tensor *x = OK(tn_to_device(h, TEST_DEV, &err));
        Tensor *amax = OK(tn_argmax(x, TN_ALL_AXES, &err)), *amin = OK(tn_argmin(x, TN_ALL_AXES, &err));
        ck_assert_msg(tn_item(amax) == 70001, "argmax %g", tn_item(amax));
        ck_assert_msg(tn_item(amin) == 9, "argmin %g", tn_item(amin));
        tn_release(amax); tn_release(amin); tn_release(x); tn_release(h);
    }
    v[200000] = NAN; v[123456] = NAN;                /* two nans: the first wins both */
    for (int dt = 0; dt < 2; dt++) {
        Tensor *h = OK(tn_from_doubles(v, s, 1, dt ? DT_F64 : DT_F32, DEV_CPU, &err));
        Tensor *x = OK(tn_to_device(h, TEST_DEV, &err));
        Tensor *amax = OK(tn_argmax(x, TN_ALL_AXES, &err)), *amin = OK(tn_argmin(x, TN_ALL_AXES, &err));
        ck_assert_msg(tn_item(amax) == 123456, "argmax with nans %g", tn_item(amax));
        ck_assert_msg(tn_item(amin) == 123456, "argmin with nans %g", tn_item(amin));
        tn_release(amax); tn_release(amin); tn_release(x); tn_release(h);
    }
    free(v);
}
END_TEST

/* The host buffer of an upload is free to reuse as soon as the upload
 * returns (cuda_memory.cu's cu_upload; create.c frees it at once): 16 MB
 * uploaded, the host copy overwritten at once, the device copy unchanged. */
START_TEST(test_upload_then_overwrite) {
    int64_t n = 4 << 20;
    Tensor *h = OK(tn_arange(0, (double)n, 1, DT_F32, DEV_CPU, &err));
    Tensor *x = OK(tn_to_device(h, TEST_DEV, &err));
    float *hp = (float *)h->storage->data + h->offset;
    for (int64_t i = 0; i < n; i++) hp[i] = -1;
    Tensor *total = OK(tn_sum(x, TN_ALL_AXES, false, &err));
    ck_assert_msg(tn_item(total) == (double)n * (double)(n - 1) / 2, "sum %.17g", tn_item(total));
    ck_assert(tn_get(x, (int64_t[]){ n - 1 }) == (double)(n - 1));
    tn_release(total); tn_release(x); tn_release(h);
}
END_TEST

/* cuBLAS takes sizes as int: a product with k = 2^31 (two broadcast
 * views, no memory behind them) is a user error on cuda, not an abort in
 * the kernel (it was: the scratch copy of a broadcast operand, then the
 * int check). */
START_TEST(test_matmul_dims_past_int) {
    if (TEST_DEV == DEV_CPU) return;   /* a cuBLAS limit */
    int64_t one[2] = { 1, 1 }, wide[2] = { 1, (int64_t)1 << 31 }, tall[2] = { (int64_t)1 << 31, 1 };
    Tensor *u = OK(tn_ones(one, 2, DT_F32, TEST_DEV, &err));
    Tensor *a = OK(tn_expand(u, wide, 2, &err)), *b = OK(tn_expand(u, tall, 2, &err));
    ck_assert_ptr_null(tn_matmul(a, b, &err));
    ck_assert_int_eq(err.kind, ERR_VALUE);
    ck_assert_msg(strstr(err.msg, "at most 2147483647") != NULL, "message: %s", err.msg);
    tn_release(a); tn_release(b); tn_release(u);
}
END_TEST

/* ---- without a device ---- */
START_TEST(test_no_device_is_refused) {
    int64_t s[1] = { 3 };
    ck_assert_ptr_null(tn_zeros(s, 1, DT_F32, DEV_CUDA, &err));
    ck_assert_int_eq(err.kind, ERR_DEVICE);
    ck_assert_str_eq(err.msg, "cuda: no CUDA device is available");
    mg_error_clear(&err);
    ck_assert(!tn_set_default_device(DEV_CUDA, &err));
    ck_assert_str_eq(err.msg, "cuda: no CUDA device is available");
}
END_TEST

static Suite *cuda_suite(void) {
    Suite *s = suite_create("cuda");
    TCase *ops = tcase_create("ops");
    tcase_add_checked_fixture(ops, setup, NULL);
    tcase_set_timeout(ops, 300);
    tcase_add_loop_test(ops, test_op_matches_cpu, 0, N_CASES);
    suite_add_tcase(s, ops);
    TCase *dev = tcase_create("device");
    tcase_add_checked_fixture(dev, setup, NULL);
    tcase_set_timeout(dev, 120);
    tcase_add_test(dev, test_same_seed_same_numbers);
    tcase_add_test(dev, test_mixed_devices_is_an_error);
    tcase_add_test(dev, test_mem_goes_up_and_down);
    tcase_add_test(dev, test_out_of_memory_is_an_error);
    tcase_add_test(dev, test_large_elementwise);
    tcase_add_test(dev, test_softmax_nan_row);
    tcase_add_test(dev, test_index_reduce_split_ties);
    tcase_add_test(dev, test_upload_then_overwrite);
    tcase_add_test(dev, test_matmul_dims_past_int);
    suite_add_tcase(s, dev);
    return s;
}

static Suite *skip_suite(void) {
    Suite *s = suite_create("cuda (no device)");
    TCase *tc = tcase_create("no device");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_no_device_is_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    bool have = TEST_DEV == DEV_CPU || tn_cuda_available();
    if (!have) printf("test_cuda: no CUDA device; skipping\n");
    SRunner *sr = srunner_create(have ? cuda_suite() : skip_suite());
    srunner_set_fork_status(sr, CK_NOFORK);
    if (have) {
        srunner_run_all(sr, CK_NORMAL);
    } else {   /* skipping: the line above, then only Check's summary */
        srunner_run_all(sr, CK_SILENT);
        srunner_print(sr, CK_MINIMAL);
    }
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
