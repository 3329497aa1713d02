/* cpu.h - the CPU backend's kernels (one function per kernel family of
 * backend.h; cpu_backend.c puts them in the table). Same calling
 * convention as backend.h: inputs validated, broadcast and same-dtype. */
#ifndef MG_CPU_H
#define MG_CPU_H
#include "../tensor/backend.h"

/* Elementwise work above this many elements is split over the worker
 * pool (cpu_parallel.h); smaller tensors stay on one thread (waking a
 * worker costs microseconds). */
#define CPU_PAR_MIN (1 << 16)

void cpu_unary(OpKind op, Tensor *out, const Tensor *a);
void cpu_binary(OpKind op, Tensor *out, const Tensor *a, const Tensor *b);
void cpu_compare(OpKind op, Tensor *out, const Tensor *a, const Tensor *b);
void cpu_where(Tensor *out, const Tensor *cond, const Tensor *a, const Tensor *b);
void cpu_sum(Tensor *out, const Tensor *a, int axis);
void cpu_index_reduce(OpKind op, Tensor *out, Tensor *idx, const Tensor *a, int axis);
void cpu_gather(OpKind op, Tensor *out, const Tensor *a, const Tensor *idx, int axis);
void cpu_matmul(Tensor *out, const Tensor *a, const Tensor *b);
void cpu_copy(Tensor *dst, const Tensor *src);
void cpu_fill(Tensor *dst, double v);
void cpu_softmax(OpKind op, Tensor *out, const Tensor *a, int axis);
void cpu_softmax_backward(Tensor *out, const Tensor *g, const Tensor *y, int axis);

/* Element pointer of a tensor's first element. */
#define CPU_PTR(T, t) ((T *)(t)->storage->data + (t)->offset)

#endif
