/* error.h - user errors as values, with source positions.
 *
 * A user mistake (bad syntax, unknown name, shape mismatch, ...) never
 * aborts: the function that finds it fills an MgError and returns a failure
 * status (false or NULL). The caller either adds context (a span, a call
 * frame) and passes it up, or prints it. Only broken internal invariants
 * abort (MG_ASSERT in alloc.h).
 *
 * Printed form (SPEC §8):
 *   train.mg:12:15: error: shape mismatch in '+': [4, 3] and [2] cannot be broadcast
 *      12 | let h = x @ W1 + b1
 *         |               ^
 *     in fn forward (train.mg:12:15), called at train.mg:30:9
 */
#ifndef MG_ERROR_H
#define MG_ERROR_H
#include <stdbool.h>
#include <stdio.h>

/* One unit of source text: a script file, a -e string, or one prompt input.
 * Sources live until the process ends (graph nodes and errors point into
 * them), registered in a global list freed by mg_sources_free(). */
typedef struct Source {
    char *name;   /* "train.mg", "<stdin>", "<cmdline>" */
    char *text;   /* NUL-terminated */
    size_t len;   /* bytes of text: a NUL before text + len is a NUL byte in the file */
    int line_offset; /* added to line numbers (prompt inputs continue a count) */
} Source;

Source *mg_source_new(const char *name, const char *text, size_t len);
void mg_sources_free(void);

/* A span: 1-based line and column of the first character, and a length in
 * bytes on that line (at least 1 for the caret). */
typedef struct Span {
    const Source *src;   /* NULL: no position known */
    int line, col, len;
} Span;

typedef enum {
    ERR_NONE = 0,
    ERR_SYNTAX,     /* the parser or lexer rejected the input */
    ERR_NAME,       /* unknown name */
    ERR_TYPE,       /* wrong type or argument count */
    ERR_VALUE,      /* bad value (fractional count, bad option, ...) */
    ERR_SHAPE,      /* shapes do not fit */
    ERR_DEVICE,     /* device mismatch, no CUDA */
    ERR_INDEX,      /* index out of range */
    ERR_MEMORY,     /* tensor too large to allocate */
    ERR_AUTOGRAD,   /* backward / in-place misuse */
    ERR_IO,         /* files */
    ERR_RECURSION,  /* recursion or nesting too deep */
    ERR_INTERRUPT,  /* Ctrl-C */
    ERR_ASSERT,     /* failed assert() */
    ERR_EXIT,       /* exit(n): not an error; carries the status in exit_code */
} ErrKind;

#define MG_ERR_MSG 512
#define MG_ERR_TRACE 1024

typedef struct MgError {
    ErrKind kind;
    Span span;                 /* where; span.src == NULL if not yet known */
    char msg[MG_ERR_MSG];      /* the message, without "error: " */
    char trace[MG_ERR_TRACE];  /* "  in fn f (a.mg:3:5), called at a.mg:9:1\n" lines */
    int exit_code;             /* for ERR_EXIT */
} MgError;

/* Fill err (kind, message); the span is left unset so a caller that knows
 * the position can add it with mg_error_at_if_unset(). Returns false so a
 * function can write `return mg_error(err, ERR_SHAPE, "...")`. */
bool mg_error(MgError *err, ErrKind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool mg_error_at(MgError *err, Span span, ErrKind kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void mg_error_set_span_if_unset(MgError *err, Span span);
void mg_error_add_frame(MgError *err, const char *fn_name, Span fn_span, Span call_span);
void mg_error_clear(MgError *err);

/* Print "file:line:col: error: msg", the source line and caret, and the trace. */
void mg_error_print(const MgError *err, FILE *out);

/* "file:line:col" into buf (returns buf). */
const char *mg_span_str(Span s, char *buf, size_t n);

#endif
