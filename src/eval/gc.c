/* gc.c - trial-deletion cycle collection of containers (see gc.h).
 *
 * State: one circular list of live containers with a sentinel head, and
 * counters. gc_refs doubles as the mark during a collection: after trial
 * deletion it is >= 0 (references from outside), and GC_ALIVE marks a
 * container found reachable from one that had some. Walks use an explicit
 * stack, so lists nested a million deep need no C recursion here.
 * The list is one per process, like tn_rt: interpreters in one process
 * (tests) share it, and must not run on two threads at once. */
#include "gc.h"
#include "value.h"
#include "env.h"
#include "../util/alloc.h"
#include <limits.h>

#define GC_ALIVE INT_MIN     /* never a count: a negative count still trips the assert */

/* A GcHead is its container's first member, so a head is cast back to it. */
_Static_assert(offsetof(Env, gc) == 0, "GcHead first in Env");
_Static_assert(offsetof(Closure, gc) == 0, "GcHead first in Closure");
_Static_assert(offsetof(MgList, gc) == 0, "GcHead first in MgList");
_Static_assert(offsetof(MgObject, gc) == 0, "GcHead first in MgObject");

static GcHead all = {&all, &all, 0, GC_ENV};   /* sentinel */
static size_t n_tracked, n_made, n_survivors, n_collections, n_freed;
static bool collecting;

void gc_track(GcHead *h, GcKind kind) {
    h->kind = kind;
    h->gc_refs = 0;
    h->prev = all.prev;
    h->next = &all;
    all.prev->next = h;
    all.prev = h;
    n_tracked++;
    n_made++;
}

void gc_untrack(GcHead *h) {
    h->prev->next = h->next;
    h->next->prev = h->prev;
    h->prev = h->next = NULL;
    n_tracked--;
}

/* ---- what a container references ---- */

/* The GcHead of a value that is a tracked container, else NULL (numbers,
 * strings, tensors and objects without traverse hold no containers). */
static GcHead *value_head(Value v) {
    switch (v.type) {
    case VAL_LIST: return &v.as.list->gc;
    case VAL_FUNCTION: return &v.as.fn->gc;
    case VAL_OBJECT: return v.as.obj->cls->traverse ? &v.as.obj->gc : NULL;
    default: return NULL;
    }
}

static int refcount_of(const GcHead *h) {
    switch (h->kind) {
    case GC_ENV: return ((const Env *)h)->refcount;
    case GC_CLOSURE: return ((const Closure *)h)->refcount;
    case GC_LIST: return ((const MgList *)h)->refcount;
    case GC_OBJECT: return ((const MgObject *)h)->refcount;
    }
    return 0;
}

typedef void (*Visit)(GcHead *target, void *ctx);

/* Adapts an object's per-Value visit to the per-head one. */
typedef struct { Visit fn; void *ctx; } ObjVisit;

static void visit_obj_value(Value v, void *ctx) {
    ObjVisit *ov = ctx;
    GcHead *t = value_head(v);
    if (t) ov->fn(t, ov->ctx);
}

/* Calls fn on every container h holds a reference to. */
static void traverse(GcHead *h, Visit fn, void *ctx) {
    switch (h->kind) {
    case GC_ENV: {
        Env *e = (Env *)h;
        if (e->parent) fn(&e->parent->gc, ctx);
        for (int i = 0; i < e->n; i++) {
            GcHead *t = value_head(e->entries[i].value);
            if (t) fn(t, ctx);
        }
        break;
    }
    case GC_CLOSURE:
        fn(&((Closure *)h)->env->gc, ctx);
        break;
    case GC_LIST: {
        MgList *l = (MgList *)h;
        for (int i = 0; i < l->n; i++) {
            GcHead *t = value_head(l->items[i]);
            if (t) fn(t, ctx);
        }
        break;
    }
    case GC_OBJECT: {
        MgObject *o = (MgObject *)h;
        ObjVisit ov = {fn, ctx};
        o->cls->traverse(o->data, visit_obj_value, &ov);
        break;
    }
    }
}

