/* cuda_matmul.cu - batched matrix product through cuBLAS.
 *
 * out (B..., n, m) = a (B..., n, k) @ b (B..., k, m), out contiguous, a and
 * b broadcast views (batch strides may be 0).
 *
 * cuBLAS is column-major; mg is row-major. A row-major matrix read as
 * column-major is its transpose, so the row-major product C = A B is
 * computed as the column-major product C^T = B^T A^T: gemm(b, a) with m and
 * n swapped, and C written with ld = m. Each operand is passed WITHOUT a
 * copy when its last two strides are row-major (unit column stride:
 * CUBLAS_OP_N with ld = row stride) or column-major (unit row stride, e.g.
 * a transposed view x.T: CUBLAS_OP_T with ld = column stride); only other
 * layouts are copied to contiguous scratch first.
 *
 * Batches: the batch dims of out, a and b are merged where all three allow
 * (cu_iter_make); one merged dim is ONE ...gemmStridedBatched call with the
 * operands' batch strides (0 for a broadcast operand). More dims loop over
 * the outer ones. When b is the same matrix for every batch and a is
 * contiguous, the batch folds into the rows: one (B*n, k) @ (k, m) gemm.
 */
#include "cuda_internal.cuh"

/* How a rows x cols matrix with strides (rs, cs) is passed to cuBLAS:
 * ok is false when it cannot be passed as it is (a broadcast or otherwise
 * overlapping layout, or a leading dimension beyond cuBLAS's int; the
 * caller then copies it to contiguous scratch, where ld = cols). */
struct GemmLayout { bool ok; cublasOperation_t op; int64_t ld; };

static GemmLayout gemm_layout(int64_t rows, int64_t cols, int64_t rs, int64_t cs) {
    GemmLayout g = { false, CUBLAS_OP_N, 0 };
    if ((cs == 1 || cols == 1) && (rows == 1 || rs >= cols)) {
        g.ok = true;
        g.ld = rows == 1 ? cols : rs;
        if (g.ld < cols) g.ld = cols;
    } else if ((rs == 1 || rows == 1) && (cols == 1 || cs >= rows)) {
        g.ok = true;
        g.op = CUBLAS_OP_T;
        g.ld = cols == 1 ? rows : cs;
        if (g.ld < rows) g.ld = rows;
    }
    if (g.ld < 1) g.ld = 1;
    if (g.ld > INT32_MAX) g.ok = false;   /* a view into a huge tensor: rows far apart */
    return g;
}

/* cuBLAS sizes, leading dimensions and batch counts are int: the tensor
 * layer refuses matrix dims above INT32_MAX on cuda (ops_matmul.c),
 * gemm_layout copies operands whose ld is larger, and cu_matmul splits
 * batch counts, so a larger value here is a broken invariant. */
static int as_int(int64_t v) {
    CU_ASSERT(v >= 0 && v <= INT32_MAX);
    return (int)v;
}

/* Most products per ...StridedBatched call (cu_matmul splits larger batches). */
#define MAX_BATCH ((int64_t)1 << 30)

/* C^T (m x n) = op(B) (m x k) . op(A) (k x n), count products at the given strides */
static void gemm_batched(DType dt, const GemmLayout &la, const GemmLayout &lb, int64_t n,
                         int64_t m, int64_t k, const void *a, int64_t sa, const void *b,
                         int64_t sb, void *c, int64_t sc, int64_t count) {
    int N = as_int(n), M = as_int(m), K = as_int(k), cnt = as_int(count);
    if (dt == DT_F32) {
        const float one = 1.0f, zero = 0.0f;
        if (count == 1)
            CUBLAS_CHECK(cublasSgemm(cu_blas(), lb.op, la.op, M, N, K, &one, (const float *)b, as_int(lb.ld),
                                     (const float *)a, as_int(la.ld), &zero, (float *)c, M));
        else
            CUBLAS_CHECK(cublasSgemmStridedBatched(cu_blas(), lb.op, la.op, M, N, K, &one, (const float *)b,
                                                   as_int(lb.ld), sb, (const float *)a, as_int(la.ld), sa,
                                                   &zero, (float *)c, M, sc, cnt));
    } else {
        const double one = 1.0, zero = 0.0;
        if (count == 1)
            CUBLAS_CHECK(cublasDgemm(cu_blas(), lb.op, la.op, M, N, K, &one, (const double *)b, as_int(lb.ld),
                                     (const double *)a, as_int(la.ld), &zero, (double *)c, M));
        else
            CUBLAS_CHECK(cublasDgemmStridedBatched(cu_blas(), lb.op, la.op, M, N, K, &one, (const double *)b,
                                                   as_int(lb.ld), sb, (const double *)a, as_int(la.ld), sa,
                                                   &zero, (double *)c, M, sc, cnt));
    }
}

/* A contiguous copy of x broadcast to (batch dims of out, rows, cols), in
 * scratch memory; *view describes it (its storage struct is *st). */
