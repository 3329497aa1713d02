/* test_lexer.c - the lexer (SPEC §2): every token kind, spans, numbers,
 * strings and escapes, errors, comments and the shebang line. */
#include <check.h>
#include <string.h>
#include "lexer/lexer.h"
#include "util/alloc.h"

/* Lex text into toks (up to max), ending with TOK_EOF or TOK_ERROR. */
static int lex(const char *text, Token *toks, int max) {
    static Lexer lx;
    const Source *src = mg_source_new("t.mg", text, strlen(text));
    lx_init(&lx, src);
    int n = 0;
    while (n < max) {
        toks[n] = lx_next(&lx);
        if (toks[n].kind == TOK_EOF || toks[n].kind == TOK_ERROR) return n + 1;
        n++;
    }
    return n;
}

static TokenKind kind_of(const char *text) {
    Token t[4];
    lex(text, t, 4);
    return t[0].kind;
}

START_TEST(test_every_operator) {
    static const struct { const char *text; TokenKind kind; } cases[] = {
        {"+", TOK_PLUS}, {"-", TOK_MINUS}, {"*", TOK_STAR}, {"/", TOK_SLASH},
        {"%", TOK_PERCENT}, {"**", TOK_STARSTAR}, {"@", TOK_AT}, {"==", TOK_EQEQ},
        {"!=", TOK_NE}, {"<", TOK_LT}, {"<=", TOK_LE}, {">", TOK_GT}, {">=", TOK_GE},
        {"=", TOK_ASSIGN}, {"+=", TOK_PLUS_EQ}, {"-=", TOK_MINUS_EQ}, {"*=", TOK_STAR_EQ},
        {"/=", TOK_SLASH_EQ}, {"(", TOK_LPAREN}, {")", TOK_RPAREN}, {"[", TOK_LBRACKET},
        {"]", TOK_RBRACKET}, {"{", TOK_LBRACE}, {"}", TOK_RBRACE}, {",", TOK_COMMA},
        {";", TOK_SEMI}, {":", TOK_COLON}, {".", TOK_DOT}, {"=>", TOK_ARROW},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Token t[3];
        lex(cases[i].text, t, 3);
        ck_assert_msg(t[0].kind == cases[i].kind, "%s lexed as %s", cases[i].text,
                      tok_kind_text(t[0].kind));
        ck_assert_int_eq(t[0].length, (int)strlen(cases[i].text));
        ck_assert_int_eq(t[1].kind, TOK_EOF);
    }
}
END_TEST

