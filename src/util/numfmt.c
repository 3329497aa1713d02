/* numfmt.c - the shortest decimal that reads back to the same double,
 * written the way Python's repr() writes floats, without a trailing ".0".
 *
 * 1. Find the fewest significant digits p (1..17) for which "%.{p-1}e"
 *    reads back (strtod) to exactly v. 17 digits always do for a double.
 * 2. Take that digit string and decimal exponent apart and lay them out:
 *    plain decimal when -4 <= exponent < 16 (0.0001, 1234.5,
 *    1000000000000000), otherwise d[.ddd]e±XX with at least two exponent
 *    digits (1e-05, 1.5e-07, 1e+16).
 */
#include "numfmt.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The significant digits of |v| (no dot, no trailing zeros) and its decimal
 * exponent: 1234.5 -> "12345", 3. */
static void shortest_digits(double v, char digits[20], int *exponent) {
    char tmp[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
        if (strtod(tmp, NULL) == v) break;
    }
    /* tmp is "d.ddde[+-]XX" (or "de[+-]XX" when p == 1), v > 0 */
    int n = 0;
    const char *s = tmp;
    for (; *s && *s != 'e'; s++)
        if (*s != '.') digits[n++] = *s;
    while (n > 1 && digits[n - 1] == '0') n--;
    digits[n] = '\0';
    *exponent = atoi(s + 1);
}

char *mg_fmt_number(double v, char *buf, size_t n) {
    if (isnan(v)) { snprintf(buf, n, "nan"); return buf; }
    if (isinf(v)) { snprintf(buf, n, v < 0 ? "-inf" : "inf"); return buf; }
    if (v == 0) { snprintf(buf, n, signbit(v) ? "-0" : "0"); return buf; }

    char digits[20];
    int e;
    shortest_digits(fabs(v), digits, &e);
    int nd = (int)strlen(digits);
    char out[40];
    char *o = out;
    if (v < 0) *o++ = '-';
    if (e < -4 || e >= 16) {
        *o++ = digits[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        sprintf(o, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else if (e < 0) {
        /* 0.000ddd: -e - 1 zeros after the point */
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -e - 1; i++) *o++ = '0';
        memcpy(o, digits, (size_t)nd);
        o[nd] = '\0';
    } else {
        /* e + 1 digits before the point, padded with zeros */
        for (int i = 0; i <= e; i++) *o++ = i < nd ? digits[i] : '0';
        if (nd > e + 1) {
            *o++ = '.';
            memcpy(o, digits + e + 1, (size_t)(nd - e - 1));
            o += nd - e - 1;
        }
        *o = '\0';
    }
    snprintf(buf, n, "%s", out);
    return buf;
}
