/* ops_index.c - x[...] views and writes, and the gather/scatter pairs the
 * gradient rules use (take_along/scatter_along, slice/slice_scatter). */
#include "tn_internal.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include <math.h>
#include <string.h>

bool tn_slice_range(const TnIndex *ix, int64_t size, int64_t *start, int64_t *len, MgError *err) {
    if (ix->step <= 0)
        return mg_error(err, ERR_INDEX, "slice step must be positive, got %lld", (long long)ix->step);
    /* Python rules: negative counts from the end, then clamp */
    int64_t first = 0, stop = size;
    if (ix->has_start) {
        first = ix->start < 0 ? ix->start + size : ix->start;
        first = first < 0 ? 0 : first > size ? size : first;
    }
    if (ix->has_stop) {
        stop = ix->stop < 0 ? ix->stop + size : ix->stop;
        stop = stop < 0 ? 0 : stop > size ? size : stop;
    }
    *start = first;
    *len = stop > first ? (stop - first + ix->step - 1) / ix->step : 0;
    return true;
}

/* Resolve idx against a: the view's geometry relative to a's storage, and
 * (into p) relative to a contiguous base of a's shape. */
static bool resolve_index(const Tensor *a, const TnIndex *idx, int n, int64_t *shape,
                          int64_t *strides, int *ndim, int64_t *offset, OpParams *p, MgError *err) {
    if (n > a->ndim)
        return mg_error(err, ERR_INDEX, "too many indices for a tensor of %d dimension%s: got %d",
                        a->ndim, a->ndim == 1 ? "" : "s", n);
    int64_t base_st[TN_MAX_DIMS];
    tn_contiguous_strides(a->shape, a->ndim, base_st);
    int nd = 0;
    int64_t off = a->offset, boff = 0;
    for (int d = 0; d < a->ndim; d++) {
        int64_t size = a->shape[d];
        if (d < n && !idx[d].is_slice) {
            int64_t i = idx[d].index;
            if (i < -size || i >= size)
                return mg_error(err, ERR_INDEX, "index %lld is out of range for dimension %d with size %lld",
                                (long long)i, d, (long long)size);
            if (i < 0) i += size;
            off += i * a->strides[d];
            boff += i * base_st[d];
            continue;
        }
        int64_t start = 0, len = size, step = 1;   /* a dimension not indexed: all of it */
        if (d < n) {
            if (!tn_slice_range(&idx[d], size, &start, &len, err)) return false;
            step = idx[d].step;
        }
        shape[nd] = len;
        strides[nd] = a->strides[d] * step;
        p->strides[nd] = base_st[d] * step;
        if (len > 0) {
            off += start * a->strides[d];
            boff += start * base_st[d];
        }
        nd++;
    }
    *ndim = nd;
    *offset = off;
    p->ndim = a->ndim;
    memcpy(p->shape, a->shape, sizeof p->shape);
    p->view_ndim = nd;
    memcpy(p->view_shape, shape, (size_t)nd * sizeof(int64_t));
    p->offset = boff;
    return true;
}

Tensor *tn_index(Tensor *a, const TnIndex *idx, int n, MgError *err) {
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS], off;
    int nd;
    OpParams p = { 0 };
    if (!resolve_index(a, idx, n, shape, strides, &nd, &off, &p, err)) return NULL;
    return tn_make_view(a, shape, strides, nd, off, OP_SLICE, &p);
}

/* v as x[idx] = v reads it: without the leading size-1 dimensions it has
 * beyond the region's nd, as in NumPy and torch (x[0] = ones(1, 3) fills a
 * row of a [2, 3] x). A reshape, so v's gradient flows back through it. */
static Tensor *assigned_value(Tensor *v, int nd, MgError *err) {
    int drop = 0;
    while (v->ndim - drop > nd && v->shape[drop] == 1) drop++;
    if (drop == 0) { tn_retain(v); return v; }
    return tn_reshape(v, v->shape + drop, v->ndim - drop, err);
}

/* x[idx] = v. Recorded (when x requires grad, or v does) as
 *   x_new = where(mask, slice_scatter(expand(v)), x_old)
 * where mask is 1 inside the written region: its gradient sends g's
 * region to v and the rest to the old x. When x is a view, the write is
 * recorded on its base instead (tn_view_region_write). */
