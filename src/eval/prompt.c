/* prompt.c - the read-eval-print loop (see prompt.h).
 *
 * Line reading sits behind two functions (read_line, remember_line) so the
 * loop does not care whether GNU Readline or plain stdio is underneath. */
#include "prompt.h"
#include "../util/alloc.h"
#include <readline/history.h>
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>

typedef struct LineReader {
    bool interactive;
    FILE *input;
    char history_path[1024];
} LineReader;

/* A mg_malloc'd line without its newline, or NULL at end of input. */
static char *read_line(LineReader *r, const char *prompt) {
    if (r->interactive) {
        char *s = readline(prompt);
        if (!s) return NULL;
        char *copy = mg_strdup(s);
        free(s);
        return copy;
    }
    size_t cap = 256, n = 0;
    char *buf = mg_malloc(cap);
    int c;
    while ((c = fgetc(r->input)) != EOF && c != '\n') {
        if (n + 2 > cap) buf = mg_realloc(buf, cap *= 2);
        buf[n++] = (char)c;
    }
    if (c == EOF && n == 0) { mg_free(buf); return NULL; }
    buf[n] = '\0';
    return buf;
}

static void remember_line(LineReader *r, const char *text) {
    if (!r->interactive || !*text) return;
    add_history(text);
    if (r->history_path[0]) append_history(1, r->history_path);
}

static void open_history(LineReader *r) {
    if (!r->interactive) return;
    const char *path = getenv("MG_HISTORY");
    const char *home = getenv("HOME");
    if (path && *path) snprintf(r->history_path, sizeof r->history_path, "%s", path);
    else if (home) snprintf(r->history_path, sizeof r->history_path, "%s/.mg_history", home);
    if (!r->history_path[0]) return;
    using_history();
    if (read_history(r->history_path) != 0) {
        /* no history yet: create the file so append_history can add to it */
        FILE *f = fopen(r->history_path, "a");
        if (f) fclose(f);
    }
}

static bool blank(const char *s) {
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

static int count_lines(const char *s) {
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

int ev_prompt(Interp *in, FILE *input, FILE *err_out, bool interactive) {
    LineReader r = {.interactive = interactive, .input = input ? input : stdin};
    open_history(&r);
    size_t cap = 1024, len = 0;
    char *buf = mg_malloc(cap);
    buf[0] = '\0';
    int line_offset = 0;   /* lines of earlier inputs: errors keep counting */
    int status = 0;
    for (;;) {
        char *line = read_line(&r, len == 0 ? "mg> " : "... ");
        if (!line) break;                      /* Ctrl-D */
        size_t n = strlen(line);
        while (len + n + 2 > cap) buf = mg_realloc(buf, cap *= 2);
        memcpy(buf + len, line, n);
        len += n;
        buf[len++] = '\n';
        buf[len] = '\0';
        mg_free(line);
        if (blank(buf)) {
            line_offset += count_lines(buf);
            len = 0;
            buf[0] = '\0';
            continue;
        }
        Source *src = mg_source_new("<stdin>", buf, len);
        src->line_offset = line_offset;
        MgError err;
        mg_error_clear(&err);
        ParseResult pr = ps_parse(src, &err);
        if (pr.status == PARSE_INCOMPLETE) {
            if (pr.arena) arena_release(pr.arena);
            continue;                          /* ask for a continuation line */
        }
        buf[len - 1] = '\0';
        remember_line(&r, buf);
        line_offset += count_lines(src->text);
        len = 0;
        buf[0] = '\0';
        bool ok = pr.status == PARSE_OK;
        if (ok) {
            tn_rt.interrupted = 0;
            ok = ev_exec(in, pr.program, pr.arena, true, &err);
        }
        if (pr.arena) arena_release(pr.arena);
        fflush(in->out);
        if (!ok && err.kind == ERR_EXIT) { status = err.exit_code; break; }
        if (!ok) mg_error_print(&err, err_out);
    }
    mg_free(buf);
    return status;
}
