/* reference_ops.h - the mg call behind each op name of the PyTorch reference
 * files (tests/reference/, tests/reference/higher/).
 *
 * A case's header names the op (`case softmax last_axis`); its `param`
 * items give the op's arguments. Each rd_op_NAME applies tn_NAME to the
 * case's (already viewed) inputs x[0..n), reading its parameters with the
 * defaults PyTorch's generator used. A test keeps its own table of the op
 * names it covers (with its tolerances), pointing at these functions, and
 * runs a case with rd_run_op. Header-only, like reference_data.h. */
#ifndef MG_TEST_REFERENCE_OPS_H
#define MG_TEST_REFERENCE_OPS_H
#include <math.h>
#include "reference_data.h"

typedef Tensor *(*RdOpFn)(const RdCase *c, Tensor **x, int n, MgError *err);

#define RD_BINARY(NAME) \
    static inline Tensor *rd_op_##NAME(const RdCase *c, Tensor **x, int n, MgError *err) { \
        (void)c; (void)n; return tn_##NAME(x[0], x[1], err); }
#define RD_UNARY(NAME) \
    static inline Tensor *rd_op_##NAME(const RdCase *c, Tensor **x, int n, MgError *err) { \
        (void)c; (void)n; return tn_##NAME(x[0], err); }
#define RD_REDUCE(NAME) \
    static inline Tensor *rd_op_##NAME(const RdCase *c, Tensor **x, int n, MgError *err) { \
        (void)n; return tn_##NAME(x[0], rd_p_axis(c, "axis", TN_ALL_AXES), \
                                  rd_p_bool(c, "keepdim", false), err); }
#define RD_AXIS(NAME) \
    static inline Tensor *rd_op_##NAME(const RdCase *c, Tensor **x, int n, MgError *err) { \
        (void)n; return tn_##NAME(x[0], rd_p_axis(c, "axis", -1), err); }
#define RD_MULTI(NAME) \
    static inline Tensor *rd_op_##NAME(const RdCase *c, Tensor **x, int n, MgError *err) { \
        return tn_##NAME(x, n, rd_p_axis(c, "axis", 0), err); }

RD_BINARY(add) RD_BINARY(sub) RD_BINARY(mul) RD_BINARY(div) RD_BINARY(pow) RD_BINARY(maximum)
RD_BINARY(minimum) RD_BINARY(matmul) RD_BINARY(dot) RD_BINARY(outer) RD_BINARY(mse_loss)
RD_BINARY(bce_loss) RD_BINARY(bce_with_logits) RD_BINARY(cross_entropy) RD_BINARY(nll_loss)
RD_UNARY(neg) RD_UNARY(exp) RD_UNARY(log) RD_UNARY(sqrt) RD_UNARY(abs) RD_UNARY(sin) RD_UNARY(cos)
RD_UNARY(tanh) RD_UNARY(sigmoid) RD_UNARY(relu) RD_UNARY(gelu) RD_UNARY(erf) RD_UNARY(softplus)
RD_UNARY(norm) RD_UNARY(flatten) RD_UNARY(contiguous)
RD_REDUCE(sum) RD_REDUCE(mean) RD_REDUCE(max) RD_REDUCE(min) RD_REDUCE(logsumexp)
RD_AXIS(softmax) RD_AXIS(log_softmax) RD_AXIS(squeeze) RD_AXIS(unsqueeze)
RD_MULTI(cat) RD_MULTI(stack)

#undef RD_BINARY
#undef RD_UNARY
#undef RD_REDUCE
#undef RD_AXIS
#undef RD_MULTI

static inline Tensor *rd_op_where(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)c; (void)n;
    return tn_where(x[0], x[1], x[2], err);
}
static inline Tensor *rd_op_leaky_relu(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_leaky_relu(x[0], rd_p_double(c, "slope", 0.01), err);
}
static inline Tensor *rd_op_clamp(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_clamp(x[0], rd_p_double(c, "lo", -INFINITY), rd_p_double(c, "hi", INFINITY), err);
}
static inline Tensor *rd_op_var(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_var(x[0], rd_p_axis(c, "axis", TN_ALL_AXES), rd_p_bool(c, "keepdim", false),
                  rd_p_bool(c, "unbiased", true), err);
}
static inline Tensor *rd_op_reshape(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    int64_t shape[TN_MAX_DIMS];
    int nd = rd_p_list(c, "shape", shape);
    return tn_reshape(x[0], shape, nd, err);
}
static inline Tensor *rd_op_expand(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    int64_t shape[TN_MAX_DIMS];
    int nd = rd_p_list(c, "shape", shape);
    return tn_expand(x[0], shape, nd, err);
}
static inline Tensor *rd_op_transpose(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_transpose(x[0], rd_p_int(c, "d0", 0), rd_p_int(c, "d1", 1), err);
}
static inline Tensor *rd_op_permute(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    int64_t d64[TN_MAX_DIMS];
    int dims[TN_MAX_DIMS], nd = rd_p_list(c, "dims", d64);
    for (int i = 0; i < nd; i++) dims[i] = (int)d64[i];
    return tn_permute(x[0], dims, nd, err);
}
static inline Tensor *rd_op_index(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    const RdLine *l = rd_param(c, "index");
    TnIndex ix[TN_MAX_DIMS];
    int ni = l ? rd_parse_index(l->tok + 2, l->n - 2, ix) : 0;
    return tn_index(x[0], ix, ni, err);
}
static inline Tensor *rd_op_linear(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)c;
    return tn_linear(x[0], x[1], n > 2 ? x[2] : NULL, err);
}
static inline Tensor *rd_op_conv2d(const RdCase *c, Tensor **x, int n, MgError *err) {
    return tn_conv2d(x[0], x[1], n > 2 ? x[2] : NULL, rd_p_int(c, "stride", 1), rd_p_int(c, "padding", 0), err);
}
static inline Tensor *rd_op_max_pool2d(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_max_pool2d(x[0], rd_p_int(c, "k", 2), err);
}
static inline Tensor *rd_op_layer_norm(const RdCase *c, Tensor **x, int n, MgError *err) {
    (void)n;
    return tn_layer_norm(x[0], rd_p_double(c, "eps", 1e-5), err);
}

/* The function of a case's leaves (one per input): each leaf through its
 * input's views, then the op. A new reference; NULL (err set) on failure. */
static inline Tensor *rd_run_op(RdOpFn op, const RdCase *c, const RdInput *in, Tensor **leaves, int n,
                                MgError *err) {
    Tensor *args[RD_MAX_IN] = {0};
    Tensor *out = NULL;
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        tn_retain(args[i] = leaves[i]);
        for (int v = 0; v < in[i].nviews && ok; v++) {
            Tensor *view = rd_apply_view(args[i], in[i].views[v], err);
            tn_release(args[i]);
            ok = (args[i] = view) != NULL;
        }
    }
    if (ok) out = op(c, args, n, err);
    for (int i = 0; i < n; i++) tn_release(args[i]);
    return out;
}

#endif
