/* ops_elementwise.c - unary, binary, comparison and where ops, and the
 * in-place update `x op= v`.
 *
 * Binary ops: same device (else ERR_DEVICE naming both), dtype promotion
 * (f32 with f64 gives f64, through a recorded to_dtype so gradients reach
 * the f32 side), NumPy broadcasting (the error names the op's symbol), a
 * contiguous output, and kernels that read broadcast views (stride 0) of
 * the inputs: no broadcast copy is ever made.
 */
#include "tn_internal.h"
#include "../autograd/graph.h"
#include "../util/alloc.h"
#include <string.h>

static const char *op_symbol(OpKind op) {
    switch (op) {
    case OP_ADD: return "+";
    case OP_SUB: return "-";
    case OP_MUL: return "*";
    case OP_DIV: return "/";
    case OP_POW: return "**";
    case OP_EQ: return "==";
    case OP_NE: return "!=";
    case OP_LT: return "<";
    case OP_LE: return "<=";
    case OP_GT: return ">";
    case OP_GE: return ">=";
    default: return op_name(op);
    }
}

/* Which inputs a binary op's rule reads (ops.h), given who needs grad. */
static void binary_saves(OpKind op, const Tensor *a, const Tensor *b, bool *ns) {
    bool ga = a->requires_grad, gb = b->requires_grad;
    switch (op) {
    case OP_MUL: ns[0] = gb; ns[1] = ga; break;
    case OP_DIV: ns[0] = gb; ns[1] = true; break;
    case OP_POW: case OP_MAXIMUM: case OP_MINIMUM: ns[0] = ns[1] = true; break;
    default: ns[0] = ns[1] = false; break;
    }
}

/* Promote a and b to a common dtype (recorded conversions). New refs. */
static bool promote2(Tensor *a, Tensor *b, Tensor **pa, Tensor **pb, MgError *err) {
    *pa = tn_to_dtype(a, a->dtype == DT_F64 || b->dtype == DT_F64 ? DT_F64 : DT_F32, err);
    if (!*pa) return false;
    *pb = tn_to_dtype(b, (*pa)->dtype, err);
    if (!*pb) { tn_release(*pa); return false; }
    return true;
}

/* Scalar code (a loop of 0-d ops) on the CPU: when both operands hold one
 * element, the four arithmetic ops are computed here. The kernel's
 * iterator set-up costs ~300 instructions for the one that does the work.
 * Same values as the kernel: one IEEE operation in the dtype. */
static bool scalar_arith(OpKind op, Tensor *out, const Tensor *a, const Tensor *b) {
    if (a->device != DEV_CPU || a->numel != 1 || b->numel != 1) return false;
    if (op != OP_ADD && op != OP_SUB && op != OP_MUL && op != OP_DIV) return false;
    if (a->dtype == DT_F32) {
        float x = ((const float *)a->storage->data)[a->offset];
        float y = ((const float *)b->storage->data)[b->offset];
        float *r = (float *)out->storage->data + out->offset;
        *r = op == OP_ADD ? x + y : op == OP_SUB ? x - y : op == OP_MUL ? x * y : x / y;
    } else {
        double x = ((const double *)a->storage->data)[a->offset];
        double y = ((const double *)b->storage->data)[b->offset];
        double *r = (double *)out->storage->data + out->offset;
        *r = op == OP_ADD ? x + y : op == OP_SUB ? x - y : op == OP_MUL ? x * y : x / y;
    }
    return true;
}

Tensor *tn_binary(OpKind op, Tensor *a, Tensor *b, MgError *err) {
    Tensor *in[2] = { a, b };
    if (!tn_check_devices(in, 2, err)) return NULL;
    if (a->dtype != b->dtype) {
        Tensor *pa, *pb;
        if (!promote2(a, b, &pa, &pb, err)) return NULL;
        Tensor *out = tn_binary(op, pa, pb, err);
        tn_release(pa);
        tn_release(pb);
        return out;
    }
    int64_t shape[TN_MAX_DIMS];
    int nd;
    if (!tn_broadcast_shapes(a->shape, a->ndim, b->shape, b->ndim, op_symbol(op), shape, &nd, err))
        return NULL;
    Tensor *out = tn_alloc(shape, nd, a->dtype, a->device, err);
    if (!out) return NULL;
    bool ns[2];
    if (scalar_arith(op, out, a, b)) {
        binary_saves(op, a, b, ns);
        tn_record(out, op, in, 2, ns, NULL);
        return out;
    }
    /* an input that already has the result's shape is passed as it is (a
     * broadcast view is a 200-byte copy: a visible cost in scalar loops) */
    Tensor va, vb;
    const Tensor *ka = a, *kb = b;
    if (!tn_same_shape(a->shape, a->ndim, shape, nd)) { va = tn_broadcast_view(a, shape, nd); ka = &va; }
    if (!tn_same_shape(b->shape, b->ndim, shape, nd)) { vb = tn_broadcast_view(b, shape, nd); kb = &vb; }
    const Backend *be = tn_backend(a->device);
    if (op_family(op) == FAM_COMPARE) {
        be->compare(op, out, ka, kb);
        return out;                         /* comparisons never require grad */
    }
    be->binary(op, out, ka, kb);
    binary_saves(op, a, b, ns);
    tn_record(out, op, in, 2, ns, NULL);   /* elementwise ops have no parameters */
    return out;
}

