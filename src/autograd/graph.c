/* graph.c - recording graph nodes, their lifetime, and variable names.
 *
 * Every differentiable tn_* op calls ag_record after its forward kernel when
 * grad mode is on and an input requires grad. The node keeps:
 *   - a strong edge to the node of each input that requires grad
 *     (its grad_fn, or for a leaf the leaf's accumulator node),
 *   - the input values its rule reads, each with the storage version seen
 *     now (an in-place write later is caught by backward),
 *   - the shapes/dtypes/devices of inputs and output (for unbroadcasting
 *     and for graph()),
 *   - where it was made (tn_rt.cur_span) and its label.
 *
 * Nodes are carved from slabs (see "node slabs" below), so a training loop
 * that builds and frees a graph per step records nodes without calling
 * malloc, and a chain of nodes is contiguous in memory. Release is iterative
 * over an explicit stack: dropping the last reference to the end of a chain
 * a million nodes long frees the chain without recursion.
 */
#include "ag_internal.h"
#include "../util/alloc.h"
#include <string.h>

/* ---- which values a rule reads ------------------------------------------ */

/* Input i's value is read by the op's rule, given which inputs require grad
 * (next[j] != NULL). Must agree with grad_rules.c. */
bool ag_rule_needs_input(OpKind op, int i, AgNode *const *next) {
    switch (op) {
    case OP_LOG: case OP_ABS: case OP_SIN: case OP_COS:
    case OP_ERF: case OP_SOFTPLUS:
        return i == 0;
    case OP_MUL: case OP_MATMUL:         /* da = g*b, db = g*a */
        return next[1 - i] != NULL;
    case OP_DIV:                          /* da = g/b, db = -g*a/b^2 */
        return i == 1 || next[1] != NULL;
    case OP_POW: case OP_MAXIMUM: case OP_MINIMUM:
        return true;                      /* masks and a^(b-1) read both */
    case OP_WHERE:
        return i == 0;                    /* the condition */
    case OP_SOFTMAX_BACKWARD:             /* both appear in both input gradients */
        return true;
    default:
        return false;
    }
}

bool ag_saves_output(OpKind op, AgNode *const *next) {
    switch (op) {
    case OP_EXP: case OP_SQRT: case OP_TANH: case OP_SIGMOID:
    case OP_SOFTMAX: case OP_LOG_SOFTMAX:
    case OP_RELU:                         /* out > 0 where a > 0, as torch saves */
        return true;
    case OP_POW:                          /* d/db a^b = a^b * log(a) */
        return next[1] != NULL;
    default:
        return false;
    }
}

/* ---- node slabs ------------------------------------------------------------
 * A node and everything of fixed size it records are one block:
 *   [AgNode][next: n][saved: n][in_shape: n pointers]
 *   [the shapes' dims: out_ndim + sum of in_ndim int64][saved_version: n]
 *   [in_ndim: n][in_dtype: n][in_device: n]
 *
 * Blocks are carved, in creation order, from slabs of SLAB_BYTES (a bump
 * pointer), so the nodes of a chain lie next to each other: backward walks
 * them newest to oldest at a near-constant stride that the prefetcher
 * follows, instead of chasing pointers across the heap (400k scattered
 * nodes cost one cache miss each, per pass).
 *
 * Ownership: a slab counts the blocks carved from it that are still alive
 * (`live`); each node points at its slab (`slab`). When the count drops to
 * zero the slab is empty: the current slab is rewound and carved again;
 * another becomes the spare (one is kept, a second empty slab is freed).
 * Slabs are never partly reused, so a long-lived node keeps at most its own
 * slab alive. Blocks above SLAB_MAX_BLOCK (a cat of many tensors) are
 * mg_malloc'd (slab NULL) and mg_free'd. ag_pool_trim frees the spare and an
 * empty current slab. */

#define SLAB_BYTES ((size_t)64 * 1024)
#define SLAB_MAX_BLOCK (SLAB_BYTES / 8)

struct AgSlab {
    size_t used;                          /* bytes carved, header included */
    size_t live;                          /* blocks carved and not yet freed */
};
#define SLAB_HEADER ((sizeof(struct AgSlab) + 15) & ~(size_t)15)

static struct AgSlab *slab_current, *slab_spare;
static uint64_t next_seq = 1;
static uint64_t visit_counter;
static const OpParams no_params;          /* shared by nodes whose params are all zero */

