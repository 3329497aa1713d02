/* lexer.c - source text to tokens (SPEC §2).
 *
 * One call of lx_next() returns one token. Spaces, tabs, carriage returns,
 * comments (`# ...` to the end of the line) and a first-line `#!` are
 * skipped; every '\n' becomes a TOK_NEWLINE (the parser decides which of
 * them end statements). Bad input never prints: it becomes a TOK_ERROR
 * token whose span points at the offending text and whose `error` is a
 * static message (LX_BAD_NUMBER, LX_UNTERMINATED, LX_BAD_ESCAPE, LX_BAD_CHAR
 * in lexer.h).
 */
#include "lexer.h"
#include "../util/alloc.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char LX_BAD_NUMBER[] = "malformed number";
const char LX_BAD_CHAR[] = "unexpected character";
const char LX_NUL_BYTE[] = "NUL byte in the source";
const char LX_UNTERMINATED[] = "unterminated string";
const char LX_BAD_ESCAPE[] = "unknown escape in string (use \\n, \\t, \\\\ or \\\")";

void lx_init(Lexer *lx, const Source *src) {
    lx->src = src;
    lx->cur = src->text;
    lx->line = 1;
    lx->col = 1;
    /* A UTF-8 byte order mark (some editors write one) is not program text. */
    if (strncmp(lx->cur, "\xEF\xBB\xBF", 3) == 0) lx->cur += 3;
    /* A first line starting with #! is a comment like any other '#' line;
     * it is named here because shebang scripts depend on it. */
    if (lx->cur[0] == '#' && lx->cur[1] == '!')
        while (*lx->cur && *lx->cur != '\n') lx->cur++, lx->col++;
}

static bool is_ident_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static bool is_ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* A token of kind k covering the n bytes from start (which must be on the
 * current line, at column col). */
static Token make(const Lexer *lx, TokenKind k, const char *start, int col, int n) {
    Token t = {0};
    t.kind = k;
    t.start = start;
    t.length = n;
    t.span.src = lx->src;
    t.span.line = lx->line;
    t.span.col = col;
    t.span.len = n > 0 ? n : 1;
    return t;
}

static Token error_token(const Lexer *lx, const char *start, int col, int n, const char *msg) {
    Token t = make(lx, TOK_ERROR, start, col, n);
    t.error = msg;
    return t;
}

/* Consumes n bytes of the current line. */
static void skip(Lexer *lx, int n) {
    lx->cur += n;
    lx->col += n;
}

static void skip_space_and_comments(Lexer *lx) {
    for (;;) {
        char c = *lx->cur;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            skip(lx, 1);
        } else if (c == '#') {
            while (*lx->cur && *lx->cur != '\n') skip(lx, 1);
        } else {
            return;
        }
    }
}

/* The keywords of SPEC §2, each with its token kind. */
static const struct { const char *word; TokenKind kind; } keywords[] = {
    {"let", TOK_LET},       {"fn", TOK_FN},           {"return", TOK_RETURN},
    {"if", TOK_IF},         {"else", TOK_ELSE},       {"while", TOK_WHILE},
    {"for", TOK_FOR},       {"in", TOK_IN},           {"break", TOK_BREAK},
    {"continue", TOK_CONTINUE}, {"true", TOK_TRUE},   {"false", TOK_FALSE},
    {"none", TOK_NONE},     {"and", TOK_AND},         {"or", TOK_OR},
    {"not", TOK_NOT},       {"no_grad", TOK_NO_GRAD},
};

static TokenKind ident_kind(const char *s, int n) {
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if ((int)strlen(keywords[i].word) == n && memcmp(keywords[i].word, s, (size_t)n) == 0)
            return keywords[i].kind;
    return TOK_IDENT;
}

/* number -> digits [ '.' digits ] [ exponent ] | '.' digits [ exponent ]
 * exponent -> ('e' | 'E') [ '+' | '-' ] digits
 * A number running straight into a letter or a '.' (`12abc`, `1.2.3`, `1.`,
 * `1.e-3`), or an exponent without digits (`1e`), is one malformed-number
 * token covering all of that text (the caret marks the whole of `1.2.3`). */
static Token lex_number(Lexer *lx) {
    const char *start = lx->cur;
    int col = lx->col;
    const char *p = start;
    bool bad = false;
    while (is_digit(*p)) p++;
    if (*p == '.' && is_digit(p[1])) {
        p++;
        while (is_digit(*p)) p++;
    }
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        if (*q == '+' || *q == '-') q++;
        if (is_digit(*q)) {
            while (is_digit(*q)) q++;
            p = q;
        } else {
            bad = true;
            p = q;
        }
    }
    /* Trailing junk glued to the number: 12abc, 1.2.3, 1e5x, 1., 1.e-3.
     * Numbers have no attributes, so a '.' right after one is always junk. */
    if (is_ident_char(*p) || *p == '.') bad = true;
    if (bad) {
        while (is_ident_char(*p) || *p == '.') p++;
        int n = (int)(p - start);
        skip(lx, n);
        return error_token(lx, start, col, n, LX_BAD_NUMBER);
    }
    int n = (int)(p - start);
    Token t = make(lx, TOK_NUMBER, start, col, n);
    t.number = strtod(start, NULL);
    skip(lx, n);
    return t;
}

