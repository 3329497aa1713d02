/* plot_term.c - line charts in the terminal with Unicode braille (see plot.h).
 *
 * A braille character U+2800 + bits shows a 2-wide, 4-high grid of dots;
 * bit b of the offset lights one dot:
 *     col 0  col 1
 *      0x01   0x08    row 0
 *      0x02   0x10    row 1
 *      0x04   0x20    row 2
 *      0x40   0x80    row 3
 * The chart is a canvas of (2 * width) x (4 * height) dots; consecutive
 * finite points are joined with straight lines (Bresenham).
 */
#include "plot.h"
#include "../util/alloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int w, h;                 /* in dots */
    unsigned char *cells;     /* one byte of braille bits per character */
    int cols;
} Canvas;

static const unsigned char DOT_BIT[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

static void set_dot(Canvas *c, int x, int y) {
    if (x < 0 || y < 0 || x >= c->w || y >= c->h) return;
    c->cells[(y / 4) * c->cols + x / 2] |= DOT_BIT[y % 4][x % 2];
}

static void line(Canvas *c, int x0, int y0, int x1, int y1) {
    int dx = abs(x1 - x0), dy = -abs(y1 - y0);
    int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int e = dx + dy;
    for (;;) {
        set_dot(c, x0, y0);
        if (x0 == x1 && y0 == y1) break;
        int e2 = 2 * e;
        if (e2 >= dy) { e += dy; x0 += sx; }
        if (e2 <= dx) { e += dx; y0 += sy; }
    }
}

static void put_braille(FILE *out, unsigned char bits) {
    /* U+2800 + bits in UTF-8: E2 A0|(bits >> 6) 80|(bits & 0x3F) */
    fputc(0xE2, out);
    fputc(0xA0 | (bits >> 6), out);
    fputc(0x80 | (bits & 0x3F), out);
}

static void repeat(FILE *out, const char *s, int n) {
    for (int i = 0; i < n; i++) fputs(s, out);
}

void plot_term(FILE *out, const double *y, int64_t n, const char *title, int width, int height) {
    double lo, hi;
    int64_t finite = plot_finite_range(y, n, &lo, &hi);
    if (title && *title) fprintf(out, "%s\n", title);
    if (finite == 0) {
        fprintf(out, "(nothing to draw: %lld point%s, none finite)\n", (long long)n, n == 1 ? "" : "s");
        return;
    }
    Canvas c = {.w = 2 * width, .h = 4 * height, .cols = width};
    c.cells = mg_calloc((size_t)width * (size_t)height, 1);

    /* point i of n sits at dot column round(i * (w - 1) / (n - 1)); the
     * largest value on the top dot row, the smallest on the bottom one
     * (a constant series in the middle) */
    int px = 0, py = 0;
    bool have_prev = false;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(y[i])) { have_prev = false; continue; }
        int x = n == 1 ? 0 : (int)lround((double)i * (c.w - 1) / (double)(n - 1));
        int yy = hi == lo ? c.h / 2 : (int)lround((hi - y[i]) / (hi - lo) * (c.h - 1));
        if (have_prev) line(&c, px, py, x, yy);
        else set_dot(&c, x, yy);
        px = x;
        py = yy;
        have_prev = true;
    }

    char top[32], bottom[32];
    plot_label(hi, top, sizeof top);
    plot_label(lo, bottom, sizeof bottom);
    int lw = (int)(strlen(top) > strlen(bottom) ? strlen(top) : strlen(bottom));
    for (int r = 0; r < height; r++) {
        const char *label = r == 0 ? top : r == height - 1 ? bottom : "";
        bool tick = r == 0 || r == height - 1;
        fprintf(out, "%*s %s", lw, label, tick ? "\u2524" : "\u2502");   /* ┤ or │ */
        for (int k = 0; k < width; k++) put_braille(out, c.cells[r * width + k]);
        fputc('\n', out);
    }
    fprintf(out, "%*s \u2514", lw, "");                                  /* └ */
    repeat(out, "\u2500", width);                                        /* ─ */
    fprintf(out, "\n%*s  %lld point%s", lw, "", (long long)n, n == 1 ? "" : "s");
    if (finite < n) fprintf(out, " (%lld not finite, not drawn)", (long long)(n - finite));
    fputc('\n', out);
    mg_free(c.cells);
}
