/* test_plot.c - plot(): the braille chart's exact output for small inputs,
 * round ticks, SVG files checked with `xmllint --noout`, nan/inf, errors. */
#include <stdio.h>
#include <unistd.h>
#include "kit_run.h"
#include "eval/plot.h"

static char *term(const double *y, int64_t n, const char *title, int w, int h) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    plot_term(f, y, n, title, w, h);
    fclose(f);
    return buf;
}

START_TEST(braille_exact) {
    /* [0, 1] on 2x2 characters = 4x8 dots: a line from (0,7) up to (3,0)
     * lights dots (0,7) (0,6) (1,5) (1,4) in the lower-left character and
     * (2,3) (2,2) (3,1) (3,0) in the upper-right one: both U+285C */
    char *s = term((const double[]){0, 1}, 2, NULL, 2, 2);
    ck_assert_str_eq(s, "1 \u2524\u2800\u285c\n"
                        "0 \u2524\u285c\u2800\n"
                        "  \u2514\u2500\u2500\n"
                        "   2 points\n");
    free(s);
    /* nan breaks the line: two lone dots, (0,3) and (3,0) */
    s = term((const double[]){0, NAN, 1}, 3, "t", 2, 1);
    ck_assert_str_eq(s, "t\n1 \u2524\u2840\u2808\n  \u2514\u2500\u2500\n   3 points (1 not finite, not drawn)\n");
    free(s);
    /* a constant series sits in the middle row; labels are right-aligned */
    s = term((const double[]){-2.5, -2.5, -2.5}, 3, NULL, 3, 2);
    ck_assert_str_eq(s, "-2.5 \u2524\u2800\u2800\u2800\n"
                        "-2.5 \u2524\u2809\u2809\u2809\n"
                        "     \u2514\u2500\u2500\u2500\n"
                        "      3 points\n");
    free(s);
    s = term((const double[]){INFINITY, NAN}, 2, NULL, 3, 2);
    ck_assert_str_eq(s, "(nothing to draw: 2 points, none finite)\n");
    free(s);
}
END_TEST

