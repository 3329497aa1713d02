/* engine.c - backward() and grads(): reverse-mode traversal of the graph.
 *
 * One pass, in two walks over the graph, neither recursive:
 *   1. collect, order and check (one walk): visit every node reachable
 *      from y's node over an explicit stack and sort them newest first
 *      (node->seq: a node is always newer than its inputs' nodes, so this
 *      is a topological order, the one PyTorch uses), leaf accumulators
 *      last; before touching any .grad, every node to run must still have
 *      its saved values, unmodified (so a failing backward changes
 *      nothing): backward() checks during the walk, grads() while finding
 *      the nodes between y and its targets;
 *   2. run:     each node's incoming gradients have been summed in
 *      node->pending; its rule turns that into gradients for its inputs,
 *      which are unbroadcast to each input's shape (ag_unbroadcast, the one
 *      place that does it), converted to the input's dtype, and added to the
 *      pending gradient of the input's node. Accumulator nodes add into
 *      leaf.grad.
 * Grad mode is off while rules run, unless create_graph asks for the
 * backward pass to be recorded too (then derivatives of derivatives work).
 * Without retain (or create_graph, which implies it, as in PyTorch) each
 * node drops its saved values once it has run; a later backward through
 * it then fails with SPEC's "graph was already freed" message.
 *
 * trace=true prints one line per node, in the order processed. For
 * `let h = x + b` (x: [2, 3], b: [3]) on line 2 and `let y = sum(h)` on
 * line 3:
 *
 *   backward trace: node, made at (line:col), incoming gradient -> inputs that receive gradient
 *     sum y         3:12     grad []           -> input 0 [2, 3]
 *     add h         2:11     grad [2, 3]       -> input 0 [2, 3], input 1 [3] (summed dims 0)
 *     leaf b        -        grad [3]          -> b.grad
 *     leaf x        -        grad [2, 3]       -> x.grad
 *
 * Columns: the op and, when it has one, the variable its output was
 * stored in ("leaf x" is x's accumulator); where the op was made; the
 * shape of the summed incoming gradient; then each input that receives a
 * gradient, with that gradient's shape after unbroadcasting, and which
 * dims of the rule's result were summed away because the input had been
 * broadcast. grads() prints the same with "grads trace:" and "(captured
 * by grads)" for leaves.
 */
#include "ag_internal.h"
#include "../util/alloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- unbroadcasting ------------------------------------------------------ */

Tensor *ag_unbroadcast_mask(Tensor *g, const int64_t *shape, int ndim, unsigned *summed,
                            MgError *err) {
    *summed = 0;
    int lead = g->ndim - ndim;            /* dims broadcasting added in front */
    char a[128], b[128];
    if (lead < 0) {                       /* a one-element gradient for a [1, 1] input */
        int64_t numel = 1;
        for (int d = 0; d < ndim; d++) numel *= shape[d];
        if (numel != g->numel) goto mismatch;
        return tn_reshape(g, shape, ndim, err);
    }
    tn_retain(g);
    Tensor *cur = g;
    for (int d = 0; d < lead; d++) {      /* (lead..., shape...) -> (shape...) */
        Tensor *next = tn_sum(cur, 0, false, err);
        tn_release(cur);
        if (!next) return NULL;
        cur = next;
        *summed |= 1u << d;
    }
    for (int d = 0; d < ndim; d++) {      /* a size-1 dim that was stretched */
        if (cur->shape[d] == shape[d]) continue;
        if (shape[d] != 1) { tn_release(cur); goto mismatch; }
        Tensor *next = tn_sum(cur, d, true, err);
        tn_release(cur);
        if (!next) return NULL;
        cur = next;
        *summed |= 1u << (d + lead);
    }
    return cur;
mismatch:
    mg_error(err, ERR_SHAPE, "backward: a gradient of shape %s cannot be summed to shape %s",
             tn_shape_str(g->shape, g->ndim, a, sizeof a), tn_shape_str(shape, ndim, b, sizeof b));
    return NULL;
}

Tensor *ag_unbroadcast(Tensor *g, const int64_t *shape, int ndim, MgError *err) {
    unsigned summed;
    return ag_unbroadcast_mask(g, shape, ndim, &summed, err);
}

/* ---- one pass ------------------------------------------------------------ */

