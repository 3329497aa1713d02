/* arena.c - bump allocator (see arena.h). */
#include "arena.h"
#include "alloc.h"
#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

enum { CHUNK_MIN = 16 * 1024 };

Arena *arena_new(void) {
    Arena *a = mg_calloc(1, sizeof *a);
    a->refcount = 1;
    return a;
}

void *arena_alloc(Arena *a, size_t n) {
    n = (n + 15) & ~(size_t)15;
    ArenaChunk *c = a->chunks;
    if (!c || c->used + n > c->cap) {
        size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
        c = mg_malloc(sizeof *c + cap);
        c->used = 0;
        c->cap = cap;
        c->next = a->chunks;
        a->chunks = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void arena_retain(Arena *a) { a->refcount++; }

void arena_release(Arena *a) {
    if (!a || --a->refcount > 0) return;
    for (ArenaChunk *c = a->chunks, *n; c; c = n) {
        n = c->next;
        mg_free(c);
    }
    mg_free(a);
}
