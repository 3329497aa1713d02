/* eval_expr.c - expressions (SPEC §4): literals, names, operators,
 * attributes and indexing. Calls are in eval_call.c. */
#include "eval_internal.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include "../util/numfmt.h"
#include <math.h>
#include <string.h>

bool ev_check_interrupt(Interp *in, MgError *err) {
    if (in->max_steps && ++in->steps > in->max_steps)
        return mg_error(err, ERR_INTERRUPT, "step limit exceeded (limit %lld)", in->max_steps);
    if (!tn_rt.interrupted) return true;
    tn_rt.interrupted = 0;
    return mg_error(err, ERR_INTERRUPT, "interrupted");
}

/* ---- unknown names ---- */

static int edit_distance(const char *a, const char *b) {
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 63 || lb > 63) return 99;
    int row[64];
    for (int j = 0; j <= lb; j++) row[j] = j;
    for (int i = 1; i <= la; i++) {
        int prev = row[0];
        row[0] = i;
        for (int j = 1; j <= lb; j++) {
            int cur = row[j];
            int best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

typedef struct { const char *want; const char *best; int dist; } Nearest;

/* Keywords that cannot stand where a name does (`i` is no typo of `if`);
 * true, false and none can, so they stay suggestions. */
static bool is_statement_keyword(const char *name) {
    static const char *const words[] = {
        "let", "fn", "return", "if", "else", "while", "for", "in", "break", "continue",
        "and", "or", "not", "no_grad", NULL
    };
    for (int i = 0; words[i]; i++)
        if (strcmp(name, words[i]) == 0) return true;
    return false;
}

static void consider(void *ctx, const char *name) {
    Nearest *n = ctx;
    if (is_statement_keyword(name)) return;
    int d = edit_distance(n->want, name);
    if (d < n->dist) { n->dist = d; n->best = name; }
}

bool ev_name_error(Interp *in, Frame *fr, const char *name, Span span, MgError *err) {
    (void)in;
    Nearest n = {name, NULL, 1000};
    ev_each_name(fr->env, consider, &n);
    /* Close enough to be a typo: about a quarter of the name's letters
     * ((len + 2) / 4 edits, at least 1, at most 3). */
    int limit = ((int)strlen(name) + 2) / 4;
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    if (n.best && n.dist <= limit)
        return mg_error_at(err, span, ERR_NAME, "name '%s' is not defined; did you mean '%s'?", name, n.best);
    return mg_error_at(err, span, ERR_NAME, "name '%s' is not defined", name);
}

static bool lookup_name(Interp *in, Frame *fr, const Ast *e, Value *out, MgError *err) {
    Value *v = env_lookup(fr->env, e->name);
    if (v) { ev_retain(*v); *out = *v; return true; }
    const Builtin *b = ev_builtin_find(e->name);
    if (b) { *out = ev_builtin(b); return true; }
    for (int i = 0; i < OPT__COUNT; i++)
        if (strcmp(e->name, ev_option_name((OptionKind)i)) == 0) { *out = ev_option((OptionKind)i); return true; }
    return ev_name_error(in, fr, e->name, e->span, err);
}

/* ---- operators ---- */

Tensor *ev_scalar_like(double v, const Tensor *like, MgError *err) {
    return tn_scalar(v, like->dtype, like->device, err);
}

/* ---- constant operands ----
 * A number met by a tensor operator (`y * 1.0001`) becomes a 0-d tensor of
 * the other operand's dtype and device. Made afresh, that is an allocation
 * per op, and a long-lived one when the gradient rule saves it (mul saves
 * its constant factor): ~650 bytes per op in a scalar loop. For number
 * literals the interpreter keeps one such tensor per (value, dtype, device)
 * instead, in a small table it owns (Interp.consts, freed by ev_free; a full
 * probe window evicts, so it never holds more than EV_CONSTS tensors).
 *
 * A cached tensor is shared, so it must stay immutable: it is only ever
 * passed as an operand to the binary tn_* ops, which neither write to their
 * inputs nor return them (they always make a new output); graph nodes may
 * save it, read-only. It never becomes a user value. */
#define EV_CONSTS 64                /* a power of two */
#define EV_CONST_PROBES 4

typedef struct EvConst { uint64_t bits; DType dtype; Device device; Tensor *t; } EvConst;
struct EvConstCache { EvConst slot[EV_CONSTS]; };

void ev_consts_free(Interp *in) {
    if (!in->consts) return;
    for (int i = 0; i < EV_CONSTS; i++) tn_release(in->consts->slot[i].t);
    mg_free(in->consts);
    in->consts = NULL;
}

/* The shared 0-d tensor of v like `like` (a new reference). */
static Tensor *constant_like(Interp *in, double v, const Tensor *like, MgError *err) {
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    if (!in->consts) in->consts = mg_calloc(1, sizeof *in->consts);
    EvConst *slots = in->consts->slot;
    uint64_t h = (bits ^ (bits >> 29) ^ ((uint64_t)like->dtype << 1 | (uint64_t)like->device)) * UINT64_C(0x9E3779B97F4A7C15);
    unsigned home = (unsigned)(h >> 58) & (EV_CONSTS - 1), free_at = home;
    bool have_free = false;
    for (unsigned k = 0; k < EV_CONST_PROBES; k++) {
        EvConst *c = &slots[(home + k) & (EV_CONSTS - 1)];
        if (!c->t) {
            if (!have_free) { free_at = (home + k) & (EV_CONSTS - 1); have_free = true; }
            continue;
        }
        if (c->bits == bits && c->dtype == like->dtype && c->device == like->device) {
            tn_retain(c->t);
            return c->t;
        }
    }
    Tensor *t = tn_scalar(v, like->dtype, like->device, err);
    if (!t) return NULL;
    EvConst *c = &slots[free_at];
    tn_release(c->t);                   /* no free slot in the window: evict */
    *c = (EvConst){ .bits = bits, .dtype = like->dtype, .device = like->device, .t = t };
    tn_retain(t);
    return t;
}

static const char *op_text(TokenKind op) {
    switch (op) {
    case TOK_PLUS: return "+"; case TOK_MINUS: return "-"; case TOK_STAR: return "*";
    case TOK_SLASH: return "/"; case TOK_PERCENT: return "%"; case TOK_STARSTAR: return "**";
    case TOK_AT: return "@"; case TOK_EQEQ: return "=="; case TOK_NE: return "!=";
    case TOK_LT: return "<"; case TOK_LE: return "<="; case TOK_GT: return ">"; case TOK_GE: return ">=";
    default: return "?";
    }
}

static bool numeric(Value v) { return v.type == VAL_NUMBER || v.type == VAL_BOOL; }
static double num_of(Value v) { return v.type == VAL_BOOL ? (double)v.as.b : v.as.num; }

static bool number_op(TokenKind op, double a, double b, Value *out) {
    switch (op) {
    case TOK_PLUS: *out = ev_number(a + b); return true;
    case TOK_MINUS: *out = ev_number(a - b); return true;
    case TOK_STAR: *out = ev_number(a * b); return true;
    case TOK_SLASH: *out = ev_number(a / b); return true;   /* IEEE: 1/0 = inf */
    case TOK_PERCENT: {
        /* the sign of the divisor, as Python */
        double r = fmod(a, b);
        if (r != 0 && ((r < 0) != (b < 0))) r += b;
        *out = ev_number(r);
        return true;
    }
    case TOK_STARSTAR: *out = ev_number(pow(a, b)); return true;
    case TOK_EQEQ: *out = ev_bool(a == b); return true;
    case TOK_NE: *out = ev_bool(a != b); return true;
    case TOK_LT: *out = ev_bool(a < b); return true;
    case TOK_LE: *out = ev_bool(a <= b); return true;
    case TOK_GT: *out = ev_bool(a > b); return true;
    case TOK_GE: *out = ev_bool(a >= b); return true;
    default: return false;
    }
}

static Tensor *tensor_op(TokenKind op, Tensor *a, Tensor *b, MgError *err) {
    switch (op) {
    case TOK_PLUS: return tn_add(a, b, err);
    case TOK_MINUS: return tn_sub(a, b, err);
    case TOK_STAR: return tn_mul(a, b, err);
    case TOK_SLASH: return tn_div(a, b, err);
    case TOK_STARSTAR: return tn_pow(a, b, err);
    case TOK_AT: return tn_matmul(a, b, err);
    case TOK_EQEQ: return tn_eq(a, b, err);
    case TOK_NE: return tn_ne(a, b, err);
    case TOK_LT: return tn_lt(a, b, err);
    case TOK_LE: return tn_le(a, b, err);
    case TOK_GT: return tn_gt(a, b, err);
    case TOK_GE: return tn_ge(a, b, err);
    default:
        mg_error(err, ERR_TYPE, "'%s' is not supported on tensors", op_text(op));
        return NULL;
    }
}

static bool type_mismatch(TokenKind op, Value a, Value b, MgError *err) {
    return mg_error(err, ERR_TYPE, "unsupported operand types for '%s': %s and %s",
                    op_text(op), ev_type_name(a), ev_type_name(b));
}

/* A string or list of `bytes` bytes would pass the limit. */
static bool too_big(Interp *in, const char *what, size_t bytes, MgError *err) {
    size_t limit = ev_value_limit(in);
    if (bytes <= limit) return false;
    mg_error(err, ERR_MEMORY, "cannot make a %s of %zu bytes (limit %zu)", what, bytes, limit);
    return true;
}

/* A number operand of a tensor op as a 0-d tensor like `like`: the shared
 * constant for a number literal, a fresh tensor otherwise (a loop variable
 * takes a new value each time: caching it would only churn the table). */
static Tensor *number_operand(Interp *in, Value v, bool literal, const Tensor *like, MgError *err) {
    return literal ? constant_like(in, num_of(v), like, err) : ev_scalar_like(num_of(v), like, err);
}

/* ev_binary, told which operands are number literals in the source. */
static bool binary_values(Interp *in, TokenKind op, Value a, Value b, bool a_literal, bool b_literal,
                          Span span, Value *out, MgError *err) {
    bool ok = true;
    if (a.type == VAL_TENSOR || b.type == VAL_TENSOR) {
        const Tensor *like = a.type == VAL_TENSOR ? a.as.tensor : b.as.tensor;
        if ((a.type != VAL_TENSOR && !numeric(a)) || (b.type != VAL_TENSOR && !numeric(b))) {
            if (op == TOK_EQEQ || op == TOK_NE) { *out = ev_bool((op == TOK_NE)); return true; }
            ok = type_mismatch(op, a, b, err);
        } else {
            Tensor *ta = a.type == VAL_TENSOR ? (tn_retain(a.as.tensor), a.as.tensor)
                       : number_operand(in, a, a_literal, like, err);
            Tensor *tb = ta && b.type == VAL_TENSOR ? (tn_retain(b.as.tensor), b.as.tensor)
                       : ta ? number_operand(in, b, b_literal, like, err) : NULL;
            Tensor *r = NULL;
            if (ta && tb) {
                tn_rt.cur_span = span;
                r = tensor_op(op, ta, tb, err);
            }
            tn_release(ta);
            tn_release(tb);
            if (r) *out = ev_tensor(r);
            else ok = false;
        }
    } else if (numeric(a) && numeric(b) && op != TOK_AT) {
        if ((op == TOK_EQEQ || op == TOK_NE) && a.type != b.type) *out = ev_bool(op == TOK_NE);
        else number_op(op, num_of(a), num_of(b), out);
    } else if (op == TOK_EQEQ || op == TOK_NE) {
        bool eq = ev_equal(a, b);
        *out = ev_bool(op == TOK_EQEQ ? eq : !eq);
    } else if (a.type == VAL_STRING && b.type == VAL_STRING) {
        if (op == TOK_PLUS) {
            size_t n = a.as.str->len + b.as.str->len;
            if (too_big(in, "string", n, err)) return mg_error_set_span_if_unset(err, span), false;
            char *s = mg_malloc(n + 1);
            memcpy(s, a.as.str->s, a.as.str->len);
            memcpy(s + a.as.str->len, b.as.str->s, b.as.str->len);
            s[n] = '\0';
            *out = ev_string_n(s, n);
            mg_free(s);
        } else if (op == TOK_LT || op == TOK_LE || op == TOK_GT || op == TOK_GE) {
            int c = strcmp(a.as.str->s, b.as.str->s);
            number_op(op, c, 0, out);
        } else {
            ok = type_mismatch(op, a, b, err);
        }
    } else if (a.type == VAL_LIST && b.type == VAL_LIST && op == TOK_PLUS) {
        if (too_big(in, "list", ((size_t)a.as.list->n + (size_t)b.as.list->n) * sizeof(Value), err))
            return mg_error_set_span_if_unset(err, span), false;
        Value l = ev_list_new(a.as.list->n + b.as.list->n);
        for (int i = 0; i < a.as.list->n; i++) { ev_retain(a.as.list->items[i]); ev_list_append(l.as.list, a.as.list->items[i]); }
        for (int i = 0; i < b.as.list->n; i++) { ev_retain(b.as.list->items[i]); ev_list_append(l.as.list, b.as.list->items[i]); }
        *out = l;
    } else {
        ok = type_mismatch(op, a, b, err);
    }
    if (!ok) mg_error_set_span_if_unset(err, span);
    return ok;
}

bool ev_binary(Interp *in, TokenKind op, Value a, Value b, Span span, Value *out, MgError *err) {
    return binary_values(in, op, a, b, false, false, span, out, err);
}

static bool eval_unary(Interp *in, Frame *fr, const Ast *e, Value *out, MgError *err) {
    Value v;
    if (!ev_eval(in, fr, e->a, &v, err)) return false;
    bool ok = true;
    if (e->op == TOK_NOT) {
        bool t;
        ok = ev_truthy(v, &t, err);
        if (ok) *out = ev_bool(!t);
    } else if (numeric(v)) {
        *out = ev_number(e->op == TOK_MINUS ? -num_of(v) : num_of(v));
    } else if (v.type == VAL_TENSOR) {
        if (e->op == TOK_MINUS) {
            tn_rt.cur_span = e->span;
            Tensor *r = tn_neg(v.as.tensor, err);
            ok = r != NULL;
            if (ok) *out = ev_tensor(r);
        } else {
            ev_retain(v);
            *out = v;
        }
    } else {
        ok = mg_error(err, ERR_TYPE, "bad operand type for unary '%s': %s",
                      e->op == TOK_MINUS ? "-" : "+", ev_type_name(v));
    }
    ev_release(v);
    if (!ok) mg_error_set_span_if_unset(err, e->span);
    return ok;
}

static bool eval_logic(Interp *in, Frame *fr, const Ast *e, Value *out, MgError *err) {
    bool t;
    Value v;
    if (!ev_eval(in, fr, e->a, &v, err)) return false;
    bool ok = ev_truthy(v, &t, err);
    ev_release(v);
    if (!ok) { mg_error_set_span_if_unset(err, e->a->span); return false; }
    /* short-circuit: `a and b` is false without evaluating b when a is false */
    if ((e->op == TOK_AND && !t) || (e->op == TOK_OR && t)) { *out = ev_bool(t); return true; }
    if (!ev_eval(in, fr, e->b, &v, err)) return false;
    ok = ev_truthy(v, &t, err);
    ev_release(v);
    if (!ok) { mg_error_set_span_if_unset(err, e->b->span); return false; }
    *out = ev_bool(t);
    return true;
}

/* ---- attributes (SPEC §5) ---- */

bool ev_get_attr(Interp *in, Value obj, const char *name, Span span, Value *out, MgError *err) {
    (void)in;
    if (obj.type != VAL_TENSOR)
        return mg_error_at(err, span, ERR_TYPE, "%s has no attribute '%s'", ev_type_name(obj), name);
    Tensor *t = obj.as.tensor;
    tn_view_refresh(t);                   /* requires_grad, grad_fn, is_leaf are current */
    if (strcmp(name, "shape") == 0) {
        Value l = ev_list_new(t->ndim);
        for (int i = 0; i < t->ndim; i++) ev_list_append(l.as.list, ev_number((double)t->shape[i]));
        *out = l;
    } else if (strcmp(name, "ndim") == 0) {
        *out = ev_number(t->ndim);
    } else if (strcmp(name, "dtype") == 0) {
        *out = ev_string(tn_dtype_name(t->dtype));
    } else if (strcmp(name, "device") == 0) {
        *out = ev_string(tn_device_name(t->device));
    } else if (strcmp(name, "grad") == 0) {
        if (t->grad) { tn_retain(t->grad); *out = ev_tensor(t->grad); }
        else *out = ev_none();
    } else if (strcmp(name, "requires_grad") == 0) {
        *out = ev_bool(t->requires_grad);
    } else if (strcmp(name, "is_leaf") == 0) {
        *out = ev_bool(t->grad_fn == NULL);
    } else if (strcmp(name, "grad_fn") == 0) {
        if (t->grad_fn) *out = ev_string(t->grad_fn->label ? t->grad_fn->label : op_name(t->grad_fn->op));
        else *out = ev_none();
    } else if (strcmp(name, "T") == 0) {
        if (t->ndim < 2) { tn_retain(t); *out = ev_tensor(t); return true; }
        if (t->ndim > 2)
            return mg_error_at(err, span, ERR_SHAPE, "x.T needs a tensor of at most 2 dimensions, got %d; use permute()", t->ndim);
        tn_rt.cur_span = span;
        Tensor *r = tn_transpose(t, 0, 1, err);
        if (!r) { mg_error_set_span_if_unset(err, span); return false; }
        *out = ev_tensor(r);
    } else if (strcmp(name, "data") == 0) {
        *out = ev_tensor(tn_detach(t));
    } else {
        return mg_error_at(err, span, ERR_TYPE, "tensor has no attribute '%s'", name);
    }
    return true;
}

bool ev_set_attr(Interp *in, Value obj, const char *name, Value v, Span span, MgError *err) {
    (void)in;
    if (obj.type != VAL_TENSOR)
        return mg_error_at(err, span, ERR_TYPE, "cannot set attribute '%s' of a %s", name, ev_type_name(obj));
    Tensor *t = obj.as.tensor;
    if (strcmp(name, "grad") == 0) {
        if (v.type == VAL_NONE) {
            tn_release(t->grad);
            t->grad = NULL;
            return true;
        }
        if (v.type != VAL_TENSOR)
            return mg_error_at(err, span, ERR_TYPE, "x.grad must be a tensor or none, got %s", ev_type_name(v));
        /* SPEC §6.2: .grad has the tensor's shape, dtype and device, as torch checks */
        Tensor *g = v.as.tensor;
        if (g == t || g->storage == t->storage)   /* backward would write into x's own values */
            return mg_error_at(err, span, ERR_VALUE, "x.grad cannot be x itself or share its memory");
        if (g->ndim != t->ndim || memcmp(g->shape, t->shape, sizeof(int64_t) * (size_t)t->ndim) != 0) {
            char a[128], b[128];
            return mg_error_at(err, span, ERR_SHAPE, "x.grad must have the tensor's shape %s, got %s",
                               tn_shape_str(t->shape, t->ndim, a, sizeof a), tn_shape_str(g->shape, g->ndim, b, sizeof b));
        }
        if (g->dtype != t->dtype)
            return mg_error_at(err, span, ERR_TYPE, "x.grad must have the tensor's dtype %s, got %s",
                               tn_dtype_name(t->dtype), tn_dtype_name(g->dtype));
        if (g->device != t->device)
            return mg_error_at(err, span, ERR_DEVICE, "x.grad must be on the tensor's device %s, got %s",
                               tn_device_name(t->device), tn_device_name(g->device));
        tn_retain(g);
        tn_release(t->grad);
        t->grad = g;
        return true;
    }
    if (strcmp(name, "requires_grad") == 0) {
        if (v.type != VAL_BOOL)
            return mg_error_at(err, span, ERR_TYPE, "x.requires_grad must be true or false, got %s", ev_type_name(v));
        if (t->grad_fn)
            return mg_error_at(err, span, ERR_AUTOGRAD,
                               "requires_grad can only be changed on a leaf tensor; use detach(x) first");
        t->requires_grad = v.as.b;
        return true;
    }
    return mg_error_at(err, span, ERR_TYPE, "cannot set attribute '%s' of a tensor", name);
}

/* ---- indexing ---- */

static bool whole_index(Value v, const char *what, bool clamp, int64_t *out, MgError *err) {
    double d;
    if (v.type == VAL_NUMBER) d = v.as.num;
    else if (v.type == VAL_TENSOR && v.as.tensor->numel == 1) d = tn_item(v.as.tensor);
    else return mg_error(err, ERR_TYPE, "%s must be a number, got %s", what, ev_type_name(v));
    char num[32];
    if (d != floor(d) || !isfinite(d))
        return mg_error(err, ERR_VALUE, "%s must be a whole number, got %s", what, mg_fmt_number(d, num, sizeof num));
    /* (int64_t)1e19 is undefined behaviour; no size comes near 9e15, so a
     * slice bound beyond it is clamped (as Python clamps), an index is out of range */
    if (fabs(d) > 9e15 && clamp) d = d < 0 ? -9e15 : 9e15;
    if (fabs(d) > 9e15) return mg_error(err, ERR_INDEX, "%s %s is out of range", what, mg_fmt_number(d, num, sizeof num));
    *out = (int64_t)d;
    return true;
}

/* Evaluate one optional slice bound (NULL or none: absent). */
static bool slice_bound(Interp *in, Frame *fr, const Ast *e, bool *has, int64_t *out, MgError *err) {
    *has = false;
    if (!e) return true;
    Value v;
    if (!ev_eval(in, fr, e, &v, err)) return false;
    bool ok = true;
    if (v.type != VAL_NONE) {
        *has = true;
        ok = whole_index(v, "a slice bound", true, out, err);
        if (!ok) mg_error_set_span_if_unset(err, e->span);
    }
    ev_release(v);
    return ok;
}

static bool tensor_indexes(Interp *in, Frame *fr, const Ast *ix, TnIndex *idx, MgError *err) {
    if (ix->n_items > TN_MAX_DIMS)
        return mg_error_at(err, ix->span, ERR_INDEX, "too many indexes: %d (at most %d)", ix->n_items, TN_MAX_DIMS);
    for (int i = 0; i < ix->n_items; i++) {
        const Ast *it = ix->items[i];
        memset(&idx[i], 0, sizeof idx[i]);
        if (it->kind == AST_SLICE) {
            bool has_step;
            idx[i].is_slice = true;
            idx[i].step = 1;
            if (!slice_bound(in, fr, it->slice.lo, &idx[i].has_start, &idx[i].start, err)) return false;
            if (!slice_bound(in, fr, it->slice.hi, &idx[i].has_stop, &idx[i].stop, err)) return false;
            if (!slice_bound(in, fr, it->slice.step, &has_step, &idx[i].step, err)) return false;
            if (!has_step) idx[i].step = 1;
        } else {
            Value v;
            if (!ev_eval(in, fr, it, &v, err)) return false;
            bool ok = whole_index(v, "an index", false, &idx[i].index, err);
            ev_release(v);
            if (!ok) { mg_error_set_span_if_unset(err, it->span); return false; }
        }
    }
    return true;
}

/* The list position of x[i]: negative counts from the end. */
static bool list_position(Interp *in, Frame *fr, const MgList *l, const Ast *ix, int64_t *pos, MgError *err) {
    if (ix->n_items == 1 && ix->items[0]->kind == AST_SLICE)   /* reading one is list_slice */
        return mg_error_at(err, ix->span, ERR_INDEX, "a list slice can be read but not assigned to");
    if (ix->n_items != 1)
        return mg_error_at(err, ix->span, ERR_INDEX, "a list takes one number as index");
    Value v;
    if (!ev_eval(in, fr, ix->items[0], &v, err)) return false;
    bool ok = whole_index(v, "a list index", false, pos, err);
    ev_release(v);
    if (!ok) { mg_error_set_span_if_unset(err, ix->items[0]->span); return false; }
    int64_t i = *pos < 0 ? *pos + l->n : *pos;
    if (i < 0 || i >= l->n)
        return mg_error_at(err, ix->span, ERR_INDEX, "list index %lld out of range for a list of %d elements",
                           (long long)*pos, l->n);
    *pos = i;
    return true;
}

/* l[a:b:c] (ix: one slice): a new list of the same values (not copies),
 * by the bounds rules of tensor slices (tn_slice_range). */
static bool list_slice(Interp *in, Frame *fr, const MgList *l, const Ast *ix, Value *out, MgError *err) {
    TnIndex idx;
    int64_t start, count;
    if (!tensor_indexes(in, fr, ix, &idx, err)) return false;
    if (!tn_slice_range(&idx, l->n, &start, &count, err))
        return mg_error_set_span_if_unset(err, ix->items[0]->span), false;
    *out = ev_list_new((int)count);
    for (int64_t k = 0; k < count; k++) {
        Value v = l->items[start + k * idx.step];
        ev_retain(v);
        ev_list_append(out->as.list, v);
    }
    return true;
}

bool ev_index_get(Interp *in, Frame *fr, Value obj, const Ast *ix, Value *out, MgError *err) {
    if (obj.type == VAL_LIST && ix->n_items == 1 && ix->items[0]->kind == AST_SLICE)
        return list_slice(in, fr, obj.as.list, ix, out, err);
    if (obj.type == VAL_LIST) {
        int64_t i;
        if (!list_position(in, fr, obj.as.list, ix, &i, err)) return false;
        ev_retain(obj.as.list->items[i]);
        *out = obj.as.list->items[i];
        return true;
    }
    if (obj.type == VAL_STRING) {
        if (ix->n_items != 1 || ix->items[0]->kind == AST_SLICE)
            return mg_error_at(err, ix->span, ERR_INDEX, "a string takes one number as index");
        Value v;
        if (!ev_eval(in, fr, ix->items[0], &v, err)) return false;
        int64_t i;
        bool ok = whole_index(v, "a string index", false, &i, err);
        ev_release(v);
        if (!ok) { mg_error_set_span_if_unset(err, ix->items[0]->span); return false; }
        int64_t n = (int64_t)obj.as.str->len, k = i < 0 ? i + n : i;
        if (k < 0 || k >= n)
            return mg_error_at(err, ix->span, ERR_INDEX, "string index %lld out of range for a string of %lld characters",
                               (long long)i, (long long)n);
        *out = ev_string_n(obj.as.str->s + k, 1);
        return true;
    }
    if (obj.type != VAL_TENSOR)
        return mg_error_at(err, ix->span, ERR_TYPE, "a %s cannot be indexed", ev_type_name(obj));
    TnIndex idx[TN_MAX_DIMS];
    if (!tensor_indexes(in, fr, ix, idx, err)) return false;
    tn_rt.cur_span = ix->span;
    Tensor *r = tn_index(obj.as.tensor, idx, ix->n_items, err);
    if (!r) { mg_error_set_span_if_unset(err, ix->span); return false; }
    *out = ev_tensor(r);
    return true;
}

bool ev_index_set(Interp *in, Frame *fr, Value obj, const Ast *ix, Value v, MgError *err) {
    if (obj.type == VAL_LIST) {
        int64_t i;
        if (!list_position(in, fr, obj.as.list, ix, &i, err)) return false;
        if (ev_list_reaches(v, obj.as.list))
            return mg_error_at(err, ix->span, ERR_VALUE, "a list cannot contain itself");
        ev_retain(v);
        ev_release(obj.as.list->items[i]);
        obj.as.list->items[i] = v;
        return true;
    }
    if (obj.type != VAL_TENSOR)
        return mg_error_at(err, ix->span, ERR_TYPE, "cannot assign into a %s by index", ev_type_name(obj));
    Tensor *t = obj.as.tensor;
    TnIndex idx[TN_MAX_DIMS];
    if (!tensor_indexes(in, fr, ix, idx, err)) return false;
    Tensor *val = NULL;
    if (v.type == VAL_TENSOR) { val = v.as.tensor; tn_retain(val); }
    else if (numeric(v)) val = ev_scalar_like(num_of(v), t, err);
    else return mg_error_at(err, ix->span, ERR_TYPE, "cannot assign a %s into a tensor", ev_type_name(v));
    if (!val) { mg_error_set_span_if_unset(err, ix->span); return false; }
    tn_rt.cur_span = ix->span;
    bool ok = tn_index_assign(t, idx, ix->n_items, val, err);
    tn_release(val);
    if (!ok) mg_error_set_span_if_unset(err, ix->span);
    return ok;
}

/* ---- the dispatcher ---- */

bool ev_eval(Interp *in, Frame *fr, const Ast *e, Value *out, MgError *err) {
    switch (e->kind) {
    case AST_NUMBER: *out = ev_number(e->number); return true;
    case AST_STRING: *out = ev_string(e->str ? e->str : ""); return true;
    case AST_BOOL: *out = ev_bool(e->boolean); return true;
    case AST_NONE: *out = ev_none(); return true;
    case AST_NAME: return lookup_name(in, fr, e, out, err);
    case AST_LIST: {
        Value l = ev_list_new(e->n_items);
        for (int i = 0; i < e->n_items; i++) {
            Value v;
            if (!ev_eval(in, fr, e->items[i], &v, err)) { ev_release(l); return false; }
            ev_list_append(l.as.list, v);
        }
        *out = l;
        return true;
    }
    case AST_UNARY: return eval_unary(in, fr, e, out, err);
    case AST_BINARY: {
        if (e->op == TOK_AND || e->op == TOK_OR) return eval_logic(in, fr, e, out, err);
        Value a, b;
        if (!ev_eval(in, fr, e->a, &a, err)) return false;
        if (!ev_eval(in, fr, e->b, &b, err)) { ev_release(a); return false; }
        bool ok = binary_values(in, e->op, a, b, e->a->kind == AST_NUMBER, e->b->kind == AST_NUMBER,
                                e->span, out, err);
        ev_release(a);
        ev_release(b);
        return ok;
    }
    case AST_CALL: return ev_eval_call(in, fr, e, out, err);
    case AST_INDEX: {
        Value obj;
        if (!ev_eval(in, fr, e->a, &obj, err)) return false;
        bool ok = ev_index_get(in, fr, obj, e, out, err);
        ev_release(obj);
        return ok;
    }
    case AST_ATTR: {
        Value obj;
        if (!ev_eval(in, fr, e->a, &obj, err)) return false;
        bool ok = ev_get_attr(in, obj, e->name, e->span, out, err);
        ev_release(obj);
        return ok;
    }
    case AST_FN:
        *out = ev_closure(&e->fn, e->span, fr->env, fr->arena);
        return true;
    case AST_SLICE:
        return mg_error_at(err, e->span, ERR_SYNTAX, "a slice is only allowed inside [ ]");
    default:
        return mg_error_at(err, e->span, ERR_SYNTAX, "a statement cannot be used as a value");
    }
}
