/* cpu_blas.c - lazy OpenBLAS binding (see cpu_blas.h). */
#include "cpu_blas.h"
#include <cblas.h>
#include <dlfcn.h>
#include <pthread.h>

/* The types of the two entry points, taken from cblas.h's declarations
 * (typeof does not reference the symbols, so the linker drops the library). */
typedef __typeof__(cblas_sgemm) SgemmFn;
typedef __typeof__(cblas_dgemm) DgemmFn;
static SgemmFn *sgemm;
static DgemmFn *dgemm;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_blas(void) {
    static const char *const names[] = { "libopenblas.so.0", "libopenblas.so", "libcblas.so.3",
                                         "libblas.so.3" };
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !(sgemm && dgemm); i++) {
        void *h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) continue;
        sgemm = (SgemmFn *)dlsym(h, "cblas_sgemm");
        dgemm = (DgemmFn *)dlsym(h, "cblas_dgemm");
        if (!(sgemm && dgemm)) { sgemm = NULL; dgemm = NULL; dlclose(h); }
    }
}

/* The fallback: element (i, j) of op(x) stored with leading dimension ld. */
#define AT(x, trans, ld, i, j) ((trans) ? (x)[(j) * (ld) + (i)] : (x)[(i) * (ld) + (j)])
#define PLAIN_GEMM(T)                                                                   \
    for (int64_t i = 0; i < n; i++)                                                     \
        for (int64_t j = 0; j < m; j++) {                                               \
            T acc = 0;                                                                  \
            for (int64_t p = 0; p < k; p++) acc += AT(a, ta, lda, i, p) * AT(b, tb, ldb, p, j); \
            c[i * m + j] = acc;                                                         \
        }

void cpu_gemm_f32(bool ta, bool tb, int64_t n, int64_t m, int64_t k, const float *a, int64_t lda,
                  const float *b, int64_t ldb, float *c) {
    pthread_once(&once, load_blas);
    if (sgemm) {
        sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              (blasint)n, (blasint)m, (blasint)k, 1.0f, a, (blasint)lda, b, (blasint)ldb, 0.0f, c,
              (blasint)m);
        return;
    }
    PLAIN_GEMM(float)
}

void cpu_gemm_f64(bool ta, bool tb, int64_t n, int64_t m, int64_t k, const double *a, int64_t lda,
                  const double *b, int64_t ldb, double *c) {
    pthread_once(&once, load_blas);
    if (dgemm) {
        dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              (blasint)n, (blasint)m, (blasint)k, 1.0, a, (blasint)lda, b, (blasint)ldb, 0.0, c,
              (blasint)m);
        return;
    }
    PLAIN_GEMM(double)
}
