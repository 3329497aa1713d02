/* ops_shape_composite.c - shape ops built from reshape and cat, and the two
 * small products dot and outer built from mul and sum. */
#include "ops_composite.h"
#include "../util/alloc.h"

/* flatten: every element in one dimension (a 0-d tensor gives shape [1]). */
Tensor *tn_flatten(Tensor *a, MgError *err) {
    int64_t n = a->numel;
    return tn_reshape(a, &n, 1, err);
}

/* squeeze(a, axis): drop that axis when its size is 1 (otherwise a is
 * returned as is, as torch does); TN_ALL_AXES drops every size-1 axis. */
Tensor *tn_squeeze(Tensor *a, int axis, MgError *err) {
    int ax = TN_ALL_AXES;
    if (axis != TN_ALL_AXES && !cp_axis("squeeze", axis, a->ndim, 0, &ax, err)) return NULL;
    int64_t shape[TN_MAX_DIMS];
    int nd = 0;
    for (int i = 0; i < a->ndim; i++) {
        bool drop = a->shape[i] == 1 && (ax == TN_ALL_AXES || ax == i);
        if (!drop) shape[nd++] = a->shape[i];
    }
    return tn_reshape(a, shape, nd, err);
}

/* unsqueeze(a, axis): a new size-1 axis at position axis of the result
 * (axis in [-ndim-1, ndim], as torch). */
Tensor *tn_unsqueeze(Tensor *a, int axis, MgError *err) {
    int ax;
    if (!cp_axis("unsqueeze", axis, a->ndim, 1, &ax, err)) return NULL;
    if (a->ndim == TN_MAX_DIMS) {
        mg_error(err, ERR_SHAPE, "unsqueeze: a tensor has at most %d dimensions", TN_MAX_DIMS);
        return NULL;
    }
    int64_t shape[TN_MAX_DIMS];
    for (int i = 0, j = 0; i <= a->ndim; i++) shape[i] = i == ax ? 1 : a->shape[j++];
    return tn_reshape(a, shape, a->ndim + 1, err);
}

static bool stack_args_ok(Tensor **ts, int n, MgError *err) {
    if (n < 1) return mg_error(err, ERR_VALUE, "stack: expected a non-empty list of tensors");
    for (int i = 1; i < n; i++) {
        bool same = ts[i]->ndim == ts[0]->ndim;
        for (int d = 0; same && d < ts[0]->ndim; d++) same = ts[i]->shape[d] == ts[0]->shape[d];
        if (same) continue;
        char s0[128], si[128];
        return mg_error(err, ERR_SHAPE, "stack: tensor %d has shape %s but tensor 0 has shape %s", i,
                        tn_shape_str(ts[i]->shape, ts[i]->ndim, si, sizeof si),
                        tn_shape_str(ts[0]->shape, ts[0]->ndim, s0, sizeof s0));
    }
    return true;
}

/* stack(ts, axis): unsqueeze each tensor at axis, then cat along it. All
 * tensors must have the same shape. */
Tensor *tn_stack(Tensor **ts, int n, int axis, MgError *err) {
    if (!stack_args_ok(ts, n, err)) return NULL;
    int ax;
    if (!cp_axis("stack", axis, ts[0]->ndim, 1, &ax, err)) return NULL;
    CpScratch s = {0};
    Tensor **parts = mg_malloc((size_t)n * sizeof *parts);
    for (int i = 0; i < n; i++)
        if (!(parts[i] = cp_keep(&s, tn_unsqueeze(ts[i], ax, err)))) {
            mg_free(parts);
            return cp_fail(&s);
        }
    Tensor *out = cp_keep(&s, tn_cat(parts, n, ax, err));
    mg_free(parts);
    if (!out) return cp_fail(&s);
    cp_label(out, "stack");
    return cp_done(&s, out);
}

static bool check_vector(const char *op, const Tensor *a, const Tensor *b, bool same_len, MgError *err) {
    if (a->ndim == 1 && b->ndim == 1 && (!same_len || a->shape[0] == b->shape[0])) return true;
    char sa[128], sb[128];
    return mg_error(err, ERR_SHAPE, "%s: expected two 1-D tensors%s, got %s and %s", op,
                    same_len ? " of the same length" : "",
                    tn_shape_str(a->shape, a->ndim, sa, sizeof sa),
                    tn_shape_str(b->shape, b->ndim, sb, sizeof sb));
}

/* dot(a, b) = sum(a * b) for two vectors of length n; a 0-d result. */
Tensor *tn_dot(Tensor *a, Tensor *b, MgError *err) {
    if (!check_vector("dot", a, b, true, err)) return NULL;
    CpScratch s = {0};
    Tensor *ab = cp_keep(&s, tn_mul(a, b, err));
    Tensor *out = ab ? cp_keep(&s, tn_sum(ab, TN_ALL_AXES, false, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "dot");
    return cp_done(&s, out);
}

/* outer(a, b)[i, j] = a[i] * b[j]: a as a column (n, 1) times b as a row (1, m). */
Tensor *tn_outer(Tensor *a, Tensor *b, MgError *err) {
    if (!check_vector("outer", a, b, false, err)) return NULL;
    CpScratch s = {0};
    Tensor *col = cp_keep(&s, tn_unsqueeze(a, 1, err));
    Tensor *row = col ? cp_keep(&s, tn_unsqueeze(b, 0, err)) : NULL;
    Tensor *out = row ? cp_keep(&s, tn_mul(col, row, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "outer");
    return cp_done(&s, out);
}