typedef struct Pass {
    const char *who;          /* "backward" or "grads": the prefix of messages */
    bool to_leaves;           /* backward: add into .grad; grads: capture instead */
    bool keep_graph;          /* retain or create_graph: saved values survive */
    bool create_graph;
    FILE *trace;              /* NULL: no trace */
    AgNode **targets;         /* grads(): the node of each x (NULL: y cannot depend on it) */
    Tensor **captured;        /* grads(): the gradient that reached targets[i] */
    int n_targets;
    AgNodeVec order;          /* nodes to visit, in processing order */
} Pass;

/* 1. collect, order and check, in one walk.
 *
 * Every edge runs from a node to an older one (a node's inputs exist before
 * it is made, and seq grows), so "newest first" is a topological order: it
 * is what Kahn's algorithm picking the most recently made ready node gives
 * (as PyTorch), without counting incoming edges or keeping a heap. Leaf
 * accumulators go after every op node (so each .grad is written only once
 * all rules, which may have saved that very .grad as a constant, have run).
 *
 * The walk stamps each reachable node and notes it with its priority; the
 * depth-first walk of a chain already meets the nodes newest first, so the
 * sort below is then only a check. backward() checks each node's saved
 * values during the walk, while the node is in cache; when several are
 * stale, the error is the one of the node that would run first, as if
 * checked in order. grads() checks only the nodes it needs (mark_needed). */
typedef struct Ranked { uint64_t priority; AgNode *node; } Ranked;

static uint64_t priority(const AgNode *n) {
    return (n->op == OP_ACCUMULATE ? 0 : UINT64_C(1) << 63) | n->seq;
}

static int by_priority_desc(const void *a, const void *b) {
    uint64_t pa = ((const Ranked *)a)->priority, pb = ((const Ranked *)b)->priority;
    return pa < pb ? 1 : pa > pb ? -1 : 0;
}

static bool collect_in_order(AgNode *root, AgNodeVec *order, bool check, MgError *err) {
    uint64_t stamp = ag_new_visit_stamp();
    AgNodeVec stack = {0};
    Ranked *ranked = NULL;
    size_t n_ranked = 0, cap = 0;
    AgNode *stale = NULL;                 /* the first node to run whose saved values are bad */
    bool sorted = true;
    root->visit = stamp;
    ag_vec_push(&stack, root);
    while (stack.n > 0) {
        AgNode *n = stack.items[--stack.n];
        n->needed = true;
        uint64_t pr = priority(n);
        if (n_ranked == cap) {
            cap = cap ? cap * 2 : 256;
            ranked = mg_realloc(ranked, cap * sizeof *ranked);
        }
        if (n_ranked > 0 && ranked[n_ranked - 1].priority < pr) sorted = false;
        ranked[n_ranked++] = (Ranked){ pr, n };
        if (check && ag_grad_rule(n->op) && (!stale || pr > priority(stale))) {
            MgError scratch;
            if (!ag_check_saved(n, &scratch)) stale = n;
        }
        for (int i = 0; i < n->n_inputs; i++) {
            AgNode *m = n->next[i];
            if (m && m->visit != stamp) {
                m->visit = stamp;
                __builtin_prefetch(m);
                ag_vec_push(&stack, m);
            }
        }
    }
    ag_vec_free(&stack);
    if (!sorted) qsort(ranked, n_ranked, sizeof *ranked, by_priority_desc);
    for (size_t k = 0; k < n_ranked; k++) ag_vec_push(order, ranked[k].node);
    mg_free(ranked);
    return stale ? ag_check_saved(stale, err) : true;
}

static int target_index(const Pass *p, const AgNode *n, int from) {
    for (int i = from; i < p->n_targets; i++)
        if (p->targets[i] == n) return i;
    return -1;
}

/* grads(): only nodes from which a target can be reached need to run, and
 * only those must still have their saved values. Reverse topological order
 * sees every input before its consumers. */
static bool mark_needed(Pass *p, MgError *err) {
    bool ok = true;
    for (size_t k = p->order.n; k-- > 0;) {
        AgNode *n = p->order.items[k];
        bool needed = target_index(p, n, 0) >= 0;
        for (int i = 0; i < n->n_inputs && !needed; i++)
            needed = n->next[i] && n->next[i]->needed;
        n->needed = needed;
        if (ok && needed && ag_grad_rule(n->op)) ok = ag_check_saved(n, err);
    }
    return ok;
}

/* A gradient the engine alone holds (one reference, its own whole
 * contiguous storage, no history): it can become a leaf's .grad as it is,
 * instead of a copy (a 784x256 weight's gradient each step). */
