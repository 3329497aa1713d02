/* emu.cpp - the host emulation's threads, and fakes of the CUDA runtime and
 * cuBLAS calls src/cuda makes. Checks kernel LOGIC on the host; NOT a GPU
 * run (see emu.h).
 *
 * Threads. Each emulated thread of a block has its own stack, made once
 * with makecontext and then reused by every launch: a thread parked with
 * _setjmp is resumed with _longjmp, so switching costs a few dozen
 * instructions and no system call (swapcontext saves the signal mask with
 * sigprocmask on every switch, which made the whole test_cuda run take a
 * minute, mostly in the kernel). The scheduler runs the threads of a block
 * round-robin, each until its next barrier (__syncthreads, or either half
 * of a warp shuffle) or its end, and repeats until all have ended: every
 * thread passes barrier k before any thread passes barrier k + 1, which is
 * what __syncthreads promises. Blocks run one after the other.
 *
 * Jumping between stacks with _longjmp is outside what the C standard
 * promises but is what glibc's longjmp does (restore registers and the
 * stack pointer); build.sh compiles this file with _FORTIFY_SOURCE off,
 * whose __longjmp_chk refuses jumps to another stack.
 */
#include <cuda_runtime.h>
#include <cublas_v2.h>
#include <ucontext.h>
#include <setjmp.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "emu.h"

EmuDim emu_threadIdx, emu_blockIdx, emu_blockDim, emu_gridDim;

[[noreturn]] static void emu_die(const char *what) {
    std::fprintf(stderr, "cuda-emu: %s (block %u, thread %u)\n", what, emu_blockIdx.x, emu_threadIdx.x);
    std::abort();
}

/* ---- threads ---- */
#define EMU_MAX_THREADS 1024
#define EMU_STACK (256 * 1024)

struct EmuThread {
    jmp_buf at;           /* where it is parked */
    char *stack;          /* NULL until first used */
    bool done;            /* finished the current block */
    unsigned long barriers;   /* barriers passed in this block */
    unsigned long shuffled;   /* `barriers` when it last published a shuffle
                                 value: lanes meeting at a shuffle agree on it */
};
static EmuThread threads[EMU_MAX_THREADS];
static jmp_buf scheduler;
static unsigned cur;                               /* the running thread */
static const std::function<void()> *cur_fn;

/* Back to the scheduler; returns when the scheduler resumes this thread. */
static void park(void) {
    if (!_setjmp(threads[cur].at)) _longjmp(scheduler, 1);
}

/* The body of every emulated thread, on its own stack, forever: park, and
 * each time it is resumed run the kernel for the current block. */
static void thread_main(void) {
    for (;;) {
        park();
        (*cur_fn)();
        threads[cur].done = true;
    }
}

/* Makes thread t's stack and parks thread_main on it (once per t). */
static void make_thread(unsigned t) {
    static ucontext_t uc;
    threads[t].stack = (char *)std::malloc(EMU_STACK);
    if (!threads[t].stack || getcontext(&uc) != 0) emu_die("cannot make a thread");
    uc.uc_stack.ss_sp = threads[t].stack;
    uc.uc_stack.ss_size = EMU_STACK;
    uc.uc_link = NULL;                  /* thread_main never returns */
    makecontext(&uc, thread_main, 0);
    cur = t;
    if (!_setjmp(scheduler)) setcontext(&uc);   /* comes back here when it parks */
}

static void resume(unsigned t) {
    cur = t;
    emu_threadIdx = { t, 0, 0 };
    if (!_setjmp(scheduler)) _longjmp(threads[t].at, 1);
}

void emu_launch(unsigned grid, unsigned block, const std::function<void()> &fn) {
    if (grid == 0 || grid > 0x7fffffffu || block == 0 || block > EMU_MAX_THREADS)
        emu_die("bad launch configuration");
    emu_gridDim = { grid, 1, 1 };
    emu_blockDim = { block, 1, 1 };
    cur_fn = &fn;
    for (unsigned t = 0; t < block; t++)
        if (!threads[t].stack) make_thread(t);
    for (unsigned b = 0; b < grid; b++) {
        emu_blockIdx = { b, 0, 0 };
        for (unsigned t = 0; t < block; t++) {
            threads[t].done = false;
            threads[t].barriers = 0;
            threads[t].shuffled = ~0ul;
        }
        for (bool live = true; live;) {     /* one round: each live thread to its next barrier */
            live = false;
            for (unsigned t = 0; t < block; t++) {
                if (threads[t].done) continue;
                resume(t);
                live = live || !threads[t].done;
            }
        }
    }
}

void emu_syncthreads(void) {
    threads[cur].barriers++;
    park();
}

/* ---- warp shuffles: publish, barrier, read, barrier ---- */
static unsigned char shuffle_slot[EMU_MAX_THREADS][16];

void emu_shuffle(unsigned mask, const void *mine, void *theirs, size_t n, unsigned src_lane) {
    if (mask != 0xffffffffu) emu_die("shuffle with a partial mask (only full warps are emulated)");
    if (emu_blockDim.x % 32 != 0) emu_die("shuffle in a block that is not whole warps");
    if (n > sizeof shuffle_slot[0]) emu_die("shuffle of a value wider than 16 bytes");
    unsigned me = cur, warp0 = me - me % 32, src = warp0 + src_lane % 32;
    std::memcpy(shuffle_slot[me], mine, n);
    threads[me].shuffled = threads[me].barriers;
    emu_syncthreads();
    /* every lane of the warp must have published at this same shuffle: a
     * lane that left the loop early, or waits at another barrier, fails
     * here (on a GPU it would hang or hand back garbage) */
    for (unsigned l = warp0; l < warp0 + 32; l++)
        if (threads[l].done || threads[l].shuffled != threads[me].shuffled)
            emu_die("warp shuffle: not every lane of the warp is at this shuffle");
    std::memcpy(theirs, shuffle_slot[src], n);
    emu_syncthreads();   /* all have read before any lane writes its slot again */
}

