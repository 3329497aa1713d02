/* csv.c - numeric CSV files into 2-D f32 tensors (see csv.h). */
#include "csv.h"
#include "../util/alloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double *vals;
    int64_t n, cap;
} Values;

static void push(Values *v, double x) {
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 256;
        v->vals = mg_realloc(v->vals, sizeof(double) * (size_t)v->cap);
    }
    v->vals[v->n++] = x;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Splits one line into numbers; returns the number of fields or -1 with err. */
static int64_t parse_row(const char *who, const char *path, int64_t lineno, char *line, Values *out, MgError *err) {
    int64_t col = 0;
    char *p = line;
    for (;;) {
        char *comma = strchr(p, ',');
        char *end = comma ? comma : p + strlen(p);
        /* trim spaces and an optional pair of quotes */
        char *a = p, *b = end;
        while (a < b && is_blank(*a)) a++;
        while (b > a && is_blank(b[-1])) b--;
        if (b - a >= 2 && *a == '"' && b[-1] == '"') { a++; b--; }
        col++;
        char saved = *b;
        *b = '\0';
        char *stop;
        double x = strtod(a, &stop);
        bool ok = a < b && stop == b;
        if (!ok) {
            mg_error(err, ERR_IO, "%s: %s:%lld: bad number '%.40s' in column %lld", who, path,
                     (long long)lineno, a, (long long)col);
            *b = saved;
            return -1;
        }
        *b = saved;
        push(out, x);
        if (!comma) return col;
        p = comma + 1;
    }
}

/* One line (without its '\n') into *buf, grown with mg_realloc; false at end of file. */
static bool read_line(FILE *f, char **buf, size_t *cap) {
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (n + 2 > *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *buf = mg_realloc(*buf, *cap);
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && n == 0) return false;
    if (!*buf) { *cap = 16; *buf = mg_malloc(*cap); }
    (*buf)[n] = '\0';
    return true;
}

static bool blank_line(const char *s) {
    for (; *s; s++)
        if (!is_blank(*s)) return false;
    return true;
}

Tensor *csv_load(const char *who, const char *path, bool skip_header, Device dev, MgError *err) {
    FILE *f = fopen(path, "r");
    if (!f) {
        mg_error(err, ERR_IO, "%s: cannot open '%s': %s", who, path, strerror(errno));
        return NULL;
    }
    Values v = {0};
    char *line = NULL;
    size_t cap = 0;
    int64_t lineno = 0, rows = 0, cols = -1, first_row_line = 0;
    bool ok = true;
    while (ok && read_line(f, &line, &cap)) {
        lineno++;
        if (lineno == 1 && skip_header) continue;
        if (blank_line(line)) continue;
        int64_t n = parse_row(who, path, lineno, line, &v, err);
        if (n < 0) { ok = false; break; }
        if (cols < 0) { cols = n; first_row_line = lineno; }
        else if (n != cols) {
            mg_error(err, ERR_IO, "%s: %s:%lld: row has %lld column%s, expected %lld (as on line %lld)", who, path,
                     (long long)lineno, (long long)n, n == 1 ? "" : "s", (long long)cols, (long long)first_row_line);
            ok = false;
        }
        rows++;
    }
    if (ok && ferror(f)) ok = mg_error(err, ERR_IO, "%s: cannot read '%s': %s", who, path, strerror(errno));
    mg_free(line);
    fclose(f);
    Tensor *t = NULL;
    if (ok) {
        int64_t shape[2] = {rows, cols < 0 ? 0 : cols};
        t = tn_from_doubles(v.vals, shape, 2, DT_F32, dev, err);
    }
    mg_free(v.vals);
    return t;
}
