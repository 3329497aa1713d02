/* prompt_run.c - running one prompt input and keeping what ran for :save.
 *
 * An input is run one top-level statement at a time (as ev_exec would), so
 * that each statement that ran without error can be logged with its own
 * text, and a bare expression is evaluated here (ev_eval_top) so the log
 * knows whether it showed a value: `x + 1` that printed `tensor([2])` is
 * saved as `print(x + 1)`, while `backward(y)` (value none, nothing shown)
 * is saved as it is. The saved script then prints what the session showed. */
#include "prompt_internal.h"
#include "../util/alloc.h"
#include <string.h>

void prompt_log_add(StmtLog *log, char *text) {
    if (log->n == log->cap) {
        log->cap = log->cap ? log->cap * 2 : 16;
        log->text = mg_realloc(log->text, sizeof(char *) * (size_t)log->cap);
    }
    log->text[log->n++] = text;
}

void prompt_log_clear(StmtLog *log) {
    for (int i = 0; i < log->n; i++) mg_free(log->text[i]);
    mg_free(log->text);
    memset(log, 0, sizeof *log);
}

ParseStatus prompt_parse_status(const char *text) {
    Source *src = mg_source_new("<stdin>", text, strlen(text));
    MgError err;
    mg_error_clear(&err);
    ParseResult pr = ps_parse(src, &err);
    if (pr.arena) arena_release(pr.arena);
    return pr.status;
}

static int count_lines(const char *s) {
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

/* Byte offset of a span's first character in its source text. */
static size_t span_offset(const char *text, Span s) {
    size_t off = 0;
    for (int line = 1; line < s.line && text[off]; off++)
        if (text[off] == '\n') line++;
    return off + (size_t)(s.col - 1);
}

/* Statement i of program: the text from its first token up to the next
 * statement, without the separators (`;`, blanks) that follow it. */
static char *stmt_text(const char *text, const Ast *program, int i) {
    size_t start = span_offset(text, program->items[i]->span);
    size_t end = i + 1 < program->n_items ? span_offset(text, program->items[i + 1]->span) : strlen(text);
    while (end > start && strchr(" \t\r\n;", text[end - 1])) end--;
    char *s = mg_malloc(end - start + 1);
    memcpy(s, text + start, end - start);
    s[end - start] = '\0';
    return s;
}

/* `print(TEXT)`; a `#` comment in TEXT must not swallow the `)`, and a
 * newline inside parentheses is ignored (SPEC §2). */
static char *as_print(const char *stmt) {
    size_t n = strlen(stmt) + 16;
    char *s = mg_malloc(n);
    snprintf(s, n, strchr(stmt, '#') ? "print(%s\n)" : "print(%s)", stmt);
    return s;
}

/* Runs one statement; *shown: it was a bare expression whose value was printed. */
static bool run_stmt(Interp *in, Ast *program, int i, Arena *arena, bool *shown, MgError *err) {
    Ast *s = program->items[i];
    *shown = false;
    if (s->kind == AST_EXPR_STMT) {
        Value v;
        if (!ev_eval_top(in, s->a, arena, &v, err)) return false;
        if (v.type != VAL_NONE) {
            char *text = ev_to_string(v);
            fprintf(in->out, "%s\n", text);
            mg_free(text);
            *shown = true;
        }
        ev_release(v);
        return true;
    }
    Ast one = *program;              /* a block of just this statement */
    one.items = &program->items[i];
    one.n_items = 1;
    return ev_exec(in, &one, arena, false, err);
}

bool prompt_run_input(Prompt *p, const char *text) {
    Source *src = mg_source_new("<stdin>", text, strlen(text));
    src->line_offset = p->line_offset;
    p->line_offset += count_lines(text);
    MgError err;
    mg_error_clear(&err);
    ParseResult pr = ps_parse(src, &err);
    bool ok = pr.status == PARSE_OK;
    if (!ok && err.kind == ERR_NONE) mg_error(&err, ERR_SYNTAX, "unexpected end of input");
    for (int i = 0; ok && i < pr.program->n_items; i++) {
        bool shown;
        tn_rt.interrupted = 0;
        ok = run_stmt(p->in, pr.program, i, pr.arena, &shown, &err);
        fflush(p->in->out);
        if (!ok) break;
        char *stmt = stmt_text(src->text, pr.program, i);
        if (shown) {
            char *wrapped = as_print(stmt);
            mg_free(stmt);
            stmt = wrapped;
        }
        prompt_log_add(&p->log, stmt);
    }
    if (pr.arena) arena_release(pr.arena);
    if (!ok && err.kind == ERR_EXIT) {
        p->exited = true;
        p->status = err.exit_code;
    } else if (!ok) {
        /* the terminal echoed "^C" where the output had got to */
        if (err.kind == ERR_INTERRUPT && p->interactive) fputc('\n', p->err_out);
        mg_error_print(&err, p->err_out);
        fflush(p->err_out);
    }
    return ok;
}
