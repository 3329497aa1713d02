/* plot_svg.c - line charts as SVG files (see plot.h).
 *
 * A 640x400 picture: the plot area inside margins, light grid lines and
 * labelled ticks at round numbers on both axes (the x axis is the index of
 * the value, 0 to n-1), the title on top, and the data as one polyline per
 * run of finite values (a lone finite point is a small circle).
 * Also what every SVG picture shares: writing the file, escaping text.
 */
#include "plot.h"
#include <errno.h>
#include <math.h>
#include <string.h>

enum { W = 640, H = 400, LEFT = 70, RIGHT = 20, TOP = 40, BOTTOM = 50 };
#define TARGET_TICKS 6

void plot_svg_write(FILE *out, const double *y, int64_t n, const char *title) {
    double lo, hi;
    int64_t finite = plot_finite_range(y, n, &lo, &hi);
    if (finite == 0) { lo = 0; hi = 1; }
    double y_first, y_step, x_first, x_step;
    int ny = plot_nice_ticks(lo, hi, TARGET_TICKS, &y_first, &y_step);
    double y_lo = y_first, y_hi = y_first + (ny - 1) * y_step;
    double x_hi = n > 1 ? (double)(n - 1) : 1;
    int nx = plot_nice_ticks(0, x_hi, TARGET_TICKS, &x_first, &x_step);
    if (x_step < 1) { x_step = 1; nx = (int)x_hi + 1; }

    const double ax0 = LEFT, ax1 = W - RIGHT, ay0 = TOP, ay1 = H - BOTTOM;
#define SX(x) (ax0 + (x) / x_hi * (ax1 - ax0))
#define SY(v) (ay1 - ((v) - y_lo) / (y_hi - y_lo) * (ay1 - ay0))

    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                 "font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H);
    fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
    if (title && *title) {
        fprintf(out, "<text x=\"%g\" y=\"%d\" text-anchor=\"middle\" font-size=\"16\">", (ax0 + ax1) / 2, TOP - 14);
        plot_xml_text(out, title);
        fputs("</text>\n", out);
    }

    /* grid, ticks and their labels */
    char label[64];
    fputs("<g class=\"y-ticks\">\n", out);
    for (int k = 0; k < ny; k++) {
        double v = (round(y_first / y_step) + k) * y_step;
        double sy = SY(v);
        plot_tick_label(v, y_step, label, sizeof label);
        fprintf(out, "<line x1=\"%g\" y1=\"%.2f\" x2=\"%g\" y2=\"%.2f\" stroke=\"#e0e0e0\"/>\n", ax0, sy, ax1, sy);
        fprintf(out, "<line x1=\"%g\" y1=\"%.2f\" x2=\"%g\" y2=\"%.2f\" stroke=\"black\"/>\n", ax0 - 5, sy, ax0, sy);
        fprintf(out, "<text x=\"%g\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n", ax0 - 8, sy + 4, label);
    }
    fputs("</g>\n<g class=\"x-ticks\">\n", out);
    for (int k = 0; k < nx; k++) {
        double v = k * x_step;
        if (v > x_hi + 1e-9) break;
        double sx = SX(v);
        plot_tick_label(v, x_step, label, sizeof label);
        fprintf(out, "<line x1=\"%.2f\" y1=\"%g\" x2=\"%.2f\" y2=\"%g\" stroke=\"#e0e0e0\"/>\n", sx, ay0, sx, ay1);
        fprintf(out, "<line x1=\"%.2f\" y1=\"%g\" x2=\"%.2f\" y2=\"%g\" stroke=\"black\"/>\n", sx, ay1, sx, ay1 + 5);
        fprintf(out, "<text x=\"%.2f\" y=\"%g\" text-anchor=\"middle\">%s</text>\n", sx, ay1 + 18, label);
    }
    fputs("</g>\n", out);
    fprintf(out, "<path d=\"M%g %g V%g H%g\" fill=\"none\" stroke=\"black\"/>\n", ax0, ay0, ay1, ax1);
    fprintf(out, "<text x=\"%g\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%lld point%s",
            (ax0 + ax1) / 2, H - 12, (long long)n, n == 1 ? "" : "s");
    if (finite < n) fprintf(out, " (%lld not finite, not drawn)", (long long)(n - finite));
    fputs("</text>\n", out);

    /* the data: one polyline per run of finite values */
    for (int64_t i = 0; i < n;) {
        if (!isfinite(y[i])) { i++; continue; }
        int64_t j = i;
        while (j < n && isfinite(y[j])) j++;
        if (j - i == 1) {
            fprintf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2\" fill=\"#1f77b4\"/>\n", SX((double)i), SY(y[i]));
        } else {
            fputs("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"", out);
            for (int64_t k = i; k < j; k++)
                fprintf(out, "%s%.2f,%.2f", k > i ? " " : "", SX((double)k), SY(y[k]));
            fputs("\"/>\n", out);
        }
        i = j;
    }
    fputs("</svg>\n", out);
#undef SX
#undef SY
}

typedef struct { const double *y; int64_t n; const char *title; } LineChart;

static void write_line_chart(FILE *out, const void *ctx) {
    const LineChart *c = ctx;
    plot_svg_write(out, c->y, c->n, c->title);
}

bool plot_svg(const char *who, const char *path, const double *y, int64_t n, const char *title, MgError *err) {
    LineChart c = {y, n, title};
    return plot_write_file(who, path, write_line_chart, &c, err);
}

bool plot_write_file(const char *who, const char *path, void (*write)(FILE *out, const void *ctx),
                     const void *ctx, MgError *err) {
    FILE *f = fopen(path, "w");
    if (!f) return mg_error(err, ERR_IO, "%s: cannot write '%s': %s", who, path, strerror(errno));
    write(f, ctx);
    bool ok = !ferror(f);
    int e = errno;
    if (fclose(f) != 0 && ok) { ok = false; e = errno; }
    if (!ok) return mg_error(err, ERR_IO, "%s: cannot write '%s': %s", who, path, strerror(e));
    return true;
}

void plot_xml_text(FILE *out, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default:
            /* control characters are not allowed in XML 1.0 */
            if ((unsigned char)*s < 0x20 && *s != '\t') fputc(' ', out);
            else fputc(*s, out);
        }
    }
}