/* string -> '"' { char | '\' ( 'n' | 't' | '\' | '"' ) } '"'   (one line) */
static Token lex_string(Lexer *lx) {
    const char *start = lx->cur;
    int col = lx->col;
    const char *p = start + 1;
    const char *bad_escape = NULL;
    while (*p && *p != '"' && *p != '\n') {
        if (*p == '\\') {
            char e = p[1];
            if (e != 'n' && e != 't' && e != '\\' && e != '"') {
                if (!bad_escape) bad_escape = p;
                if (e == '\0' || e == '\n') { p++; break; }
            }
            p += 2;
        } else {
            p++;
        }
    }
    if (*p != '"') {
        int n = (int)(p - start);
        skip(lx, n);
        return error_token(lx, start, col, n, LX_UNTERMINATED);
    }
    p++;  /* the closing quote */
    int n = (int)(p - start);
    skip(lx, n);
    if (bad_escape) {
        int ecol = col + (int)(bad_escape - start);
        return error_token(lx, bad_escape, ecol, 2, LX_BAD_ESCAPE);
    }
    return make(lx, TOK_STRING, start, col, n);
}

/* Operators: the longest match wins (`**` before `*`, `=>` before `=`). */
static const struct { const char *text; TokenKind kind; } operators[] = {
    {"**", TOK_STARSTAR}, {"==", TOK_EQEQ},     {"!=", TOK_NE},
    {"<=", TOK_LE},       {">=", TOK_GE},       {"+=", TOK_PLUS_EQ},
    {"-=", TOK_MINUS_EQ}, {"*=", TOK_STAR_EQ},  {"/=", TOK_SLASH_EQ},
    {"=>", TOK_ARROW},
    {"+", TOK_PLUS},      {"-", TOK_MINUS},     {"*", TOK_STAR},
    {"/", TOK_SLASH},     {"%", TOK_PERCENT},   {"@", TOK_AT},
    {"<", TOK_LT},        {">", TOK_GT},        {"=", TOK_ASSIGN},
    {"(", TOK_LPAREN},    {")", TOK_RPAREN},    {"[", TOK_LBRACKET},
    {"]", TOK_RBRACKET},  {"{", TOK_LBRACE},    {"}", TOK_RBRACE},
    {",", TOK_COMMA},     {";", TOK_SEMI},      {":", TOK_COLON},
    {".", TOK_DOT},
};

/* Bytes in the UTF-8 sequence starting with lead byte c (1 for junk). */
static int utf8_len(unsigned char c) {
    if (c >= 0xF0 && c < 0xF8) return 4;
    if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0) return 2;
    return 1;
}

Token lx_next(Lexer *lx) {
    skip_space_and_comments(lx);
    const char *start = lx->cur;
    int col = lx->col;
    char c = *start;

    if (c == '\0') {
        /* the end, unless the file itself holds a 0 byte here (binary junk) */
        if (lx->src && (size_t)(start - lx->src->text) < lx->src->len)
            return error_token(lx, start, col, 1, LX_NUL_BYTE);
        return make(lx, TOK_EOF, start, col, 0);
    }
    if (c == '\n') {
        Token t = make(lx, TOK_NEWLINE, start, col, 1);
        lx->cur++;
        lx->line++;
        lx->col = 1;
        return t;
    }
    if (is_digit(c) || (c == '.' && is_digit(start[1]))) return lex_number(lx);
    if (c == '"') return lex_string(lx);
    if (is_ident_start(c)) {
        const char *p = start;
        while (is_ident_char(*p)) p++;
        int n = (int)(p - start);
        skip(lx, n);
        return make(lx, ident_kind(start, n), start, col, n);
    }
    for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++) {
        size_t n = strlen(operators[i].text);
        if (strncmp(start, operators[i].text, n) == 0) {
            skip(lx, (int)n);
            return make(lx, operators[i].kind, start, col, (int)n);
        }
    }
    int n = utf8_len((unsigned char)c);
    for (int i = 1; i < n; i++)
        if (start[i] == '\0') { n = i; break; }
    skip(lx, n);
    return error_token(lx, start, col, n, LX_BAD_CHAR);
}

char *lx_string_value(const Token *t) {
    MG_ASSERT(t->kind == TOK_STRING && t->length >= 2);
    const char *s = t->start + 1;
    const char *end = t->start + t->length - 1;  /* the closing quote */
    char *out = mg_malloc((size_t)(end - s) + 1);
    char *o = out;
    while (s < end) {
        if (*s == '\\' && s + 1 < end) {
            char e = s[1];
            *o++ = e == 'n' ? '\n' : e == 't' ? '\t' : e;  /* \\ and \" map to themselves */
            s += 2;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}
