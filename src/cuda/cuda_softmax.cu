/* cuda_softmax.cu - softmax, log_softmax and softmax_backward along one axis.
 *
 * The input is seen as R rows of L values: a row is one position of the
 * other dimensions (a CuIter `rest` over them, one operand per tensor; out
 * is contiguous) and its L values step by each tensor's stride along the
 * axis. Per row, in the order of the CPU kernel (cpu_softmax.c), so both
 * devices round the same way:
 *
 *   softmax       m = max of the row (a nan wins), z = x - m <= 0 so exp
 *                 never overflows (inputs like 1000 are fine),
 *                 s = sum exp(z) in double, rounded to T,
 *                 out = exp(z) / s
 *   log_softmax   out = z - log(s)
 *   backward      s = sum (T)(g * y) in double, rounded to T,
 *                 out = y * (g - s)
 *
 * A row is read three times (max, sum, write; the backward twice) and the
 * exponential is computed again in the last pass rather than stored: on a
 * GPU a second read of x (often still in L2) costs less than writing exp(z)
 * out and reading it back.
 *
 * Who shares a row (a "team"; the row code is written once over it):
 *   BlockTeam   L > 1024: the 256 threads of a block, combined in shared
 *               memory. Long rows (a vocabulary) keep the whole block busy.
 *   WarpTeam    the axis is unit-stride and L >= 32: the 32 lanes of a
 *               warp, 8 rows per block, combined with warp shuffles (no
 *               shared memory, no __syncthreads); neighbouring lanes read
 *               neighbouring addresses.
 *   ThreadTeam  otherwise: one thread per row. Short rows (L < 32 would
 *               leave lanes idle) and an axis that is not the unit-stride
 *               one (softmax over axis 0 of a matrix: there neighbouring
 *               ROWS are neighbouring addresses, so threads read coalesced).
 * Every kernel loops over rows with a grid stride that is uniform across
 * a team, so a team's threads always reach a combine together.
 */
#include "cuda_internal.cuh"
#include "cuda_math.cuh"
#include <cmath>

#define WARP 32
#define WARP_ROWS (CU_THREADS / WARP)   /* rows per block on the warp path */
#define WARP_MIN_L WARP                 /* shorter rows: one thread each */
#define BLOCK_MIN_L 1025                /* longer rows: one block each */

/* max where a nan wins (as the CPU's and the max reduction's rule) */
__device__ __forceinline__ double max_nan(double a, double b) {
    return (b != b || b > a) ? b : a;
}

/* ---- teams: rank and size inside a row, the rows they start from and
 * step by, and combining one double per thread over the team ---- */
struct ThreadTeam {
    static const int rows_per_block = CU_THREADS;
    __device__ static int rank() { return 0; }
    __device__ static int size() { return 1; }
    __device__ static int64_t first_row() { return (int64_t)blockIdx.x * blockDim.x + threadIdx.x; }
    __device__ static int64_t row_step() { return (int64_t)gridDim.x * blockDim.x; }
    __device__ static double max(double v) { return v; }
    __device__ static double sum(double v) { return v; }
};

