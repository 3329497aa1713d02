/* value.h - the values of mg (SPEC §3).
 *
 * A Value is a small tagged struct passed by value. Scalars (number, bool,
 * none, option) live inside it; everything else points at a reference-
 * counted heap object. Ownership convention of the evaluator:
 *   - a function that produces a Value (eval, builtins) hands the caller a
 *     new reference: the caller ev_release()s it or stores it;
 *   - arguments are borrowed.
 * Lists are mutable and shared by reference (`b = a; append(b, 1)` changes a).
 *
 * Extension point: VAL_OBJECT values carry an ObjClass (type name, methods,
 * destructor, printer, and for classes holding Values the cycle collector's
 * traverse and clear). Optimizers (sgd, adam) are objects whose class
 * reports the type name "optimizer"; a builtin group in its own file makes
 * them with ev_object_new() and the evaluator dispatches `opt.step()` to the
 * class's method table.
 */
#ifndef MG_VALUE_H
#define MG_VALUE_H
#include "../tensor/tensor.h"
#include "../parser/ast.h"
#include "gc.h"
#include <stdio.h>

typedef enum {
    VAL_NONE, VAL_BOOL, VAL_NUMBER, VAL_STRING, VAL_LIST, VAL_TENSOR,
    VAL_FUNCTION, VAL_BUILTIN, VAL_OPTION, VAL_OBJECT
} ValueType;

/* The predefined option constants `grad f32 f64 cpu cuda`. */
typedef enum { OPT_GRAD, OPT_F32, OPT_F64, OPT_CPU, OPT_CUDA, OPT__COUNT } OptionKind;

typedef struct Builtin Builtin;     /* builtins.h */
typedef struct Env Env;             /* env.h */
typedef struct ObjClass ObjClass;

typedef struct MgString {
    int refcount;
    size_t len;
    char s[];                       /* NUL-terminated */
} MgString;

typedef struct Value {
    ValueType type;
    union {
        bool b;
        double num;
        OptionKind opt;
        MgString *str;
        struct MgList *list;
        Tensor *tensor;
        struct Closure *fn;
        const Builtin *builtin;
        struct MgObject *obj;
    } as;
} Value;

typedef struct MgList {
    GcHead gc;                      /* first: the cycle collector's link (gc.h) */
    int refcount;
    int n, cap;
    Value *items;
    unsigned visit;   /* ev_list_reaches: last search that saw this list */
} MgList;

/* A user function: the syntax, the scope it was made in, and the arena
 * that holds the syntax (so functions defined at the prompt outlive their
 * input). */
typedef struct Closure {
    GcHead gc;                      /* first (gc.h) */
    int refcount;
    const AstFn *fn;
    Span span;                      /* where it was defined */
    Env *env;                       /* strong */
    Arena *arena;                   /* strong */
} Closure;

struct ObjClass {
    const char *type_name;          /* what type(v) says: "optimizer" */
    const Builtin *methods;         /* rows ended by a {NULL} row; self is argument 1 */
    void (*free)(void *data);
    char *(*repr)(void *data);      /* mg_malloc'd text, or NULL for "<type_name>" */
    /* Only for a class whose data holds Values (an optimizer holds tensors
     * only, and needs neither): traverse calls visit on each Value held, so
     * the cycle collector (gc.h) can follow them; clear releases them all,
     * so it can break a cycle through the object. With traverse set the
     * object is tracked by the collector, and clear is required. */
    void (*traverse)(void *data, void (*visit)(Value v, void *ctx), void *ctx);
    void (*clear)(void *data);
};

typedef struct MgObject {
    GcHead gc;                      /* first; linked only when cls->traverse is set */
    int refcount;
    const ObjClass *cls;
    void *data;
} MgObject;

/* ---- making values (results are new references) ---- */
static inline Value ev_none(void) { Value v = {.type = VAL_NONE}; return v; }
static inline Value ev_bool(bool b) { Value v = {.type = VAL_BOOL, .as.b = b}; return v; }
static inline Value ev_number(double d) { Value v = {.type = VAL_NUMBER, .as.num = d}; return v; }
static inline Value ev_option(OptionKind o) { Value v = {.type = VAL_OPTION, .as.opt = o}; return v; }
static inline Value ev_builtin(const Builtin *b) { Value v = {.type = VAL_BUILTIN, .as.builtin = b}; return v; }
Value ev_string(const char *s);                 /* copies */
Value ev_string_n(const char *s, size_t n);
Value ev_string_take(char *s);                  /* takes an mg_malloc'd string */
Value ev_list_new(int capacity);
Value ev_tensor(Tensor *t);                     /* takes the reference */
Value ev_closure(const AstFn *fn, Span span, Env *env, Arena *arena);
Value ev_object_new(const ObjClass *cls, void *data);

void ev_retain(Value v);
void ev_release(Value v);

void ev_list_append(MgList *l, Value v);        /* takes the reference */
/* Release every item; l stays a valid empty list (the collector breaks
 * cycles with it). */
void ev_list_clear(MgList *l);
/* Whether v is target or holds it, directly or through nested lists.
 * append and index assignment refuse to put a list inside itself
 * (`a list cannot contain itself`). That refusal predates the cycle
 * collector (gc.h), which would now free such a list; it stays as a rule of
 * the language, since a list inside itself can only print as a 32-deep
 * [[[...]]]. Iterative: lists nested a million deep are fine. */
bool ev_list_reaches(Value v, const MgList *target);

/* ---- inspecting ---- */
const char *ev_type_name(Value v);              /* "number", "tensor", ... */
const char *ev_option_name(OptionKind o);       /* "grad", "f32", ... */
/* Truthiness (SPEC §3); a tensor with != 1 element is an error. */
bool ev_truthy(Value v, bool *out, MgError *err);
/* == for non-tensors: by value for number/string/bool/none, identity otherwise. */
bool ev_equal(Value a, Value b);

/* The printed form: str(v) / print. Strings are raw at top level and quoted
 * inside lists. mg_malloc'd. */
char *ev_to_string(Value v);
/* The form inside a list or at the prompt for strings: quoted. */
char *ev_repr(Value v);

#endif
