/* backend.h - the kernel table a device implements.
 *
 * One struct of function pointers per device, one pointer per kernel
 * FAMILY of ops.def (the op itself is passed as an argument, so a backend
 * switches on it once, outside its loops). src/cpu/ fills cpu_backend;
 * src/cuda/ fills the same table inside libmg_cuda.so, which exports
 *
 *     const Backend *mg_cuda_backend_init(void);   NULL: no usable GPU
 *
 * and is loaded with dlopen on first use (src/tensor/device.c).
 *
 * Calling convention, common to every kernel:
 * - Tensors passed in are already validated by the tn_* layer: same device,
 *   same dtype (except copy, which converts), and for elementwise families
 *   every input already broadcast to out's shape (strides 0 on broadcast
 *   dims). Inputs may be any strided view; out is freshly allocated and
 *   contiguous unless a kernel says otherwise (copy and fill write into any
 *   strided view: that is how in-place updates and slicing writes work).
 * - Elements live at storage->data + offset + sum(index[d] * strides[d]).
 * - Kernels never fail: allocation and shape errors are caught before.
 */
#ifndef MG_BACKEND_H
#define MG_BACKEND_H
#include "ops.h"

typedef struct Backend {
    const char *name;
    /* memory: alloc returns NULL when the device is out of memory */
    void *(*alloc)(size_t nbytes);
    void  (*free)(void *p, size_t nbytes);
    void  (*upload)(void *dst_dev, const void *src_host, size_t nbytes);
    void  (*download)(void *dst_host, const void *src_dev, size_t nbytes);
    void  (*sync)(void);

    /* FAM_UNARY: out = f(a) */
    void (*unary)(OpKind op, Tensor *out, const Tensor *a);
    /* FAM_BINARY: out = f(a, b); out may alias a (in-place x op= v) */
    void (*binary)(OpKind op, Tensor *out, const Tensor *a, const Tensor *b);
    /* FAM_COMPARE: out = (a op b) ? 1 : 0 */
    void (*compare)(OpKind op, Tensor *out, const Tensor *a, const Tensor *b);
    /* FAM_WHERE: out = cond != 0 ? a : b (cond has out's dtype) */
    void (*where)(Tensor *out, const Tensor *cond, const Tensor *a, const Tensor *b);
    /* FAM_REDUCE: out = sum of a over axis (keepdim layout irrelevant: out
     * is contiguous with a's shape minus axis), or over everything when
     * axis == TN_ALL_AXES. f32 accumulates in double. */
    void (*sum)(Tensor *out, const Tensor *a, int axis);
    /* FAM_INDEX_REDUCE: OP_MAX/OP_MIN along axis; idx gets the FIRST index
     * of the extreme (as a number of out's dtype); nan counts as extreme. */
    void (*index_reduce)(OpKind op, Tensor *out, Tensor *idx, const Tensor *a, int axis);
    /* FAM_GATHER: OP_TAKE_ALONG: out = a[.., idx, ..];
     * OP_SCATTER_ALONG: out (already zero) += a at [.., idx, ..]. */
    void (*gather)(OpKind op, Tensor *out, const Tensor *a, const Tensor *idx, int axis);
    /* FAM_MATMUL: out (..., n, m) = a (..., n, k) @ b (..., k, m); a and b
     * are broadcast to out's batch dims (strides 0 there). */
    void (*matmul)(Tensor *out, const Tensor *a, const Tensor *b);
    /* FAM_COPY: dst (any strided view) = src (same shape), converting dtype.
     * Also the building block of cat, slice_scatter and index assignment. */
    void (*copy)(Tensor *dst, const Tensor *src);
    /* dst (any strided view) = v */
    void (*fill)(Tensor *dst, double v);
    /* FAM_SOFTMAX: OP_SOFTMAX / OP_LOG_SOFTMAX: out (contiguous, a's shape)
     * = softmax or log_softmax of a along axis, stable (the row max is
     * subtracted first); the sum of exponentials accumulates in double. */
    void (*softmax)(OpKind op, Tensor *out, const Tensor *a, int axis);
    /* OP_SOFTMAX_BACKWARD: out (contiguous) = y * (g - sum(g * y, axis)),
     * g and y of out's shape (any strides), the sum in double. */
    void (*softmax_backward)(Tensor *out, const Tensor *g, const Tensor *y, int axis);
} Backend;

extern const Backend cpu_backend;   /* src/cpu/cpu_backend.c */
/* Frees the large host blocks the CPU backend keeps for reuse (called by
 * tn_release_caches). */
void cpu_release_cache(void);

/* The backend of a device. CUDA must have been found available before
 * (every cuda tensor was made after tn_cuda_available() said yes). */
const Backend *tn_backend(Device d);

#endif
