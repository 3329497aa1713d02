/* storage.c - tensor and storage lifetime, allocation, live-byte counts.
 *
 * Storages are reference counted and carry a version counter (bumped by
 * in-place writes). Sizes are checked before allocating: a shape whose
 * byte count overflows 64 bits, exceeds the machine's memory, or that the
 * device cannot allocate is ERR_MEMORY ("cannot allocate 4.0 TB for a
 * tensor of shape [1000000, 1000000]"), never an abort.
 *
 * The small-block cache: scalar code (a loop of 0-d ops) would otherwise
 * call malloc three times per op (Tensor, Storage, data). Freed blocks of
 * up to SMALL_MAX bytes are kept on one free list per power-of-two size
 * class and handed out again; each list is capped (CACHE_CAP) so a burst
 * of small tensors does not pin memory forever. tn_release_caches()
 * empties them. CPU data of up to SMALL_MAX bytes comes from here too.
 */
#include "tn_internal.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TnRuntime tn_rt = { .grad_enabled = true, .default_device = DEV_CPU };

/* ---- small-block cache ---- */
#define SMALL_MIN_LOG 4            /* 16 bytes */
#define N_CLASSES 7                /* 16, 32, ..., 1024 */
#define SMALL_MAX ((size_t)1 << (SMALL_MIN_LOG + N_CLASSES - 1))
#ifndef CACHE_CAP
#define CACHE_CAP 4096               /* -DCACHE_CAP=0 turns the cache off (leak hunting) */
#endif

typedef struct FreeBlock { struct FreeBlock *next; } FreeBlock;
static FreeBlock *cache_head[N_CLASSES];
static int cache_len[N_CLASSES];

static int size_class(size_t n) {         /* the smallest c with 16 << c >= n */
    return n <= ((size_t)1 << SMALL_MIN_LOG) ? 0 : 64 - __builtin_clzll((unsigned long long)(n - 1)) - SMALL_MIN_LOG;
}

static void *small_alloc(size_t n) {
    int c = size_class(n);
    if (cache_head[c]) {
        FreeBlock *b = cache_head[c];
        cache_head[c] = b->next;
        cache_len[c]--;
        return b;
    }
    return mg_try_malloc((size_t)1 << (SMALL_MIN_LOG + c));
}

static void small_free(void *p, size_t n) {
    if (!p) return;
    int c = size_class(n);
    if (cache_len[c] >= CACHE_CAP) { mg_free(p); return; }
    FreeBlock *b = p;
    b->next = cache_head[c];
    cache_head[c] = b;
    cache_len[c]++;
}

void tn_release_caches(void) {
    for (int c = 0; c < N_CLASSES; c++) {
        while (cache_head[c]) {
            FreeBlock *b = cache_head[c];
            cache_head[c] = b->next;
            mg_free(b);
        }
        cache_len[c] = 0;
    }
    cpu_release_cache();
    ag_pool_trim();
}

/* ---- names and sizes ---- */
size_t tn_dtype_size(DType dt) { return dt == DT_F32 ? 4 : 8; }
const char *tn_dtype_name(DType dt) { return dt == DT_F32 ? "f32" : "f64"; }
const char *tn_device_name(Device d) { return d == DEV_CPU ? "cpu" : "cuda"; }

static size_t live_bytes[2];
size_t tn_live_bytes(Device d) { return live_bytes[d]; }

const char *tn_shape_str(const int64_t *shape, int ndim, char *buf, size_t n) {
    size_t len = 0;
    len += (size_t)snprintf(buf, n, "[");
    for (int d = 0; d < ndim && len < n; d++)
        len += (size_t)snprintf(buf + len, n - len, d ? ", %lld" : "%lld", (long long)shape[d]);
    if (len < n) snprintf(buf + len, n - len, "]");
    return buf;
}

bool tn_is_contiguous(const Tensor *t) {
    int64_t s = 1;
    for (int d = t->ndim - 1; d >= 0; d--) {
        if (t->shape[d] != 1 && t->strides[d] != s) return false;
        s *= t->shape[d];
    }
    return true;
}

/* ---- tensors ---- */
Tensor *tn_struct_new(void) {
    Tensor *t = small_alloc(sizeof(Tensor));
    if (!t) t = mg_malloc(sizeof(Tensor));   /* aborts: the host is out of memory */
    memset(t, 0, sizeof *t);
    t->refcount = 1;
    return t;
}

static void storage_release(Storage *s) {
    if (!s || --s->refcount > 0) return;
    live_bytes[s->device] -= s->nbytes;
    if (s->device == DEV_CPU && s->nbytes <= SMALL_MAX) small_free(s->data, s->nbytes ? s->nbytes : 1);
    else tn_backend(s->device)->free(s->data, s->nbytes);
    small_free(s, sizeof(Storage));
}

void tn_retain(Tensor *t) { if (t) t->refcount++; }

void tn_release(Tensor *t) {
    if (!t) return;
    MG_ASSERT(t->refcount > 0);
    if (--t->refcount > 0) return;
    if (t->retains_grad || t->grad_acc) ag_forget_tensor(t);   /* weak links to t from nodes */
    storage_release(t->storage);
    tn_release(t->grad);
    if (t->grad_fn) ag_node_release(t->grad_fn);
    tn_release(t->view_base);
    mg_free(t->name);
    small_free(t, sizeof(Tensor));
}

