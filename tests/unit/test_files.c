/* test_files.c - save/load (.npy) and load_csv: fixtures written by NumPy
 * (tests/data, from scripts/gen_npy_fixtures.py), every error a bad file
 * can cause, atomic saves, and round trips through /usr/bin/python3 with
 * numpy when it is there. Suites run from the repository root. */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kit_run.h"

#define DATA "tests/data/"

static char tmpdir[256];

static void make_tmpdir(void) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mg_test_files_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void) {
    DIR *d = opendir(tmpdir);
    if (!d) return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0'))) continue;
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        if (remove(path) != 0) rmdir(path);
    }
    closedir(d);
    rmdir(tmpdir);
}

/* Names in tmpdir, sorted, space-separated. */
static void list_tmpdir(char *out, size_t cap) {
    struct dirent **names;
    int n = scandir(tmpdir, &names, NULL, alphasort);
    ck_assert_int_ge(n, 0);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            if (out[0]) strncat(out, " ", cap - strlen(out) - 1);
            strncat(out, names[i]->d_name, cap - strlen(out) - 1);
        }
        free(names[i]);
    }
    free(names);
}

static void write_file(const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Formats a program with %s replaced by tmpdir. */
static char *prog(const char *fmt) {
    static char buf[4096];
    char *o = buf;
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 's') { o += sprintf(o, "%s", tmpdir); p++; }
        else *o++ = *p;
    }
    *o = '\0';
    return buf;
}

/* ---- .npy fixtures written by NumPy ---- */

START_TEST(loads_numpy_fixtures) {
    KIT_OUT("let x = load(\"" DATA "f32_2x3.npy\")\nprint(x.shape, x.dtype, tolist(x))",
            "[2, 3] f32 [[0, 0.25, 0.5], [0.75, 1, 1.25]]\n");
    KIT_OUT("print(tolist(load(\"" DATA "f64_special.npy\")))", "[0.1, -2.5, 1e-300, inf, -inf, nan]\n");
    KIT_OUT("let s = load(\"" DATA "f32_scalar.npy\")\nprint(s.shape, s.ndim, item(s))", "[] 0 3.5\n");
    KIT_OUT("let x = load(\"" DATA "f64_2x2x2.npy\")\nprint(x.dtype, tolist(x))",
            "f64 [[[-3.5, -2.5], [-1.5, -0.5]], [[0.5, 1.5], [2.5, 3.5]]]\n");
    KIT_OUT("print(load(\"" DATA "f32_empty.npy\").shape)", "[0, 3]\n");
    KIT_OUT("let x = load(\"" DATA "v2_f32.npy\")\nprint(x.dtype, tolist(x))", "f32 [1, 2, 3]\n");
    KIT_OUT("let x = load(\"" DATA "v3_f64.npy\")\nprint(x.dtype, tolist(x))", "f64 [[1.5], [-2]]\n");
}
END_TEST

START_TEST(bad_npy_files) {
    KIT_ERR("load(\"" DATA "no_such_file.npy\")", ERR_IO,
            "load: cannot open '" DATA "no_such_file.npy': No such file or directory");
    KIT_ERR("load(\"" DATA "bad_magic.npy\")", ERR_IO, "load: '" DATA "bad_magic.npy' is not a .npy file");
    KIT_ERR("load(\"" DATA "truncated.npy\")", ERR_IO,
            "load: '" DATA "truncated.npy' is truncated: shape [2, 3] needs 24 data bytes, the file has 19");
    KIT_ERR("load(\"" DATA "truncated_header.npy\")", ERR_IO,
            "load: '" DATA "truncated_header.npy' is truncated (the header is incomplete)");
    KIT_ERR("load(\"" DATA "big_endian.npy\")", ERR_IO,
            "load: '" DATA "big_endian.npy' is big-endian ('>f4'); only little-endian data is read: "
            "supported dtypes are '<f4' (f32) and '<f8' (f64)");
    KIT_ERR("load(\"" DATA "fortran.npy\")", ERR_IO, "load: '" DATA "fortran.npy' is in Fortran order");
    KIT_ERR("load(\"" DATA "int64.npy\")", ERR_IO,
            "load: '" DATA "int64.npy' has dtype '<i8'; supported dtypes are '<f4' (f32) and '<f8' (f64)");
    KIT_ERR("load(\"tests/data\")", ERR_IO, "load: cannot read 'tests/data': it is a directory");
    KIT_ERR("load(3)", ERR_TYPE, "bad argument #1 to 'load' (file name (string) expected, got number)");
}
END_TEST

