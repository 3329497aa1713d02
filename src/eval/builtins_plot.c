/* builtins_plot.c - plot(values) in the terminal, plot(values, "x.svg") to
 * a file (SPEC §7 "plot"). The drawing lives in plot_term.c and plot_svg.c;
 * this file turns the argument into an array of doubles. */
#include "builtins.h"
#include "plot.h"
#include "../util/alloc.h"

/* values: a list of numbers or a 1-D tensor -> mg_malloc'd doubles. */
static double *values_of(BiArgs *a, int64_t *n, MgError *err) {
    Value v = a->v[0];
    if (v.type == VAL_TENSOR) {
        const Tensor *t = v.as.tensor;
        if (t->ndim != 1) {
            char shape[128];
            mg_error(err, ERR_SHAPE, "plot: values must be a list of numbers or a 1-D tensor, got a tensor of shape %s",
                     tn_shape_str(t->shape, t->ndim, shape, sizeof shape));
            return NULL;
        }
        *n = t->numel;
        double *y = mg_malloc(sizeof(double) * (size_t)(t->numel + 1));
        tn_to_doubles(t, y);
        return y;
    }
    if (v.type != VAL_LIST) {
        bi_bad_arg(a, 0, "list of numbers or 1-D tensor", v, err);
        return NULL;
    }
    MgList *l = v.as.list;
    double *y = mg_malloc(sizeof(double) * (size_t)(l->n + 1));
    for (int i = 0; i < l->n; i++) {
        Value e = l->items[i];
        if (e.type == VAL_NUMBER) y[i] = e.as.num;
        else if (e.type == VAL_TENSOR && e.as.tensor->numel == 1) y[i] = tn_item(e.as.tensor);
        else {
            mg_error(err, ERR_TYPE, "plot: element %d of the list is a %s, not a number", i, ev_type_name(e));
            mg_free(y);
            return NULL;
        }
    }
    *n = l->n;
    return y;
}

static bool bi_plot(BiArgs *a, Value *out, MgError *err) {
    const char *path = NULL, *title = NULL;
    if (a->v[1].type == VAL_STRING) path = a->v[1].as.str->s;
    else if (a->v[1].type != VAL_NONE) return bi_bad_arg(a, 1, "file name (string) or none", a->v[1], err);
    if (a->v[2].type == VAL_STRING) title = a->v[2].as.str->s;
    else if (a->v[2].type != VAL_NONE) return bi_bad_arg(a, 2, "string or none", a->v[2], err);
    int64_t n = 0;
    double *y = values_of(a, &n, err);
    if (!y) return false;
    bool ok = true;
    if (n == 0) ok = mg_error(err, ERR_VALUE, "plot: there are no values to plot");
    else if (path) ok = plot_svg("plot", path, y, n, title, err);
    else plot_term(a->in->out, y, n, title, PLOT_TERM_WIDTH, PLOT_TERM_HEIGHT);
    mg_free(y);
    *out = ev_none();
    return ok;
}

const Builtin bi_group_plot[] = {
    {"plot", "plot(values, path=none, title=none)",
     "Line chart of a list of numbers or a 1-D tensor: in the terminal, or an SVG file when path is given", bi_plot},
    {NULL, NULL, NULL, NULL},
};