uint64_t ag_new_visit_stamp(void) { return ++visit_counter; }

static void *block_alloc(size_t bytes, struct AgSlab **from) {
    if (bytes > SLAB_MAX_BLOCK) {
        *from = NULL;
        return mg_malloc(bytes);
    }
    struct AgSlab *s = slab_current;
    if (!s || s->used + bytes > SLAB_BYTES) {   /* a full slab lives on until its last node goes */
        s = slab_spare ? slab_spare : mg_malloc(SLAB_BYTES);
        slab_spare = NULL;
        s->used = SLAB_HEADER;
        s->live = 0;
        slab_current = s;
    }
    void *p = (char *)s + s->used;
    s->used += bytes;
    s->live++;
    *from = s;
    return p;
}

static void block_free(AgNode *n) {
    struct AgSlab *s = n->slab;
    if (!s) { mg_free(n); return; }
    MG_ASSERT(s->live > 0);
    if (--s->live > 0) return;
    if (s == slab_current) s->used = SLAB_HEADER;
    else if (!slab_spare) slab_spare = s;
    else mg_free(s);
}

/* A node for n inputs of the given ndims (NULL: none) and an output of
 * out_ndim dims, its arrays pointed into its own block, all zero. */
static AgNode *node_alloc(int n, Tensor **inputs, int out_ndim) {
    size_t dims = (size_t)out_ndim;
    for (int i = 0; i < n; i++) dims += inputs[i] ? (size_t)inputs[i]->ndim : 0;
    size_t bytes = sizeof(AgNode) + (size_t)n * (sizeof(AgNode *) + sizeof(Tensor *) + sizeof(int64_t *))
                 + dims * sizeof(int64_t)
                 + (size_t)n * (sizeof(uint32_t) + sizeof(int) + sizeof(DType) + sizeof(Device));
    bytes = (bytes + 15) & ~(size_t)15;  /* keeps every block 16-byte aligned */
    struct AgSlab *slab;
    AgNode *node = block_alloc(bytes, &slab);
    memset(node, 0, bytes);
    char *tail = (char *)(node + 1);
    node->next = (AgNode **)tail;        tail += (size_t)n * sizeof(AgNode *);
    node->saved = (Tensor **)tail;       tail += (size_t)n * sizeof(Tensor *);
    node->in_shape = (int64_t **)tail;   tail += (size_t)n * sizeof(int64_t *);
    node->out_shape = (int64_t *)tail;   tail += (size_t)out_ndim * sizeof(int64_t);
    for (int i = 0; i < n; i++) {
        node->in_shape[i] = (int64_t *)tail;
        tail += (inputs[i] ? (size_t)inputs[i]->ndim : 0) * sizeof(int64_t);
    }
    node->saved_version = (uint32_t *)tail; tail += (size_t)n * sizeof(uint32_t);
    node->in_ndim = (int *)tail;         tail += (size_t)n * sizeof(int);
    node->in_dtype = (DType *)tail;      tail += (size_t)n * sizeof(DType);
    node->in_device = (Device *)tail;
    node->slab = slab;
    node->refcount = 1;
    node->n_inputs = n;
    node->out_ndim = out_ndim;
    node->params = &no_params;
    node->seq = next_seq++;
    return node;
}

/* Nodes whose count reached zero wait on `dying`; the outermost
 * ag_node_release drains it, so releases triggered while freeing a node (a
 * saved tensor whose grad_fn dies, a leaf whose .grad has history) add to
 * the stack instead of recursing. */
static AgNodeVec dying;
static bool draining;

void ag_pool_trim(void) {
    if (!draining) ag_vec_free(&dying);
    mg_free(slab_spare);
    slab_spare = NULL;
    if (slab_current && slab_current->live == 0) {
        mg_free(slab_current);
        slab_current = NULL;
    }
}

/* ---- recording ------------------------------------------------------------ */

bool ag_should_record(Tensor **inputs, int n) {
    if (!tn_rt.grad_enabled) return false;
    for (int i = 0; i < n; i++)
        if (inputs[i] && inputs[i]->requires_grad) return true;
    return false;
}

