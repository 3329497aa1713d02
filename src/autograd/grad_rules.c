/* grad_rules.c - one gradient rule per ops.def row.
 *
 * A rule gets the node and g = dL/d(out) (the output's shape) and returns
 * dL/d(input i) for each input that requires grad. Rules use tn_* ops only,
 * never loops over elements, so that they
 *   - run on whatever device the tensors live on, and
 *   - are themselves recorded when backward runs with create_graph, which
 *     is all that higher-order derivatives need.
 * A rule may return a gradient in the broadcast (output) shape; the engine
 * sums it back to the input's shape in one place (ag_unbroadcast). Before
 * a rule runs, the engine has checked with ag_check_saved (below) that the
 * values it saved are still there and unmodified, so rules read n->saved
 * directly.
 *
 * Notation in the comments: a, b = inputs 0 and 1, out = the op's output,
 * g = the incoming gradient, ga/gb = what the rule returns.
 */
#include "ag_internal.h"
#include "../util/alloc.h"
#include <math.h>
#include <string.h>

/* ---- temporaries ------------------------------------------------------------
 * A rule builds a few intermediate tensors. Each wrapper below registers its
 * result in a Tmp list, freed in one go by finish(); a NULL argument (an
 * earlier op failed, err is filled) makes every later wrapper return NULL, so
 * a rule reads as straight-line math and still stops at the first error. */

/* Room for one rule's temporaries: grad_pow, the largest, registers 18 (its
 * three cases written out); keep() asserts that a new rule fits. */
#define RULE_TEMPS_MAX 24
typedef struct Tmp {
    Tensor *t[RULE_TEMPS_MAX];
    int n;
    MgError *err;
    Tensor **grads;
    bool failed;
} Tmp;

static Tensor *keep(Tmp *s, Tensor *t) {
    if (!t) { s->failed = true; return NULL; }
    MG_ASSERT(s->n < RULE_TEMPS_MAX);
    s->t[s->n++] = t;
    return t;
}

/* grads[i] = t (a new reference). */
static void give(Tmp *s, int i, Tensor *t) {
    if (!t) { s->failed = true; return; }
    tn_retain(t);
    s->grads[i] = t;
}

static bool finish(Tmp *s) {
    for (int i = 0; i < s->n; i++) tn_release(s->t[i]);
    return !s->failed;
}

#define BINARY_WRAPPER(name, fn) \
    static Tensor *name(Tmp *s, Tensor *a, Tensor *b) { \
        return a && b ? keep(s, fn(a, b, s->err)) : NULL; }
#define UNARY_WRAPPER(name, fn) \
    static Tensor *name(Tmp *s, Tensor *a) { return a ? keep(s, fn(a, s->err)) : NULL; }

BINARY_WRAPPER(sub, tn_sub)
BINARY_WRAPPER(mul, tn_mul)
BINARY_WRAPPER(dvd, tn_div)
BINARY_WRAPPER(pw,  tn_pow)
BINARY_WRAPPER(eq,  tn_eq)
BINARY_WRAPPER(ge,  tn_ge)
BINARY_WRAPPER(le,  tn_le)
BINARY_WRAPPER(gt,  tn_gt)
BINARY_WRAPPER(matmul, tn_matmul)
UNARY_WRAPPER(neg,  tn_neg)
UNARY_WRAPPER(ex,   tn_exp)
UNARY_WRAPPER(lg,   tn_log)
UNARY_WRAPPER(sine, tn_sin)
UNARY_WRAPPER(cosine, tn_cos)
UNARY_WRAPPER(sgn,  tn_sign)
UNARY_WRAPPER(sigm, tn_sigmoid)

static Tensor *where(Tmp *s, Tensor *c, Tensor *a, Tensor *b) {
    return c && a && b ? keep(s, tn_where(c, a, b, s->err)) : NULL;
}

static Tensor *reshape(Tmp *s, Tensor *a, const int64_t *shape, int ndim) {
    return a ? keep(s, tn_reshape(a, shape, ndim, s->err)) : NULL;
}

/* A 0-d constant with like's dtype and device. */
static Tensor *num(Tmp *s, double v, Tensor *like) {
    return like ? keep(s, tn_scalar(v, like->dtype, like->device, s->err)) : NULL;
}

/* Transpose of the last two dims (matmul operands are >= 2-D). */
static Tensor *mT(Tmp *s, Tensor *a) {
    return a ? keep(s, tn_transpose(a, a->ndim - 2, a->ndim - 1, s->err)) : NULL;
}

/* ---- saved values ---------------------------------------------------------- */

