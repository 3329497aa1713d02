/* plot_heat_term.c - heat maps in the terminal with shaded blocks (see
 * plot.h).
 *
 * Five shades from light to dark, ' ' ░ ▒ ▓ █, each a fifth of the colour
 * scale; on a scale [-m, m] the middle one, ▒, is the band around 0 (for a
 * classifier's logits: where it is unsure). A legend under the map gives
 * the values where the shades change. Points are letters on top.
 */
#include "plot.h"
#include "../util/alloc.h"
#include <math.h>
#include <string.h>

enum { N_SHADES = 5, NOT_FINITE = N_SHADES, MARK_CLASS0, MARK_CLASS1, MARK_POINT };
static const char *const GLYPH[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588", "?", "o", "x", "*"};

static int shade_of(double v, double lo, double hi) {
    if (!isfinite(v)) return NOT_FINITE;
    int k = (int)floor((v - lo) / (hi - lo) * N_SHADES);
    return k < 0 ? 0 : k >= N_SHADES ? N_SHADES - 1 : k;
}

void plot_heat_term_size(int64_t rows, int64_t cols, int *width, int *height) {
    /* a cell two characters wide and one tall is about square */
    double s = fmin(1, fmin(PLOT_TERM_WIDTH / (2.0 * (double)cols), 2.0 * PLOT_TERM_HEIGHT / (double)rows));
    *width = (int)fmax(1, round(2.0 * (double)cols * s));
    *height = (int)fmax(1, round((double)rows * s));
}

/* The glyph of every character: the cell under its centre, then the points. */
static unsigned char *paint(const PlotHeat *h, int width, int height, double lo, double hi) {
    unsigned char *g = mg_calloc((size_t)width * (size_t)height, 1);
    for (int r = 0; r < height; r++) {
        int64_t i = h->rows - 1 - (int64_t)floor((r + 0.5) * (double)h->rows / height);   /* row 0 at the bottom */
        for (int c = 0; c < width; c++) {
            int64_t j = (int64_t)floor((c + 0.5) * (double)h->cols / width);
            g[r * width + c] = (unsigned char)shade_of(h->z[i * h->cols + j], lo, hi);
        }
    }
    for (int64_t k = 0; k < h->n_points; k++) {
        double fx, fy;
        if (!plot_heat_point_at(h, k, &fx, &fy)) continue;
        int c = (int)fmin(width - 1, floor(fx * width));
        int r = (int)fmin(height - 1, floor((1 - fy) * height));
        g[r * width + c] = !h->classes ? MARK_POINT : h->classes[k] == 0 ? MARK_CLASS0 : MARK_CLASS1;
    }
    return g;
}

void plot_heat_term(FILE *out, const PlotHeat *h, int width, int height) {
    double lo, hi;
    int64_t n = h->rows * h->cols;
    int64_t finite = plot_heat_scale(h, &lo, &hi);
    unsigned char *g = paint(h, width, height, lo, hi);
    if (h->title && *h->title) fprintf(out, "%s\n", h->title);

    /* the end rows and columns are labelled with their coordinates */
    char top[32], bottom[32], left[32], right[32];
    plot_label(h->has_extent ? h->y1 : (double)(h->rows - 1), top, sizeof top);
    plot_label(h->has_extent ? h->y0 : 0, bottom, sizeof bottom);
    plot_label(h->has_extent ? h->x0 : 0, left, sizeof left);
    plot_label(h->has_extent ? h->x1 : (double)(h->cols - 1), right, sizeof right);
    int lw = (int)(strlen(top) > strlen(bottom) ? strlen(top) : strlen(bottom));
    for (int r = 0; r < height; r++) {
        bool tick = r == 0 || r == height - 1;
        const char *label = r == 0 ? top : r == height - 1 ? bottom : "";
        fprintf(out, "%*s %s", lw, label, tick ? "\u2524" : "\u2502");   /* ┤ or │ */
        for (int c = 0; c < width; c++) fputs(GLYPH[g[r * width + c]], out);
        fputc('\n', out);
    }
    fprintf(out, "%*s \u2514", lw, "");                                  /* └ */
    for (int c = 0; c < width; c++) fputs("\u2500", out);                /* ─ */
    int gap = width - (int)strlen(left) - (int)strlen(right);
    fprintf(out, "\n%*s  %s%*s%s\n", lw, "", left, gap > 1 ? gap : 1, "", right);

    /* the legend: ' ' < b1 ≤ '░' < b2 ≤ ... ≤ '█' */
    fprintf(out, "%*s  '%s'", lw, "", GLYPH[0]);
    for (int k = 1; k < N_SHADES; k++) {
        char b[32];
        plot_label(lo + (hi - lo) * k / N_SHADES, b, sizeof b);
        fprintf(out, " < %s \u2264 '%s'", b, GLYPH[k]);
    }
    fprintf(out, "\n%*s  %lld x %lld grid", lw, "", (long long)h->rows, (long long)h->cols);
    if (finite < n) fprintf(out, ", %lld not finite (?)", (long long)(n - finite));
    if (h->n_points > 0) {
        fprintf(out, ", %lld point%s", (long long)h->n_points, h->n_points == 1 ? "" : "s");
        if (h->classes) fputs(" (o class 0, x class 1)", out);
        int64_t left_out = h->n_points - plot_heat_points_drawn(h);
        if (left_out > 0) fprintf(out, ", %lld outside or not finite, not drawn", (long long)left_out);
    }
    fputc('\n', out);
    mg_free(g);
}
