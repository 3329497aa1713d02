/* cuda_gather.cu - take_along and its adjoint scatter_along.
 *
 * Both walk idx's shape with three operands (as cpu_gather.c): the dense
 * side (out for take, the source `a` for scatter), idx, and the indexed
 * ("wide") side with its stride along axis set to 0; the index value times
 * the real axis stride is added per element. Scatter adds with atomicAdd,
 * since two indices may hit the same element (double atomicAdd needs
 * sm_60+, and this library is built for sm_80 and newer).
 */
#include "cuda_internal.cuh"
#include <cstring>

template <typename T, bool TAKE>
__global__ void gather_kernel(T *dense, const T *ix, T *wide, int64_t s_axis, CuIter it) {
    CU_GRID_STRIDE(i, it.numel) {
        int64_t off[3];
        cu_offsets<3>(it, i, off);
        int64_t k = (int64_t)ix[off[1]];
        T *w = wide + off[2] + k * s_axis;
        if (TAKE) dense[off[0]] = *w;
        else atomicAdd(w, dense[off[0]]);
    }
}

template <typename T>
static void gather_t(OpKind op, Tensor *out, const Tensor *a, const Tensor *idx, int axis) {
    bool take = op == OP_TAKE_ALONG;
    const Tensor *dense = take ? out : a, *wide = take ? a : out;
    int64_t wide_st[TN_MAX_DIMS];
    std::memcpy(wide_st, wide->strides, sizeof wide_st);
    int64_t s_axis = wide_st[axis];
    wide_st[axis] = 0;
    const int64_t *st[3] = { dense->strides, idx->strides, wide_st };
    CuIter it = cu_iter_make(idx->shape, idx->ndim, 3, st);
    if (it.numel == 0) return;
    unsigned g = cu_blocks(it.numel);
    if (take)
        gather_kernel<T, true><<<g, CU_THREADS, 0, cu_stream()>>>(cu_ptr<T>(dense), cu_ptr<const T>(idx), cu_ptr<T>(wide), s_axis, it);
    else
        gather_kernel<T, false><<<g, CU_THREADS, 0, cu_stream()>>>(cu_ptr<T>(dense), cu_ptr<const T>(idx), cu_ptr<T>(wide), s_axis, it);
    CU_CHECK_LAUNCH();
}

void cu_gather(OpKind op, Tensor *out, const Tensor *a, const Tensor *idx, int axis) {
    CU_ASSERT(op == OP_TAKE_ALONG || op == OP_SCATTER_ALONG);
    CU_ASSERT(axis >= 0 && axis < idx->ndim);
    if (out->dtype == DT_F32) gather_t<float>(op, out, a, idx, axis);
    else gather_t<double>(op, out, a, idx, axis);
}
