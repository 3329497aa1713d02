/* cpu_softmax.c - softmax, log_softmax and softmax_backward along one
 * axis, one pass per row.
 *
 * The kernel of the SOFTMAX family (ops.def). Per row of L values along
 * the axis, in the order the composite form computes them (so results
 * match it): m = max (nan wins), z = x - m, e = exp(z), s = sum(e) in
 * double, then softmax = e / s or log_softmax = z - log(s), s rounded to
 * the dtype first (the sum's order differs from the composite's only far
 * below the dtype's precision). The composite makes five full-size
 * temporaries and five passes over memory; this reads a row three times
 * while it is in cache.
 * Rows are split over the worker pool when the tensor is large.
 */
#include "cpu.h"
#include "cpu_iter.h"
#include "cpu_math.h"
#include "cpu_parallel.h"
#include "../util/alloc.h"
#include <math.h>

typedef struct {
    Tensor *out;
    const Tensor *a;
    const CpuIter *it;        /* over the dims other than axis: operands out, a */
    int64_t L, sa, so;        /* the axis: length, stride in a, stride in out */
    bool log;
} SoftmaxJob;

/* ---- one row of softmax or log_softmax ----
 * Two forms of the same steps: a strided one for any axis, and a
 * unit-stride one (the usual last axis) whose loops are SIMD code,
 * compiled once per instruction set (CPU_SIMD_CLONES). They add the row's
 * sum in different orders (one running sum, or eight), so a row along
 * axis 0 and the same values along the last axis may differ in the last
 * bit; each form on its own gives the same bits on every machine. */

/* Unit stride: max with a separate nan flag (a SIMD max ignores nan), e
 * written to the row, its sum in double with eight running sums (a fixed
 * order, so every clone gives the same bits), then scaled in place or
 * replaced by z - log s. */
#define DEFINE_SOFTMAX_ROW_UNIT(T, SUF, EXP, LOG)                                  \
CPU_SIMD_CLONES                                                                    \
static void softmax_row_unit_##SUF(T *o, const T *x, int64_t L, bool log_out) {    \
    T m = x[0];                                                                    \
    int nan = 0;                                                                   \
    _Pragma("omp simd reduction(max:m) reduction(|:nan)")                          \
    for (int64_t k = 0; k < L; k++) {                                              \
        m = x[k] > m ? x[k] : m;                                                   \
        nan |= x[k] != x[k];                                                       \
    }                                                                              \
    if (nan) m = (T)NAN;                                                           \
    _Pragma("omp simd")                                                            \
    for (int64_t k = 0; k < L; k++) o[k] = EXP(x[k] - m);                          \
    double part[8] = { 0 };                                                        \
    int64_t k = 0;                                                                 \
    for (; k + 8 <= L; k += 8)                                                     \
        for (int p = 0; p < 8; p++) part[p] += o[k + p];                           \
    for (; k < L; k++) part[0] += o[k];                                            \
    T s = (T)(((part[0] + part[1]) + (part[2] + part[3])) +                        \
              ((part[4] + part[5]) + (part[6] + part[7])));                        \
    if (log_out) {                                                                 \
        T ls = LOG(s);                                                             \
        _Pragma("omp simd")                                                        \
        for (int64_t k = 0; k < L; k++) o[k] = (x[k] - m) - ls;                    \
    } else {                                                                       \
        _Pragma("omp simd")                                                        \
        for (int64_t k = 0; k < L; k++) o[k] = o[k] / s;                           \
    }                                                                              \
}
DEFINE_SOFTMAX_ROW_UNIT(float, f32, fast_expf, logf)
DEFINE_SOFTMAX_ROW_UNIT(double, f64, exp, log)

