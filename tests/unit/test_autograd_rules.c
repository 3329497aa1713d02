/* test_autograd_rules.c - every gradient rule of ops.def against finite
 * differences (ag_gradcheck, in f64), first and second order, plus the
 * behaviour of gradcheck and numgrad themselves (failure report, verbose
 * report, inputs left untouched). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tensor/tensor.h"
#include "tensor/ops.h"
#include "autograd/autograd.h"
#include "util/alloc.h"
#include "tensor_check.h"

/* Deterministic, irregular values in [lo, hi): no ties, no zeros by accident. */
static Tensor *input(int ndim, const int64_t *shape, double lo, double hi, int salt, bool grad) {
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) n *= shape[d];
    double *v = mg_malloc((size_t)(n + 1) * sizeof *v);
    for (int64_t i = 0; i < n; i++) {
        double f = fmod((i + 1) * 0.6180339887498949 + salt * 0.1414213562373095, 1.0);
        v[i] = lo + (hi - lo) * f;
    }
    Tensor *t = ok(tn_from_doubles(v, shape, ndim, DT_F64, DEV_CPU, &err));
    mg_free(v);
    t->requires_grad = grad;
    return t;
}
#define SHP(...) (const int64_t[]){__VA_ARGS__}
#define ND(...) (int)(sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t))
#define IN(lo, hi, salt, ...) input(ND(__VA_ARGS__), SHP(__VA_ARGS__), lo, hi, salt, true)
#define CONST_IN(lo, hi, salt, ...) input(ND(__VA_ARGS__), SHP(__VA_ARGS__), lo, hi, salt, false)

static Tensor *vals(DType dt, const double *v, int ndim, const int64_t *shape) {
    return ok(tn_from_doubles(v, shape, ndim, dt, DEV_CPU, &err));
}

/* ---- the functions under test ------------------------------------------------
 * Each takes the inputs and returns f(inputs). ctx carries what a function
 * needs beyond its inputs (an index tensor, a slice's params). */

typedef struct Ctx { Tensor *idx; const OpParams *params; Tensor *cond; } Ctx;
typedef Tensor *(*Fn)(Ctx *c, Tensor **x, MgError *e);

#define UNARY(name, call) static Tensor *name(Ctx *c, Tensor **x, MgError *e) { (void)c; return call(x[0], e); }
UNARY(f_neg, tn_neg) UNARY(f_exp, tn_exp) UNARY(f_log, tn_log) UNARY(f_sqrt, tn_sqrt)
UNARY(f_abs, tn_abs) UNARY(f_sin, tn_sin) UNARY(f_cos, tn_cos) UNARY(f_tanh, tn_tanh)
UNARY(f_sigmoid, tn_sigmoid) UNARY(f_relu, tn_relu) UNARY(f_erf, tn_erf)
UNARY(f_softplus, tn_softplus) UNARY(f_contiguous_of_t, tn_contiguous)
#define BINARY(name, call) static Tensor *name(Ctx *c, Tensor **x, MgError *e) { (void)c; return call(x[0], x[1], e); }
BINARY(f_add, tn_add) BINARY(f_sub, tn_sub) BINARY(f_mul, tn_mul) BINARY(f_div, tn_div)
BINARY(f_pow, tn_pow) BINARY(f_maximum, tn_maximum) BINARY(f_minimum, tn_minimum)
BINARY(f_matmul, tn_matmul)

