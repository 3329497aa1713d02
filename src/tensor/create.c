/* create.c - constructors. Values are written on the host and uploaded,
 * so every device gets exactly the same numbers. */
#include "tn_internal.h"
#include <math.h>

Tensor *tn_host_to_device(Tensor *host, Device dev, MgError *err) {
    if (!host || dev == DEV_CPU) return host;
    Tensor *out = tn_to_device(host, dev, err);
    tn_release(host);
    return out;
}

Tensor *tn_from_doubles(const double *vals, const int64_t *shape, int ndim, DType dt, Device dev,
                        MgError *err) {
    Tensor *t = tn_alloc(shape, ndim, dt, DEV_CPU, err);
    if (!t) return NULL;
    for (int64_t i = 0; i < t->numel; i++) tn_host_set(t, i, vals[i]);
    return tn_host_to_device(t, dev, err);
}

Tensor *tn_full(const int64_t *shape, int ndim, double v, DType dt, Device dev, MgError *err) {
    Tensor *t = tn_alloc(shape, ndim, dt, dev, err);
    if (t) tn_backend(dev)->fill(t, v);
    return t;
}

Tensor *tn_scalar(double v, DType dt, Device dev, MgError *err) {
    return tn_full(NULL, 0, v, dt, dev, err);
}

Tensor *tn_zeros(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) {
    return tn_full(shape, ndim, 0.0, dt, dev, err);
}

Tensor *tn_ones(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) {
    return tn_full(shape, ndim, 1.0, dt, dev, err);
}

Tensor *tn_zeros_like(const Tensor *t, MgError *err) {
    return tn_full(t->shape, t->ndim, 0.0, t->dtype, t->device, err);
}

Tensor *tn_ones_like(const Tensor *t, MgError *err) {
    return tn_full(t->shape, t->ndim, 1.0, t->dtype, t->device, err);
}

Tensor *tn_arange(double start, double stop, double step, DType dt, Device dev, MgError *err) {
    if (step == 0 || !isfinite(step) || !isfinite(start) || !isfinite(stop)) {
        mg_error(err, ERR_VALUE, "arange: step must be a nonzero finite number and the bounds finite");
        return NULL;
    }
    double count = ceil((stop - start) / step);
    /* clamped before converting: (int64_t)1e19 is undefined behaviour */
    int64_t n = count > 9e15 ? INT64_MAX / 16 : count > 0 ? (int64_t)count : 0;  /* the size check reports it */
    Tensor *t = tn_alloc(&n, 1, dt, DEV_CPU, err);
    if (!t) return NULL;
    for (int64_t i = 0; i < n; i++) tn_host_set(t, i, start + (double)i * step);
    return tn_host_to_device(t, dev, err);
}

Tensor *tn_linspace(double a, double b, int64_t n, DType dt, Device dev, MgError *err) {
    if (n < 0) {
        mg_error(err, ERR_VALUE, "linspace: the number of points must be >= 0, got %lld", (long long)n);
        return NULL;
    }
    Tensor *t = tn_alloc(&n, 1, dt, DEV_CPU, err);
    if (!t) return NULL;
    /* as torch: the first half counts up from a, the second half down from b */
    double step = n > 1 ? (b - a) / (double)(n - 1) : 0;
    for (int64_t i = 0; i < n; i++) {
        /* one point is a, as in torch */
        tn_host_set(t, i, i < n / 2 || n == 1 ? a + step * (double)i : b - step * (double)(n - 1 - i));
    }
    return tn_host_to_device(t, dev, err);
}

Tensor *tn_eye(int64_t n, DType dt, Device dev, MgError *err) {
    int64_t shape[2] = { n, n };
    Tensor *t = tn_zeros(shape, 2, dt, dev, err);
    if (!t) return NULL;
    /* the diagonal is a 1-D view with stride n + 1 */
    int64_t dshape[1] = { n }, dstride[1] = { n + 1 };
    Tensor *diag = tn_view_of(t, dshape, dstride, 1, 0);
    tn_backend(dev)->fill(diag, 1.0);
    tn_release(diag);
    return t;
}
