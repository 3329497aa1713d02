/* ops_core.c - recording, copies, dtype/device moves and graph-free helpers.
 *
 * Every differentiable op ends the same way: compute `out` with a kernel,
 * then tn_record(), which asks autograd whether a node is needed and hands
 * it the inputs, which of them the gradient rule will read (needs_saved)
 * and the OpParams (ops.h documents what each op puts there).
 */
#include "tn_internal.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include <string.h>

void tn_record(Tensor *out, OpKind op, Tensor **inputs, int n, const bool *needs_saved, OpParams *p) {
    /* a view whose base was updated in place reads the base's new values:
     * its history must say so before anything is recorded from it */
    for (int i = 0; i < n; i++)
        if (inputs[i] && inputs[i]->view_base) tn_view_refresh(inputs[i]);
    if (ag_should_record(inputs, n)) {
        ag_record(out, op, inputs, n, needs_saved, p);
        return;
    }
    if (!p) return;                       /* an op without parameters */
    /* ag_record would have taken these */
    tn_release(p->aux);
    p->aux = NULL;
    mg_free(p->sizes);
    p->sizes = NULL;
}

Tensor *tn_make_view(Tensor *a, const int64_t *shape, const int64_t *strides, int ndim,
                     int64_t offset, OpKind op, OpParams *p) {
    Tensor *v = tn_view_of(a, shape, strides, ndim, offset);
    bool ns[1] = { false };
    tn_record(v, op, &a, 1, ns, p);
    Tensor *base = a->view_base ? a->view_base : a;
    tn_retain(base);
    v->view_base = base;
    v->view_seen = base->grad_fn ? base->grad_fn->seq : 0;
    return v;
}

/* SPEC §6.5: outside no_grad, a leaf that requires grad may not be updated
 * in place, and neither may a view of one (as in torch), even a view made
 * inside no_grad: the update would change the leaf behind autograd's back.
 * A view knows its base (view_base). */
bool tn_check_inplace_target(const Tensor *x, MgError *err) {
    if (!tn_rt.grad_enabled) return true;
    const Tensor *b = x->view_base;
    if (b && b->requires_grad && !b->grad_fn)
        return mg_error(err, ERR_AUTOGRAD,
                        "in-place update of a view of a leaf tensor that requires grad; "
                        "wrap it in no_grad { }");
    if (x->requires_grad && !x->grad_fn)
        return mg_error(err, ERR_AUTOGRAD,
                        "in-place update of a leaf tensor that requires grad; wrap it in no_grad { }");
    return true;
}

/* ---- copies without a graph ---- */
Tensor *tn_contiguous_raw(Tensor *t, MgError *err) {
    if (tn_is_contiguous(t)) { tn_retain(t); return t; }
    Tensor *out = tn_alloc(t->shape, t->ndim, t->dtype, t->device, err);
    if (out) tn_backend(t->device)->copy(out, t);
    return out;
}

Tensor *tn_to_dtype_raw(Tensor *t, DType dt, MgError *err) {
    if (t->dtype == dt) { tn_retain(t); return t; }
    Tensor *out = tn_alloc(t->shape, t->ndim, dt, t->device, err);
    if (out) tn_backend(t->device)->copy(out, t);
    return out;
}

Tensor *tn_detach(Tensor *t) {
    return tn_view_of(t, t->shape, t->strides, t->ndim, t->offset);
}

Tensor *tn_clone_leaf(Tensor *t, MgError *err) {
    Tensor *out = tn_alloc(t->shape, t->ndim, t->dtype, t->device, err);
    if (out) tn_backend(t->device)->copy(out, t);
    return out;
}

bool tn_copy_into(Tensor *dst, const Tensor *src, MgError *err) {
    Tensor *pair[2] = { dst, (Tensor *)src };
    if (!tn_check_devices(pair, 2, err) || !tn_check_no_overlap(dst, err)) return false;
    int64_t shape[TN_MAX_DIMS];
    int nd;
    if (!tn_broadcast_shapes(dst->shape, dst->ndim, src->shape, src->ndim, "=", shape, &nd, err))
        return false;
    if (!tn_same_shape(shape, nd, dst->shape, dst->ndim)) {
        char a[256], b[256];
        return mg_error(err, ERR_SHAPE, "cannot write a value of shape %s into a tensor of shape %s",
                        tn_shape_str(src->shape, src->ndim, b, sizeof b),
                        tn_shape_str(dst->shape, dst->ndim, a, sizeof a));
    }
    /* src may overlap dst (x[1:] = x[:-1]): read from a private copy */
    Tensor *s = (Tensor *)src;
    if (src->storage == dst->storage) {
        s = tn_clone_leaf((Tensor *)src, err);
        if (!s) return false;
    } else {
        tn_retain(s);
    }
    Tensor v = tn_broadcast_view(s, dst->shape, dst->ndim);
    tn_backend(dst->device)->copy(dst, &v);
    dst->storage->version++;
    tn_release(s);
    return true;
}

/* ---- differentiable copies ---- */
Tensor *tn_contiguous(Tensor *a, MgError *err) {
    if (tn_is_contiguous(a)) { tn_retain(a); return a; }
    Tensor *out = tn_contiguous_raw(a, err);
    if (!out) return NULL;
    OpParams p = { 0 };
    bool ns[1] = { false };
    tn_record(out, OP_CONTIGUOUS, &a, 1, ns, &p);
    return out;
}

Tensor *tn_take_history(Tensor *x) {
    Tensor *old = tn_view_of(x, x->shape, x->strides, x->ndim, x->offset);
    old->requires_grad = x->requires_grad;
    old->grad_fn = x->grad_fn;
    x->grad_fn = NULL;
    return old;
}

Tensor *tn_clone(Tensor *a, MgError *err) {
    Tensor *out = tn_clone_leaf(a, err);
    if (!out) return NULL;
    OpParams p = { 0 };
    bool ns[1] = { false };
    tn_record(out, OP_CONTIGUOUS, &a, 1, ns, &p);   /* gradient: identity */
    return out;
}

Tensor *tn_to_dtype(Tensor *a, DType dt, MgError *err) {
    if (a->dtype == dt) { tn_retain(a); return a; }
    Tensor *out = tn_to_dtype_raw(a, dt, err);
    if (!out) return NULL;
    OpParams p = { 0 };
    p.dtype = a->dtype;
    bool ns[1] = { false };
    tn_record(out, OP_TO_DTYPE, &a, 1, ns, &p);
    return out;
}

Tensor *tn_to_device(Tensor *a, Device dev, MgError *err) {
    if (a->device == dev) { tn_retain(a); return a; }
    if (dev == DEV_CUDA && !tn_cuda_available()) {
        mg_error(err, ERR_DEVICE, "cuda: no CUDA device is available");
        return NULL;
    }
    Tensor *src = tn_contiguous_raw(a, err);
    if (!src) return NULL;
    Tensor *out = tn_alloc(a->shape, a->ndim, a->dtype, dev, err);
    if (out) {
        size_t nbytes = (size_t)a->numel * tn_dtype_size(a->dtype);
        size_t es = tn_dtype_size(a->dtype);
        const char *from = (const char *)src->storage->data + src->offset * es;
        if (dev == DEV_CPU) tn_backend(a->device)->download(out->storage->data, from, nbytes);
        else tn_backend(dev)->upload(out->storage->data, from, nbytes);
        OpParams p = { 0 };
        p.device = a->device;
        bool ns[1] = { false };
        tn_record(out, OP_TO_DEVICE, &a, 1, ns, &p);
    }
    tn_release(src);
    return out;
}