static Tensor *f_where(Ctx *c, Tensor **x, MgError *e) { return tn_where(c->cond, x[0], x[1], e); }
static Tensor *f_sum_all(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_sum(x[0], TN_ALL_AXES, false, e); }
static Tensor *f_sum_1_keep(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_sum(x[0], 1, true, e); }
static Tensor *f_sum_0(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_sum(x[0], 0, false, e); }
static Tensor *f_sum_neg1(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_sum(x[0], -1, false, e); }
static Tensor *f_max_1(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_max(x[0], 1, false, e); }
static Tensor *f_max_0_keep(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_max(x[0], 0, true, e); }
static Tensor *f_max_all(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_max(x[0], TN_ALL_AXES, false, e); }
static Tensor *f_min_1(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_min(x[0], 1, false, e); }
static Tensor *f_take_along(Ctx *c, Tensor **x, MgError *e) { return tn_take_along(x[0], c->idx, 1, e); }
static Tensor *f_scatter_along(Ctx *c, Tensor **x, MgError *e) {
    return tn_scatter_along(x[0], c->idx, 1, SHP(2, 4), 2, e);
}
static Tensor *f_reshape(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_reshape(x[0], SHP(3, 2), 2, e); }
static Tensor *f_permute(Ctx *c, Tensor **x, MgError *e) {
    (void)c;
    return tn_permute(x[0], (const int[]){2, 0, 1}, 3, e);
}
static Tensor *f_expand(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_expand(x[0], SHP(2, 3, 4), 3, e); }
static Tensor *f_slice(Ctx *c, Tensor **x, MgError *e) {     /* x[1:4:2, 1] */
    (void)c;
    TnIndex idx[2] = {{.is_slice = true, .has_start = true, .has_stop = true, .start = 1, .stop = 4, .step = 2},
                      {.index = 1}};
    return tn_index(x[0], idx, 2, e);
}
static Tensor *f_slice_scatter(Ctx *c, Tensor **x, MgError *e) { return tn_slice_scatter(x[0], c->params, e); }
static Tensor *f_transpose_contig(Ctx *c, Tensor **x, MgError *e) {
    (void)c;
    Tensor *t = tn_transpose(x[0], 0, 1, e);
    Tensor *r = t ? tn_contiguous(t, e) : NULL;
    tn_release(t);
    return r;
}
static Tensor *f_cat(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_cat(x, 3, 1, e); }
/* composites, built on the primitives */
static Tensor *f_softmax(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_softmax(x[0], -1, e); }
static Tensor *f_logsumexp(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_logsumexp(x[0], 1, false, e); }
static Tensor *f_layer_norm(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_layer_norm(x[0], 1e-5, e); }
static Tensor *f_mse(Ctx *c, Tensor **x, MgError *e) { (void)c; return tn_mse_loss(x[0], x[1], e); }

typedef struct Case {
    const char *name;
    Fn fn;
    int n;
    Tensor *(*make)(int i);       /* input i */
} Case;

/* AgFunc adapter: ctx is a Call. */
typedef struct Call { Fn fn; Ctx *ctx; } Call;
static Tensor *call_fn(void *ctx, Tensor **inputs, int n, MgError *e) {
    (void)n;
    Call *c = ctx;
    return c->fn(c->ctx, inputs, e);
}

/* Checks fn at inputs with gradcheck; prints the report on failure. */
static void check(const char *name, Fn fn, Ctx *ctx, Tensor **x, int n) {
    Call call = {fn, ctx};
    char *report = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&report, &len);
    AgCheckOpts o = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .out = out};
    bool passed = false;
    bool ran = ag_gradcheck(call_fn, &call, x, n, &o, &passed, &err);
    fclose(out);
    ck_assert_msg(ran, "%s: gradcheck failed to run: %s", name, err.msg);
    ck_assert_msg(passed, "%s: %s", name, report);
    free(report);
}

/* Second order: gradcheck of x -> grads(sum(fn(x) * w), x, create_graph). */
typedef struct Second { Fn fn; Ctx *ctx; Tensor *w; int n; } Second;
static Tensor *first_grad(void *ctx, Tensor **x, int n, MgError *e) {
    Second *s = ctx;
    Tensor *y = s->fn(s->ctx, x, e);
    if (!y) return NULL;
    Tensor *yw = tn_mul(y, s->w, e);
    Tensor *l = yw ? tn_sum(yw, TN_ALL_AXES, false, e) : NULL;
    Tensor *g[3] = {0};
    AgBackwardOpts cg = {.create_graph = true};
    bool okg = l && ag_grads(l, NULL, x, n, &cg, g, e);
    Tensor *r = NULL;
    if (okg && n == 1) { r = g[0]; g[0] = NULL; }
    else if (okg) {                        /* several inputs: one flat vector of all grads */
        Tensor *flat[3];
        for (int i = 0; i < n; i++) flat[i] = tn_reshape(g[i], SHP(-1), 1, e);
        r = tn_cat(flat, n, 0, e);
        for (int i = 0; i < n; i++) tn_release(flat[i]);
    }
    for (int i = 0; i < 3; i++) tn_release(g[i]);
    tn_release(l); tn_release(yw); tn_release(y);
    return r;
}

