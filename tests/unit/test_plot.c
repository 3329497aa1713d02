/* test_plot.c - plot(): the braille chart's exact output for small inputs,
 * round ticks, SVG files checked with `xmllint --noout`, nan/inf, errors;
 * heat maps of 2-D grids: their geometry and colour scale, the shaded
 * terminal map's exact output, SVG rects and circles, argument errors. */
#include <stdio.h>
#include <unistd.h>
#include "kit_run.h"
#include "eval/plot.h"
#include "eval/builtins.h"

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
    KIT_ERR("plot(zeros(2, 3, 4))", ERR_SHAPE,
            "plot: values must be a list of numbers, a 1-D tensor or a 2-D tensor, got a tensor of shape [2, 3, 4]");
    KIT_ERR("plot([1, \"a\"])", ERR_TYPE, "plot: element 1 of the list is a string, not a number");
    KIT_ERR("plot(\"x\")", ERR_TYPE,
            "bad argument #1 to 'plot' (list of numbers or 1-D or 2-D tensor expected, got string)");
    KIT_ERR("plot([1, 2], 5)", ERR_TYPE, "bad argument #2 to 'plot'");
    KIT_ERR("plot([1, 2], \"/nonexistent_dir_mg/p.svg\")", ERR_IO,
            "plot: cannot write '/nonexistent_dir_mg/p.svg': No such file or directory");
}
END_TEST

/* ---- heat maps ---- */

static char *heat_term(const PlotHeat *h, int w, int rows) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    plot_heat_term(f, h, w, rows);
    fclose(f);
    return buf;
}

START_TEST(heat_geometry) {
    /* 3 columns from 0 to 1 and 5 rows from 0 to 2: samples 0.5 and 0.5
     * apart, each filling the cell around it */
    double xlo, xhi, ylo, yhi;
    PlotHeat h = {.rows = 5, .cols = 3, .has_extent = true, .x0 = 0, .x1 = 1, .y0 = 0, .y1 = 2};
    plot_heat_bounds(&h, &xlo, &xhi, &ylo, &yhi);
    ck_assert_double_eq_tol(xlo, -0.25, 1e-12);
    ck_assert_double_eq_tol(xhi, 1.25, 1e-12);
    ck_assert_double_eq_tol(ylo, -0.25, 1e-12);
    ck_assert_double_eq_tol(yhi, 2.25, 1e-12);
    /* a single column fills the extent; without an extent, indexes */
    h.cols = 1;
    plot_heat_bounds(&h, &xlo, &xhi, &ylo, &yhi);
    ck_assert_double_eq_tol(xlo, 0, 1e-12);
    ck_assert_double_eq_tol(xhi, 1, 1e-12);
    h.has_extent = false;
    plot_heat_bounds(&h, &xlo, &xhi, &ylo, &yhi);
    ck_assert_double_eq_tol(xlo, -0.5, 1e-12);
    ck_assert_double_eq_tol(xhi, 0.5, 1e-12);
    ck_assert_double_eq_tol(ylo, -0.5, 1e-12);
    ck_assert_double_eq_tol(yhi, 4.5, 1e-12);

    /* points as fractions of the picture; outside and nan are left out */
    h = (PlotHeat){.rows = 2, .cols = 2, .has_extent = true, .x0 = 0, .x1 = 1, .y0 = 0, .y1 = 1,
                   .points = (const double[]){0, 0, 1, 0.5, 2, 0, NAN, 0}, .n_points = 4};
    double fx, fy;
    ck_assert(plot_heat_point_at(&h, 0, &fx, &fy));
    ck_assert_double_eq_tol(fx, 0.25, 1e-12);
    ck_assert_double_eq_tol(fy, 0.25, 1e-12);
    ck_assert(plot_heat_point_at(&h, 1, &fx, &fy));
    ck_assert_double_eq_tol(fx, 0.75, 1e-12);
    ck_assert_double_eq_tol(fy, 0.5, 1e-12);
    ck_assert(!plot_heat_point_at(&h, 2, &fx, &fy));
    ck_assert(!plot_heat_point_at(&h, 3, &fx, &fy));
    ck_assert_int_eq(plot_heat_points_drawn(&h), 2);
}
END_TEST

START_TEST(heat_scale) {
    double lo, hi;
    /* both signs: symmetric, so white is 0 */
    PlotHeat h = {.z = (const double[]){-1, 3, NAN, 0}, .rows = 2, .cols = 2};
    ck_assert_int_eq(plot_heat_scale(&h, &lo, &hi), 3);
    ck_assert_double_eq_tol(lo, -3, 1e-12);
    ck_assert_double_eq_tol(hi, 3, 1e-12);
    /* one sign: min to max */
    h.z = (const double[]){0.2, 0.9, 0.5, 0.4};
    ck_assert_int_eq(plot_heat_scale(&h, &lo, &hi), 4);
    ck_assert_double_eq_tol(lo, 0.2, 1e-12);
    ck_assert_double_eq_tol(hi, 0.9, 1e-12);
    /* one value: a range around it; nothing finite: [-1, 1] */
    h.z = (const double[]){5, 5, 5, 5};
    plot_heat_scale(&h, &lo, &hi);
    ck_assert_double_eq_tol(lo, 4.5, 1e-12);
    ck_assert_double_eq_tol(hi, 5.5, 1e-12);
    h.z = (const double[]){NAN, INFINITY, NAN, NAN};
    ck_assert_int_eq(plot_heat_scale(&h, &lo, &hi), 0);
    ck_assert_double_eq_tol(lo, -1, 1e-12);
    ck_assert_double_eq_tol(hi, 1, 1e-12);
}
END_TEST

