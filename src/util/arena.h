/* arena.h - bump allocator: one per parsed input.
 *
 * The AST of a script or of one prompt input lives in an arena and is freed
 * at once with it. Functions defined at the prompt keep their input's arena
 * alive through a reference count (a closure holds a reference).
 */
#ifndef MG_ARENA_H
#define MG_ARENA_H
#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
    ArenaChunk *chunks;
    int refcount;
} Arena;

Arena *arena_new(void);                       /* refcount 1 */
void  *arena_alloc(Arena *a, size_t n);       /* zeroed, 16-byte aligned */
char  *arena_strndup(Arena *a, const char *s, size_t n);
void   arena_retain(Arena *a);
void   arena_release(Arena *a);               /* frees at refcount 0 */

#endif