START_TEST(terminal_through_the_builtin) {
    /* the default size: 15 rows of 60 characters between the labels */
    KitRun r = kit_run("plot([3, 1, 2], title=\"loss\")\nplot(tensor([1, 2]))");
    ck_assert_msg(r.ok, "%s", r.err.msg);
    ck_assert(strncmp(r.out, "loss\n3 \u2524", strlen("loss\n3 \u2524")) == 0);
    int lines = 0;
    for (char *p = r.out; *p; p++) lines += *p == '\n';
    ck_assert_int_eq(lines, 2 * (PLOT_TERM_HEIGHT + 2) + 1);
    ck_assert_ptr_nonnull(strstr(r.out, "\n1 \u2524"));
    ck_assert_ptr_nonnull(strstr(r.out, "   3 points\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "   2 points\n"));
    /* each chart row: label, axis, 60 braille characters of 3 bytes */
    char *row = strstr(r.out, "\n3 \u2524") + 1;
    ck_assert_int_eq((int)(strchr(row, '\n') - row), 2 + 3 + 3 * PLOT_TERM_WIDTH);
    kit_free(&r);
}
END_TEST

START_TEST(round_ticks) {
    double first, step;
    ck_assert_int_eq(plot_nice_ticks(0, 1, 6, &first, &step), 6);
    ck_assert_double_eq_tol(first, 0, 1e-12);
    ck_assert_double_eq_tol(step, 0.2, 1e-12);
    ck_assert_int_eq(plot_nice_ticks(-0.93, 0.97, 6, &first, &step), 5);
    ck_assert_double_eq_tol(first, -1, 1e-12);
    ck_assert_double_eq_tol(step, 0.5, 1e-12);
    ck_assert_int_eq(plot_nice_ticks(13, 987, 6, &first, &step), 6);
    ck_assert_double_eq_tol(first, 0, 1e-12);
    ck_assert_double_eq_tol(step, 200, 1e-12);
    /* one value: a range around it */
    ck_assert_int_eq(plot_nice_ticks(3, 3, 6, &first, &step), 7);
    ck_assert_double_eq_tol(first, 2.7, 1e-12);
    ck_assert_double_eq_tol(step, 0.1, 1e-12);
}
END_TEST

/* ---- SVG ---- */

static char *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert_int_eq(fread(s, 1, (size_t)n, f), n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static int count(const char *s, const char *part) {
    int k = 0;
    for (const char *p = s; (p = strstr(p, part)); p++) k++;
    return k;
}

static bool have_xmllint(void) { return system("command -v xmllint >/dev/null 2>&1") == 0; }

static void xmllint_ok(const char *path) {
    if (!have_xmllint()) {
        printf("  skip: xmllint not found, %s not validated\n", path);
        return;
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
    ck_assert_msg(system(cmd) == 0, "xmllint rejects %s", path);
}

START_TEST(svg_files) {
    char dir[] = "/tmp/mg_test_plot_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char prog[1024], path[600];
    snprintf(path, sizeof path, "%s/sin.svg", dir);
    snprintf(prog, sizeof prog, "plot(sin(linspace(0, 6.283, 100)), \"%s\", title=\"sin <x> & \\\"co\\\"\")", path);
    KIT_OUT(prog, "");
    xmllint_ok(path);
    char *s = read_all(path);
    ck_assert_ptr_nonnull(strstr(s, ">sin &lt;x&gt; &amp; &quot;co&quot;</text>"));
    /* y ticks -1 .. 1 by 0.5, x ticks 0 .. 80 by 20 (indexes 0..99) */
    const char *ticks[] = {">-1.0<", ">-0.5<", ">0.0<", ">0.5<", ">1.0<", ">0<", ">20<", ">40<", ">60<", ">80<"};
    for (size_t i = 0; i < sizeof ticks / sizeof *ticks; i++)
        ck_assert_msg(strstr(s, ticks[i]) != NULL, "no tick label %s", ticks[i]);
    ck_assert_ptr_null(strstr(s, ">100<"));
    ck_assert_int_eq(count(s, "<polyline"), 1);
    ck_assert_ptr_nonnull(strstr(s, ">100 points</text>"));
    free(s);

    /* nan and inf split the line: a lone point, then a run of two */
    snprintf(path, sizeof path, "%s/gaps.svg", dir);
    snprintf(prog, sizeof prog, "plot([1, 1/0, 2, 3, 0/0], \"%s\")", path);
    KIT_OUT(prog, "");
    xmllint_ok(path);
    s = read_all(path);
    ck_assert_int_eq(count(s, "<polyline"), 1);
    ck_assert_int_eq(count(s, "<circle"), 1);
    ck_assert_ptr_nonnull(strstr(s, ">5 points (2 not finite, not drawn)</text>"));
    ck_assert_ptr_null(strstr(s, "nan"));
    ck_assert_ptr_null(strstr(s, "inf"));
    free(s);

    /* nothing finite still makes a valid file */
    snprintf(path, sizeof path, "%s/none.svg", dir);
    snprintf(prog, sizeof prog, "plot([0/0], \"%s\", title=\"empty\")", path);
    KIT_OUT(prog, "");
    xmllint_ok(path);

    snprintf(prog, sizeof prog, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(prog), 0);
}
END_TEST

START_TEST(errors) {
    KIT_ERR("plot([])", ERR_VALUE, "plot: there are no values to plot");
    KIT_ERR("plot(zeros(2, 3))", ERR_SHAPE,
            "plot: values must be a list of numbers or a 1-D tensor, got a tensor of shape [2, 3]");
    KIT_ERR("plot([1, \"a\"])", ERR_TYPE, "plot: element 1 of the list is a string, not a number");
    KIT_ERR("plot(\"x\")", ERR_TYPE, "bad argument #1 to 'plot' (list of numbers or 1-D tensor expected, got string)");
    KIT_ERR("plot([1, 2], 5)", ERR_TYPE, "bad argument #2 to 'plot'");
    KIT_ERR("plot([1, 2], \"/nonexistent_dir_mg/p.svg\")", ERR_IO,
            "plot: cannot write '/nonexistent_dir_mg/p.svg': No such file or directory");
}
END_TEST

static Suite *plot_suite(void) {
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("plot");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, braille_exact);
    tcase_add_test(tc, terminal_through_the_builtin);
    tcase_add_test(tc, round_ticks);
    tcase_add_test(tc, svg_files);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return kit_main(plot_suite()); }
