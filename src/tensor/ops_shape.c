/* ops_shape.c - views (reshape, permute/transpose, expand) and cat.
 * Views share storage; each is recorded as its VIEW op (ops.h params). */
#include "tn_internal.h"
#include "../util/alloc.h"
#include <string.h>

Tensor *tn_reshape(Tensor *a, const int64_t *shape, int ndim, MgError *err) {
    char sa[256], sb[256];
    if (ndim > TN_MAX_DIMS) {
        mg_error(err, ERR_SHAPE, "a tensor has at most %d dimensions, got %d", TN_MAX_DIMS, ndim);
        return NULL;
    }
    if (!tn_shape_fits(shape, ndim)) {
        mg_error(err, ERR_SHAPE, "reshape: cannot reshape a tensor of shape %s (%lld elements) to %s",
                 tn_shape_str(a->shape, a->ndim, sa, sizeof sa), (long long)a->numel,
                 tn_shape_str(shape, ndim, sb, sizeof sb));
        return NULL;
    }
    int64_t want[TN_MAX_DIMS];
    int infer = -1;
    int64_t known = 1;
    for (int d = 0; d < ndim; d++) {
        want[d] = shape[d];
        if (shape[d] == -1) {
            if (infer >= 0) {
                mg_error(err, ERR_SHAPE, "reshape: only one dimension can be -1");
                return NULL;
            }
            infer = d;
        } else if (shape[d] < 0) {
            mg_error(err, ERR_SHAPE, "reshape: invalid dimension %lld", (long long)shape[d]);
            return NULL;
        } else {
            known *= shape[d];
        }
    }
    if (infer >= 0) want[infer] = known ? a->numel / known : 0;
    if (tn_numel_of(want, ndim) != a->numel || (infer >= 0 && known == 0)) {
        mg_error(err, ERR_SHAPE, "reshape: cannot reshape a tensor of shape %s (%lld elements) to %s",
                 tn_shape_str(a->shape, a->ndim, sa, sizeof sa), (long long)a->numel,
                 tn_shape_str(shape, ndim, sb, sizeof sb));
        return NULL;
    }
    /* non-contiguous data is copied first (recorded), as torch.reshape does */
    Tensor *src = tn_contiguous(a, err);
    if (!src) return NULL;
    OpParams p = { 0 };
    p.ndim = src->ndim;
    memcpy(p.shape, src->shape, sizeof p.shape);
    int64_t strides[TN_MAX_DIMS];
    tn_contiguous_strides(want, ndim, strides);
    Tensor *out = tn_make_view(src, want, strides, ndim, src->offset, OP_RESHAPE, &p);
    if (src != a) {                       /* a view of the private copy only: no view of a */
        tn_release(out->view_base);
        out->view_base = NULL;
    }
    tn_release(src);
    return out;
}

Tensor *tn_permute(Tensor *a, const int *dims, int ndim, MgError *err) {
    if (ndim != a->ndim) {
        mg_error(err, ERR_SHAPE, "permute: expected %d dimensions, got %d", a->ndim, ndim);
        return NULL;
    }
    bool seen[TN_MAX_DIMS] = { false };
    OpParams p = { 0 };
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    for (int i = 0; i < ndim; i++) {
        int d;
        if (!tn_norm_axis(dims[i], ndim, &d, err)) return NULL;
        if (seen[d]) {
            mg_error(err, ERR_VALUE, "permute: dimension %d appears twice", d);
            return NULL;
        }
        seen[d] = true;
        p.dims[i] = d;
        shape[i] = a->shape[d];
        strides[i] = a->strides[d];
    }
    p.ndim = ndim;
    return tn_make_view(a, shape, strides, ndim, a->offset, OP_PERMUTE, &p);
}

Tensor *tn_transpose(Tensor *a, int d0, int d1, MgError *err) {
    int x, y;
    if (a->ndim < 2 && (d0 == 0 || d0 == -1) && (d1 == 0 || d1 == -1)) { tn_retain(a); return a; }
    if (!tn_norm_axis(d0, a->ndim, &x, err) || !tn_norm_axis(d1, a->ndim, &y, err)) return NULL;
    int dims[TN_MAX_DIMS];
    for (int d = 0; d < a->ndim; d++) dims[d] = d;
    dims[x] = y;
    dims[y] = x;
    return tn_permute(a, dims, a->ndim, err);
}