Tensor *tn_view_of(const Tensor *base, const int64_t *shape, const int64_t *strides, int ndim,
                   int64_t offset) {
    Tensor *t = tn_struct_new();
    t->dtype = base->dtype;
    t->device = base->device;
    t->ndim = ndim;
    if (ndim) {
        memcpy(t->shape, shape, (size_t)ndim * sizeof(int64_t));
        memcpy(t->strides, strides, (size_t)ndim * sizeof(int64_t));
    }
    t->offset = offset;
    t->numel = tn_numel_of(shape, ndim);
    t->storage = base->storage;
    t->storage->refcount++;
    return t;
}

/* "4.0 TB": decimal units, one decimal ("4.0e+18 TB" past a million TB,
 * where shapes whose byte count overflows 64 bits land). */
static void human_bytes(double b, char *buf, size_t n) {
    static const char *units[] = { "B", "KB", "MB", "GB", "TB" };
    int u = 0;
    while (b >= 1000 && u < 4) { b /= 1000; u++; }
    snprintf(buf, n, b >= 1e6 ? "%.1e %s" : "%.1f %s", b, units[u]);
}

static bool memory_error(MgError *err, double bytes, const int64_t *shape, int ndim) {
    char hb[64], sb[256];
    human_bytes(bytes, hb, sizeof hb);
    tn_shape_str(shape, ndim, sb, sizeof sb);
    return mg_error(err, ERR_MEMORY, "cannot allocate %s for a tensor of shape %s", hb, sb);
}

/* Physical memory of this machine: no single CPU tensor may exceed it
 * (malloc may overcommit and let the process be killed later). */
static double host_memory_bytes(void) {
    static double cached;
    if (!cached) {
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
        cached = pages > 0 && page > 0 ? (double)pages * (double)page : 1e18;
    }
    return cached;
}

/* A 0-d CPU tensor: none of tn_alloc's size checks can fail (scalar code
 * makes one per op, so they are skipped). */
static Tensor *alloc_cpu_scalar(DType dt) {
    size_t nbytes = tn_dtype_size(dt);
    Storage *s = small_alloc(sizeof(Storage));
    void *data = small_alloc(nbytes);
    if (!s || !data) {                        /* the host is out of memory */
        fprintf(stderr, "mg: out of memory allocating a 0-d tensor\n");
        abort();
    }
    *s = (Storage){ .refcount = 1, .device = DEV_CPU, .dtype = dt, .nbytes = nbytes, .data = data };
    live_bytes[DEV_CPU] += nbytes;
    Tensor *t = tn_struct_new();
    t->dtype = dt;
    t->device = DEV_CPU;
    t->numel = 1;
    t->storage = s;
    return t;
}

Tensor *tn_alloc(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) {
    if (ndim == 0 && dev == DEV_CPU && (!tn_rt.max_tensor_bytes || tn_rt.max_tensor_bytes >= 8))
        return alloc_cpu_scalar(dt);
    char sb[256];
    if (ndim < 0 || ndim > TN_MAX_DIMS) {
        mg_error(err, ERR_SHAPE, "a tensor has at most %d dimensions, got %d", TN_MAX_DIMS, ndim);
        return NULL;
    }
    /* numel and bytes, with the exact value kept in double for the message */
    uint64_t numel = 1;
    double approx = (double)tn_dtype_size(dt);
    bool overflow = false;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] < 0) {
            mg_error(err, ERR_SHAPE, "negative dimension %lld in shape %s", (long long)shape[d],
                     tn_shape_str(shape, ndim, sb, sizeof sb));
            return NULL;
        }
        approx *= (double)shape[d];
        if (__builtin_mul_overflow(numel, (uint64_t)shape[d], &numel)) overflow = true;
    }
    /* the contiguous strides must fit int64 even when the tensor has no
     * elements ([1e10, 0, 1e10]) */
    if (approx == 0 && !tn_shape_fits(shape, ndim)) {
        mg_error(err, ERR_MEMORY, "cannot allocate a tensor of shape %s: it has no elements, "
                 "but its strides overflow 64 bits", tn_shape_str(shape, ndim, sb, sizeof sb));
        return NULL;
    }
    uint64_t nbytes;
    if (overflow || __builtin_mul_overflow(numel, (uint64_t)tn_dtype_size(dt), &nbytes) ||
        nbytes > (uint64_t)INT64_MAX || (dev == DEV_CPU && approx > host_memory_bytes()) ||
        (tn_rt.max_tensor_bytes && nbytes > tn_rt.max_tensor_bytes)) {
        memory_error(err, approx, shape, ndim);
        return NULL;
    }
    if (dev == DEV_CUDA && !tn_cuda_available()) {
        mg_error(err, ERR_DEVICE, "cuda: no CUDA device is available");
        return NULL;
    }
    Storage *s = small_alloc(sizeof(Storage));
    if (!s) s = mg_malloc(sizeof(Storage));
    s->refcount = 1;
    s->device = dev;
    s->dtype = dt;
    s->nbytes = (size_t)nbytes;
    s->version = 0;
    if (dev == DEV_CPU && nbytes <= SMALL_MAX) s->data = small_alloc(nbytes ? nbytes : 1);
    else s->data = tn_backend(dev)->alloc((size_t)nbytes);
    if (!s->data) {
        small_free(s, sizeof(Storage));
        memory_error(err, approx, shape, ndim);
        return NULL;
    }
    live_bytes[dev] += s->nbytes;
    Tensor *t = tn_struct_new();
    t->dtype = dt;
    t->device = dev;
    t->ndim = ndim;
    if (ndim) memcpy(t->shape, shape, (size_t)ndim * sizeof(int64_t));
    tn_contiguous_strides(shape, ndim, t->strides);
    t->numel = (int64_t)numel;
    t->storage = s;
    return t;
}

Tensor *tn_empty(const int64_t *shape, int ndim, DType dt, Device dev, MgError *err) {
    return tn_alloc(shape, ndim, dt, dev, err);
}
