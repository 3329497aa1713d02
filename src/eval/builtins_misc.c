/* builtins_misc.c - printing, conversions, lists and the program itself
 * (SPEC §7 "misc"). */
#include "builtins.h"
#include "../util/alloc.h"
#include <time.h>

static bool bi_print(BiArgs *a, Value *out, MgError *err) {
    (void)err;
    for (int i = 0; i < a->n_rest; i++) {
        char *s = ev_to_string(a->rest[i]);
        fprintf(a->in->out, "%s%s", i ? " " : "", s);
        mg_free(s);
    }
    fputc('\n', a->in->out);
    *out = ev_none();
    return true;
}

static bool bi_str(BiArgs *a, Value *out, MgError *err) {
    (void)err;
    *out = ev_string_take(ev_to_string(a->v[0]));
    return true;
}

static bool bi_type(BiArgs *a, Value *out, MgError *err) {
    (void)err;
    *out = ev_string(ev_type_name(a->v[0]));
    return true;
}

static bool bi_range(BiArgs *a, Value *out, MgError *err) {
    double v[3];
    if (a->n_rest < 1 || a->n_rest > 3)
        return mg_error(err, ERR_TYPE, "range: expected 1 to 3 arguments, got %d", a->n_rest);
    for (int i = 0; i < a->n_rest; i++) {
        if (a->rest[i].type != VAL_NUMBER) return bi_bad_arg(a, i, "number", a->rest[i], err);
        v[i] = a->rest[i].as.num;
    }
    double start = a->n_rest == 1 ? 0 : v[0], stop = a->n_rest == 1 ? v[0] : v[1], step = a->n_rest == 3 ? v[2] : 1;
    if (step == 0) return mg_error(err, ERR_VALUE, "range: step must not be zero");
    double count = (stop - start) / step;
    if (count > 1e8) return mg_error(err, ERR_VALUE, "range: too many elements for a list (use it in a for loop)");
    *out = ev_list_new(count > 0 ? (int)count + 1 : 0);
    for (long long k = 0;; k++) {
        double x = start + (double)k * step;
        if (step > 0 ? x >= stop : x <= stop) break;
        ev_list_append(out->as.list, ev_number(x));
    }
    return true;
}

static bool bi_append(BiArgs *a, Value *out, MgError *err) {
    if (a->v[0].type != VAL_LIST) return bi_bad_arg(a, 0, "list", a->v[0], err);
    if (ev_list_reaches(a->v[1], a->v[0].as.list))
        return mg_error(err, ERR_VALUE, "append: a list cannot contain itself");
    ev_retain(a->v[1]);
    ev_list_append(a->v[0].as.list, a->v[1]);
    *out = ev_none();
    return true;
}

static bool bi_assert(BiArgs *a, Value *out, MgError *err) {
    bool ok;
    if (!ev_truthy(a->v[0], &ok, err)) return false;
    *out = ev_none();
    if (ok) return true;
    if (a->v[1].type == VAL_NONE) return mg_error(err, ERR_ASSERT, "assertion failed");
    char *msg = ev_to_string(a->v[1]);
    mg_error(err, ERR_ASSERT, "assertion failed: %s", msg);
    mg_free(msg);
    return false;
}

static bool bi_time(BiArgs *a, Value *out, MgError *err) {
    (void)a; (void)err;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *out = ev_number((double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
    return true;
}

static bool bi_args(BiArgs *a, Value *out, MgError *err) {
    (void)err;
    *out = ev_list_new(a->in->argc);
    for (int i = 0; i < a->in->argc; i++) ev_list_append(out->as.list, ev_string(a->in->argv[i]));
    return true;
}

static bool bi_exit(BiArgs *a, Value *out, MgError *err) {
    int64_t code;
    if (!bi_whole(a, 0, &code, err)) return false;
    *out = ev_none();
    mg_error(err, ERR_EXIT, "exit(%lld)", (long long)code);
    /* the status a parent process sees is n mod 256 (as sh and Python give) */
    err->exit_code = (int)(code & 0xff);
    return false;
}

static bool bi_item(BiArgs *a, Value *out, MgError *err) {
    Value v = a->v[0];
    if (v.type == VAL_NUMBER) { *out = v; return true; }
    if (v.type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor", v, err);
    if (v.as.tensor->numel != 1) {
        char s[128];
        return mg_error(err, ERR_VALUE, "item: the tensor has shape %s; item() needs exactly one element",
                        tn_shape_str(v.as.tensor->shape, v.as.tensor->ndim, s, sizeof s));
    }
    *out = ev_number(tn_item(v.as.tensor));
    return true;
}

/* Nested lists of dimension d onward, from row-major values. */
static Value nest(const Tensor *t, const double *vals, int d, int64_t *k) {
    if (d == t->ndim) return ev_number(vals[(*k)++]);
    Value l = ev_list_new((int)t->shape[d]);
    for (int64_t i = 0; i < t->shape[d]; i++) ev_list_append(l.as.list, nest(t, vals, d + 1, k));
    return l;
}

static bool bi_tolist(BiArgs *a, Value *out, MgError *err) {
    if (a->v[0].type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor", a->v[0], err);
    Tensor *t = a->v[0].as.tensor;
    /* One Value per list and per number, within the value budget: an empty
     * tensor of shape [1e10, 0] has no numbers but would make 1e10 lists. */
    double values = 1, level = 1;
    for (int d = 0; d < t->ndim; d++) values += (level *= (double)t->shape[d]);
    if (values * sizeof(Value) > (double)ev_value_limit(a->in)) {
        char s[128];
        return mg_error(err, ERR_MEMORY, "tolist: a tensor of shape %s would make %.0f lists and numbers",
                        tn_shape_str(t->shape, t->ndim, s, sizeof s), values);
    }
    double *vals = mg_malloc(sizeof(double) * (size_t)(t->numel > 0 ? t->numel : 1));
    tn_to_doubles(t, vals);
    int64_t k = 0;
    *out = nest(t, vals, 0, &k);
    mg_free(vals);
    return true;
}

static bool bi_shape_of(BiArgs *a, Value *out, MgError *err) {
    if (a->v[0].type != VAL_TENSOR) return bi_bad_arg(a, 0, "tensor", a->v[0], err);
    Tensor *t = a->v[0].as.tensor;
    *out = ev_list_new(t->ndim);
    for (int i = 0; i < t->ndim; i++) ev_list_append(out->as.list, ev_number((double)t->shape[i]));
    return true;
}

const Builtin bi_group_misc[] = {
    {"print", "print(values...)", "Print values separated by spaces, then a newline", bi_print},
    {"str", "str(v)", "v as a string, as print writes it", bi_str},
    {"type", "type(v)", "The name of v's type: \"number\", \"tensor\", \"list\", ...", bi_type},
    {"range", "range(bounds...)", "range(n), range(a, b) or range(a, b, step): a list of numbers", bi_range},
    {"append", "append(list, v)", "Add v at the end of list (in place)", bi_append},
    {"assert", "assert(cond, msg=none)", "Stop with 'assertion failed: msg' unless cond is true", bi_assert},
    {"time", "time()", "Seconds since the epoch, as a number with a fraction", bi_time},
    {"args", "args()", "The script's command-line arguments, as a list of strings", bi_args},
    {"exit", "exit(n=0)", "End the program with exit status n", bi_exit},
    {"item", "item(x)", "The number held by a one-element tensor", bi_item},
    {"tolist", "tolist(x)", "A tensor's values as nested lists of numbers", bi_tolist},
    {"shape", "shape(x)", "A tensor's shape as a list of numbers", bi_shape_of},
    {NULL, NULL, NULL, NULL},
};
