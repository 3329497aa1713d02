/* cuda_backend.cu - the device probe, the stream, and the kernel table.
 *
 * mg loads this library with dlopen the first time CUDA is asked for and
 * calls mg_cuda_backend_init(), the only exported symbol (everything else
 * is built with -fvisibility=hidden). It returns NULL, quietly, when there
 * is no usable GPU (no driver, no device), and mg then reports
 * "cuda: no CUDA device is available".
 *
 * All work goes to ONE stream, so kernels, cuBLAS calls and copies run in
 * the order they were issued: a block freed to the caching allocator can be
 * handed to the next op at once, because anything still reading it was
 * queued earlier on the same stream. Reading results back (download, sync)
 * waits for the stream.
 */
#include "cuda_internal.cuh"
#include <cstring>

static cudaStream_t stream;
static cublasHandle_t blas;
static int sm_count = 1;

cudaStream_t cu_stream(void) { return stream; }
cublasHandle_t cu_blas(void) { return blas; }
int cu_sm_count(void) { return sm_count; }

CuIter cu_iter_make(const int64_t *shape, int ndim, int nops, const int64_t *const *strides) {
    CU_ASSERT(nops >= 1 && nops <= CU_MAX_OPS && ndim >= 0 && ndim <= TN_MAX_DIMS);
    CuIter it;
    std::memset(&it, 0, sizeof it);
    int n = 0;
    it.numel = 1;
    for (int d = 0; d < ndim; d++) {
        it.numel *= shape[d];
        if (shape[d] == 1) continue;   /* size-1 dims move no operand */
        bool merge = n > 0;
        for (int k = 0; merge && k < nops; k++)
            merge = it.strides[k][n - 1] == strides[k][d] * shape[d];
        if (merge) {
            it.shape[n - 1] *= shape[d];
            for (int k = 0; k < nops; k++) it.strides[k][n - 1] = strides[k][d];
        } else {
            it.shape[n] = shape[d];
            for (int k = 0; k < nops; k++) it.strides[k][n] = strides[k][d];
            n++;
        }
    }
    if (n == 0) { it.shape[0] = 1; n = 1; }   /* 0-d, or all ones: one element */
    it.ndim = n;
    return it;
}

static const Backend cuda_backend_table = {
    "cuda",
    cu_alloc,
    cu_free,
    cu_upload,
    cu_download,
    cu_sync,
    cu_unary,
    cu_binary,
    cu_compare,
    cu_where,
    cu_sum,
    cu_index_reduce,
    cu_gather,
    cu_matmul,
    cu_copy,
    cu_fill,
    cu_softmax,
    cu_softmax_backward,
};

/* Quiet NULL when the machine has no GPU; a message when one exists but
 * cannot be set up (that is worth knowing). */
extern "C" __attribute__((visibility("default"))) const Backend *mg_cuda_backend_init(void) {
    static bool done;
    static const Backend *result;
    if (done) return result;
    done = true;
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess || count <= 0) {
        cudaGetLastError();   /* clear the error so later calls do not see it */
        return NULL;
    }
    cudaError_t e = cudaSetDevice(0);
    if (e == cudaSuccess) e = cudaDeviceGetAttribute(&sm_count, cudaDevAttrMultiProcessorCount, 0);
    if (e == cudaSuccess) e = cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);
    if (e != cudaSuccess) {
        std::fprintf(stderr, "mg: cuda: cannot start the GPU: %s\n", cudaGetErrorString(e));
        cudaGetLastError();
        return NULL;
    }
    cublasStatus_t s = cublasCreate(&blas);
    if (s == CUBLAS_STATUS_SUCCESS) s = cublasSetStream(blas, stream);
    /* f32 products in full f32, no TF32 tensor cores: torch's default
     * (allow_tf32 = False for matmul), so both give the same digits and the
     * benchmark compares like with like. This is cuBLAS's default too; set
     * here so that it is stated. */
    if (s == CUBLAS_STATUS_SUCCESS) s = cublasSetMathMode(blas, CUBLAS_DEFAULT_MATH);
    if (s != CUBLAS_STATUS_SUCCESS) {
        std::fprintf(stderr, "mg: cuda: cannot start cuBLAS: %s\n", cublasGetStatusString(s));
        return NULL;
    }
    if (sm_count < 1) sm_count = 1;
    result = &cuda_backend_table;
    return result;
}
