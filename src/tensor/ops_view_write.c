/* ops_view_write.c - in-place updates through a view, recorded on its base
 * (what torch calls CopySlices).
 *
 * A view (`v = d[1:]`, `transpose(d, 0, 1)`, `reshape(d, ...)`) shares its
 * base's storage, so `v *= 10` changes d's values too. For d's gradient to
 * be right, d's history must record that change, not only v's. So when the
 * update must be recorded (grad mode on, and d, v or the value requires
 * grad), it is rewritten onto the base:
 *
 *   new = old op value     old: a view of d's CURRENT history at v's place
 *                          (out of place, recorded as usual)
 *   d[v's place] = new     tn_region_write: d's history becomes
 *                          where(mask, slice_scatter(new), old d)
 *   v's history            a fresh view of d's new history
 *
 * Other views of d made before the update read d's new values as well.
 * Their history is made again from d's the next time they are used
 * (tn_view_refresh, called by tn_record), as torch regenerates a view's
 * grad_fn once its base has changed in place.
 *
 * The place of a view inside its base is written as SLICE params, which
 * describe a region of a contiguous layout of the base's shape. Every base
 * that can have a history is contiguous (ops make contiguous outputs); a
 * non-contiguous one (a detach()ed transpose) cannot take a recorded update
 * through a view, which is an error.
 */
#include "tn_internal.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include <string.h>

/* The region (shape, strides and offset on base's storage) as SLICE params
 * relative to base. */
static bool region_params(const Tensor *base, const int64_t *shape, const int64_t *strides, int nd,
                          int64_t offset, OpParams *p, MgError *err) {
    if (!tn_is_contiguous(base))
        return mg_error(err, ERR_AUTOGRAD,
                        "in-place update of a view whose base tensor is not contiguous cannot be "
                        "recorded for autograd; make the base with contiguous() first");
    memset(p, 0, sizeof *p);
    p->ndim = base->ndim;
    memcpy(p->shape, base->shape, sizeof p->shape);
    p->view_ndim = nd;
    memcpy(p->view_shape, shape, (size_t)nd * sizeof(int64_t));
    memcpy(p->strides, strides, (size_t)nd * sizeof(int64_t));
    p->offset = offset - base->offset;
    return true;
}

/* The region of base, as a view recorded from base's current history. A
 * region whose elements share memory (an expand() view: stride 0 over a
 * size > 1) is sliced at size 1 there and then expanded: a slice's gradient
 * scatters g into the region and would keep only one of the gradients that
 * meet in a shared element, where expand's gradient sums them. */
static Tensor *region_view(Tensor *base, const OpParams *p, MgError *err) {
    OpParams q = *p;
    bool spread = false;
    for (int d = 0; d < q.view_ndim; d++)
        if (q.strides[d] == 0 && q.view_shape[d] > 1) { q.view_shape[d] = 1; spread = true; }
    int64_t shape[TN_MAX_DIMS];
    memcpy(shape, q.view_shape, sizeof shape);
    Tensor *v = tn_make_view(base, shape, q.strides, q.view_ndim, base->offset + q.offset, OP_SLICE, &q);
    if (!spread) return v;
    Tensor *e = tn_expand(v, p->view_shape, p->view_ndim, err);
    tn_release(v);
    return e;
}

void tn_view_refresh(Tensor *t) {
    Tensor *base = t->view_base;
    if (!base || !tn_rt.grad_enabled) return;
    uint64_t now = base->grad_fn ? base->grad_fn->seq : 0;
    if (now == t->view_seen) return;
    t->view_seen = now;
    OpParams p;
    MgError ignored = { 0 };
    /* a non-contiguous base has no region params; it can only have gained
     * a history through a write that region_params refused, so there is
     * nothing newer to take */
    if (!base->requires_grad || !region_params(base, t->shape, t->strides, t->ndim, t->offset, &p, &ignored))
        return;
    Tensor *fresh = region_view(base, &p, &ignored);
    if (!fresh) return;                   /* cannot fail: the shapes come from t */
    AgNode *old = t->grad_fn;
    t->grad_fn = fresh->grad_fn;          /* taken over from fresh, which is dropped */
    fresh->grad_fn = NULL;
    t->requires_grad = true;
    if (t->retains_grad) {                /* retain_grad(t) follows t to its new node */
        if (old && old->retain == t) old->retain = NULL;
        t->grad_fn->retain = t;
    }
    if (old) ag_node_release(old);
    if (t->name && t->grad_fn && !t->grad_fn->name) t->grad_fn->name = mg_strdup(t->name);
    tn_release(fresh);
}

bool tn_view_write_recorded(const Tensor *x, const Tensor *v) {
    const Tensor *b = x->view_base;
    return b && tn_rt.grad_enabled && (b->requires_grad || x->requires_grad || v->requires_grad);
}

/* After a recorded write into its base, x's history is a view of the base's. */
static void take_base_history(Tensor *x) {
    x->view_seen = UINT64_MAX;            /* no node has this seq: forces the refresh */
    tn_view_refresh(x);
}

bool tn_view_inplace(Tensor *x, OpKind kind, Tensor *v, MgError *err) {
    Tensor *base = x->view_base;
    OpParams p;
    if (!region_params(base, x->shape, x->strides, x->ndim, x->offset, &p, err)) return false;
    Tensor *old = region_view(base, &p, err), *a = NULL, *b = NULL, *out = NULL;
    bool ok = false;
    if (!old) return false;
    /* Inputs the write below would change under a node that saved them: the
     * value when it shares the base's storage (v *= v[0]), and the old
     * values when the rule reads them (*= and /= by a value requiring grad). */
    bool reads_old = (kind == OP_MUL || kind == OP_DIV) && v->requires_grad;
    if (!(b = v->storage == base->storage ? tn_clone(v, err) : (tn_retain(v), v))) goto done;
    if (!(a = reads_old ? tn_clone(old, err) : (tn_retain(old), old))) goto done;
    if (!(out = tn_binary(kind, a, b, err))) goto done;
    ok = tn_region_write(base, x->shape, x->strides, x->ndim, x->offset, &p, out, err);
    if (ok) take_base_history(x);
done:
    tn_release(old);
    tn_release(a);
    tn_release(b);
    tn_release(out);
    return ok;
}

bool tn_view_region_write(Tensor *x, const int64_t *shape, const int64_t *strides, int nd,
                          int64_t offset, Tensor *v, MgError *err) {
    Tensor *base = x->view_base;
    OpParams p;
    if (!region_params(base, shape, strides, nd, offset, &p, err)) return false;
    bool ok = tn_region_write(base, shape, strides, nd, offset, &p, v, err);
    if (ok) take_base_history(x);
    return ok;
}
