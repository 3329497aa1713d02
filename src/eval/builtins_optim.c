/* builtins_optim.c - optimizers (SPEC §7 "optimizers"): sgd and adam.
 *
 * An optimizer is a VAL_OBJECT of class "optimizer" holding strong
 * references to its parameters and its per-parameter state. `opt.step()`
 * and `opt.zero_grad()` dispatch to the class's method rows, self first.
 *
 * The update rules are PyTorch's (torch.optim.SGD with dampening 0 and no
 * nesterov, torch.optim.Adam without weight decay or amsgrad), so a script
 * and its PyTorch twin follow the same trajectory; tests/unit/test_optim.c
 * checks 50 steps against scripts/gen_optim_reference.py. Updates are
 * computed with tn_* ops while grad mode is off (no graph is recorded) and
 * written into the parameter's storage with tn_copy_into, which bumps the
 * storage version like any in-place write (SPEC §6.5). A parameter whose
 * .grad is none is skipped, and its state (momentum, Adam's step count)
 * does not advance.
 */
#include "builtins.h"
#include "../util/alloc.h"
#include "../util/numfmt.h"
#include <math.h>

typedef enum { OPTIM_SGD, OPTIM_ADAM } OptimKind;

typedef struct Optimizer {
    OptimKind kind;
    int n;
    Tensor **params;        /* strong references */
    Tensor **state1;        /* sgd: momentum buffer; adam: exp_avg (m). NULL before the first step */
    Tensor **state2;        /* adam: exp_avg_sq (v) */
    int64_t *steps;         /* adam: steps taken by each parameter (bias correction) */
    double lr, momentum, weight_decay;   /* sgd */
    double beta1, beta2, eps;            /* adam (lr above) */
} Optimizer;

static const char *kind_name(OptimKind k) { return k == OPTIM_SGD ? "sgd" : "adam"; }

static void optim_free(void *data) {
    Optimizer *o = data;
    for (int i = 0; i < o->n; i++) {
        tn_release(o->params[i]);
        tn_release(o->state1[i]);
        tn_release(o->state2[i]);
    }
    mg_free(o->params);
    mg_free(o->state1);
    mg_free(o->state2);
    mg_free(o->steps);
    mg_free(o);
}

static char *optim_repr(void *data) {
    const Optimizer *o = data;
    const char *name = kind_name(o->kind);
    char *s = mg_malloc(32);
    snprintf(s, 32, "<optimizer %s>", name);
    return s;
}

static const Builtin optim_methods[];
static const ObjClass optim_class = {
    .type_name = "optimizer",
    .methods = optim_methods,
    .free = optim_free,
    .repr = optim_repr,
};

/* ---- one step ----
 * Scalars become 0-d tensors of the parameter's dtype and device, as
 * PyTorch casts its Python-float hyperparameters to the tensor's dtype. */

static Tensor *scal(double v, const Tensor *like, MgError *err) {
    return tn_scalar(v, like->dtype, like->device, err);
}

/* a * x (x borrowed; new reference) */
static Tensor *scaled(double a, Tensor *x, MgError *err) {
    Tensor *s = scal(a, x, err);
    Tensor *r = s ? tn_mul(s, x, err) : NULL;
    tn_release(s);
    return r;
}

/* a * x + y (new reference) */
static Tensor *axpy(double a, Tensor *x, Tensor *y, MgError *err) {
    Tensor *ax = scaled(a, x, err);
    Tensor *r = ax ? tn_add(ax, y, err) : NULL;
    tn_release(ax);
    return r;
}

/* torch.optim.SGD:
 *   d = g + weight_decay * p
 *   buf = d (first step) or momentum * buf + d;  d = buf   (when momentum != 0)
 *   p -= lr * d */
static bool sgd_update(Optimizer *o, int i, MgError *err) {
    Tensor *p = o->params[i], *d = p->grad, *step = NULL;
    tn_retain(d);
    bool ok = false;
    if (o->weight_decay != 0) {
        Tensor *t = axpy(o->weight_decay, p, d, err);
        tn_release(d);
        if (!(d = t)) return false;
    }
    if (o->momentum != 0) {
        Tensor *buf = o->state1[i] ? axpy(o->momentum, o->state1[i], d, err) : tn_clone_leaf(d, err);
        if (!buf) goto done;
        tn_release(o->state1[i]);
        o->state1[i] = buf;
        tn_release(d);
        d = buf;
        tn_retain(d);
    }
    step = axpy(-o->lr, d, p, err);
    ok = step && tn_copy_into(p, step, err);
done:
    tn_release(step);
    tn_release(d);
    return ok;
}

