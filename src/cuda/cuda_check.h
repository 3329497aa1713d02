/* cuda_check.h - checking every CUDA runtime and cuBLAS call.
 *
 * A CUDA error inside a kernel path means a broken invariant (the tensor
 * layer validated shapes and memory before calling us), so CU_CHECK prints
 * where it happened (file, line, the call, the error string) and aborts.
 * Paths that can fail on user input (device memory running out) test the
 * cudaError_t themselves and report failure instead (cuda_memory.cu).
 *
 * libmg_cuda.so cannot call mg's own helpers (mg_malloc, MG_ASSERT live in
 * the executable, which exports no symbols), so it has its own.
 */
#ifndef MG_CUDA_CHECK_H
#define MG_CUDA_CHECK_H
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

[[noreturn]] static inline void cu_fail(const char *file, int line, const char *what,
                                        const char *why) {
    std::fprintf(stderr, "mg: internal CUDA error at %s:%d: %s: %s\n", file, line, what, why);
    std::abort();
}

#define CU_CHECK(call)                                                         \
    do {                                                                       \
        cudaError_t e_ = (call);                                               \
        if (e_ != cudaSuccess) cu_fail(__FILE__, __LINE__, #call, cudaGetErrorString(e_)); \
    } while (0)

#define CUBLAS_CHECK(call)                                                     \
    do {                                                                       \
        cublasStatus_t s_ = (call);                                            \
        if (s_ != CUBLAS_STATUS_SUCCESS)                                       \
            cu_fail(__FILE__, __LINE__, #call, cublasGetStatusString(s_));     \
    } while (0)

/* After a kernel launch: a bad launch configuration shows up here. */
#define CU_CHECK_LAUNCH() CU_CHECK(cudaGetLastError())

#define CU_ASSERT(cond)                                                        \
    do {                                                                       \
        if (!(cond)) cu_fail(__FILE__, __LINE__, "assertion", #cond);          \
    } while (0)

#endif
