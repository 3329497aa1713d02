/* plot_heat.c - the geometry and colour scale of a heat map, shared by its
 * terminal and SVG drawings (see plot.h for the conventions). */
#include "plot.h"
#include <math.h>

/* One axis: n samples from c0 to c1 (or the indexes 0..n-1 without an
 * extent), each filling the cell around it. */
static void axis_bounds(int64_t n, bool has_extent, double c0, double c1, double *lo, double *hi) {
    if (!has_extent) { c0 = 0; c1 = (double)(n - 1); }
    if (n == 1 && c1 > c0) { *lo = c0; *hi = c1; return; }
    double half = n > 1 ? (c1 - c0) / (double)(n - 1) / 2 : 0.5;
    *lo = c0 - half;
    *hi = c1 + half;
}

void plot_heat_bounds(const PlotHeat *h, double *xlo, double *xhi, double *ylo, double *yhi) {
    axis_bounds(h->cols, h->has_extent, h->x0, h->x1, xlo, xhi);
    axis_bounds(h->rows, h->has_extent, h->y0, h->y1, ylo, yhi);
}

int64_t plot_heat_scale(const PlotHeat *h, double *lo, double *hi) {
    int64_t finite = plot_finite_range(h->z, h->rows * h->cols, lo, hi);
    if (finite == 0) { *lo = -1; *hi = 1; return 0; }
    if (*lo < 0 && *hi > 0) {
        double m = fmax(-*lo, *hi);
        *lo = -m;
        *hi = m;
    } else if (*lo == *hi) {
        /* one value: a range around it, as for a line chart's ticks */
        double pad = *lo != 0 ? fabs(*lo) * 0.1 : 1;
        *lo -= pad;
        *hi += pad;
    }
    return finite;
}

bool plot_heat_point_at(const PlotHeat *h, int64_t k, double *fx, double *fy) {
    double xlo, xhi, ylo, yhi;
    plot_heat_bounds(h, &xlo, &xhi, &ylo, &yhi);
    double x = h->points[2 * k], y = h->points[2 * k + 1];
    /* the comparisons are false for nan */
    if (!(x >= xlo && x <= xhi && y >= ylo && y <= yhi)) return false;
    *fx = (x - xlo) / (xhi - xlo);
    *fy = (y - ylo) / (yhi - ylo);
    return true;
}

int64_t plot_heat_points_drawn(const PlotHeat *h) {
    int64_t drawn = 0;
    double fx, fy;
    for (int64_t k = 0; k < h->n_points; k++) drawn += plot_heat_point_at(h, k, &fx, &fy);
    return drawn;
}
