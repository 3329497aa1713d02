/* graph_print.c - graph(y) and dot(y, path): the graph made visible.
 *
 * graph(y) prints the tree of ops that made y, output at the top, each op's
 * inputs indented below it. For
 *
 *   let x = tensor([1, 2, 3], grad)
 *   let b = tensor(2, grad)
 *   let h = x * b
 *   let y = sum(h ** 2)
 *   backward(y, retain=true)
 *   graph(y)
 *
 * it prints
 *
 *   y = sum []  at 4:12
 *   └─ pow [3]  at 4:15
 *      ├─ h = mul [3]  at 3:11
 *      │  ├─ x: leaf [3]  grad tensor([ 8, 16, 24])
 *      │  └─ b: leaf []  grad tensor(56)
 *      └─ constant []
 *
 * Each line: the variable name when the value has one, the op (or "leaf"
 * for a tensor made by the user), the shape, the dtype/device when not
 * f32/cpu, where it was made (line:col), and its .grad when it has one.
 * "constant" is an input that does not require grad (no gradient flows to
 * it). A node used twice is printed in full once, tagged "[#2]", and
 * afterwards referred to by its name (or op) as "h (#2, shown above)": the
 * graph is a DAG, not a tree. Very deep graphs (a loop of a million steps) are cut at
 * GRAPH_MAX_DEPTH levels and GRAPH_MAX_LINES lines.
 *
 * dot(y, "g.dot") writes the same graph for Graphviz (`dot -Tsvg g.dot`):
 * one box per node (leaves green, ops blue, y orange) with the same facts
 * as a line of graph(), arrows in the direction values flow (from inputs to
 * the op that used them; gradients flow back along them), constants as
 * plain text with dashed arrows.
 */
#include "ag_internal.h"
#include "../util/alloc.h"
#include <string.h>

/* What still reads as a tree in a terminal: 48 levels indent a line by
 * about 150 columns, and 400 lines are several screens. */
#define GRAPH_MAX_DEPTH 48
#define GRAPH_MAX_LINES 400

/* Tensors whose .grad graph() shows: a leaf's, or a retain_grad tensor's. */
static Tensor *grad_of(const AgNode *n) {
    if (n->op == OP_ACCUMULATE) return n->leaf ? n->leaf->grad : NULL;
    Tensor *r = n->retain;
    return r && r->grad_fn == n && r->retains_grad ? r->grad : NULL;
}

/* "tensor([2, 4])" on one line (rows joined), into buf. */
static void one_line_value(const Tensor *t, char *buf, size_t n) {
    char *text = tn_format(t);
    size_t j = 0;
    for (size_t i = 0; text && text[i] && j + 1 < n; i++) {
        if (text[i] == '\n') {                    /* "\n        [" -> " [" */
            while (text[i + 1] == ' ') i++;
            buf[j++] = ' ';
        } else {
            buf[j++] = text[i];
        }
    }
    buf[j] = '\0';
    mg_free(text);
}

static void describe_type(DType dt, Device dev, char *buf, size_t n) {
    snprintf(buf, n, "%s%s%s%s", dt != DT_F32 ? " " : "", dt != DT_F32 ? tn_dtype_name(dt) : "",
             dev != DEV_CPU ? " " : "", dev != DEV_CPU ? tn_device_name(dev) : "");
}

/* Counts how many edges point at each node reachable from root (node->deps),
 * so shared nodes can be tagged; returns the nodes. */
static void count_uses(AgNode *root, AgNodeVec *all) {
    uint64_t stamp = ag_new_visit_stamp();
    AgNodeVec stack = {0};
    root->visit = stamp;
    root->deps = 1;
    root->print_id = 0;
    ag_vec_push(&stack, root);
    while (stack.n > 0) {
        AgNode *n = stack.items[--stack.n];
        ag_vec_push(all, n);
        for (int i = 0; i < n->n_inputs; i++) {
            AgNode *m = n->next[i];
            if (!m) continue;
            if (m->visit != stamp) {
                m->visit = stamp;
                m->deps = 0;
                m->print_id = 0;
                ag_vec_push(&stack, m);
            }
            m->deps++;
        }
    }
    ag_vec_free(&stack);
}