static void check2(const char *name, Fn fn, Ctx *ctx, Tensor **x, int n) {
    Tensor *probe = ok(fn(ctx, x, &err));
    Tensor *w = input(probe->ndim, probe->shape, 0.5, 1.5, 7, false);  /* not all ones */
    Second s = {fn, ctx, w, n};
    char *report = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&report, &len);
    AgCheckOpts o = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .out = out};
    bool passed = false;
    bool ran = ag_gradcheck(first_grad, &s, x, n, &o, &passed, &err);
    fclose(out);
    ck_assert_msg(ran, "%s (2nd order): gradcheck failed to run: %s", name, err.msg);
    ck_assert_msg(passed, "%s (2nd order): %s", name, report);
    free(report);
    tn_release(w); tn_release(probe);
}

static void release_n(Tensor **x, int n) { for (int i = 0; i < n; i++) tn_release(x[i]); }

static void setup(void) {
    tn_rt.grad_enabled = true;
    tn_rt.anomaly = false;
    mg_error_clear(&err);
}

/* ---- unary ------------------------------------------------------------------- */

static const struct { const char *name; Fn fn; double lo, hi; } unary_cases[] = {
    {"neg", f_neg, -2, 2},        {"exp", f_exp, -2, 2},       {"log", f_log, 0.5, 3},
    {"sqrt", f_sqrt, 0.5, 3},     {"abs", f_abs, -2, 2},       {"sin", f_sin, -3, 3},
    {"cos", f_cos, -3, 3},        {"tanh", f_tanh, -2, 2},     {"sigmoid", f_sigmoid, -3, 3},
    {"relu", f_relu, -2, 2},      {"erf", f_erf, -2, 2},       {"softplus", f_softplus, -3, 3},
};

START_TEST(unary_rules) {
    for (size_t k = 0; k < sizeof unary_cases / sizeof *unary_cases; k++) {
        Tensor *x = IN(unary_cases[k].lo, unary_cases[k].hi, (int)k, 2, 3);
        check(unary_cases[k].name, unary_cases[k].fn, NULL, &x, 1);
        check2(unary_cases[k].name, unary_cases[k].fn, NULL, &x, 1);
        tn_release(x);
    }
}
END_TEST

START_TEST(nonsmooth_points) {            /* SPEC §6.7: relu'(0) = 0, abs'(0) = 0 */
    Tensor *x = vals(DT_F64, (const double[]){0, -1, 2}, 1, SHP(3));
    x->requires_grad = true;
    Tensor *r = ok(tn_relu(x, &err)), *a = ok(tn_abs(x, &err));
    Tensor *g[1];
    Tensor *ones = ok(tn_ones_like(x, &err));
    ck_assert(ag_grads(r, ones, &x, 1, NULL, g, &err));
    double v[3];
    tn_to_doubles(g[0], v);
    ck_assert(v[0] == 0 && v[1] == 0 && v[2] == 1);
    tn_release(g[0]);
    ck_assert(ag_grads(a, ones, &x, 1, NULL, g, &err));
    tn_to_doubles(g[0], v);
    ck_assert(v[0] == 0 && v[1] == -1 && v[2] == 1);
    tn_release(g[0]);
    tn_release(ones); tn_release(a); tn_release(r); tn_release(x);
}
END_TEST

/* ---- binary, with broadcasting ------------------------------------------------- */