START_TEST(heat_term_exact) {
    /* rows 2 x cols 3, one character per cell; row 0 (0 1 2) at the bottom.
     * The scale is [0, 4] in fifths of 0.8: 0 ' ', 1 ░, 2 ▒, 3 ▓, 4 █ */
    PlotHeat h = {.z = (const double[]){0, 1, 2, 3, 4, NAN}, .rows = 2, .cols = 3};
    char *s = heat_term(&h, 3, 2);
    ck_assert_str_eq(s, "1 \u2524\u2593\u2588?\n"
                        "0 \u2524 \u2591\u2592\n"
                        "  \u2514\u2500\u2500\u2500\n"
                        "   0 2\n"
                        "   ' ' < 0.8 \u2264 '\u2591' < 1.6 \u2264 '\u2592' < 2.4 \u2264 '\u2593' < 3.2 \u2264 '\u2588'\n"
                        "   2 x 3 grid, 1 not finite (?)\n");
    free(s);

    /* through the builtin: a symmetric scale [-2, 2], each cell two
     * characters wide; (0, 0) is o in the lower-left cell, (1, 1) x in the
     * upper-right one, (5, 5) lies outside */
    KIT_OUT("plot(tensor([[-2, -1], [1, 2]]), title=\"tiny\", extent=[0, 1, 0, 1], "
            "points=[[0, 0], [1, 1], [5, 5]], classes=[0, 1, 1])",
            "tiny\n"
            "1 \u2524\u2593\u2593\u2588x\n"
            "0 \u2524 o\u2591\u2591\n"
            "  \u2514\u2500\u2500\u2500\u2500\n"
            "   0  1\n"
            "   ' ' < -1.2 \u2264 '\u2591' < -0.4 \u2264 '\u2592' < 0.4 \u2264 '\u2593' < 1.2 \u2264 '\u2588'\n"
            "   2 x 2 grid, 3 points (o class 0, x class 1), 1 outside or not finite, not drawn\n");
    /* points without classes are stars */
    KitRun r = kit_run("plot(tensor([[0, 1]]), points=tensor([[1, 0]]))");
    ck_assert_msg(r.ok, "%s", r.err.msg);
    ck_assert_ptr_nonnull(strstr(r.out, "0 \u2524  \u2588*\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "1 x 2 grid, 1 point\n"));
    kit_free(&r);
}
END_TEST

START_TEST(heat_term_size) {
    int w, h;
    plot_heat_term_size(2, 2, &w, &h);         /* small grids: two characters a cell */
    ck_assert_int_eq(w, 4);
    ck_assert_int_eq(h, 2);
    plot_heat_term_size(40, 40, &w, &h);       /* large ones shrink, keeping the aspect */
    ck_assert_int_eq(w, PLOT_TERM_WIDTH);
    ck_assert_int_eq(h, PLOT_TERM_WIDTH / 2);
    plot_heat_term_size(1, 1000, &w, &h);
    ck_assert_int_eq(w, PLOT_TERM_WIDTH);
    ck_assert_int_eq(h, 1);
    plot_heat_term_size(1000, 1, &w, &h);
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(h, 2 * PLOT_TERM_HEIGHT);
}
END_TEST

START_TEST(heat_svg) {
    char dir[] = "/tmp/mg_test_plot_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char prog[1400], path[600];
    /* a 3 x 4 grid: -3 (row 0, col 0: the lower-left cell) to 8; points
     * of both classes, one outside the extent and one nan */
    snprintf(path, sizeof path, "%s/map.svg", dir);
    snprintf(prog, sizeof prog,
             "let g = reshape(linspace(-3, 8, 12), [3, 4])\n"
             "plot(g, \"%s\", title=\"a <map>\", extent=[0, 3, -1, 1],\n"
             "     points=[[0, 0], [1, 1], [2, -1], [9, 0], [0/0, 0]], classes=tensor([0, 1, 1, 0, 1]))", path);
    KIT_OUT(prog, "");
    xmllint_ok(path);
    char *s = read_all(path);
    /* rects: the background, one per cell, the frame and the colour bar */
    ck_assert_int_eq(count(s, "<rect"), 1 + 12 + 1 + 1);
    ck_assert_int_eq(count(s, "<circle"), 3);
    ck_assert_int_eq(count(s, "<circle class=\"p0\""), 1);
    ck_assert_int_eq(count(s, "<circle class=\"p1\""), 2);
    ck_assert_ptr_nonnull(strstr(s, ">a &lt;map&gt;</text>"));
    ck_assert_ptr_nonnull(strstr(s, "3 x 4 grid, 5 points"));
    ck_assert_ptr_nonnull(strstr(s, "2 outside or not finite, not drawn"));
    ck_assert_ptr_nonnull(strstr(s, "fill=\"url(#mg-scale)\""));
    /* the scale is [-8, 8]: -3 in the lower-left cell (the bottom row),
     * 5/16 of the way from blue #67a9cf to red: 5/8 of the way to white
     * #f7f7f7; 0 (row 0, column 3) white; 8 (upper right) the red end */
    ck_assert_ptr_nonnull(strstr(s, "<rect x=\"60.00\" y=\"293.33\" width=\"117.50\" height=\"126.67\" fill=\"#c1dae8\"/>"));
    ck_assert_ptr_nonnull(strstr(s, "<rect x=\"412.50\" y=\"293.33\" width=\"117.50\" height=\"126.67\" fill=\"#f7f7f7\"/>"));
    ck_assert_ptr_nonnull(strstr(s, "<rect x=\"412.50\" y=\"40.00\" width=\"117.50\" height=\"126.67\" fill=\"#ef8a62\"/>"));
    /* (0, 0): x half a cell into [-0.5, 3.5], y in the middle of [-1.5, 1.5] */
    ck_assert_ptr_nonnull(strstr(s, "cx=\"118.75\" cy=\"230.00\""));
    /* no stray nan in the numbers */
    ck_assert_ptr_null(strstr(s, "nan"));
    free(s);

    /* a grid without extent or points, with a nan cell: grey */
    snprintf(path, sizeof path, "%s/plain.svg", dir);
    snprintf(prog, sizeof prog, "plot(tensor([[1, 0/0], [2, 3]]), \"%s\")", path);
    KIT_OUT(prog, "");
    xmllint_ok(path);
    s = read_all(path);
    ck_assert_int_eq(count(s, "<rect"), 4 + 3);
    ck_assert_int_eq(count(s, "<circle"), 0);
    ck_assert_int_eq(count(s, "fill=\"#bdbdbd\""), 1);
    ck_assert_ptr_nonnull(strstr(s, ">2 x 2 grid, 1 not finite (grey)</text>"));
    free(s);

    snprintf(prog, sizeof prog, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(prog), 0);
}
END_TEST

START_TEST(heat_errors) {
    KIT_ERR("plot(zeros(0, 3))", ERR_VALUE, "plot: there are no values to plot");
    KIT_ERR("plot(zeros(2, 2), extent=[0, 1, 2])", ERR_VALUE,
            "plot: extent must be 4 numbers [x0, x1, y0, y1], got 3");
    KIT_ERR("plot(zeros(2, 2), extent=[1, 0, 0, 1])", ERR_VALUE,
            "plot: extent [x0, x1, y0, y1] needs finite x0 < x1 and y0 < y1, got [1, 0, 0, 1]");
    KIT_ERR("plot(zeros(2, 2), extent=[0, 1, 0, 1/0])", ERR_VALUE, "needs finite x0 < x1 and y0 < y1");
    KIT_ERR("plot(zeros(2, 2), extent=[0, 1, 0, \"a\"])", ERR_TYPE,
            "plot: element 3 of extent is a string, not a number");
    KIT_ERR("plot(zeros(2, 2), extent=5)", ERR_TYPE,
            "bad argument #4 to 'plot' (list [x0, x1, y0, y1] expected, got number)");
    KIT_ERR("plot(zeros(2, 2), points=zeros(5, 3))", ERR_SHAPE,
            "plot: points must have shape [N, 2] (one x, y per row), got [5, 3]");
    KIT_ERR("plot(zeros(2, 2), points=zeros(5, 2), classes=zeros(4))", ERR_SHAPE,
            "plot: classes must have shape [5], one per point, got [4]");
    KIT_ERR("plot(zeros(2, 2), points=zeros(2, 2), classes=[0, 2])", ERR_VALUE,
            "plot: classes must be 0 or 1, got 2 at index 1");
    KIT_ERR("plot(zeros(2, 2), classes=[0, 1])", ERR_VALUE, "plot: classes need points to go with");
    KIT_ERR("plot([1, 2], points=zeros(1, 2))", ERR_VALUE,
            "plot: extent, points and classes go with a heat map of a 2-D tensor, not with a line chart");
    KIT_ERR("plot(zeros(2, 2), \"/nonexistent_dir_mg/m.svg\")", ERR_IO,
            "plot: cannot write '/nonexistent_dir_mg/m.svg': No such file or directory");
    /* the signature help() shows names the new keywords */
    const Builtin *b = ev_builtin_find("plot");
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(b->sig, "plot(values, path=none, title=none, extent=none, points=none, classes=none)");
    ck_assert_ptr_nonnull(strstr(b->desc, "heat map of a 2-D tensor"));
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
    tcase_add_test(tc, heat_geometry);
    tcase_add_test(tc, heat_scale);
    tcase_add_test(tc, heat_term_exact);
    tcase_add_test(tc, heat_term_size);
    tcase_add_test(tc, heat_svg);
    tcase_add_test(tc, heat_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return kit_main(plot_suite()); }
