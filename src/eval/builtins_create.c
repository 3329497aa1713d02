/* builtins_create.c - making tensors (SPEC §7 "create"). */
#include "builtins.h"

#define OPTS_SIG "requires_grad=false, dtype=none, device=none"

static bool finish(Tensor *t, const BiOpts *o, Value *out) {
    if (!t) return false;
    if (o->requires_grad) t->requires_grad = true;
    *out = ev_tensor(t);
    return true;
}

/* tensor(data, opts...): a new leaf holding a copy of data's values. */
static bool bi_tensor_new(BiArgs *a, Value *out, MgError *err) {
    BiOpts o;
    if (!bi_options(a, a->rest, a->n_rest, &o, err)) return false;
    Value data = a->v[0];
    bi_mark(a);
    if (data.type == VAL_TENSOR) {
        Tensor *src = data.as.tensor;
        DType dt = o.has_dtype ? o.dtype : src->dtype;
        Device dev = o.has_device ? o.device : src->device;
        Tensor *moved = tn_to_device(src, dev, err);
        if (!moved) return false;
        Tensor *typed = tn_to_dtype(moved, dt, err);
        tn_release(moved);
        if (!typed) return false;
        Tensor *copy = tn_clone_leaf(typed, err);
        tn_release(typed);
        return finish(copy, &o, out);
    }
    return finish(bi_tensor_from_value("tensor", data, o.dtype, o.device, err), &o, out);
}

typedef Tensor *(*ShapeCtor)(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err);

static bool make_shaped(BiArgs *a, ShapeCtor ctor, Value *out, MgError *err) {
    int64_t shape[TN_MAX_DIMS];
    int ndim;
    BiOpts o;
    if (!bi_shape(a, "shape", a->rest, a->n_rest, shape, &ndim, &o, false, err)) return false;
    bi_mark(a);
    return finish(ctor(shape, ndim, o.dtype, o.device, err), &o, out);
}

static bool bi_zeros(BiArgs *a, Value *out, MgError *err) { return make_shaped(a, tn_zeros, out, err); }
static bool bi_ones(BiArgs *a, Value *out, MgError *err) { return make_shaped(a, tn_ones, out, err); }
static bool bi_rand(BiArgs *a, Value *out, MgError *err) { return make_shaped(a, tn_rand, out, err); }
static bool bi_randn(BiArgs *a, Value *out, MgError *err) { return make_shaped(a, tn_randn, out, err); }

static bool bi_full(BiArgs *a, Value *out, MgError *err) {
    int64_t shape[TN_MAX_DIMS];
    int ndim;
    BiOpts o;
    double v;
    if (!bi_shape(a, "shape", &a->v[0], 1, shape, &ndim, NULL, false, err)) return false;
    if (!bi_number(a, 1, &v, err)) return false;
    if (!bi_options(a, a->rest, a->n_rest, &o, err)) return false;
    bi_mark(a);
    return finish(tn_full(shape, ndim, v, o.dtype, o.device, err), &o, out);
}

/* arange(stop) / arange(start, stop, step=1), options after the numbers */
static bool bi_arange(BiArgs *a, Value *out, MgError *err) {
    double num[3];
    int n = 0, first_opt = a->n_rest;
    for (int i = 0; i < a->n_rest; i++) {
        if (a->rest[i].type == VAL_OPTION) { first_opt = i; break; }
        if (a->rest[i].type != VAL_NUMBER) return bi_bad_arg(a, i, "number", a->rest[i], err);
        if (n == 3) return mg_error(err, ERR_TYPE, "arange: expected at most 3 numbers, got %d", n + 1);
        num[n++] = a->rest[i].as.num;
    }
    if (n == 0) return mg_error(err, ERR_TYPE, "arange: missing argument 'stop'");
    BiOpts o;
    if (!bi_options(a, a->rest + first_opt, a->n_rest - first_opt, &o, err)) return false;
    double start = n == 1 ? 0 : num[0], stop = n == 1 ? num[0] : num[1], step = n == 3 ? num[2] : 1;
    if (step == 0) return mg_error(err, ERR_VALUE, "arange: step must not be zero");
    bi_mark(a);
    return finish(tn_arange(start, stop, step, o.dtype, o.device, err), &o, out);
}

static bool bi_linspace(BiArgs *a, Value *out, MgError *err) {
    double lo, hi;
    int64_t n;
    BiOpts o;
    if (!bi_number(a, 0, &lo, err) || !bi_number(a, 1, &hi, err) || !bi_whole(a, 2, &n, err)) return false;
    if (n < 0) return mg_error(err, ERR_VALUE, "linspace: argument 'n' must not be negative, got %lld", (long long)n);
    if (!bi_options(a, a->rest, a->n_rest, &o, err)) return false;
    bi_mark(a);
    return finish(tn_linspace(lo, hi, n, o.dtype, o.device, err), &o, out);
}

