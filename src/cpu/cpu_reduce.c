/* cpu_reduce.c - sum over an axis or everything, max/min with index.
 *
 * Reductions over one axis see `a` as (rest..., L): the output is
 * contiguous over the rest dims (a's shape minus axis). Each output element
 * accumulates L values of stride sL. When the rest is unit-stride in `a`
 * (reducing a leading axis of contiguous data), rows of `a` are added into
 * a buffer instead, so memory is read in order. Every sum accumulates in
 * double, also for f32 (accuracy: 1e7 float ones sum to 1e7).
 */
#include "cpu.h"
#include "cpu_iter.h"
#include "../util/alloc.h"
#include <math.h>

static inline double load(const Tensor *t, int64_t i) {
    return t->dtype == DT_F32 ? (double)CPU_PTR(const float, t)[i] : CPU_PTR(const double, t)[i];
}
static inline void store(Tensor *t, int64_t i, double v) {
    if (t->dtype == DT_F32) CPU_PTR(float, t)[i] = (float)v;
    else CPU_PTR(double, t)[i] = v;
}

/* The rest dims of a (without axis): shape, a's strides, contiguous out strides. */
typedef struct { int ndim; int64_t shape[TN_MAX_DIMS], sa[TN_MAX_DIMS], so[TN_MAX_DIMS]; } Rest;
static void rest_dims(const Tensor *a, int axis, Rest *r) {
    r->ndim = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (d == axis) continue;
        r->shape[r->ndim] = a->shape[d];
        r->sa[r->ndim] = a->strides[d];
        r->ndim++;
    }
    int64_t s = 1;
    for (int d = r->ndim - 1; d >= 0; d--) { r->so[d] = s; s *= r->shape[d]; }
}

#define DEFINE_SUM_CONTIG(T, SUF)                                         \
static double sum_contig_##SUF(const T *p, int64_t n) {                   \
    double acc = 0;                                                       \
    if (n > CPU_PAR_MIN) {                                                \
        _Pragma("omp parallel for reduction(+:acc)")                      \
        for (int64_t i = 0; i < n; i++) acc += p[i];                      \
    } else {                                                              \
        for (int64_t i = 0; i < n; i++) acc += p[i];                      \
    }                                                                     \
    return acc;                                                           \
}
DEFINE_SUM_CONTIG(float, f32)
DEFINE_SUM_CONTIG(double, f64)

static double sum_all(const Tensor *a) {
    if (tn_is_contiguous(a))
        return a->dtype == DT_F32 ? sum_contig_f32(CPU_PTR(const float, a), a->numel)
                                  : sum_contig_f64(CPU_PTR(const double, a), a->numel);
    const int64_t *st[1] = { a->strides };
    CpuIter it;
    cpu_iter_init(&it, a->shape, a->ndim, 1, st);
    int64_t s = cpu_iter_step(&it, 0);
    double acc = 0;
    for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it))
        for (int64_t j = 0; j < it.inner; j++) acc += load(a, it.off[0] + j * s);
    return acc;
}

void cpu_sum(Tensor *out, const Tensor *a, int axis) {
    if (axis == TN_ALL_AXES) {
        store(out, 0, sum_all(a));
        return;
    }
    Rest rd;
    rest_dims(a, axis, &rd);
    int64_t L = a->shape[axis], sL = a->strides[axis];
    const int64_t *st[2] = { rd.so, rd.sa };
    CpuIter it;
    cpu_iter_init(&it, rd.shape, rd.ndim, 2, st);
    int64_t so = cpu_iter_step(&it, 0), sa = cpu_iter_step(&it, 1);
    if (sa == 1 && it.inner >= 16 && L > 1) {
        /* rows of a are contiguous: add them into a buffer in memory order */
        double *buf = mg_malloc((size_t)it.inner * sizeof(double));
        for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it)) {
            for (int64_t j = 0; j < it.inner; j++) buf[j] = 0;
            for (int64_t k = 0; k < L; k++) {
                int64_t base = it.off[1] + k * sL;
                if (a->dtype == DT_F32) {
                    const float *p = CPU_PTR(const float, a) + base;
                    for (int64_t j = 0; j < it.inner; j++) buf[j] += p[j];
                } else {
                    const double *p = CPU_PTR(const double, a) + base;
                    for (int64_t j = 0; j < it.inner; j++) buf[j] += p[j];
                }
            }
            for (int64_t j = 0; j < it.inner; j++) store(out, it.off[0] + j * so, buf[j]);
        }
        mg_free(buf);
        return;
    }
    for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it)) {
        for (int64_t j = 0; j < it.inner; j++) {
            int64_t base = it.off[1] + j * sa;
            double acc = 0;
            if (a->dtype == DT_F32) {
                const float *p = CPU_PTR(const float, a) + base;
                for (int64_t k = 0; k < L; k++) acc += p[k * sL];
            } else {
                const double *p = CPU_PTR(const double, a) + base;
                for (int64_t k = 0; k < L; k++) acc += p[k * sL];
            }
            store(out, it.off[0] + j * so, acc);
        }
    }
}

void cpu_index_reduce(OpKind op, Tensor *out, Tensor *idx, const Tensor *a, int axis) {
    MG_ASSERT(op == OP_MAX || op == OP_MIN);
    Rest rd;
    rest_dims(a, axis, &rd);
    int64_t L = a->shape[axis], sL = a->strides[axis];
    const int64_t *st[2] = { rd.so, rd.sa };
    CpuIter it;
    cpu_iter_init(&it, rd.shape, rd.ndim, 2, st);
    int64_t so = cpu_iter_step(&it, 0), sa = cpu_iter_step(&it, 1);
    bool want_max = op == OP_MAX;
    for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it)) {
        for (int64_t j = 0; j < it.inner; j++) {
            int64_t base = it.off[1] + j * sa;
            double best = load(a, base);
            int64_t at = 0;
            for (int64_t k = 1; k < L && !isnan(best); k++) {
                double v = load(a, base + k * sL);
                /* strict comparison keeps the FIRST extreme; a nan wins */
                if (isnan(v) || (want_max ? v > best : v < best)) { best = v; at = k; }
            }
            store(out, it.off[0] + j * so, best);
            store(idx, it.off[0] + j * so, (double)at);
        }
    }
}
