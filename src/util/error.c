/* error.c - building and printing user errors (see error.h). */
#include "error.h"
#include "alloc.h"
#include <stdarg.h>
#include <string.h>

typedef struct SourceList { Source *src; struct SourceList *next; } SourceList;
static SourceList *all_sources;

Source *mg_source_new(const char *name, const char *text, size_t len) {
    Source *s = mg_calloc(1, sizeof *s);
    s->name = mg_strdup(name);
    s->text = mg_malloc(len + 1);          /* not strndup: keep bytes after a NUL */
    memcpy(s->text, text, len);
    s->text[len] = '\0';
    s->len = len;
    SourceList *node = mg_malloc(sizeof *node);
    node->src = s;
    node->next = all_sources;
    all_sources = node;
    return s;
}

void mg_sources_free(void) {
    while (all_sources) {
        SourceList *n = all_sources->next;
        mg_free(all_sources->src->name);
        mg_free(all_sources->src->text);
        mg_free(all_sources->src);
        mg_free(all_sources);
        all_sources = n;
    }
}

static void vset(MgError *err, ErrKind kind, const char *fmt, va_list ap) {
    err->kind = kind;
    err->span.src = NULL;
    err->trace[0] = '\0';
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

bool mg_error(MgError *err, ErrKind kind, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vset(err, kind, fmt, ap);
    va_end(ap);
    return false;
}

bool mg_error_at(MgError *err, Span span, ErrKind kind, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vset(err, kind, fmt, ap);
    va_end(ap);
    err->span = span;
    return false;
}

void mg_error_set_span_if_unset(MgError *err, Span span) {
    if (!err->span.src) err->span = span;
}

void mg_error_clear(MgError *err) {
    memset(err, 0, sizeof *err);
}

const char *mg_span_str(Span s, char *buf, size_t n) {
    if (!s.src) snprintf(buf, n, "?");
    else snprintf(buf, n, "%s:%d:%d", s.src->name, s.line + s.src->line_offset, s.col);
    return buf;
}

void mg_error_add_frame(MgError *err, const char *fn_name, Span fn_span, Span call_span) {
    char a[256], b[256], line[640];
    static const char more[] = "  ...\n";
    size_t used = strlen(err->trace);
    int n = snprintf(line, sizeof line, "  in fn %s (%s), called at %s\n",
                     fn_name, mg_span_str(fn_span, a, sizeof a), mg_span_str(call_span, b, sizeof b));
    /* whole lines only, with room kept for one "..." when the trace is full
     * (mutual recursion 10000 deep must not end mid-line) */
    if (n > 0 && used + (size_t)n + sizeof more <= sizeof err->trace)
        memcpy(err->trace + used, line, (size_t)n + 1);
    else if (used < sizeof more || strcmp(err->trace + used - (sizeof more - 1), more) != 0)
        if (used + sizeof more <= sizeof err->trace) memcpy(err->trace + used, more, sizeof more);
}

/* The text of line `line` (1-based) of src, and its length. */
static const char *line_text(const Source *src, int line, int *len) {
    const char *p = src->text;
    for (int l = 1; l < line && *p; p++)
        if (*p == '\n') l++;
    const char *e = p;
    while (*e && *e != '\n') e++;
    *len = (int)(e - p);
    return p;
}

void mg_error_print(const MgError *err, FILE *out) {
    if (err->kind == ERR_EXIT) return;
    char where[256];
    if (err->span.src) {
        fprintf(out, "%s: error: %s\n", mg_span_str(err->span, where, sizeof where), err->msg);
        int len;
        const char *t = line_text(err->span.src, err->span.line, &len);
        int ln = err->span.line + err->span.src->line_offset;
        fprintf(out, "%5d | %.*s\n", ln, len, t);
        fprintf(out, "      | ");
        /* Keep tabs so the caret lines up under tab-indented code. */
        for (int i = 0; i < err->span.col - 1 && i < len; i++) fputc(t[i] == '\t' ? '\t' : ' ', out);
        fputs("^\n", out);
    } else {
        fprintf(out, "error: %s\n", err->msg);
    }
    if (err->trace[0]) fputs(err->trace, out);
}
