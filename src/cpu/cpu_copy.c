/* cpu_copy.c - strided copy with dtype conversion, and fill.
 *
 * copy is the one kernel behind contiguous(), to_dtype, cat, slice_scatter,
 * index assignment and tn_copy_into: dst may be any strided view. */
#include "cpu.h"
#include "cpu_iter.h"
#include "../util/alloc.h"

#define DEFINE_COPY_ROW(TD, TS, SUF)                                           \
static void copy_row_##SUF(TD *d, int64_t sd, const TS *s, int64_t ss, int64_t n) { \
    if (sd == 1 && ss == 1) {                                                  \
        for (int64_t i = 0; i < n; i++) d[i] = (TD)s[i];                       \
    } else {                                                                   \
        for (int64_t i = 0; i < n; i++) d[i * sd] = (TD)s[i * ss];             \
    }                                                                          \
}
DEFINE_COPY_ROW(float, float, ff)
DEFINE_COPY_ROW(float, double, fd)
DEFINE_COPY_ROW(double, float, df)
DEFINE_COPY_ROW(double, double, dd)

void cpu_copy(Tensor *dst, const Tensor *src) {
    const int64_t *st[2] = { dst->strides, src->strides };
    CpuIter it;
    cpu_iter_init(&it, dst->shape, dst->ndim, 2, st);
    int64_t sd = cpu_iter_step(&it, 0), ss = cpu_iter_step(&it, 1);
    for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it)) {
        int64_t od = it.off[0], os = it.off[1];
        if (dst->dtype == DT_F32 && src->dtype == DT_F32)
            copy_row_ff(CPU_PTR(float, dst) + od, sd, CPU_PTR(const float, src) + os, ss, it.inner);
        else if (dst->dtype == DT_F32)
            copy_row_fd(CPU_PTR(float, dst) + od, sd, CPU_PTR(const double, src) + os, ss, it.inner);
        else if (src->dtype == DT_F32)
            copy_row_df(CPU_PTR(double, dst) + od, sd, CPU_PTR(const float, src) + os, ss, it.inner);
        else
            copy_row_dd(CPU_PTR(double, dst) + od, sd, CPU_PTR(const double, src) + os, ss, it.inner);
    }
}

void cpu_fill(Tensor *dst, double v) {
    const int64_t *st[1] = { dst->strides };
    CpuIter it;
    cpu_iter_init(&it, dst->shape, dst->ndim, 1, st);
    int64_t sd = cpu_iter_step(&it, 0);
    for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it)) {
        if (dst->dtype == DT_F32) {
            float *d = CPU_PTR(float, dst) + it.off[0], fv = (float)v;
            for (int64_t i = 0; i < it.inner; i++) d[i * sd] = fv;
        } else {
            double *d = CPU_PTR(double, dst) + it.off[0];
            for (int64_t i = 0; i < it.inner; i++) d[i * sd] = v;
        }
    }
}