START_TEST(binary_rules) {
    static const struct { const char *name; Fn fn; double blo, bhi; } cases[] = {
        {"add", f_add, -2, 2}, {"sub", f_sub, -2, 2}, {"mul", f_mul, -2, 2},
        {"div", f_div, 0.5, 2}, {"maximum", f_maximum, -2, 2}, {"minimum", f_minimum, -2, 2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        Tensor *x[2] = {IN(-2, 2, 1, 2, 3), input(1, SHP(3), cases[k].blo, cases[k].bhi, 2, true)};
        check(cases[k].name, cases[k].fn, NULL, x, 2);
        if (cases[k].fn != f_maximum && cases[k].fn != f_minimum) check2(cases[k].name, cases[k].fn, NULL, x, 2);
        release_n(x, 2);
        Tensor *y[2] = {IN(-2, 2, 3, 2, 1), input(2, SHP(1, 4), cases[k].blo, cases[k].bhi, 4, true)};
        check(cases[k].name, cases[k].fn, NULL, y, 2);    /* both sides broadcast */
        release_n(y, 2);
    }
}
END_TEST

START_TEST(pow_rule) {
    Tensor *x[2] = {IN(0.5, 2, 1, 2, 3), IN(-1, 2, 2, 2, 3)};
    check("pow", f_pow, NULL, x, 2);
    check2("pow", f_pow, NULL, x, 2);
    release_n(x, 2);
    Tensor *y[2] = {IN(-2, 2, 3, 4), vals(DT_F64, (const double[]){3}, 0, NULL)};   /* x ** 3 */
    check("pow (integer exponent, negative base)", f_pow, NULL, y, 2);
    check2("pow (integer exponent, negative base)", f_pow, NULL, y, 2);
    release_n(y, 2);
}
END_TEST

START_TEST(pow_edge_cases) {              /* as PyTorch at a = 0 and b = 0 */
    Tensor *a = vals(DT_F64, (const double[]){0, 0, 2}, 1, SHP(3));
    Tensor *b = vals(DT_F64, (const double[]){0, 2, 0}, 1, SHP(3));
    a->requires_grad = b->requires_grad = true;
    Tensor *p = ok(tn_pow(a, b, &err));
    Tensor *ones = ok(tn_ones_like(p, &err));
    Tensor *xs[2] = {a, b}, *g[2];
    ck_assert(ag_grads(p, ones, xs, 2, NULL, g, &err));
    double ga[3], gb[3];
    tn_to_doubles(g[0], ga);
    tn_to_doubles(g[1], gb);
    ck_assert(ga[0] == 0 && ga[1] == 0 && ga[2] == 0);     /* b = 0 -> 0; 2 * 0^1 = 0 */
    ck_assert(gb[0] == 0 && gb[1] == 0);                   /* a = 0, b >= 0 -> 0 */
    ck_assert(fabs(gb[2] - log(2)) < 1e-12);
    release_n(g, 2);
    tn_release(ones); tn_release(p); tn_release(a); tn_release(b);
}
END_TEST

START_TEST(where_rule) {
    Ctx c = {.cond = vals(DT_F64, (const double[]){1, 0, 1, 0, 0, 1}, 2, SHP(2, 3))};
    Tensor *x[2] = {IN(-2, 2, 1, 2, 3), IN(-2, 2, 2, 3)};
    check("where", f_where, &c, x, 2);
    check2("where", f_where, &c, x, 2);
    release_n(x, 2);
    tn_release(c.cond);
}
END_TEST

/* ---- reductions ---------------------------------------------------------------- */

START_TEST(reduction_rules) {
    static const struct { const char *name; Fn fn; } cases[] = {
        {"sum all", f_sum_all}, {"sum axis 1 keepdim", f_sum_1_keep}, {"sum axis 0", f_sum_0},
        {"sum axis -1", f_sum_neg1}, {"max axis 1", f_max_1}, {"max axis 0 keepdim", f_max_0_keep},
        {"max all", f_max_all}, {"min axis 1", f_min_1}, {"logsumexp", f_logsumexp},
        {"softmax", f_softmax}, {"layer_norm", f_layer_norm},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        Tensor *x = IN(-2, 2, (int)k, 3, 4);
        check(cases[k].name, cases[k].fn, NULL, &x, 1);
        check2(cases[k].name, cases[k].fn, NULL, &x, 1);
        tn_release(x);
    }
}
END_TEST

START_TEST(max_goes_to_first_extreme) {
    Tensor *x = vals(DT_F64, (const double[]){1, 3, 3, 2}, 2, SHP(2, 2));
    x->requires_grad = true;
    Tensor *m = ok(tn_max(x, TN_ALL_AXES, false, &err));
    Tensor *g;
    ck_assert(ag_grads(m, NULL, &x, 1, NULL, &g, &err));
    double v[4];
    tn_to_doubles(g, v);
    ck_assert(v[0] == 0 && v[1] == 1 && v[2] == 0 && v[3] == 0);
    tn_release(g); tn_release(m); tn_release(x);
}
END_TEST

START_TEST(mse_rule) {
    Tensor *x[2] = {IN(-2, 2, 1, 2, 3), IN(-2, 2, 2, 2, 3)};
    check("mse_loss", f_mse, NULL, x, 2);
    check2("mse_loss", f_mse, NULL, x, 2);
    release_n(x, 2);
}
END_TEST

/* ---- gather / scatter --------------------------------------------------------- */

START_TEST(gather_rules) {
    Ctx c = {.idx = vals(DT_F64, (const double[]){3, 0, 3, 1, 1, 2}, 2, SHP(2, 3))};
    Tensor *a = IN(-2, 2, 1, 2, 4);
    check("take_along", f_take_along, &c, &a, 1);
    check2("take_along", f_take_along, &c, &a, 1);
    tn_release(a);
    Tensor *src = IN(-2, 2, 2, 2, 3);     /* repeated indices add up */
    check("scatter_along", f_scatter_along, &c, &src, 1);
    check2("scatter_along", f_scatter_along, &c, &src, 1);
    tn_release(src);
    tn_release(c.idx);
}
END_TEST

/* ---- matmul: every form -------------------------------------------------------- */

START_TEST(matmul_rules) {
    static const struct { const char *name; int na; int64_t sa[3]; int nb; int64_t sb[3]; } cases[] = {
        {"2-D", 2, {2, 3}, 2, {3, 4}},
        {"batched", 3, {2, 2, 3}, 3, {2, 3, 4}},
        {"batched @ 2-D (broadcast)", 3, {2, 2, 3}, 2, {3, 4}},
        {"2-D @ batched (broadcast)", 2, {2, 3}, 3, {2, 3, 4}},
        {"batch dims 1 vs 2", 3, {1, 2, 3}, 3, {2, 3, 2}},
        {"1-D @ 2-D", 1, {3}, 2, {3, 4}},
        {"2-D @ 1-D", 2, {2, 3}, 1, {3}},
        {"1-D @ 1-D", 1, {3}, 1, {3}},
        {"1-D @ batched", 1, {3}, 3, {2, 3, 2}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        Tensor *x[2] = {input(cases[k].na, cases[k].sa, -1, 1, 1, true),
                        input(cases[k].nb, cases[k].sb, -1, 1, 2, true)};
        check(cases[k].name, f_matmul, NULL, x, 2);
        check2(cases[k].name, f_matmul, NULL, x, 2);
        release_n(x, 2);
    }
}
END_TEST

/* ---- views and copies ------------------------------------------------------------ */

START_TEST(view_rules) {
    Tensor *a = IN(-2, 2, 1, 2, 3);
    check("reshape", f_reshape, NULL, &a, 1);
    check("transpose + contiguous", f_transpose_contig, NULL, &a, 1);
    check("contiguous", f_contiguous_of_t, NULL, &a, 1);
    tn_release(a);
    Tensor *p = IN(-2, 2, 2, 2, 3, 4);
    check("permute", f_permute, NULL, &p, 1);
    check2("permute", f_permute, NULL, &p, 1);
    tn_release(p);
    Tensor *e = IN(-2, 2, 3, 3, 1);
    check("expand", f_expand, NULL, &e, 1);
    tn_release(e);
    Tensor *s = IN(-2, 2, 4, 5, 3);
    check("index (slice)", f_slice, NULL, &s, 1);
    check2("index (slice)", f_slice, NULL, &s, 1);
    tn_release(s);
}
END_TEST

START_TEST(slice_scatter_rule) {
    Tensor *base = IN(-2, 2, 1, 5, 3);
    Tensor *v = ok(f_slice(NULL, &base, &err));
    ck_assert(v->grad_fn && v->grad_fn->op == OP_SLICE);
    Ctx c = {.params = v->grad_fn->params};
    Tensor *g = IN(-2, 2, 2, 2);          /* the slice's shape */
    check("index_backward (slice_scatter)", f_slice_scatter, &c, &g, 1);
    check2("index_backward (slice_scatter)", f_slice_scatter, &c, &g, 1);
    tn_release(g); tn_release(v); tn_release(base);
}
END_TEST

START_TEST(cat_rule) {
    Tensor *x[3] = {IN(-2, 2, 1, 2, 1), IN(-2, 2, 2, 2, 3), IN(-2, 2, 3, 2, 2)};
    check("cat", f_cat, NULL, x, 3);
    check2("cat", f_cat, NULL, x, 3);
    release_n(x, 3);
}
END_TEST

START_TEST(dtype_move_grad) {             /* f32 leaf -> f64 -> sum: x.grad is f32 */
    Tensor *x = vals(DT_F32, (const double[]){1, 2}, 1, SHP(2));
    x->requires_grad = true;
    Tensor *w = ok(tn_to_dtype(x, DT_F64, &err));
    ck_assert(w->grad_fn && w->grad_fn->op == OP_TO_DTYPE);
    Tensor *y = ok(tn_sum(w, TN_ALL_AXES, false, &err));
    ck_assert(ag_backward(y, NULL, NULL, &err));
    ck_assert(x->grad->dtype == DT_F32);
    double v[2];
    tn_to_doubles(x->grad, v);
    ck_assert(v[0] == 1 && v[1] == 1);
    tn_release(y); tn_release(w); tn_release(x);
}
END_TEST

/* ---- gradcheck and numgrad themselves --------------------------------------------- */

START_TEST(gradcheck_failure_report) {    /* relu at 0: analytical 0, numerical 0.5 */
    Tensor *x = vals(DT_F32, (const double[]){1, 0}, 1, SHP(2));
    x->requires_grad = true;
    Call call = {f_relu, NULL};
    char *report = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&report, &len);
    AgCheckOpts o = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .out = out};
    bool passed = true;
    ck_assert(ag_gradcheck(call_fn, &call, &x, 1, &o, &passed, &err));
    fclose(out);
    ck_assert(!passed);
    ck_assert_str_eq(report, "gradcheck: input 1, output element 1, input element [1]: "
                             "analytical 0, numerical 0.5\n");
    free(report);
    ck_assert_ptr_null(x->grad);          /* inputs untouched */
    ck_assert(x->dtype == DT_F32 && x->requires_grad && !x->grad_fn);
    double v[2];
    tn_to_doubles(x, v);
    ck_assert(v[0] == 1 && v[1] == 0);
    tn_release(x);
}
END_TEST

