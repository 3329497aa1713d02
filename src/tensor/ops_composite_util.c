/* ops_composite_util.c - scratch lists, argument checks and labels for the
 * composite ops (see ops_composite.h). */
#include "ops_composite.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include <math.h>

Tensor *cp_keep(CpScratch *s, Tensor *t) {
    if (!t) return NULL;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->items = mg_realloc(s->items, (size_t)s->cap * sizeof *s->items);
    }
    s->items[s->n++] = t;
    return t;
}

Tensor *cp_fail(CpScratch *s) {
    for (int i = 0; i < s->n; i++) tn_release(s->items[i]);
    mg_free(s->items);
    s->items = NULL;
    s->n = s->cap = 0;
    return NULL;
}

Tensor *cp_done(CpScratch *s, Tensor *out) {
    if (out) tn_retain(out);
    cp_fail(s);
    return out;
}

Tensor *cp_scalar(CpScratch *s, double v, const Tensor *like, MgError *err) {
    return cp_keep(s, tn_scalar(v, like->dtype, like->device, err));
}

bool cp_axis(const char *op, int axis, int ndim, int extra, int *out, MgError *err) {
    /* a 0-d tensor takes axis 0 and -1, as in torch and as the primitives
     * (tn_norm_axis): mean, var, softmax ... of tensor(3.0) along axis 0 work */
    int n = ndim + extra > 0 ? ndim + extra : 1;
    if (axis < -n || axis >= n) {
        if (ndim + extra == 0)
            return mg_error(err, ERR_INDEX, "%s: axis %d is out of range for a 0-d tensor (0 or -1)",
                            op, axis);
        return mg_error(err, ERR_INDEX, "%s: axis %d is out of range [%d, %d]", op, axis, -n, n - 1);
    }
    *out = axis < 0 ? axis + n : axis;
    return true;
}

bool cp_promote(CpScratch *s, Tensor **ts, int n, MgError *err) {
    bool f32 = false, f64 = false;
    for (int i = 0; i < n; i++) {
        if (!ts[i]) continue;
        f32 |= ts[i]->dtype == DT_F32;
        f64 |= ts[i]->dtype == DT_F64;
    }
    if (!(f32 && f64)) return true;
    for (int i = 0; i < n; i++) {
        if (!ts[i] || ts[i]->dtype == DT_F64) continue;
        if (!(ts[i] = cp_keep(s, tn_to_dtype(ts[i], DT_F64, err)))) return false;
    }
    return true;
}

bool cp_same_shape(const char *op, const char *a_name, const Tensor *a,
                   const char *b_name, const Tensor *b, MgError *err) {
    bool same = a->ndim == b->ndim;
    for (int i = 0; same && i < a->ndim; i++) same = a->shape[i] == b->shape[i];
    if (same) return true;
    char sa[128], sb[128];
    return mg_error(err, ERR_SHAPE, "%s: %s has shape %s but %s has shape %s", op,
                    a_name, tn_shape_str(a->shape, a->ndim, sa, sizeof sa),
                    b_name, tn_shape_str(b->shape, b->ndim, sb, sizeof sb));
}

bool cp_ndim(const char *op, const char *name, const Tensor *t, int ndim,
             const char *layout, MgError *err) {
    if (t->ndim == ndim) return true;
    char st[128];
    return mg_error(err, ERR_SHAPE, "%s: expected %s with %d dimension%s%s%s, got shape %s", op, name,
                    ndim, ndim == 1 ? "" : "s", layout ? " " : "", layout ? layout : "",
                    tn_shape_str(t->shape, t->ndim, st, sizeof st));
}

bool cp_same_device(const char *op, const Tensor *a, const Tensor *b, MgError *err) {
    if (a->device == b->device) return true;
    return mg_error(err, ERR_DEVICE, "%s: tensors are on different devices (%s and %s)", op,
                    tn_device_name(a->device), tn_device_name(b->device));
}

void cp_label(Tensor *out, const char *label) {
    /* AgNode.label exists for exactly this: a composite renaming the node it
     * ends with (graph.h). */
    if (out && out->grad_fn) out->grad_fn->label = label;
}

bool cp_check_classes(const char *op, const Tensor *classes, int64_t n, MgError *err) {
    if (classes->numel == 0) return true;
    double *v = mg_malloc((size_t)classes->numel * sizeof *v);
    tn_to_doubles(classes, v);
    bool ok = true;
    for (int64_t i = 0; ok && i < classes->numel; i++) {
        if (v[i] != floor(v[i]))
            ok = mg_error(err, ERR_VALUE, "%s: class %.17g is not a whole number", op, v[i]);
        else if (v[i] < 0 || v[i] >= (double)n)
            ok = mg_error(err, ERR_INDEX, "%s: class %.17g is out of range for %lld classes", op,
                          v[i], (long long)n);
    }
    mg_free(v);
    return ok;
}