Tensor *tn_add(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_ADD, a, b, err); }
Tensor *tn_sub(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_SUB, a, b, err); }
Tensor *tn_mul(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_MUL, a, b, err); }
Tensor *tn_div(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_DIV, a, b, err); }
Tensor *tn_pow(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_POW, a, b, err); }
Tensor *tn_maximum(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_MAXIMUM, a, b, err); }
Tensor *tn_minimum(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_MINIMUM, a, b, err); }
Tensor *tn_eq(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_EQ, a, b, err); }
Tensor *tn_ne(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_NE, a, b, err); }
Tensor *tn_lt(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_LT, a, b, err); }
Tensor *tn_le(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_LE, a, b, err); }
Tensor *tn_gt(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_GT, a, b, err); }
Tensor *tn_ge(Tensor *a, Tensor *b, MgError *err) { return tn_binary(OP_GE, a, b, err); }

/* ---- unary ---- */
static Tensor *unary(OpKind op, Tensor *a, MgError *err) {
    Tensor *out = tn_alloc(a->shape, a->ndim, a->dtype, a->device, err);
    if (!out) return NULL;
    tn_backend(a->device)->unary(op, out, a);
    OpParams p = { 0 };
    bool ns[1] = { false };
    switch (op) {
    case OP_EXP: case OP_SQRT: case OP_TANH: case OP_SIGMOID: case OP_RELU:
        p.save_output = true; break;               /* their rules read the output */
    case OP_LOG: case OP_ABS: case OP_SIN: case OP_COS: case OP_ERF:
    case OP_SOFTPLUS: ns[0] = true; break;
    default: break;
    }
    tn_record(out, op, &a, 1, ns, &p);
    return out;
}

Tensor *tn_neg(Tensor *a, MgError *err) { return unary(OP_NEG, a, err); }
Tensor *tn_exp(Tensor *a, MgError *err) { return unary(OP_EXP, a, err); }
Tensor *tn_log(Tensor *a, MgError *err) { return unary(OP_LOG, a, err); }
Tensor *tn_sqrt(Tensor *a, MgError *err) { return unary(OP_SQRT, a, err); }
Tensor *tn_abs(Tensor *a, MgError *err) { return unary(OP_ABS, a, err); }
Tensor *tn_sin(Tensor *a, MgError *err) { return unary(OP_SIN, a, err); }
Tensor *tn_cos(Tensor *a, MgError *err) { return unary(OP_COS, a, err); }
Tensor *tn_tanh(Tensor *a, MgError *err) { return unary(OP_TANH, a, err); }
Tensor *tn_sigmoid(Tensor *a, MgError *err) { return unary(OP_SIGMOID, a, err); }
Tensor *tn_relu(Tensor *a, MgError *err) { return unary(OP_RELU, a, err); }
Tensor *tn_sign(Tensor *a, MgError *err) { return unary(OP_SIGN, a, err); }
Tensor *tn_erf(Tensor *a, MgError *err) { return unary(OP_ERF, a, err); }
Tensor *tn_softplus(Tensor *a, MgError *err) { return unary(OP_SOFTPLUS, a, err); }

/* ---- where(cond, a, b) ---- */
Tensor *tn_where(Tensor *cond, Tensor *a, Tensor *b, MgError *err) {
    Tensor *in3[3] = { cond, a, b };
    if (!tn_check_devices(in3, 3, err)) return NULL;
    if (a->dtype != b->dtype) {
        Tensor *pa, *pb;
        if (!promote2(a, b, &pa, &pb, err)) return NULL;
        Tensor *out = tn_where(cond, pa, pb, err);
        tn_release(pa);
        tn_release(pb);
        return out;
    }
    int64_t s1[TN_MAX_DIMS], shape[TN_MAX_DIMS];
    int n1, nd;
    if (!tn_broadcast_shapes(a->shape, a->ndim, b->shape, b->ndim, "where", s1, &n1, err) ||
        !tn_broadcast_shapes(cond->shape, cond->ndim, s1, n1, "where", shape, &nd, err))
        return NULL;
    /* the condition never carries gradient: use a detached copy in a's dtype */
    Tensor *c = tn_to_dtype_raw(cond, a->dtype, err);
    if (!c) return NULL;
    Tensor *cd = c == cond ? tn_detach(cond) : c;
    if (c == cond) tn_release(c);
    Tensor *out = tn_alloc(shape, nd, a->dtype, a->device, err);
    if (out) {
        Tensor vc = tn_broadcast_view(cd, shape, nd), va = tn_broadcast_view(a, shape, nd),
               vb = tn_broadcast_view(b, shape, nd);
        tn_backend(a->device)->where(out, &vc, &va, &vb);
        Tensor *in[3] = { cd, a, b };
        bool ns[3] = { true, false, false };
        OpParams p = { 0 };
        tn_record(out, OP_WHERE, in, 3, ns, &p);
    }
    tn_release(cd);
    return out;
}