bool tn_index_assign(Tensor *a, const TnIndex *idx, int n, Tensor *v_in, MgError *err) {
    if (a->view_base) tn_view_refresh(a);
    if (!tn_check_inplace_target(a, err)) return false;
    int64_t shape[TN_MAX_DIMS], strides[TN_MAX_DIMS], off;
    int nd;
    OpParams p = { 0 };
    if (!resolve_index(a, idx, n, shape, strides, &nd, &off, &p, err)) return false;
    Tensor *v = assigned_value(v_in, nd, err);
    if (!v) return false;
    bool ok = tn_view_write_recorded(a, v) ? tn_view_region_write(a, shape, strides, nd, off, v, err)
                                           : tn_region_write(a, shape, strides, nd, off, &p, v, err);
    tn_release(v);
    return ok;
}

bool tn_region_write(Tensor *a, const int64_t *shape, const int64_t *strides, int nd,
                     int64_t off, OpParams *p, Tensor *v, MgError *err) {
    bool recording = tn_rt.grad_enabled && (a->requires_grad || v->requires_grad);
    Tensor *view = tn_view_of(a, shape, strides, nd, off);
    /* versions: tn_copy_into bumps the storage version */
    bool ok;
    if (!recording) {
        ok = tn_copy_into(view, v, err);
        tn_release(view);
        return ok;
    }
    Tensor *old = tn_take_history(a);
    Tensor *vx = NULL, *vd = NULL, *sv = NULL, *mask = NULL, *ones = NULL;
    ok = false;
    if (!(vd = tn_to_dtype(v, a->dtype, err))) goto done;
    if (!(vx = tn_expand(vd, shape, nd, err))) goto done;
    if (!(sv = tn_slice_scatter(vx, p, err))) goto done;
    if (!(ones = tn_ones(shape, nd, a->dtype, a->device, err))) goto done;
    {
        bool was = tn_rt.grad_enabled;
        tn_rt.grad_enabled = false;
        mask = tn_slice_scatter(ones, p, err);
        tn_rt.grad_enabled = was;
    }
    if (!mask) goto done;
    if (!tn_copy_into(view, v, err)) goto done;
    {
        Tensor *in[3] = { mask, sv, old };
        bool ns[3] = { true, false, false };
        OpParams wp = { 0 };
        a->storage->version--;             /* record against the pre-write version ... */
        tn_record(a, OP_WHERE, in, 3, ns, &wp);
        a->storage->version++;             /* ... so a saved old x reads as modified */
    }
    ok = true;
done:
    if (!ok && !a->grad_fn) { a->grad_fn = old->grad_fn; old->grad_fn = NULL; }
    tn_release(view);
    tn_release(old);
    tn_release(vd);
    tn_release(vx);
    tn_release(sv);
    tn_release(ones);
    tn_release(mask);
    return ok;
}

Tensor *tn_slice_scatter(Tensor *g, const OpParams *p, MgError *err) {
    Tensor *out = tn_zeros(p->shape, p->ndim, g->dtype, g->device, err);
    if (!out) return NULL;
    Tensor view = *out;
    view.ndim = p->view_ndim;
    memcpy(view.shape, p->view_shape, sizeof view.shape);
    memcpy(view.strides, p->strides, sizeof view.strides);
    view.offset = out->offset + p->offset;
    view.numel = tn_numel_of(p->view_shape, p->view_ndim);
    Tensor gb = tn_broadcast_view(g, p->view_shape, p->view_ndim);
    if (view.numel) tn_backend(g->device)->copy(&view, &gb);
    OpParams q = *p;
    q.aux = NULL;
    q.sizes = NULL;
    bool ns[1] = { false };
    tn_record(out, OP_SLICE_SCATTER, &g, 1, ns, &q);
    return out;
}

Tensor *tn_slice_view(Tensor *g, const OpParams *p, MgError *err) {
    Tensor *c = tn_contiguous(g, err);
    if (!c) return NULL;
    OpParams q = *p;
    q.aux = NULL;
    q.sizes = NULL;
    Tensor *out = tn_make_view(c, p->view_shape, p->strides, p->view_ndim, c->offset + p->offset,
                               OP_SLICE, &q);
    tn_release(c);
    return out;
}

