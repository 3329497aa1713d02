/* reference_data.h - reading the PyTorch reference files of tests/reference/.
 *
 * The files written by scripts/gen_reference*.py share one layout (documented
 * in scripts/gen_reference.py): blocks from `case OP NAME` to `end`, one
 * keyword line per item, and for some keywords a tensor header
 * "NDIM D1..Dn" on that line with the values on the next line. This header
 * reads any such file into cases of items, leaving the meaning of each
 * keyword to the test: a test names its tensor keywords and where their
 * "NDIM" token sits, e.g. {"input", 2} for `input GRAD NDIM D1..Dn`.
 *
 * Also here, because every reference test needs them: parameter lookup
 * (`param KEY TOKENS...` items), inputs with their views, index entries,
 * making a tensor and comparing a result. The op each case names is in
 * reference_ops.h. Header-only (static inline): the Makefile builds each
 * tests/unit/test_*.c alone. Run tests from the repository root. */
#ifndef MG_TEST_REFERENCE_DATA_H
#define MG_TEST_REFERENCE_DATA_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tensor/tensor.h"
#include "util/alloc.h"

typedef struct RdLine {          /* one line, split at whitespace */
    char **tok;
    int n;
} RdLine;

typedef struct RdTensor {
    int ndim;
    int64_t shape[TN_MAX_DIMS];
    int64_t numel;
    double *v;
} RdTensor;

typedef struct RdItem {          /* one keyword line, with its tensor if it has one */
    RdLine line;                 /* tok[0] is the keyword */
    bool has_tensor;
    RdTensor t;
} RdItem;

typedef struct RdCase {
    const char *op, *name;
    RdItem *items;               /* in file order */
    int nitems;
} RdCase;

typedef struct RdFile {
    char *text;                  /* owns every token */
    RdLine *lines;
    int nlines;
    RdCase *cases;
    int ncases;
} RdFile;

/* A keyword followed by a tensor, and the index of its NDIM token. */
typedef struct RdTensorKey {
    const char *key;
    int at;
} RdTensorKey;

static inline bool rd_is(const RdLine *l, const char *word) {
    return l->n > 0 && strcmp(l->tok[0], word) == 0;
}

