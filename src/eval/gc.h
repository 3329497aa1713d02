/* gc.h - the cycle collector for mg's container values.
 *
 * Values are reference counted (value.h), which frees everything except
 * reference cycles. The containers that can form a cycle are the ones that
 * hold references to other values: Env (its bindings and its parent),
 * Closure (its Env), MgList (its items) and an MgObject whose class has a
 * `traverse` callback. Each one starts with a GcHead, which links it into
 * one doubly linked list of every live container (gc_track when made,
 * gc_untrack when freed: O(1) each).
 *
 * gc_collect() finds the containers that nothing outside the containers
 * references, by trial deletion (the algorithm of CPython's gc):
 *   1. gc_refs = refcount, for every container;
 *   2. for every reference a container holds to another container, the
 *      target's gc_refs is decremented; what is left counts references from
 *      outside: the C stack, the Interp, a tensor, a test's variable;
 *   3. containers with gc_refs > 0, and everything reachable from them, are
 *      alive; the rest is garbage: unreachable, so only cycles keep it;
 *   4. the garbage is broken safely: a reference is taken on each garbage
 *      container (none can be freed while the others are being cleared),
 *      each one's contents are released (Env bindings, list items, an
 *      object's `clear`), then the references are dropped, which frees them.
 * Closures are not cleared: their Env edge always points at an older Env
 * (as does an Env's parent), so every cycle passes through a binding, a
 * list item or an object's data.
 *
 * When: the evaluator calls gc_maybe_collect() after each top-level
 * statement (script and prompt), which collects once more than
 * GC_THRESHOLD_BASE + 2 * survivors containers were made since the last
 * collection (linear total cost however many survive), and ev_free()
 * collects once at exit. Nothing is collected in the middle of a
 * statement, so C code never sees a container vanish under it; the
 * env_end_call/env_collect_cycle special cases (env.h) free the common
 * closure cycles of a loop promptly in between.
 */
#ifndef MG_GC_H
#define MG_GC_H
#include <stdbool.h>
#include <stddef.h>

typedef enum { GC_ENV, GC_CLOSURE, GC_LIST, GC_OBJECT } GcKind;

/* The first member of every tracked container. */
typedef struct GcHead {
    struct GcHead *prev, *next;     /* the list of live containers */
    int gc_refs;                    /* scratch of gc_collect */
    GcKind kind;
} GcHead;

#define GC_THRESHOLD_BASE 1000

/* Link a new container (kind set here) / unlink one about to be freed. */
void gc_track(GcHead *h, GcKind kind);
void gc_untrack(GcHead *h);

/* Free every container that only cycles keep alive; returns how many. */
size_t gc_collect(void);
/* gc_collect() when enough containers were made since the last one. */
void gc_maybe_collect(void);

typedef struct GcStats {
    size_t tracked;          /* live containers */
    size_t made;             /* made since the last collection */
    size_t collections;      /* gc_collect calls that ran */
    size_t freed;            /* containers freed by them, in all */
} GcStats;
GcStats gc_stats(void);

#endif
