/* plot_heat_svg.c - heat maps as SVG files (see plot.h).
 *
 * A 640x480 picture: the grid as one rect per value inside the plot area,
 * labelled ticks at round numbers on both axes, the points on top, and on
 * the right a colour bar - one rect filled with the scale as a gradient,
 * with its own ticks. The scale runs blue -> white -> red; the points are
 * drawn in stronger versions of the same two colours with a dark ring, so
 * a point shows both its class and whether it sits in its own region.
 */
#include "plot.h"
#include <math.h>

enum { W = 640, H = 480, LEFT = 60, RIGHT = 110, TOP = 40, BOTTOM = 60, BAR_GAP = 20, BAR_W = 16 };
#define TARGET_TICKS 6

typedef struct { int r, g, b; } Rgb;
static const Rgb SCALE_LOW = {0x67, 0xa9, 0xcf}, SCALE_MID = {0xf7, 0xf7, 0xf7}, SCALE_HIGH = {0xef, 0x8a, 0x62};
static const Rgb NOT_FINITE = {0xbd, 0xbd, 0xbd};
static const char *const CLASS_FILL[2] = {"#2166ac", "#b2182b"};
#define NO_CLASS_FILL "#222222"

static Rgb mix(Rgb a, Rgb b, double t) {
    return (Rgb){(int)lround(a.r + (b.r - a.r) * t), (int)lround(a.g + (b.g - a.g) * t),
                 (int)lround(a.b + (b.b - a.b) * t)};
}

/* The same piecewise-linear mapping as the colour bar's gradient. */
static Rgb colour_of(double v, double lo, double hi) {
    if (!isfinite(v)) return NOT_FINITE;
    double t = fmin(1, fmax(0, (v - lo) / (hi - lo)));
    return t < 0.5 ? mix(SCALE_LOW, SCALE_MID, 2 * t) : mix(SCALE_MID, SCALE_HIGH, 2 * t - 1);
}

/* A scale along one side of the picture: data values [lo, hi] drawn from
 * pixel p_lo to pixel p_hi, its ticks at the other coordinate `at`. */
typedef struct { double lo, hi, p_lo, p_hi, at; } Axis;

static double pixel(const Axis *a, double v) { return a->p_lo + (v - a->lo) / (a->hi - a->lo) * (a->p_hi - a->p_lo); }

/* Calls tick(out, a, v, label) for round values in [a->lo, a->hi]; whole:
 * only whole numbers (indexes). */
static void each_tick(FILE *out, const Axis *a, bool whole,
                      void (*tick)(FILE *out, const Axis *a, double v, const char *label)) {
    double lo = a->lo, hi = a->hi;
    double first, step;
    int n = plot_nice_ticks(lo, hi, TARGET_TICKS, &first, &step);
    if (whole && step < 1) {
        step = 1;
        first = floor(lo);
        n = (int)(ceil(hi) - first) + 1;
    }
    double eps = (hi - lo) * 1e-9;
    char label[64];
    for (int k = 0; k < n; k++) {
        double v = (round(first / step) + k) * step;
        if (v < lo - eps || v > hi + eps) continue;
        plot_tick_label(v, step, label, sizeof label);
        tick(out, a, v, label);
    }
}

static void x_tick(FILE *out, const Axis *a, double v, const char *label) {
    double sx = pixel(a, v);
    fprintf(out, "<line x1=\"%.2f\" y1=\"%g\" x2=\"%.2f\" y2=\"%g\" stroke=\"black\"/>\n", sx, a->at, sx, a->at + 5);
    fprintf(out, "<text x=\"%.2f\" y=\"%g\" text-anchor=\"middle\">%s</text>\n", sx, a->at + 18, label);
}

static void y_tick(FILE *out, const Axis *a, double v, const char *label) {
    double sy = pixel(a, v);
    fprintf(out, "<line x1=\"%g\" y1=\"%.2f\" x2=\"%g\" y2=\"%.2f\" stroke=\"black\"/>\n", a->at - 5, sy, a->at, sy);
    fprintf(out, "<text x=\"%g\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n", a->at - 8, sy + 4, label);
}

static void bar_tick(FILE *out, const Axis *a, double v, const char *label) {
    double sy = pixel(a, v);
    fprintf(out, "<line x1=\"%g\" y1=\"%.2f\" x2=\"%g\" y2=\"%.2f\" stroke=\"black\"/>\n", a->at, sy, a->at + 4, sy);
    fprintf(out, "<text x=\"%g\" y=\"%.2f\">%s</text>\n", a->at + 7, sy + 4, label);
}

static void cells(FILE *out, const PlotHeat *h, const Axis *xs, const Axis *ys, double lo, double hi) {
    /* cell (i, j) spans [x_j, x_j+1] x [y_i, y_i+1] between the picture's
     * edges; neighbours share their edge values, so no seams show */
    double cw = (xs->hi - xs->lo) / (double)h->cols, ch = (ys->hi - ys->lo) / (double)h->rows;
    fputs("<g class=\"cells\" shape-rendering=\"crispEdges\">\n", out);
    for (int64_t i = 0; i < h->rows; i++) {
        double top = pixel(ys, ys->lo + (double)(i + 1) * ch), bottom = pixel(ys, ys->lo + (double)i * ch);
        for (int64_t j = 0; j < h->cols; j++) {
            double left = pixel(xs, xs->lo + (double)j * cw), right = pixel(xs, xs->lo + (double)(j + 1) * cw);
            Rgb c = colour_of(h->z[i * h->cols + j], lo, hi);
            fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#%02x%02x%02x\"/>\n",
                    left, top, right - left, bottom - top, c.r, c.g, c.b);
        }
    }
    fputs("</g>\n", out);
}

