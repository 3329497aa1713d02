/* cuda_elementwise.cu - unary, binary, compare and where kernels.
 *
 * One kernel template per family, instantiated per (dtype, op): the op is a
 * template argument, so the switch on it happens once on the host and each
 * kernel body is a single expression. The formulas are the CPU's
 * (cpu_elementwise.c), so both devices agree to rounding: a stable sigmoid
 * and softplus, nan propagation in maximum/minimum, relu/sign keeping nan.
 *
 * Every family has two kinds of kernel: the contiguous fast path (every
 * operand unit-stride after merging dimensions, or b one broadcast value)
 * indexes with i directly, several elements per thread; the strided path
 * computes offsets from the linear index (cu_offsets).
 * `out` may alias `a` (x += v): each element is read then written by the
 * same thread at the same offset.
 */
#include "cuda_internal.cuh"
#include "cuda_math.cuh"

template <typename T, int OP>
__device__ __forceinline__ T unary_fn(T x) {
    if constexpr (OP == OP_NEG) return -x;
    else if constexpr (OP == OP_EXP) return cm::exp(x);
    else if constexpr (OP == OP_LOG) return cm::log(x);
    else if constexpr (OP == OP_SQRT) return cm::sqrt(x);
    else if constexpr (OP == OP_ABS) return cm::fabs(x);
    else if constexpr (OP == OP_SIN) return cm::sin(x);
    else if constexpr (OP == OP_COS) return cm::cos(x);
    else if constexpr (OP == OP_TANH) return cm::tanh(x);
    /* both branches only exponentiate a non-positive number: no overflow */
    else if constexpr (OP == OP_SIGMOID)
        return x >= 0 ? T(1) / (T(1) + cm::exp(-x)) : cm::exp(x) / (T(1) + cm::exp(x));
    else if constexpr (OP == OP_RELU) return x > 0 ? x : (x == x ? T(0) : x);
    else if constexpr (OP == OP_SIGN) return x > 0 ? T(1) : x < 0 ? T(-1) : x == 0 ? T(0) : x;
    else if constexpr (OP == OP_ERF) return cm::erf(x);
    /* log(1 + e^x) = max(x, 0) + log1p(e^-|x|): finite for x = +-1000 */
    else if constexpr (OP == OP_SOFTPLUS) return cm::fmax(x, T(0)) + cm::log1p(cm::exp(-cm::fabs(x)));
    else static_assert(OP == OP_NEG, "not a unary op");
}

template <typename T, int OP>
__device__ __forceinline__ T binary_fn(T x, T y) {
    if constexpr (OP == OP_ADD) return x + y;
    else if constexpr (OP == OP_SUB) return x - y;
    else if constexpr (OP == OP_MUL) return x * y;
    else if constexpr (OP == OP_DIV) return x / y;
    else if constexpr (OP == OP_POW) return cm::pow(x, y);
    /* nan wins, as torch.maximum */
    else if constexpr (OP == OP_MAXIMUM) return (x > y || x != x) ? x : y;
    else if constexpr (OP == OP_MINIMUM) return (x < y || x != x) ? x : y;
    else if constexpr (OP == OP_EQ) return x == y ? T(1) : T(0);
    else if constexpr (OP == OP_NE) return x != y ? T(1) : T(0);
    else if constexpr (OP == OP_LT) return x < y ? T(1) : T(0);
    else if constexpr (OP == OP_LE) return x <= y ? T(1) : T(0);
    else if constexpr (OP == OP_GT) return x > y ? T(1) : T(0);
    else if constexpr (OP == OP_GE) return x >= y ? T(1) : T(0);
    else static_assert(OP == OP_ADD, "not a binary op");
}

/* ---- kernels ---- */
/* Contiguous kernels handle CU_UNROLL elements per thread per step, one
 * block-width apart (still coalesced): the loads are independent, so each
 * thread keeps several memory requests in flight. */
