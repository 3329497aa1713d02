/* builtins_autograd.c - backward and the functional gradient API (SPEC §6,
 * §7 "autograd"). gradcheck and numgrad call the user's function through
 * an AgFunc callback, so ag_gradcheck needs to know nothing about values. */
#include "builtins.h"
#include "../autograd/autograd.h"
#include "../util/alloc.h"

static bool want_tensor(BiArgs *a, int i, Tensor **t, MgError *err) {
    if (a->v[i].type != VAL_TENSOR) return bi_bad_arg(a, i, "tensor", a->v[i], err);
    *t = a->v[i].as.tensor;
    return true;
}

static bool bi_backward(BiArgs *a, Value *out, MgError *err) {
    Tensor *y = NULL, *g = NULL;
    AgBackwardOpts o = {.trace_out = a->in->out};
    if (!want_tensor(a, 0, &y, err)) return false;
    if (!bi_is_none(a, 1)) {
        /* backward(y, true) most likely meant retain=true: not a gradient */
        if (a->v[1].type == VAL_BOOL) return bi_bad_arg(a, 1, "tensor", a->v[1], err);
        g = bi_tensor_like(a, 1, y, err);
        if (!g) return false;
    }
    bool ok = bi_bool(a, 2, &o.retain, err) && bi_bool(a, 3, &o.create_graph, err) && bi_bool(a, 4, &o.trace, err);
    if (ok) {
        bi_mark(a);
        ok = ag_backward(y, g, &o, err);
    }
    tn_release(g);
    *out = ev_none();
    return ok;
}

/* grads(y, [x1, x2]) -> [dy/dx1, dy/dx2]; grads(y, x) -> dy/dx. The options
 * keep SPEC §6.3's positional order; g (the seed for a y with more than one
 * element) comes last. */
static bool bi_grads(BiArgs *a, Value *out, MgError *err) {
    Tensor *y = NULL, *g = NULL;
    AgBackwardOpts o = {.trace_out = a->in->out};
    if (!want_tensor(a, 0, &y, err)) return false;
    if (!bi_bool(a, 2, &o.create_graph, err) || !bi_bool(a, 3, &o.retain, err)) return false;
    Value xs = a->v[1];
    bool single = xs.type == VAL_TENSOR;
    int n = single ? 1 : xs.type == VAL_LIST ? xs.as.list->n : -1;
    if (n < 0) return bi_bad_arg(a, 1, "list of tensors", xs, err);
    Tensor **in = mg_calloc((size_t)n + 1, sizeof(Tensor *));
    Tensor **res = mg_calloc((size_t)n + 1, sizeof(Tensor *));
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        Value x = single ? xs : xs.as.list->items[i];
        if (x.type != VAL_TENSOR)
            ok = mg_error(err, ERR_TYPE, "grads: element %d of the list is a %s, not a tensor", i, ev_type_name(x));
        else in[i] = x.as.tensor;
    }
    if (ok && a->v[4].type == VAL_BOOL) {
        ok = bi_bad_arg(a, 4, "tensor", a->v[4], err);
    } else if (ok && !bi_is_none(a, 4)) {
        g = bi_tensor_like(a, 4, y, err);
        ok = g != NULL;
    }
    if (ok) {
        bi_mark(a);
        ok = ag_grads(y, g, in, n, &o, res, err);
    }
    if (ok) {
        if (single) {
            *out = ev_tensor(res[0]);
        } else {
            *out = ev_list_new(n);
            for (int i = 0; i < n; i++) ev_list_append(out->as.list, ev_tensor(res[i]));
        }
    }
    tn_release(g);
    mg_free(in);
    mg_free(res);
    return ok;
}

/* Every tensor in vals (tensors or lists of tensors) gets .grad = none. */
static bool clear_grads(BiArgs *a, Value *vals, int n, int depth, MgError *err) {
    for (int i = 0; i < n; i++) {
        Value v = vals[i];
        if (v.type == VAL_TENSOR) {
            tn_release(v.as.tensor->grad);
            v.as.tensor->grad = NULL;
        } else if (v.type == VAL_LIST && depth < 4) {
            if (!clear_grads(a, v.as.list->items, v.as.list->n, depth + 1, err)) return false;
        } else if (v.type != VAL_NONE) {
            return mg_error(err, ERR_TYPE, "zero_grad: expected tensors or a list of tensors, got %s", ev_type_name(v));
        }
    }
    return true;
}

static bool bi_zero_grad(BiArgs *a, Value *out, MgError *err) {
    *out = ev_none();
    return clear_grads(a, a->rest, a->n_rest, 0, err);
}

static bool bi_detach(BiArgs *a, Value *out, MgError *err) {
    Tensor *x = NULL;
    if (!want_tensor(a, 0, &x, err)) return false;
    *out = ev_tensor(tn_detach(x));
    return true;
}

