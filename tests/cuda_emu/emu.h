/* emu.h - host emulation of the CUDA execution model, for checking the
 * LOGIC of the .cu files of src/cuda on a machine without a GPU.
 *
 * THIS IS NOT A GPU RUN. The kernels are compiled as plain C++ by g++ (not
 * nvcc), run one block at a time, one thread at a time, on the CPU; device
 * memory is host memory. What it checks: indexing, the split of work over
 * blocks, threads, warps and grid-stride loops, shared-memory reductions
 * and their barriers, warp shuffles (lanes must meet at the same shuffle),
 * and the numbers (compared with the CPU backend by tests/unit/test_cuda.c).
 * What it cannot check: nvcc compiling the code, real concurrency (races
 * between threads of a block that forget a barrier may go unseen: threads
 * run in a fixed order), memory coalescing, speed, device limits.
 *
 * build.sh compiles every src/cuda file with this header forced in first
 * (g++ -include emu.h) after rewriting each launch
 *     kernel<<<grid, CU_THREADS, 0, cu_stream()>>>(args);
 * into  emu_launch(grid, CU_THREADS, [&]{ kernel(args); });
 * emu.cpp runs the threads (a stack each, switched in user space), and
 * fakes the parts of the CUDA runtime and cuBLAS that src/cuda calls.
 */
#ifndef MG_CUDA_EMU_H
#define MG_CUDA_EMU_H
#include <cuda_runtime.h>   /* first: its host_defines.h defines what we replace below */
#include <cstddef>
#include <functional>

/* Device code is host code; __shared__ memory is one static array, which
 * is enough because blocks never run at the same time. */
#undef __global__
#undef __device__
#undef __host__
#undef __shared__
#undef __forceinline__
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static

struct EmuDim { unsigned x, y, z; };
extern EmuDim emu_threadIdx, emu_blockIdx, emu_blockDim, emu_gridDim;
#define threadIdx emu_threadIdx
#define blockIdx emu_blockIdx
#define blockDim emu_blockDim
#define gridDim emu_gridDim

/* Runs fn as grid blocks of `block` threads (1-D launches only). */
void emu_launch(unsigned grid, unsigned block, const std::function<void()> &fn);

/* The calling thread waits until every live thread of its block is here. */
void emu_syncthreads(void);
#define __syncthreads() emu_syncthreads()

/* A warp shuffle: the caller publishes its n bytes at `mine` and receives
 * lane src_lane's (of its own warp) in `theirs`. Aborts unless mask is the
 * full warp and every lane of the warp is at the same shuffle. */
void emu_shuffle(unsigned mask, const void *mine, void *theirs, size_t n, unsigned src_lane);

template <typename T> inline T __shfl_sync(unsigned mask, T v, int src, int width = 32) {
    T r;
    unsigned lane = threadIdx.x % 32, base = lane - lane % (unsigned)width;
    emu_shuffle(mask, &v, &r, sizeof v, base + (unsigned)src % (unsigned)width);
    return r;
}
template <typename T> inline T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int width = 32) {
    T r;
    unsigned lane = threadIdx.x % 32, src = lane ^ (unsigned)lane_mask;
    if (src / (unsigned)width != lane / (unsigned)width) src = lane;   /* outside its group: own value */
    emu_shuffle(mask, &v, &r, sizeof v, src);
    return r;
}
template <typename T> inline T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = 32) {
    T r;
    unsigned lane = threadIdx.x % 32, src = lane + delta;
    if (src / (unsigned)width != lane / (unsigned)width) src = lane;
    emu_shuffle(mask, &v, &r, sizeof v, src);
    return r;
}

/* Threads of a block never run at the same time, so a plain add is atomic. */
template <typename T> inline T atomicAdd(T *p, T v) { T old = *p; *p = old + v; return old; }

#endif
