/* ops_elementwise_composite.c - activations built from primitives:
 * leaky_relu, gelu, clamp. */
#include "ops_composite.h"
#include "tn_internal.h"
#include <math.h>
#include <string.h>

/* leaky_relu(x) = where(x > 0, x, slope * x): the gradient at 0 is slope, as torch. */
Tensor *tn_leaky_relu(Tensor *a, double slope, MgError *err) {
    CpScratch s = {0};
    Tensor *zero = cp_scalar(&s, 0.0, a, err);
    Tensor *k = zero ? cp_scalar(&s, slope, a, err) : NULL;
    Tensor *pos = k ? cp_keep(&s, tn_gt(a, zero, err)) : NULL;
    Tensor *leak = pos ? cp_keep(&s, tn_mul(a, k, err)) : NULL;
    Tensor *out = leak ? cp_keep(&s, tn_where(pos, a, leak, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "leaky_relu");
    return cp_done(&s, out);
}

/* gelu(x) = x * 0.5 * (1 + erf(x / sqrt(2))), the exact form (torch's default). */
Tensor *tn_gelu(Tensor *a, MgError *err) {
    CpScratch s = {0};
    Tensor *r2 = cp_scalar(&s, M_SQRT1_2, a, err);
    Tensor *half = r2 ? cp_scalar(&s, 0.5, a, err) : NULL;
    Tensor *xs = half ? cp_keep(&s, tn_mul(a, r2, err)) : NULL;
    Tensor *e = xs ? cp_keep(&s, tn_erf(xs, err)) : NULL;
    Tensor *he = e ? cp_keep(&s, tn_mul(e, half, err)) : NULL;
    Tensor *cdf = he ? cp_keep(&s, tn_add(he, half, err)) : NULL;   /* Phi(x) = 0.5 + 0.5 erf */
    Tensor *out = cdf ? cp_keep(&s, tn_mul(a, cdf, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "gelu");
    return cp_done(&s, out);
}

/* clamp(x, lo, hi) = minimum(maximum(x, lo), hi). maximum passes the
 * gradient to x where x >= lo and minimum where x <= hi, so it flows where
 * lo <= x <= hi (SPEC §6.7); a tensor bound gets the rest. A NULL bound is
 * skipped. */
Tensor *tn_clamp_tensors(Tensor *a, Tensor *lo, Tensor *hi, MgError *err) {
    /* the three shapes broadcast together; checked here so that the error
     * names clamp, not the maximum or minimum it is made of */
    int64_t shape[TN_MAX_DIMS], wider[TN_MAX_DIMS];
    int nd = a->ndim;
    memcpy(shape, a->shape, (size_t)nd * sizeof *shape);
    Tensor *bounds[2] = { lo, hi };
    for (int i = 0; i < 2; i++) {
        if (!bounds[i]) continue;
        if (!tn_broadcast_shapes(shape, nd, bounds[i]->shape, bounds[i]->ndim, "clamp", wider, &nd, err))
            return NULL;
        memcpy(shape, wider, (size_t)nd * sizeof *shape);
    }
    CpScratch s = {0};
    Tensor *cur = a;
    if (lo && !(cur = cp_keep(&s, tn_maximum(cur, lo, err)))) return cp_fail(&s);
    if (hi && !(cur = cp_keep(&s, tn_minimum(cur, hi, err)))) return cp_fail(&s);
    if (cur == a) {   /* no bound at all: an identity that still makes a new node */
        Tensor *zero = cp_scalar(&s, 0.0, a, err);
        if (!zero || !(cur = cp_keep(&s, tn_add(a, zero, err)))) return cp_fail(&s);
    }
    cp_label(cur, "clamp");
    return cp_done(&s, cur);
}

/* Number bounds: 0-d tensors of a's dtype; an infinite bound is skipped. */
Tensor *tn_clamp(Tensor *a, double lo, double hi, MgError *err) {
    CpScratch s = {0};
    Tensor *l = lo != -INFINITY ? cp_scalar(&s, lo, a, err) : NULL;
    Tensor *h = hi != INFINITY ? cp_scalar(&s, hi, a, err) : NULL;
    if ((lo != -INFINITY && !l) || (hi != INFINITY && !h)) return cp_fail(&s);
    Tensor *out = cp_keep(&s, tn_clamp_tensors(a, l, h, err));
    return out ? cp_done(&s, out) : cp_fail(&s);
}
