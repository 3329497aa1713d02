/* value.c - making, sharing, comparing and printing values (see value.h).
 * Lists, closures and objects whose class has traverse are tracked by the
 * cycle collector (gc.h) from when they are made until they are freed. */
#include "value.h"
#include "env.h"
#include "builtins.h"
#include "../util/alloc.h"
#include "../util/numfmt.h"
#include <string.h>

Value ev_string_n(const char *s, size_t n) {
    MgString *str = mg_malloc(sizeof *str + n + 1);
    str->refcount = 1;
    str->len = n;
    memcpy(str->s, s, n);
    str->s[n] = '\0';
    Value v = {.type = VAL_STRING, .as.str = str};
    return v;
}

Value ev_string(const char *s) { return ev_string_n(s, strlen(s)); }

Value ev_string_take(char *s) {
    Value v = ev_string(s);
    mg_free(s);
    return v;
}

Value ev_list_new(int capacity) {
    MgList *l = mg_calloc(1, sizeof *l);
    l->refcount = 1;
    l->cap = capacity > 4 ? capacity : 4;
    l->items = mg_malloc(sizeof(Value) * (size_t)l->cap);
    gc_track(&l->gc, GC_LIST);
    Value v = {.type = VAL_LIST, .as.list = l};
    return v;
}

bool ev_list_reaches(Value v, const MgList *target) {
    static unsigned search;
    if (v.type != VAL_LIST) return false;
    if (++search == 0) search = 1;  /* 0 is "never seen" */
    int n = 0, cap = 16;
    MgList **todo = mg_malloc(sizeof *todo * (size_t)cap);
    todo[n++] = v.as.list;
    v.as.list->visit = search;
    bool found = false;
    while (n > 0 && !found) {
        MgList *l = todo[--n];
        if (l == target) { found = true; break; }
        for (int i = 0; i < l->n; i++) {
            if (l->items[i].type != VAL_LIST) continue;
            MgList *c = l->items[i].as.list;
            if (c->visit == search) continue;  /* shared sublists are walked once */
            c->visit = search;
            if (n == cap) todo = mg_realloc(todo, sizeof *todo * (size_t)(cap *= 2));
            todo[n++] = c;
        }
    }
    mg_free(todo);
    return found;
}

void ev_list_append(MgList *l, Value v) {
    if (l->n == l->cap) {
        l->cap *= 2;
        l->items = mg_realloc(l->items, sizeof(Value) * (size_t)l->cap);
    }
    l->items[l->n++] = v;
}

void ev_list_clear(MgList *l) {
    /* Empty first: an item's release may reach l again (through a closure's
     * scope) and must find no item it is releasing. Releasing runs no mg
     * code, so nothing appends to l meanwhile. */
    int n = l->n;
    l->n = 0;
    for (int i = 0; i < n; i++) ev_release(l->items[i]);
}

Value ev_tensor(Tensor *t) {
    Value v = {.type = VAL_TENSOR, .as.tensor = t};
    return v;
}

Value ev_closure(const AstFn *fn, Span span, Env *env, Arena *arena) {
    Closure *c = mg_calloc(1, sizeof *c);
    c->refcount = 1;
    c->fn = fn;
    c->span = span;
    c->env = env;
    env_retain(env);
    c->arena = arena;
    arena_retain(arena);
    gc_track(&c->gc, GC_CLOSURE);
    Value v = {.type = VAL_FUNCTION, .as.fn = c};
    return v;
}

Value ev_object_new(const ObjClass *cls, void *data) {
    MgObject *o = mg_calloc(1, sizeof *o);
    o->refcount = 1;
    o->cls = cls;
    o->data = data;
    if (cls->traverse) {
        MG_ASSERT(cls->clear);      /* the collector breaks cycles with it */
        gc_track(&o->gc, GC_OBJECT);
    }
    Value v = {.type = VAL_OBJECT, .as.obj = o};
    return v;
}

void ev_retain(Value v) {
    switch (v.type) {
    case VAL_STRING: v.as.str->refcount++; break;
    case VAL_LIST: v.as.list->refcount++; break;
    case VAL_TENSOR: tn_retain(v.as.tensor); break;
    case VAL_FUNCTION: v.as.fn->refcount++; break;
    case VAL_OBJECT: v.as.obj->refcount++; break;
    default: break;
    }
}

void ev_release(Value v) {
    switch (v.type) {
    case VAL_STRING:
        if (--v.as.str->refcount == 0) mg_free(v.as.str);
        break;
    case VAL_LIST:
        if (--v.as.list->refcount == 0) {
            gc_untrack(&v.as.list->gc);
            ev_list_clear(v.as.list);
            mg_free(v.as.list->items);
            mg_free(v.as.list);
        }
        break;
    case VAL_TENSOR: tn_release(v.as.tensor); break;
    case VAL_FUNCTION:
        if (--v.as.fn->refcount == 0) {
            gc_untrack(&v.as.fn->gc);
            env_release(v.as.fn->env);
            arena_release(v.as.fn->arena);
            mg_free(v.as.fn);
        } else if (v.as.fn->refcount == 1) {
            env_collect_cycle(v.as.fn->env);
        }
        break;
    case VAL_OBJECT:
        if (--v.as.obj->refcount == 0) {
            if (v.as.obj->cls->traverse) gc_untrack(&v.as.obj->gc);
            if (v.as.obj->cls->free) v.as.obj->cls->free(v.as.obj->data);
            mg_free(v.as.obj);
        }
        break;
    default: break;
    }
}

