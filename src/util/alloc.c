/* alloc.c - counting allocator (see alloc.h). */
#include "alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 16-byte header keeps the returned pointer aligned for doubles and SIMD loads. */
typedef struct { size_t size; size_t pad; } BlockHeader;

static size_t live_bytes, live_blocks;

_Noreturn void mg_assert_fail(const char *what, const char *file, int line) {
    fprintf(stderr, "mg: internal error: assertion '%s' failed at %s:%d\n", what, file, line);
    abort();
}

void *mg_try_malloc(size_t n) {
    if (n > SIZE_MAX - sizeof(BlockHeader)) return NULL;
    BlockHeader *h = malloc(sizeof(BlockHeader) + n);
    if (!h) return NULL;
    h->size = n;
    live_bytes += n;
    live_blocks++;
    return h + 1;
}

void *mg_malloc(size_t n) {
    void *p = mg_try_malloc(n);
    if (!p) {
        fprintf(stderr, "mg: out of memory allocating %zu bytes\n", n);
        abort();
    }
    return p;
}

void *mg_calloc(size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) mg_assert_fail("calloc overflow", __FILE__, __LINE__);
    void *p = mg_malloc(count * size);
    memset(p, 0, count * size);
    return p;
}

void *mg_realloc(void *p, size_t n) {
    if (!p) return mg_malloc(n);
    BlockHeader *h = (BlockHeader *)p - 1;
    size_t old = h->size;
    BlockHeader *nh = realloc(h, sizeof(BlockHeader) + n);
    if (!nh) {
        fprintf(stderr, "mg: out of memory reallocating %zu bytes\n", n);
        abort();
    }
    nh->size = n;
    live_bytes = live_bytes - old + n;
    return nh + 1;
}

void mg_free(void *p) {
    if (!p) return;
    BlockHeader *h = (BlockHeader *)p - 1;
    live_bytes -= h->size;
    live_blocks--;
    free(h);
}

char *mg_strndup(const char *s, size_t n) {
    char *d = mg_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *mg_strdup(const char *s) { return mg_strndup(s, strlen(s)); }

size_t mg_alloc_live_bytes(void) { return live_bytes; }
size_t mg_alloc_live_blocks(void) { return live_blocks; }