START_TEST(test_every_keyword) {
    static const struct { const char *text; TokenKind kind; } cases[] = {
        {"let", TOK_LET}, {"fn", TOK_FN}, {"return", TOK_RETURN}, {"if", TOK_IF},
        {"else", TOK_ELSE}, {"while", TOK_WHILE}, {"for", TOK_FOR}, {"in", TOK_IN},
        {"break", TOK_BREAK}, {"continue", TOK_CONTINUE}, {"true", TOK_TRUE},
        {"false", TOK_FALSE}, {"none", TOK_NONE}, {"and", TOK_AND}, {"or", TOK_OR},
        {"not", TOK_NOT}, {"no_grad", TOK_NO_GRAD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(kind_of(cases[i].text) == cases[i].kind, "%s", cases[i].text);
    /* Keyword prefixes and extensions are plain names. */
    ck_assert_int_eq(kind_of("lets"), TOK_IDENT);
    ck_assert_int_eq(kind_of("no_grads"), TOK_IDENT);
    ck_assert_int_eq(kind_of("i"), TOK_IDENT);
    ck_assert_int_eq(kind_of("_x9"), TOK_IDENT);
    ck_assert_int_eq(kind_of("Fn"), TOK_IDENT);
}
END_TEST

START_TEST(test_kind_text) {
    ck_assert_str_eq(tok_kind_text(TOK_RPAREN), "')'");
    ck_assert_str_eq(tok_kind_text(TOK_EOF), "end of input");
    ck_assert_str_eq(tok_kind_text(TOK_NEWLINE), "newline");
    ck_assert_str_eq(tok_kind_text(TOK_NO_GRAD), "'no_grad'");
    for (int k = 0; k < TOK__COUNT; k++) ck_assert_ptr_nonnull(tok_kind_text((TokenKind)k));
}
END_TEST

START_TEST(test_spans) {
    Token t[16];
    int n = lex("let x = 1\n  y**2 # c\n\"s\"", t, 16);
    /* let x = 1 NL y ** 2 NL "s" EOF */
    ck_assert_int_eq(n, 11);
    TokenKind kinds[] = {TOK_LET, TOK_IDENT, TOK_ASSIGN, TOK_NUMBER, TOK_NEWLINE, TOK_IDENT,
                         TOK_STARSTAR, TOK_NUMBER, TOK_NEWLINE, TOK_STRING, TOK_EOF};
    int lines[] = {1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3};
    int cols[] = {1, 5, 7, 9, 10, 3, 4, 6, 11, 1, 4};
    int lens[] = {3, 1, 1, 1, 1, 1, 2, 1, 1, 3, 1};
    for (int i = 0; i < n; i++) {
        ck_assert_msg(t[i].kind == kinds[i], "token %d is %s", i, tok_kind_text(t[i].kind));
        ck_assert_msg(t[i].span.line == lines[i] && t[i].span.col == cols[i] && t[i].span.len == lens[i],
                      "token %d at %d:%d len %d", i, t[i].span.line, t[i].span.col, t[i].span.len);
        ck_assert_ptr_nonnull(t[i].span.src);
    }
    ck_assert_int_eq(t[1].length, 1);
    ck_assert(strncmp(t[1].start, "x", 1) == 0);
}
END_TEST

START_TEST(test_numbers) {
    static const struct { const char *text; double value; } cases[] = {
        {"12", 12}, {"1.5", 1.5}, {".5", 0.5}, {"1e-3", 1e-3}, {"2.5E+4", 2.5e4},
        {"0", 0}, {"007", 7}, {"1e3", 1000}, {"3.25e2", 325}, {"0.1", 0.1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Token t[3];
        lex(cases[i].text, t, 3);
        ck_assert_msg(t[0].kind == TOK_NUMBER, "%s", cases[i].text);
        ck_assert_msg(t[0].number == cases[i].value, "%s read as %g", cases[i].text, t[0].number);
        ck_assert_int_eq(t[0].length, (int)strlen(cases[i].text));
        ck_assert_int_eq(t[1].kind, TOK_EOF);
    }
    /* `-` is an operator, not part of the number */
    Token t[4];
    lex("-3", t, 4);
    ck_assert_int_eq(t[0].kind, TOK_MINUS);
    ck_assert_int_eq(t[1].kind, TOK_NUMBER);
    lex("x.sum", t, 4);
    ck_assert_int_eq(t[1].kind, TOK_DOT);
    lex("[1].sum", t, 4);
    ck_assert_int_eq(t[2].kind, TOK_RBRACKET);
    ck_assert_int_eq(t[3].kind, TOK_DOT);
}
END_TEST

START_TEST(test_bad_numbers) {
    const char *bad[] = {"1e", "1e+", "1.2.3", "12abc", "2.5Ex", "1e5x", "1.", "2.5.", "3.)", "1.e-3", "1.sum"};
    const int bad_len[] = {2, 3, 5, 5, 5, 4, 2, 4, 2, 3, 5};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Token t[3];
        lex(bad[i], t, 3);
        ck_assert_msg(t[0].kind == TOK_ERROR, "%s", bad[i]);
        ck_assert_ptr_eq(t[0].error, LX_BAD_NUMBER);
        ck_assert_int_eq(t[0].span.col, 1);
        ck_assert_int_eq(t[0].length, bad_len[i]);  /* the whole bad text */
    }
    Token t[4];
    lex("x = 1e", t, 4);
    ck_assert_int_eq(t[2].kind, TOK_ERROR);
    ck_assert_int_eq(t[2].span.col, 5);
}
END_TEST

static char *string_value(const char *text) {
    Token t[3];
    lex(text, t, 3);
    ck_assert_msg(t[0].kind == TOK_STRING, "%s is %s", text, tok_kind_text(t[0].kind));
    return lx_string_value(&t[0]);
}

START_TEST(test_strings) {
    const char *cases[][2] = {
        {"\"\"", ""}, {"\"abc\"", "abc"}, {"\"a\\nb\"", "a\nb"}, {"\"\\t\"", "\t"},
        {"\"a\\\\b\"", "a\\b"}, {"\"say \\\"hi\\\"\"", "say \"hi\""}, {"\"# not a comment\"", "# not a comment"},
        {"\"\\\\\"", "\\"}, {"\"héllo\"", "héllo"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *v = string_value(cases[i][0]);
        ck_assert_str_eq(v, cases[i][1]);
        mg_free(v);
    }
    Token t[3];
    lex("\"ab\"", t, 3);
    ck_assert_int_eq(t[0].length, 4);   /* the quotes are part of the token */
}
END_TEST

START_TEST(test_string_errors) {
    Token t[4];
    lex("\"abc", t, 4);
    ck_assert_int_eq(t[0].kind, TOK_ERROR);
    ck_assert_ptr_eq(t[0].error, LX_UNTERMINATED);
    /* Strings are single-line: a newline before the closing quote ends it. */
    lex("\"abc\ndef\"", t, 4);
    ck_assert_int_eq(t[0].kind, TOK_ERROR);
    ck_assert_ptr_eq(t[0].error, LX_UNTERMINATED);
    lex("\"ab\\", t, 4);
    ck_assert_int_eq(t[0].kind, TOK_ERROR);
    /* An unknown escape points at the escape itself. */
    lex("x = \"ab\\qc\"", t, 4);
    ck_assert_int_eq(t[2].kind, TOK_ERROR);
    ck_assert_ptr_eq(t[2].error, LX_BAD_ESCAPE);
    ck_assert_int_eq(t[2].span.col, 8);
    ck_assert_int_eq(t[2].span.len, 2);
}
END_TEST

START_TEST(test_bad_character) {
    Token t[4];
    lex("a $ b", t, 4);
    ck_assert_int_eq(t[1].kind, TOK_ERROR);
    ck_assert_ptr_eq(t[1].error, LX_BAD_CHAR);
    ck_assert_int_eq(t[1].span.col, 3);
    lex("!", t, 4);   /* '!' only as part of '!=' */
    ck_assert_int_eq(t[0].kind, TOK_ERROR);
    lex("\xc3\xa9", t, 4);  /* a UTF-8 letter outside a string: one error token, two bytes */
    ck_assert_int_eq(t[0].kind, TOK_ERROR);
    ck_assert_int_eq(t[0].length, 2);
}
END_TEST

START_TEST(test_comments_and_shebang) {
    Token t[8];
    int n = lex("#!/usr/bin/env mg\nx # comment ** (\n# whole line\ny", t, 8);
    TokenKind kinds[] = {TOK_NEWLINE, TOK_IDENT, TOK_NEWLINE, TOK_NEWLINE, TOK_IDENT, TOK_EOF};
    ck_assert_int_eq(n, 6);
    for (int i = 0; i < n; i++) ck_assert_msg(t[i].kind == kinds[i], "token %d", i);
    ck_assert_int_eq(t[4].span.line, 4);
    /* Whitespace: tabs and carriage returns are skipped, not newlines. */
    n = lex("a\t\r\nb", t, 8);
    ck_assert_int_eq(n, 4);
    ck_assert_int_eq(t[1].kind, TOK_NEWLINE);
    ck_assert_int_eq(t[2].span.line, 2);
}
END_TEST

START_TEST(test_longest_match) {
    Token t[8];
    int n = lex("a**=b=>c", t, 8);
    /* ** then = (there is no **=), = then > would be wrong: => is one token */
    TokenKind kinds[] = {TOK_IDENT, TOK_STARSTAR, TOK_ASSIGN, TOK_IDENT, TOK_ARROW, TOK_IDENT, TOK_EOF};
    ck_assert_int_eq(n, 7);
    for (int i = 0; i < n; i++) ck_assert_msg(t[i].kind == kinds[i], "token %d", i);
    n = lex("<=>=!===", t, 8);
    TokenKind k2[] = {TOK_LE, TOK_GE, TOK_NE, TOK_EQEQ, TOK_EOF};
    ck_assert_int_eq(n, 5);
    for (int i = 0; i < n; i++) ck_assert_msg(t[i].kind == k2[i], "token %d", i);
}
END_TEST

START_TEST(test_eof_repeats) {
    Lexer lx;
    const Source *src = mg_source_new("t.mg", "", 0);
    lx_init(&lx, src);
    ck_assert_int_eq(lx_next(&lx).kind, TOK_EOF);
    ck_assert_int_eq(lx_next(&lx).kind, TOK_EOF);
}
END_TEST

int main(void) {
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("lexer");
    tcase_add_test(tc, test_every_operator);
    tcase_add_test(tc, test_every_keyword);
    tcase_add_test(tc, test_kind_text);
    tcase_add_test(tc, test_spans);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_bad_numbers);
    tcase_add_test(tc, test_strings);
    tcase_add_test(tc, test_string_errors);
    tcase_add_test(tc, test_bad_character);
    tcase_add_test(tc, test_comments_and_shebang);
    tcase_add_test(tc, test_longest_match);
    tcase_add_test(tc, test_eof_repeats);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
