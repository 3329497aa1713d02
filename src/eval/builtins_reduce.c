/* builtins_reduce.c - reductions (SPEC §7 "reduce"). axis=none reduces
 * every axis; a negative axis counts from the end. */
#include "builtins.h"

typedef Tensor *(*TnReduce)(Tensor *a, int axis, bool keepdim, MgError *err);

static bool reduce(BiArgs *a, TnReduce tn, Value *out, MgError *err) {
    int axis;
    bool keepdim;
    if (!bi_axis(a, 1, &axis, err) || !bi_bool(a, 2, &keepdim, err)) return false;
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = tn(x, axis, keepdim, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

static bool bi_sum(BiArgs *a, Value *out, MgError *err) { return reduce(a, tn_sum, out, err); }
static bool bi_mean(BiArgs *a, Value *out, MgError *err) { return reduce(a, tn_mean, out, err); }
static bool bi_max(BiArgs *a, Value *out, MgError *err) { return reduce(a, tn_max, out, err); }
static bool bi_min(BiArgs *a, Value *out, MgError *err) { return reduce(a, tn_min, out, err); }
static bool bi_logsumexp(BiArgs *a, Value *out, MgError *err) { return reduce(a, tn_logsumexp, out, err); }

static bool bi_var(BiArgs *a, Value *out, MgError *err) {
    int axis;
    bool keepdim, unbiased;
    if (!bi_axis(a, 1, &axis, err) || !bi_bool(a, 2, &keepdim, err) || !bi_bool(a, 3, &unbiased, err)) return false;
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = tn_var(x, axis, keepdim, unbiased, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

static bool arg_reduce(BiArgs *a, BiIntOp tn, Value *out, MgError *err) {
    int axis;
    return bi_axis(a, 1, &axis, err) && bi_apply_int(a, tn, axis, out, err);
}

static bool bi_argmax(BiArgs *a, Value *out, MgError *err) { return arg_reduce(a, tn_argmax, out, err); }
static bool bi_argmin(BiArgs *a, Value *out, MgError *err) { return arg_reduce(a, tn_argmin, out, err); }

static bool bi_any(BiArgs *a, Value *out, MgError *err) { return bi_apply(a, tn_any, out, err); }
static bool bi_all(BiArgs *a, Value *out, MgError *err) { return bi_apply(a, tn_all, out, err); }
static bool bi_norm(BiArgs *a, Value *out, MgError *err) { return bi_apply(a, tn_norm, out, err); }

const Builtin bi_group_reduce[] = {
    {"sum", "sum(x, axis=none, keepdim=false)", "Sum of elements over an axis, or of all elements", bi_sum},
    {"mean", "mean(x, axis=none, keepdim=false)", "Mean of elements over an axis, or of all elements", bi_mean},
    {"max", "max(x, axis=none, keepdim=false)", "Largest element over an axis (gradient to the first maximum)", bi_max},
    {"min", "min(x, axis=none, keepdim=false)", "Smallest element over an axis (gradient to the first minimum)", bi_min},
    {"var", "var(x, axis=none, keepdim=false, unbiased=true)", "Variance over an axis (n - 1 divisor when unbiased)", bi_var},
    {"logsumexp", "logsumexp(x, axis=none, keepdim=false)", "log(sum(exp(x))) computed stably", bi_logsumexp},
    {"argmax", "argmax(x, axis=none)", "Index of the first largest element (no gradient)", bi_argmax},
    {"argmin", "argmin(x, axis=none)", "Index of the first smallest element (no gradient)", bi_argmin},
    {"any", "any(x)", "1 if any element is nonzero, else 0", bi_any},
    {"all", "all(x)", "1 if every element is nonzero, else 0", bi_all},
    {"norm", "norm(x)", "The 2-norm of all elements", bi_norm},
    {NULL, NULL, NULL, NULL},
};