/* ---- the CUDA runtime: one device with 8 SMs; memory is host memory ----
 * 8 SMs: enough for the reductions' split of one output over G = 64 blocks
 * (cuda_reduce.cu's block-per-output second pass) on test_cuda's sizes,
 * few enough that grids stay small for a run one thread at a time. */
extern "C" {
cudaError_t cudaGetDeviceCount(int *c) { *c = 1; return cudaSuccess; }
cudaError_t cudaSetDevice(int) { return cudaSuccess; }
cudaError_t cudaDeviceGetAttribute(int *v, cudaDeviceAttr, int) { *v = 8; return cudaSuccess; }
cudaError_t cudaStreamCreateWithFlags(cudaStream_t *s, unsigned) { *s = (cudaStream_t)0x1; return cudaSuccess; }
cudaError_t cudaGetLastError(void) { return cudaSuccess; }
const char *cudaGetErrorString(cudaError_t) { return "cuda-emu error"; }
cudaError_t cudaMalloc(void **p, size_t n) {
    if (n > ((size_t)1 << 31)) return cudaErrorMemoryAllocation;   /* a 2 GB device */
    *p = std::malloc(n ? n : 1);
    if (!*p) return cudaErrorMemoryAllocation;
    std::memset(*p, 0xA5, n);   /* garbage, like fresh device memory */
    return cudaSuccess;
}
cudaError_t cudaFree(void *p) { std::free(p); return cudaSuccess; }
cudaError_t cudaMemcpyAsync(void *d, const void *s, size_t n, cudaMemcpyKind, cudaStream_t) {
    std::memmove(d, s, n);
    return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
}

/* ---- cuBLAS: column-major gemm by the textbook loop, in double ---- */
template <typename T>
static cublasStatus_t gemm_ref(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                               const T *alpha, const T *A, int lda, const T *B, int ldb,
                               const T *beta, T *C, int ldc) {
    if (lda < std::max(1, ta == CUBLAS_OP_N ? m : k)) return CUBLAS_STATUS_INVALID_VALUE;
    if (ldb < std::max(1, tb == CUBLAS_OP_N ? k : n)) return CUBLAS_STATUS_INVALID_VALUE;
    if (ldc < std::max(1, m)) return CUBLAS_STATUS_INVALID_VALUE;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                T x = ta == CUBLAS_OP_N ? A[i + (long)p * lda] : A[p + (long)i * lda];
                T y = tb == CUBLAS_OP_N ? B[p + (long)j * ldb] : B[j + (long)p * ldb];
                s += (double)x * y;
            }
            T *c = &C[i + (long)j * ldc];
            *c = (T)(*alpha * s) + (*beta == 0 ? 0 : *beta * *c);   /* beta 0: C may be garbage */
        }
    return CUBLAS_STATUS_SUCCESS;
}

template <typename T>
static cublasStatus_t gemm_batched(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                                   const T *al, const T *A, int lda, long long sa, const T *B, int ldb,
                                   long long sb, const T *be, T *C, int ldc, long long sc, int count) {
    for (int i = 0; i < count; i++) {
        cublasStatus_t s = gemm_ref(ta, tb, m, n, k, al, A + i * sa, lda, B + i * sb, ldb, be, C + i * sc, ldc);
        if (s != CUBLAS_STATUS_SUCCESS) return s;
    }
    return CUBLAS_STATUS_SUCCESS;
}

extern "C" {
cublasStatus_t cublasSgemm_v2(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n,
                              int k, const float *al, const float *A, int lda, const float *B, int ldb,
                              const float *be, float *C, int ldc) {
    return gemm_ref(ta, tb, m, n, k, al, A, lda, B, ldb, be, C, ldc);
}
cublasStatus_t cublasDgemm_v2(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n,
                              int k, const double *al, const double *A, int lda, const double *B, int ldb,
                              const double *be, double *C, int ldc) {
    return gemm_ref(ta, tb, m, n, k, al, A, lda, B, ldb, be, C, ldc);
}
cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m,
                                         int n, int k, const float *al, const float *A, int lda,
                                         long long sa, const float *B, int ldb, long long sb,
                                         const float *be, float *C, int ldc, long long sc, int count) {
    return gemm_batched(ta, tb, m, n, k, al, A, lda, sa, B, ldb, sb, be, C, ldc, sc, count);
}
cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m,
                                         int n, int k, const double *al, const double *A, int lda,
                                         long long sa, const double *B, int ldb, long long sb,
                                         const double *be, double *C, int ldc, long long sc, int count) {
    return gemm_batched(ta, tb, m, n, k, al, A, lda, sa, B, ldb, sb, be, C, ldc, sc, count);
}
const char *cublasGetStatusString(cublasStatus_t) { return "cuda-emu cublas error"; }
cublasStatus_t cublasCreate_v2(cublasHandle_t *h) { *h = (cublasHandle_t)0x1; return CUBLAS_STATUS_SUCCESS; }
cublasStatus_t cublasSetStream_v2(cublasHandle_t, cudaStream_t) { return CUBLAS_STATUS_SUCCESS; }
cublasStatus_t cublasSetMathMode(cublasHandle_t, cublasMath_t) { return CUBLAS_STATUS_SUCCESS; }
}