/* ---- the three passes ---- */

static void subtract_ref(GcHead *target, void *ctx) {
    (void)ctx;
    target->gc_refs--;
}

typedef struct { GcHead **items; size_t n, cap; } Stack;

static void push(Stack *s, GcHead *h) {
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->items = mg_realloc(s->items, sizeof *s->items * s->cap);
    }
    s->items[s->n++] = h;
}

static void mark_alive(GcHead *target, void *ctx) {
    if (target->gc_refs == GC_ALIVE) return;
    target->gc_refs = GC_ALIVE;
    push(ctx, target);
}

/* Steps 1-3 of gc.h: afterwards gc_refs is GC_ALIVE for the live containers. */
static void find_alive(void) {
    for (GcHead *h = all.next; h != &all; h = h->next) h->gc_refs = refcount_of(h);
    for (GcHead *h = all.next; h != &all; h = h->next) traverse(h, subtract_ref, NULL);
    Stack todo = {0};
    for (GcHead *h = all.next; h != &all; h = h->next) {
        /* more references inside than counted: a refcount is wrong somewhere */
        MG_ASSERT(h->gc_refs >= 0 || h->gc_refs == GC_ALIVE);
        if (h->gc_refs <= 0) continue;
        mark_alive(h, &todo);
        while (todo.n > 0) traverse(todo.items[--todo.n], mark_alive, &todo);
    }
    mg_free(todo.items);
}

static void retain(GcHead *h) {
    switch (h->kind) {
    case GC_ENV: env_retain((Env *)h); break;
    case GC_CLOSURE: ((Closure *)h)->refcount++; break;
    case GC_LIST: ((MgList *)h)->refcount++; break;
    case GC_OBJECT: ((MgObject *)h)->refcount++; break;
    }
}

/* Releases what h holds, so the cycles through it are broken. */
static void clear(GcHead *h) {
    switch (h->kind) {
    case GC_ENV: env_clear((Env *)h); break;
    case GC_CLOSURE: break;                 /* its Env edge is in no cycle (gc.h) */
    case GC_LIST: ev_list_clear((MgList *)h); break;
    case GC_OBJECT: {
        MgObject *o = (MgObject *)h;
        o->cls->clear(o->data);
        break;
    }
    }
}

static void release(GcHead *h) {
    switch (h->kind) {
    case GC_ENV: env_release((Env *)h); break;
    case GC_CLOSURE: ev_release((Value){.type = VAL_FUNCTION, .as.fn = (Closure *)h}); break;
    case GC_LIST: ev_release((Value){.type = VAL_LIST, .as.list = (MgList *)h}); break;
    case GC_OBJECT: ev_release((Value){.type = VAL_OBJECT, .as.obj = (MgObject *)h}); break;
    }
}

size_t gc_collect(void) {
    if (collecting) return 0;
    collecting = true;
    find_alive();
    Stack garbage = {0};
    for (GcHead *h = all.next; h != &all; h = h->next)
        if (h->gc_refs != GC_ALIVE) push(&garbage, h);
    /* Step 4: our reference keeps every garbage container allocated while
     * the others are cleared, so nothing is freed twice or read after free. */
    for (size_t i = 0; i < garbage.n; i++) retain(garbage.items[i]);
    for (size_t i = 0; i < garbage.n; i++) clear(garbage.items[i]);
    size_t before = n_tracked;
    for (size_t i = 0; i < garbage.n; i++) release(garbage.items[i]);
    size_t freed = garbage.n;
    MG_ASSERT(n_tracked == before - freed);     /* only cycles held the garbage */
    mg_free(garbage.items);
    n_collections++;
    n_freed += freed;
    n_survivors = n_tracked;
    n_made = 0;
    collecting = false;
    return freed;
}

void gc_maybe_collect(void) {
    if (n_made > GC_THRESHOLD_BASE + 2 * n_survivors) gc_collect();
}

GcStats gc_stats(void) {
    GcStats s = {.tracked = n_tracked, .made = n_made, .collections = n_collections, .freed = n_freed};
    return s;
}