START_TEST(malformed_headers) {
    make_tmpdir();
    /* a v1.0 header of 118 bytes (10 + 118 = 128), then the data */
    struct { const char *dict, *why; } cases[] = {
        {"{'descr': '<f4', 'fortran_order': False}", "missing 'descr', 'fortran_order' or 'shape'"},
        {"{'descr': '<f4', 'fortran_order': Maybe, 'shape': ()}", "'fortran_order' must be True or False"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (a,)}", "'shape' must be a tuple of whole numbers"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (7 8)}", "'shape' must be a tuple of whole numbers"},
        {"['descr']", "expected a {...} dict"},
        {"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}", "holds a structured array"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1)}", "has 9 dimensions"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[512], hdr[128];
        snprintf(path, sizeof path, "%s/h%zu.npy", tmpdir, i);
        int n = snprintf(hdr, sizeof hdr, "%-117s\n", cases[i].dict);
        ck_assert_int_eq(n, 118);
        FILE *f = fopen(path, "wb");
        fwrite("\x93NUMPY\x01\x00\x76\x00", 1, 10, f);
        fwrite(hdr, 1, 118, f);
        fwrite("\0\0\0\0\0\0\0\0", 1, 8, f);
        fclose(f);
        char src[600];
        snprintf(src, sizeof src, "load(\"%s\")", path);
        KIT_ERR(src, ERR_IO, cases[i].why);
    }
    remove_tmpdir();
}
END_TEST

/* ---- save ---- */

START_TEST(save_load_round_trip) {
    make_tmpdir();
    KIT_OUT(prog("let x = tensor([[1, 2.5, -3], [1e-8, 4, 5]])\nsave(x, \"%s/a.npy\")\n"
                 "let y = load(\"%s/a.npy\")\nprint(y.dtype, y.shape, all(y == x))\n"
                 "let z = transpose(tensor([[0.1, 0.2], [0.3, 0.4]], f64), 0, 1)\nsave(z, \"%s/b.npy\")\n"
                 "print(tolist(load(\"%s/b.npy\")), load(\"%s/b.npy\").dtype)\n"
                 "save(7, \"%s/c.npy\")\nprint(load(\"%s/c.npy\"))\n"
                 "save(x, \"%s/a.npy\")\nprint(tolist(load(\"%s/a.npy\"))[0])"),
            "f32 [2, 3] tensor(1)\n[[0.1, 0.3], [0.2, 0.4]] f64\ntensor(7)\n[1, 2.5, -3]\n");
    /* the header NumPy writes: version 1.0, data aligned to 64 bytes */
    char path[512], head[128];
    snprintf(path, sizeof path, "%s/a.npy", tmpdir);
    FILE *f = fopen(path, "rb");
    ck_assert_int_eq(fread(head, 1, 128, f), 128);
    fseek(f, 0, SEEK_END);
    ck_assert_int_eq(ftell(f), 128 + 6 * 4);
    fclose(f);
    ck_assert_int_eq(memcmp(head, "\x93NUMPY\x01\x00\x76\x00", 10), 0);
    ck_assert_int_eq(memcmp(head + 10, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 59), 0);
    ck_assert_int_eq(head[69], ' ');
    ck_assert_int_eq(head[127], '\n');
    /* no temporary files are left behind */
    char names[512];
    list_tmpdir(names, sizeof names);
    ck_assert_str_eq(names, "a.npy b.npy c.npy");
    remove_tmpdir();
}
END_TEST

START_TEST(save_errors_leave_no_half_file) {
    make_tmpdir();
    KIT_ERR("save(tensor([1.0]), \"/nonexistent_dir_mg/x.npy\")", ERR_IO,
            "save: cannot write '/nonexistent_dir_mg/x.npy': No such file or directory");
    /* the target is a directory: writing succeeds, the final rename fails,
     * and the temporary file is removed */
    char sub[512];
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    KIT_ERR(prog("save(tensor([1.0]), \"%s/sub\")"), ERR_IO, "save: cannot write");
    char names[512];
    list_tmpdir(names, sizeof names);
    ck_assert_str_eq(names, "sub");
    KIT_ERR("save(tensor([1.0]), \"\")", ERR_IO, "save: the file name is empty");
    KIT_ERR("save(\"x.npy\", tensor([1.0]))", ERR_TYPE, "bad argument #2 to 'save' (file name (string) expected, got tensor)");
    remove_tmpdir();
}
END_TEST

