/* cpu_iter.h - walking several same-shaped strided operands together.
 *
 * The general (strided) path of every CPU kernel: operands share a shape
 * but each has its own strides. Dimensions that are contiguous for every
 * operand (stride[d] == stride[d+1] * shape[d+1]) are merged, and size-1
 * dimensions dropped, so a contiguous tensor becomes one row of numel
 * elements. A kernel then runs a 1-D loop (with per-operand inner strides)
 * over each row; cpu_iter_next moves the row offsets with an index counter
 * over the outer dimensions (up to TN_MAX_DIMS, no recursion).
 */
#ifndef MG_CPU_ITER_H
#define MG_CPU_ITER_H
#include "../tensor/tensor.h"

#define CPU_ITER_MAX_OPS 4

typedef struct CpuIter {
    int nops;
    int ndim;                                 /* >= 1 after coalescing */
    int64_t shape[TN_MAX_DIMS];
    int64_t strides[CPU_ITER_MAX_OPS][TN_MAX_DIMS];
    int64_t inner;                            /* shape[ndim-1]: elements per row */
    int64_t rows;                             /* product of the outer dims */
    int64_t idx[TN_MAX_DIMS];                 /* position of the current row */
    int64_t off[CPU_ITER_MAX_OPS];            /* element offset of the current row, per operand */
} CpuIter;

/* strides[k] are operand k's strides over `shape` (ndim may be 0). */
void cpu_iter_init(CpuIter *it, const int64_t *shape, int ndim, int nops,
                   const int64_t *const *strides);

/* Inner stride of operand k. */
static inline int64_t cpu_iter_step(const CpuIter *it, int k) {
    return it->strides[k][it->ndim - 1];
}

/* Move to row number `row` (0 <= row < rows): what `row` calls of
 * cpu_iter_next from the start would do, for splitting rows over threads. */
static inline void cpu_iter_seek(CpuIter *it, int64_t row) {
    for (int k = 0; k < it->nops; k++) it->off[k] = 0;
    for (int d = it->ndim - 2; d >= 0; d--) {
        int64_t n = it->shape[d];             /* 0 for an empty tensor: no rows to seek */
        it->idx[d] = n ? row % n : 0;
        row = n ? row / n : 0;
        for (int k = 0; k < it->nops; k++) it->off[k] += it->idx[d] * it->strides[k][d];
    }
}

/* Advance to the next row. */
static inline void cpu_iter_next(CpuIter *it) {
    for (int d = it->ndim - 2; d >= 0; d--) {
        it->idx[d]++;
        for (int k = 0; k < it->nops; k++) it->off[k] += it->strides[k][d];
        if (it->idx[d] < it->shape[d]) return;
        for (int k = 0; k < it->nops; k++) it->off[k] -= it->strides[k][d] * it->shape[d];
        it->idx[d] = 0;
    }
}

#endif