bool ag_check_saved(const AgNode *node, MgError *err) {
    bool has_saved = node->saved_out != NULL;
    for (int i = 0; i < node->n_inputs; i++) has_saved |= node->saved[i] != NULL;
    if (node->freed)
        return mg_error(err, ERR_AUTOGRAD, "backward: the graph was already freed by an earlier "
                        "backward(); pass retain=true to the first backward to keep it");
    if (!has_saved) return true;
    for (int i = -1; i < node->n_inputs; i++) {
        const Tensor *t = i < 0 ? node->saved_out : node->saved[i];
        uint32_t expected = i < 0 ? node->saved_out_version : node->saved_version[i];
        if (!t || !t->storage || t->storage->version == expected) continue;
        char where[300] = "";
        if (node->where.src) {
            char pos[256];
            snprintf(where, sizeof where, " (made at %s)", mg_span_str(node->where, pos, sizeof pos));
        }
        return mg_error(err, ERR_AUTOGRAD, "backward: a value needed by %s%s was modified in "
                        "place after it was used (version %u, expected %u)",
                        node->label, where, (unsigned)t->storage->version, (unsigned)expected);
    }
    return true;
}

#define A (n->saved[0])
#define B (n->saved[1])
#define NEEDS(i) (n->next[i] != NULL)
#define RULE(name) static bool name(AgNode *n, Tensor *g, Tensor **grads, MgError *err)
#define BEGIN Tmp s_ = {.err = err, .grads = grads}; Tmp *s = &s_; (void)n; (void)g
#define END return finish(s)

/* ---- elementwise unary ---------------------------------------------------- */

RULE(grad_neg) { BEGIN; give(s, 0, neg(s, g)); END; }

RULE(grad_exp) {                          /* ga = g * out */
    BEGIN;
    Tensor *out = keep(s, ag_saved_output(n));
    give(s, 0, mul(s, g, out));
    END;
}

RULE(grad_log) { BEGIN; give(s, 0, dvd(s, g, A)); END; }   /* ga = g / a */

RULE(grad_sqrt) {                         /* ga = g / (2 out) */
    BEGIN;
    Tensor *out = keep(s, ag_saved_output(n));
    give(s, 0, dvd(s, g, mul(s, out, num(s, 2, out))));
    END;
}

/* sign(0) = 0, so abs'(0) = 0 (SPEC §6.7). */
RULE(grad_abs) { BEGIN; give(s, 0, mul(s, g, sgn(s, A))); END; }
RULE(grad_sin) { BEGIN; give(s, 0, mul(s, g, cosine(s, A))); END; }
RULE(grad_cos) { BEGIN; give(s, 0, neg(s, mul(s, g, sine(s, A)))); END; }

RULE(grad_tanh) {                         /* ga = g (1 - out^2) */
    BEGIN;
    Tensor *out = keep(s, ag_saved_output(n));
    give(s, 0, mul(s, g, sub(s, num(s, 1, out), mul(s, out, out))));
    END;
}

RULE(grad_sigmoid) {                      /* ga = g out (1 - out) */
    BEGIN;
    Tensor *out = keep(s, ag_saved_output(n));
    give(s, 0, mul(s, g, mul(s, out, sub(s, num(s, 1, out), out))));
    END;
}

/* The mask out > 0 (the same as a > 0) is 0 at a = 0, so relu'(0) = 0
 * (SPEC §6.7). The rule reads the output, not the input, as torch's does:
 * the version check then refuses the same in-place updates (`r = relu(h);
 * r += 1` fails at backward, `h -= r` does not). */
RULE(grad_relu) {
    BEGIN;
    Tensor *out = keep(s, ag_saved_output(n));
    give(s, 0, mul(s, g, gt(s, out, num(s, 0, out))));
    END;
}

RULE(grad_erf) {                          /* ga = g 2/sqrt(pi) exp(-a^2) */
    BEGIN;
    Tensor *e = ex(s, neg(s, mul(s, A, A)));
    give(s, 0, mul(s, g, mul(s, e, num(s, 2.0 / sqrt(M_PI), A))));
    END;
}

RULE(grad_softplus) { BEGIN; give(s, 0, mul(s, g, sigm(s, A))); END; }  /* ga = g sigmoid(a) */

/* ---- elementwise binary (results in the broadcast shape) ------------------- */

RULE(grad_add) {
    BEGIN;
    if (NEEDS(0)) give(s, 0, g);
    if (NEEDS(1)) give(s, 1, g);
    END;
}

RULE(grad_sub) {
    BEGIN;
    if (NEEDS(0)) give(s, 0, g);
    if (NEEDS(1)) give(s, 1, neg(s, g));
    END;
}

RULE(grad_mul) {
    BEGIN;
    if (NEEDS(0)) give(s, 0, mul(s, g, B));
    if (NEEDS(1)) give(s, 1, mul(s, g, A));
    END;
}