#define CU_UNROLL 4
#define CU_CONTIG_LOOP(n, ...)                                                  \
    for (int64_t base_ = (int64_t)blockIdx.x * blockDim.x * CU_UNROLL + threadIdx.x; \
         base_ < (n); base_ += (int64_t)gridDim.x * blockDim.x * CU_UNROLL) {   \
        T v_[CU_UNROLL];                                                        \
        _Pragma("unroll") for (int j_ = 0; j_ < CU_UNROLL; j_++) {              \
            int64_t i = base_ + (int64_t)j_ * blockDim.x;                       \
            if (i < (n)) { __VA_ARGS__; }                                       \
        }                                                                       \
        _Pragma("unroll") for (int j_ = 0; j_ < CU_UNROLL; j_++) {              \
            int64_t i = base_ + (int64_t)j_ * blockDim.x;                       \
            if (i < (n)) o[i] = v_[j_];                                         \
        }                                                                       \
    }

template <typename T, int OP>
__global__ void unary_contig(T *o, const T *a, int64_t n) {
    CU_CONTIG_LOOP(n, v_[j_] = unary_fn<T, OP>(a[i]))
}

template <typename T, int OP>
__global__ void unary_strided(T *o, const T *a, CuIter it) {
    CU_GRID_STRIDE(i, it.numel) {
        int64_t off[2];
        cu_offsets<2>(it, i, off);
        o[off[0]] = unary_fn<T, OP>(a[off[1]]);
    }
}

template <typename T, int OP>
__global__ void binary_contig(T *o, const T *a, const T *b, int64_t n) {
    CU_CONTIG_LOOP(n, v_[j_] = binary_fn<T, OP>(a[i], b[i]))
}

/* a contiguous, b one broadcast value (x * 2, x + bias scalar) */
template <typename T, int OP>
__global__ void binary_scalar_b(T *o, const T *a, const T *b, int64_t n) {
    const T y = *b;
    CU_CONTIG_LOOP(n, v_[j_] = binary_fn<T, OP>(a[i], y))
}

template <typename T, int OP>
__global__ void binary_strided(T *o, const T *a, const T *b, CuIter it) {
    CU_GRID_STRIDE(i, it.numel) {
        int64_t off[3];
        cu_offsets<3>(it, i, off);
        o[off[0]] = binary_fn<T, OP>(a[off[1]], b[off[2]]);
    }
}

template <typename T>
__global__ void where_strided(T *o, const T *c, const T *a, const T *b, CuIter it) {
    CU_GRID_STRIDE(i, it.numel) {
        int64_t off[4];
        cu_offsets<4>(it, i, off);
        o[off[0]] = c[off[1]] != T(0) ? a[off[2]] : b[off[3]];
    }
}

/* ---- launchers ---- */
template <typename T, int OP>
static void launch_unary(Tensor *out, const Tensor *a) {
    const int64_t *st[2] = { out->strides, a->strides };
    CuIter it = cu_iter_make(out->shape, out->ndim, 2, st);
    if (it.numel == 0) return;
    unsigned g = cu_blocks(it.numel), gc = cu_blocks((it.numel + CU_UNROLL - 1) / CU_UNROLL);
    if (cu_iter_flat(it) && it.strides[0][0] == 1 && it.strides[1][0] == 1)
        unary_contig<T, OP><<<gc, CU_THREADS, 0, cu_stream()>>>(cu_ptr<T>(out), cu_ptr<const T>(a), it.numel);
    else
        unary_strided<T, OP><<<g, CU_THREADS, 0, cu_stream()>>>(cu_ptr<T>(out), cu_ptr<const T>(a), it);
    CU_CHECK_LAUNCH();
}

