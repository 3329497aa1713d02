/* ops_reduce_composite.c - reductions built from sum, max and elementwise
 * ops: mean, var, logsumexp, any, all, norm. Their gradients come from the
 * primitives they are made of. */
#include "ops_composite.h"
#include <math.h>

/* How many elements one output element of a reduction over `axis` sums. */
static bool reduced_count(const char *op, const Tensor *a, int axis, int64_t *count, MgError *err) {
    if (axis == TN_ALL_AXES) {
        *count = a->numel;
        return true;
    }
    int ax;
    if (!cp_axis(op, axis, a->ndim, 0, &ax, err)) return false;
    *count = a->ndim ? a->shape[ax] : 1;      /* a 0-d tensor's axis 0 holds its one element */
    return true;
}

/* mean = sum / count */
Tensor *tn_mean(Tensor *a, int axis, bool keepdim, MgError *err) {
    int64_t count;
    if (!reduced_count("mean", a, axis, &count, err)) return NULL;
    CpScratch s = {0};
    Tensor *total = cp_keep(&s, tn_sum(a, axis, keepdim, err));
    Tensor *n = total ? cp_scalar(&s, (double)count, a, err) : NULL;
    Tensor *out = n ? cp_keep(&s, tn_div(total, n, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "mean");
    return cp_done(&s, out);
}

/* var = sum((a - mean)^2) / max(count - unbiased, 0). The mean keeps the
 * reduced axis (or is 0-d for all axes) so that it broadcasts against a.
 * The divisor stops at 0, as torch's: no elements give 0 / 0 = nan, not
 * 0 / -1 = -0. */
Tensor *tn_var(Tensor *a, int axis, bool keepdim, bool unbiased, MgError *err) {
    int64_t count;
    if (!reduced_count("var", a, axis, &count, err)) return NULL;
    CpScratch s = {0};
    Tensor *mu = cp_keep(&s, tn_mean(a, axis, axis != TN_ALL_AXES, err));
    if (!mu) return cp_fail(&s);
    Tensor *d = cp_keep(&s, tn_sub(a, mu, err));
    Tensor *sq = d ? cp_keep(&s, tn_mul(d, d, err)) : NULL;
    Tensor *ss = sq ? cp_keep(&s, tn_sum(sq, axis, keepdim, err)) : NULL;
    int64_t divisor = count > (unbiased ? 1 : 0) ? count - (unbiased ? 1 : 0) : 0;
    Tensor *n = ss ? cp_scalar(&s, (double)divisor, a, err) : NULL;
    Tensor *out = n ? cp_keep(&s, tn_div(ss, n, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "var");
    return cp_done(&s, out);
}

/* logsumexp of no elements (an empty tensor, or an axis of size 0): the
 * log of an empty sum, -inf, as in torch. There is no max to shift by, and
 * no exponential that could overflow. */
static Tensor *logsumexp_empty(Tensor *a, int ax, bool keepdim, MgError *err) {
    CpScratch s = {0};
    Tensor *e = cp_keep(&s, tn_exp(a, err));
    Tensor *se = e ? cp_keep(&s, tn_sum(e, ax, keepdim, err)) : NULL;
    Tensor *out = se ? cp_keep(&s, tn_log(se, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "logsumexp");
    return cp_done(&s, out);
}

/* logsumexp = log(sum(exp(a - m))) + m with m = max(a), detached: m only
 * shifts the exponent (so exp never overflows for inputs like 1000) and its
 * gradient would cancel anyway, so the gradient is softmax(a). An infinite
 * max is replaced by 0 so that a row of -inf gives -inf rather than nan. */
Tensor *tn_logsumexp(Tensor *a, int axis, bool keepdim, MgError *err) {
    int ax = TN_ALL_AXES;
    if (axis != TN_ALL_AXES && !cp_axis("logsumexp", axis, a->ndim, 0, &ax, err)) return NULL;
    bool all = ax == TN_ALL_AXES;
    bool nothing = all ? a->numel == 0 : a->ndim > 0 && a->shape[ax] == 0;
    if (nothing) return logsumexp_empty(a, ax, keepdim, err);
    CpScratch s = {0};
    /* m: reduced axis kept (0-d for all axes), to broadcast against a */
    Tensor *mx = cp_keep(&s, tn_max(a, ax, !all, err));
    if (!mx) return cp_fail(&s);
    Tensor *m_raw = cp_keep(&s, tn_detach(mx));
    Tensor *inf = cp_scalar(&s, INFINITY, a, err);
    Tensor *zero = inf ? cp_scalar(&s, 0.0, a, err) : NULL;
    Tensor *abs_m = zero ? cp_keep(&s, tn_abs(m_raw, err)) : NULL;
    Tensor *is_inf = abs_m ? cp_keep(&s, tn_eq(abs_m, inf, err)) : NULL;
    Tensor *m = is_inf ? cp_keep(&s, tn_where(is_inf, zero, m_raw, err)) : NULL;
    Tensor *shifted = m ? cp_keep(&s, tn_sub(a, m, err)) : NULL;
    Tensor *e = shifted ? cp_keep(&s, tn_exp(shifted, err)) : NULL;
    Tensor *se = e ? cp_keep(&s, tn_sum(e, ax, keepdim, err)) : NULL;
    Tensor *lse = se ? cp_keep(&s, tn_log(se, err)) : NULL;
    if (!lse) return cp_fail(&s);
    Tensor *m_out = m;   /* m without the kept axis when the result drops it */
    if (!all && !keepdim && !(m_out = cp_keep(&s, tn_squeeze(m, ax, err)))) return cp_fail(&s);
    Tensor *out = cp_keep(&s, tn_add(lse, m_out, err));
    if (!out) return cp_fail(&s);
    cp_label(out, "logsumexp");
    return cp_done(&s, out);
}

/* any/all: 0-d 0/1 tensors of a's dtype, never requiring grad (they are
 * made from comparisons). An empty tensor gives any = 0, all = 1. */
static Tensor *count_vs_zero(Tensor *a, bool any, MgError *err) {
    CpScratch s = {0};
    Tensor *zero = cp_scalar(&s, 0.0, a, err);
    Tensor *hits = zero ? cp_keep(&s, any ? tn_ne(a, zero, err) : tn_eq(a, zero, err)) : NULL;
    Tensor *n = hits ? cp_keep(&s, tn_sum(hits, TN_ALL_AXES, false, err)) : NULL;
    /* any: some element is nonzero; all: no element is zero */
    Tensor *out = n ? cp_keep(&s, any ? tn_gt(n, zero, err) : tn_eq(n, zero, err)) : NULL;
    return out ? cp_done(&s, out) : cp_fail(&s);
}

Tensor *tn_any(Tensor *a, MgError *err) { return count_vs_zero(a, true, err); }
Tensor *tn_all(Tensor *a, MgError *err) { return count_vs_zero(a, false, err); }

/* 2-norm of all elements: sqrt(sum(a * a)). At a = 0 the gradient a / norm
 * would be 0 / 0; torch returns 0 there, and so does this: where the sum of
 * squares is 0 the sqrt is taken of 1 instead and its value discarded, so no
 * inf enters the chain rule (0 * inf would give nan). */
Tensor *tn_norm(Tensor *a, MgError *err) {
    CpScratch s = {0};
    Tensor *sq = cp_keep(&s, tn_mul(a, a, err));
    Tensor *ss = sq ? cp_keep(&s, tn_sum(sq, TN_ALL_AXES, false, err)) : NULL;
    Tensor *zero = ss ? cp_scalar(&s, 0.0, a, err) : NULL;
    Tensor *one = zero ? cp_scalar(&s, 1.0, a, err) : NULL;
    Tensor *is_zero = one ? cp_keep(&s, tn_eq(ss, zero, err)) : NULL;
    Tensor *safe = is_zero ? cp_keep(&s, tn_where(is_zero, one, ss, err)) : NULL;
    Tensor *root = safe ? cp_keep(&s, tn_sqrt(safe, err)) : NULL;
    Tensor *out = root ? cp_keep(&s, tn_where(is_zero, zero, root, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "norm");
    return cp_done(&s, out);
}
