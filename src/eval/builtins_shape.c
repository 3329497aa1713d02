/* builtins_shape.c - shapes and views (SPEC §7 "shape"). */
#include "builtins.h"
#include "../util/alloc.h"

/* reshape/expand(x, shape...): the shape as numbers or one list, one -1 allowed. */
static bool reshaped(BiArgs *a, Tensor *(*tn)(Tensor *, const int64_t *, int, MgError *), Value *out,
                     MgError *err) {
    int64_t shape[TN_MAX_DIMS];
    int ndim;
    if (!bi_shape(a, "shape", a->rest, a->n_rest, shape, &ndim, NULL, true, err)) return false;
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = tn(x, shape, ndim, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

static bool bi_reshape(BiArgs *a, Value *out, MgError *err) { return reshaped(a, tn_reshape, out, err); }
static bool bi_expand(BiArgs *a, Value *out, MgError *err) { return reshaped(a, tn_expand, out, err); }

static bool bi_transpose(BiArgs *a, Value *out, MgError *err) {
    int64_t d0, d1;
    if (!bi_whole(a, 1, &d0, err) || !bi_whole(a, 2, &d1, err)) return false;
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = tn_transpose(x, (int)d0, (int)d1, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

static bool bi_permute(BiArgs *a, Value *out, MgError *err) {
    int64_t dims64[TN_MAX_DIMS];
    int dims[TN_MAX_DIMS], n;
    if (!bi_shape(a, "dims", a->rest, a->n_rest, dims64, &n, NULL, true, err)) return false;
    for (int i = 0; i < n; i++) dims[i] = (int)dims64[i];
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = tn_permute(x, dims, n, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

static bool bi_flatten(BiArgs *a, Value *out, MgError *err) { return bi_apply(a, tn_flatten, out, err); }
static bool bi_contiguous(BiArgs *a, Value *out, MgError *err) { return bi_apply(a, tn_contiguous, out, err); }

static bool axis_op(BiArgs *a, BiIntOp tn, Value *out, MgError *err) {
    int axis;
    return bi_axis(a, 1, &axis, err) && bi_apply_int(a, tn, axis, out, err);
}

static bool bi_squeeze(BiArgs *a, Value *out, MgError *err) { return axis_op(a, tn_squeeze, out, err); }
static bool bi_unsqueeze(BiArgs *a, Value *out, MgError *err) {
    if (bi_is_none(a, 1)) return mg_error(err, ERR_TYPE, "unsqueeze: missing argument 'axis'");
    return axis_op(a, tn_unsqueeze, out, err);
}

/* cat/stack take a list of tensors. */
static bool join(BiArgs *a, Tensor *(*tn)(Tensor **, int, int, MgError *), Value *out, MgError *err) {
    if (a->v[0].type != VAL_LIST) return bi_bad_arg(a, 0, "list of tensors", a->v[0], err);
    int64_t axis;
    if (!bi_whole(a, 1, &axis, err)) return false;
    MgList *l = a->v[0].as.list;
    if (l->n == 0) return mg_error(err, ERR_VALUE, "%s: the list is empty", a->bi->name);
    Tensor **ts = mg_malloc(sizeof(Tensor *) * (size_t)l->n);
    for (int i = 0; i < l->n; i++) {
        if (l->items[i].type != VAL_TENSOR) {
            mg_free(ts);
            return mg_error(err, ERR_TYPE, "%s: element %d of the list is a %s, not a tensor",
                            a->bi->name, i, ev_type_name(l->items[i]));
        }
        ts[i] = l->items[i].as.tensor;
    }
    bi_mark(a);
    Tensor *r = tn(ts, l->n, (int)axis, err);
    mg_free(ts);
    return bi_ret_tensor(r, out);
}

static bool bi_cat(BiArgs *a, Value *out, MgError *err) { return join(a, tn_cat, out, err); }
static bool bi_stack(BiArgs *a, Value *out, MgError *err) { return join(a, tn_stack, out, err); }

static bool bi_numel(BiArgs *a, Value *out, MgError *err) {
    if (a->v[0].type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor", a->v[0], err);
    *out = ev_number((double)a->v[0].as.tensor->numel);
    return true;
}

static bool bi_len(BiArgs *a, Value *out, MgError *err) {
    Value v = a->v[0];
    switch (v.type) {
    case VAL_LIST: *out = ev_number(v.as.list->n); return true;
    case VAL_STRING: *out = ev_number((double)v.as.str->len); return true;
    case VAL_TENSOR:
        if (v.as.tensor->ndim == 0) return mg_error(err, ERR_TYPE, "len: a 0-d tensor has no length");
        *out = ev_number((double)v.as.tensor->shape[0]);
        return true;
    default: return bi_bad_arg(a, 0, "list, string or tensor", v, err);
    }
}

const Builtin bi_group_shape[] = {
    {"reshape", "reshape(x, shape...)", "A view (or copy) of x with a new shape; one -1 is inferred", bi_reshape},
    {"transpose", "transpose(x, d0, d1)", "Swap two dimensions (a view)", bi_transpose},
    {"permute", "permute(x, dims...)", "Reorder dimensions (a view)", bi_permute},
    {"flatten", "flatten(x)", "x as a 1-D tensor", bi_flatten},
    {"squeeze", "squeeze(x, axis=none)", "Drop a size-1 axis, or every size-1 axis", bi_squeeze},
    {"unsqueeze", "unsqueeze(x, axis)", "Insert a size-1 axis", bi_unsqueeze},
    {"expand", "expand(x, shape...)", "Broadcast x to a larger shape without copying", bi_expand},
    {"cat", "cat(list, axis=0)", "Join tensors along an existing axis", bi_cat},
    {"stack", "stack(list, axis=0)", "Join tensors along a new axis", bi_stack},
    {"contiguous", "contiguous(x)", "x with row-major storage (a copy when x is a strided view)", bi_contiguous},
    {"numel", "numel(x)", "The number of elements of a tensor", bi_numel},
    {"len", "len(v)", "Length of a list or string, or size of a tensor's first dimension", bi_len},
    {NULL, NULL, NULL, NULL},
};
