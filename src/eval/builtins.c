/* builtins.c - the builtins table: lookup, help, argument binding against
 * signatures, and the argument helpers every group uses (see builtins.h). */
#include "builtins.h"
#include "../util/alloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the table ---- */

static const Builtin *const groups[] = {
#define X(g) bi_group_##g,
    EV_BUILTIN_GROUPS(X)
#undef X
};
#define N_GROUPS (sizeof groups / sizeof groups[0])

/* Name lookup is on the path of every call: a small open-addressing index
 * built on first use. 1024 slots for about 110 builtins keeps the probe
 * chains short; build_index asserts that the table stays at most half full
 * (a full one would make the probing loop forever). */
#define INDEX_SLOTS 1024
static const Builtin *index_slots[INDEX_SLOTS];
static bool index_built;

static uint32_t hash_name(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void build_index(void) {
    size_t used = 0;
    for (size_t g = 0; g < N_GROUPS; g++)
        for (const Builtin *b = groups[g]; b->name; b++) {
            MG_ASSERT(++used <= INDEX_SLOTS / 2);
            uint32_t i = hash_name(b->name) % INDEX_SLOTS;
            while (index_slots[i]) i = (i + 1) % INDEX_SLOTS;
            index_slots[i] = b;
        }
    index_built = true;
}

const Builtin *ev_builtin_find(const char *name) {
    if (!index_built) build_index();
    for (uint32_t i = hash_name(name) % INDEX_SLOTS; index_slots[i]; i = (i + 1) % INDEX_SLOTS)
        if (strcmp(index_slots[i]->name, name) == 0) return index_slots[i];
    return NULL;
}

void ev_builtin_each(void (*fn)(void *ctx, const Builtin *b), void *ctx) {
    for (size_t g = 0; g < N_GROUPS; g++)
        for (const Builtin *b = groups[g]; b->name; b++) fn(ctx, b);
}

void ev_builtin_help(const Builtin *b, FILE *out) {
    fprintf(out, "%s\n  %s\n", b->sig, b->desc);
}

/* ---- signatures ---- */

typedef struct {
    int n;
    char name[BI_MAX_PARAMS][32];
    char def[BI_MAX_PARAMS][32];   /* default text; "" when required */
    bool has_def[BI_MAX_PARAMS];
    int rest;                      /* index of `name...`, or -1 */
} Sig;

static void parse_sig(const char *sig, Sig *s) {
    memset(s, 0, sizeof *s);
    s->rest = -1;
    const char *p = strchr(sig, '(');
    MG_ASSERT(p);
    p++;
    while (*p && *p != ')') {
        while (*p == ' ' || *p == ',') p++;
        if (*p == ')') break;
        MG_ASSERT(s->n < BI_MAX_PARAMS);
        const char *start = p;
        int depth = 0;
        while (*p && !((*p == ',' || *p == ')') && depth == 0)) {
            if (*p == '"') depth = !depth;
            p++;
        }
        int len = (int)(p - start);
        const char *eq = memchr(start, '=', (size_t)len);
        int nlen = eq ? (int)(eq - start) : len;
        if (nlen > 3 && strncmp(start + nlen - 3, "...", 3) == 0) {
            nlen -= 3;
            s->rest = s->n;
        }
        MG_ASSERT(nlen < 32);
        memcpy(s->name[s->n], start, (size_t)nlen);
        if (eq) {
            int dlen = len - nlen - 1;
            MG_ASSERT(dlen < 32);
            memcpy(s->def[s->n], eq + 1, (size_t)dlen);
            s->has_def[s->n] = true;
        }
        s->n++;
    }
}

static Value default_value(const char *d) {
    if (strcmp(d, "none") == 0) return ev_none();
    if (strcmp(d, "true") == 0) return ev_bool(true);
    if (strcmp(d, "false") == 0) return ev_bool(false);
    if (d[0] == '"') return ev_string_n(d + 1, strlen(d) - 2);
    for (int i = 0; i < OPT__COUNT; i++)
        if (strcmp(d, ev_option_name((OptionKind)i)) == 0) return ev_option((OptionKind)i);
    return ev_number(strtod(d, NULL));
}

bool ev_builtin_call(Interp *in, const Builtin *b, Value *args, const char **kw, int n,
                     Span span, Value *out, MgError *err) {
    Sig s;
    parse_sig(b->sig, &s);
    BiArgs a;
    memset(&a, 0, sizeof a);
    a.in = in;
    a.bi = b;
    a.n_params = s.n;
    a.rest_index = s.rest;
    a.span = span;
    for (int i = 0; i < s.n; i++) a.param[i] = s.name[i];

    /* positional */
    int n_pos = 0;
    while (n_pos < n && !(kw && kw[n_pos])) n_pos++;
    int fill = s.rest >= 0 ? s.rest : s.n;
    if (s.rest < 0 && n_pos > fill)
        return mg_error_at(err, span, ERR_TYPE, "%s: expected at most %d argument%s, got %d",
                           b->name, fill, fill == 1 ? "" : "s", n_pos);
    for (int i = 0; i < n_pos && i < fill; i++) { a.v[i] = args[i]; a.given[i] = true; }
    if (s.rest >= 0 && n_pos > fill) {
        a.rest = args + fill;
        a.n_rest = n_pos - fill;
        a.given[s.rest] = true;
    }
    /* keywords */
    for (int i = n_pos; i < n; i++) {
        int p = -1;
        for (int j = 0; j < s.n; j++)
            if (j != s.rest && strcmp(s.name[j], kw[i]) == 0) p = j;
        if (p < 0) return mg_error_at(err, span, ERR_TYPE, "%s: unknown keyword argument '%s'", b->name, kw[i]);
        if (a.given[p]) return mg_error_at(err, span, ERR_TYPE, "%s: argument '%s' given twice", b->name, kw[i]);
        a.v[p] = args[i];
        a.given[p] = true;
    }
    /* defaults; required parameters */
    bool owned[BI_MAX_PARAMS] = {0};
    for (int j = 0; j < s.n; j++) {
        if (a.given[j] || j == s.rest) continue;
        if (!s.has_def[j]) return mg_error_at(err, span, ERR_TYPE, "%s: missing argument '%s'", b->name, s.name[j]);
        a.v[j] = default_value(s.def[j]);
        owned[j] = true;
    }
    *out = ev_none();
    bool ok = b->fn(&a, out, err);
    for (int j = 0; j < s.n; j++)
        if (owned[j]) ev_release(a.v[j]);
    if (!ok) {
        ev_release(*out);
        *out = ev_none();
        mg_error_set_span_if_unset(err, span);
    }
    return ok;
}

/* ---- helpers ---- */

void bi_mark(BiArgs *a) { tn_rt.cur_span = a->span; }

bool bi_ret_tensor(Tensor *t, Value *out) {
    if (!t) return false;
    *out = ev_tensor(t);
    return true;
}

bool bi_apply(BiArgs *a, BiOp op, Value *out, MgError *err) {
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = op(x, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

bool bi_apply_int(BiArgs *a, BiIntOp op, int n, Value *out, MgError *err) {
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    bi_mark(a);
    Tensor *r = op(x, n, err);
    tn_release(x);
    return bi_ret_tensor(r, out);
}

bool bi_apply_pair(BiArgs *a, BiPairOp op, Value *out, MgError *err) {
    Tensor *x = bi_tensor(a, 0, err);
    if (!x) return false;
    Tensor *y = bi_tensor_like(a, 1, x, err);
    Tensor *r = NULL;
    if (y) {
        bi_mark(a);
        r = op(x, y, err);
    }
    tn_release(x);
    tn_release(y);
    return bi_ret_tensor(r, out);
}

bool bi_is_none(BiArgs *a, int i) { return a->v[i].type == VAL_NONE; }

bool bi_bad_arg(BiArgs *a, int i, const char *what, Value got, MgError *err) {
    return mg_error(err, ERR_TYPE, "bad argument #%d to '%s' (%s expected, got %s)",
                    i + 1, a->bi->name, what, ev_type_name(got));
}

/* The shape of a nested list, read along its first elements. */
static bool list_dims(const char *fname, Value v, int64_t *shape, int *ndim, MgError *err) {
    *ndim = 0;
    while (v.type == VAL_LIST) {
        if (*ndim >= TN_MAX_DIMS) return mg_error(err, ERR_SHAPE, "%s: more than %d nested lists", fname, TN_MAX_DIMS);
        shape[(*ndim)++] = v.as.list->n;
        if (v.as.list->n == 0) break;
        v = v.as.list->items[0];
    }
    return true;
}

/* Every element agrees with that shape (ragged lists are an error). */
static bool list_check(const char *fname, Value v, int depth, const int64_t *shape, int ndim, MgError *err) {
    if (depth == ndim) {
        if (v.type == VAL_NUMBER || v.type == VAL_BOOL || (v.type == VAL_TENSOR && v.as.tensor->numel == 1))
            return true;
        if (v.type == VAL_LIST)
            return mg_error(err, ERR_SHAPE, "%s: ragged nested list: expected a number at depth %d, got a list", fname, depth);
        return mg_error(err, ERR_TYPE, "%s: a nested list must hold numbers, got %s", fname, ev_type_name(v));
    }
    if (v.type != VAL_LIST)
        return mg_error(err, ERR_SHAPE, "%s: ragged nested list: expected a list of %lld at depth %d, got a %s",
                        fname, (long long)shape[depth], depth, ev_type_name(v));
    if (v.as.list->n != shape[depth])
        return mg_error(err, ERR_SHAPE, "%s: ragged nested list: expected %lld elements at depth %d, got %d",
                        fname, (long long)shape[depth], depth, v.as.list->n);
    for (int i = 0; i < v.as.list->n; i++)
        if (!list_check(fname, v.as.list->items[i], depth + 1, shape, ndim, err)) return false;
    return true;
}

static void list_fill(Value v, double *out, int64_t *k) {
    if (v.type == VAL_LIST) {
        for (int i = 0; i < v.as.list->n; i++) list_fill(v.as.list->items[i], out, k);
    } else if (v.type == VAL_BOOL) {
        out[(*k)++] = v.as.b;
    } else if (v.type == VAL_TENSOR) {
        out[(*k)++] = tn_item(v.as.tensor);
    } else {
        out[(*k)++] = v.as.num;
    }
}

Tensor *bi_tensor_from_value(const char *fname, Value v, DType dt, Device dev, MgError *err) {
    if (v.type == VAL_NUMBER) return tn_scalar(v.as.num, dt, dev, err);
    if (v.type == VAL_BOOL) return tn_scalar(v.as.b, dt, dev, err);
    if (v.type == VAL_TENSOR) {
        Tensor *t = v.as.tensor;
        tn_retain(t);
        return t;
    }
    if (v.type != VAL_LIST) {
        mg_error(err, ERR_TYPE, "%s: expected a number, a tensor or a nested list, got %s", fname, ev_type_name(v));
        return NULL;
    }
    int64_t shape[TN_MAX_DIMS] = {0};
    int ndim = 0;
    if (!list_dims(fname, v, shape, &ndim, err) || !list_check(fname, v, 0, shape, ndim, err)) return NULL;
    int64_t numel = 1;
    for (int i = 0; i < ndim; i++) numel *= shape[i];
    /* a list ending in [] has shape [.., 0] */
    double *vals = mg_malloc(sizeof(double) * (size_t)(numel > 0 ? numel : 1));
    int64_t k = 0;
    list_fill(v, vals, &k);
    MG_ASSERT(k == numel);
    Tensor *t = tn_from_doubles(vals, shape, ndim, dt, dev, err);
    mg_free(vals);
    return t;
}

Tensor *bi_tensor(BiArgs *a, int i, MgError *err) {
    Value v = a->v[i];
    if (v.type == VAL_TENSOR) { tn_retain(v.as.tensor); return v.as.tensor; }
    if (v.type == VAL_NUMBER || v.type == VAL_BOOL || v.type == VAL_LIST)
        return bi_tensor_from_value(a->bi->name, v, DT_F32, tn_rt.default_device, err);
    bi_bad_arg(a, i, "tensor", v, err);
    return NULL;
}

Tensor *bi_tensor_like(BiArgs *a, int i, const Tensor *like, MgError *err) {
    Value v = a->v[i];
    if (v.type == VAL_NUMBER) return tn_scalar(v.as.num, like->dtype, like->device, err);
    if (v.type == VAL_BOOL) return tn_scalar(v.as.b, like->dtype, like->device, err);
    return bi_tensor(a, i, err);
}

bool bi_number(BiArgs *a, int i, double *out, MgError *err) {
    Value v = a->v[i];
    if (v.type == VAL_NUMBER) { *out = v.as.num; return true; }
    if (v.type == VAL_BOOL) { *out = v.as.b; return true; }
    if (v.type == VAL_TENSOR && v.as.tensor->numel == 1) { *out = tn_item(v.as.tensor); return true; }
    return bi_bad_arg(a, i, "number", v, err);
}

bool bi_bool(BiArgs *a, int i, bool *out, MgError *err) {
    Value v = a->v[i];
    if (v.type == VAL_BOOL) { *out = v.as.b; return true; }
    if (v.type == VAL_NUMBER) { *out = v.as.num != 0; return true; }
    return bi_bad_arg(a, i, "bool", v, err);
}

bool bi_whole_value(BiArgs *a, const char *argname, Value v, int64_t *out, MgError *err) {
    double d;
    if (v.type == VAL_NUMBER) d = v.as.num;
    else if (v.type == VAL_TENSOR && v.as.tensor->numel == 1) d = tn_item(v.as.tensor);
    else return mg_error(err, ERR_TYPE, "%s: argument '%s' must be a whole number, got %s",
                         a->bi->name, argname, ev_type_name(v));
    if (!isfinite(d) || d != floor(d) || fabs(d) > 9e15) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        /* the shortest form, as mg prints numbers */
        for (int p = 1; p <= 17; p++) {
            snprintf(buf, sizeof buf, "%.*g", p, d);
            if (strtod(buf, NULL) == d) break;
        }
        return mg_error(err, ERR_VALUE, "%s: argument '%s' must be a whole number, got %s", a->bi->name, argname, buf);
    }
    *out = (int64_t)d;
    return true;
}

bool bi_whole(BiArgs *a, int i, int64_t *out, MgError *err) {
    return bi_whole_value(a, a->param[i], a->v[i], out, err);
}

bool bi_axis(BiArgs *a, int i, int *out, MgError *err) {
    if (a->v[i].type == VAL_NONE) { *out = TN_ALL_AXES; return true; }
    int64_t ax;
    if (!bi_whole(a, i, &ax, err)) return false;
    if (ax < -TN_MAX_DIMS - 1 || ax > TN_MAX_DIMS)  /* out of range anyway; keeps (int) exact */
        return mg_error(err, ERR_INDEX, "%s: axis %lld is out of range", a->bi->name, (long long)ax);
    *out = (int)ax;
    return true;
}

static int param_index(BiArgs *a, const char *name) {
    for (int i = 0; i < a->n_params; i++)
        if (i != a->rest_index && strcmp(a->param[i], name) == 0) return i;
    return -1;
}

bool bi_options(BiArgs *a, Value *extra, int n_extra, BiOpts *o, MgError *err) {
    memset(o, 0, sizeof *o);
    o->dtype = DT_F32;
    o->device = tn_rt.default_device;
    for (int i = 0; i < n_extra; i++) {
        Value v = extra[i];
        if (v.type != VAL_OPTION)
            return mg_error(err, ERR_TYPE, "%s: expected an option (grad, f32, f64, cpu, cuda), got %s",
                            a->bi->name, ev_type_name(v));
        switch (v.as.opt) {
        case OPT_GRAD: o->requires_grad = true; break;
        case OPT_F32: o->dtype = DT_F32; o->has_dtype = true; break;
        case OPT_F64: o->dtype = DT_F64; o->has_dtype = true; break;
        case OPT_CPU: o->device = DEV_CPU; o->has_device = true; break;
        case OPT_CUDA: o->device = DEV_CUDA; o->has_device = true; break;
        default: break;
        }
    }
    int p = param_index(a, "requires_grad");
    if (p >= 0 && a->given[p] && !bi_bool(a, p, &o->requires_grad, err)) return false;
    p = param_index(a, "dtype");
    if (p >= 0 && a->v[p].type != VAL_NONE) {
        Value v = a->v[p];
        if (v.type == VAL_OPTION && (v.as.opt == OPT_F32 || v.as.opt == OPT_F64)) o->dtype = v.as.opt == OPT_F64 ? DT_F64 : DT_F32;
        else if (v.type == VAL_STRING && (strcmp(v.as.str->s, "f32") == 0 || strcmp(v.as.str->s, "f64") == 0))
            o->dtype = v.as.str->s[1] == '6' ? DT_F64 : DT_F32;
        else return mg_error(err, ERR_VALUE, "%s: dtype must be f32 or f64", a->bi->name);
        o->has_dtype = true;
    }
    p = param_index(a, "device");
    if (p >= 0 && a->v[p].type != VAL_NONE) {
        Value v = a->v[p];
        if (v.type == VAL_OPTION && (v.as.opt == OPT_CPU || v.as.opt == OPT_CUDA)) o->device = v.as.opt == OPT_CUDA ? DEV_CUDA : DEV_CPU;
        else if (v.type == VAL_STRING && (strcmp(v.as.str->s, "cpu") == 0 || strcmp(v.as.str->s, "cuda") == 0))
            o->device = v.as.str->s[1] == 'u' ? DEV_CUDA : DEV_CPU;
        else return mg_error(err, ERR_VALUE, "%s: device must be cpu or cuda", a->bi->name);
        o->has_device = true;
    }
    return true;
}

bool bi_shape(BiArgs *a, const char *argname, Value *vals, int n, int64_t *shape, int *ndim,
              BiOpts *opts, bool minus_one, MgError *err) {
    Value options[8];
    int n_opt = 0;
    *ndim = 0;
    bool saw_list = false, saw_number = false;
    for (int i = 0; i < n; i++) {
        Value v = vals[i];
        if (v.type == VAL_OPTION) {
            if (!opts) return mg_error(err, ERR_TYPE, "%s: unexpected option %s", a->bi->name, ev_option_name(v.as.opt));
            if (n_opt < 8) options[n_opt++] = v;
            continue;
        }
        Value *items = &vals[i];
        int count = 1;
        if (v.type == VAL_LIST) {
            if (saw_list || saw_number)
                return mg_error(err, ERR_TYPE, "%s: give the shape as numbers or as one list", a->bi->name);
            saw_list = true;
            items = v.as.list->items;
            count = v.as.list->n;
        } else {
            if (saw_list) return mg_error(err, ERR_TYPE, "%s: give the shape as numbers or as one list", a->bi->name);
            saw_number = true;
        }
        for (int k = 0; k < count; k++) {
            if (*ndim >= TN_MAX_DIMS)
                return mg_error(err, ERR_SHAPE, "%s: a shape has at most %d dimensions", a->bi->name, TN_MAX_DIMS);
            int64_t d;
            if (!bi_whole_value(a, argname, items[k], &d, err)) return false;
            if (d < 0 && !(minus_one && d == -1))
                return mg_error(err, ERR_VALUE, "%s: argument '%s' must not be negative, got %lld",
                                a->bi->name, argname, (long long)d);
            shape[(*ndim)++] = d;
        }
    }
    if (opts) return bi_options(a, options, n_opt, opts, err);
    return true;
}
