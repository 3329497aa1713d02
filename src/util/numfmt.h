/* numfmt.h - numbers as mg prints them (SPEC §3).
 *
 * The shortest decimal that reads back (strtod) to the same double, with no
 * trailing ".0": 5, 0.1, 0.3333333333333333, 1e-10, 1e+20, nan, inf, -inf.
 * Exponent form is used as JavaScript/Python repr do: when the decimal
 * exponent is < -4 or >= 16 (Python's repr rule for floats).
 */
#ifndef MG_NUMFMT_H
#define MG_NUMFMT_H
#include <stddef.h>

/* Writes into buf (32 bytes are always enough) and returns buf. */
char *mg_fmt_number(double v, char *buf, size_t n);

#endif
