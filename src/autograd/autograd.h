/* autograd.h - the backward engine and the functional API (SPEC §6).
 *
 * Traversal is iterative: the nodes reachable from y are collected over an
 * explicit stack and run newest first (node->seq, a topological order; see
 * engine.c), so a graph a million nodes deep needs no recursion.
 * Gradients of a node's inputs are produced by its rule in
 * grad_rules.c, unbroadcast to each input's shape in one place
 * (ag_unbroadcast), and summed per edge before that edge's node runs.
 */
#ifndef MG_AUTOGRAD_H
#define MG_AUTOGRAD_H
#include "graph.h"

typedef struct AgBackwardOpts {
    bool retain;          /* keep saved values for another backward */
    bool create_graph;    /* record the backward pass itself (higher order) */
    bool trace;           /* print each node as it is processed (teaching aid;
                             the format is documented at the top of engine.c) */
    FILE *trace_out;      /* stdout if NULL */
} AgBackwardOpts;

/* backward(y) / backward(y, g): accumulates into leaves' .grad (and retained
 * non-leaves). g may be NULL when y has one element. */
bool ag_backward(Tensor *y, Tensor *g, const AgBackwardOpts *opts, MgError *err);

/* grads(y, xs): dy/dx for each x, without touching any .grad; zeros for an
 * x that y does not depend on. out[i] are new references. Only the part of
 * the graph between y and the xs runs. */
bool ag_grads(Tensor *y, Tensor *g, Tensor **xs, int n, const AgBackwardOpts *opts,
              Tensor **out, MgError *err);

/* Sum g over the broadcast dimensions so it has shape `shape` (one place). */
Tensor *ag_unbroadcast(Tensor *g, const int64_t *shape, int ndim, MgError *err);

/* gradcheck (SPEC §6.4). f is called through a callback so the evaluator
 * can pass a user function. Inputs and their .grad are left as they were. */
typedef Tensor *(*AgFunc)(void *ctx, Tensor **inputs, int n, MgError *err);
typedef struct AgCheckOpts {
    double eps, atol, rtol;
    bool verbose;
    FILE *out;            /* where reports go; stdout if NULL */
} AgCheckOpts;
/* *passed is the verdict; returns false only on an error (f failed, ...).
 * The failure report numbers inputs from 1 (f's first argument is input
 * 1) and elements from 0; see gradcheck.c. opts may be NULL (SPEC defaults). */
bool ag_gradcheck(AgFunc f, void *ctx, Tensor **inputs, int n, const AgCheckOpts *opts,
                  bool *passed, MgError *err);
/* Central-difference gradient of a one-element f with respect to x. */
Tensor *ag_numgrad(AgFunc f, void *ctx, Tensor **inputs, int n, int which, double eps, MgError *err);

/* Human-readable views of the graph (SPEC §7 "look inside"). */
void ag_print_graph(Tensor *y, FILE *out);
bool ag_write_dot(Tensor *y, const char *path, MgError *err);

#endif