Tensor *tn_expand(Tensor *a, const int64_t *shape, int ndim, MgError *err) {
    char sa[256], sb[256];
    int lead = ndim - a->ndim;
    if (lead < 0 || ndim > TN_MAX_DIMS || !tn_shape_fits(shape, ndim)) goto bad;
    int64_t out[TN_MAX_DIMS], strides[TN_MAX_DIMS];
    for (int d = 0; d < ndim; d++) {
        int sd = d - lead;
        int64_t want = shape[d];
        if (sd < 0) {
            if (want < 0) goto bad;
            out[d] = want;
            strides[d] = 0;
        } else {
            if (want == -1) want = a->shape[sd];
            if (want != a->shape[sd] && a->shape[sd] != 1) goto bad;
            if (want < 0) goto bad;
            out[d] = want;
            strides[d] = want == a->shape[sd] ? a->strides[sd] : 0;
        }
    }
    OpParams p = { 0 };
    p.ndim = a->ndim;
    memcpy(p.shape, a->shape, sizeof p.shape);
    return tn_make_view(a, out, strides, ndim, a->offset, OP_EXPAND, &p);
bad:
    mg_error(err, ERR_SHAPE, "expand: cannot expand shape %s to %s",
             tn_shape_str(a->shape, a->ndim, sa, sizeof sa), tn_shape_str(shape, ndim, sb, sizeof sb));
    return NULL;
}

Tensor *tn_cat(Tensor **ts, int n, int axis, MgError *err) {
    char sa[256], sb[256];
    if (n < 1) {
        mg_error(err, ERR_VALUE, "cat: expected a non-empty list of tensors");
        return NULL;
    }
    if (!tn_check_devices(ts, n, err)) return NULL;
    if (ts[0]->ndim == 0) {
        mg_error(err, ERR_SHAPE, "cat: zero-dimensional tensors cannot be concatenated");
        return NULL;
    }
    int ax;
    if (!tn_norm_axis(axis, ts[0]->ndim, &ax, err)) return NULL;
    DType dt = DT_F32;
    int64_t shape[TN_MAX_DIMS];
    memcpy(shape, ts[0]->shape, sizeof shape);
    shape[ax] = 0;
    for (int i = 0; i < n; i++) {
        const Tensor *t = ts[i];
        bool ok = t->ndim == ts[0]->ndim;
        for (int d = 0; ok && d < t->ndim; d++) ok = d == ax || t->shape[d] == ts[0]->shape[d];
        if (!ok) {
            mg_error(err, ERR_SHAPE, "cat: shapes %s and %s differ outside axis %d",
                     tn_shape_str(ts[0]->shape, ts[0]->ndim, sa, sizeof sa),
                     tn_shape_str(t->shape, t->ndim, sb, sizeof sb), ax);
            return NULL;
        }
        shape[ax] += t->shape[ax];
        if (t->dtype == DT_F64) dt = DT_F64;
    }
    Tensor *out = tn_alloc(shape, ts[0]->ndim, dt, ts[0]->device, err);
    if (!out) return NULL;
    /* each input is copied into the slab of out it covers */
    int64_t *sizes = mg_malloc((size_t)n * sizeof(int64_t));
    int64_t at = 0;
    for (int i = 0; i < n; i++) {
        int64_t slab_shape[TN_MAX_DIMS];
        memcpy(slab_shape, shape, sizeof slab_shape);
        slab_shape[ax] = ts[i]->shape[ax];
        Tensor slab = *out;
        memcpy(slab.shape, slab_shape, sizeof slab.shape);
        slab.offset = out->offset + at * out->strides[ax];
        slab.numel = tn_numel_of(slab_shape, out->ndim);
        if (slab.numel) tn_backend(out->device)->copy(&slab, ts[i]);
        sizes[i] = ts[i]->shape[ax];
        at += ts[i]->shape[ax];
    }
    /* mixed dtypes: the node's inputs are the promoted ones, for gradient dtypes */
    Tensor **ins = ts, *conv[64], **heap = NULL;
    bool mixed = false;
    for (int i = 0; i < n; i++) mixed = mixed || ts[i]->dtype != dt;
    if (mixed) {
        ins = n <= 64 ? conv : (heap = mg_malloc((size_t)n * sizeof(Tensor *)));
        for (int i = 0; i < n; i++) ins[i] = tn_to_dtype(ts[i], dt, err);   /* cannot fail: same shape */
    }
    bool *ns = mg_calloc((size_t)n, sizeof(bool));
    OpParams p = { 0 };
    p.axis = ax;
    p.sizes = sizes;
    tn_record(out, OP_CAT, ins, n, ns, &p);
    mg_free(ns);
    if (mixed) {
        for (int i = 0; i < n; i++) tn_release(ins[i]);
        mg_free(heap);
    }
    return out;
}
