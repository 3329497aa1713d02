/* cuda_memory.cu - the caching allocator and host<->device copies.
 *
 * cudaMalloc and cudaFree are slow (cudaFree also waits for the whole
 * device), so a training loop that allocates the same activations every
 * step must not call them per op. Freed blocks are kept on a free list per
 * SIZE CLASS and handed out again:
 *
 *   request <= 1 MiB   rounded up to a multiple of 512 bytes (2048 classes:
 *                      small tensors of different sizes do not waste much)
 *   request >  1 MiB   rounded up to a quarter step between powers of
 *                      two (1.25, 1.5, 1.75 and 2 times 2^e): at most 25%
 *                      more than asked (whole powers of two would waste up
 *                      to 2x: a 41 GB tensor could not get a block on an
 *                      80 GB GPU), and big activations of a loop repeat
 *                      exactly, so they find their own blocks again
 *
 * free(p, nbytes) is given the size the tensor asked for, so the class is
 * recomputed from it: no lookup table from pointer to size is needed.
 *
 * Out of memory: when cudaMalloc fails, every cached block is released and
 * the allocation is tried once more; if it still fails, alloc returns NULL
 * and the tensor layer reports ERR_MEMORY ("cannot allocate ...").
 *
 * Reuse is safe without events because all work runs on one stream (see
 * cuda_backend.cu). The free lists live in host memory (plain malloc: this
 * library cannot reach mg's counting allocator).
 */
#include "cuda_internal.cuh"
#include <cstdlib>

#define SMALL_UNIT 512
#define SMALL_LIMIT ((size_t)1 << 20)
#define N_SMALL (SMALL_LIMIT / SMALL_UNIT)    /* classes 0 .. N_SMALL-1 */
#define MAX_LOG 62                            /* largest block: 2^62 bytes */
#define N_LARGE (4 * (MAX_LOG - 20))          /* 4 per power: 2^20 * 1.25 .. 2^62 */
#define N_CLASSES (N_SMALL + N_LARGE)

struct FreeBlock {
    void *ptr;
    FreeBlock *next;
};

static FreeBlock *free_lists[N_CLASSES];
static FreeBlock *spare_nodes;   /* list nodes kept for reuse */

static size_t size_class(size_t n, size_t *rounded) {
    if (n == 0) n = 1;                        /* a 0-element tensor still gets a block */
    if (n <= SMALL_LIMIT) {
        size_t c = (n + SMALL_UNIT - 1) / SMALL_UNIT;
        *rounded = c * SMALL_UNIT;
        return c - 1;
    }
    /* 2^(e-1) < n <= 2^e; steps of a quarter of 2^(e-1) */
    int e = 64 - __builtin_clzll((unsigned long long)(n - 1));
    size_t step = (size_t)1 << (e - 3), q = (n + step - 1) / step;   /* q in 5 .. 8 */
    *rounded = q * step;
    size_t c = N_SMALL + (size_t)(e - 21) * 4 + (q - 5);
    CU_ASSERT(*rounded >= n && c < N_CLASSES);   /* the caller checked n <= 2^MAX_LOG */
    return c;
}

static void push(size_t c, void *p) {
    FreeBlock *b = spare_nodes;
    if (b) spare_nodes = b->next;
    else if (!(b = (FreeBlock *)std::malloc(sizeof *b))) {
        /* no host memory for the bookkeeping: give the block back instead */
        CU_CHECK(cudaFree(p));
        return;
    }
    b->ptr = p;
    b->next = free_lists[c];
    free_lists[c] = b;
}

static void *pop(size_t c) {
    FreeBlock *b = free_lists[c];
    if (!b) return NULL;
    free_lists[c] = b->next;
    b->next = spare_nodes;
    spare_nodes = b;
    return b->ptr;
}

/* Return every cached block to the driver (waits for the device). */
static void empty_cache(void) {
    for (size_t c = 0; c < N_CLASSES; c++) {
        void *p;
        while ((p = pop(c)) != NULL) CU_CHECK(cudaFree(p));
    }
}

void *cu_alloc(size_t nbytes) {
    if (nbytes > ((size_t)1 << MAX_LOG)) return NULL;   /* no class that large */
    size_t rounded;
    size_t c = size_class(nbytes, &rounded);
    void *p = pop(c);
    if (p) return p;
    for (int attempt = 0; attempt < 2; attempt++) {
        cudaError_t e = cudaMalloc(&p, rounded);
        if (e == cudaSuccess) return p;
        (void)cudaGetLastError();   /* out of memory is not sticky: clear it */
        /* too large or out of memory: the user's error; anything else
         * (a failed earlier kernel, a lost device) is not */
        if (e != cudaErrorMemoryAllocation && e != cudaErrorInvalidValue)
            cu_fail(__FILE__, __LINE__, "cudaMalloc", cudaGetErrorString(e));
        if (attempt == 0) empty_cache();
    }
    return NULL;
}

void cu_free(void *p, size_t nbytes) {
    if (!p) return;
    size_t rounded;
    push(size_class(nbytes, &rounded), p);
}

void *cu_scratch(size_t nbytes) {
    void *p = cu_alloc(nbytes);
    if (!p) cu_fail(__FILE__, __LINE__, "cu_scratch", "out of device memory for scratch space");
    return p;
}

/* mg's host buffers are pageable (mg_malloc), and callers free or reuse
 * src as soon as this returns (tn_to_device, which the constructors'
 * tn_host_to_device calls). From pageable memory the driver first copies
 * src into its own pinned staging buffers, and returns once all of src
 * has been staged (the runtime API's "API synchronization behavior"
 * notes: "the function might be synchronous with respect to host"; that
 * staging is what makes freeing src safe).
 * The transfer to the device still runs in stream order, after the
 * kernels queued before it, so a recycled dst block is not overwritten
 * while a kernel reads it. test_cuda's test_upload_then_overwrite checks
 * the first point on a GPU; if a driver ever returned before staging
 * (pinned src, or a system that maps pageable memory for the GPU), the
 * fix is a cudaStreamSynchronize here. */
void cu_upload(void *dst_dev, const void *src_host, size_t nbytes) {
    if (!nbytes) return;
    CU_CHECK(cudaMemcpyAsync(dst_dev, src_host, nbytes, cudaMemcpyHostToDevice, cu_stream()));
}

void cu_download(void *dst_host, const void *src_dev, size_t nbytes) {
    if (!nbytes) return;
    CU_CHECK(cudaMemcpyAsync(dst_host, src_dev, nbytes, cudaMemcpyDeviceToHost, cu_stream()));
    CU_CHECK(cudaStreamSynchronize(cu_stream()));
}

void cu_sync(void) { CU_CHECK(cudaStreamSynchronize(cu_stream())); }
