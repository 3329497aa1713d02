/* graph.h - the nodes of the autograd graph.
 *
 * A tensor that requires grad and was made by an op holds its node in
 * grad_fn. The node's edges point at the nodes that made its inputs; for a
 * leaf that requires grad the edge points at the leaf's accumulator node
 * (OP_ACCUMULATE), which holds the leaf and adds incoming gradients into
 * leaf->grad. Edges are strong references (a node keeps its history alive);
 * a leaf points back at its accumulator weakly (grad_acc), so there is no
 * cycle.
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
    AgNode **next;             /* [n_inputs] producer of input i, or NULL: input i needs no grad */
    Tensor **saved;            /* [n_inputs] saved value of input i, or NULL: not needed */
    uint32_t *saved_version;   /* [n_inputs] storage version when saved */
    int *in_ndim;              /* [n_inputs] input shapes, for unbroadcasting */
    int64_t (*in_shape)[TN_MAX_DIMS];
    DType *in_dtype;           /* [n_inputs] */
    Device *in_device;         /* [n_inputs] */
    int out_ndim;              /* the output's shape, dtype, device */
    int64_t out_shape[TN_MAX_DIMS];
    DType out_dtype;
    Device out_device;
    OpParams params;
    Tensor *leaf;              /* OP_ACCUMULATE: the leaf (strong) */
    Tensor *retain;            /* weak: output tensor that asked retain_grad(), or NULL */
    bool freed;                /* saved values released by a backward without retain */
    uint64_t seq;              /* creation order: later nodes are processed first */
    Span where;                /* source position of the expression that made it */
};

/* Record a node for `out` = op(inputs). Called by the tn_* layer after the
 * forward kernel, only when tn_rt.grad_enabled and some input requires grad.
 * needs_saved[i] says whether the grad rule will read input i's value
 * (decided by the op, given which inputs require grad). Takes ownership of
 * params->aux and params->sizes. Sets out->requires_grad and out->grad_fn. */
void ag_record(Tensor *out, OpKind op, Tensor **inputs, int n_inputs,
               const bool *needs_saved, OpParams *params);

/* The node a gradient for t flows into: t->grad_fn, or t's accumulator
 * (created on demand) for a leaf that requires grad, or NULL. New ref. */
AgNode *ag_edge_for(Tensor *t);

void ag_node_retain(AgNode *n);
void ag_node_release(AgNode *n);  /* iterative: a million-deep chain frees without recursion */

/* True when any input requires grad and grad mode is on. */
bool ag_should_record(Tensor **inputs, int n);

#endif
