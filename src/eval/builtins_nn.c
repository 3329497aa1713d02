/* builtins_nn.c - neural-network building blocks (SPEC §7 "nn"). */
#include "builtins.h"
#include <limits.h>

static bool softmax_like(BiArgs *a, BiIntOp tn, Value *out, MgError *err) {
    int64_t axis;
    return bi_whole(a, 1, &axis, err) && bi_apply_int(a, tn, (int)axis, out, err);
}

static bool bi_softmax(BiArgs *a, Value *out, MgError *err) { return softmax_like(a, tn_softmax, out, err); }
static bool bi_log_softmax(BiArgs *a, Value *out, MgError *err) { return softmax_like(a, tn_log_softmax, out, err); }

static bool bi_mse_loss(BiArgs *a, Value *out, MgError *err) { return bi_apply_pair(a, tn_mse_loss, out, err); }
static bool bi_bce_loss(BiArgs *a, Value *out, MgError *err) { return bi_apply_pair(a, tn_bce_loss, out, err); }
static bool bi_bce_with_logits(BiArgs *a, Value *out, MgError *err) { return bi_apply_pair(a, tn_bce_with_logits, out, err); }
static bool bi_cross_entropy(BiArgs *a, Value *out, MgError *err) { return bi_apply_pair(a, tn_cross_entropy, out, err); }
static bool bi_nll_loss(BiArgs *a, Value *out, MgError *err) { return bi_apply_pair(a, tn_nll_loss, out, err); }

static bool bi_linear(BiArgs *a, Value *out, MgError *err) {
    Tensor *x = bi_tensor(a, 0, err);
    Tensor *w = x ? bi_tensor(a, 1, err) : NULL;
    Tensor *b = w && !bi_is_none(a, 2) ? bi_tensor_like(a, 2, w, err) : NULL;
    Tensor *r = NULL;
    if (w && (b || bi_is_none(a, 2))) {
        bi_mark(a);
        r = tn_linear(x, w, b, err);
    }
    tn_release(x);
    tn_release(w);
    tn_release(b);
    return bi_ret_tensor(r, out);
}

static bool bi_conv2d(BiArgs *a, Value *out, MgError *err) {
    int64_t stride, padding;
    if (!bi_whole(a, 3, &stride, err) || !bi_whole(a, 4, &padding, err)) return false;
    if (stride < 1) return mg_error(err, ERR_VALUE, "conv2d: argument 'stride' must be at least 1, got %lld", (long long)stride);
    if (padding < 0) return mg_error(err, ERR_VALUE, "conv2d: argument 'padding' must not be negative, got %lld", (long long)padding);
    if (stride > INT_MAX || padding > INT_MAX)
        return mg_error(err, ERR_VALUE, "conv2d: argument '%s' must be at most %d, got %lld",
                        stride > INT_MAX ? "stride" : "padding", INT_MAX,
                        (long long)(stride > INT_MAX ? stride : padding));
    Tensor *x = bi_tensor(a, 0, err);
    Tensor *w = x ? bi_tensor(a, 1, err) : NULL;
    Tensor *b = w && !bi_is_none(a, 2) ? bi_tensor(a, 2, err) : NULL;
    Tensor *r = NULL;
    if (w && (b || bi_is_none(a, 2))) {
        bi_mark(a);
        r = tn_conv2d(x, w, b, (int)stride, (int)padding, err);
    }
    tn_release(x);
    tn_release(w);
    tn_release(b);
    return bi_ret_tensor(r, out);
}

static bool bi_max_pool2d(BiArgs *a, Value *out, MgError *err) {
    int64_t k;
    if (!bi_whole(a, 1, &k, err)) return false;
    if (k < 1) return mg_error(err, ERR_VALUE, "max_pool2d: argument 'k' must be at least 1, got %lld", (long long)k);
    if (k > INT_MAX) return mg_error(err, ERR_VALUE, "max_pool2d: argument 'k' must be at most %d, got %lld", INT_MAX, (long long)k);
    return bi_apply_int(a, tn_max_pool2d, (int)k, out, err);
}

static bool bi_layer_norm(BiArgs *a, Value *out, MgError *err) {
    double eps;
    if (!bi_number(a, 1, &eps, err)) return false;
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = tn_layer_norm(x, eps, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

static bool bi_dropout(BiArgs *a, Value *out, MgError *err) {
    double p;
    bool train;
    if (!bi_number(a, 1, &p, err) || !bi_bool(a, 2, &train, err)) return false;
    if (p < 0 || p > 1) return mg_error(err, ERR_VALUE, "dropout: argument 'p' must be in [0, 1], got %g", p);
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = tn_dropout(x, p, train, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

static bool bi_one_hot(BiArgs *a, Value *out, MgError *err) {
    int64_t n;
    if (!bi_whole(a, 1, &n, err)) return false;
    if (n < 1) return mg_error(err, ERR_VALUE, "one_hot: argument 'n' must be at least 1, got %lld", (long long)n);
    Tensor *c = bi_tensor(a, 0, err);
    if (!c) return false;
    bi_mark(a);
    Tensor *r = tn_one_hot(c, n, err);
    tn_release(c);
    return bi_ret_tensor(r, out);
}

const Builtin bi_group_nn[] = {
    {"softmax", "softmax(x, axis=-1)", "exp(x) / sum(exp(x)) along an axis, numerically stable", bi_softmax},
    {"log_softmax", "log_softmax(x, axis=-1)", "log(softmax(x)) along an axis, numerically stable", bi_log_softmax},
    {"mse_loss", "mse_loss(pred, target)", "Mean of squared differences", bi_mse_loss},
    {"bce_loss", "bce_loss(p, y)", "Binary cross-entropy of probabilities p against targets y (mean)", bi_bce_loss},
    {"bce_with_logits", "bce_with_logits(z, y)", "Binary cross-entropy of logits z (stable sigmoid form, mean)", bi_bce_with_logits},
    {"cross_entropy", "cross_entropy(logits, classes)", "Softmax cross-entropy with class indices, mean over the batch", bi_cross_entropy},
    {"nll_loss", "nll_loss(logp, classes)", "Negative log-likelihood of log-probabilities at class indices (mean)", bi_nll_loss},
    {"linear", "linear(x, W, b=none)", "x @ W + b", bi_linear},
    {"conv2d", "conv2d(x, w, b=none, stride=1, padding=0)", "2-D convolution, NCHW input, (out, in, kh, kw) weights", bi_conv2d},
    {"max_pool2d", "max_pool2d(x, k)", "Max over k x k windows with stride k (NCHW)", bi_max_pool2d},
    {"layer_norm", "layer_norm(x, eps=1e-5)", "Normalize the last axis to mean 0, variance 1 (no affine)", bi_layer_norm},
    {"dropout", "dropout(x, p=0.5, train=true)", "Zero elements with probability p and scale by 1/(1-p) when training", bi_dropout},
    {"one_hot", "one_hot(classes, n)", "Rows of n zeros with a 1 at each class index", bi_one_hot},
    {NULL, NULL, NULL, NULL},
};
