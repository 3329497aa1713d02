/* ops_nn.c - neural-network layers built from primitives: softmax,
 * log_softmax, linear, layer_norm, dropout, one_hot. Losses are in
 * ops_loss_composite.c, conv2d and max_pool2d in ops_conv_composite.c. */
#include "ops_composite.h"
#include "tn_internal.h"   /* the SOFTMAX primitive: tn_alloc, tn_record, tn_backend */
#include "../util/alloc.h" /* MG_ASSERT */

/* softmax and log_softmax are primitives (FAM_SOFTMAX in ops.def) with
 * a one-pass-per-row kernel on every device: the composite form
 * exp(a - max) / sum(exp(a - max)) made five full-size temporaries. The
 * kernels subtract the row max first, so inputs like 1000 do not overflow.
 * The gradient rules (grad_rules.c) read the saved output. */
static Tensor *softmax_primitive(OpKind op, Tensor *a, int ax, MgError *err) {
    Tensor *out = tn_alloc(a->shape, a->ndim, a->dtype, a->device, err);
    if (!out) return NULL;
    tn_backend(a->device)->softmax(op, out, a, ax);
    OpParams p = { 0 };
    p.axis = ax;
    p.save_output = true;
    bool ns[1] = { false };
    tn_record(out, op, &a, 1, ns, &p);
    return out;
}

/* y * (g - sum(g * y, axis)) in one pass per row. Only gradient rules call
 * this, with g the incoming gradient of y: same shape, dtype and device. */
Tensor *tn_softmax_backward(Tensor *g, Tensor *y, int axis, MgError *err) {
    MG_ASSERT(g->device == y->device && g->dtype == y->dtype &&
              tn_same_shape(g->shape, g->ndim, y->shape, y->ndim));
    Tensor *out = tn_alloc(y->shape, y->ndim, y->dtype, y->device, err);
    if (!out) return NULL;
    tn_backend(y->device)->softmax_backward(out, g, y, axis);
    Tensor *in[2] = { g, y };
    bool ns[2] = { true, true };
    OpParams p = { 0 };
    p.axis = axis;
    tn_record(out, OP_SOFTMAX_BACKWARD, in, 2, ns, &p);
    return out;
}

Tensor *tn_softmax(Tensor *a, int axis, MgError *err) {
    int ax;
    if (!cp_axis("softmax", axis, a->ndim, 0, &ax, err)) return NULL;
    return softmax_primitive(OP_SOFTMAX, a, ax, err);
}

Tensor *tn_log_softmax(Tensor *a, int axis, MgError *err) {
    int ax;
    if (!cp_axis("log_softmax", axis, a->ndim, 0, &ax, err)) return NULL;
    return softmax_primitive(OP_LOG_SOFTMAX, a, ax, err);
}

/* linear(x, W, b) = x @ W + b with x (..., in), W (in, out), b (out) or NULL. */
static bool linear_args_ok(const Tensor *x, const Tensor *w, const Tensor *b, MgError *err) {
    char sx[128], sw[128], sb[128];
    if (w->ndim != 2 || x->ndim < 1 || x->shape[x->ndim - 1] != w->shape[0])
        return mg_error(err, ERR_SHAPE, "linear: x has shape %s and W has shape %s; "
                        "W must be 2-D (in, out) with in = x's last dimension",
                        tn_shape_str(x->shape, x->ndim, sx, sizeof sx),
                        tn_shape_str(w->shape, w->ndim, sw, sizeof sw));
    if (b && b->ndim != 0 && !(b->ndim == 1 && b->shape[0] == w->shape[1]))
        return mg_error(err, ERR_SHAPE, "linear: b has shape %s but W has shape %s; b must have shape [%lld]",
                        tn_shape_str(b->shape, b->ndim, sb, sizeof sb),
                        tn_shape_str(w->shape, w->ndim, sw, sizeof sw), (long long)w->shape[1]);
    return true;
}

Tensor *tn_linear(Tensor *x, Tensor *w, Tensor *b, MgError *err) {
    if (!linear_args_ok(x, w, b, err)) return NULL;
    CpScratch s = {0};
    Tensor *in[3] = { x, w, b };
    if (!cp_promote(&s, in, 3, err)) return cp_fail(&s);
    x = in[0];
    w = in[1];
    b = in[2];
    Tensor *out = cp_keep(&s, tn_matmul(x, w, err));
    if (out && b) out = cp_keep(&s, tn_add(out, b, err));
    if (!out) return cp_fail(&s);
    cp_label(out, "linear");
    return cp_done(&s, out);
}