static AgNode *accumulator_for(Tensor *leaf) {
    if (leaf->grad_acc) {
        ag_node_retain(leaf->grad_acc);
        return leaf->grad_acc;
    }
    AgNode *n = node_alloc(0, NULL, leaf->ndim);
    n->op = OP_ACCUMULATE;
    n->label = op_name(OP_ACCUMULATE);
    n->leaf = leaf;                       /* weak: tn_release of the leaf clears it */
    memcpy(n->out_shape, leaf->shape, (size_t)leaf->ndim * sizeof *leaf->shape);
    n->out_dtype = leaf->dtype;
    n->out_device = leaf->device;
    leaf->grad_acc = n;                   /* weak both ways: a leaf's .grad made with
                                             create_graph has a graph that reaches
                                             this node, so a strong link back to the
                                             leaf would be a cycle leaf -> grad -> leaf */
    return n;
}

AgNode *ag_edge_for(Tensor *t) {
    if (!t || !t->requires_grad) return NULL;
    if (t->grad_fn) {
        ag_node_retain(t->grad_fn);
        return t->grad_fn;
    }
    return accumulator_for(t);
}

static void release_params(OpParams *p) {
    tn_release(p->aux);
    mg_free(p->sizes);
    p->aux = NULL;
    p->sizes = NULL;
}

static void node_release_params(AgNode *n) {
    if (n->params == &no_params) return;
    OpParams *own = (OpParams *)n->params;
    release_params(own);
    mg_free(own);
    n->params = &no_params;
}

/* Make out's node, in five steps:
 *   1. the node, with the op, its label and the source position;
 *   2. params copied into the node when they differ from no_params (the
 *      node takes aux and sizes over from the caller);
 *   3. per input: the edge to its node (ag_edge_for) and its shape, dtype
 *      and device, which the rules and the shape checks read;
 *   4. the inputs the rule reads, saved with their storage versions (three
 *      cases below, chosen so that saving never makes a reference cycle),
 *      and the output when the rule reads that instead;
 *   5. out gets the node as its grad_fn (an in-place op replaces its own). */
void ag_record(Tensor *out, OpKind op, Tensor **inputs, int n_inputs,
               const bool *needs_saved, OpParams *params) {
    if (!ag_should_record(inputs, n_inputs)) {   /* nothing to track: drop what we own */
        if (params) release_params(params);
        return;
    }
    AgNode *n = node_alloc(n_inputs, inputs, out->ndim);
    n->op = op;
    n->label = op_name(op);
    n->where = tn_rt.cur_span;
    if (params) {
        bool save_out = params->save_output;
        params->save_output = false;             /* a recording hint, not a parameter */
        if (memcmp(params, &no_params, sizeof no_params) != 0) {
            OpParams *own = mg_malloc(sizeof *own);
            *own = *params;                      /* takes aux and sizes */
            n->params = own;
        }
        params->aux = NULL;
        params->sizes = NULL;
        params->save_output = save_out;
    }
    for (int i = 0; i < n_inputs; i++) {
        Tensor *in = inputs[i];
        if (!in) continue;
        n->next[i] = ag_edge_for(in);
        n->in_ndim[i] = in->ndim;
        memcpy(n->in_shape[i], in->shape, (size_t)in->ndim * sizeof *in->shape);
        n->in_dtype[i] = in->dtype;
        n->in_device[i] = in->device;
    }
    for (int i = 0; i < n_inputs; i++) {
        Tensor *in = inputs[i];
        if (!in) continue;
        if ((needs_saved && needs_saved[i]) || ag_rule_needs_input(op, i, n->next)) {
            /* An in-place op re-records its own tensor (in == out): keep a
             * detached view there, as a strong ref to out would be a cycle. */
            if (in == out) n->saved[i] = tn_detach(in);
            else if (in->grad_fn) {
                /* A non-leaf is saved as a view holding the history it has
                 * now (as torch's SavedVariable): an in-place update of it
                 * later (`e = c * c; c += e`) then makes no cycle
                 * c -> add -> this node -> c. */
                Tensor *s = tn_detach(in);
                s->requires_grad = true;
                s->grad_fn = in->grad_fn;
                ag_node_retain(in->grad_fn);
                n->saved[i] = s;
            } else if (in->requires_grad) {
                /* A leaf that requires grad is saved the same way, with its
                 * accumulator as history: the gradient a create_graph
                 * backward stores in leaf.grad then reaches the leaf only
                 * weakly, and makes no cycle leaf -> grad -> this node -> leaf. */
                Tensor *s = tn_detach(in);
                s->requires_grad = true;
                s->grad_fn = n->next[i];
                ag_node_retain(n->next[i]);
                n->saved[i] = s;
            } else if (in->view_base) {
                /* a view keeps its base alive, and the base's history may
                 * come to hold this node (an update through the view): save
                 * a plain alias, which keeps only the storage */
                n->saved[i] = tn_detach(in);
            } else { tn_retain(in); n->saved[i] = in; }
            n->saved_version[i] = in->storage ? in->storage->version : 0;
        }
    }
    if ((params && params->save_output) || ag_saves_output(op, n->next)) {
        n->saved_out = tn_detach(out);
        n->saved_out_version = out->storage ? out->storage->version : 0;
    }
    memcpy(n->out_shape, out->shape, (size_t)out->ndim * sizeof *out->shape);
    n->out_dtype = out->dtype;
    n->out_device = out->device;

    AgNode *old = out->grad_fn;           /* an in-place op re-records its tensor */
    out->requires_grad = true;
    out->grad_fn = n;
    if (out->name) n->name = mg_strdup(out->name);
    if (old) ag_node_release(old);
}

