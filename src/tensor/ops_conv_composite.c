/* ops_conv_composite.c - conv2d and max_pool2d built from views, cat,
 * matmul and max, so their gradients come from those primitives.
 *
 * conv2d is im2col: the input is zero-padded with cat; for every kernel
 * offset (i, j) a strided slice picks the input pixels that offset sees at
 * each output position; the slices are stacked into columns and one matmul
 * with the flattened kernels gives every output channel at every position. */
#include "ops_composite.h"
#include "../util/alloc.h"

/* x (N, C, H, W) with `pad` zeros added on each side of H and W. Parked in s. */
static Tensor *pad_hw(CpScratch *s, Tensor *x, int64_t pad, MgError *err) {
    if (pad == 0) return x;
    Tensor *cur = x;
    for (int axis = 2; axis <= 3; axis++) {
        int64_t shape[4] = {cur->shape[0], cur->shape[1], cur->shape[2], cur->shape[3]};
        shape[axis] = pad;
        Tensor *z = cp_keep(s, tn_zeros(shape, 4, x->dtype, x->device, err));
        if (!z) return NULL;
        Tensor *parts[3] = {z, cur, z};
        if (!(cur = cp_keep(s, tn_cat(parts, 3, axis, err)))) return NULL;
    }
    return cur;
}

static TnIndex full_slice(void) {
    TnIndex ix = {.is_slice = true, .step = 1};
    return ix;
}

static TnIndex strided_slice(int64_t start, int64_t count, int64_t step) {
    TnIndex ix = {.is_slice = true, .has_start = true, .has_stop = true,
                  .start = start, .stop = start + step * (count - 1) + 1, .step = step};
    return ix;
}

static bool conv2d_args_ok(const Tensor *x, const Tensor *w, const Tensor *b, int stride,
                           int padding, MgError *err) {
    if (!cp_ndim("conv2d", "x", x, 4, "(N, C, H, W)", err) ||
        !cp_ndim("conv2d", "w", w, 4, "(O, C, kh, kw)", err))
        return false;
    char sx[128], sw[128], sb[128];
    if (w->shape[1] != x->shape[1])
        return mg_error(err, ERR_SHAPE, "conv2d: x has shape %s (C = %lld) but w has shape %s (C = %lld)",
                        tn_shape_str(x->shape, 4, sx, sizeof sx), (long long)x->shape[1],
                        tn_shape_str(w->shape, 4, sw, sizeof sw), (long long)w->shape[1]);
    if (b && !(b->ndim == 1 && b->shape[0] == w->shape[0]))
        return mg_error(err, ERR_SHAPE, "conv2d: b has shape %s but w has %lld output channels",
                        tn_shape_str(b->shape, b->ndim, sb, sizeof sb), (long long)w->shape[0]);
    if (stride < 1) return mg_error(err, ERR_VALUE, "conv2d: stride must be at least 1, got %d", stride);
    if (padding < 0) return mg_error(err, ERR_VALUE, "conv2d: padding must be >= 0, got %d", padding);
    int64_t hp = x->shape[2] + 2 * (int64_t)padding, wp = x->shape[3] + 2 * (int64_t)padding;
    if (w->shape[2] > hp || w->shape[3] > wp)
        return mg_error(err, ERR_SHAPE, "conv2d: kernel %lldx%lld is larger than the padded input %lldx%lld",
                        (long long)w->shape[2], (long long)w->shape[3], (long long)hp, (long long)wp);
    return true;
}

/* x (N, C, H, W), w (O, C, kh, kw), b (O) or NULL -> (N, O, Ho, Wo) with
 * Ho = (H + 2 padding - kh) / stride + 1 (and likewise Wo). */
