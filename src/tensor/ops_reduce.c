/* ops_reduce.c - sum, max/min (with the first extreme index), argmax/argmin.
 * Unbroadcasting (summing a gradient back to an input's shape) is not here:
 * it lives in one place, ag_unbroadcast in src/autograd/engine.c. */
#include "tn_internal.h"
#include "../util/alloc.h"
#include <string.h>

/* Output shape of reducing `axis` (>= 0) of a. */
static int reduced_shape(const Tensor *a, int axis, bool keepdim, int64_t *shape) {
    int n = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (d != axis) shape[n++] = a->shape[d];
        else if (keepdim) shape[n++] = 1;
    }
    return n;
}

Tensor *tn_sum(Tensor *a, int axis, bool keepdim, MgError *err) {
    int ax = TN_ALL_AXES;
    if (axis != TN_ALL_AXES && !tn_norm_axis(axis, a->ndim, &ax, err)) return NULL;
    if (a->ndim == 0) ax = TN_ALL_AXES;
    int64_t shape[TN_MAX_DIMS];
    int nd;
    if (ax == TN_ALL_AXES) {
        nd = keepdim ? a->ndim : 0;
        for (int d = 0; d < nd; d++) shape[d] = 1;
    } else {
        nd = reduced_shape(a, ax, keepdim, shape);
    }
    Tensor *out = tn_alloc(shape, nd, a->dtype, a->device, err);
    if (!out) return NULL;
    tn_backend(a->device)->sum(out, a, ax);
    OpParams p = { 0 };
    p.axis = ax;
    p.keepdim = keepdim;
    bool ns[1] = { false };
    tn_record(out, OP_SUM, &a, 1, ns, &p);
    return out;
}

/* max/min along one axis: values (recorded) and indices (keepdim shape). */
static Tensor *index_reduce(OpKind op, Tensor *a, int axis, bool keepdim, Tensor **idx_out,
                            MgError *err) {
    const char *name = op == OP_MAX ? "max" : "min";
    int ax = 0;   /* a 0-d tensor takes axis 0 or -1, as in torch */
    if (axis != TN_ALL_AXES && !tn_norm_axis(axis, a->ndim, &ax, err)) return NULL;
    if (axis == TN_ALL_AXES || a->ndim == 0) {
        /* over everything: a flat view, then one axis */
        if (a->numel == 0) {
            mg_error(err, ERR_VALUE, "%s of an empty tensor", name);
            return NULL;
        }
        int64_t flat = a->numel;
        Tensor *f = tn_reshape(a, &flat, 1, err);
        if (!f) return NULL;
        Tensor *r = index_reduce(op, f, 0, false, idx_out, err);
        tn_release(f);
        if (r && keepdim && a->ndim > 0) {
            int64_t ones[TN_MAX_DIMS];
            for (int d = 0; d < a->ndim; d++) ones[d] = 1;
            Tensor *k = tn_reshape(r, ones, a->ndim, err);
            tn_release(r);
            r = k;
        }
        return r;
    }
    if (a->shape[ax] == 0) {
        mg_error(err, ERR_VALUE, "%s over an axis of size 0", name);
        return NULL;
    }
    int64_t shape[TN_MAX_DIMS], kshape[TN_MAX_DIMS];
    int nd = reduced_shape(a, ax, keepdim, shape);
    int nk = reduced_shape(a, ax, true, kshape);
    Tensor *out = tn_alloc(shape, nd, a->dtype, a->device, err);
    if (!out) return NULL;
    Tensor *idx = tn_alloc(kshape, nk, a->dtype, a->device, err);
    if (!idx) { tn_release(out); return NULL; }
    tn_backend(a->device)->index_reduce(op, out, idx, a, ax);
    if (idx_out) { tn_retain(idx); *idx_out = idx; }
    OpParams p = { 0 };
    p.axis = ax;
    p.keepdim = keepdim;
    p.aux = idx;                            /* owned by the node (or released) */
    bool ns[1] = { false };
    tn_record(out, op, &a, 1, ns, &p);
    return out;
}

Tensor *tn_max(Tensor *a, int axis, bool keepdim, MgError *err) {
    return index_reduce(OP_MAX, a, axis, keepdim, NULL, err);
}

Tensor *tn_min(Tensor *a, int axis, bool keepdim, MgError *err) {
    return index_reduce(OP_MIN, a, axis, keepdim, NULL, err);
}

/* argmax/argmin: f32 indices with the axis removed (over everything: a 0-d
 * flat index). Never recorded. */
static Tensor *arg_reduce(OpKind op, Tensor *a, int axis, MgError *err) {
    bool was = tn_rt.grad_enabled;
    tn_rt.grad_enabled = false;
    Tensor *idx = NULL;
    Tensor *vals = index_reduce(op, a, axis, false, &idx, err);
    tn_rt.grad_enabled = was;
    if (!vals) return NULL;
    tn_release(vals);
    /* idx has the keepdim shape; drop the reduced axis */
    int64_t shape[TN_MAX_DIMS];
    int nd = 0;
    if (axis != TN_ALL_AXES && a->ndim > 0) {
        int ax;
        tn_norm_axis(axis, a->ndim, &ax, err);
        nd = reduced_shape(a, ax, false, shape);
    }
    Tensor *view = tn_view_of(idx, shape, idx->strides, nd, idx->offset);
    tn_contiguous_strides(shape, nd, view->strides);
    tn_release(idx);
    Tensor *out = tn_to_dtype_raw(view, DT_F32, err);
    tn_release(view);
    return out;
}

Tensor *tn_argmax(Tensor *a, int axis, MgError *err) { return arg_reduce(OP_MAX, a, axis, err); }
Tensor *tn_argmin(Tensor *a, int axis, MgError *err) { return arg_reduce(OP_MIN, a, axis, err); }
