/* cpu_elementwise.c - unary, binary, compare and where kernels.
 *
 * Each family is one 1-D row function per dtype, generated for float and
 * double from one macro body (tgmath.h picks expf/exp by type). The switch
 * on the op is outside the loops, so every loop body is a plain expression
 * the compiler vectorizes; unit-stride rows (the contiguous fast path, and
 * a broadcast scalar operand) get their own loops, compiled once per
 * instruction set (CPU_SIMD_CLONES, cpu_math.h). Strided tensors are
 * walked row by row with CpuIter.
 */
#include "cpu.h"
#include "cpu_iter.h"
#include "cpu_parallel.h"
#include "cpu_math.h"
#include "../util/alloc.h"
#include <tgmath.h>

/* A unit-stride loop as SIMD code, at -O2 too. The loops write o[i] from
 * a[i] and b[i] only, so o aliasing an input (in-place x op= v) is still
 * correct. Threads are used one level up (cpu_unary/cpu_binary split a long
 * row into chunks), so these loops stay plain functions of their pointers,
 * which is what lets the vectorizer see them. */
#define SIMD_LOOP(...) do { _Pragma("omp simd") __VA_ARGS__ } while (0)

/* Elements per thread work item when a long row is split over threads. */
#define CPU_CHUNK ((int64_t)1 << 15)

/* tanh for f32, SIMD-friendly like fast_expf (Cephes' tanhf): for
 * |x| < 0.625 the odd polynomial x + x^3 P(x^2) (relative error 1.3e-7),
 * above it 1 - 2 / (e^{2|x|} + 1), which is exactly 1 once e^{2|x|}
 * overflows; the sign is copied from x (so -0 stays -0, nan stays nan). */
static inline float fast_tanhf(float x) {
    union { float f; int32_t i; } ux = { .f = x }, ua, r;
    ua.i = ux.i & 0x7fffffff;                                /* |x| */
    float z = x * x;
    float p = -5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    float small = x + x * z * p;
    float big = 1.0f - 2.0f / (fast_expf(2.0f * ua.f) + 1.0f);
    r.f = select_f32(ua.f < 0.625f, small, big);
    r.i = (r.i & 0x7fffffff) | (ux.i & (int32_t)0x80000000);  /* copysign(r, x) */
    return r.f;
}

/* sigmoid for f32: both forms exponentiate -|x| only, so nothing overflows. */
static inline float fast_sigmoidf(float x) {
    union { float f; int32_t i; } ux = { .f = x };
    ux.i |= (int32_t)0x80000000;                              /* -|x| */
    float e = fast_expf(ux.f);
    return select_f32(x >= 0, 1.0f / (1.0f + e), e / (1.0f + e));
}

/* relu keeping nan (as torch), without a branch. */
static inline float fast_reluf(float x) { return select_f32((x > 0) | (x != x), x, 0.0f); }

/* The f64 rows use libm; these name the same formulas for the macro. */
static inline double plain_relu(double x) { return x > 0 ? x : (x == x ? 0 : x); }
static inline double libm_sigmoid(double x) {
    return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x));
}

/* ---- unary: o[i] = EXPR(x) ---- */
#define MAP1(T, EXPR)                                                          \
    do {                                                                       \
        if (so == 1 && sa == 1) {                                              \
            SIMD_LOOP(for (int64_t i = 0; i < n; i++) {                        \
                T x = a[i]; o[i] = (T)(EXPR); });                              \
        } else {                                                               \
            for (int64_t i = 0; i < n; i++) { T x = a[i * sa]; o[i * so] = (T)(EXPR); } \
        }                                                                      \
    } while (0)

#define DEFINE_UNARY_ROW(T, SUF, EXP, TANH, SIGMOID, RELU)                                              \
CPU_SIMD_CLONES                                                                    \
static void unary_row_##SUF(OpKind op, T *o, int64_t so, const T *a, int64_t sa,   \
                            int64_t n) {                                           \
    switch (op) {                                                                  \
    case OP_NEG:      MAP1(T, -x); break;                                          \
    case OP_EXP:      MAP1(T, EXP(x)); break;                                      \
    case OP_LOG:      MAP1(T, log(x)); break;                                      \
    case OP_SQRT:     MAP1(T, sqrt(x)); break;                                     \
    case OP_ABS:      MAP1(T, fabs(x)); break;                                     \
    case OP_SIN:      MAP1(T, sin(x)); break;                                      \
    case OP_COS:      MAP1(T, cos(x)); break;                                      \
    case OP_TANH:     MAP1(T, TANH(x)); break;                                     \
    case OP_SIGMOID:  MAP1(T, SIGMOID(x)); break;                                  \
    case OP_RELU:     MAP1(T, RELU(x)); break;                                     \
    case OP_SIGN:     MAP1(T, x > 0 ? (T)1 : x < 0 ? (T)-1 : x == 0 ? (T)0 : x); break; \
    case OP_ERF:      MAP1(T, erf(x)); break;                                      \
    /* log(1 + e^x) = max(x, 0) + log1p(e^-|x|): finite for x = +-1000 */         \
    case OP_SOFTPLUS: MAP1(T, fmax(x, (T)0) + log1p(exp(-fabs(x)))); break;        \
    default: MG_ASSERT(!"not a unary op");                                         \
    }                                                                              \
}
DEFINE_UNARY_ROW(float, f32, fast_expf, fast_tanhf, fast_sigmoidf, fast_reluf)
DEFINE_UNARY_ROW(double, f64, exp, tanh, libm_sigmoid, plain_relu)