/* torch.optim.Adam (bias-corrected):
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps) */
static bool adam_update(Optimizer *o, int i, MgError *err) {
    Tensor *p = o->params[i], *g = p->grad;
    if (!o->state1[i]) {
        if (!(o->state1[i] = tn_zeros_like(p, err))) return false;
        if (!(o->state2[i] = tn_zeros_like(p, err))) return false;
    }
    int64_t t = ++o->steps[i];
    double step_size = o->lr / (1 - pow(o->beta1, (double)t));
    double bc2_sqrt = sqrt(1 - pow(o->beta2, (double)t));

    Tensor *m = NULL, *gg = NULL, *v = NULL, *root = NULL, *denom0 = NULL, *denom = NULL,
           *e = NULL, *ratio = NULL, *np = NULL;
    bool ok = false;
    if (!(m = scaled(o->beta1, o->state1[i], err))) goto done;
    {
        Tensor *m2 = axpy(1 - o->beta1, g, m, err);
        tn_release(m);
        if (!(m = m2)) goto done;
    }
    if (!(gg = tn_mul(g, g, err))) goto done;
    if (!(v = scaled(o->beta2, o->state2[i], err))) goto done;
    {
        Tensor *v2 = axpy(1 - o->beta2, gg, v, err);
        tn_release(v);
        if (!(v = v2)) goto done;
    }
    if (!(root = tn_sqrt(v, err))) goto done;
    if (!(e = scal(bc2_sqrt, p, err))) goto done;
    if (!(denom0 = tn_div(root, e, err))) goto done;
    tn_release(e);
    if (!(e = scal(o->eps, p, err))) goto done;
    if (!(denom = tn_add(denom0, e, err))) goto done;
    if (!(ratio = tn_div(m, denom, err))) goto done;
    if (!(np = axpy(-step_size, ratio, p, err))) goto done;
    ok = tn_copy_into(o->state1[i], m, err) && tn_copy_into(o->state2[i], v, err) && tn_copy_into(p, np, err);
done:
    tn_release(m); tn_release(gg); tn_release(v); tn_release(root); tn_release(denom0);
    tn_release(denom); tn_release(e); tn_release(ratio); tn_release(np);
    return ok;
}

static bool self_optimizer(BiArgs *a, Optimizer **o, MgError *err) {
    Value v = a->v[0];
    if (v.type != VAL_OBJECT || v.as.obj->cls != &optim_class) return bi_bad_arg(a, 0, "optimizer", v, err);
    *o = v.as.obj->data;
    return true;
}

static bool m_step(BiArgs *a, Value *out, MgError *err) {
    Optimizer *o = NULL;
    if (!self_optimizer(a, &o, err)) return false;
    bi_mark(a);
    bool saved = tn_rt.grad_enabled, ok = true;
    tn_rt.grad_enabled = false;
    for (int i = 0; i < o->n && ok; i++) {
        if (!o->params[i]->grad) continue;
        ok = o->kind == OPTIM_SGD ? sgd_update(o, i, err) : adam_update(o, i, err);
        if (!ok && err->msg[0]) {
            char msg[MG_ERR_MSG];
            snprintf(msg, sizeof msg, "%s", err->msg);
            mg_error(err, err->kind, "%s.step: parameter %d: %s", kind_name(o->kind), i + 1, msg);
        }
    }
    tn_rt.grad_enabled = saved;
    *out = ev_none();
    return ok;
}

static bool m_zero_grad(BiArgs *a, Value *out, MgError *err) {
    Optimizer *o = NULL;
    if (!self_optimizer(a, &o, err)) return false;
    for (int i = 0; i < o->n; i++) {
        tn_release(o->params[i]->grad);
        o->params[i]->grad = NULL;
    }
    *out = ev_none();
    return true;
}

static const Builtin optim_methods[] = {
    {"step", "step(self)", "Update every parameter that has a .grad (no graph is recorded)", m_step},
    {"zero_grad", "zero_grad(self)", "Set the .grad of every parameter to none", m_zero_grad},
    {NULL, NULL, NULL, NULL},
};

