/* builtins_plot.c - plot(values) in the terminal, plot(values, "x.svg") to
 * a file (SPEC §7 "plot"): a line chart of a list or a 1-D tensor, a heat
 * map of a 2-D tensor, optionally over an extent and with points on top.
 * The drawing lives in plot_term.c, plot_svg.c and plot_heat*.c; this file
 * checks the arguments and turns them into arrays of doubles. */
#include "builtins.h"
#include "plot.h"
#include "../util/alloc.h"
#include <math.h>

enum { ARG_VALUES, ARG_PATH, ARG_TITLE, ARG_EXTENT, ARG_POINTS, ARG_CLASSES };

/* A tensor's elements as mg_malloc'd doubles (row-major). */
static double *doubles_of(const Tensor *t) {
    double *d = mg_malloc(sizeof(double) * (size_t)(t->numel + 1));
    tn_to_doubles(t, d);
    return d;
}

/* A list of numbers (or one-element tensors) -> mg_malloc'd doubles;
 * `what` names the list in messages. */
static double *list_numbers(const MgList *l, const char *what, MgError *err) {
    double *y = mg_malloc(sizeof(double) * (size_t)(l->n + 1));
    for (int i = 0; i < l->n; i++) {
        Value e = l->items[i];
        if (e.type == VAL_NUMBER) y[i] = e.as.num;
        else if (e.type == VAL_TENSOR && e.as.tensor->numel == 1) y[i] = tn_item(e.as.tensor);
        else {
            mg_error(err, ERR_TYPE, "plot: element %d of %s is a %s, not a number", i, what, ev_type_name(e));
            mg_free(y);
            return NULL;
        }
    }
    return y;
}

/* ---- line charts ---- */

/* values: a list of numbers or a 1-D tensor -> mg_malloc'd doubles. */
static double *line_values(BiArgs *a, int64_t *n, MgError *err) {
    Value v = a->v[ARG_VALUES];
    if (v.type == VAL_TENSOR) {
        const Tensor *t = v.as.tensor;
        if (t->ndim != 1) {
            char shape[128];
            mg_error(err, ERR_SHAPE, "plot: values must be a list of numbers, a 1-D tensor or a 2-D tensor, "
                     "got a tensor of shape %s", tn_shape_str(t->shape, t->ndim, shape, sizeof shape));
            return NULL;
        }
        *n = t->numel;
        return doubles_of(t);
    }
    if (v.type != VAL_LIST) {
        bi_bad_arg(a, ARG_VALUES, "list of numbers or 1-D or 2-D tensor", v, err);
        return NULL;
    }
    *n = v.as.list->n;
    return list_numbers(v.as.list, "the list", err);
}

static bool line_chart(BiArgs *a, const char *path, const char *title, MgError *err) {
    if (!bi_is_none(a, ARG_EXTENT) || !bi_is_none(a, ARG_POINTS) || !bi_is_none(a, ARG_CLASSES))
        return mg_error(err, ERR_VALUE, "plot: extent, points and classes go with a heat map of a 2-D tensor, "
                        "not with a line chart");
    int64_t n = 0;
    double *y = line_values(a, &n, err);
    if (!y) return false;
    bool ok = true;
    if (n == 0) ok = mg_error(err, ERR_VALUE, "plot: there are no values to plot");
    else if (path) ok = plot_svg("plot", path, y, n, title, err);
    else plot_term(a->in->out, y, n, title, PLOT_TERM_WIDTH, PLOT_TERM_HEIGHT);
    mg_free(y);
    return ok;
}

/* ---- heat maps ---- */

/* extent=[x0, x1, y0, y1]: a list of four numbers or a 4-element tensor. */
static bool extent_of(BiArgs *a, PlotHeat *h, MgError *err) {
    Value v = a->v[ARG_EXTENT];
    if (v.type == VAL_NONE) return true;
    double *e;
    int64_t n;
    if (v.type == VAL_LIST) {
        n = v.as.list->n;
        e = list_numbers(v.as.list, "extent", err);
        if (!e) return false;
    } else if (v.type == VAL_TENSOR && v.as.tensor->ndim == 1) {
        n = v.as.tensor->numel;
        e = doubles_of(v.as.tensor);
    } else {
        return bi_bad_arg(a, ARG_EXTENT, "list [x0, x1, y0, y1]", v, err);
    }
    bool ok = true;
    if (n != 4)
        ok = mg_error(err, ERR_VALUE, "plot: extent must be 4 numbers [x0, x1, y0, y1], got %lld", (long long)n);
    else if (!(e[0] < e[1] && e[2] < e[3] && isfinite(e[0] - e[1]) && isfinite(e[2] - e[3])))
        ok = mg_error(err, ERR_VALUE, "plot: extent [x0, x1, y0, y1] needs finite x0 < x1 and y0 < y1, "
                      "got [%g, %g, %g, %g]", e[0], e[1], e[2], e[3]);
    else {
        h->has_extent = true;
        h->x0 = e[0];
        h->x1 = e[1];
        h->y0 = e[2];
        h->y1 = e[3];
    }
    mg_free(e);
    return ok;
}

