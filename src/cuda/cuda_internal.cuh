/* cuda_internal.cuh - what the files of src/cuda share.
 *
 * Files: cuda_backend.cu (device probe, the stream and cuBLAS handle, the
 * kernel table), cuda_memory.cu (caching allocator, host<->device copies),
 * cuda_elementwise.cu (unary, binary, compare, where), cuda_reduce.cu (sum,
 * max/min with index), cuda_gather.cu (take_along, scatter_along),
 * cuda_matmul.cu (cuBLAS), cuda_copy.cu (strided copy, fill),
 * cuda_softmax.cu (softmax, log_softmax, softmax_backward); headers
 * cuda_check.h (error checks) and cuda_math.cuh (f32/f64 math overloads).
 *
 * Strided operands: a kernel gets the common shape and every operand's
 * strides in a CuIter passed BY VALUE (it lands in constant parameter
 * memory, no cudaMemcpy per launch). The host first merges dimensions that
 * are contiguous for all operands and drops size-1 dimensions (as the CPU's
 * cpu_iter does), so a contiguous tensor becomes ndim 1 with stride 1 and
 * the kernel's index arithmetic is a single multiply: the contiguous fast
 * path. Otherwise each thread turns its linear index into per-operand
 * offsets with one division per remaining dimension.
 */
#ifndef MG_CUDA_INTERNAL_CUH
#define MG_CUDA_INTERNAL_CUH
#include <cstddef>
#include <cstdint>
#include <cstdio>
extern "C" {
#include "../tensor/backend.h"
}
#include "cuda_check.h"

#define CU_MAX_OPS 4
#define CU_THREADS 256   /* threads per block of every elementwise kernel */

/* ---- cuda_backend.cu: the one stream and cuBLAS handle ---- */
cudaStream_t cu_stream(void);
cublasHandle_t cu_blas(void);
int cu_sm_count(void);

/* ---- cuda_memory.cu ---- */
void *cu_alloc(size_t nbytes);            /* NULL when the device is full */
void  cu_free(void *p, size_t nbytes);
void  cu_upload(void *dst_dev, const void *src_host, size_t nbytes);
void  cu_download(void *dst_host, const void *src_dev, size_t nbytes);
void  cu_sync(void);
/* Scratch for a kernel (reduction partials, matmul operands): a broken
 * invariant if the device is full, since the caller cannot report it. */
void *cu_scratch(size_t nbytes);

/* ---- the kernel families (backend.h) ---- */
void cu_unary(OpKind op, Tensor *out, const Tensor *a);
void cu_binary(OpKind op, Tensor *out, const Tensor *a, const Tensor *b);
void cu_compare(OpKind op, Tensor *out, const Tensor *a, const Tensor *b);
void cu_where(Tensor *out, const Tensor *cond, const Tensor *a, const Tensor *b);
void cu_sum(Tensor *out, const Tensor *a, int axis);
void cu_index_reduce(OpKind op, Tensor *out, Tensor *idx, const Tensor *a, int axis);
void cu_gather(OpKind op, Tensor *out, const Tensor *a, const Tensor *idx, int axis);
void cu_matmul(Tensor *out, const Tensor *a, const Tensor *b);
void cu_copy(Tensor *dst, const Tensor *src);
void cu_fill(Tensor *dst, double v);
void cu_softmax(OpKind op, Tensor *out, const Tensor *a, int axis);
void cu_softmax_backward(Tensor *out, const Tensor *g, const Tensor *y, int axis);

/* ---- strided iteration ---- */
struct CuIter {
    int ndim;                                   /* >= 1 after cu_iter_make */
    int64_t numel;
    int64_t shape[TN_MAX_DIMS];
    int64_t strides[CU_MAX_OPS][TN_MAX_DIMS];   /* in elements */
};

/* strides[k]: operand k's strides over shape (ndim may be 0). */
CuIter cu_iter_make(const int64_t *shape, int ndim, int nops, const int64_t *const *strides);

/* The contiguous fast path: one dimension (after merging). */
static inline bool cu_iter_flat(const CuIter &it) { return it.ndim == 1; }

/* Element offsets of linear index i (row-major over it.shape) for the first
 * NOPS operands. */
template <int NOPS>
__device__ __forceinline__ void cu_offsets(const CuIter &it, int64_t i, int64_t (&off)[NOPS]) {
    if (it.ndim == 1) {
#pragma unroll
        for (int k = 0; k < NOPS; k++) off[k] = i * it.strides[k][0];
        return;
    }
#pragma unroll
    for (int k = 0; k < NOPS; k++) off[k] = 0;
    /* fully unrolled, so every index into `it` is a constant: the kernel
     * reads its parameters in place instead of copying them to local memory.
     * A 64-bit division is a long software routine on the GPU (tens of
     * instructions), enough to make a broadcast add (x + bias) compute-bound:
     * the outermost dim needs none (i < shape[0] is left there), and while
     * i and the dim fit in 32 bits (the numel of every tensor below 4G
     * elements) the 32-bit unsigned division is used. The test is uniform
     * enough per warp to cost nothing. */
#pragma unroll
    for (int d = TN_MAX_DIMS - 1; d >= 0; d--) {
        if (d >= it.ndim) continue;
        int64_t r = i, q = 0;
        if (d > 0) {
            int64_t n = it.shape[d];
            if (((uint64_t)i | (uint64_t)n) <= UINT32_MAX) q = (int64_t)((uint32_t)i / (uint32_t)n);
            else q = i / n;
            r = i - q * n;
        }
#pragma unroll
        for (int k = 0; k < NOPS; k++) off[k] += r * it.strides[k][d];
        i = q;
    }
}

/* Blocks for a grid-stride loop over n items, per_block items to a block
 * (elements: CU_THREADS; softmax rows: one per thread, warp or block):
 * enough to fill the GPU several times over, never more than the work. */
static inline unsigned cu_blocks(int64_t n, int64_t per_block = CU_THREADS) {
    int64_t want = (n + per_block - 1) / per_block, cap = (int64_t)cu_sm_count() * 32;
    if (want > cap) want = cap;
    return (unsigned)(want > 0 ? want : 1);
}

/* Combines one State per thread of the block (sh has room for CU_THREADS)
 * by a tree in shared memory, with F::combine; every thread gets the
 * result, and every thread of the block must call it. At step h threads
 * < h read slots >= h, which nobody writes in that step; a barrier ends
 * each step. The last barrier keeps a fast thread that calls it again
 * (softmax combines twice per row) from overwriting sh while a slow one
 * still reads sh[0]. Used by the reductions and by softmax's block rows. */
template <typename F>
__device__ typename F::State cu_block_combine(typename F::State *sh, typename F::State s) {
    sh[threadIdx.x] = s;
    __syncthreads();
    for (unsigned h = blockDim.x / 2; h > 0; h >>= 1) {
        if (threadIdx.x < h) sh[threadIdx.x] = F::combine(sh[threadIdx.x], sh[threadIdx.x + h]);
        __syncthreads();
    }
    typename F::State r = sh[0];
    __syncthreads();
    return r;
}

#define CU_GRID_STRIDE(i, n)                                                   \
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < (n);  \
         i += (int64_t)gridDim.x * blockDim.x)

/* Bytes per element (tn_dtype_size lives in the executable: not callable here). */
static inline size_t cu_dtype_size(DType dt) { return dt == DT_F32 ? 4 : 8; }

/* Typed pointer to a tensor's first element (device memory). */
template <typename T>
static inline T *cu_ptr(const Tensor *t) {
    return (T *)t->storage->data + t->offset;
}

#endif