const char *ev_option_name(OptionKind o) {
    static const char *names[OPT__COUNT] = {"grad", "f32", "f64", "cpu", "cuda"};
    return names[o];
}

const char *ev_type_name(Value v) {
    switch (v.type) {
    case VAL_NONE: return "none";
    case VAL_BOOL: return "bool";
    case VAL_NUMBER: return "number";
    case VAL_STRING: return "string";
    case VAL_LIST: return "list";
    case VAL_TENSOR: return "tensor";
    case VAL_FUNCTION: return "function";
    case VAL_BUILTIN: return "builtin";
    case VAL_OPTION: return "option";
    case VAL_OBJECT: return v.as.obj->cls->type_name;
    }
    return "?";
}

bool ev_truthy(Value v, bool *out, MgError *err) {
    switch (v.type) {
    case VAL_NONE: *out = false; return true;
    case VAL_BOOL: *out = v.as.b; return true;
    case VAL_NUMBER: *out = v.as.num != 0; return true;   /* nan is true, as Python */
    case VAL_STRING: *out = v.as.str->len > 0; return true;
    case VAL_LIST: *out = v.as.list->n > 0; return true;
    case VAL_TENSOR:
        if (v.as.tensor->numel != 1)
            return mg_error(err, ERR_VALUE, "the truth value of a tensor with %lld elements is "
                            "ambiguous; use any() or all()", (long long)v.as.tensor->numel);
        *out = tn_item(v.as.tensor) != 0;
        return true;
    default: *out = true; return true;
    }
}

bool ev_equal(Value a, Value b) {
    if (a.type != b.type) return false;
    switch (a.type) {
    case VAL_NONE: return true;
    case VAL_BOOL: return a.as.b == b.as.b;
    case VAL_NUMBER: return a.as.num == b.as.num;
    case VAL_OPTION: return a.as.opt == b.as.opt;
    case VAL_STRING: return a.as.str->len == b.as.str->len && memcmp(a.as.str->s, b.as.str->s, a.as.str->len) == 0;
    case VAL_LIST: return a.as.list == b.as.list;
    case VAL_TENSOR: return a.as.tensor == b.as.tensor;
    case VAL_FUNCTION: return a.as.fn == b.as.fn;
    case VAL_BUILTIN: return a.as.builtin == b.as.builtin;
    case VAL_OBJECT: return a.as.obj == b.as.obj;
    }
    return false;
}

/* ---- printing ---- */

typedef struct { char *s; size_t n, cap; } Buf;

static void buf_add(Buf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = mg_realloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void buf_puts(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static void quote_into(Buf *b, const MgString *s) {
    buf_puts(b, "\"");
    for (size_t i = 0; i < s->len; i++) {
        switch (s->s[i]) {
        case '\n': buf_puts(b, "\\n"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '"': buf_puts(b, "\\\""); break;
        default: buf_add(b, &s->s[i], 1);
        }
    }
    buf_puts(b, "\"");
}

/* Lists may nest deeply (`a = [a]` in a loop; a list can no longer contain
 * itself, value.h): past 32 levels a list prints as [...], so the recursion
 * stays shallow. */
static void value_into(Buf *b, Value v, bool quoted, int depth) {
    char num[64];
    switch (v.type) {
    case VAL_NONE: buf_puts(b, "none"); break;
    case VAL_BOOL: buf_puts(b, v.as.b ? "true" : "false"); break;
    case VAL_NUMBER: buf_puts(b, mg_fmt_number(v.as.num, num, sizeof num)); break;
    case VAL_OPTION: buf_puts(b, ev_option_name(v.as.opt)); break;
    case VAL_STRING:
        if (quoted) quote_into(b, v.as.str);
        else buf_add(b, v.as.str->s, v.as.str->len);
        break;
    case VAL_LIST:
        if (depth > 32) { buf_puts(b, "[...]"); break; }
        buf_puts(b, "[");
        for (int i = 0; i < v.as.list->n; i++) {
            if (i) buf_puts(b, ", ");
            value_into(b, v.as.list->items[i], true, depth + 1);
        }
        buf_puts(b, "]");
        break;
    case VAL_TENSOR: {
        tn_view_refresh(v.as.tensor);     /* its grad_fn= is the current one */
        char *s = tn_format(v.as.tensor);
        if (s) buf_puts(b, s);
        mg_free(s);
        break;
    }
    case VAL_FUNCTION:
        buf_puts(b, "<fn ");
        buf_puts(b, v.as.fn->fn->name ? v.as.fn->fn->name : "lambda");
        buf_puts(b, ">");
        break;
    case VAL_BUILTIN:
        buf_puts(b, "<builtin ");
        buf_puts(b, v.as.builtin->name);
        buf_puts(b, ">");
        break;
    case VAL_OBJECT: {
        char *s = v.as.obj->cls->repr ? v.as.obj->cls->repr(v.as.obj->data) : NULL;
        if (s) { buf_puts(b, s); mg_free(s); }
        else { buf_puts(b, "<"); buf_puts(b, v.as.obj->cls->type_name); buf_puts(b, ">"); }
        break;
    }
    }
}

char *ev_to_string(Value v) {
    Buf b = {0};
    buf_puts(&b, "");
    value_into(&b, v, false, 0);
    return b.s;
}

char *ev_repr(Value v) {
    Buf b = {0};
    buf_puts(&b, "");
    value_into(&b, v, true, 0);
    return b.s;
}