START_TEST(gradcheck_verbose_and_constants) {
    Tensor *x[2] = {IN(-1, 1, 1, 2, 2), CONST_IN(-1, 1, 2, 2, 2)};
    Tensor *old_grad = ok(tn_zeros_like(x[0], &err));
    x[0]->grad = old_grad;
    Call call = {f_mul, NULL};
    char *report = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&report, &len);
    AgCheckOpts o = {.eps = 1e-6, .atol = 1e-5, .rtol = 1e-3, .verbose = true, .out = out};
    bool passed = false;
    ck_assert(ag_gradcheck(call_fn, &call, x, 2, &o, &passed, &err));
    fclose(out);
    ck_assert(passed);
    ck_assert_msg(strncmp(report, "gradcheck: input 1: max abs error ", 34) == 0, "%s", report);
    ck_assert_msg(strstr(report, "input 2") == NULL, "constant inputs are not checked: %s", report);
    ck_assert_ptr_eq(x[0]->grad, old_grad);
    free(report);
    release_n(x, 2);
}
END_TEST

static Tensor *sum_sq(void *ctx, Tensor **x, int n, MgError *e) {
    (void)ctx; (void)n;
    Tensor *sq = tn_mul(x[0], x[0], e);
    Tensor *s = sq ? tn_sum(sq, TN_ALL_AXES, false, e) : NULL;
    tn_release(sq);
    return s;
}