static bool is_private_temporary(const Tensor *g) {
    return g->refcount == 1 && !g->grad_fn && !g->requires_grad && g->storage->refcount == 1 &&
           g->offset == 0 && tn_is_contiguous(g);
}

/* slot += g with SPEC §6.2 semantics: a new tensor the first time (never an
 * alias of a temporary such as an expanded view), in place afterwards unless
 * the gradient itself is being differentiated (create_graph), or the user
 * stored a .grad that cannot be written in place (`x.grad = expand(...)`;
 * torch refuses to accumulate into it). may_adopt: the caller drops g right
 * after (a leaf's accumulator), so a private g is taken. */
static bool accumulate(Tensor **slot, Tensor *g, bool create_graph, bool may_adopt, MgError *err) {
    if (!*slot) {
        if ((create_graph && g->requires_grad) || (may_adopt && is_private_temporary(g))) {
            tn_retain(g);
            *slot = g;
        } else {
            *slot = tn_clone_leaf(g, err);
            if (!*slot) return false;
            (*slot)->requires_grad = false;
        }
        return true;
    }
    Tensor *sum = tn_add(*slot, g, err);
    if (!sum) return false;
    if (create_graph || (*slot)->requires_grad || (*slot)->grad_fn || tn_shares_elements(*slot)) {
        tn_release(*slot);
        *slot = sum;
        return true;
    }
    bool ok = tn_copy_into(*slot, sum, err);
    tn_release(sum);
    return ok;
}

static bool has_nan_or_inf(const Tensor *t) {
    double *v = mg_malloc((size_t)(t->numel ? t->numel : 1) * sizeof *v);
    tn_to_doubles(t, v);
    bool bad = false;
    for (int64_t i = 0; i < t->numel && !bad; i++) bad = !isfinite(v[i]);
    mg_free(v);
    return bad;
}

static bool anomaly_error(const AgNode *n, MgError *err, const char *who) {
    char pos[256], where[300] = "";
    if (n->where.src) snprintf(where, sizeof where, " (made at %s)", mg_span_str(n->where, pos, sizeof pos));
    return mg_error(err, ERR_AUTOGRAD, "%s: detect_anomaly: the gradient computed by %s%s "
                    "contains nan or inf", who, n->label, where);
}

/* ---- trace ----------------------------------------------------------------- */

static void trace_node(FILE *out, const AgNode *n, const Tensor *gin) {
    char label[96], where[32], shape[96];
    const char *var = ag_node_var_name(n);
    snprintf(label, sizeof label, "%s%s%s", n->label, var ? " " : "", var ? var : "");
    tn_shape_str(gin->shape, gin->ndim, shape, sizeof shape);
    fprintf(out, "  %-13s %-8s grad %-12s ->", label, ag_where_str(n, where, sizeof where), shape);
}

static void trace_input(FILE *out, bool first, int i, const Tensor *g, unsigned summed) {
    char shape[96];
    fprintf(out, "%s input %d %s", first ? "" : ",", i, tn_shape_str(g->shape, g->ndim, shape, sizeof shape));
    if (!summed) return;
    fprintf(out, " (summed dims");
    bool first_dim = true;
    for (int d = 0; d < 32; d++)
        if (summed & (1u << d)) { fprintf(out, "%s %d", first_dim ? "" : ",", d); first_dim = false; }
    fprintf(out, ")");
}

/* ---- 2. run ------------------------------------------------------------------ */

/* Hand a gradient for input i of n to the input's node: summed to the
 * input's shape and dtype, added to what already arrived there. */
static bool send(Pass *p, AgNode *n, int i, Tensor *g, bool *first, MgError *err) {
    AgNode *to = n->next[i];
    unsigned summed = 0;
    Tensor *gi = ag_unbroadcast_mask(g, n->in_shape[i], n->in_ndim[i], &summed, err);
    if (!gi) return false;
    if (gi->dtype != n->in_dtype[i]) {    /* f32 input of an f64 result gets an f32 grad */
        Tensor *conv = tn_to_dtype(gi, n->in_dtype[i], err);
        tn_release(gi);
        if (!(gi = conv)) return false;
    }
    if (tn_rt.anomaly && has_nan_or_inf(gi)) {
        tn_release(gi);
        return anomaly_error(n, err, p->who);
    }
    if (p->trace) trace_input(p->trace, *first, i, gi, summed);
    *first = false;
    if (!to->pending) {
        to->pending = gi;
        return true;
    }
    Tensor *sum = tn_add(to->pending, gi, err);
    tn_release(gi);
    if (!sum) return false;
    tn_release(to->pending);
    to->pending = sum;
    return true;
}

