/* env.c - scopes as small hash-checked arrays (see env.h).
 *
 * Function scopes hold a handful of names, so a linear scan comparing a
 * precomputed hash first is as fast as a hash table and simpler. */
#include "env.h"
#include "../util/alloc.h"
#include <string.h>

static uint32_t name_hash(const char *s) {
    uint32_t h = 2166136261u;              /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

Env *env_new(Env *parent) {
    Env *e = mg_calloc(1, sizeof *e);
    e->refcount = 1;
    e->parent = parent;
    if (parent) env_retain(parent);
    gc_track(&e->gc, GC_ENV);
    return e;
}

void env_retain(Env *e) { e->refcount++; }

void env_clear(Env *e) {
    /* Detach the entries first: releasing a value may release a closure
     * whose env is e itself. */
    EnvEntry *entries = e->entries;
    int n = e->n;
    e->entries = NULL;
    e->n = e->cap = 0;
    for (int i = 0; i < n; i++) {
        mg_free(entries[i].name);
        ev_release(entries[i].value);
    }
    mg_free(entries);
}

void env_release(Env *e) {
    /* Iterative over the parent chain: a chain of finished scopes frees
     * without recursion. */
    while (e && --e->refcount == 0) {
        Env *parent = e->parent;
        gc_untrack(&e->gc);
        e->refcount = 1;          /* guard: values released below may point back at e */
        env_clear(e);
        e->refcount = 0;
        mg_free(e);
        e = parent;
    }
}

/* How many references to e come from closures bound in e that nothing
 * else references. */
static int self_held(const Env *e) {
    int n = 0;
    for (int i = 0; i < e->n; i++) {
        Value v = e->entries[i].value;
        if (v.type == VAL_FUNCTION && v.as.fn->env == e && v.as.fn->refcount == 1) n++;
    }
    return n;
}

void env_end_call(Env *e) {
    if (e->refcount > 1 && e->refcount - 1 == self_held(e)) env_clear(e);
    env_release(e);
}

void env_collect_cycle(Env *e) {
    if (e->root || e->n == 0 || e->refcount != self_held(e)) return;
    env_retain(e);        /* keep e alive while its bindings go */
    env_clear(e);
    env_release(e);
}

Value *env_lookup_local(Env *e, const char *name) {
    uint32_t h = name_hash(name);
    for (int i = 0; i < e->n; i++)
        if (e->entries[i].hash == h && strcmp(e->entries[i].name, name) == 0) return &e->entries[i].value;
    return NULL;
}

Value *env_lookup(Env *e, const char *name) {
    for (; e; e = e->parent) {
        Value *v = env_lookup_local(e, name);
        if (v) return v;
    }
    return NULL;
}

void env_define(Env *e, const char *name, Value v) {
    Value *slot = env_lookup_local(e, name);
    if (slot) {
        Value old = *slot;
        *slot = v;
        ev_release(old);
        return;
    }
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 8;
        e->entries = mg_realloc(e->entries, sizeof(EnvEntry) * (size_t)e->cap);
    }
    e->entries[e->n].name = mg_strdup(name);
    e->entries[e->n].hash = name_hash(name);
    e->entries[e->n].value = v;
    e->n++;
}

void env_assign(Env *e, const char *name, Value v) {
    for (Env *s = e; s; s = s->parent) {
        Value *slot = env_lookup_local(s, name);
        if (slot) {
            Value old = *slot;
            *slot = v;
            ev_release(old);
            return;
        }
    }
    env_define(e, name, v);
}