/* Any strides: the same steps, one value at a time (nan stops the max). */
#define DEFINE_SOFTMAX_ROW(T, SUF, EXP, LOG)                                       \
static void softmax_row_##SUF(T *o, int64_t so, const T *x, int64_t sx, int64_t L, \
                              bool log_out) {                                      \
    if (so == 1 && sx == 1) { softmax_row_unit_##SUF(o, x, L, log_out); return; }  \
    T m = x[0];                                                                    \
    for (int64_t k = 1; k < L && m == m; k++) {                                    \
        T v = x[k * sx];                                                           \
        if (v != v || v > m) m = v;                                                \
    }                                                                              \
    double sum = 0;                                                                \
    for (int64_t k = 0; k < L; k++) {                                              \
        o[k * so] = EXP(x[k * sx] - m);                                            \
        sum += o[k * so];                                                          \
    }                                                                              \
    T s = (T)sum;                                                                  \
    if (log_out) {                                                                 \
        T ls = LOG(s);                                                             \
        for (int64_t k = 0; k < L; k++) o[k * so] = (x[k * sx] - m) - ls;          \
    } else {                                                                       \
        for (int64_t k = 0; k < L; k++) o[k * so] = o[k * so] / s;                 \
    }                                                                              \
}
DEFINE_SOFTMAX_ROW(float, f32, fast_expf, logf)
DEFINE_SOFTMAX_ROW(double, f64, exp, log)

/* Rows [r0, r1) in row-major order over the other dims. */
static void softmax_rows(void *ctx, int64_t r0, int64_t r1) {
    const SoftmaxJob *j = ctx;
    CpuIter it = *j->it;
    int64_t so = cpu_iter_step(&it, 0), sa = cpu_iter_step(&it, 1);
    int64_t i = r0 % it.inner;
    cpu_iter_seek(&it, r0 / it.inner);
    for (int64_t r = r0; r < r1; r++) {
        int64_t oo = it.off[0] + i * so, oa = it.off[1] + i * sa;
        if (j->out->dtype == DT_F32)
            softmax_row_f32(CPU_PTR(float, j->out) + oo, j->so, CPU_PTR(const float, j->a) + oa,
                            j->sa, j->L, j->log);
        else
            softmax_row_f64(CPU_PTR(double, j->out) + oo, j->so, CPU_PTR(const double, j->a) + oa,
                            j->sa, j->L, j->log);
        if (++i == it.inner) { i = 0; cpu_iter_next(&it); }
    }
}

void cpu_softmax(OpKind op, Tensor *out, const Tensor *a, int axis) {
    MG_ASSERT(op == OP_SOFTMAX || op == OP_LOG_SOFTMAX);
    if (out->numel == 0) return;
    int64_t shape[TN_MAX_DIMS], so[TN_MAX_DIMS], sa[TN_MAX_DIMS];
    int nd = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (d == axis) continue;
        shape[nd] = a->shape[d];
        so[nd] = out->strides[d];
        sa[nd] = a->strides[d];
        nd++;
    }
    const int64_t *st[2] = { so, sa };
    CpuIter it;
    cpu_iter_init(&it, shape, nd, 2, st);
    int64_t L = a->ndim ? a->shape[axis] : 1;
    SoftmaxJob job = { out, a, &it, L, a->ndim ? a->strides[axis] : 1,
                       a->ndim ? out->strides[axis] : 1, op == OP_LOG_SOFTMAX };
    int64_t rows = it.rows * it.inner;
    if (rows > 1 && rows * L > CPU_PAR_MIN)
        cpu_parallel_for(rows, (CPU_PAR_MIN / 2 + L - 1) / L, softmax_rows, &job);
    else
        softmax_rows(&job, 0, rows);
}

/* ---- softmax_backward: out = y * (g - sum(g * y)) per row ----
 * In the rule's order: products g*y in the dtype, their sum in double
 * rounded to the dtype, then y * (g - s). */
typedef struct {
    Tensor *out;
    const Tensor *g, *y;
    const CpuIter *it;        /* other dims: operands out, g, y */
    int64_t L, so, sg, sy;    /* the axis: length and strides */
} BackwardJob;

/* Unit strides (SIMD, one clone per instruction set): the products' sum
 * with eight running sums in a fixed order, then the SIMD update. */