/* idx must hold whole numbers in [0, size) of a's axis. */
static bool check_indices(const Tensor *idx, int64_t size, int axis, MgError *err) {
    double *vals = mg_malloc((size_t)(idx->numel ? idx->numel : 1) * sizeof(double));
    tn_to_doubles(idx, vals);
    bool ok = true;
    for (int64_t i = 0; i < idx->numel && ok; i++) {
        double v = vals[i];
        bool whole = v == floor(v);   /* not (int64_t)v: undefined for 1e19 and nan */
        if (!(v >= 0 && v < (double)size) || !whole) {
            ok = false;
            if (whole)
                mg_error(err, ERR_INDEX, "index %.17g is out of range for dimension %d with size %lld",
                         v, axis, (long long)size);
            else
                mg_error(err, ERR_INDEX, "index %g is not a whole number", v);
        }
    }
    mg_free(vals);
    return ok;
}

static bool check_along(const char *name, const Tensor *big, const Tensor *idx, int axis, int *ax,
                        MgError *err) {
    char sa[256], sb[256];
    Tensor *pair[2] = { (Tensor *)big, (Tensor *)idx };
    if (!tn_check_devices(pair, 2, err)) return false;
    if (!tn_norm_axis(axis, big->ndim, ax, err)) return false;
    bool ok = idx->ndim == big->ndim;
    for (int d = 0; ok && d < idx->ndim; d++) ok = d == *ax || idx->shape[d] == big->shape[d];
    if (!ok)
        return mg_error(err, ERR_SHAPE, "%s: indices of shape %s do not fit a tensor of shape %s along axis %d",
                        name, tn_shape_str(idx->shape, idx->ndim, sa, sizeof sa),
                        tn_shape_str(big->shape, big->ndim, sb, sizeof sb), *ax);
    return check_indices(idx, big->ndim ? big->shape[*ax] : 1, *ax, err);
}

Tensor *tn_take_along(Tensor *a, Tensor *idx, int axis, MgError *err) {
    int ax;
    if (!check_along("take_along", a, idx, axis, &ax, err)) return NULL;
    Tensor *ix = tn_to_dtype_raw(idx, a->dtype, err);
    if (!ix) return NULL;
    Tensor *out = tn_alloc(ix->shape, ix->ndim, a->dtype, a->device, err);
    if (!out) { tn_release(ix); return NULL; }
    tn_backend(a->device)->gather(OP_TAKE_ALONG, out, a, ix, ax);
    OpParams p = { 0 };
    p.axis = ax;
    p.aux = ix;
    bool ns[1] = { false };
    tn_record(out, OP_TAKE_ALONG, &a, 1, ns, &p);
    return out;
}

Tensor *tn_scatter_along(Tensor *src, Tensor *idx, int axis, const int64_t *shape, int ndim,
                         MgError *err) {
    char sa[256], sb[256];
    if (!tn_same_shape(src->shape, src->ndim, idx->shape, idx->ndim)) {
        mg_error(err, ERR_SHAPE, "scatter_along: values of shape %s and indices of shape %s differ",
                 tn_shape_str(src->shape, src->ndim, sa, sizeof sa), tn_shape_str(idx->shape, idx->ndim, sb, sizeof sb));
        return NULL;
    }
    Tensor *out = tn_zeros(shape, ndim, src->dtype, src->device, err);
    if (!out) return NULL;
    int ax;
    Tensor *ix = NULL;
    if (!check_along("scatter_along", out, idx, axis, &ax, err) ||
        !(ix = tn_to_dtype_raw(idx, src->dtype, err))) {
        tn_release(out);
        return NULL;
    }
    tn_backend(src->device)->gather(OP_SCATTER_ALONG, out, src, ix, ax);
    OpParams p = { 0 };
    p.axis = ax;
    p.aux = ix;
    p.ndim = ndim;
    memcpy(p.shape, shape, (size_t)ndim * sizeof(int64_t));
    bool ns[1] = { false };
    tn_record(out, OP_SCATTER_ALONG, &src, 1, ns, &p);
    return out;
}
