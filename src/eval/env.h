/* env.h - variable scopes (SPEC §4).
 *
 * Only functions make scopes: a call gets a fresh Env whose parent is the
 * scope its closure was made in; blocks (if, while, for, no_grad) do not.
 * `let` binds in the current Env; `x = v` assigns the nearest existing
 * binding up the chain, else binds locally.
 *
 * Envs are reference counted: the running call holds one reference and
 * every closure made in it holds one. A function defined inside a scope is
 * usually bound in that same scope (a cycle: env -> closure -> env), so when
 * a call ends env_end_call() clears the scope if nothing but such
 * otherwise-unreferenced closures keeps it alive. The cycle collector
 * (gc.h) frees every cycle, but only between top-level statements; these
 * two special cases free the common one at once, so a loop calling such a
 * function a million times inside one statement runs in constant memory.
 */
#ifndef MG_ENV_H
#define MG_ENV_H
#include "value.h"
#include <stdint.h>

typedef struct EnvEntry {
    char *name;             /* mg_strdup'd */
    uint32_t hash;
    Value value;
} EnvEntry;

struct Env {
    GcHead gc;              /* first: the cycle collector's link (gc.h) */
    int refcount;
    Env *parent;            /* strong */
    int n, cap;
    EnvEntry *entries;
    bool root;              /* the globals: held by the Interp, never a garbage cycle */
};

Env  *env_new(Env *parent);             /* refcount 1 */
void  env_retain(Env *e);
void  env_release(Env *e);
/* Release every binding (breaks closure cycles at exit or call end). */
void  env_clear(Env *e);
/* The caller's reference to a finished call's scope: clear it first when
 * only closures bound in it (and referenced nowhere else) keep it alive. */
void  env_end_call(Env *e);
/* Called when a closure made in e drops to one reference: if e is kept
 * alive only by closures bound in e itself, nothing can reach it any more,
 * so its bindings are released (which frees e). */
void  env_collect_cycle(Env *e);

Value *env_lookup_local(Env *e, const char *name);
Value *env_lookup(Env *e, const char *name);      /* walks parents; NULL if unbound */
/* Bind in e (replacing a local binding); takes the reference to v. */
void   env_define(Env *e, const char *name, Value v);
/* Assign the nearest binding, else define in e; takes the reference. */
void   env_assign(Env *e, const char *name, Value v);

#endif
