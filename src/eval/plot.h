/* plot.h - line charts of a sequence of numbers (SPEC §7 "plot").
 *
 * The values y[0..n) are drawn against their index. Non-finite values
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