static inline RdLine rd_split(char *s) {
    int cap = 16;
    RdLine l = {mg_malloc((size_t)cap * sizeof(char *)), 0};
    for (char *save = NULL, *t = strtok_r(s, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
        if (l.n == cap) l.tok = mg_realloc(l.tok, (size_t)(cap *= 2) * sizeof(char *));
        l.tok[l.n++] = t;
    }
    return l;
}

/* "NDIM D1..Dn" starting at head->tok[at], values from vals (strtod reads nan, inf). */
static inline bool rd_read_tensor(const RdLine *head, int at, const RdLine *vals, RdTensor *t) {
    if (head->n < at + 1) return false;
    t->ndim = atoi(head->tok[at]);
    if (t->ndim < 0 || t->ndim > TN_MAX_DIMS || head->n != at + 1 + t->ndim) return false;
    t->numel = 1;
    for (int d = 0; d < t->ndim; d++) t->numel *= (t->shape[d] = atoll(head->tok[at + 1 + d]));
    if (vals->n != t->numel) return false;
    t->v = mg_malloc((size_t)t->numel * sizeof(double) + 1);
    for (int64_t i = 0; i < t->numel; i++) t->v[i] = strtod(vals->tok[i], NULL);
    return true;
}

static inline int rd_tensor_at(const RdTensorKey *keys, const RdLine *l) {
    for (const RdTensorKey *k = keys; k->key; k++)
        if (rd_is(l, k->key)) return k->at;
    return -1;
}

static inline void rd_free(RdFile *f) {
    for (int c = 0; c < f->ncases; c++) {
        for (int i = 0; i < f->cases[c].nitems; i++) mg_free(f->cases[c].items[i].t.v);
        mg_free(f->cases[c].items);
    }
    for (int i = 0; i < f->nlines; i++) mg_free(f->lines[i].tok);
    mg_free(f->cases);
    mg_free(f->lines);
    mg_free(f->text);
    memset(f, 0, sizeof *f);
}

/* Reads path; keys ends with {NULL, 0}. False (f emptied) when the file is
 * missing or malformed. */
static inline bool rd_load(const char *path, const RdTensorKey *keys, RdFile *f) {
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    f->text = mg_malloc((size_t)size + 1);
    size_t got = fread(f->text, 1, (size_t)size, fp);
    fclose(fp);
    f->text[got] = '\0';
    int cap = 1024;
    f->lines = mg_malloc((size_t)cap * sizeof(RdLine));
    for (char *save = NULL, *s = strtok_r(f->text, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
        if (s[0] == '#') continue;
        RdLine l = rd_split(s);
        if (l.n == 0) { mg_free(l.tok); continue; }
        if (f->nlines == cap) f->lines = mg_realloc(f->lines, (size_t)(cap *= 2) * sizeof(RdLine));
        f->lines[f->nlines++] = l;
    }
    int ccap = 16;
    f->cases = mg_calloc((size_t)ccap, sizeof(RdCase));
    for (int i = 0; i < f->nlines;) {
        if (!rd_is(&f->lines[i], "case") || f->lines[i].n != 3) goto bad;
        if (f->ncases == ccap) {
            f->cases = mg_realloc(f->cases, (size_t)(ccap * 2) * sizeof(RdCase));
            memset(f->cases + ccap, 0, (size_t)ccap * sizeof(RdCase));
            ccap *= 2;
        }
        RdCase *c = &f->cases[f->ncases++];
        c->op = f->lines[i].tok[1];
        c->name = f->lines[i].tok[2];
        int icap = 0;
        for (i++; i < f->nlines && !rd_is(&f->lines[i], "end"); i++) {
            if (c->nitems == icap)
                c->items = mg_realloc(c->items, (size_t)(icap = icap ? 2 * icap : 16) * sizeof(RdItem));
            RdItem *it = &c->items[c->nitems++];
            *it = (RdItem){.line = f->lines[i]};
            int at = rd_tensor_at(keys, &it->line);
            if (at < 0) continue;
            if (i + 1 >= f->nlines || !rd_read_tensor(&it->line, at, &f->lines[i + 1], &it->t)) goto bad;
            it->has_tensor = true;
            i++;
        }
        if (i >= f->nlines) goto bad;   /* no "end" */
        i++;
    }
    return true;
bad:
    rd_free(f);
    return false;
}

/* ---- parameters: `param KEY TOKENS...` items ------------------------------------ */

static inline const RdLine *rd_param(const RdCase *c, const char *key) {
    for (int i = 0; i < c->nitems; i++) {
        const RdLine *l = &c->items[i].line;
        if (rd_is(l, "param") && l->n > 1 && strcmp(l->tok[1], key) == 0) return l;
    }
    return NULL;
}

static inline double rd_p_double(const RdCase *c, const char *key, double def) {
    const RdLine *l = rd_param(c, key);
    return l && l->n > 2 ? strtod(l->tok[2], NULL) : def;
}

static inline int rd_p_int(const RdCase *c, const char *key, int def) { return (int)rd_p_double(c, key, def); }
static inline bool rd_p_bool(const RdCase *c, const char *key, bool def) { return rd_p_double(c, key, def) != 0; }

/* "none" -> TN_ALL_AXES */
static inline int rd_p_axis(const RdCase *c, const char *key, int def) {
    const RdLine *l = rd_param(c, key);
    if (!l || l->n < 3) return def;
    return strcmp(l->tok[2], "none") == 0 ? TN_ALL_AXES : atoi(l->tok[2]);
}

/* The numbers after the key ("param shape 2 3 4"); how many. */
static inline int rd_p_list(const RdCase *c, const char *key, int64_t *out) {
    const RdLine *l = rd_param(c, key);
    int n = 0;
    for (int i = 2; l && i < l->n && n < TN_MAX_DIMS; i++) out[n++] = atoll(l->tok[i]);
    return n;
}

/* ---- inputs: `input GRAD NDIM D1..Dn` items, each followed by its `view` items ---- */

#define RD_MAX_IN 4
#define RD_MAX_VIEWS 4

typedef struct RdInput {
    const RdTensor *base;
    bool grad;                   /* its gradient is compared */
    int nviews;
    const RdLine *views[RD_MAX_VIEWS];   /* applied in order before the op */
} RdInput;

/* Adds an `input` item to in[0..*nin), or a `view` item to the last input.
 * False when there are more than RD_MAX_IN inputs or RD_MAX_VIEWS views, or a
 * view comes before any input. */
static inline bool rd_add_input(RdInput *in, int *nin, const RdItem *it) {
    const RdLine *l = &it->line;
    if (rd_is(l, "input")) {
        if (*nin == RD_MAX_IN) return false;
        in[*nin] = (RdInput){.base = &it->t, .grad = atoi(l->tok[1]) != 0};
        (*nin)++;
        return true;
    }
    if (*nin == 0 || in[*nin - 1].nviews == RD_MAX_VIEWS) return false;
    RdInput *last = &in[*nin - 1];
    last->views[last->nviews++] = l;
    return true;
}

/* ---- index entries and views ------------------------------------------------------ */

/* "i N" / "s START STOP STEP" entries ("_": omitted) */
static inline int rd_parse_index(char **tok, int ntok, TnIndex *out) {
    int n = 0;
    for (int i = 0; i < ntok && n < TN_MAX_DIMS;) {
        TnIndex ix = {0};
        if (strcmp(tok[i], "i") == 0 && i + 1 < ntok) {
            ix.index = atoll(tok[i + 1]);
            i += 2;
        } else if (i + 3 < ntok) {
            ix.is_slice = true;
            ix.has_start = strcmp(tok[i + 1], "_") != 0;
            ix.has_stop = strcmp(tok[i + 2], "_") != 0;
            ix.start = ix.has_start ? atoll(tok[i + 1]) : 0;
            ix.stop = ix.has_stop ? atoll(tok[i + 2]) : 0;
            ix.step = strcmp(tok[i + 3], "_") != 0 ? atoll(tok[i + 3]) : 1;
            i += 4;
        } else {
            break;
        }
        out[n++] = ix;
    }
    return n;
}

/* A `view KIND ARGS...` line: transpose D0 D1 | index ENTRIES | expand NDIM D1..Dn. */
static inline Tensor *rd_apply_view(Tensor *t, const RdLine *v, MgError *err) {
    if (v->n > 3 && strcmp(v->tok[1], "transpose") == 0)
        return tn_transpose(t, atoi(v->tok[2]), atoi(v->tok[3]), err);
    if (v->n > 1 && strcmp(v->tok[1], "index") == 0) {
        TnIndex ix[TN_MAX_DIMS];
        int n = rd_parse_index(v->tok + 2, v->n - 2, ix);
        return tn_index(t, ix, n, err);
    }
    int64_t shape[TN_MAX_DIMS];
    int nd = v->n > 2 ? atoi(v->tok[2]) : 0;
    for (int d = 0; d < nd && d < TN_MAX_DIMS && 3 + d < v->n; d++) shape[d] = atoll(v->tok[3 + d]);
    return tn_expand(t, shape, nd, err);
}

/* ---- tensors and comparisons --------------------------------------------------- */

static inline Tensor *rd_make(const RdTensor *r, DType dt, MgError *err) {
    return tn_from_doubles(r->v, r->shape, r->ndim, dt, DEV_CPU, err);
}

/* Largest violation of |a - e| <= tol * (1 + |e|) as a ratio to the
 * allowance (<= 1 passes); nan matches nan, inf matches the same inf. why
 * gets the worst element (or the shape mismatch); *max_abs (when not NULL)
 * the largest |a - e| over the finite elements. */
static inline double rd_compare_abs(const Tensor *got, const RdTensor *want, double tol, double *max_abs,
                                    char *why, size_t nwhy) {
    double biggest = 0;
    if (max_abs) *max_abs = 0;
    bool same = got->ndim == want->ndim;
    for (int d = 0; same && d < got->ndim; d++) same = got->shape[d] == want->shape[d];
    if (!same) {
        char a[128], b[128];
        snprintf(why, nwhy, "shape %s, expected %s", tn_shape_str(got->shape, got->ndim, a, sizeof a),
                 tn_shape_str(want->shape, want->ndim, b, sizeof b));
        return INFINITY;
    }
    double *v = mg_malloc((size_t)got->numel * sizeof(double) + 1);
    tn_to_doubles(got, v);
    double worst = 0;
    if (nwhy) why[0] = '\0';
    for (int64_t i = 0; i < got->numel; i++) {
        double a = v[i], e = want->v[i], r;
        if (isnan(e) || isnan(a)) r = isnan(e) && isnan(a) ? 0 : INFINITY;
        else if (isinf(e) || isinf(a)) r = a == e ? 0 : INFINITY;
        else {
            double diff = fabs(a - e);
            if (diff > biggest) biggest = diff;
            r = diff / (tol * (1 + fabs(e)));
        }
        if (r > worst) {
            worst = r;
            snprintf(why, nwhy, "element %lld: got %.17g, expected %.17g", (long long)i, a, e);
        }
    }
    mg_free(v);
    if (max_abs) *max_abs = biggest;
    return worst;
}

static inline double rd_compare(const Tensor *got, const RdTensor *want, double tol, char *why, size_t nwhy) {
    return rd_compare_abs(got, want, tol, NULL, why, nwhy);
}

#endif
