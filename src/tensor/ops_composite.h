/* ops_composite.h - helpers shared by the composite ops (ops_*_composite.c,
 * ops_nn.c).
 *
 * A composite op (mean, softmax, conv2d, ...) is a short chain of tn_* calls,
 * so it records ordinary graph nodes and needs no gradient code. Each
 * intermediate tensor is parked in a CpScratch; the op returns through
 * cp_done (success: a new reference to the result, everything else released)
 * or cp_fail (an inner op failed and filled err), so every function reads as
 * the formula it computes with a single cleanup path.
 *
 *     CpScratch s = {0};
 *     Tensor *e = cp_keep(&s, tn_exp(a, err));
 *     if (!e) return cp_fail(&s);
 *     return cp_done(&s, cp_keep(&s, tn_div(e, z, err)));
 */
#ifndef MG_OPS_COMPOSITE_H
#define MG_OPS_COMPOSITE_H
#include "tensor.h"

typedef struct CpScratch {
    Tensor **items;
    int n, cap;
} CpScratch;

/* Parks t (NULL is ignored) and returns it unchanged. */
Tensor *cp_keep(CpScratch *s, Tensor *t);
/* Releases every parked tensor; returns NULL (err is already filled). */
Tensor *cp_fail(CpScratch *s);
/* A new reference to out (or NULL when out is NULL), then releases the rest. */
Tensor *cp_done(CpScratch *s, Tensor *out);

/* A parked 0-d tensor holding v, with like's dtype and device. */
Tensor *cp_scalar(CpScratch *s, double v, const Tensor *like, MgError *err);

/* Normalizes a possibly negative axis of a tensor with ndim dimensions
 * (range [-ndim, ndim-1]; a 0-d tensor takes 0 and -1, giving 0); extra
 * widens the range for ops that insert an axis (unsqueeze, stack: extra = 1).
 * Errors name the op. */
bool cp_axis(const char *op, int axis, int ndim, int extra, int *out, MgError *err);

/* The n tensors ts[i] (NULL entries are skipped: an absent bias) replaced
 * by their conversion (a recorded to_dtype, parked in s) to f64 when their
 * dtypes differ (SPEC 5), so that a composite of several inputs computes
 * every step in the result's dtype, as one primitive op would: linear(x, W,
 * b) with an f64 b multiplies x @ W in f64 too. False (err filled) on
 * failure. */
bool cp_promote(CpScratch *s, Tensor **ts, int n, MgError *err);

/* Error unless a and b have the same shape:
 * "mse_loss: pred has shape [4, 1] but target has shape [4]". */
bool cp_same_shape(const char *op, const char *a_name, const Tensor *a,
                   const char *b_name, const Tensor *b, MgError *err);

/* Error unless t has exactly ndim dimensions:
 * "conv2d: expected x with 4 dimensions (N, C, H, W), got shape [3, 4]". */
bool cp_ndim(const char *op, const char *name, const Tensor *t, int ndim,
             const char *layout, MgError *err);

/* Error unless both tensors live on the same device. */
bool cp_same_device(const char *op, const Tensor *a, const Tensor *b, MgError *err);

/* Makes the node that produced `out` display as the composite (grad_fn,
 * graph(), trace), e.g. "softmax" rather than "div". Only relabels a node
 * the composite itself made: callers pass out right after its last op. */
void cp_label(Tensor *out, const char *label);

/* Reads a tensor of class indices on the host and checks each is a whole
 * number in [0, n): "cross_entropy: class 3 is out of range for 3 classes". */
bool cp_check_classes(const char *op, const Tensor *classes, int64_t n, MgError *err);

#endif
