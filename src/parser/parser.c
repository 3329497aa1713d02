/* parser.c - ps_parse, the token cursor, the newline rules and syntax errors.
 *
 * The whole input is lexed first, so the parser can look ahead freely and
 * decide for itself which newlines end statements (SPEC §2):
 *   - inside ( ) and [ ] newlines are skipped (ps_begin_group(p, true));
 *   - inside { } blocks they separate statements again (ps_begin_group(p, false));
 *   - after a token that cannot end an expression they are skipped:
 *     binary operators, ',', '=', 'op=', '(', '[', '{', '=>', and also
 *     '.', ':', 'not' and 'else' (see needs_more()).
 *
 * Syntax error messages (ERR_SYNTAX; the span is the offending token):
 *   expected <what>, but found <token>      expected expression, but found ')'
 *   expected <closer> to close <opener> at <line>:<col>, but found <token>
 *                                           expected ')' to close '(' at 1:4, but found newline
 *   comparison operators cannot be chained (write 'a < b and b < c')
 *   cannot assign to <a call, a number, ...>; only a name, x[i] or x.attr can be assigned
 *   positional argument after keyword argument '<name>'
 *   keyword argument '<name>' given twice / duplicate parameter '<name>'
 *   'break' outside a loop / 'continue' outside a loop
 *   nesting too deep (limit 200)
 *   the lexer's messages: malformed number '1e', unexpected character '!',
 *   unterminated string, unknown escape in string (use \n, \t, \\ or \")
 * <token> is "name 'x'", "number 12", "string "a"", "')'", "newline" or
 * "end of input"; an error at end of input points just past the last token.
 *
 * PARSE_INCOMPLETE is decided structurally: the error happened at end of
 * input while a bracket or brace was open or right after a token that
 * needs more (ps_error_at). An unterminated string is always an error.
 */
#include "parser_internal.h"
#include "../lexer/lexer.h"
#include "../util/alloc.h"
#include <stdarg.h>
#include <string.h>

/* Tokens after which a newline cannot end the statement. */
static bool needs_more(TokenKind k) {
    switch (k) {
    case TOK_PLUS: case TOK_MINUS: case TOK_STAR: case TOK_SLASH: case TOK_PERCENT:
    case TOK_STARSTAR: case TOK_AT: case TOK_EQEQ: case TOK_NE: case TOK_LT: case TOK_LE:
    case TOK_GT: case TOK_GE: case TOK_AND: case TOK_OR: case TOK_NOT:
    case TOK_ASSIGN: case TOK_PLUS_EQ: case TOK_MINUS_EQ: case TOK_STAR_EQ: case TOK_SLASH_EQ:
    case TOK_COMMA: case TOK_LPAREN: case TOK_LBRACKET: case TOK_LBRACE: case TOK_ARROW:
    case TOK_DOT: case TOK_COLON: case TOK_ELSE:
        return true;
    default:
        return false;
    }
}

static bool skips_newlines(const Parser *p) {
    return p->in_group || needs_more(p->prev.kind);
}

/* Index of the token `ahead` places after the cursor, newlines skipped
 * where they are not statement ends. */
static int index_ahead(Parser *p, int ahead) {
    int i = p->pos;
    bool skip = skips_newlines(p);
    for (;;) {
        while (skip && p->toks[i].kind == TOK_NEWLINE) i++;
        if (ahead == 0 || i == p->n_toks - 1) return i;
        i++;
        ahead--;
        skip = p->in_group;   /* after a looked-at token, only the group rule applies */
    }
}

const Token *ps_cur(Parser *p) {
    const Token *t = &p->toks[index_ahead(p, 0)];
    if (t->kind == TOK_ERROR && !p->failed) {
        if (t->error == LX_BAD_CHAR || t->error == LX_BAD_NUMBER)
            ps_error_at(p, t, "%s '%.*s'", t->error, t->length, t->start);
        else
            ps_error_at(p, t, "%s", t->error);
    }
    return t;
}

TokenKind ps_peek_kind(Parser *p, int ahead) {
    return p->toks[index_ahead(p, ahead)].kind;
}

Token ps_advance(Parser *p) {
    int i = index_ahead(p, 0);
    p->prev = p->toks[i];
    if (i < p->n_toks - 1) p->pos = i + 1;   /* EOF and a lexer error are never passed */
    else p->pos = i;
    return p->prev;
}

bool ps_check(Parser *p, TokenKind k) { return ps_cur(p)->kind == k; }

bool ps_match(Parser *p, TokenKind k) {
    if (!ps_check(p, k)) return false;
    ps_advance(p);
    return true;
}

bool ps_expect(Parser *p, TokenKind k, const char *what) {
    if (ps_match(p, k)) return true;
    ps_error_expected(p, what);
    return false;
}

