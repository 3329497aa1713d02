/* graph.h - the nodes of the autograd graph.
 *
 * A tensor that requires grad and was made by an op holds its node in
 * grad_fn. The node's edges point at the nodes that made its inputs; for a
 * leaf that requires grad the edge points at the leaf's accumulator node
 * (OP_ACCUMULATE), which adds incoming gradients into leaf->grad. Edges are
 * strong references (a node keeps its history alive). The leaf and its
 * accumulator point at each other weakly (grad_acc, leaf; each clears the
 * other's link when it dies), and a saved leaf is a view whose history is the
 * accumulator: so a .grad made by a create_graph backward, whose graph
 * reaches the accumulator, makes no cycle back to the leaf.
 *
 * A node saves only the input values its gradient rule needs (SPEC §6.5),
 * with the storage version seen at that moment: if a saved tensor was
 * modified in place later, backward reports it.
 */
#ifndef MG_GRAPH_H
#define MG_GRAPH_H
#include "../tensor/ops.h"

struct AgNode {
    int refcount;
    OpKind op;
    const char *label;         /* display name; op_name(op) unless a composite renamed it */
    int n_inputs;
    /* Engine scratch, valid during one backward/grads/graph() call only
     * (next to n_inputs and next: a traversal reads one cache line per node). */
    bool needed;               /* the pass must run this node: backward sets it for every
                                  node it collects; grads() then clears it where no target
                                  is reachable (mark_needed). run_node sends gradient only
                                  along edges to needed nodes. */
    int deps;                  /* graph()/dot(): edges pointing at it (>1: shared, tagged [#n]) */
    int print_id;              /* graph()/dot(): number given when first printed */
    uint64_t visit;            /* traversal stamp: visited in pass number `visit` */
    Tensor *pending;           /* sum of the gradients that arrived so far */
    /* Per-input arrays [n_inputs] and the shapes live in the same block as
     * the node, each shape taking only its ndim entries (one allocation per
     * node, carved from slabs (graph.c): a scalar op's node is ~320 bytes). */
    AgNode **next;             /* producer of input i, or NULL: input i needs no grad */
    Tensor **saved;            /* saved value of input i, or NULL: not needed */
    int64_t **in_shape;        /* in_shape[i][0..in_ndim[i]), for unbroadcasting */
    uint32_t *saved_version;   /* storage version when saved */
    int *in_ndim;
    DType *in_dtype;
    Device *in_device;
    int out_ndim;              /* the output's shape, dtype, device */
    int64_t *out_shape;        /* [out_ndim] */
    DType out_dtype;
    Device out_device;
    /* What the op recorded in OpParams (ops.h). Never NULL: ops whose
     * params are all zero (most elementwise ops) share one zeroed struct,
     * so a node costs a few hundred bytes, not the full OpParams. */
    const OpParams *params;
    Tensor *leaf;              /* OP_ACCUMULATE: the leaf (weak: NULL once the leaf is freed) */
    Tensor *retain;            /* weak: output tensor that asked retain_grad(), or NULL */
    bool freed;                /* saved values released by a backward without retain */
    uint64_t seq;              /* creation order: later nodes are processed first */
    Span where;                /* source position of the expression that made it */
    char *name;                /* variable name of the output, or NULL (ag_name_tensor) */
    /* The op's OUTPUT, for rules that are cheapest with it (exp: g*out,
     * tanh: g*(1-out^2), sigmoid: g*out*(1-out), sqrt: g/(2*out), relu:
     * g*(out>0), softmax, log_softmax, pow's exponent: g*out*log(a)); kept
     * when params->save_output or ag_saves_output(op) says so. It is a
     * detached view sharing the output's storage (a strong ref to the
     * output itself would be a cycle: out -> grad_fn -> out); a rule reads
     * it through ag_saved_output(), which re-attaches this node as its
     * grad_fn when create_graph is on, so higher derivatives flow through
     * it. */
    Tensor *saved_out;
    uint32_t saved_out_version;
    struct AgSlab *slab;       /* graph.c: the slab the block was carved from, or NULL (malloc'd) */
};

/* A gradient rule (one per ops.def row, in grad_rules.c): given the node and
 * gout, the gradient of the node's output (shape out_shape), set grads[i] to
 * a new reference holding dL/d(input i) for every i with node->next[i] != NULL
 * (leave the others NULL). Rules are written with tn_* ops only, so they run
 * on every device and are themselves recorded when create_graph is on. A
 * rule may return a gradient with the broadcast (output) shape: the engine
 * unbroadcasts it to the input's shape in one place (ag_unbroadcast).
 * Returns false with err filled on failure (e.g. a saved value was modified
 * in place). */
typedef bool (*AgGradRule)(AgNode *node, Tensor *gout, Tensor **grads, MgError *err);

/* Give t a variable name for graph() and trace (the evaluator calls this on
 * `let x = ...` and assignment); names its grad_fn node too. */
void ag_name_tensor(Tensor *t, const char *name);

/* Record a node for `out` = op(inputs). Called by the tn_* layer after the
 * forward kernel, only when tn_rt.grad_enabled and some input requires grad.
 * needs_saved[i] says whether the grad rule will read input i's value
 * (decided by the op, given which inputs require grad; may be NULL, see the
 * contract notes below). Takes ownership of params->aux and params->sizes
 * (params may be NULL). Sets out->requires_grad and out->grad_fn. */
void ag_record(Tensor *out, OpKind op, Tensor **inputs, int n_inputs,
               const bool *needs_saved, OpParams *params);

/* The node a gradient for t flows into: t->grad_fn, or t's accumulator
 * (created on demand) for a leaf that requires grad, or NULL. New ref. */
AgNode *ag_edge_for(Tensor *t);

void ag_node_retain(AgNode *n);
void ag_node_release(AgNode *n);  /* iterative: a million-deep chain frees without recursion */

/* True when any input requires grad and grad mode is on. */
bool ag_should_record(Tensor **inputs, int n);

/* ---- contract notes for the tn_* layer (autograd-owned) ------------------
 *
 * What each op puts in OpParams is documented in ops.h. ag_record saves the
 * UNION of what the tn_* layer asks for (needs_saved[i], params->save_output;
 * needs_saved may be NULL) and what the rule reads (ag_rule_needs_input /
 * ag_saves_output below, given which inputs require grad), so a rule always
 * finds its values. Saving only what the rule reads is what makes
 * `e = d * 3; d *= 2` legal and `e = d * d; d *= 2` an error (§6.5). */
bool ag_rule_needs_input(OpKind op, int i, AgNode *const *next);
bool ag_saves_output(OpKind op, AgNode *const *next);

/* The saved output of node (see saved_out), as a new reference: with grad
 * mode on it carries this node as grad_fn, so it is differentiable. */
Tensor *ag_saved_output(AgNode *node);

/* retain_grad(t): t (a non-leaf that requires grad) keeps its gradient in
 * t->grad after backward. Sets t->retains_grad and node->retain = t. The
 * link is weak: tn_release must call ag_forget_tensor(t) before freeing a
 * tensor with retains_grad set, so the node does not point at freed memory. */
void ag_retain_grad(Tensor *t);
void ag_forget_tensor(Tensor *t);

/* Nodes are carved from slabs (graph.c; recording costs no malloc on the
 * hot path). Frees the empty slabs kept for reuse (leak checks, exit). */
void ag_pool_trim(void);

#endif
