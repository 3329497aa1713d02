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
#include "cpu_parallel.h"
#include "../util/alloc.h"
#include <math.h>

static inline double load(const Tensor *t, int64_t i) {
    return t->dtype == DT_F32 ? (double)CPU_PTR(const float, t)[i] : CPU_PTR(const double, t)[i];
}
static inline void store(Tensor *t, int64_t i, double v) {
    if (t->dtype == DT_F32) CPU_PTR(float, t)[i] = (float)v;
    else CPU_PTR(double, t)[i] = v;
}

/* Sum of n contiguous f32 values in double with four running sums (one
 * sum is bound by the add latency, four keep the adder busy). f32 only:
 * the double sums' order changes only far below f32's precision, while an
 * f64 result would change in its last digits. */
static double sum_f32_unit(const float *p, int64_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += p[i]; s1 += p[i + 1]; s2 += p[i + 2]; s3 += p[i + 3];
    }
    for (; i < n; i++) s0 += p[i];
    return (s0 + s1) + (s2 + s3);
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

/* Sum of n contiguous values: fixed chunks of SUM_CHUNK, each summed in
 * order into its own partial, the partials added in chunk order; the
 * result is the same for any number of threads. */
#define SUM_CHUNK ((int64_t)1 << 16)
typedef struct { const Tensor *a; double *partial; } SumJob;

static void sum_chunks(void *ctx, int64_t lo, int64_t hi) {
    const SumJob *j = ctx;
    int64_t n = j->a->numel;
    for (int64_t c = lo; c < hi; c++) {
        int64_t b = c * SUM_CHUNK, e = b + SUM_CHUNK < n ? b + SUM_CHUNK : n;
        double acc = 0;
        if (j->a->dtype == DT_F32) {
            acc = sum_f32_unit(CPU_PTR(const float, j->a) + b, e - b);
        } else {
            const double *p = CPU_PTR(const double, j->a);
            for (int64_t i = b; i < e; i++) acc += p[i];
        }
        j->partial[c] = acc;
    }
}

static double sum_contig(const Tensor *a) {
    int64_t chunks = (a->numel + SUM_CHUNK - 1) / SUM_CHUNK;
    double one, *partial = chunks > 1 ? mg_malloc((size_t)chunks * sizeof(double)) : &one;
    SumJob job = { a, partial };
    if (chunks > 1) cpu_parallel_for(chunks, 1, sum_chunks, &job);
    else if (chunks == 1) sum_chunks(&job, 0, 1);
    double acc = 0;
    for (int64_t c = 0; c < chunks; c++) acc += partial[c];
    if (partial != &one) mg_free(partial);
    return acc;
}

static double sum_all(const Tensor *a) {
    if (tn_is_contiguous(a)) return sum_contig(a);
    const int64_t *st[1] = { a->strides };
    CpuIter it;
    cpu_iter_init(&it, a->shape, a->ndim, 1, st);
    int64_t s = cpu_iter_step(&it, 0);
    double acc = 0;
    for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it))
        for (int64_t j = 0; j < it.inner; j++) acc += load(a, it.off[0] + j * s);
    return acc;
}

/* Reductions along one axis, one output element at a time; large ones
 * run on the worker pool, split by output elements. */
#define PAR_MIN_READS ((int64_t)1 << 16)
typedef struct {
    Tensor *out, *idx;
    const Tensor *a;
    const CpuIter *it;
    int64_t L, sL;
    OpKind op;                 /* OP_SUM, OP_MAX or OP_MIN */
} AxisJob;

static void sum_one(const AxisJob *j, int64_t base, int64_t at) {
    double acc = 0;
    if (j->a->dtype == DT_F32 && j->sL == 1) {
        acc = sum_f32_unit(CPU_PTR(const float, j->a) + base, j->L);
    } else if (j->a->dtype == DT_F32) {
        const float *p = CPU_PTR(const float, j->a) + base;
        for (int64_t k = 0; k < j->L; k++) acc += p[k * j->sL];
    } else {
        const double *p = CPU_PTR(const double, j->a) + base;
        for (int64_t k = 0; k < j->L; k++) acc += p[k * j->sL];
    }
    store(j->out, at, acc);
}

/* max of a contiguous f32 row without nan (the common case: softmax's
 * shift), in the order of the general loop below; false when a nan is met. */
static bool max_row_f32(const float *p, int64_t L, float *best, int64_t *where) {
    float b = p[0];
    int64_t w = 0;
    if (b != b) return false;
    for (int64_t k = 1; k < L; k++) {
        float v = p[k];
        if (v != v) return false;
        if (v > b) { b = v; w = k; }
    }
    *best = b;
    *where = w;
    return true;
}

static void extreme_one(const AxisJob *j, int64_t base, int64_t at) {
    bool want_max = j->op == OP_MAX;
    float fbest;
    int64_t fat;
    if (want_max && j->sL == 1 && j->a->dtype == DT_F32 &&
        max_row_f32(CPU_PTR(const float, j->a) + base, j->L, &fbest, &fat)) {
        store(j->out, at, fbest);
        store(j->idx, at, (double)fat);
        return;
    }
    double best = load(j->a, base);
    int64_t where = 0;
    for (int64_t k = 1; k < j->L && !isnan(best); k++) {
        double v = load(j->a, base + k * j->sL);
        /* strict comparison keeps the FIRST extreme; a nan wins */
        if (isnan(v) || (want_max ? v > best : v < best)) { best = v; where = k; }
    }
    store(j->out, at, best);
    store(j->idx, at, (double)where);
}

/* Output elements [e0, e1) in row-major order over the rest dims. */
static void axis_elems(void *ctx, int64_t e0, int64_t e1) {
    const AxisJob *j = ctx;
    CpuIter it = *j->it;
    int64_t so = cpu_iter_step(&it, 0), sa = cpu_iter_step(&it, 1);
    int64_t i = e0 % it.inner;
    cpu_iter_seek(&it, e0 / it.inner);
    for (int64_t e = e0; e < e1; e++) {
        if (j->op == OP_SUM) sum_one(j, it.off[1] + i * sa, it.off[0] + i * so);
        else extreme_one(j, it.off[1] + i * sa, it.off[0] + i * so);
        if (++i == it.inner) { i = 0; cpu_iter_next(&it); }
    }
}

static void run_axis_job(const AxisJob *j) {
    int64_t n = j->it->rows * j->it->inner;
    if (n == 0) return;  /* no output elements (inner may be 0: no `e0 % inner`) */
    if (n > 1 && n * j->L > PAR_MIN_READS)
        cpu_parallel_for(n, (PAR_MIN_READS / 2 + j->L - 1) / j->L, axis_elems, (void *)j);
    else
        axis_elems((void *)j, 0, n);
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
    AxisJob job = { out, NULL, a, &it, L, sL, OP_SUM };
    run_axis_job(&job);
}

void cpu_index_reduce(OpKind op, Tensor *out, Tensor *idx, const Tensor *a, int axis) {
    MG_ASSERT(op == OP_MAX || op == OP_MIN);
    Rest rd;
    rest_dims(a, axis, &rd);
    int64_t L = a->shape[axis], sL = a->strides[axis];
    const int64_t *st[2] = { rd.so, rd.sa };
    CpuIter it;
    cpu_iter_init(&it, rd.shape, rd.ndim, 2, st);
    AxisJob job = { out, idx, a, &it, L, sL, op };
    run_axis_job(&job);
}