/* points [N, 2] and classes [N] (each 0 or 1) into h, mg_malloc'd. */
static bool points_of(BiArgs *a, PlotHeat *h, double **points, double **classes, MgError *err) {
    char shape[128];
    if (bi_is_none(a, ARG_POINTS)) {
        if (!bi_is_none(a, ARG_CLASSES)) return mg_error(err, ERR_VALUE, "plot: classes need points to go with");
        return true;
    }
    Tensor *p = bi_tensor(a, ARG_POINTS, err);
    if (!p) return false;
    if (p->ndim != 2 || p->shape[1] != 2) {
        mg_error(err, ERR_SHAPE, "plot: points must have shape [N, 2] (one x, y per row), got %s",
                 tn_shape_str(p->shape, p->ndim, shape, sizeof shape));
        tn_release(p);
        return false;
    }
    h->n_points = p->shape[0];
    *points = doubles_of(p);
    h->points = *points;
    tn_release(p);
    if (bi_is_none(a, ARG_CLASSES)) return true;

    Tensor *c = bi_tensor(a, ARG_CLASSES, err);
    if (!c) return false;
    if (c->ndim != 1 || c->shape[0] != h->n_points) {
        mg_error(err, ERR_SHAPE, "plot: classes must have shape [%lld], one per point, got %s",
                 (long long)h->n_points, tn_shape_str(c->shape, c->ndim, shape, sizeof shape));
        tn_release(c);
        return false;
    }
    *classes = doubles_of(c);
    h->classes = *classes;
    tn_release(c);
    for (int64_t k = 0; k < h->n_points; k++)
        if (h->classes[k] != 0 && h->classes[k] != 1)
            return mg_error(err, ERR_VALUE, "plot: classes must be 0 or 1, got %g at index %lld",
                            h->classes[k], (long long)k);
    return true;
}

static bool heat_map(BiArgs *a, const char *path, const char *title, MgError *err) {
    const Tensor *grid = a->v[ARG_VALUES].as.tensor;     /* [rows, cols] */
    if (grid->numel == 0) return mg_error(err, ERR_VALUE, "plot: there are no values to plot");
    PlotHeat h = {.rows = grid->shape[0], .cols = grid->shape[1], .title = title};
    double *points = NULL, *classes = NULL, *z = NULL;
    bool ok = extent_of(a, &h, err) && points_of(a, &h, &points, &classes, err);
    if (ok) {
        z = doubles_of(grid);
        h.z = z;
        if (path) {
            ok = plot_heat_svg("plot", path, &h, err);
        } else {
            int width, height;
            plot_heat_term_size(h.rows, h.cols, &width, &height);
            plot_heat_term(a->in->out, &h, width, height);
        }
    }
    mg_free(z);
    mg_free(points);
    mg_free(classes);
    return ok;
}

static bool bi_plot(BiArgs *a, Value *out, MgError *err) {
    const char *path = NULL, *title = NULL;
    if (a->v[ARG_PATH].type == VAL_STRING) path = a->v[ARG_PATH].as.str->s;
    else if (a->v[ARG_PATH].type != VAL_NONE) return bi_bad_arg(a, ARG_PATH, "file name (string) or none", a->v[ARG_PATH], err);
    if (a->v[ARG_TITLE].type == VAL_STRING) title = a->v[ARG_TITLE].as.str->s;
    else if (a->v[ARG_TITLE].type != VAL_NONE) return bi_bad_arg(a, ARG_TITLE, "string or none", a->v[ARG_TITLE], err);
    *out = ev_none();
    Value v = a->v[ARG_VALUES];
    if (v.type == VAL_TENSOR && v.as.tensor->ndim == 2) return heat_map(a, path, title, err);
    return line_chart(a, path, title, err);
}

const Builtin bi_group_plot[] = {
    {"plot", "plot(values, path=none, title=none, extent=none, points=none, classes=none)",
     "Line chart of a list of numbers or a 1-D tensor, or heat map of a 2-D tensor (row 0 at the bottom) over "
     "extent=[x0, x1, y0, y1] with points [N, 2] on top coloured by classes 0/1: in the terminal, or an SVG "
     "file when path is given", bi_plot},
    {NULL, NULL, NULL, NULL},
};
