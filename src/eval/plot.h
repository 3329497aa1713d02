/* plot.h - line charts of a sequence of numbers and heat maps of a 2-D grid
 * (SPEC §7 "plot").
 *
 * Line charts: the values y[0..n) are drawn against their index. Non-finite values
 * (nan, inf) cannot be placed: they are left out, breaking the line, and
 * the chart says how many there were. The y range is that of the finite
 * values.
 *
 *   plot_term   Unicode braille in the terminal: each character is a 2x4
 *               grid of dots, so a 60x15 chart has 120x60 dots. The top and
 *               bottom rows are labelled with the largest and smallest
 *               value, and a footer gives the number of points.
 *   plot_svg    an SVG file with axes, ticks at round numbers and a title.
 */
#ifndef MG_PLOT_H
#define MG_PLOT_H
#include "../util/error.h"
#include <stdint.h>
#include <stdio.h>

#define PLOT_TERM_WIDTH 60    /* characters */
#define PLOT_TERM_HEIGHT 15

/* title may be NULL. width and height are in characters. */
void plot_term(FILE *out, const double *y, int64_t n, const char *title, int width, int height);

/* The SVG document into out / into the file at path (ERR_IO naming it). */
void plot_svg_write(FILE *out, const double *y, int64_t n, const char *title);
bool plot_svg(const char *who, const char *path, const double *y, int64_t n, const char *title, MgError *err);

/* ---- heat maps ------------------------------------------------------------
 * A grid z of rows x cols values (row-major) is a function sampled on a
 * lattice, drawn like a graph: row 0 at the bottom, column 0 on the left,
 * so z[i][j] is the value at (x_j, y_i) with
 *     x_j = x0 + j * (x1 - x0) / (cols - 1),  y_i = y0 + i * (y1 - y0) / (rows - 1)
 * - the points linspace(x0, x1, cols) and linspace(y0, y1, rows) give. Each
 * value fills the cell around its point, so the picture reaches half a cell
 * beyond the extent (a single column or row fills [x0, x1] or [y0, y1]).
 * Without an extent the coordinates are the column and row indexes.
 *
 * The colour scale is diverging: the lowest value of the scale blue, its
 * middle white, its highest red. When the values have both signs the scale
 * is [-m, m] with m the largest |value|, so white is 0 (a logit's decision
 * boundary); otherwise it is [min, max]. Non-finite values are grey (SVG) or
 * '?' (terminal).
 *
 * Optional points (x, y) are drawn on top, coloured by class: 0 blue ('o'),
 * 1 red ('x'), or black ('*') when there are no classes. Points outside the
 * picture or not finite are left out and counted in the footer. */
typedef struct PlotHeat {
    const double *z;
    int64_t rows, cols;
    bool has_extent;
    double x0, x1, y0, y1;     /* x0 < x1, y0 < y1; only with has_extent */
    const double *points;      /* n_points x 2 (x, y), or NULL */
    const double *classes;     /* n_points labels, each 0 or 1, or NULL */
    int64_t n_points;
    const char *title;         /* may be NULL */
} PlotHeat;

/* The picture's edges in data coordinates (the extent and half a cell). */
void plot_heat_bounds(const PlotHeat *h, double *xlo, double *xhi, double *ylo, double *yhi);
/* The colour scale [*lo, *hi] (lo < hi, see above); returns how many values
 * of the grid are finite. */
int64_t plot_heat_scale(const PlotHeat *h, double *lo, double *hi);
/* Where point k lies as fractions of the picture's width and height from
 * its lower-left corner, each in [0, 1]; false when it lies outside or is
 * not finite. plot_heat_points_drawn counts the points that lie inside. */
bool plot_heat_point_at(const PlotHeat *h, int64_t k, double *fx, double *fy);
int64_t plot_heat_points_drawn(const PlotHeat *h);

/* Shaded blocks in the terminal, width x height characters: each character
 * shows the grid cell under its centre in one of five shades, lightest for
 * the lowest fifth of the scale. plot_heat_term_size picks a size with the
 * grid's aspect (a character is about twice as tall as wide) that fits in
 * 2 * PLOT_TERM_HEIGHT rows of PLOT_TERM_WIDTH characters. */
void plot_heat_term(FILE *out, const PlotHeat *h, int width, int height);
void plot_heat_term_size(int64_t rows, int64_t cols, int *width, int *height);

/* A grid of rects, one per value, with axes, a colour bar and the points. */
void plot_heat_svg_write(FILE *out, const PlotHeat *h);
bool plot_heat_svg(const char *who, const char *path, const PlotHeat *h, MgError *err);

/* ---- shared by the pictures ------------------------------------------------ */
/* Runs write(out, ctx) into the file at path; ERR_IO naming who and path. */
bool plot_write_file(const char *who, const char *path, void (*write)(FILE *out, const void *ctx),
                     const void *ctx, MgError *err);
/* Text escaped for XML content or attributes. */
void plot_xml_text(FILE *out, const char *s);
/* A tick value with as many decimals as its step needs: 0.25 -> "0.25"
 * with step 0.05, 3 -> "3" with step 1. */
void plot_tick_label(double v, double step, char *buf, size_t cap);

/* Ticks at round numbers (1, 2 or 5 times a power of ten) spanning
 * [lo, hi] with about `target` intervals: *first is the first tick (<= lo),
 * *step the spacing; returns the number of ticks (first + k*step <= hi',
 * hi' the first tick >= hi). */
int plot_nice_ticks(double lo, double hi, int target, double *first, double *step);

/* The finite minimum and maximum of y; returns how many values are finite. */
int64_t plot_finite_range(const double *y, int64_t n, double *lo, double *hi);

/* A short label for a value: "%.4g" without a "-0". */
void plot_label(double v, char *buf, size_t cap);

#endif