/* layer_norm over the last axis, no affine: (x - mean) / sqrt(var + eps)
 * with the biased variance and eps inside the sqrt, as torch. */
Tensor *tn_layer_norm(Tensor *x, double eps, MgError *err) {
    if (x->ndim < 1) {
        mg_error(err, ERR_SHAPE, "layer_norm: expected a tensor with at least 1 dimension, got shape []");
        return NULL;
    }
    CpScratch s = {0};
    Tensor *mu = cp_keep(&s, tn_mean(x, -1, true, err));                 /* (..., 1) */
    Tensor *d = mu ? cp_keep(&s, tn_sub(x, mu, err)) : NULL;
    Tensor *sq = d ? cp_keep(&s, tn_mul(d, d, err)) : NULL;
    Tensor *var = sq ? cp_keep(&s, tn_mean(sq, -1, true, err)) : NULL;  /* (..., 1) */
    Tensor *e = var ? cp_scalar(&s, eps, x, err) : NULL;
    Tensor *ve = e ? cp_keep(&s, tn_add(var, e, err)) : NULL;
    Tensor *sd = ve ? cp_keep(&s, tn_sqrt(ve, err)) : NULL;
    Tensor *out = sd ? cp_keep(&s, tn_div(d, sd, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "layer_norm");
    return cp_done(&s, out);
}

/* dropout: keep each element with probability 1 - p and scale it by
 * 1 / (1 - p), so the expectation is unchanged. The mask comes from the one
 * seeded generator (tn_rand), so a seed reproduces it on every device.
 * train=false or p=0 is the identity; p=1 gives zeros (gradient zero). */
Tensor *tn_dropout(Tensor *x, double p, bool train, MgError *err) {
    if (!(p >= 0 && p <= 1)) {
        mg_error(err, ERR_VALUE, "dropout: p must be between 0 and 1, got %g", p);
        return NULL;
    }
    if (!train || p == 0) {
        tn_retain(x);
        return x;
    }
    CpScratch s = {0};
    Tensor *scale = NULL;   /* 0 where dropped, 1/(1-p) where kept */
    if (p == 1) {
        scale = cp_scalar(&s, 0.0, x, err);
    } else {
        Tensor *r = cp_keep(&s, tn_rand(x->shape, x->ndim, x->dtype, x->device, err));
        Tensor *keep_p = r ? cp_scalar(&s, 1.0 - p, x, err) : NULL;
        Tensor *mask = keep_p ? cp_keep(&s, tn_lt(r, keep_p, err)) : NULL;
        Tensor *inv = mask ? cp_scalar(&s, 1.0 / (1.0 - p), x, err) : NULL;
        scale = inv ? cp_keep(&s, tn_mul(mask, inv, err)) : NULL;
    }
    Tensor *out = scale ? cp_keep(&s, tn_mul(x, scale, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "dropout");
    return cp_done(&s, out);
}

/* one_hot(classes, n): classes of any shape (whole numbers in [0, n)) give
 * shape classes.shape + [n], f32, 1 at each class: classes[..., None] == arange(n). */
Tensor *tn_one_hot(Tensor *classes, int64_t n, MgError *err) {
    if (n < 1) {
        mg_error(err, ERR_VALUE, "one_hot: n must be at least 1, got %lld", (long long)n);
        return NULL;
    }
    if (classes->ndim == TN_MAX_DIMS) {
        mg_error(err, ERR_SHAPE, "one_hot: classes may have at most %d dimensions", TN_MAX_DIMS - 1);
        return NULL;
    }
    if (!cp_check_classes("one_hot", classes, n, err)) return NULL;
    CpScratch s = {0};
    Tensor *col = cp_keep(&s, tn_unsqueeze(classes, classes->ndim, err));   /* (..., 1) */
    Tensor *ids = col ? cp_keep(&s, tn_arange(0, (double)n, 1, classes->dtype, classes->device, err)) : NULL;
    Tensor *hot = ids ? cp_keep(&s, tn_eq(col, ids, err)) : NULL;           /* (..., n) */
    Tensor *out = hot;
    if (hot && hot->dtype != DT_F32) out = cp_keep(&s, tn_to_dtype(hot, DT_F32, err));
    return out ? cp_done(&s, out) : cp_fail(&s);
}