/* One line of the tree. */
static void print_node_line(FILE *out, const AgNode *n, int id) {
    char shape[128], type[32], where[32];
    const char *var = ag_node_var_name(n);
    tn_shape_str(n->out_shape, n->out_ndim, shape, sizeof shape);
    describe_type(n->out_dtype, n->out_device, type, sizeof type);
    if (n->op == OP_ACCUMULATE) fprintf(out, "%s%sleaf %s%s", var ? var : "", var ? ": " : "", shape, type);
    else fprintf(out, "%s%s%s %s%s  at %s", var ? var : "", var ? " = " : "", n->label, shape, type,
                 ag_where_str(n, where, sizeof where));
    if (id) fprintf(out, "  [#%d]", id);
    Tensor *g = grad_of(n);
    if (g) {
        char value[512];
        one_line_value(g, value, sizeof value);
        fprintf(out, "  grad %s", value);
    }
    fputc('\n', out);
}

typedef struct Frame {
    AgNode *node;          /* NULL: a constant input (shape from parent) */
    const AgNode *parent;
    int input;             /* which input of parent */
    int depth;
    bool last;             /* the last child of its parent */
} Frame;

static void print_tree(FILE *out, AgNode *root) {
    AgNodeVec all = {0};
    count_uses(root, &all);
    int next_id = 1, lines = 0;
    bool last_at[GRAPH_MAX_DEPTH + 2] = {0};
    Frame *stack = mg_malloc(64 * sizeof *stack);
    size_t n_stack = 0, cap = 64;
    stack[n_stack++] = (Frame){.node = root, .depth = 0, .last = true};
    while (n_stack > 0) {
        Frame f = stack[--n_stack];
        if (++lines > GRAPH_MAX_LINES) {
            fprintf(out, "... (more nodes not shown)\n");
            break;
        }
        last_at[f.depth] = f.last;
        for (int d = 1; d < f.depth; d++) fputs(last_at[d] ? "   " : "│  ", out);
        if (f.depth > 0) fputs(f.last ? "└─ " : "├─ ", out);
        if (!f.node) {
            char shape[128], type[32];
            tn_shape_str(f.parent->in_shape[f.input], f.parent->in_ndim[f.input], shape, sizeof shape);
            describe_type(f.parent->in_dtype[f.input], f.parent->in_device[f.input], type, sizeof type);
            fprintf(out, "constant %s%s\n", shape, type);
            continue;
        }
        AgNode *n = f.node;
        if (n->print_id > 0) {                    /* shared, already printed */
            const char *var = ag_node_var_name(n);
            fprintf(out, "%s (#%d, shown above)\n",
                    var ? var : n->op == OP_ACCUMULATE ? "leaf" : n->label, n->print_id);
            continue;
        }
        int id = n->deps > 1 ? next_id++ : 0;
        n->print_id = id ? id : -1;
        print_node_line(out, n, id);
        if (n->n_inputs == 0) continue;
        if (f.depth + 1 > GRAPH_MAX_DEPTH) {
            for (int d = 1; d <= f.depth; d++) fputs(last_at[d] ? "   " : "│  ", out);
            fputs("└─ ... (deeper nodes not shown)\n", out);
            continue;
        }
        if (n_stack + (size_t)n->n_inputs > cap) {
            cap = (n_stack + (size_t)n->n_inputs) * 2;
            stack = mg_realloc(stack, cap * sizeof *stack);
        }
        for (int i = n->n_inputs - 1; i >= 0; i--)   /* pushed reversed: input 0 printed first */
            stack[n_stack++] = (Frame){.node = n->next[i], .parent = n, .input = i,
                                       .depth = f.depth + 1, .last = i == n->n_inputs - 1};
    }
    mg_free(stack);
    ag_vec_free(&all);
}