#define DEFINE_SOFTMAX_BACKWARD_ROW_UNIT(T, SUF)                                   \
CPU_SIMD_CLONES                                                                    \
static void softmax_backward_row_unit_##SUF(T *o, const T *g, const T *y, int64_t L) { \
    double part[8] = { 0 };                                                        \
    int64_t k = 0;                                                                 \
    for (; k + 8 <= L; k += 8)                                                     \
        for (int p = 0; p < 8; p++) part[p] += (T)(g[k + p] * y[k + p]);           \
    for (; k < L; k++) part[0] += (T)(g[k] * y[k]);                                \
    T s = (T)(((part[0] + part[1]) + (part[2] + part[3])) +                        \
              ((part[4] + part[5]) + (part[6] + part[7])));                        \
    _Pragma("omp simd")                                                            \
    for (k = 0; k < L; k++) o[k] = y[k] * (g[k] - s);                              \
}
DEFINE_SOFTMAX_BACKWARD_ROW_UNIT(float, f32)
DEFINE_SOFTMAX_BACKWARD_ROW_UNIT(double, f64)

/* Any strides: the same steps, one value at a time. */
#define DEFINE_SOFTMAX_BACKWARD_ROW(T, SUF)                                        \
static void softmax_backward_row_##SUF(T *o, int64_t so, const T *g, int64_t sg,   \
                                       const T *y, int64_t sy, int64_t L) {        \
    if (so == 1 && sg == 1 && sy == 1) {                                           \
        softmax_backward_row_unit_##SUF(o, g, y, L);                               \
        return;                                                                    \
    }                                                                              \
    double sum = 0;                                                                \
    for (int64_t k = 0; k < L; k++) sum += (T)(g[k * sg] * y[k * sy]);             \
    T s = (T)sum;                                                                  \
    for (int64_t k = 0; k < L; k++) o[k * so] = y[k * sy] * (g[k * sg] - s);       \
}
DEFINE_SOFTMAX_BACKWARD_ROW(float, f32)
DEFINE_SOFTMAX_BACKWARD_ROW(double, f64)

static void backward_rows(void *ctx, int64_t r0, int64_t r1) {
    const BackwardJob *j = ctx;
    CpuIter it = *j->it;
    int64_t so = cpu_iter_step(&it, 0), sg = cpu_iter_step(&it, 1), sy = cpu_iter_step(&it, 2);
    int64_t i = r0 % it.inner;
    cpu_iter_seek(&it, r0 / it.inner);
    for (int64_t r = r0; r < r1; r++) {
        int64_t oo = it.off[0] + i * so, og = it.off[1] + i * sg, oy = it.off[2] + i * sy;
        if (j->out->dtype == DT_F32)
            softmax_backward_row_f32(CPU_PTR(float, j->out) + oo, j->so, CPU_PTR(const float, j->g) + og,
                                     j->sg, CPU_PTR(const float, j->y) + oy, j->sy, j->L);
        else
            softmax_backward_row_f64(CPU_PTR(double, j->out) + oo, j->so, CPU_PTR(const double, j->g) + og,
                                     j->sg, CPU_PTR(const double, j->y) + oy, j->sy, j->L);
        if (++i == it.inner) { i = 0; cpu_iter_next(&it); }
    }
}

void cpu_softmax_backward(Tensor *out, const Tensor *g, const Tensor *y, int axis) {
    if (out->numel == 0) return;
    int64_t shape[TN_MAX_DIMS], so[TN_MAX_DIMS], sg[TN_MAX_DIMS], sy[TN_MAX_DIMS];
    int nd = 0;
    for (int d = 0; d < y->ndim; d++) {
        if (d == axis) continue;
        shape[nd] = y->shape[d];
        so[nd] = out->strides[d];
        sg[nd] = g->strides[d];
        sy[nd] = y->strides[d];
        nd++;
    }
    const int64_t *st[3] = { so, sg, sy };
    CpuIter it;
    cpu_iter_init(&it, shape, nd, 3, st);
    int64_t L = y->ndim ? y->shape[axis] : 1;
    BackwardJob job = { out, g, y, &it, L, y->ndim ? out->strides[axis] : 1,
                        y->ndim ? g->strides[axis] : 1, y->ndim ? y->strides[axis] : 1 };
    int64_t rows = it.rows * it.inner;
    if (rows > 1 && rows * L > CPU_PAR_MIN)
        cpu_parallel_for(rows, (CPU_PAR_MIN / 2 + L - 1) / L, backward_rows, &job);
    else
        backward_rows(&job, 0, rows);
}
