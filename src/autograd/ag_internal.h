/* ag_internal.h - what the autograd files share among themselves (not API). */
#ifndef MG_AG_INTERNAL_H
#define MG_AG_INTERNAL_H
#include "autograd.h"

/* grad_rules.c: the rule of an op (the 4th column of its ops.def row), or
 * NULL for ops without a gradient. */
AgGradRule ag_grad_rule(OpKind op);

/* grad_rules.c: false (err filled with SPEC's message) when a value saved by
 * node was modified in place after it was saved, or freed by an earlier
 * backward. */
bool ag_check_saved(const AgNode *node, MgError *err);

/* engine.c: ag_unbroadcast that also reports which dims of g it summed
 * (bit d set: g's dim d was summed), for trace. */
Tensor *ag_unbroadcast_mask(Tensor *g, const int64_t *shape, int ndim, unsigned *summed,
                            MgError *err);

/* graph.c: a fresh traversal stamp; nodes with node->visit == stamp are
 * marked in the current pass (no pass nests inside another). */
uint64_t ag_new_visit_stamp(void);

/* "12:9" (line:col of where a node was made) or "-" when unknown. */
const char *ag_where_str(const AgNode *node, char *buf, size_t n);

/* The display name of the node's output: the variable name if it has one
 * (a leaf's own name for an accumulator), else NULL. */
const char *ag_node_var_name(const AgNode *node);

/* Growable array of node pointers (explicit stacks and orders). */
typedef struct AgNodeVec { AgNode **items; size_t n, cap; } AgNodeVec;
void ag_vec_push(AgNodeVec *v, AgNode *node);
void ag_vec_free(AgNodeVec *v);

#endif