RULE(grad_div) {                          /* ga = g / b, gb = -g a / b^2 */
    BEGIN;
    if (NEEDS(0)) give(s, 0, dvd(s, g, B));
    if (NEEDS(1)) give(s, 1, neg(s, dvd(s, mul(s, g, A), mul(s, B, B))));
    END;
}

/* As PyTorch: ga = g b a^(b-1), taken as 0 where b == 0 (so 0^0 has slope
 * 0, not nan); gb = g out log(a), taken as 0 where a == 0 and b >= 0 (the
 * limit), nan where a < 0 (log of a negative number).
 * Where b == 0 the power is taken with exponent 1 instead of b - 1 = -1 (its
 * value is discarded by the where anyway): 0^-1 = inf would otherwise meet
 * the where's zero gradient in a second derivative, 0 * inf = nan, where
 * x ** 0 has second derivative 0 (torch gives 0 for a number exponent). */
RULE(grad_pow) {
    BEGIN;
    Tensor *zero = num(s, 0, g);
    if (NEEDS(0)) {
        Tensor *b_zero = eq(s, B, zero);
        Tensor *expo = where(s, b_zero, num(s, 1, B), sub(s, B, num(s, 1, B)));
        Tensor *slope = mul(s, B, pw(s, A, expo));
        give(s, 0, mul(s, g, where(s, b_zero, zero, slope)));
    }
    if (NEEDS(1)) {
        Tensor *out = keep(s, ag_saved_output(n));
        Tensor *at_zero = mul(s, eq(s, A, zero), ge(s, B, zero));
        give(s, 1, mul(s, g, where(s, at_zero, zero, mul(s, out, lg(s, A)))));
    }
    END;
}

/* SPEC §6.7: the gradient goes to a where a >= b (maximum) or a <= b
 * (minimum), to b elsewhere. */
static bool grad_extremum(AgNode *n, Tensor *g, Tensor **grads, MgError *err, bool is_max) {
    BEGIN;
    Tensor *to_a = is_max ? ge(s, A, B) : le(s, A, B);
    Tensor *zero = num(s, 0, g);
    if (NEEDS(0)) give(s, 0, where(s, to_a, g, zero));
    if (NEEDS(1)) give(s, 1, where(s, to_a, zero, g));
    END;
}
RULE(grad_maximum) { return grad_extremum(n, g, grads, err, true); }
RULE(grad_minimum) { return grad_extremum(n, g, grads, err, false); }

RULE(grad_where) {                        /* inputs (cond, a, b) */
    BEGIN;
    Tensor *cond = n->saved[0];
    Tensor *zero = num(s, 0, g);
    /* no gradient for cond: tn_where records a detached copy of it */
    if (NEEDS(1)) give(s, 1, where(s, cond, g, zero));
    if (NEEDS(2)) give(s, 2, where(s, cond, zero, g));
    END;
}

/* ---- reductions -------------------------------------------------------------- */

/* The input's shape with the reduced axis (or every axis) kept as size 1:
 * the shape g must take before it can broadcast back over the input. */
static int keepdim_shape(const AgNode *n, int64_t *shape) {
    int ndim = n->in_ndim[0];
    int axis = n->params->axis;
    if (axis != TN_ALL_AXES && axis < 0) axis += ndim;
    for (int d = 0; d < ndim; d++)
        shape[d] = (axis == TN_ALL_AXES || d == axis) ? 1 : n->in_shape[0][d];
    return ndim;
}

RULE(grad_sum) {                          /* ga = g expanded back over the summed axes */
    BEGIN;
    int64_t kshape[TN_MAX_DIMS];
    int nd = keepdim_shape(n, kshape);
    Tensor *gk = reshape(s, g, kshape, nd);
    give(s, 0, gk ? keep(s, tn_expand(gk, n->in_shape[0], n->in_ndim[0], err)) : NULL);
    END;
}

/* softmax along params.axis: ga = y * (g - sum(g * y, axis)), y the output */
RULE(grad_softmax) {
    BEGIN;
    Tensor *y = keep(s, ag_saved_output(n));
    give(s, 0, y ? keep(s, tn_softmax_backward(g, y, n->params->axis, err)) : NULL);
    END;
}

/* out = y (gs - sum(gs y)) with inputs (gs, y), along params.axis; h the
 * incoming gradient, c = sum(h y):
 *   d gs = y (h - c)                 (softmax_backward of h and y again)
 *   d y  = h (gs - sum(gs y)) - gs c */
RULE(grad_softmax_backward) {
    BEGIN;
    int ax = n->params->axis;
    if (NEEDS(0)) give(s, 0, keep(s, tn_softmax_backward(g, B, ax, err)));
    if (NEEDS(1)) {
        Tensor *gy = mul(s, A, B);
        Tensor *dot = gy ? keep(s, tn_sum(gy, ax, true, err)) : NULL;
        Tensor *hy = mul(s, g, B);
        Tensor *c = hy ? keep(s, tn_sum(hy, ax, true, err)) : NULL;
        give(s, 1, sub(s, mul(s, g, sub(s, A, dot)), mul(s, A, c)));
    }
    END;
}