/* ---- construction ---- */

/* params: a list of leaf tensors, or one tensor. */
static bool collect_params(BiArgs *a, Optimizer *o, MgError *err) {
    Value v = a->v[0];
    Value *items = &a->v[0];
    int n = 1;
    if (v.type == VAL_LIST) { items = v.as.list->items; n = v.as.list->n; }
    else if (v.type != VAL_TENSOR) return bi_bad_arg(a, 0, "list of tensors", v, err);
    if (n == 0) return mg_error(err, ERR_VALUE, "%s: the parameter list is empty", a->bi->name);
    o->params = mg_calloc((size_t)n, sizeof(Tensor *));
    o->state1 = mg_calloc((size_t)n, sizeof(Tensor *));
    o->state2 = mg_calloc((size_t)n, sizeof(Tensor *));
    o->steps = mg_calloc((size_t)n, sizeof(int64_t));
    for (int i = 0; i < n; i++) {
        if (items[i].type != VAL_TENSOR)
            return mg_error(err, ERR_TYPE, "%s: parameter %d is a %s, not a tensor", a->bi->name, i + 1,
                            ev_type_name(items[i]));
        Tensor *t = items[i].as.tensor;
        if (t->grad_fn)
            return mg_error(err, ERR_VALUE,
                            "%s: parameter %d is not a leaf tensor (it is the result of an op); "
                            "optimize leaves such as param(x) or tensor(..., grad)", a->bi->name, i + 1);
        for (int j = 0; j < o->n; j++)
            if (o->params[j] == t)
                return mg_error(err, ERR_VALUE, "%s: parameter %d appears twice in the list", a->bi->name, i + 1);
        tn_retain(t);
        o->params[o->n++] = t;
    }
    return true;
}

/* A hyperparameter: a number >= lo (and < hi when hi is finite). */
static bool hyper(BiArgs *a, int i, double lo, double hi, double *out, MgError *err) {
    if (!bi_number(a, i, out, err)) return false;
    if (!(*out >= lo) || !(*out < hi) || !isfinite(*out)) {
        char got[32];
        mg_fmt_number(*out, got, sizeof got);
        if (isinf(hi))
            return mg_error(err, ERR_VALUE, "%s: %s must be a finite number >= %g, got %s", a->bi->name,
                            a->param[i], lo, got);
        return mg_error(err, ERR_VALUE, "%s: %s must be in [%g, %g), got %s", a->bi->name, a->param[i], lo, hi, got);
    }
    return true;
}

static bool make_optimizer(BiArgs *a, Optimizer *o, Value *out, MgError *err) {
    if (!collect_params(a, o, err)) {
        optim_free(o);
        return false;
    }
    *out = ev_object_new(&optim_class, o);
    return true;
}

static bool bi_sgd(BiArgs *a, Value *out, MgError *err) {
    Optimizer *o = mg_calloc(1, sizeof *o);
    o->kind = OPTIM_SGD;
    if (!hyper(a, 1, 0, INFINITY, &o->lr, err) || !hyper(a, 2, 0, INFINITY, &o->momentum, err) ||
        !hyper(a, 3, 0, INFINITY, &o->weight_decay, err)) {
        optim_free(o);
        return false;
    }
    return make_optimizer(a, o, out, err);
}

static bool bi_adam(BiArgs *a, Value *out, MgError *err) {
    Optimizer *o = mg_calloc(1, sizeof *o);
    o->kind = OPTIM_ADAM;
    if (!hyper(a, 1, 0, INFINITY, &o->lr, err) || !hyper(a, 2, 0, 1, &o->beta1, err) ||
        !hyper(a, 3, 0, 1, &o->beta2, err) || !hyper(a, 4, 0, INFINITY, &o->eps, err)) {
        optim_free(o);
        return false;
    }
    return make_optimizer(a, o, out, err);
}

const Builtin bi_group_optim[] = {
    {"sgd", "sgd(params, lr, momentum=0, weight_decay=0)",
     "SGD optimizer over a list of leaf tensors, as torch.optim.SGD; methods .step() and .zero_grad()", bi_sgd},
    {"adam", "adam(params, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8)",
     "Adam optimizer (bias-corrected), as torch.optim.Adam; methods .step() and .zero_grad()", bi_adam},
    {NULL, NULL, NULL, NULL},
};
