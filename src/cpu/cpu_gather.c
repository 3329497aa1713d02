/* cpu_gather.c - take_along and its adjoint scatter_along.
 *
 * Both walk the index tensor's shape with three operands: the dense side
 * (out for take, src for scatter), idx, and the indexed side with its stride
 * along `axis` set to 0; the index value times the real axis stride is
 * added per element. Scatter runs on one thread (two indices may hit the
 * same element).
 */
#include "cpu.h"
#include "cpu_iter.h"
#include "../util/alloc.h"
#include <string.h>

#define DEFINE_GATHER(T, SUF)                                                        \
static void gather_##SUF(OpKind op, Tensor *out, const Tensor *a, const Tensor *idx,  \
                         int axis) {                                                 \
    /* dense: the tensor shaped like idx; wide: the one indexed along axis */        \
    const Tensor *dense = op == OP_TAKE_ALONG ? out : a;                             \
    const Tensor *wide = op == OP_TAKE_ALONG ? a : out;                              \
    int64_t wide_st[TN_MAX_DIMS];                                                    \
    memcpy(wide_st, wide->strides, sizeof wide_st);                                  \
    int64_t s_axis = wide_st[axis];                                                  \
    wide_st[axis] = 0;                                                               \
    const int64_t *st[3] = { dense->strides, idx->strides, wide_st };                \
    CpuIter it;                                                                      \
    cpu_iter_init(&it, idx->shape, idx->ndim, 3, st);                                \
    int64_t s0 = cpu_iter_step(&it, 0), s1 = cpu_iter_step(&it, 1), s2 = cpu_iter_step(&it, 2); \
    T *d = CPU_PTR(T, dense);                                                        \
    const T *ix = CPU_PTR(const T, idx);                                             \
    T *w = CPU_PTR(T, wide);                                                         \
    for (int64_t r = 0; r < it.rows; r++, cpu_iter_next(&it)) {                      \
        for (int64_t j = 0; j < it.inner; j++) {                                     \
            int64_t k = (int64_t)ix[it.off[1] + j * s1];                             \
            int64_t wi = it.off[2] + j * s2 + k * s_axis;                            \
            if (op == OP_TAKE_ALONG) d[it.off[0] + j * s0] = w[wi];                  \
            else w[wi] += d[it.off[0] + j * s0];                                     \
        }                                                                            \
    }                                                                                \
}
DEFINE_GATHER(float, f32)
DEFINE_GATHER(double, f64)

void cpu_gather(OpKind op, Tensor *out, const Tensor *a, const Tensor *idx, int axis) {
    MG_ASSERT(op == OP_TAKE_ALONG || op == OP_SCATTER_ALONG);
    if (out->dtype == DT_F32) gather_f32(op, out, a, idx, axis);
    else gather_f64(op, out, a, idx, axis);
}
