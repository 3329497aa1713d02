/* test_parser.c - the parser (SPEC §2 newline rules, §4 grammar and
 * precedence) seen through the S-expression printer, plus statuses
 * (OK / INCOMPLETE / ERROR), error messages with their positions, and the
 * nesting limit. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser/parser.h"
#include "util/alloc.h"

/* Parse text; on success return the program printed (a single statement
 * without the surrounding "(block ...)"), else "ERROR" or "INCOMPLETE". */
static char printed[4096];
static MgError err;

static ParseStatus parse(const char *text) {
    const Source *src = mg_source_new("t.mg", text, strlen(text));
    mg_error_clear(&err);
    ParseResult r = ps_parse(src, &err);
    if (r.status == PARSE_OK) {
        ck_assert_ptr_nonnull(r.program);
        ck_assert_int_eq(r.program->kind, AST_BLOCK);
        const Ast *shown = r.program->n_items == 1 ? r.program->items[0] : r.program;
        char *s = ast_to_string(shown);
        snprintf(printed, sizeof printed, "%s", s);
        mg_free(s);
    } else {
        ck_assert_ptr_null(r.program);
        ck_assert_int_eq(err.kind, ERR_SYNTAX);
        snprintf(printed, sizeof printed, "%s", r.status == PARSE_ERROR ? "ERROR" : "INCOMPLETE");
    }
    ck_assert_ptr_nonnull(r.arena);
    arena_release(r.arena);
    return r.status;
}

typedef struct { const char *src, *want; } Case;

static void check_cases(const Case *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        parse(cases[i].src);
        ck_assert_msg(strcmp(printed, cases[i].want) == 0, "%s\n  got  %s\n  want %s%s%s", cases[i].src,
                      printed, cases[i].want, strcmp(printed, "ERROR") == 0 ? "\n  error: " : "",
                      strcmp(printed, "ERROR") == 0 ? err.msg : "");
    }
}
#define CHECK_CASES(c) check_cases(c, sizeof c / sizeof c[0])

/* Expect a syntax error with exactly this message at line:col. */
static void check_error(const char *src, ParseStatus status, const char *msg, int line, int col) {
    ParseStatus got = parse(src);
    ck_assert_msg(got == status, "%s: status %d, want %d (%s)", src, got, status, err.msg);
    ck_assert_msg(strcmp(err.msg, msg) == 0, "%s\n  got  %s\n  want %s", src, err.msg, msg);
    ck_assert_msg(err.span.line == line && err.span.col == col, "%s: error at %d:%d, want %d:%d", src,
                  err.span.line, err.span.col, line, col);
    ck_assert_ptr_nonnull(err.span.src);
}

