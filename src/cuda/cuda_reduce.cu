/* cuda_reduce.cu - sum over one axis or everything; max/min with the index.
 *
 * `a` is seen as (rest..., reduced...): the output is contiguous over the
 * rest dims, one element per rest position r; each output folds L values
 * of `a` (one axis, or every axis when axis == TN_ALL_AXES). Each of the
 * three paths is one kernel template, parameterized by a fold (SumFold,
 * ExtremeFold), so sum and max/min share all the indexing:
 *
 *   thread path   one thread per output, folding its L values in order:
 *                 for few values per output (L < 64).
 *   column path   the outputs are unit-stride in `a` and the reduced axis
 *                 is not (summing over a leading axis, as for a bias
 *                 gradient): a block takes 32 neighbouring outputs (the 32
 *                 lanes of a warp read neighbouring addresses) and its 8
 *                 warps split the L values, combined in shared memory.
 *   block path    otherwise (a row of `a` per output, or everything): a
 *                 block folds a share of one output's L values and combines
 *                 its threads in shared memory.
 * The column and block paths give each output G blocks when there are few
 * outputs (a sum over all 64M elements): the G partial results are then
 * combined by a second kernel (a thread per output for a few partials, a
 * block per output for many). Every path keeps four loads in flight per
 * thread (fold_range).
 *
 * Sums accumulate in double (also for f32, as the CPU). Max/min keep the
 * FIRST index of the extreme, and a nan is the extreme (the first nan): the
 * combine rule below is associative and commutative with ties going to the
 * lower index, so the result does not depend on the split into threads.
 */
#include "cuda_internal.cuh"

struct SumFold {
    typedef double State;
    __device__ static State empty() { return 0.0; }
    __device__ static State combine(State x, State y) { return x + y; }
    __device__ static State one(double v, int64_t) { return v; }
    template <typename T>
    __device__ static void write(const State &s, T *out, T *, int64_t r) { out[r] = (T)s; }
};

template <bool MAX>
struct ExtremeFold {
    struct State { double v; int64_t i; };   /* i < 0: nothing folded yet */
    __device__ static State empty() { return State{ 0.0, -1 }; }
    __device__ static State one(double v, int64_t k) { return State{ v, k }; }
    __device__ static State combine(State x, State y) {
        if (x.i < 0) return y;
        if (y.i < 0) return x;
        bool xn = x.v != x.v, yn = y.v != y.v;
        if (xn != yn) return xn ? x : y;              /* a nan wins */
        if (!xn) {
            if (MAX ? x.v > y.v : x.v < y.v) return x;
            if (MAX ? y.v > x.v : y.v < x.v) return y;
        }
        return x.i < y.i ? x : y;                     /* tie (or both nan): first index */
    }
    template <typename T>
    __device__ static void write(const State &s, T *out, T *idx, int64_t r) {
        out[r] = (T)s.v;
        idx[r] = (T)(s.i < 0 ? 0 : s.i);
    }
};

/* Folds a[base + red(k)] for k = k0, k0 + step, ... < red.numel into s,
 * in that order. The loads of four steps are issued before any of them is
 * combined, so a thread keeps four memory requests in flight: with one at
 * a time (a load, then an add that waits for it) even a full GPU reaches
 * well under half of its memory bandwidth. The fold order, and so the
 * result, is the same as one at a time. */
template <typename T, typename F>
__device__ __forceinline__ void fold_range(typename F::State &s, const T *a, int64_t base,
                                           const CuIter &red, int64_t k0, int64_t step) {
    int64_t k = k0, L = red.numel;
    for (; k + 3 * step < L; k += 4 * step) {
        double v[4];
#pragma unroll
        for (int j = 0; j < 4; j++) {
            int64_t off[1];
            cu_offsets<1>(red, k + j * step, off);
            v[j] = (double)a[base + off[0]];
        }
#pragma unroll
        for (int j = 0; j < 4; j++) s = F::combine(s, F::one(v[j], k + j * step));
    }
    for (; k < L; k += step) {
        int64_t off[1];
        cu_offsets<1>(red, k, off);
        s = F::combine(s, F::one((double)a[base + off[0]], k));
    }
}