static bool bi_retain_grad(BiArgs *a, Value *out, MgError *err) {
    Tensor *x = NULL;
    if (!want_tensor(a, 0, &x, err)) return false;
    if (!x->requires_grad)
        return mg_error(err, ERR_AUTOGRAD, "retain_grad: the tensor does not require grad");
    ag_retain_grad(x);
    *out = ev_none();
    return true;
}

static bool bi_detect_anomaly(BiArgs *a, Value *out, MgError *err) {
    bool on;
    if (!bi_bool(a, 0, &on, err)) return false;
    tn_rt.anomaly = on;
    *out = ev_none();
    return true;
}

/* ---- calling the user's f from ag_gradcheck / ag_numgrad ---- */

typedef struct { Interp *in; Value f; Span span; } UserFn;

static Tensor *call_user(void *ctx, Tensor **inputs, int n, MgError *err) {
    UserFn *u = ctx;
    Value *args = mg_malloc(sizeof(Value) * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) args[i] = ev_tensor(inputs[i]);   /* borrowed for the call */
    Value r;
    bool ok = ev_call_value(u->in, u->f, args, n, u->span, &r, err);
    mg_free(args);
    if (!ok) return NULL;
    if (r.type == VAL_TENSOR) return r.as.tensor;
    if (r.type == VAL_NUMBER && n > 0) return tn_scalar(r.as.num, inputs[0]->dtype, inputs[0]->device, err);
    mg_error(err, ERR_TYPE, "the function given to gradcheck must return a tensor, got %s", ev_type_name(r));
    ev_release(r);
    return NULL;
}

static bool want_function(BiArgs *a, int i, MgError *err) {
    Value f = a->v[i];
    if (f.type != VAL_FUNCTION && f.type != VAL_BUILTIN) return bi_bad_arg(a, i, "function", f, err);
    return true;
}

static bool bi_gradcheck(BiArgs *a, Value *out, MgError *err) {
    if (!want_function(a, 0, err)) return false;
    if (a->n_rest == 0) return mg_error(err, ERR_TYPE, "gradcheck: missing argument 'inputs'");
    AgCheckOpts o = {.out = a->in->out};
    if (!bi_number(a, 2, &o.eps, err) || !bi_number(a, 3, &o.atol, err) || !bi_number(a, 4, &o.rtol, err) ||
        !bi_bool(a, 5, &o.verbose, err))
        return false;
    Tensor **in = mg_malloc(sizeof(Tensor *) * (size_t)a->n_rest);
    for (int i = 0; i < a->n_rest; i++) {
        if (a->rest[i].type != VAL_TENSOR) {
            mg_free(in);
            return mg_error(err, ERR_TYPE, "bad argument #%d to 'gradcheck' (tensor expected, got %s)",
                            i + 2, ev_type_name(a->rest[i]));
        }
        in[i] = a->rest[i].as.tensor;
    }
    UserFn u = {a->in, a->v[0], a->span};
    bool passed = false;
    bool ok = ag_gradcheck(call_user, &u, in, a->n_rest, &o, &passed, err);
    mg_free(in);
    if (ok) *out = ev_bool(passed);
    return ok;
}

static bool bi_numgrad(BiArgs *a, Value *out, MgError *err) {
    Tensor *x = NULL;
    double eps;
    if (!want_function(a, 0, err) || !want_tensor(a, 1, &x, err) || !bi_number(a, 2, &eps, err)) return false;
    UserFn u = {a->in, a->v[0], a->span};
    return bi_ret_tensor(ag_numgrad(call_user, &u, &x, 1, 0, eps, err), out);
}

const Builtin bi_group_autograd[] = {
    {"backward", "backward(y, g=none, retain=false, create_graph=false, trace=false)",
     "Accumulate dy/dleaf into each leaf's .grad; g seeds a y with more than one element", bi_backward},
    {"grads", "grads(y, xs, create_graph=false, retain=false, g=none)",
     "The list of dy/dx for x in xs, without touching any .grad", bi_grads},
    {"zero_grad", "zero_grad(tensors...)", "Set .grad of each tensor (or of each in a list) to none", bi_zero_grad},
    {"detach", "detach(x)", "A tensor sharing x's storage with no history", bi_detach},
    {"retain_grad", "retain_grad(x)", "Keep .grad of a non-leaf tensor after backward", bi_retain_grad},
    {"gradcheck", "gradcheck(f, inputs..., eps=1e-6, atol=1e-5, rtol=1e-3, verbose=false)",
     "Compare reverse-mode Jacobians of f with central differences; true or false", bi_gradcheck},
    {"numgrad", "numgrad(f, x, eps=1e-6)", "Central-difference gradient of a one-element f(x) with respect to x", bi_numgrad},
    {"detect_anomaly", "detect_anomaly(on=true)", "Make backward stop at the first nan or inf gradient", bi_detect_anomaly},
    {NULL, NULL, NULL, NULL},
};