START_TEST(test_literals) {
    static const Case cases[] = {
        {"1", "1"}, {"1.5", "1.5"}, {".5", "0.5"}, {"1e-3", "0.001"}, {"2.5E+4", "25000"},
        {"1e-10", "1e-10"}, {"\"hi\\n\\\"x\\\"\"", "\"hi\\n\\\"x\\\"\""}, {"true", "true"},
        {"false", "false"}, {"none", "none"}, {"x", "x"}, {"[]", "(list)"},
        {"[1, [2, 3], \"a\"]", "(list 1 (list 2 3) \"a\")"}, {"[1, 2,]", "(list 1 2)"},
        {"(x)", "x"}, {"((1))", "1"},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(test_precedence) {
    static const Case cases[] = {
        {"1 + 2 * 3", "(+ 1 (* 2 3))"},
        {"(1 + 2) * 3", "(* (+ 1 2) 3)"},
        {"a - b - c", "(- (- a b) c)"},
        {"a / b * c % d", "(% (* (/ a b) c) d)"},
        {"a @ b + c", "(+ (@ a b) c)"},
        {"-x**2", "(- (** x 2))"},
        {"2**-1", "(** 2 (- 1))"},
        {"a**b**c", "(** a (** b c))"},
        {"-a * b", "(* (- a) b)"},
        {"a * -b", "(* a (- b))"},
        {"- -a", "(- (- a))"},
        {"+a", "(+ a)"},
        {"2 ** -1 + 3", "(+ (** 2 (- 1)) 3)"},
        {"a + b < c * d", "(< (+ a b) (* c d))"},
        {"a == b and c != d", "(and (== a b) (!= c d))"},
        {"a or b and c", "(or a (and b c))"},
        {"a and b or c and d", "(or (and a b) (and c d))"},
        {"not a and b", "(and (not a) b)"},
        {"not a == b", "(not (== a b))"},
        {"not not a", "(not (not a))"},
        {"a or b or c", "(or (or a b) c)"},
        {"a <= b", "(<= a b)"}, {"a >= b", "(>= a b)"}, {"a > b", "(> a b)"},
        {"(a < b) < c", "(< (< a b) c)"},
        {"-f(x)[0].y", "(- (. (index (call f x) 0) y))"},
        {"-x.grad ** 2", "(- (** (. x grad) 2))"},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(test_postfix) {
    static const Case cases[] = {
        {"f()", "(call f)"},
        {"f(1, x)", "(call f 1 x)"},
        {"f(x, axis=0)", "(call f x axis=0)"},
        {"sum(x, axis=0, keepdim=true)", "(call sum x axis=0 keepdim=true)"},
        {"f(a=1)", "(call f a=1)"},
        {"f(x == 1)", "(call f (== x 1))"},
        {"f(x,)", "(call f x)"},
        {"f(x)(y)", "(call (call f x) y)"},
        {"x.sum(0)", "(call (. x sum) 0)"},
        {"x.grad", "(. x grad)"},
        {"a.b.c", "(. (. a b) c)"},
        {"x[i]", "(index x i)"},
        {"x[-1]", "(index x (- 1))"},
        {"x[a:b]", "(index x (slice a b _))"},
        {"x[a:b:s]", "(index x (slice a b s))"},
        {"x[:, 0]", "(index x (slice _ _ _) 0)"},
        {"x[::2]", "(index x (slice _ _ 2))"},
        {"x[1:]", "(index x (slice 1 _ _))"},
        {"x[:3]", "(index x (slice _ 3 _))"},
        {"x[::]", "(index x (slice _ _ _))"},
        {"x[i, 1:3]", "(index x i (slice 1 3 _))"},
        {"x[0][1]", "(index (index x 0) 1)"},
        {"m[i + 1, :j * 2]", "(index m (+ i 1) (slice _ (* j 2) _))"},
        {"[1, 2][0]", "(index (list 1 2) 0)"},
        {"opt.step()", "(call (. opt step))"},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(test_functions) {
    static const Case cases[] = {
        {"fn(x) => x * 2", "(fn (x) => (* x 2))"},
        {"fn() => 1", "(fn () => 1)"},
        {"fn(a, b) { return a + b }", "(fn (a b) (block (return (+ a b))))"},
        {"let f = fn(x) => fn(y) => x + y", "(let f (fn (x) => (fn (y) => (+ x y))))"},
        {"map(xs, fn(x) => x, 1)", "(call map xs (fn (x) => x) 1)"},
        {"fn f(a, b) { return a + b }", "(def f (a b) (block (return (+ a b))))"},
        {"fn f() { }", "(def f () (block))"},
        {"fn f() { return }", "(def f () (block (return)))"},
        {"fn f(x) {\n  let y = x\n  return y\n}", "(def f (x) (block (let y x) (return y)))"},
        {"apply(fn(x) {\n  let y = x * 2\n  return y\n}, 3)",
         "(call apply (fn (x) (block (let y (* x 2)) (return y))) 3)"},
        {"return", "(return)"},
        {"return 1 + 2", "(return (+ 1 2))"},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(test_statements) {
    static const Case cases[] = {
        {"let x = 1 + 2 * 3", "(let x (+ 1 (* 2 3)))"},
        {"x = 1", "(= x 1)"},
        {"x[i, 1:3] = v", "(= (index x i (slice 1 3 _)) v)"},
        {"x.grad = none", "(= (. x grad) none)"},
        {"x.requires_grad = true", "(= (. x requires_grad) true)"},
        {"x += 1", "(+= x 1)"}, {"x -= 1", "(-= x 1)"}, {"x *= 2", "(*= x 2)"}, {"x /= 2", "(/= x 2)"},
        {"w[0] -= lr * g", "(-= (index w 0) (* lr g))"},
        {"if a { 1 }", "(if a (block 1))"},
        {"if a { 1 } else { 2 }", "(if a (block 1) (block 2))"},
        {"if a { 1 } else if b { 2 } else { 3 }", "(if a (block 1) (if b (block 2) (block 3)))"},
        {"if a {\n  1\n}\nelse {\n  2\n}", "(if a (block 1) (block 2))"},
        {"while i < 10 { i += 1 }", "(while (< i 10) (block (+= i 1)))"},
        {"for i in range(10) { print(i) }", "(for i (call range 10) (block (call print i)))"},
        {"for t in [1, 2] { if t { break } else { continue } }",
         "(for t (list 1 2) (block (if t (block (break)) (block (continue)))))"},
        {"no_grad { w -= 0.1 * w.grad }", "(no_grad (block (-= w (* 0.1 (. w grad)))))"},
        {"print(x)", "(call print x)"},
        {"", "(block)"},
        {"\n\n;;\n", "(block)"},
        {"1; 2", "(block 1 2)"},
        {"a = 1\nb = 2\n", "(block (= a 1) (= b 2))"},
        {"# only a comment", "(block)"},
        {"#!/usr/bin/env mg\nx", "x"},
        {"x = 1 # trailing comment", "(= x 1)"},
    };
    CHECK_CASES(cases);
}
END_TEST

/* SPEC §2: statement ends, and where newlines are not statement ends. */
START_TEST(test_newline_rules) {
    static const Case cases[] = {
        {"let loss = mse_loss(pred,\n                    target) +\n           0.01 * sum(w ** 2)",
         "(let loss (+ (call mse_loss pred target) (* 0.01 (call sum (** w 2)))))"},
        {"if n < 2 { return n } return fib(n - 1) + fib(n - 2)",
         "(block (if (< n 2) (block (return n))) (return (+ (call fib (- n 1)) (call fib (- n 2)))))"},
        {"x = [1,\n 2\n ,3\n]", "(= x (list 1 2 3))"},
        {"f(\n  x\n  ,\n  y\n)", "(call f x y)"},
        {"x = (1\n + 2)", "(= x (+ 1 2))"},
        {"x = 1 +\n 2", "(= x (+ 1 2))"},
        {"x = 1\n+ 2", "(block (= x 1) (+ 2))"},
        {"x =\n 5", "(= x 5)"},
        {"x +=\n 5", "(+= x 5)"},
        {"a and\n b", "(and a b)"},
        {"f = fn(x) =>\n x", "(= f (fn (x) => x))"},
        {"x = a.\n b", "(= x (. a b))"},
        {"x\ny", "(block x y)"},
        {"while x {\n\n  a\n\n  b\n}", "(while x (block a b))"},
        {"fn f() { 1 } fn g() { 2 }", "(block (def f () (block 1)) (def g () (block 2)))"},
        {"let f = fn(x) { x } f(1)", "(block (let f (fn (x) (block x))) (call f 1))"},
        {"[fn(x) {\n a\n b\n}]", "(list (fn (x) (block a b)))"},
        {"if a { b }\nc", "(block (if a (block b)) c)"},
        {"x = 1;", "(= x 1)"},
        {"{", "ERROR"},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(test_incomplete) {
    const char *incomplete[] = {
        "let x = (1 +", "fn f() {", "x = 1 +", "f(", "[1, 2", "x = [1,\n2,", "if a {\n  b = 1\n",
        "if a { b } else", "let x =", "x.", "a and", "f(x,\n", "fn(x) =>", "while x {", "x[1:",
        "let s = f(1, # comment\n", "no_grad {", "for i in range(3) {\n",
    };
    for (size_t i = 0; i < sizeof incomplete / sizeof incomplete[0]; i++) {
        ParseStatus st = parse(incomplete[i]);
        ck_assert_msg(st == PARSE_INCOMPLETE, "%s: status %d (%s)", incomplete[i], st, err.msg);
    }
    /* Errors even at end of input: nothing is open and nothing is pending. */
    const char *errors[] = {"\"abc", "f(\"abc", "let x", "if a", "for i", "x = 1 2", "let x = )"};
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        ParseStatus st = parse(errors[i]);
        ck_assert_msg(st == PARSE_ERROR, "%s: status %d", errors[i], st);
    }
    /* Complete input stays complete with a trailing newline or comment. */
    ck_assert_int_eq(parse("x = 1\n"), PARSE_OK);
    ck_assert_int_eq(parse("f(1) # done"), PARSE_OK);
}
END_TEST

START_TEST(test_error_messages) {
    check_error("let x = )", PARSE_ERROR, "expected expression, but found ')'", 1, 9);
    check_error("let x = 1\nlet y = )", PARSE_ERROR, "expected expression, but found ')'", 2, 9);
    check_error("a < b < c", PARSE_ERROR, "comparison operators cannot be chained (write 'a < b and b < c')", 1, 7);
    check_error("a == b != c", PARSE_ERROR, "comparison operators cannot be chained (write 'a < b and b < c')", 1, 8);
    check_error("f(axis=0, x)", PARSE_ERROR, "positional argument after keyword argument 'axis'", 1, 11);
    check_error("f(a=1, a=2)", PARSE_ERROR, "keyword argument 'a' given twice", 1, 8);
    check_error("f(1 2)", PARSE_ERROR, "expected ')' to close '(' at 1:2, but found number 2", 1, 5);
    check_error("x = (1\n", PARSE_INCOMPLETE, "expected ')' to close '(' at 1:5, but found end of input", 1, 7);
    check_error("x = (1 y)", PARSE_ERROR, "expected ')' to close '(' at 1:5, but found name 'y'", 1, 8);
    check_error("x = [1 2]", PARSE_ERROR, "expected ']' to close '[' at 1:5, but found number 2", 1, 8);
    check_error("x[1 2]", PARSE_ERROR, "expected ']' to close '[' at 1:2, but found number 2", 1, 5);
    check_error("x[]", PARSE_ERROR, "expected an index or a slice, but found ']'", 1, 3);
    check_error("fn f() {\n  x = 1\n", PARSE_INCOMPLETE, "expected '}' to close '{' at 1:8, but found end of input", 2, 8);
    check_error("x = 1 +   # more\n\n", PARSE_INCOMPLETE, "expected expression, but found end of input", 1, 8);
    check_error("let = 1", PARSE_ERROR, "expected a name after 'let', but found '='", 1, 5);
    check_error("let x 1", PARSE_ERROR, "expected '=' after 'let x', but found number 1", 1, 7);
    check_error("let x = 1 2", PARSE_ERROR, "expected ';' or newline after the statement, but found number 2", 1, 11);
    check_error("if x\n{ }", PARSE_ERROR, "expected '{' after the condition of 'if', but found newline", 1, 5);
    check_error("while x y", PARSE_ERROR, "expected '{' after the condition of 'while', but found name 'y'", 1, 9);
    check_error("for 1 in x { }", PARSE_ERROR, "expected a loop variable name after 'for', but found number 1", 1, 5);
    check_error("for i x { }", PARSE_ERROR, "expected 'in' after the loop variable, but found name 'x'", 1, 7);
    check_error("if a { } else x", PARSE_ERROR, "expected '{' after 'else', but found name 'x'", 1, 15);
    check_error("no_grad x", PARSE_ERROR, "expected '{' after 'no_grad', but found name 'x'", 1, 9);
    check_error("fn f(1) { }", PARSE_ERROR, "expected a parameter name, but found number 1", 1, 6);
    check_error("fn f(a, a) { }", PARSE_ERROR, "duplicate parameter 'a'", 1, 9);
    check_error("fn f(x) => x", PARSE_ERROR, "expected '{' after the parameters, but found '=>'", 1, 9);
    check_error("fn(x) x", PARSE_ERROR, "expected '{' after the parameters (or '=>'), but found name 'x'", 1, 7);
    check_error("f = fn g() { }", PARSE_ERROR, "expected '(' to start the parameter list, but found name 'g'", 1, 8);
    check_error("x.1", PARSE_ERROR, "expected ';' or newline after the statement, but found number .1", 1, 2);
    check_error("x.(", PARSE_ERROR, "expected an attribute name after '.', but found '('", 1, 3);
    check_error("f(x) = 1", PARSE_ERROR, "cannot assign to a call; only a name, x[i] or x.attr can be assigned", 1, 6);
    check_error("1 += 1", PARSE_ERROR, "cannot assign to a number; only a name, x[i] or x.attr can be assigned", 1, 3);
    check_error("a + b = 1", PARSE_ERROR,
                "cannot assign to an operator expression; only a name, x[i] or x.attr can be assigned", 1, 7);
    check_error("a = b = 1", PARSE_ERROR, "expected ';' or newline after the statement, but found '='", 1, 7);
    check_error("break", PARSE_ERROR, "'break' outside a loop", 1, 1);
    check_error("while x { fn f() { continue } }", PARSE_ERROR, "'continue' outside a loop", 1, 20);
    check_error("x = }", PARSE_ERROR, "expected expression, but found '}'", 1, 5);
    check_error("}", PARSE_ERROR, "expected expression, but found '}'", 1, 1);
    check_error("x = \"a\" \"b\"", PARSE_ERROR, "expected ';' or newline after the statement, but found string \"b\"", 1, 9);
    check_error("x = 1e", PARSE_ERROR, "malformed number '1e'", 1, 5);
    check_error("x = 1.2.3", PARSE_ERROR, "malformed number '1.2.3'", 1, 5);
    check_error("x = 3 $ 4", PARSE_ERROR, "unexpected character '$'", 1, 7);
    check_error("x = \"abc", PARSE_ERROR, "unterminated string", 1, 5);
    check_error("f(\"a\\qb\")", PARSE_ERROR, "unknown escape in string (use \\n, \\t, \\\\ or \\\")", 1, 5);
    check_error("x = 1. + 2", PARSE_ERROR, "malformed number '1.'", 1, 5);
    check_error("let 1x = 2", PARSE_ERROR, "malformed number '1x'", 1, 5);
}
END_TEST

/* Errors in a prompt input count lines from the session's line offset. */
START_TEST(test_line_offset) {
    Source *src = mg_source_new("<stdin>", "f(1\n 2)", 7);
    src->line_offset = 10;
    MgError e = {0};
    ParseResult r = ps_parse(src, &e);
    ck_assert_int_eq(r.status, PARSE_ERROR);
    ck_assert_str_eq(e.msg, "expected ')' to close '(' at 11:2, but found number 2");
    ck_assert_int_eq(e.span.line, 2);   /* spans stay source-relative */
    arena_release(r.arena);
}
END_TEST

/* Spans of nodes, as ast.h documents them. */
START_TEST(test_spans) {
    const char *text = "let y = a + f(x)[0].b";
    const Source *src = mg_source_new("t.mg", text, strlen(text));
    MgError e = {0};
    ParseResult r = ps_parse(src, &e);
    ck_assert_int_eq(r.status, PARSE_OK);
    const Ast *let = r.program->items[0];
    ck_assert_int_eq(let->span.col, 1);
    const Ast *plus = let->a;
    ck_assert_int_eq(plus->kind, AST_BINARY);
    ck_assert_int_eq(plus->span.col, 11);   /* the operator */
    const Ast *attr = plus->b;
    ck_assert_int_eq(attr->kind, AST_ATTR);
    ck_assert_int_eq(attr->span.col, 21);   /* the name after '.' */
    const Ast *index = attr->a;
    ck_assert_int_eq(index->kind, AST_INDEX);
    ck_assert_int_eq(index->span.col, 17);  /* the '[' */
    const Ast *call = index->a;
    ck_assert_int_eq(call->kind, AST_CALL);
    ck_assert_int_eq(call->span.col, 14);   /* the '(' */
    ck_assert_int_eq(call->args[0].span.col, 15);
    ck_assert_int_eq(call->slot, -1);
    ck_assert_ptr_eq(call->span.src, src);
    arena_release(r.arena);
}
END_TEST

/* Node fields the evaluator reads, beyond what the printer shows. */
START_TEST(test_node_fields) {
    const char *text = "fn f(a, b) { return a }\nlet g = fn(x) => x\nf(1, k=\"s\\t\")";
    const Source *src = mg_source_new("t.mg", text, strlen(text));
    MgError e = {0};
    ParseResult r = ps_parse(src, &e);
    ck_assert_int_eq(r.status, PARSE_OK);
    ck_assert_int_eq(r.program->n_items, 3);
    const Ast *def = r.program->items[0];
    ck_assert_int_eq(def->kind, AST_FN_DEF);
    ck_assert_str_eq(def->fn.name, "f");
    ck_assert_str_eq(def->name, "f");
    ck_assert_int_eq(def->fn.n_params, 2);
    ck_assert_str_eq(def->fn.params[1], "b");
    ck_assert(!def->fn.is_expr_body);
    ck_assert_int_eq(def->fn.body->kind, AST_BLOCK);
    const Ast *lambda = r.program->items[1]->a;
    ck_assert_int_eq(lambda->kind, AST_FN);
    ck_assert_ptr_null(lambda->fn.name);
    ck_assert(lambda->fn.is_expr_body);
    ck_assert_int_eq(lambda->fn.body->kind, AST_NAME);
    const Ast *stmt = r.program->items[2];
    ck_assert_int_eq(stmt->kind, AST_EXPR_STMT);
    const Ast *call = stmt->a;
    ck_assert_int_eq(call->n_args, 2);
    ck_assert_ptr_null(call->args[0].name);
    ck_assert_str_eq(call->args[1].name, "k");
    ck_assert_int_eq(call->args[1].value->kind, AST_STRING);
    ck_assert_str_eq(call->args[1].value->str, "s\t");
    ck_assert_str_eq(ast_kind_name(AST_OP_ASSIGN), "op_assign");
    arena_release(r.arena);
}
END_TEST

static char *repeat(const char *open, int n, const char *mid, const char *close) {
    size_t lo = strlen(open), lc = strlen(close), lm = strlen(mid);
    char *s = malloc(lo * (size_t)n + lm + lc * (size_t)n + 1);
    char *p = s;
    for (int i = 0; i < n; i++) { memcpy(p, open, lo); p += lo; }
    memcpy(p, mid, lm); p += lm;
    for (int i = 0; i < n; i++) { memcpy(p, close, lc); p += lc; }
    *p = '\0';
    return s;
}

START_TEST(test_depth_limit) {
    struct { const char *open, *mid, *close; } shapes[] = {
        {"(", "1", ")"}, {"[", "1", "]"}, {"-", "x", ""}, {"not ", "x", ""},
        {"2**", "2", ""}, {"if x { ", "y", " }"}, {"f(", "1", ")"}, {"fn() => ", "1", ""},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char *ok = repeat(shapes[i].open, 50, shapes[i].mid, shapes[i].close);
        ck_assert_msg(parse(ok) == PARSE_OK, "50 levels of %s: %s", shapes[i].open, err.msg);
        free(ok);
        char *deep = repeat(shapes[i].open, 100000, shapes[i].mid, shapes[i].close);
        ck_assert_msg(parse(deep) == PARSE_ERROR, "100000 levels of %s", shapes[i].open);
        ck_assert_str_eq(err.msg, "nesting too deep (limit 200)");
        free(deep);
    }
    /* Long flat chains are not nesting. */
    size_t n = 20000;
    char *chain = malloc(4 * n + 2);
    char *p = chain;
    for (size_t i = 0; i < n; i++) { memcpy(p, "1 + ", 4); p += 4; }
    strcpy(p, "1");
    ck_assert_int_eq(parse(chain), PARSE_OK);
    free(chain);
}
END_TEST

/* The printer's other entry point writes the same text to a FILE. */
START_TEST(test_ast_print_file) {
    const char *text = "x[::2] = f(a, b=1)";
    const Source *src = mg_source_new("t.mg", text, strlen(text));
    MgError e = {0};
    ParseResult r = ps_parse(src, &e);
    ck_assert_int_eq(r.status, PARSE_OK);
    char buf[256] = {0};
    FILE *f = fmemopen(buf, sizeof buf, "w");
    ast_print(r.program, f);
    fclose(f);
    ck_assert_str_eq(buf, "(block (= (index x (slice _ _ 2)) (call f a b=1)))");
    arena_release(r.arena);
}
END_TEST

/* The parser frees its temporary token array in every status. */
START_TEST(test_no_leaks) {
    const char *inputs[] = {"let x = 1 + 2", "f(", "x = )", "\"abc"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        const Source *src = mg_source_new("t.mg", inputs[i], strlen(inputs[i]));
        size_t before = mg_alloc_live_blocks();
        MgError e = {0};
        ParseResult r = ps_parse(src, &e);
        arena_release(r.arena);
        ck_assert_msg(mg_alloc_live_blocks() == before, "%s leaks", inputs[i]);
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("parser");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_literals);
    tcase_add_test(tc, test_precedence);
    tcase_add_test(tc, test_postfix);
    tcase_add_test(tc, test_functions);
    tcase_add_test(tc, test_statements);
    tcase_add_test(tc, test_newline_rules);
    tcase_add_test(tc, test_incomplete);
    tcase_add_test(tc, test_error_messages);
    tcase_add_test(tc, test_line_offset);
    tcase_add_test(tc, test_spans);
    tcase_add_test(tc, test_node_fields);
    tcase_add_test(tc, test_depth_limit);
    tcase_add_test(tc, test_ast_print_file);
    tcase_add_test(tc, test_no_leaks);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