static void points(FILE *out, const PlotHeat *h) {
    const double ax0 = LEFT, ax1 = W - RIGHT, ay0 = TOP, ay1 = H - BOTTOM;
    fputs("<g class=\"points\" stroke-width=\"0.8\">\n", out);
    for (int64_t k = 0; k < h->n_points; k++) {
        double fx, fy;
        if (!plot_heat_point_at(h, k, &fx, &fy)) continue;
        int cls = h->classes ? (int)h->classes[k] : -1;
        fprintf(out, "<circle class=\"%s\" cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"%s\" stroke=\"%s\"/>\n",
                cls == 0 ? "p0" : cls == 1 ? "p1" : "p", ax0 + fx * (ax1 - ax0), ay1 - fy * (ay1 - ay0),
                cls < 0 ? NO_CLASS_FILL : CLASS_FILL[cls], cls < 0 ? "white" : "black");
    }
    fputs("</g>\n", out);
}

static void colour_bar(FILE *out, double lo, double hi) {
    const double bx = W - RIGHT + BAR_GAP, ay0 = TOP, ay1 = H - BOTTOM;
    fprintf(out, "<defs><linearGradient id=\"mg-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
                 "<stop offset=\"0\" stop-color=\"#%02x%02x%02x\"/>"
                 "<stop offset=\"0.5\" stop-color=\"#%02x%02x%02x\"/>"
                 "<stop offset=\"1\" stop-color=\"#%02x%02x%02x\"/></linearGradient></defs>\n",
            SCALE_LOW.r, SCALE_LOW.g, SCALE_LOW.b, SCALE_MID.r, SCALE_MID.g, SCALE_MID.b,
            SCALE_HIGH.r, SCALE_HIGH.g, SCALE_HIGH.b);
    fprintf(out, "<rect class=\"colour-bar\" x=\"%g\" y=\"%g\" width=\"%d\" height=\"%g\" "
                 "fill=\"url(#mg-scale)\" stroke=\"black\"/>\n", bx, ay0, BAR_W, ay1 - ay0);
    const Axis bar = {lo, hi, ay1, ay0, bx + BAR_W};
    fputs("<g class=\"colour-bar-ticks\">\n", out);
    each_tick(out, &bar, false, bar_tick);
    fputs("</g>\n", out);
}

static void footer(FILE *out, const PlotHeat *h, int64_t finite) {
    int64_t n = h->rows * h->cols;
    fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%lld x %lld grid",
            (LEFT + W - RIGHT) / 2, H - 12, (long long)h->rows, (long long)h->cols);
    if (finite < n) fprintf(out, ", %lld not finite (grey)", (long long)(n - finite));
    if (h->n_points > 0) {
        fprintf(out, ", %lld point%s", (long long)h->n_points, h->n_points == 1 ? "" : "s");
        if (h->classes)
            fprintf(out, " (<tspan fill=\"%s\">\u25cf</tspan> class 0, <tspan fill=\"%s\">\u25cf</tspan> class 1)",
                    CLASS_FILL[0], CLASS_FILL[1]);
        int64_t left_out = h->n_points - plot_heat_points_drawn(h);
        if (left_out > 0) fprintf(out, ", %lld outside or not finite, not drawn", (long long)left_out);
    }
    fputs("</text>\n", out);
}

void plot_heat_svg_write(FILE *out, const PlotHeat *h) {
    double lo, hi, xlo, xhi, ylo, yhi;
    int64_t finite = plot_heat_scale(h, &lo, &hi);
    plot_heat_bounds(h, &xlo, &xhi, &ylo, &yhi);
    const double ax0 = LEFT, ax1 = W - RIGHT, ay0 = TOP, ay1 = H - BOTTOM;
    const Axis xs = {xlo, xhi, ax0, ax1, ay1}, ys = {ylo, yhi, ay1, ay0, ax0};

    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                 "font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H);
    fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
    if (h->title && *h->title) {
        fprintf(out, "<text x=\"%g\" y=\"%d\" text-anchor=\"middle\" font-size=\"16\">", (ax0 + ax1) / 2, TOP - 14);
        plot_xml_text(out, h->title);
        fputs("</text>\n", out);
    }
    cells(out, h, &xs, &ys, lo, hi);
    fputs("<g class=\"x-ticks\">\n", out);
    each_tick(out, &xs, !h->has_extent, x_tick);
    fputs("</g>\n<g class=\"y-ticks\">\n", out);
    each_tick(out, &ys, !h->has_extent, y_tick);
    fputs("</g>\n", out);
    fprintf(out, "<rect class=\"frame\" x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"none\" stroke=\"black\"/>\n",
            ax0, ay0, ax1 - ax0, ay1 - ay0);
    points(out, h);
    colour_bar(out, lo, hi);
    footer(out, h, finite);
    fputs("</svg>\n", out);
}

static void write_heat(FILE *out, const void *ctx) { plot_heat_svg_write(out, ctx); }

bool plot_heat_svg(const char *who, const char *path, const PlotHeat *h, MgError *err) {
    return plot_write_file(who, path, write_heat, h, err);
}
