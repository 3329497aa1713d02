/* cpu_backend.c - the CPU's kernel table (backend.h) and its host memory.
 *
 * Host memory goes through the counting allocator. The tensor layer's
 * storage cache keeps blocks of up to 1 KB; larger blocks are kept here,
 * in a short list of recently freed blocks matched by exact size. A
 * training loop makes the same shapes every step, so after the first step
 * every result reuses a block that is already mapped: a fresh 64 MB block
 * from malloc is a fresh mmap whose 16k pages each fault on first write,
 * which costs as much as the arithmetic (that is what slows PyTorch's
 * exp(a*b + a) over 16M elements). The list holds at most LARGE_SLOTS blocks
 * and LARGE_CACHE_BYTES in all; the oldest is freed first. tn_release_caches()
 * empties it (cpu_release_cache).
 */
#include "cpu.h"
#include "../util/alloc.h"
#include <malloc.h>
#include <string.h>

#define LARGE_SLOTS 32
#define LARGE_CACHE_BYTES ((size_t)256 << 20)

typedef struct { void *p; size_t n; } CachedBlock;
static CachedBlock cached[LARGE_SLOTS];   /* oldest first */
static int n_cached;
static size_t cached_bytes;

static void drop_oldest(void) {
    mg_free(cached[0].p);
    cached_bytes -= cached[0].n;
    n_cached--;
    memmove(cached, cached + 1, (size_t)n_cached * sizeof *cached);
}

static void *cpu_alloc(size_t nbytes) {
    if (nbytes == 0) nbytes = 1;
    for (int i = n_cached - 1; i >= 0; i--) {    /* newest first: still in cache */
        if (cached[i].n != nbytes) continue;
        void *p = cached[i].p;
        cached_bytes -= nbytes;
        n_cached--;
        memmove(cached + i, cached + i + 1, (size_t)(n_cached - i) * sizeof *cached);
        return p;
    }
    return mg_try_malloc(nbytes);
}

static void cpu_free(void *p, size_t nbytes) {
    if (!p) return;
    if (nbytes == 0) nbytes = 1;
    if (nbytes > LARGE_CACHE_BYTES / 2) { mg_free(p); return; }
    while (n_cached == LARGE_SLOTS || (n_cached && cached_bytes + nbytes > LARGE_CACHE_BYTES))
        drop_oldest();
    cached[n_cached++] = (CachedBlock){ p, nbytes };
    cached_bytes += nbytes;
}

void cpu_release_cache(void) {
    while (n_cached) drop_oldest();
}

/* The evaluator runs on its own thread (a big stack), so glibc would give
 * it a secondary arena, which grows with one mprotect call per page: a
 * scalar loop recording 400k graph nodes spent half its time in that
 * syscall. One arena (the main one, grown with brk) and a generous top pad
 * keep the hot path free of system calls. */
__attribute__((constructor)) static void cpu_tune_malloc(void) {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_TOP_PAD, 16 << 20);
}

static void cpu_memcpy(void *dst, const void *src, size_t n) { if (n) memcpy(dst, src, n); }
static void cpu_sync(void) {}

const Backend cpu_backend = {
    .name = "cpu",
    .alloc = cpu_alloc,
    .free = cpu_free,
    .upload = cpu_memcpy,
    .download = cpu_memcpy,
    .sync = cpu_sync,
    .unary = cpu_unary,
    .binary = cpu_binary,
    .compare = cpu_compare,
    .where = cpu_where,
    .sum = cpu_sum,
    .index_reduce = cpu_index_reduce,
    .gather = cpu_gather,
    .matmul = cpu_matmul,
    .copy = cpu_copy,
    .fill = cpu_fill,
    .softmax = cpu_softmax,
    .softmax_backward = cpu_softmax_backward,
};
