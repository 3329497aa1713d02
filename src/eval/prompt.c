/* prompt.c - the read-eval-print loop (see prompt.h, prompt_internal.h).
 *
 * One input is read line by line: `mg> ` for the first, `... ` while the
 * parser says PARSE_INCOMPLETE (decided by the parser from where it met the
 * end of input, never from an error message). A line starting with `:` is
 * a command; `:time STATEMENT` may continue over lines like a statement. */
#include "prompt_internal.h"
#include "../util/alloc.h"
#include <string.h>

typedef struct InputBuf {
    char *text;         /* the lines so far, each ending in '\n' */
    size_t len, cap;
} InputBuf;

static void buf_add_line(InputBuf *b, const char *line) {
    size_t n = strlen(line);
    while (b->len + n + 2 > b->cap) b->text = mg_realloc(b->text, b->cap = b->cap ? b->cap * 2 : 256);
    memcpy(b->text + b->len, line, n);
    b->len += n;
    b->text[b->len++] = '\n';
    b->text[b->len] = '\0';
}

static void buf_reset(InputBuf *b) {
    b->len = 0;
    if (b->text) b->text[0] = '\0';
}

static bool blank(const char *s) {
    for (; *s; s++)
        if (!strchr(" \t\r\n", *s)) return false;
    return true;
}

static int count_lines(const char *s) {
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

/* Does the input so far need another line? */
static bool needs_more(const char *text) {
    if (prompt_is_command(text)) {
        const char *stmt = prompt_command_statement(text);
        return stmt && !blank(stmt) && prompt_parse_status(stmt) == PARSE_INCOMPLETE;
    }
    return prompt_parse_status(text) == PARSE_INCOMPLETE;
}

int ev_prompt(Interp *in, FILE *input, FILE *err_out, bool interactive) {
    Prompt p = {.in = in, .err_out = err_out ? err_out : stderr, .interactive = interactive};
    LineReader r;
    prompt_reader_open(&r, interactive, input);
    if (interactive) prompt_complete_install(in);
    InputBuf buf = {0};
    while (!p.quit && !p.exited) {
        char *line;
        ReadStatus st = prompt_read_line(&r, buf.len == 0 ? "mg> " : "... ", &line);
        if (st == READ_EOF) {                             /* Ctrl-D, or the end of piped input */
            /* an unfinished statement is reported, as a script's would be */
            if (!blank(buf.text ? buf.text : "")) prompt_run_input(&p, buf.text);
            break;
        }
        if (st == READ_INTERRUPT) { buf_reset(&buf); continue; }
        buf_add_line(&buf, line);
        mg_free(line);
        if (blank(buf.text)) {
            p.line_offset++;                              /* an empty line still counts */
            buf_reset(&buf);
            continue;
        }
        if (needs_more(buf.text)) continue;
        buf.text[buf.len - 1] = '\0';                     /* history without the last newline */
        prompt_remember(&r, buf.text);
        buf.text[buf.len - 1] = '\n';
        if (prompt_is_command(buf.text)) {
            int first_line = p.line_offset;               /* commands count as lines too */
            prompt_command(&p, buf.text);
            p.line_offset = first_line + count_lines(buf.text);
        } else {
            prompt_run_input(&p, buf.text);
        }
        buf_reset(&buf);
    }
    if (interactive) prompt_complete_uninstall();
    prompt_reader_close(&r);
    prompt_log_clear(&p.log);
    mg_free(buf.text);
    return p.exited ? p.status : 0;
}