/* ---- round trips with NumPy itself ---- */

static bool have_numpy(void) {
    return system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

START_TEST(numpy_round_trip) {
    if (!have_numpy()) {
        printf("  skip: numpy round trip (/usr/bin/python3 with numpy not found)\n");
        return;
    }
    make_tmpdir();
    /* mg writes, NumPy reads */
    KIT_OUT(prog("save(reshape(arange(12), 3, 4) / 8, \"%s/m32.npy\")\n"
                 "save(tensor([[1e-300, -0.1], [3, 4]], f64), \"%s/m64.npy\")\nsave(2.5, \"%s/m0.npy\")"), "");
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import numpy as np, sys\n"
             "a = np.load('%s/m32.npy'); b = np.load('%s/m64.npy'); c = np.load('%s/m0.npy')\n"
             "ok = a.dtype == np.float32 and a.shape == (3, 4) and (a == np.arange(12).reshape(3, 4) / 8).all()\n"
             "ok = ok and b.dtype == np.float64 and b.tolist() == [[1e-300, -0.1], [3, 4]]\n"
             "ok = ok and c.dtype == np.float32 and c.shape == () and c == 2.5\n"
             "np.save('%s/p32.npy', np.linspace(-1, 1, 7, dtype=np.float32).reshape(7, 1))\n"
             "np.save('%s/p64.npy', np.array([[[0.5, np.pi]]]))\n"
             "sys.exit(0 if ok else 3)\"",
             tmpdir, tmpdir, tmpdir, tmpdir, tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    /* NumPy writes, mg reads */
    KIT_OUT(prog("let p = load(\"%s/p32.npy\")\nprint(p.shape, p.dtype, tolist(p)[3], tolist(p)[6])\n"
                 "let q = load(\"%s/p64.npy\")\nprint(q.shape, q.dtype, tolist(q))"),
            "[7, 1] f32 [0] [1]\n[1, 1, 2] f64 [[[0.5, 3.141592653589793]]]\n");
    remove_tmpdir();
}
END_TEST

/* ---- CSV ---- */

START_TEST(csv_files) {
    make_tmpdir();
    write_file("d.csv", "x,y,label\n1, 2.5, 0\n-3,4e2,1\r\n\n0.1,nan,1\n");
    KIT_OUT(prog("let d = load_csv(\"%s/d.csv\")\nprint(d.shape, d.dtype)\nprint(d)"),
            "[3, 3] f32\n"
            "tensor([[  1.0000,   2.5000,   0.0000],\n"
            "        [ -3.0000, 400.0000,   1.0000],\n"
            "        [  0.1000,      nan,   1.0000]])\n");
    write_file("n.csv", "1,2\n3,4\n");
    KIT_OUT(prog("print(tolist(load_csv(\"%s/n.csv\", skip_header=false)))\n"
                 "print(tolist(load_csv(\"%s/n.csv\")))"),
            "[[1, 2], [3, 4]]\n[[3, 4]]\n");
    write_file("empty.csv", "a,b\n");
    KIT_OUT(prog("print(load_csv(\"%s/empty.csv\").shape)"), "[0, 0]\n");
    write_file("bad.csv", "a,b\n1,2\n3,x7\n");
    KIT_ERR(prog("load_csv(\"%s/bad.csv\")"), ERR_IO, "bad.csv:3: bad number 'x7' in column 2");
    write_file("blank.csv", "1,,3\n");
    KIT_ERR(prog("load_csv(\"%s/blank.csv\", false)"), ERR_IO, "blank.csv:1: bad number '' in column 2");
    write_file("ragged.csv", "h\n1,2,3\n4,5,6\n7,8\n");
    KIT_ERR(prog("load_csv(\"%s/ragged.csv\")"), ERR_IO,
            "ragged.csv:4: row has 2 columns, expected 3 (as on line 2)");
    KIT_ERR("load_csv(\"no_such.csv\")", ERR_IO, "load_csv: cannot open 'no_such.csv': No such file or directory");
    remove_tmpdir();
}
END_TEST

static Suite *files_suite(void) {
    Suite *s = suite_create("files");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, loads_numpy_fixtures);
    tcase_add_test(tc, bad_npy_files);
    tcase_add_test(tc, malformed_headers);
    tcase_add_test(tc, save_load_round_trip);
    tcase_add_test(tc, save_errors_leave_no_half_file);
    tcase_add_test(tc, numpy_round_trip);
    tcase_add_test(tc, csv_files);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return kit_main(files_suite()); }