Tensor *ag_saved_output(AgNode *node) {
    Tensor *t = tn_detach(node->saved_out);
    if (t && tn_rt.grad_enabled) {        /* create_graph: out depends on this node */
        t->requires_grad = true;
        t->grad_fn = node;
        ag_node_retain(node);
    }
    return t;
}

/* ---- names and retain_grad ------------------------------------------------ */

void ag_name_tensor(Tensor *t, const char *name) {
    if (!t || !name) return;
    mg_free(t->name);
    t->name = mg_strdup(name);
    if (t->grad_fn) {
        mg_free(t->grad_fn->name);
        t->grad_fn->name = mg_strdup(name);
    }
}

void ag_retain_grad(Tensor *t) {
    if (t) tn_view_refresh(t);            /* the view's current history */
    if (!t || !t->grad_fn) return;        /* leaves keep .grad anyway */
    t->retains_grad = true;
    t->grad_fn->retain = t;
}

void ag_forget_tensor(Tensor *t) {
    if (!t) return;
    if (t->grad_fn && t->grad_fn->retain == t) t->grad_fn->retain = NULL;
    if (t->grad_acc && t->grad_acc->leaf == t) t->grad_acc->leaf = NULL;
    t->grad_acc = NULL;
}

const char *ag_node_var_name(const AgNode *node) {
    if (node->op == OP_ACCUMULATE && node->leaf) return node->leaf->name;
    return node->name;
}

const char *ag_where_str(const AgNode *node, char *buf, size_t n) {
    if (!node->where.src) snprintf(buf, n, "-");
    else snprintf(buf, n, "%d:%d", node->where.line + node->where.src->line_offset, node->where.col);
    return buf;
}

/* ---- lifetime ------------------------------------------------------------- */

void ag_node_retain(AgNode *n) {
    if (n) n->refcount++;
}

static void node_free_contents(AgNode *n) {
    for (int i = 0; i < n->n_inputs; i++) {   /* saved first: they hold refs to next[] too */
        tn_release(n->saved[i]);
        n->saved[i] = NULL;
    }
    tn_release(n->saved_out);
    tn_release(n->pending);
    node_release_params(n);
    if (n->leaf && n->leaf->grad_acc == n) n->leaf->grad_acc = NULL;
    mg_free(n->name);
    for (int i = 0; i < n->n_inputs; i++)
        if (n->next[i]) ag_node_release(n->next[i]);
}

void ag_node_release(AgNode *n) {
    if (!n) return;
    MG_ASSERT(n->refcount > 0);
    if (--n->refcount > 0) return;
    ag_vec_push(&dying, n);
    if (draining) return;
    draining = true;
    while (dying.n > 0) {
        AgNode *d = dying.items[--dying.n];
        node_free_contents(d);
        block_free(d);
    }
    draining = false;
    if (dying.cap > 1024) ag_vec_free(&dying);   /* do not keep a huge stack around */
}

/* ---- node vectors ----------------------------------------------------------- */

void ag_vec_push(AgNodeVec *v, AgNode *node) {
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->items = mg_realloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->n++] = node;
}

void ag_vec_free(AgNodeVec *v) {
    mg_free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}
