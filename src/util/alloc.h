/* alloc.h - the counting allocator.
 *
 * Every host allocation in mg goes through these functions so that
 * mem() can report live bytes cheaply and leak tests can assert that a
 * program returns to zero. Each block carries a small header holding its
 * size, so mg_free() needs only the pointer.
 *
 * Running out of memory here is an internal failure (abort with a message):
 * user-visible huge allocations (tensors) are checked against limits before
 * they reach this layer and become mg errors instead (see tensor/storage.c).
 */
#ifndef MG_ALLOC_H
#define MG_ALLOC_H
#include <stddef.h>
#include <stdint.h>

void *mg_malloc(size_t n);            /* aborts on failure; never returns NULL */
void *mg_calloc(size_t count, size_t size);
void *mg_realloc(void *p, size_t n);
void  mg_free(void *p);               /* NULL is fine */
char *mg_strdup(const char *s);
char *mg_strndup(const char *s, size_t n);

/* Like mg_malloc but returns NULL instead of aborting (for tensor storage,
 * where the caller turns failure into a user error). */
void *mg_try_malloc(size_t n);

/* Counters: bytes currently allocated and the number of live blocks. */
size_t mg_alloc_live_bytes(void);
size_t mg_alloc_live_blocks(void);

/* Abort with file:line when an internal invariant breaks. Never for user errors. */
#define MG_ASSERT(cond) \
    do { if (!(cond)) mg_assert_fail(#cond, __FILE__, __LINE__); } while (0)
_Noreturn void mg_assert_fail(const char *what, const char *file, int line);

#endif