static void unary_span(OpKind op, Tensor *out, const Tensor *a, int64_t oo, int64_t so,
                       int64_t oa, int64_t sa, int64_t n) {
    if (out->dtype == DT_F32)
        unary_row_f32(op, CPU_PTR(float, out) + oo, so, CPU_PTR(const float, a) + oa, sa, n);
    else
        unary_row_f64(op, CPU_PTR(double, out) + oo, so, CPU_PTR(const double, a) + oa, sa, n);
}

/* Large work goes to the worker pool: one long row (rows == 1 after
 * coalescing) in chunks of CPU_CHUNK elements, or else whole rows, each
 * chunk of rows with its own copy of the iterator. */
typedef struct { OpKind op; Tensor *out; const Tensor *a, *b; const CpuIter *it; } RowJob;

static void unary_rows(const RowJob *j, CpuIter *it, int64_t r0, int64_t r1) {
    int64_t so = cpu_iter_step(it, 0), sa = cpu_iter_step(it, 1);
    cpu_iter_seek(it, r0);
    for (int64_t r = r0; r < r1; r++, cpu_iter_next(it))
        unary_span(j->op, j->out, j->a, it->off[0], so, it->off[1], sa, it->inner);
}

static void unary_chunk(void *ctx, int64_t lo, int64_t hi) {
    const RowJob *j = ctx;
    int64_t so = cpu_iter_step(j->it, 0), sa = cpu_iter_step(j->it, 1);
    if (j->it->rows == 1) {
        unary_span(j->op, j->out, j->a, lo * so, so, lo * sa, sa, hi - lo);
    } else {
        CpuIter it = *j->it;
        unary_rows(j, &it, lo, hi);
    }
}

/* Items and grain for the pool: elements of the one row, or rows. */
static bool par_split(const CpuIter *it, int64_t *items, int64_t *grain) {
    if (it->rows * it->inner <= CPU_PAR_MIN) return false;
    *items = it->rows == 1 ? it->inner : it->rows;
    *grain = it->rows == 1 ? CPU_CHUNK : (CPU_CHUNK + it->inner - 1) / it->inner;
    return true;
}

void cpu_unary(OpKind op, Tensor *out, const Tensor *a) {
    const int64_t *st[2] = { out->strides, a->strides };
    CpuIter it;
    cpu_iter_init(&it, out->shape, out->ndim, 2, st);
    RowJob job = { op, out, a, NULL, &it };
    int64_t items, grain;
    if (par_split(&it, &items, &grain)) cpu_parallel_for(items, grain, unary_chunk, &job);
    else unary_rows(&job, &it, 0, it.rows);
}

/* ---- binary and compare: o[i] = EXPR(x, y) ----
 * Unit-stride loops for: both contiguous, a scalar b (x * 2), a scalar a. */
#define MAP2(T, EXPR)                                                              \
    do {                                                                           \
        if (so == 1 && sa == 1 && sb == 1) {                                       \
            SIMD_LOOP(for (int64_t i = 0; i < n; i++) {                            \
                T x = a[i], y = b[i]; o[i] = (T)(EXPR); });                        \
        } else if (so == 1 && sa == 1 && sb == 0) {                                \
            const T y = b[0];                                                      \
            SIMD_LOOP(for (int64_t i = 0; i < n; i++) { T x = a[i]; o[i] = (T)(EXPR); });  \
        } else if (so == 1 && sa == 0 && sb == 1) {                                \
            const T x = a[0];                                                      \
            SIMD_LOOP(for (int64_t i = 0; i < n; i++) { T y = b[i]; o[i] = (T)(EXPR); });  \
        } else {                                                                   \
            for (int64_t i = 0; i < n; i++) {                                      \
                T x = a[i * sa], y = b[i * sb]; o[i * so] = (T)(EXPR);             \
            }                                                                      \
        }                                                                          \
    } while (0)

