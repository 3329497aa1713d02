/* cpu_matmul.c - batched matrix product through OpenBLAS (cpu_blas.h).
 *
 * out (B..., n, m) = a (B..., n, k) @ b (B..., k, m). out is contiguous;
 * a and b are broadcast views (batch strides may be 0). Each matrix operand
 * goes to gemm without a copy when its last two strides are row-major
 * (unit column stride: no transpose) or column-major (unit row stride,
 * e.g. a transposed view: transposed); anything else is copied to a contiguous
 * scratch matrix first. When b is the same matrix for every batch and a is
 * contiguous, the batch folds into one (B*n, k) @ (k, m) gemm.
 */
#include "cpu.h"
#include "cpu_iter.h"
#include "../util/alloc.h"
#include "cpu_blas.h"
#include <string.h>

/* How a rows x cols matrix with strides (rs, cs) is passed to gemm. */
typedef struct { bool ok; bool trans; int64_t ld; } GemmLayout;

static GemmLayout gemm_layout(int64_t rows, int64_t cols, int64_t rs, int64_t cs) {
    GemmLayout g = { false, false, 0 };
    if ((cs == 1 || cols == 1) && (rows == 1 || rs >= cols)) {
        g.ok = true;
        g.ld = rows == 1 ? (cols > 1 ? cols : 1) : rs;
        if (g.ld < cols) g.ld = cols;
    } else if ((rs == 1 || rows == 1) && (cols == 1 || cs >= rows)) {
        g.ok = true;
        g.trans = true;
        g.ld = cols == 1 ? (rows > 1 ? rows : 1) : cs;
        if (g.ld < rows) g.ld = rows;
    }
    if (g.ld < 1) g.ld = 1;
    return g;
}

/* Copy a rows x cols strided matrix into dense row-major scratch. */
static void gather_matrix(void *dst, const void *src, DType dt, int64_t rows, int64_t cols,
                          int64_t rs, int64_t cs) {
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) {
            if (dt == DT_F32) ((float *)dst)[i * cols + j] = ((const float *)src)[i * rs + j * cs];
            else ((double *)dst)[i * cols + j] = ((const double *)src)[i * rs + j * cs];
        }
}

static void gemm(DType dt, bool ta, bool tb, int64_t n, int64_t m, int64_t k, const void *a,
                 int64_t lda, const void *b, int64_t ldb, void *c) {
    if (dt == DT_F32) cpu_gemm_f32(ta, tb, n, m, k, a, lda, b, ldb, c);
    else cpu_gemm_f64(ta, tb, n, m, k, a, lda, b, ldb, c);
}

void cpu_matmul(Tensor *out, const Tensor *a, const Tensor *b) {
    int nd = out->ndim, nb = nd - 2;
    int64_t n = out->shape[nd - 2], m = out->shape[nd - 1], k = a->shape[nd - 1];
    size_t es = tn_dtype_size(out->dtype);
    if (out->numel == 0) return;
    if (k == 0) { cpu_fill(out, 0); return; }
    int64_t ars = a->strides[nd - 2], acs = a->strides[nd - 1];
    int64_t brs = b->strides[nd - 2], bcs = b->strides[nd - 1];
    GemmLayout la = gemm_layout(n, k, ars, acs), lb = gemm_layout(k, m, brs, bcs);

    /* fold the batch into the rows: b shared by all batches, a contiguous */
    bool b_shared = true;
    for (int d = 0; d < nb; d++) b_shared = b_shared && (b->strides[d] == 0 || out->shape[d] == 1);
    if (nb > 0 && b_shared && lb.ok && tn_is_contiguous(a) && a->numel == out->numel / m * k) {
        gemm(out->dtype, false, lb.trans, out->numel / m, m, k, (const char *)a->storage->data + a->offset * es, k,
             (const char *)b->storage->data + b->offset * es, lb.ld,
             (char *)out->storage->data + out->offset * es);
        return;
    }

    void *scratch_a = la.ok ? NULL : mg_malloc((size_t)(n * k) * es);
    void *scratch_b = lb.ok ? NULL : mg_malloc((size_t)(k * m) * es);
    if (!la.ok) la = (GemmLayout){ true, false, k };
    if (!lb.ok) lb = (GemmLayout){ true, false, m };

    /* walk the batch dims (no coalescing needed: at most 6 small loops) */
    int64_t bidx[TN_MAX_DIMS] = { 0 }, batches = 1;
    for (int d = 0; d < nb; d++) batches *= out->shape[d];
    for (int64_t t = 0; t < batches; t++) {
        int64_t oa = a->offset, ob = b->offset, oc = out->offset;
        for (int d = 0; d < nb; d++) {
            oa += bidx[d] * a->strides[d];
            ob += bidx[d] * b->strides[d];
            oc += bidx[d] * out->strides[d];
        }
        const char *pa = (const char *)a->storage->data + oa * es;
        const char *pb = (const char *)b->storage->data + ob * es;
        if (scratch_a) { gather_matrix(scratch_a, pa, a->dtype, n, k, ars, acs); pa = scratch_a; }
        if (scratch_b) { gather_matrix(scratch_b, pb, b->dtype, k, m, brs, bcs); pb = scratch_b; }
        gemm(out->dtype, la.trans, lb.trans, n, m, k, pa, la.ld, pb, lb.ld,
             (char *)out->storage->data + oc * es);
        for (int d = nb - 1; d >= 0; d--) {
            if (++bidx[d] < out->shape[d]) break;
            bidx[d] = 0;
        }
    }
    mg_free(scratch_a);
    mg_free(scratch_b);
}
