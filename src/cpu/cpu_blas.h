/* cpu_blas.h - row-major GEMM through OpenBLAS, loaded on first use.
 *
 * mg does not link OpenBLAS at start-up: the library (with libgfortran)
 * costs relocations, and it starts its worker thread and maps its buffers
 * when loaded, about 1.5 ms of the 4 ms that `mg -e 1` took. The first
 * matmul loads it with dlopen (libopenblas.so.0, else the system's
 * libblas.so.3 / libcblas.so.3, which export the same cblas_* functions).
 * Should none load, a plain loop computes the product, slowly but right.
 *
 * c (n x m, ldc m) = op(a) (n x k) @ op(b) (k x m); op is the transpose
 * flag; lda/ldb are the leading dimensions of a and b as stored. */
#ifndef MG_CPU_BLAS_H
#define MG_CPU_BLAS_H
#include <stdbool.h>
#include <stdint.h>

void cpu_gemm_f32(bool ta, bool tb, int64_t n, int64_t m, int64_t k, const float *a, int64_t lda,
                  const float *b, int64_t ldb, float *c);
void cpu_gemm_f64(bool ta, bool tb, int64_t n, int64_t m, int64_t k, const double *a, int64_t lda,
                  const double *b, int64_t ldb, double *c);

#endif
