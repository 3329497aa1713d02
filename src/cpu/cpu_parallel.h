/* cpu_parallel.h - a small pool of worker threads for large CPU kernels.
 *
 * Why not OpenMP's `parallel for`: libgomp's idle threads spin for a while
 * after every parallel region, and on a 2-core machine they then fight
 * OpenBLAS's own threads for the cores (an MLP step alternates elementwise
 * ops and GEMMs: measured 15x slower). These workers sleep on a condition
 * variable as soon as a job is done. The pool starts on the first large
 * job, so start-up and small programs never create a thread.
 *
 * Threads: OMP_NUM_THREADS if set (the benchmarks set 2), else the number
 * of online CPUs. A job is split into chunks of `grain` items handed out
 * through an atomic counter; the calling thread works too. Calls from
 * inside a job run serially. A forked child starts a pool of its own.
 */
#ifndef MG_CPU_PARALLEL_H
#define MG_CPU_PARALLEL_H
#include <stdint.h>

/* fn(ctx, lo, hi) for consecutive ranges [lo, hi) covering [0, n). */
typedef void (*CpuRangeFn)(void *ctx, int64_t lo, int64_t hi);
void cpu_parallel_for(int64_t n, int64_t grain, CpuRangeFn fn, void *ctx);

#endif