/* A node's saved values go once it has run, unless the graph is kept. */
static void free_saved(AgNode *n) {
    bool had = n->saved_out != NULL;
    for (int i = 0; i < n->n_inputs; i++) {
        had |= n->saved[i] != NULL;
        tn_release(n->saved[i]);
        n->saved[i] = NULL;
    }
    tn_release(n->saved_out);
    n->saved_out = NULL;
    if (had) n->freed = true;
}

static bool run_node(Pass *p, AgNode *n, MgError *err) {
    Tensor *gin = n->pending;             /* every gradient for n has arrived */
    n->pending = NULL;
    if (!gin) {                           /* nothing reached it (only through gradient-free ops) */
        if (!p->keep_graph) free_saved(n);
        return true;
    }
    bool ok = true;
    for (int t = target_index(p, n, 0); t >= 0; t = target_index(p, n, t + 1)) {
        tn_release(p->captured[t]);
        tn_retain(gin);
        p->captured[t] = gin;
    }
    if (p->trace) trace_node(p->trace, n, gin);
    if (n->op == OP_ACCUMULATE) {
        /* n->leaf is NULL when the leaf is gone: nobody can read its .grad */
        if (p->to_leaves && n->leaf) ok = accumulate(&n->leaf->grad, gin, p->create_graph, true, err);
        if (p->trace) {
            const char *name = n->leaf && n->leaf->name ? n->leaf->name : "leaf";
            fprintf(p->trace, p->to_leaves ? " %s.grad\n" : " (captured by grads)\n", name);
        }
        tn_release(gin);
        return ok;
    }
    Tensor *r = n->retain;                /* retain_grad(t): weak, checked still ours */
    if (p->to_leaves && r && r->grad_fn == n && r->retains_grad)
        ok = accumulate(&r->grad, gin, p->create_graph, false, err);

    AgGradRule rule = ag_grad_rule(n->op);
    Tensor *inline_grads[8] = {0};
    Tensor **grads = n->n_inputs <= 8 ? inline_grads : mg_calloc(n->n_inputs, sizeof *grads);
    if (ok && rule) ok = ag_check_saved(n, err) && rule(n, gin, grads, err);
    for (int i = 0; ok && !rule && i < n->n_inputs; i++)   /* sign: a zero gradient, as torch */
        if (n->next[i])
            ok = (grads[i] = tn_zeros(n->in_shape[i], n->in_ndim[i], n->in_dtype[i],
                                      n->in_device[i], err)) != NULL;
    bool first = true;
    for (int i = 0; i < n->n_inputs; i++) {
        if (ok && grads[i] && n->next[i] && n->next[i]->needed)
            ok = send(p, n, i, grads[i], &first, err);
        tn_release(grads[i]);
    }
    if (p->trace) fprintf(p->trace, "%s\n", first ? " (no input needs grad)" : "");
    if (grads != inline_grads) mg_free(grads);
    tn_release(gin);
    if (!p->keep_graph) free_saved(n);
    return ok;
}

static bool describe_y(Tensor *y, Tensor *g, const char *who, Tensor **seed, MgError *err) {
    char a[128], b[128];
    if (!y->requires_grad)
        return mg_error(err, ERR_AUTOGRAD, "%s: y does not require grad; make a leaf with grad "
                        "(tensor(..., grad) or param(x)) to track it", who);
    if (!g) {
        if (y->numel != 1)
            return mg_error(err, ERR_AUTOGRAD, "%s: y has shape %s; pass a gradient of that shape, "
                            "or reduce y to one element with sum() or mean()",
                            who, tn_shape_str(y->shape, y->ndim, a, sizeof a));
        *seed = tn_ones_like(y, err);
        return *seed != NULL;
    }
    bool same = g->ndim == y->ndim;
    for (int d = 0; same && d < y->ndim; d++) same = g->shape[d] == y->shape[d];
    if (!same)
        return mg_error(err, ERR_SHAPE, "%s: the gradient has shape %s but y has shape %s",
                        who, tn_shape_str(g->shape, g->ndim, a, sizeof a),
                        tn_shape_str(y->shape, y->ndim, b, sizeof b));
    if (g->device != y->device)
        return mg_error(err, ERR_DEVICE, "%s: the gradient is on %s but y is on %s", who,
                        tn_device_name(g->device), tn_device_name(y->device));
    if (g->dtype != y->dtype) {
        *seed = tn_to_dtype(g, y->dtype, err);
        return *seed != NULL;
    }
    tn_retain(g);
    *seed = g;
    return true;
}