/* log_softmax along params.axis: ga = g - exp(y) * sum(g, axis), y the output */
RULE(grad_log_softmax) {
    BEGIN;
    Tensor *y = keep(s, ag_saved_output(n));
    Tensor *gs = keep(s, tn_sum(g, n->params->axis, true, err));
    give(s, 0, sub(s, g, mul(s, ex(s, y), gs)));
    END;
}

/* max/min along params.axis: g goes to the first extreme index (aux, with
 * the axis kept as size 1), zeros elsewhere. */
RULE(grad_max) {
    BEGIN;
    int64_t kshape[TN_MAX_DIMS];
    int nd = keepdim_shape(n, kshape);
    Tensor *gk = reshape(s, g, kshape, nd);
    give(s, 0, gk ? keep(s, tn_scatter_along(gk, n->params->aux, n->params->axis, n->in_shape[0],
                                             n->in_ndim[0], err)) : NULL);
    END;
}
RULE(grad_min) { return grad_max(n, g, grads, err); }

/* ---- gather / scatter (each is the other's adjoint) -------------------------- */

RULE(grad_take_along) {
    BEGIN;
    give(s, 0, keep(s, tn_scatter_along(g, n->params->aux, n->params->axis, n->in_shape[0],
                                        n->in_ndim[0], err)));
    END;
}

RULE(grad_scatter_along) {
    BEGIN;
    give(s, 0, keep(s, tn_take_along(g, n->params->aux, n->params->axis, err)));
    END;
}

/* ---- matmul: (..., n, k) @ (..., k, m) = (..., n, m) --------------------------
 * ga = g @ b^T  (..., n, k)    gb = a^T @ g  (..., k, m)
 * Batch dims that were broadcast come back summed by the engine. */
RULE(grad_matmul) {
    BEGIN;
    if (NEEDS(0)) give(s, 0, matmul(s, g, mT(s, B)));
    if (NEEDS(1)) give(s, 1, matmul(s, mT(s, A), g));
    END;
}

/* ---- views and copies -------------------------------------------------------- */

RULE(grad_reshape) { BEGIN; give(s, 0, reshape(s, g, n->in_shape[0], n->in_ndim[0])); END; }

RULE(grad_permute) {                      /* permute back with the inverse order */
    BEGIN;
    int inverse[TN_MAX_DIMS];
    int nd = n->in_ndim[0];
    for (int i = 0; i < nd; i++) inverse[n->params->dims[i]] = i;
    give(s, 0, keep(s, tn_permute(g, inverse, nd, err)));
    END;
}

/* expand repeats the input: its gradient sums the copies (unbroadcasting). */
RULE(grad_expand) {
    BEGIN;
    give(s, 0, keep(s, ag_unbroadcast(g, n->in_shape[0], n->in_ndim[0], err)));
    END;
}

RULE(grad_slice) { BEGIN; give(s, 0, keep(s, tn_slice_scatter(g, n->params, err))); END; }
RULE(grad_slice_scatter) { BEGIN; give(s, 0, keep(s, tn_slice_view(g, n->params, err))); END; }

RULE(grad_identity) { BEGIN; give(s, 0, g); END; }
RULE(grad_to_dtype) { BEGIN; give(s, 0, keep(s, tn_to_dtype(g, n->in_dtype[0], err))); END; }
RULE(grad_to_device) { BEGIN; give(s, 0, keep(s, tn_to_device(g, n->in_device[0], err))); END; }

RULE(grad_cat) {                          /* input i gets its band of g along axis */
    BEGIN;
    int axis = n->params->axis;
    TnIndex idx[TN_MAX_DIMS];
    for (int d = 0; d <= axis; d++) idx[d] = (TnIndex){.is_slice = true, .step = 1};
    int64_t start = 0;
    for (int i = 0; i < n->n_inputs; i++) {
        int64_t size = n->params->sizes[i];
        if (NEEDS(i)) {
            idx[axis] = (TnIndex){.is_slice = true, .has_start = true, .has_stop = true,
                                  .start = start, .stop = start + size, .step = 1};
            give(s, i, keep(s, tn_index(g, idx, axis + 1, err)));
        }
        start += size;
    }
    END;
}

/* ---- the dispatch table, generated from ops.def --------------------------------- */

#define NULL_GRAD NULL
static const AgGradRule rules[OP__COUNT] = {
#define OP(e, name, family, grad) [OP_##e] = grad,
#include "../tensor/ops.def"
#undef OP
};

AgGradRule ag_grad_rule(OpKind op) {
    MG_ASSERT(op >= 0 && op < OP__COUNT);
    return rules[op];
}