template <typename T, int OP>
static void launch_binary(Tensor *out, const Tensor *a, const Tensor *b) {
    const int64_t *st[3] = { out->strides, a->strides, b->strides };
    CuIter it = cu_iter_make(out->shape, out->ndim, 3, st);
    if (it.numel == 0) return;
    unsigned g = cu_blocks(it.numel), gc = cu_blocks((it.numel + CU_UNROLL - 1) / CU_UNROLL);
    T *o = cu_ptr<T>(out);
    const T *pa = cu_ptr<const T>(a), *pb = cu_ptr<const T>(b);
    bool flat = cu_iter_flat(it) && it.strides[0][0] == 1 && it.strides[1][0] == 1;
    if (flat && it.strides[2][0] == 1)
        binary_contig<T, OP><<<gc, CU_THREADS, 0, cu_stream()>>>(o, pa, pb, it.numel);
    else if (flat && it.strides[2][0] == 0)
        binary_scalar_b<T, OP><<<gc, CU_THREADS, 0, cu_stream()>>>(o, pa, pb, it.numel);
    else
        binary_strided<T, OP><<<g, CU_THREADS, 0, cu_stream()>>>(o, pa, pb, it);
    CU_CHECK_LAUNCH();
}

#define UNARY_CASE(T, E) case OP_##E: launch_unary<T, OP_##E>(out, a); break;
#define BINARY_CASE(T, E) case OP_##E: launch_binary<T, OP_##E>(out, a, b); break;

template <typename T>
static void unary_t(OpKind op, Tensor *out, const Tensor *a) {
    switch (op) {
    UNARY_CASE(T, NEG) UNARY_CASE(T, EXP) UNARY_CASE(T, LOG) UNARY_CASE(T, SQRT)
    UNARY_CASE(T, ABS) UNARY_CASE(T, SIN) UNARY_CASE(T, COS) UNARY_CASE(T, TANH)
    UNARY_CASE(T, SIGMOID) UNARY_CASE(T, RELU) UNARY_CASE(T, SIGN) UNARY_CASE(T, ERF)
    UNARY_CASE(T, SOFTPLUS)
    default: CU_ASSERT(!"not a unary op");
    }
}

template <typename T>
static void binary_t(OpKind op, Tensor *out, const Tensor *a, const Tensor *b) {
    switch (op) {
    BINARY_CASE(T, ADD) BINARY_CASE(T, SUB) BINARY_CASE(T, MUL) BINARY_CASE(T, DIV)
    BINARY_CASE(T, POW) BINARY_CASE(T, MAXIMUM) BINARY_CASE(T, MINIMUM)
    BINARY_CASE(T, EQ) BINARY_CASE(T, NE) BINARY_CASE(T, LT) BINARY_CASE(T, LE)
    BINARY_CASE(T, GT) BINARY_CASE(T, GE)
    default: CU_ASSERT(!"not a binary or compare op");
    }
}

void cu_unary(OpKind op, Tensor *out, const Tensor *a) {
    if (out->dtype == DT_F32) unary_t<float>(op, out, a);
    else unary_t<double>(op, out, a);
}

void cu_binary(OpKind op, Tensor *out, const Tensor *a, const Tensor *b) {
    if (out->dtype == DT_F32) binary_t<float>(op, out, a, b);
    else binary_t<double>(op, out, a, b);
}

void cu_compare(OpKind op, Tensor *out, const Tensor *a, const Tensor *b) {
    CU_ASSERT(op >= OP_EQ && op <= OP_GE);
    cu_binary(op, out, a, b);
}

template <typename T>
static void where_t(Tensor *out, const Tensor *cond, const Tensor *a, const Tensor *b) {
    const int64_t *st[4] = { out->strides, cond->strides, a->strides, b->strides };
    CuIter it = cu_iter_make(out->shape, out->ndim, 4, st);
    if (it.numel == 0) return;
    where_strided<T><<<cu_blocks(it.numel), CU_THREADS, 0, cu_stream()>>>(
        cu_ptr<T>(out), cu_ptr<const T>(cond), cu_ptr<const T>(a), cu_ptr<const T>(b), it);
    CU_CHECK_LAUNCH();
}

void cu_where(Tensor *out, const Tensor *cond, const Tensor *a, const Tensor *b) {
    if (out->dtype == DT_F32) where_t<float>(out, cond, a, b);
    else where_t<double>(out, cond, a, b);
}