START_TEST(numgrad_values) {
    Tensor *x = vals(DT_F32, (const double[]){1, -2, 3}, 1, SHP(3));
    Tensor *g = ok(ag_numgrad(sum_sq, NULL, &x, 1, 0, 1e-6, &err));
    ck_assert(g->dtype == DT_F32);
    double v[3];
    tn_to_doubles(g, v);
    ck_assert(fabs(v[0] - 2) < 1e-5 && fabs(v[1] + 4) < 1e-5 && fabs(v[2] - 6) < 1e-5);
    tn_release(g);
    Call call = {f_neg, NULL};             /* not one element */
    ck_assert_ptr_null(ag_numgrad(call_fn, &call, &x, 1, 0, 1e-6, &err));
    ck_assert_str_eq(err.msg, "numgrad: f must return one element; it returned shape [3]");
    tn_release(x);
}
END_TEST

Suite *rules_suite(void);
Suite *rules_suite(void) {
    Suite *s = suite_create("autograd_rules");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, unary_rules);
    tcase_add_test(tc, nonsmooth_points);
    tcase_add_test(tc, binary_rules);
    tcase_add_test(tc, pow_rule);
    tcase_add_test(tc, pow_edge_cases);
    tcase_add_test(tc, where_rule);
    tcase_add_test(tc, reduction_rules);
    tcase_add_test(tc, max_goes_to_first_extreme);
    tcase_add_test(tc, mse_rule);
    tcase_add_test(tc, gather_rules);
    tcase_add_test(tc, matmul_rules);
    tcase_add_test(tc, view_rules);
    tcase_add_test(tc, slice_scatter_rule);
    tcase_add_test(tc, cat_rule);
    tcase_add_test(tc, dtype_move_grad);
    tcase_add_test(tc, gradcheck_failure_report);
    tcase_add_test(tc, gradcheck_verbose_and_constants);
    tcase_add_test(tc, numgrad_values);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(rules_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