struct WarpTeam {
    static const int rows_per_block = WARP_ROWS;
    __device__ static int rank() { return threadIdx.x % WARP; }
    __device__ static int size() { return WARP; }
    __device__ static int64_t first_row() { return ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / WARP; }
    __device__ static int64_t row_step() { return (int64_t)gridDim.x * blockDim.x / WARP; }
    /* butterfly: after log2(32) exchanges every lane holds the result */
    __device__ static double max(double v) {
        for (int o = WARP / 2; o > 0; o >>= 1) v = max_nan(v, __shfl_xor_sync(0xffffffffu, v, o));
        return v;
    }
    __device__ static double sum(double v) {
        for (int o = WARP / 2; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
        return v;
    }
};

/* the two combines of a row, as cu_block_combine takes them */
struct MaxNanFold {
    typedef double State;
    __device__ static State combine(State a, State b) { return max_nan(a, b); }
};
struct PlusFold {
    typedef double State;
    __device__ static State combine(State a, State b) { return a + b; }
};

struct BlockTeam {
    static const int rows_per_block = 1;
    __device__ static int rank() { return threadIdx.x; }
    __device__ static int size() { return blockDim.x; }
    __device__ static int64_t first_row() { return blockIdx.x; }
    __device__ static int64_t row_step() { return gridDim.x; }
    /* a tree in shared memory (cu_block_combine); every thread gets the result */
    __device__ static double max(double v) {
        __shared__ double sh[CU_THREADS];
        return cu_block_combine<MaxNanFold>(sh, v);
    }
    __device__ static double sum(double v) {
        __shared__ double sh[CU_THREADS];
        return cu_block_combine<PlusFold>(sh, v);
    }
};

/* ---- one row: x (stride sx) -> o (stride so), L values ---- */
template <typename T, typename Team>
__device__ void softmax_row(T *o, int64_t so, const T *x, int64_t sx, int64_t L, bool log_out) {
    double m = -INFINITY;
    for (int64_t k = Team::rank(); k < L; k += Team::size()) m = max_nan(m, (double)x[k * sx]);
    T mt = (T)Team::max(m);   /* exact: m is one of the row's T values */
    double sum = 0;
    for (int64_t k = Team::rank(); k < L; k += Team::size()) sum += (double)cm::exp(x[k * sx] - mt);
    T s = (T)Team::sum(sum);
    if (log_out) {
        T ls = cm::log(s);
        for (int64_t k = Team::rank(); k < L; k += Team::size()) o[k * so] = (x[k * sx] - mt) - ls;
    } else {
        for (int64_t k = Team::rank(); k < L; k += Team::size()) o[k * so] = cm::exp(x[k * sx] - mt) / s;
    }
}

template <typename T, typename Team>
__device__ void softmax_backward_row(T *o, int64_t so, const T *g, int64_t sg, const T *y,
                                     int64_t sy, int64_t L) {
    double sum = 0;
    for (int64_t k = Team::rank(); k < L; k += Team::size()) sum += (double)(T)(g[k * sg] * y[k * sy]);
    T s = (T)Team::sum(sum);
    for (int64_t k = Team::rank(); k < L; k += Team::size()) o[k * so] = y[k * sy] * (g[k * sg] - s);
}

/* ---- kernels: rows of rest, operands (out, a) / (out, g, y) ---- */
template <typename T, typename Team>
__global__ void softmax_kernel(T *out, const T *a, CuIter rest, int64_t so, int64_t sa, int64_t L,
                               bool log_out) {
    for (int64_t r = Team::first_row(); r < rest.numel; r += Team::row_step()) {
        int64_t off[2];
        cu_offsets<2>(rest, r, off);
        softmax_row<T, Team>(out + off[0], so, a + off[1], sa, L, log_out);
    }
}

template <typename T, typename Team>
__global__ void softmax_backward_kernel(T *out, const T *g, const T *y, CuIter rest, int64_t so,
                                        int64_t sg, int64_t sy, int64_t L) {
    for (int64_t r = Team::first_row(); r < rest.numel; r += Team::row_step()) {
        int64_t off[3];
        cu_offsets<3>(rest, r, off);
        softmax_backward_row<T, Team>(out + off[0], so, g + off[1], sg, y + off[2], sy, L);
    }
}

/* ---- host side ---- */
enum TeamKind { TEAM_THREAD, TEAM_WARP, TEAM_BLOCK };

static TeamKind choose_team(int64_t L, bool axis_unit) {
    if (L >= BLOCK_MIN_L) return TEAM_BLOCK;
    if (axis_unit && L >= WARP_MIN_L) return TEAM_WARP;
    return TEAM_THREAD;
}

/* The dims other than axis, as an iterator over the tensors t[0..n): their
 * strides there. A 0-d tensor is one row of one value. */
static CuIter rest_iter(const Tensor *const *t, int n, int axis) {
    const Tensor *s = t[0];
    int64_t shape[TN_MAX_DIMS], st[CU_MAX_OPS][TN_MAX_DIMS];
    int nd = 0;
    for (int d = 0; d < s->ndim; d++) {
        if (d == axis) continue;
        shape[nd] = s->shape[d];
        for (int k = 0; k < n; k++) st[k][nd] = t[k]->strides[d];
        nd++;
    }
    const int64_t *sp[CU_MAX_OPS] = { st[0], st[1], st[2], st[3] };
    return cu_iter_make(shape, nd, n, sp);
}

static int64_t axis_stride(const Tensor *t, int axis) { return t->ndim ? t->strides[axis] : 1; }

template <typename T>
static void softmax_t(OpKind op, Tensor *out, const Tensor *a, int axis) {
    const Tensor *ts[2] = { out, a };
    CuIter rest = rest_iter(ts, 2, axis);
    int64_t L = a->ndim ? a->shape[axis] : 1, so = axis_stride(out, axis), sa = axis_stride(a, axis);
    bool lg = op == OP_LOG_SOFTMAX;
    T *po = cu_ptr<T>(out);
    const T *pa = cu_ptr<const T>(a);
    switch (choose_team(L, sa == 1)) {
    case TEAM_BLOCK:
        softmax_kernel<T, BlockTeam><<<cu_blocks(rest.numel, BlockTeam::rows_per_block), CU_THREADS, 0, cu_stream()>>>(po, pa, rest, so, sa, L, lg);
        break;
    case TEAM_WARP:
        softmax_kernel<T, WarpTeam><<<cu_blocks(rest.numel, WarpTeam::rows_per_block), CU_THREADS, 0, cu_stream()>>>(po, pa, rest, so, sa, L, lg);
        break;
    case TEAM_THREAD:
        softmax_kernel<T, ThreadTeam><<<cu_blocks(rest.numel, ThreadTeam::rows_per_block), CU_THREADS, 0, cu_stream()>>>(po, pa, rest, so, sa, L, lg);
        break;
    }
    CU_CHECK_LAUNCH();
}

template <typename T>
static void softmax_backward_t(Tensor *out, const Tensor *g, const Tensor *y, int axis) {
    const Tensor *ts[3] = { out, g, y };
    CuIter rest = rest_iter(ts, 3, axis);
    int64_t L = y->ndim ? y->shape[axis] : 1;
    int64_t so = axis_stride(out, axis), sg = axis_stride(g, axis), sy = axis_stride(y, axis);
    T *po = cu_ptr<T>(out);
    const T *pg = cu_ptr<const T>(g), *py = cu_ptr<const T>(y);
    switch (choose_team(L, sy == 1 && sg == 1)) {
    case TEAM_BLOCK:
        softmax_backward_kernel<T, BlockTeam><<<cu_blocks(rest.numel, BlockTeam::rows_per_block), CU_THREADS, 0, cu_stream()>>>(po, pg, py, rest, so, sg, sy, L);
        break;
    case TEAM_WARP:
        softmax_backward_kernel<T, WarpTeam><<<cu_blocks(rest.numel, WarpTeam::rows_per_block), CU_THREADS, 0, cu_stream()>>>(po, pg, py, rest, so, sg, sy, L);
        break;
    case TEAM_THREAD:
        softmax_backward_kernel<T, ThreadTeam><<<cu_blocks(rest.numel, ThreadTeam::rows_per_block), CU_THREADS, 0, cu_stream()>>>(po, pg, py, rest, so, sg, sy, L);
        break;
    }
    CU_CHECK_LAUNCH();
}

void cu_softmax(OpKind op, Tensor *out, const Tensor *a, int axis) {
    CU_ASSERT(op == OP_SOFTMAX || op == OP_LOG_SOFTMAX);
    if (out->numel == 0) return;
    if (out->dtype == DT_F32) softmax_t<float>(op, out, a, axis);
    else softmax_t<double>(op, out, a, axis);
}

void cu_softmax_backward(Tensor *out, const Tensor *g, const Tensor *y, int axis) {
    if (out->numel == 0) return;
    if (out->dtype == DT_F32) softmax_backward_t<float>(out, g, y, axis);
    else softmax_backward_t<double>(out, g, y, axis);
}