static bool run_pass(Pass *p, Tensor *y, Tensor *g, MgError *err) {
    Tensor *seed = NULL;
    if (!describe_y(y, g, p->who, &seed, err)) return false;
    AgNode *root = ag_edge_for(y);
    bool ok = collect_in_order(root, &p->order, !p->targets, err);
    if (ok && p->targets) ok = mark_needed(p, err);

    if (ok && root->needed) {
        root->pending = seed;
        seed = NULL;
    }
    if (ok && p->trace)
        fprintf(p->trace, "%s trace: node, made at (line:col), incoming gradient -> "
                "inputs that receive gradient\n", p->who);
    bool saved_mode = tn_rt.grad_enabled;
    tn_rt.grad_enabled = p->create_graph;
    for (size_t k = 0; k < p->order.n && ok; k++) {   /* 2. run */
        AgNode *n = p->order.items[k];
        if (!n->needed) continue;
        if (tn_rt.interrupted) { ok = mg_error(err, ERR_INTERRUPT, "interrupted"); break; }
        ok = run_node(p, n, err);
    }
    tn_rt.grad_enabled = saved_mode;
    for (size_t k = 0; k < p->order.n && !ok; k++) {   /* after an error, drop what was in flight */
        tn_release(p->order.items[k]->pending);
        p->order.items[k]->pending = NULL;
    }
    tn_release(seed);
    ag_vec_free(&p->order);
    ag_node_release(root);
    return ok;
}

/* ---- the API ------------------------------------------------------------------ */

bool ag_backward(Tensor *y, Tensor *g, const AgBackwardOpts *opts, MgError *err) {
    tn_view_refresh(y);                   /* a view of a base updated since */
    AgBackwardOpts none = {0};
    if (!opts) opts = &none;
    Pass p = {
        .who = "backward", .to_leaves = true,
        .keep_graph = opts->retain || opts->create_graph,
        .create_graph = opts->create_graph,
        .trace = opts->trace ? (opts->trace_out ? opts->trace_out : stdout) : NULL,
    };
    return run_pass(&p, y, g, err);
}

bool ag_grads(Tensor *y, Tensor *g, Tensor **xs, int n, const AgBackwardOpts *opts,
              Tensor **out, MgError *err) {
    AgBackwardOpts none = {0};
    if (!opts) opts = &none;
    tn_view_refresh(y);                   /* views of a base updated since */
    for (int i = 0; i < n; i++) { out[i] = NULL; tn_view_refresh(xs[i]); }
    /* y's own node exists before targets are looked up (grads(x, [x]) on a leaf). */
    AgNode *y_node = y->requires_grad ? ag_edge_for(y) : NULL;
    AgNode *inline_targets[8];
    AgNode **targets = n <= 8 ? inline_targets : mg_malloc((size_t)n * sizeof *targets);
    for (int i = 0; i < n; i++)           /* no accumulator yet: y cannot depend on x */
        targets[i] = xs[i]->grad_fn ? xs[i]->grad_fn : xs[i]->grad_acc;
    Pass p = {
        .who = "grads", .to_leaves = false,
        .keep_graph = opts->retain || opts->create_graph,
        .create_graph = opts->create_graph,
        .trace = opts->trace ? (opts->trace_out ? opts->trace_out : stdout) : NULL,
        .targets = targets, .captured = out, .n_targets = n,
    };
    bool ok = run_pass(&p, y, g, err);
    for (int i = 0; i < n && ok; i++) {   /* zeros where no gradient arrived */
        if (!out[i]) ok = (out[i] = tn_zeros_like(xs[i], err)) != NULL;
        else if (out[i]->dtype != xs[i]->dtype) {
            Tensor *conv = tn_to_dtype(out[i], xs[i]->dtype, err);
            tn_release(out[i]);
            ok = (out[i] = conv) != NULL;
        }
    }
    if (!ok)
        for (int i = 0; i < n; i++) { tn_release(out[i]); out[i] = NULL; }
    if (targets != inline_targets) mg_free(targets);
    ag_node_release(y_node);
    return ok;
}