static void contiguous_scratch(const Tensor *x, const Tensor *out, Tensor *view, Storage *st) {
    *view = *x;
    int nd = out->ndim;
    for (int d = 0; d < nd - 2; d++) view->shape[d] = out->shape[d];
    int64_t s = 1;
    for (int d = nd - 1; d >= 0; d--) { view->strides[d] = s; s *= view->shape[d]; }
    view->numel = s;
    view->offset = 0;
    *st = *x->storage;
    st->nbytes = (size_t)s * cu_dtype_size(x->dtype);
    st->data = cu_scratch(st->nbytes);
    view->storage = st;
    cu_copy(view, x);
}

void cu_matmul(Tensor *out, const Tensor *a_in, const Tensor *b_in) {
    int nd = out->ndim, nb = nd - 2;
    CU_ASSERT(nd >= 2 && a_in->ndim == nd && b_in->ndim == nd);
    int64_t n = out->shape[nd - 2], m = out->shape[nd - 1], k = a_in->shape[nd - 1];
    size_t es = cu_dtype_size(out->dtype);
    if (out->numel == 0) return;
    if (k == 0) { cu_fill(out, 0); return; }

    Tensor a_copy, b_copy;
    Storage a_st, b_st;
    const Tensor *a = a_in, *b = b_in;
    GemmLayout la = gemm_layout(n, k, a->strides[nd - 2], a->strides[nd - 1]);
    GemmLayout lb = gemm_layout(k, m, b->strides[nd - 2], b->strides[nd - 1]);
    if (!la.ok) { contiguous_scratch(a_in, out, &a_copy, &a_st); a = &a_copy; la = gemm_layout(n, k, k, 1); }
    if (!lb.ok) { contiguous_scratch(b_in, out, &b_copy, &b_st); b = &b_copy; lb = gemm_layout(k, m, m, 1); }
    const char *pa = (const char *)a->storage->data + a->offset * (int64_t)es;
    const char *pb = (const char *)b->storage->data + b->offset * (int64_t)es;
    char *pc = (char *)out->storage->data + out->offset * (int64_t)es;

    int64_t batches = out->numel / (n * m);
    bool b_shared = true, a_contig = true;
    for (int d = 0; d < nb; d++) b_shared = b_shared && (b->strides[d] == 0 || out->shape[d] == 1);
    int64_t s = 1;
    for (int d = nd - 1; d >= 0; d--) {   /* a's batch dims are out's (broadcast view) */
        if (a->shape[d] != 1 && a->strides[d] != s) a_contig = false;
        s *= a->shape[d];
    }
    /* (the folded row count is a cuBLAS int too; past it, the batched path) */
    if (nb > 0 && batches > 1 && b_shared && a_contig && batches * n <= INT32_MAX) {
        GemmLayout rows = gemm_layout(batches * n, k, k, 1);
        gemm_batched(out->dtype, rows, lb, batches * n, m, k, pa, 0, pb, 0, pc, 0, 1);
    } else {
        /* merge the batch dims; the last merged dim goes to one strided-batched call */
        int64_t ost[TN_MAX_DIMS] = { 0 }, ast[TN_MAX_DIMS] = { 0 }, bst[TN_MAX_DIMS] = { 0 };
        for (int d = 0; d < nb; d++) { ost[d] = out->strides[d]; ast[d] = a->strides[d]; bst[d] = b->strides[d]; }
        const int64_t *st[3] = { ost, ast, bst };
        CuIter it = cu_iter_make(out->shape, nb, 3, st);
        int inner = it.ndim - 1;
        int64_t count = it.shape[inner], outer = it.numel / (count ? count : 1);
        int64_t idx[TN_MAX_DIMS] = { 0 };
        for (int64_t t = 0; t < outer; t++) {
            int64_t oc = 0, oa = 0, ob = 0;
            for (int d = 0; d < inner; d++) {
                oc += idx[d] * it.strides[0][d];
                oa += idx[d] * it.strides[1][d];
                ob += idx[d] * it.strides[2][d];
            }
            for (int64_t c0 = 0; c0 < count; c0 += MAX_BATCH) {   /* batch count is an int */
                int64_t cnt = count - c0 < MAX_BATCH ? count - c0 : MAX_BATCH;
                int64_t ca = oa + c0 * it.strides[1][inner], cb = ob + c0 * it.strides[2][inner];
                int64_t cc = oc + c0 * it.strides[0][inner];
                gemm_batched(out->dtype, la, lb, n, m, k, pa + ca * (int64_t)es, it.strides[1][inner],
                             pb + cb * (int64_t)es, it.strides[2][inner], pc + cc * (int64_t)es,
                             it.strides[0][inner], cnt);
            }
            for (int d = inner - 1; d >= 0; d--) {
                if (++idx[d] < it.shape[d]) break;
                idx[d] = 0;
            }
        }
    }
    /* stream order: the scratch is reused only by work queued after these gemms */
    if (a == &a_copy) cu_free(a_st.data, a_st.nbytes);
    if (b == &b_copy) cu_free(b_st.data, b_st.nbytes);
}