void ag_print_graph(Tensor *y, FILE *out) {
    if (!out) out = stdout;
    tn_view_refresh(y);
    char shape[128];
    tn_shape_str(y->shape, y->ndim, shape, sizeof shape);
    if (!y->requires_grad) {
        fprintf(out, "%s%stensor %s (no graph: it does not require grad)\n",
                y->name ? y->name : "", y->name ? ": " : "", shape);
        return;
    }
    AgNode *root = ag_edge_for(y);
    print_tree(out, root);
    ag_node_release(root);
}

/* ---- Graphviz -------------------------------------------------------------- */

static void dot_escape(FILE *out, const char *s) {
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', out);
        fputc(*s, out);
    }
}

bool ag_write_dot(Tensor *y, const char *path, MgError *err) {
    tn_view_refresh(y);
    FILE *out = fopen(path, "w");
    if (!out) return mg_error(err, ERR_IO, "dot: cannot write '%s'", path);
    fprintf(out, "// the graph of y: values flow along the arrows, gradients flow back\n"
                 "digraph mg {\n"
                 "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fillcolor=\"#dbe9f6\"];\n");
    if (!y->requires_grad) {
        char shape[128];
        fprintf(out, "  n0 [label=\"tensor %s\\n(no graph)\"];\n}\n",
                tn_shape_str(y->shape, y->ndim, shape, sizeof shape));
        return fclose(out) == 0 || mg_error(err, ERR_IO, "dot: cannot write '%s'", path);
    }
    AgNode *root = ag_edge_for(y);
    AgNodeVec all = {0};
    count_uses(root, &all);
    for (size_t k = 0; k < all.n; k++) all.items[k]->print_id = (int)k + 1;
    int constants = 0;
    for (size_t k = 0; k < all.n; k++) {
        AgNode *n = all.items[k];
        char shape[128], type[32], where[32];
        const char *var = ag_node_var_name(n);
        tn_shape_str(n->out_shape, n->out_ndim, shape, sizeof shape);
        describe_type(n->out_dtype, n->out_device, type, sizeof type);
        fprintf(out, "  n%d [label=\"", n->print_id);
        if (var) { dot_escape(out, var); fputs("\\n", out); }
        if (n->op == OP_ACCUMULATE) fprintf(out, "leaf %s%s", shape, type);
        else fprintf(out, "%s %s%s\\nat %s", n->label, shape, type, ag_where_str(n, where, sizeof where));
        Tensor *g = grad_of(n);
        if (g) {
            char value[512];
            one_line_value(g, value, sizeof value);
            fputs("\\ngrad ", out);
            dot_escape(out, value);
        }
        fputc('"', out);
        if (n->op == OP_ACCUMULATE) fputs(", fillcolor=\"#d4f0cf\"", out);
        else if (n == root) fputs(", fillcolor=\"#fdd9b5\"", out);
        fputs("];\n", out);
        for (int i = 0; i < n->n_inputs; i++) {
            if (n->next[i]) {
                fprintf(out, "  n%d -> n%d;\n", n->next[i]->print_id, n->print_id);
            } else {                              /* an input that needs no gradient */
                tn_shape_str(n->in_shape[i], n->in_ndim[i], shape, sizeof shape);
                fprintf(out, "  c%d [label=\"constant %s\", shape=plaintext, style=\"\"];\n"
                             "  c%d -> n%d [style=dashed];\n", constants, shape, constants, n->print_id);
                constants++;
            }
        }
    }
    fputs("}\n", out);
    ag_vec_free(&all);
    ag_node_release(root);
    if (fclose(out) != 0) return mg_error(err, ERR_IO, "dot: cannot write '%s'", path);
    return true;
}