bool ps_expect_close(Parser *p, TokenKind closer, const Token *opener) {
    if (ps_match(p, closer)) return true;
    char where[32], found[64];
    const Token *t = ps_cur(p);
    ps_error_at(p, t, "expected %s to close %s at %s, but found %s", tok_kind_text(closer),
                tok_kind_text(opener->kind), ps_where(opener, where, sizeof where),
                ps_describe(t, found, sizeof found));
    return false;
}

bool ps_begin_group(Parser *p, bool in_group) {
    bool saved = p->in_group;
    p->in_group = in_group;
    p->open++;
    return saved;
}

void ps_end_group(Parser *p, bool saved) {
    p->in_group = saved;
    p->open--;
}

const char *ps_describe(const Token *t, char *buf, size_t n) {
    switch (t->kind) {
    case TOK_NUMBER: snprintf(buf, n, "number %.*s", t->length, t->start); break;
    case TOK_IDENT: snprintf(buf, n, "name '%.*s'", t->length, t->start); break;
    case TOK_STRING:
        if (t->length <= 24) snprintf(buf, n, "string %.*s", t->length, t->start);
        else snprintf(buf, n, "string %.*s...\"", 20, t->start);
        break;
    default: snprintf(buf, n, "%s", tok_kind_text(t->kind)); break;
    }
    return buf;
}

const char *ps_where(const Token *t, char *buf, size_t n) {
    int offset = t->span.src ? t->span.src->line_offset : 0;
    snprintf(buf, n, "%d:%d", t->span.line + offset, t->span.col);
    return buf;
}

void ps_error_at(Parser *p, const Token *t, const char *fmt, ...) {
    if (p->failed) return;
    p->failed = true;
    p->incomplete = t->kind == TOK_EOF && (p->open > 0 || needs_more(p->prev.kind));
    char msg[MG_ERR_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mg_error_at(p->err, t->span, ERR_SYNTAX, "%s", msg);
}

void ps_error_expected(Parser *p, const char *what) {
    char found[64];
    const Token *t = ps_cur(p);
    ps_error_at(p, t, "expected %s, but found %s", what, ps_describe(t, found, sizeof found));
}

bool ps_enter(Parser *p) {
    if (p->failed) return false;
    if (++p->depth > PS_MAX_DEPTH) {
        ps_error_at(p, ps_cur(p), "nesting too deep (limit %d)", PS_MAX_DEPTH);
        return false;
    }
    return true;
}

void ps_leave(Parser *p) { p->depth--; }

Ast *ps_node(Parser *p, AstKind kind, const Token *at) {
    Ast *n = arena_alloc(p->arena, sizeof *n);
    n->kind = kind;
    n->span = at->span;
    n->slot = -1;
    return n;
}

const char *ps_name(Parser *p, const Token *t) {
    return arena_strndup(p->arena, t->start, (size_t)t->length);
}

void ps_push(Parser *p, Ast ***items, int *n, int *cap, Ast *item) {
    if (*n == *cap) {
        int new_cap = *cap ? *cap * 2 : 4;
        Ast **grown = arena_alloc(p->arena, sizeof(Ast *) * (size_t)new_cap);
        if (*n) memcpy(grown, *items, sizeof(Ast *) * (size_t)*n);
        *items = grown;
        *cap = new_cap;
    }
    (*items)[(*n)++] = item;
}

/* Lex the whole source; stop after end of input or the first bad token
 * (the parser reports it when it gets there). */
static Token *lex_all(const Source *src, int *count) {
    Lexer lx;
    lx_init(&lx, src);
    int n = 0, cap = 64;
    Token *toks = mg_malloc(sizeof *toks * (size_t)cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            toks = mg_realloc(toks, sizeof *toks * (size_t)cap);
        }
        toks[n] = lx_next(&lx);
        TokenKind k = toks[n++].kind;
        if (k == TOK_EOF || k == TOK_ERROR) break;
    }
    /* Errors "but found end of input" point just past the last real token
     * (`f(1,` marks the column after ','), not at an empty last line. */
    for (int i = n - 2; i >= 0 && toks[n - 1].kind == TOK_EOF; i--) {
        if (toks[i].kind == TOK_NEWLINE) continue;
        toks[n - 1].span.line = toks[i].span.line;
        toks[n - 1].span.col = toks[i].span.col + toks[i].length;
        toks[n - 1].span.len = 1;
        break;
    }
    *count = n;
    return toks;
}

ParseResult ps_parse(const Source *src, MgError *err) {
    MgError local;
    if (!err) err = &local;
    ParseResult r = {0};
    r.arena = arena_new();
    Parser p = {0};
    p.src = src;
    p.arena = r.arena;
    p.err = err;
    p.prev.kind = TOK_NEWLINE;   /* as if at the start of a line */
    p.toks = lex_all(src, &p.n_toks);

    Ast *program = ps_statements(&p, TOK_EOF, NULL);
    mg_free(p.toks);
    if (p.failed || !program) {
        r.status = p.incomplete ? PARSE_INCOMPLETE : PARSE_ERROR;
        return r;
    }
    r.status = PARSE_OK;
    r.program = program;
    return r;
}