static bool bi_eye(BiArgs *a, Value *out, MgError *err) {
    int64_t n;
    BiOpts o;
    if (!bi_whole(a, 0, &n, err)) return false;
    if (n < 0) return mg_error(err, ERR_VALUE, "eye: argument 'n' must not be negative, got %lld", (long long)n);
    if (!bi_options(a, a->rest, a->n_rest, &o, err)) return false;
    bi_mark(a);
    return finish(tn_eye(n, o.dtype, o.device, err), &o, out);
}

/* zeros_like(x, opts...): x's shape, dtype and device unless options say otherwise. */
static bool make_like(BiArgs *a, ShapeCtor ctor, Value *out, MgError *err) {
    if (a->v[0].type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor", a->v[0], err);
    Tensor *x = a->v[0].as.tensor;
    BiOpts o;
    if (!bi_options(a, a->rest, a->n_rest, &o, err)) return false;
    bi_mark(a);
    return finish(ctor(x->shape, x->ndim, o.has_dtype ? o.dtype : x->dtype, o.has_device ? o.device : x->device, err),
                  &o, out);
}

static bool bi_zeros_like(BiArgs *a, Value *out, MgError *err) { return make_like(a, tn_zeros, out, err); }
static bool bi_ones_like(BiArgs *a, Value *out, MgError *err) { return make_like(a, tn_ones, out, err); }
static bool bi_randn_like(BiArgs *a, Value *out, MgError *err) { return make_like(a, tn_randn, out, err); }
static bool bi_rand_like(BiArgs *a, Value *out, MgError *err) { return make_like(a, tn_rand, out, err); }

static bool bi_param(BiArgs *a, Value *out, MgError *err) {
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *p = tn_clone_leaf(x, err);
    tn_release(x);
    if (!p) return false;
    p->requires_grad = true;
    *out = ev_tensor(p);
    return true;
}

static bool bi_seed(BiArgs *a, Value *out, MgError *err) {
    int64_t n;
    if (!bi_whole(a, 0, &n, err)) return false;
    tn_seed((uint64_t)n);
    *out = ev_none();
    return true;
}

const Builtin bi_group_create[] = {
    {"tensor", "tensor(data, opts..., " OPTS_SIG ")",
     "A new tensor from a number or a nested list of numbers; opts: grad f32 f64 cpu cuda", bi_tensor_new},
    {"zeros", "zeros(shape..., " OPTS_SIG ")", "A tensor of zeros: zeros(2, 3) or zeros([2, 3])", bi_zeros},
    {"ones", "ones(shape..., " OPTS_SIG ")", "A tensor of ones", bi_ones},
    {"full", "full(shape, value, opts..., " OPTS_SIG ")", "A tensor of the given shape filled with value", bi_full},
    {"rand", "rand(shape..., " OPTS_SIG ")", "Uniform random numbers in [0, 1) (seed with seed(n))", bi_rand},
    {"randn", "randn(shape..., " OPTS_SIG ")", "Standard normal random numbers (seed with seed(n))", bi_randn},
    {"arange", "arange(bounds..., " OPTS_SIG ")",
     "arange(stop) or arange(start, stop, step=1): evenly spaced values in [start, stop)", bi_arange},
    {"linspace", "linspace(a, b, n, opts..., " OPTS_SIG ")", "n evenly spaced values from a to b inclusive", bi_linspace},
    {"eye", "eye(n, opts..., " OPTS_SIG ")", "The n x n identity matrix", bi_eye},
    {"zeros_like", "zeros_like(x, opts..., " OPTS_SIG ")", "Zeros with x's shape, dtype and device", bi_zeros_like},
    {"ones_like", "ones_like(x, opts..., " OPTS_SIG ")", "Ones with x's shape, dtype and device", bi_ones_like},
    {"randn_like", "randn_like(x, opts..., " OPTS_SIG ")", "Normal random numbers with x's shape, dtype and device", bi_randn_like},
    {"rand_like", "rand_like(x, opts..., " OPTS_SIG ")", "Uniform random numbers with x's shape, dtype and device", bi_rand_like},
    {"param", "param(x)", "A new leaf that requires grad, holding a copy of x's values", bi_param},
    {"seed", "seed(n)", "Seed the random number generator (same values on every device)", bi_seed},
    {NULL, NULL, NULL, NULL},
};
