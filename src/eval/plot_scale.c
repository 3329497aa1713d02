/* plot_scale.c - the numbers around a chart: the finite range of the data,
 * round tick values, and short labels (see plot.h). */
#include "plot.h"
#include <math.h>
#include <string.h>

int64_t plot_finite_range(const double *y, int64_t n, double *lo, double *hi) {
    int64_t count = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(y[i])) continue;
        if (y[i] < *lo) *lo = y[i];
        if (y[i] > *hi) *hi = y[i];
        count++;
    }
    return count;
}

/* The round number (1, 2 or 5 times a power of ten) nearest x. */
static double nice_step(double x) {
    double p = pow(10, floor(log10(x)));
    double f = x / p;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

int plot_nice_ticks(double lo, double hi, int target, double *first, double *step) {
    if (!(hi > lo)) {
        /* one value: a unit-wide range around it (or 10% of its size) */
        double pad = lo != 0 ? fabs(lo) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    *step = nice_step((hi - lo) / target);
    double k0 = floor(lo / *step), k1 = ceil(hi / *step);
    /* ticks are k * step for whole k, so they print as round numbers */
    *first = k0 * *step;
    return (int)(k1 - k0) + 1;
}

void plot_label(double v, char *buf, size_t cap) {
    if (v == 0) v = 0;    /* no "-0" */
    snprintf(buf, cap, "%.4g", v);
}

void plot_tick_label(double v, double step, char *buf, size_t cap) {
    if (v == 0 || fabs(v) < step * 1e-9) v = 0;
    int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) >= 1e6 || decimals > 6) snprintf(buf, cap, "%g", v);
    else snprintf(buf, cap, "%.*f", decimals, v);
}
