/* cuda_copy.cu - strided copy with dtype conversion, and fill.
 *
 * copy is the kernel behind contiguous(), to_dtype, cat, slice_scatter,
 * index assignment and tn_copy_into: dst may be any strided view. When both
 * sides are one contiguous block of the same dtype it is a single
 * device-to-device cudaMemcpyAsync (on the one stream, so still ordered).
 */
#include "cuda_internal.cuh"

template <typename TD, typename TS>
__global__ void copy_kernel(TD *d, const TS *s, CuIter it) {
    CU_GRID_STRIDE(i, it.numel) {
        int64_t off[2];
        cu_offsets<2>(it, i, off);
        d[off[0]] = (TD)s[off[1]];
    }
}

template <typename T>
__global__ void fill_kernel(T *d, T v, CuIter it) {
    CU_GRID_STRIDE(i, it.numel) {
        int64_t off[1];
        cu_offsets<1>(it, i, off);
        d[off[0]] = v;
    }
}

template <typename TD, typename TS>
static void copy_t(Tensor *dst, const Tensor *src, const CuIter &it) {
    copy_kernel<TD, TS><<<cu_blocks(it.numel), CU_THREADS, 0, cu_stream()>>>(cu_ptr<TD>(dst), cu_ptr<const TS>(src), it);
    CU_CHECK_LAUNCH();
}

void cu_copy(Tensor *dst, const Tensor *src) {
    const int64_t *st[2] = { dst->strides, src->strides };
    CuIter it = cu_iter_make(dst->shape, dst->ndim, 2, st);
    if (it.numel == 0) return;
    if (dst->dtype == src->dtype && cu_iter_flat(it) && it.strides[0][0] == 1 && it.strides[1][0] == 1) {
        size_t es = cu_dtype_size(dst->dtype);
        CU_CHECK(cudaMemcpyAsync((char *)dst->storage->data + dst->offset * (int64_t)es,
                                 (const char *)src->storage->data + src->offset * (int64_t)es,
                                 (size_t)it.numel * es, cudaMemcpyDeviceToDevice, cu_stream()));
        return;
    }
    bool df = dst->dtype == DT_F32, sf = src->dtype == DT_F32;
    if (df && sf) copy_t<float, float>(dst, src, it);
    else if (df) copy_t<float, double>(dst, src, it);
    else if (sf) copy_t<double, float>(dst, src, it);
    else copy_t<double, double>(dst, src, it);
}

void cu_fill(Tensor *dst, double v) {
    const int64_t *st[1] = { dst->strides };
    CuIter it = cu_iter_make(dst->shape, dst->ndim, 1, st);
    if (it.numel == 0) return;
    unsigned g = cu_blocks(it.numel);
    if (dst->dtype == DT_F32)
        fill_kernel<float><<<g, CU_THREADS, 0, cu_stream()>>>(cu_ptr<float>(dst), (float)v, it);
    else
        fill_kernel<double><<<g, CU_THREADS, 0, cu_stream()>>>(cu_ptr<double>(dst), v, it);
    CU_CHECK_LAUNCH();
}
