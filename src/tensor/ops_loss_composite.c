/* ops_loss_composite.c - losses built from primitives: mse_loss, bce_loss,
 * bce_with_logits, nll_loss, cross_entropy. Each is a mean over all
 * elements (or over the batch for the class losses), a 0-d tensor. */
#include "ops_composite.h"

/* mean((pred - target)^2); the shapes must match exactly (torch silently
 * broadcasts [4, 1] against [4], a classic bug, so mg refuses it). */
Tensor *tn_mse_loss(Tensor *pred, Tensor *target, MgError *err) {
    if (!cp_same_shape("mse_loss", "pred", pred, "target", target, err)) return NULL;
    CpScratch s = {0};
    Tensor *d = cp_keep(&s, tn_sub(pred, target, err));
    Tensor *sq = d ? cp_keep(&s, tn_mul(d, d, err)) : NULL;
    Tensor *out = sq ? cp_keep(&s, tn_mean(sq, TN_ALL_AXES, false, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "mse_loss");
    return cp_done(&s, out);
}

/* max(log(max(p, tiny)), -100): torch's log clamped at -100. The inner
 * max keeps log's input positive, so p = 0 (a saturated f32 sigmoid) gives
 * -100 with a zero gradient instead of 0 * inf = nan. tiny = 1e-44 has
 * log < -100 in both f32 (a subnormal) and f64. Parked in s. */
static Tensor *clamped_log(CpScratch *s, Tensor *p, MgError *err) {
    Tensor *tiny = cp_scalar(s, 1e-44, p, err);
    Tensor *floor = tiny ? cp_scalar(s, -100.0, p, err) : NULL;
    Tensor *safe = floor ? cp_keep(s, tn_maximum(p, tiny, err)) : NULL;
    Tensor *lg = safe ? cp_keep(s, tn_log(safe, err)) : NULL;
    return lg ? cp_keep(s, tn_maximum(lg, floor, err)) : NULL;
}

/* -mean(y * log(p) + (1 - y) * log(1 - p)), logs clamped at -100 as torch.
 * Mixed dtypes are promoted first: an f32 p with an f64 y takes its logs in
 * f64, as the f64 result promises. */
Tensor *tn_bce_loss(Tensor *p, Tensor *y, MgError *err) {
    if (!cp_same_shape("bce_loss", "p", p, "y", y, err)) return NULL;
    CpScratch s = {0};
    Tensor *in[2] = { p, y };
    if (!cp_promote(&s, in, 2, err)) return cp_fail(&s);
    p = in[0];
    y = in[1];
    Tensor *one = cp_scalar(&s, 1.0, p, err);
    Tensor *q = one ? cp_keep(&s, tn_sub(one, p, err)) : NULL;       /* 1 - p */
    Tensor *ny = q ? cp_keep(&s, tn_sub(one, y, err)) : NULL;        /* 1 - y */
    Tensor *lp = ny ? clamped_log(&s, p, err) : NULL;
    Tensor *lq = lp ? clamped_log(&s, q, err) : NULL;
    Tensor *t1 = lq ? cp_keep(&s, tn_mul(y, lp, err)) : NULL;
    Tensor *t2 = t1 ? cp_keep(&s, tn_mul(ny, lq, err)) : NULL;
    Tensor *ll = t2 ? cp_keep(&s, tn_add(t1, t2, err)) : NULL;
    Tensor *m = ll ? cp_keep(&s, tn_mean(ll, TN_ALL_AXES, false, err)) : NULL;
    Tensor *out = m ? cp_keep(&s, tn_neg(m, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "bce_loss");
    return cp_done(&s, out);
}

/* mean(softplus(z) - z * y). This equals the textbook stable form
 * max(z, 0) - z * y + log1p(exp(-|z|)) (softplus is the stable primitive),
 * and unlike that form its gradient sigmoid(z) - y is also right at z = 0,
 * where relu'(0) = abs'(0) = 0 would give -y instead of 0.5 - y. */
Tensor *tn_bce_with_logits(Tensor *z, Tensor *y, MgError *err) {
    if (!cp_same_shape("bce_with_logits", "z", z, "y", y, err)) return NULL;
    CpScratch s = {0};
    Tensor *in[2] = { z, y };                 /* softplus(z) in the result's dtype */
    if (!cp_promote(&s, in, 2, err)) return cp_fail(&s);
    z = in[0];
    y = in[1];
    Tensor *sp = cp_keep(&s, tn_softplus(z, err));
    Tensor *zy = sp ? cp_keep(&s, tn_mul(z, y, err)) : NULL;
    Tensor *l = zy ? cp_keep(&s, tn_sub(sp, zy, err)) : NULL;
    Tensor *out = l ? cp_keep(&s, tn_mean(l, TN_ALL_AXES, false, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "bce_with_logits");
    return cp_done(&s, out);
}

/* logp (N, C) and classes (N,): checks shapes and class values for op. */
static bool check_class_args(const char *op, const char *what, const Tensor *x,
                             const Tensor *classes, MgError *err) {
    char sx[128], sc[128];
    if (x->ndim != 2 || classes->ndim != 1 || classes->shape[0] != x->shape[0])
        return mg_error(err, ERR_SHAPE, "%s: %s have shape %s but classes have shape %s; "
                        "expected (N, C) and (N)", op, what,
                        tn_shape_str(x->shape, x->ndim, sx, sizeof sx),
                        tn_shape_str(classes->shape, classes->ndim, sc, sizeof sc));
    return cp_same_device(op, x, classes, err) && cp_check_classes(op, classes, x->shape[1], err);
}

/* -mean over the batch of logp[i, classes[i]]: take_along picks each row's
 * entry (its gradient scatters -1/N back to that entry, zeros elsewhere). */
static Tensor *nll(Tensor *logp, Tensor *classes, MgError *err) {
    int64_t col_shape[2] = {classes->shape[0], 1};
    CpScratch s = {0};
    Tensor *col = cp_keep(&s, tn_reshape(classes, col_shape, 2, err));            /* (N, 1) */
    Tensor *picked = col ? cp_keep(&s, tn_take_along(logp, col, 1, err)) : NULL;  /* (N, 1) */
    Tensor *total = picked ? cp_keep(&s, tn_sum(picked, TN_ALL_AXES, false, err)) : NULL;
    Tensor *n = total ? cp_scalar(&s, -(double)logp->shape[0], logp, err) : NULL;
    Tensor *out = n ? cp_keep(&s, tn_div(total, n, err)) : NULL;
    return out ? cp_done(&s, out) : cp_fail(&s);
}

Tensor *tn_nll_loss(Tensor *logp, Tensor *classes, MgError *err) {
    if (!check_class_args("nll_loss", "log-probabilities", logp, classes, err)) return NULL;
    Tensor *out = nll(logp, classes, err);
    cp_label(out, "nll_loss");
    return out;
}

/* nll_loss(log_softmax(logits, 1), classes): stable for logits like 1000. */
Tensor *tn_cross_entropy(Tensor *logits, Tensor *classes, MgError *err) {
    if (!check_class_args("cross_entropy", "logits", logits, classes, err)) return NULL;
    CpScratch s = {0};
    Tensor *logp = cp_keep(&s, tn_log_softmax(logits, 1, err));
    Tensor *out = logp ? cp_keep(&s, nll(logp, classes, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "cross_entropy");
    return cp_done(&s, out);
}
