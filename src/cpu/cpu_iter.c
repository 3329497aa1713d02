/* cpu_iter.c - dimension coalescing for strided loops (see cpu_iter.h). */
#include "cpu_iter.h"
#include "../util/alloc.h"
#include <string.h>

void cpu_iter_init(CpuIter *it, const int64_t *shape, int ndim, int nops,
                   const int64_t *const *strides) {
    MG_ASSERT(nops >= 1 && nops <= CPU_ITER_MAX_OPS && ndim <= TN_MAX_DIMS);
    memset(it, 0, sizeof *it);
    it->nops = nops;
    int n = 0;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == 1) continue;            /* size-1 dims contribute nothing */
        bool merge = n > 0;
        for (int k = 0; merge && k < nops; k++)
            merge = it->strides[k][n - 1] == strides[k][d] * shape[d];
        if (merge) {
            it->shape[n - 1] *= shape[d];
            for (int k = 0; k < nops; k++) it->strides[k][n - 1] = strides[k][d];
        } else {
            it->shape[n] = shape[d];
            for (int k = 0; k < nops; k++) it->strides[k][n] = strides[k][d];
            n++;
        }
    }
    if (n == 0) {                               /* 0-d or all ones: one element */
        it->shape[0] = 1;
        n = 1;
    }
    it->ndim = n;
    it->inner = it->shape[n - 1];
    it->rows = 1;
    for (int d = 0; d < n - 1; d++) it->rows *= it->shape[d];
    for (int d = 0; d < ndim; d++)
        if (shape[d] == 0) it->rows = 0, it->inner = 0;
}
