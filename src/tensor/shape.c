/* shape.c - shapes, strides, axes and NumPy broadcasting. */
#include "tn_internal.h"
#include <string.h>

int64_t tn_numel_of(const int64_t *shape, int ndim) {
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) n *= shape[d];
    return n;
}

void tn_contiguous_strides(const int64_t *shape, int ndim, int64_t *strides) {
    int64_t s = 1;
    for (int d = ndim - 1; d >= 0; d--) {
        strides[d] = s;
        s *= shape[d] > 0 ? shape[d] : 1;
    }
}

bool tn_shape_fits(const int64_t *shape, int ndim) {
    int64_t extent = 1;
    for (int d = 0; d < ndim; d++)
        if (__builtin_mul_overflow(extent, shape[d] > 0 ? shape[d] : 1, &extent)) return false;
    return true;
}

bool tn_same_shape(const int64_t *a, int na, const int64_t *b, int nb) {
    return na == nb && (na == 0 || memcmp(a, b, (size_t)na * sizeof(int64_t)) == 0);
}

bool tn_norm_axis(int axis, int ndim, int *out, MgError *err) {
    int n = ndim > 0 ? ndim : 1;     /* a 0-d tensor accepts axis 0 and -1, as torch */
    if (axis < -n || axis >= n)
        return mg_error(err, ERR_INDEX, "axis %d is out of range for a tensor with %d dimension%s",
                        axis, ndim, ndim == 1 ? "" : "s");
    *out = axis < 0 ? axis + n : axis;
    return true;
}

bool tn_broadcast_shapes(const int64_t *a, int na, const int64_t *b, int nb, const char *op,
                         int64_t *out, int *nout, MgError *err) {
    int n = na > nb ? na : nb;
    for (int i = 0; i < n; i++) {
        /* align from the right */
        int64_t da = i < n - na ? 1 : a[i - (n - na)];
        int64_t db = i < n - nb ? 1 : b[i - (n - nb)];
        if (da != db && da != 1 && db != 1) {
            char sa[256], sb[256];
            return mg_error(err, ERR_SHAPE, "shape mismatch in '%s': %s and %s cannot be broadcast", op,
                            tn_shape_str(a, na, sa, sizeof sa), tn_shape_str(b, nb, sb, sizeof sb));
        }
        out[i] = da == 1 ? db : da;
    }
    *nout = n;
    return true;
}

Tensor tn_broadcast_view(const Tensor *t, const int64_t *shape, int ndim) {
    Tensor v = *t;
    int lead = ndim - t->ndim;
    for (int d = 0; d < ndim; d++) {
        int sd = d - lead;
        v.shape[d] = shape[d];
        v.strides[d] = (sd < 0 || t->shape[sd] != shape[d]) ? 0 : t->strides[sd];
    }
    v.ndim = ndim;
    v.numel = tn_numel_of(shape, ndim);
    return v;
}

bool tn_check_devices(Tensor **ts, int n, MgError *err) {
    for (int i = 1; i < n; i++)
        if (ts[i]->device != ts[0]->device)
            return mg_error(err, ERR_DEVICE, "expected all tensors on the same device, but found %s and %s",
                            tn_device_name(ts[0]->device), tn_device_name(ts[i]->device));
    return true;
}

bool tn_shares_elements(const Tensor *x) {
    if (x->numel == 0) return false;  /* no elements, none shared: an expanded empty .grad */
    for (int d = 0; d < x->ndim; d++)
        if (x->strides[d] == 0 && x->shape[d] > 1) return true;
    return false;
}

bool tn_check_no_overlap(const Tensor *x, MgError *err) {
    if (tn_shares_elements(x))
        return mg_error(err, ERR_VALUE, "in-place write into a tensor whose elements share memory "
                        "(an expand() view); write into a copy made with contiguous(x)");
    return true;
}