#define DEFINE_BINARY_ROW(T, SUF)                                                  \
CPU_SIMD_CLONES                                                                    \
static void binary_row_##SUF(OpKind op, T *o, int64_t so, const T *a, int64_t sa,   \
                             const T *b, int64_t sb, int64_t n) {                  \
    switch (op) {                                                                  \
    case OP_ADD:     MAP2(T, x + y); break;                                        \
    case OP_SUB:     MAP2(T, x - y); break;                                        \
    case OP_MUL:     MAP2(T, x * y); break;                                        \
    case OP_DIV:     MAP2(T, x / y); break;                                        \
    case OP_POW:     MAP2(T, pow(x, y)); break;   /* (-8) ** 0.5 is nan, as C */  \
    /* nan wins, as torch.maximum */                                               \
    case OP_MAXIMUM: MAP2(T, (x > y || x != x) ? x : y); break;                    \
    case OP_MINIMUM: MAP2(T, (x < y || x != x) ? x : y); break;                    \
    case OP_EQ:      MAP2(T, x == y); break;                                       \
    case OP_NE:      MAP2(T, x != y); break;                                       \
    case OP_LT:      MAP2(T, x < y); break;                                        \
    case OP_LE:      MAP2(T, x <= y); break;                                       \
    case OP_GT:      MAP2(T, x > y); break;                                        \
    case OP_GE:      MAP2(T, x >= y); break;                                       \
    default: MG_ASSERT(!"not a binary op");                                        \
    }                                                                              \
}
DEFINE_BINARY_ROW(float, f32)
DEFINE_BINARY_ROW(double, f64)

static void binary_span(OpKind op, Tensor *out, const Tensor *a, const Tensor *b, int64_t oo,
                        int64_t so, int64_t oa, int64_t sa, int64_t ob, int64_t sb, int64_t n) {
    if (out->dtype == DT_F32)
        binary_row_f32(op, CPU_PTR(float, out) + oo, so, CPU_PTR(const float, a) + oa, sa,
                       CPU_PTR(const float, b) + ob, sb, n);
    else
        binary_row_f64(op, CPU_PTR(double, out) + oo, so, CPU_PTR(const double, a) + oa, sa,
                       CPU_PTR(const double, b) + ob, sb, n);
}

static void binary_rows(const RowJob *j, CpuIter *it, int64_t r0, int64_t r1) {
    int64_t so = cpu_iter_step(it, 0), sa = cpu_iter_step(it, 1), sb = cpu_iter_step(it, 2);
    cpu_iter_seek(it, r0);
    for (int64_t r = r0; r < r1; r++, cpu_iter_next(it))
        binary_span(j->op, j->out, j->a, j->b, it->off[0], so, it->off[1], sa, it->off[2], sb,
                    it->inner);
}

static void binary_chunk(void *ctx, int64_t lo, int64_t hi) {
    const RowJob *j = ctx;
    int64_t so = cpu_iter_step(j->it, 0), sa = cpu_iter_step(j->it, 1), sb = cpu_iter_step(j->it, 2);
    if (j->it->rows == 1) {
        binary_span(j->op, j->out, j->a, j->b, lo * so, so, lo * sa, sa, lo * sb, sb, hi - lo);
    } else {
        CpuIter it = *j->it;
        binary_rows(j, &it, lo, hi);
    }
}

void cpu_binary(OpKind op, Tensor *out, const Tensor *a, const Tensor *b) {
    const int64_t *st[3] = { out->strides, a->strides, b->strides };
    CpuIter it;
    cpu_iter_init(&it, out->shape, out->ndim, 3, st);
    RowJob job = { op, out, a, b, &it };
    int64_t items, grain;
    if (par_split(&it, &items, &grain)) cpu_parallel_for(items, grain, binary_chunk, &job);
    else binary_rows(&job, &it, 0, it.rows);
}

void cpu_compare(OpKind op, Tensor *out, const Tensor *a, const Tensor *b) {
    cpu_binary(op, out, a, b);
}

/* ---- where ---- */
#define DEFINE_WHERE_ROW(T, SUF)                                                   \
static void where_row_##SUF(T *o, int64_t so, const T *c, int64_t sc, const T *a,   \
                            int64_t sa, const T *b, int64_t sb, int64_t n) {        \
    for (int64_t i = 0; i < n; i++) o[i * so] = c[i * sc] != 0 ? a[i * sa] : b[i * sb]; \
}
DEFINE_WHERE_ROW(float, f32)
DEFINE_WHERE_ROW(double, f64)

void cpu_where(Tensor *out, const Tensor *cond, const Tensor *a, const Tensor *b) {
    const int64_t *st[4] = { out->strides, cond->strides, a->strides, b->strides };
    CpuIter it;
    cpu_iter_init(&it, out->shape, out->ndim, 4, st);
    int64_t s[4];
    for (int k = 0; k < 4; k++) s[k] = cpu_iter_step(&it, k);
    for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it)) {
        if (out->dtype == DT_F32)
            where_row_f32(CPU_PTR(float, out) + it.off[0], s[0], CPU_PTR(const float, cond) + it.off[1], s[1],
                          CPU_PTR(const float, a) + it.off[2], s[2], CPU_PTR(const float, b) + it.off[3], s[3], it.inner);
        else
            where_row_f64(CPU_PTR(double, out) + it.off[0], s[0], CPU_PTR(const double, cond) + it.off[1], s[1],
                          CPU_PTR(const double, a) + it.off[2], s[2], CPU_PTR(const double, b) + it.off[3], s[3], it.inner);
    }
}