/* thread path: output r folds a[rest(r) + red(k)] for k = 0 .. L-1 */
template <typename T, typename F>
__global__ void fold_per_thread(T *out, T *idx, const T *a, CuIter rest, CuIter red) {
    CU_GRID_STRIDE(r, rest.numel) {
        int64_t base[1];
        cu_offsets<1>(rest, r, base);
        typename F::State s = F::empty();
        fold_range<T, F>(s, a, base[0], red, 0, 1);
        F::template write<T>(s, out, idx, r);
    }
}

/* block path: block b works on output r = b / G, share g = b % G; it
 * writes the final value (G == 1) or partials[r * G + g]. */
template <typename T, typename F>
__global__ void fold_per_block(T *out, T *idx, typename F::State *partials, const T *a,
                               CuIter rest, CuIter red, int64_t G) {
    __shared__ typename F::State sh[CU_THREADS];
    int64_t r = blockIdx.x / G, g = blockIdx.x % G;
    int64_t base[1];
    cu_offsets<1>(rest, r, base);
    typename F::State s = F::empty();
    fold_range<T, F>(s, a, base[0], red, g * blockDim.x + threadIdx.x, G * blockDim.x);
    s = cu_block_combine<F>(sh, s);
    if (threadIdx.x == 0) {
        if (G == 1) F::template write<T>(s, out, idx, r);
        else partials[r * G + g] = s;
    }
}

/* column path: block b covers outputs 32 * (b / G) + lane, share g = b % G;
 * warp w of the block folds values k = g * 8 + w, stepping by G * 8. */
#define COL_LANES 32
#define COL_WARPS (CU_THREADS / COL_LANES)
template <typename T, typename F>
__global__ void fold_columns(T *out, T *idx, typename F::State *partials, const T *a,
                             CuIter rest, CuIter red, int64_t G) {
    __shared__ typename F::State sh[COL_WARPS][COL_LANES];
    unsigned lane = threadIdx.x % COL_LANES, warp = threadIdx.x / COL_LANES;
    int64_t r = (int64_t)(blockIdx.x / G) * COL_LANES + lane, g = blockIdx.x % G;
    typename F::State s = F::empty();
    if (r < rest.numel) {
        int64_t base[1];
        cu_offsets<1>(rest, r, base);
        fold_range<T, F>(s, a, base[0], red, g * COL_WARPS + warp, G * COL_WARPS);
    }
    sh[warp][lane] = s;
    __syncthreads();
    for (unsigned h = COL_WARPS / 2; h > 0; h >>= 1) {
        if (warp < h) sh[warp][lane] = F::combine(sh[warp][lane], sh[warp + h][lane]);
        __syncthreads();
    }
    if (warp == 0 && r < rest.numel) {
        if (G == 1) F::template write<T>(sh[0][lane], out, idx, r);
        else partials[r * G + g] = sh[0][lane];
    }
}

/* Second pass, few partials per output (G < PARTIALS_PER_BLOCK): a thread
 * per output folds its G partials in order. */
#define PARTIALS_PER_BLOCK 64
template <typename T, typename F>
__global__ void fold_partials(T *out, T *idx, const typename F::State *partials, int64_t R,
                              int64_t G) {
    CU_GRID_STRIDE(r, R) {
        typename F::State s = F::empty();
        for (int64_t g = 0; g < G; g++) s = F::combine(s, partials[r * G + g]);
        F::template write<T>(s, out, idx, r);
    }
}

/* Second pass, many partials per output: block r folds output r's G
 * partials, thread t taking g = t, t + 256, ..., then cu_block_combine. (One
 * thread reading G = 1024 partials one after another, as a sum over all of
 * a large tensor has, is ~1000 round trips to L2: as long as the first
 * pass itself.) Only used when G >= PARTIALS_PER_BLOCK, which means few
 * outputs (G > 1 needs fewer tiles than 8 per SM), so R blocks is a small
 * grid. */
template <typename T, typename F>
__global__ void fold_partials_block(T *out, T *idx, const typename F::State *partials, int64_t G) {
    __shared__ typename F::State sh[CU_THREADS];
    int64_t r = blockIdx.x;
    typename F::State s = F::empty();
    for (int64_t g = threadIdx.x; g < G; g += blockDim.x) s = F::combine(s, partials[r * G + g]);
    s = cu_block_combine<F>(sh, s);
    if (threadIdx.x == 0) F::template write<T>(s, out, idx, r);
}