Tensor *tn_conv2d(Tensor *x, Tensor *w, Tensor *b, int stride, int padding, MgError *err) {
    if (!conv2d_args_ok(x, w, b, stride, padding, err)) return NULL;
    int64_t n = x->shape[0], c = x->shape[1], o = w->shape[0], kh = w->shape[2], kw = w->shape[3];
    int64_t hp = x->shape[2] + 2 * (int64_t)padding, wp = x->shape[3] + 2 * (int64_t)padding;
    int64_t ho = (hp - kh) / stride + 1, wo = (wp - kw) / stride + 1;

    CpScratch s = {0};
    Tensor *in[3] = { x, w, b };                                     /* one dtype for every step */
    if (!cp_promote(&s, in, 3, err)) return cp_fail(&s);
    x = in[0];
    w = in[1];
    b = in[2];
    Tensor *xp = pad_hw(&s, x, padding, err);                        /* (N, C, Hp, Wp) */
    if (!xp) return cp_fail(&s);
    Tensor **taps = mg_malloc((size_t)(kh * kw) * sizeof *taps);
    for (int64_t i = 0; i < kh; i++)
        for (int64_t j = 0; j < kw; j++) {
            TnIndex ix[4] = {full_slice(), full_slice(), strided_slice(i, ho, stride),
                             strided_slice(j, wo, stride)};
            if (!(taps[i * kw + j] = cp_keep(&s, tn_index(xp, ix, 4, err)))) {  /* (N, C, Ho, Wo) */
                mg_free(taps);
                return cp_fail(&s);
            }
        }
    Tensor *cols = cp_keep(&s, tn_stack(taps, (int)(kh * kw), 2, err));  /* (N, C, kh*kw, Ho, Wo) */
    mg_free(taps);
    /* rows ordered (c, i, j), the same order as w's flattened (C, kh, kw) */
    int64_t cols_shape[3] = {n, c * kh * kw, ho * wo};
    int64_t w_shape[2] = {o, c * kh * kw};
    int64_t out_shape[4] = {n, o, ho, wo};
    Tensor *cm = cols ? cp_keep(&s, tn_reshape(cols, cols_shape, 3, err)) : NULL;
    Tensor *wm = cm ? cp_keep(&s, tn_reshape(w, w_shape, 2, err)) : NULL;
    Tensor *y = wm ? cp_keep(&s, tn_matmul(wm, cm, err)) : NULL;          /* (N, O, Ho*Wo) */
    Tensor *out = y ? cp_keep(&s, tn_reshape(y, out_shape, 4, err)) : NULL;
    if (out && b) {
        int64_t b_shape[3] = {o, 1, 1};
        Tensor *bc = cp_keep(&s, tn_reshape(b, b_shape, 3, err));
        out = bc ? cp_keep(&s, tn_add(out, bc, err)) : NULL;
    }
    if (!out) return cp_fail(&s);
    cp_label(out, "conv2d");
    return cp_done(&s, out);
}

static bool pool_args_ok(const Tensor *x, int k, MgError *err) {
    if (!cp_ndim("max_pool2d", "x", x, 4, "(N, C, H, W)", err)) return false;
    if (k < 1) return mg_error(err, ERR_VALUE, "max_pool2d: k must be at least 1, got %d", k);
    char sx[128];
    if (x->shape[2] < k || x->shape[3] < k)
        return mg_error(err, ERR_SHAPE, "max_pool2d: kernel %dx%d is larger than the input %s", k, k,
                        tn_shape_str(x->shape, 4, sx, sizeof sx));
    return true;
}

/* max_pool2d(x, k): kernel k, stride k, rows and columns past the last
 * whole window dropped (floor, as torch). Each window becomes the last axis:
 * (N, C, Ho*k, Wo*k) -> (N, C, Ho, k, Wo, k) -> (N, C, Ho, Wo, k, k)
 * -> (N, C, Ho, Wo, k*k), then max over it; the gradient goes to the first
 * maximum of each window in row-major order, as torch. */
Tensor *tn_max_pool2d(Tensor *x, int k, MgError *err) {
    if (!pool_args_ok(x, k, err)) return NULL;
    int64_t n = x->shape[0], c = x->shape[1], ho = x->shape[2] / k, wo = x->shape[3] / k;
    CpScratch s = {0};
    Tensor *xs = x;
    if (ho * k != x->shape[2] || wo * k != x->shape[3]) {
        TnIndex ix[4] = {full_slice(), full_slice(), strided_slice(0, ho * k, 1), strided_slice(0, wo * k, 1)};
        xs = cp_keep(&s, tn_index(x, ix, 4, err));
    }
    int64_t split[6] = {n, c, ho, k, wo, k};
    int perm[6] = {0, 1, 2, 4, 3, 5};
    int64_t windows[5] = {n, c, ho, wo, (int64_t)k * k};
    Tensor *r = xs ? cp_keep(&s, tn_reshape(xs, split, 6, err)) : NULL;
    Tensor *p = r ? cp_keep(&s, tn_permute(r, perm, 6, err)) : NULL;
    Tensor *win = p ? cp_keep(&s, tn_reshape(p, windows, 5, err)) : NULL;
    Tensor *out = win ? cp_keep(&s, tn_max(win, -1, false, err)) : NULL;
    if (!out) return cp_fail(&s);
    cp_label(out, "max_pool2d");
    return cp_done(&s, out);
}