/* ---- in place: x op= v (SPEC §6.5) ---- */

/* x op= v in five steps:
 *   1. check: same device, x may be written (tn_check_inplace_target), x's
 *      elements do not overlap, v broadcasts to x's shape (never the reverse);
 *      a view whose update must be recorded goes to tn_view_inplace instead;
 *   2. v converted to x's dtype, read from a private copy if it shares x's
 *      storage;
 *   3. when recording, x's history moves onto `old`, and the old values are
 *      copied if the rule will read them (x *= v, x /= v);
 *   4. the kernel writes x in place;
 *   5. the op is recorded with inputs (old, v), and x's storage version is
 *      bumped, so a node that saved x before this update refuses to run. */
bool tn_inplace(Tensor *x, char op, Tensor *v, MgError *err) {
    OpKind kind;
    const char *sym;
    switch (op) {
    case '+': kind = OP_ADD; sym = "+="; break;
    case '-': kind = OP_SUB; sym = "-="; break;
    case '*': kind = OP_MUL; sym = "*="; break;
    case '/': kind = OP_DIV; sym = "/="; break;
    default: MG_ASSERT(!"in-place op must be one of + - * /");
    }
    Tensor *in[2] = { x, v };
    if (!tn_check_devices(in, 2, err)) return false;
    if (x->view_base) tn_view_refresh(x);
    bool recording = tn_rt.grad_enabled && (x->requires_grad || v->requires_grad);
    if (!tn_check_inplace_target(x, err) || !tn_check_no_overlap(x, err)) return false;
    int64_t shape[TN_MAX_DIMS];
    int nd;
    if (!tn_broadcast_shapes(x->shape, x->ndim, v->shape, v->ndim, sym, shape, &nd, err)) return false;
    if (!tn_same_shape(shape, nd, x->shape, x->ndim)) {
        char a[256], b[256];
        return mg_error(err, ERR_SHAPE, "shape mismatch in '%s': %s and %s cannot be broadcast", sym,
                        tn_shape_str(x->shape, x->ndim, a, sizeof a), tn_shape_str(v->shape, v->ndim, b, sizeof b));
    }
    /* through a view: recorded on the view's base (ops_view_write.c) */
    if (tn_view_write_recorded(x, v)) return tn_view_inplace(x, kind, v, err);
    /* the result keeps x's dtype; v is read from a private copy if it overlaps x */
    Tensor *vv = v->storage == x->storage ? tn_clone_leaf(v, err) : tn_to_dtype(v, x->dtype, err);
    if (!vv) return false;
    if (vv->dtype != x->dtype) {
        Tensor *t = tn_to_dtype_raw(vv, x->dtype, err);
        tn_release(vv);
        if (!(vv = t)) return false;
    }
    Tensor *old = recording ? tn_take_history(x) : NULL;
    if (old) {
        /* A rule that reads the old x (x *= v, x /= v with v requiring
         * grad) must not see the update: save a copy of it, as torch does,
         * carrying x's history. */
        bool ns[2];
        binary_saves(kind, old, v, ns);
        if (ns[0]) {
            Tensor *copy = tn_clone_leaf(old, err);
            if (!copy) {
                x->grad_fn = old->grad_fn;
                old->grad_fn = NULL;
                tn_release(old);
                tn_release(vv);
                return false;
            }
            copy->requires_grad = old->requires_grad;
            copy->grad_fn = old->grad_fn;
            old->grad_fn = NULL;
            tn_release(old);
            old = copy;
        }
    }
    Tensor vb = tn_broadcast_view(vv, x->shape, x->ndim);
    tn_backend(x->device)->binary(kind, x, x, &vb);
    if (recording) {
        /* Recorded before the version bump: if a saved input shares x's
         * storage (x *= x[0]), its saved version is the one from before
         * the update, so backward refuses it, as torch does. */
        /* x op= x: the right side is the old x too (x itself now stands
         * for the result, and as its own input it would make a cycle) */
        Tensor *ins[2] = { old, v == x ? old : v->storage == x->storage ? v : vv };
        bool ns[2];
        binary_saves(kind, ins[0], ins[1], ns);
        OpParams p = { 0 };
        tn_record(x, kind, ins, 2, ns, &p);
        tn_release(old);
    }
    x->storage->version++;
    tn_release(vv);
    return true;
}
