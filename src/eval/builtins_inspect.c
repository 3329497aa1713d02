/* builtins_inspect.c - looking inside (SPEC §7 "look inside"): graph,
 * dot, mem, help. */
#include "builtins.h"
#include "../autograd/autograd.h"
#include <string.h>

static bool bi_graph(BiArgs *a, Value *out, MgError *err) {
    if (a->v[0].type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor", a->v[0], err);
    ag_print_graph(a->v[0].as.tensor, a->in->out);
    *out = ev_none();
    return true;
}

/* dot(y, "g.dot") writes y's graph; dot(a, b) of two vectors is their inner product. */
static bool bi_dot(BiArgs *a, Value *out, MgError *err) {
    if (a->v[1].type == VAL_STRING) {
        if (a->v[0].type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor", a->v[0], err);
        *out = ev_none();
        return ag_write_dot(a->v[0].as.tensor, a->v[1].as.str->s, err);
    }
    return bi_apply_pair(a, tn_dot, out, err);
}

static bool bi_mem(BiArgs *a, Value *out, MgError *err) {
    (void)a; (void)err;
    *out = ev_list_new(2);
    ev_list_append(out->as.list, ev_number((double)tn_live_bytes(DEV_CPU)));
    ev_list_append(out->as.list, ev_number((double)tn_live_bytes(DEV_CUDA)));
    return true;
}

typedef struct { FILE *out; int col; } Listing;

static void list_one(void *ctx, const Builtin *b) {
    Listing *l = ctx;
    int len = (int)strlen(b->name);
    if (l->col + len + 1 > 78) { fputc('\n', l->out); l->col = 0; }
    fprintf(l->out, "%s%s", l->col ? " " : "  ", b->name);
    l->col += len + (l->col ? 1 : 2);
}

static bool bi_help(BiArgs *a, Value *out, MgError *err) {
    Value v = a->v[0];
    FILE *o = a->in->out;
    *out = ev_none();
    if (v.type == VAL_NONE) {
        fprintf(o, "builtins (help(name) for one):\n");
        Listing l = {o, 0};
        ev_builtin_each(list_one, &l);
        fputc('\n', o);
        return true;
    }
    const Builtin *b = v.type == VAL_BUILTIN ? v.as.builtin
                     : v.type == VAL_STRING ? ev_builtin_find(v.as.str->s) : NULL;
    if (!b && v.type == VAL_STRING) return mg_error(err, ERR_NAME, "help: no builtin named '%s'", v.as.str->s);
    if (!b) return bi_bad_arg(a, 0, "builtin or name", v, err);
    ev_builtin_help(b, o);
    return true;
}

const Builtin bi_group_inspect[] = {
    {"graph", "graph(y)", "Print y's graph as an indented tree (op, shape, grad, where made)", bi_graph},
    {"dot", "dot(a, b)", "dot(y, \"g.dot\") writes y's graph as Graphviz DOT; dot(a, b) of vectors is their inner product", bi_dot},
    {"mem", "mem()", "[live cpu bytes, live cuda bytes] of tensor storage", bi_mem},
    {"help", "help(name=none)", "Print a builtin's signature and description: help(sum) or help(\"sum\")", bi_help},
    {NULL, NULL, NULL, NULL},
};