/* The rest and reduced iterators of a over axis (TN_ALL_AXES: all). */
static void split_axes(const Tensor *a, int axis, CuIter *rest, CuIter *red) {
    int64_t rs[TN_MAX_DIMS], rst[TN_MAX_DIMS], ds[TN_MAX_DIMS], dst[TN_MAX_DIMS];
    int nr = 0, nd = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (axis == TN_ALL_AXES || d == axis) { ds[nd] = a->shape[d]; dst[nd++] = a->strides[d]; }
        else { rs[nr] = a->shape[d]; rst[nr++] = a->strides[d]; }
    }
    const int64_t *sr[1] = { rst }, *sd[1] = { dst };
    *rest = cu_iter_make(rs, nr, 1, sr);
    *red = cu_iter_make(ds, nd, 1, sd);
}

template <typename T, typename F>
static void fold(Tensor *out, Tensor *idx, const Tensor *a, int axis) {
    CuIter rest, red;
    split_axes(a, axis, &rest, &red);
    int64_t R = rest.numel, L = red.numel;
    if (R == 0) return;
    T *po = cu_ptr<T>(out), *pi = idx ? cu_ptr<T>(idx) : NULL;
    const T *pa = cu_ptr<const T>(a);
    bool red_unit = cu_iter_flat(red) && red.strides[0][0] == 1;
    bool rest_unit = R > 1 && rest.strides[0][rest.ndim - 1] == 1;
    if (L < 64 || R > ((int64_t)1 << 30)) {
        fold_per_thread<T, F><<<cu_blocks(R), CU_THREADS, 0, cu_stream()>>>(po, pi, pa, rest, red);
        CU_CHECK_LAUNCH();
        return;
    }
    bool columns = !red_unit && rest_unit && R >= COL_LANES;
    /* blocks of outputs, and values a block's threads take in one step */
    int64_t tiles = columns ? (R + COL_LANES - 1) / COL_LANES : R;
    int64_t per_step = columns ? COL_WARPS : CU_THREADS;
    /* G: enough blocks to fill the GPU, each thread folding >= 4 values */
    int64_t target = (int64_t)cu_sm_count() * 8, G = (target + tiles - 1) / tiles;
    int64_t most = L / (per_step * 4);
    if (G > most) G = most;
    if (G > 1024) G = 1024;
    if (G < 1 || tiles * G > ((int64_t)1 << 31) - 1) G = 1;
    typename F::State *partials = NULL;
    size_t partial_bytes = (size_t)(R * G) * sizeof(typename F::State);
    if (G > 1) partials = (typename F::State *)cu_scratch(partial_bytes);
    unsigned blocks = (unsigned)(tiles * G);
    if (columns)
        fold_columns<T, F><<<blocks, CU_THREADS, 0, cu_stream()>>>(po, pi, partials, pa, rest, red, G);
    else
        fold_per_block<T, F><<<blocks, CU_THREADS, 0, cu_stream()>>>(po, pi, partials, pa, rest, red, G);
    CU_CHECK_LAUNCH();
    if (G > 1) {
        if (G >= PARTIALS_PER_BLOCK)
            fold_partials_block<T, F><<<(unsigned)R, CU_THREADS, 0, cu_stream()>>>(po, pi, partials, G);
        else
            fold_partials<T, F><<<cu_blocks(R), CU_THREADS, 0, cu_stream()>>>(po, pi, partials, R, G);
        CU_CHECK_LAUNCH();
        /* stream order: the next user of this block runs after fold_partials */
        cu_free(partials, partial_bytes);
    }
}

void cu_sum(Tensor *out, const Tensor *a, int axis) {
    if (out->dtype == DT_F32) fold<float, SumFold>(out, NULL, a, axis);
    else fold<double, SumFold>(out, NULL, a, axis);
}

void cu_index_reduce(OpKind op, Tensor *out, Tensor *idx, const Tensor *a, int axis) {
    CU_ASSERT(op == OP_MAX || op == OP_MIN);
    bool f32 = out->dtype == DT_F32;
    if (op == OP_MAX) {
        if (f32) fold<float, ExtremeFold<true>>(out, idx, a, axis);
        else fold<double, ExtremeFold<true>>(out, idx, a, axis);
    } else {
        if (f32) fold<float, ExtremeFold<false>>(out, idx, a, axis);
        else fold<double, ExtremeFold<false>>(out, idx, a, axis);
    }
}
