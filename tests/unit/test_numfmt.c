/* test_numfmt.c - mg_fmt_number (SPEC §3): shortest round-trip decimal,
 * laid out like Python's float repr without a trailing ".0". */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/numfmt.h"

static const char *fmt(double v) {
    static char buf[32];
    return mg_fmt_number(v, buf, sizeof buf);
}

START_TEST(test_spec_examples) {
    ck_assert_str_eq(fmt(5), "5");
    ck_assert_str_eq(fmt(0.1), "0.1");
    ck_assert_str_eq(fmt(1.0 / 3), "0.3333333333333333");
    ck_assert_str_eq(fmt(1e-5), "1e-05");
    ck_assert_str_eq(fmt(1e-10), "1e-10");
    ck_assert_str_eq(fmt(1.5e-7), "1.5e-07");
    ck_assert_str_eq(fmt(1e16), "1e+16");
    ck_assert_str_eq(fmt(1e20), "1e+20");
    ck_assert_str_eq(fmt(-0.0), "-0");
    ck_assert_str_eq(fmt(0.0), "0");
    ck_assert_str_eq(fmt(NAN), "nan");
    ck_assert_str_eq(fmt(INFINITY), "inf");
    ck_assert_str_eq(fmt(-INFINITY), "-inf");
}
END_TEST

/* The exponent-form switch points: < -4 and >= 16. */
START_TEST(test_exponent_boundaries) {
    ck_assert_str_eq(fmt(1e-4), "0.0001");
    ck_assert_str_eq(fmt(9.5e-5), "9.5e-05");
    ck_assert_str_eq(fmt(1e15), "1000000000000000");
    ck_assert_str_eq(fmt(9999999999999998.0), "9999999999999998");
    ck_assert_str_eq(fmt(1e16), "1e+16");
    ck_assert_str_eq(fmt(1e100), "1e+100");
    ck_assert_str_eq(fmt(-1e-300), "-1e-300");
}
END_TEST

/* Expected strings: Python's repr() of the same doubles (hex literals are
 * exact), with a trailing ".0" removed. */
static const struct { double v; const char *repr; } python_repr[] = {
    {0x1.4000000000000p+2, "5"},
    {0x1.999999999999ap-4, "0.1"},
    {0x1.5555555555555p-2, "0.3333333333333333"},
    {0x1.4f8b588e368f1p-17, "1e-05"},
    {0x1.b7cdfd9d7bdbbp-34, "1e-10"},
    {0x1.421f5f40d8376p-23, "1.5e-07"},
    {0x1.1c37937e08000p+53, "1e+16"},
    {0x1.5af1d78b58c40p+66, "1e+20"},
    {0x1.c6bf526340000p+49, "1000000000000000"},
    {0x1.b69b4ba630f35p+56, "1.2345678901234568e+17"},
    {0x1.a36e2eb1c432dp-14, "0.0001"},
    {0x1.02e4b6ce5dc68p-13, "0.00012345"},
    {0x1.34a0000000000p+10, "1234.5"},
    {-0x1.4000000000000p+1, "-2.5"},
    {0x1.1c37937e07fffp+53, "9999999999999998"},
    {0x0.0000000000001p-1022, "5e-324"},
    {0x1.fffffffffffffp+1023, "1.7976931348623157e+308"},
    {0x1.0000000000000p+53, "9007199254740992"},
    {0x1.3333333333334p-2, "0.30000000000000004"},
    {-0x1.ad7f29abcaf48p-24, "-1e-07"},
    {0x1.9000000000000p+6, "100"},
    {0x1.0f0cf064dd592p+73, "1e+22"},
    {0x1.921f9f01b866ep+1, "3.14159"},
    {0x1.86a0000000000p+14, "25000"},
    {0x1.0624dd2f1a9fcp-10, "0.001"},
    {0x1.0000000000000p-1, "0.5"},
    {-0x1.0000000000000p+0, "-1"},
    {-0x1.a9f23caccb130p-72, "-3.523344703336752e-22"},
    {-0x1.0aa77421b2ea1p-92, "-2.10353007153653e-28"},
    {-0x1.0b3a31b2b683bp+13, "-8551.274266649145"},
    {-0x1.ef725ca51346fp+22, "-8117399.161206349"},
    {-0x1.6199d1f907938p+6, "-88.40021504505864"},
    {-0x1.1a8c9abe0521ep-84, "-5.706036383286765e-26"},
    {-0x1.a49208a95eb90p-90, "-1.3270863267522826e-27"},
    {-0x1.9536ccc978598p+15, "-51867.399974595"},
    {-0x1.475888bcd5284p+70, "-1.5096162171497208e+21"},
    {0x1.a6fc0dc022462p+96, "1.3090738838615934e+29"},
    {-0x1.49ecc3e3dc15fp+32, "-5535220707.85971"},
    {0x1.a4d8243e397f5p-93, "1.6599380892081463e-28"},
    {0x1.9df17c5542384p-20, "1.5420589723499735e-06"},
    {-0x1.9f6e376c75d42p-54, "-9.008213732204571e-17"},
    {-0x1.800f356318effp+79, "-9.068346387644875e+23"},
    {-0x1.33b71bbbf2f60p-14, "-7.336503671167898e-05"},
    {-0x1.133e8a48cea9cp-77, "-7.114898332851249e-24"},
    {0x1.bb35e747805cdp+13, "14182.737929346878"},
    {0x1.2a92a9df14b66p-64, "6.322527182400628e-20"},
    {-0x1.83a4126752fecp+19, "-793888.5751128173"},
    {0x1.dd4d94583a047p-26, "2.778269378523681e-08"},
    {-0x1.6e227f83e892ap+49, "-805138848010533.2"},
    {-0x1.151d8b74400eep-90, "-8.744220500533537e-28"},
    {0x1.30aa2081e8233p+1, "2.3801918634710773"},
    {0x1.7a537f853e46fp-12, "0.00036079994636357184"},
    {0x1.c6362d0d2328ap-5, "0.0554457549961614"},
    {0x1.185e7e470aa5ap-6, "0.017112372701527746"},
    {-0x1.3f2b5af93e2fdp-52, "-2.7683528811086735e-16"},
    {0x1.ac60e7149b91ep+45, "58875896304498.234"},
    {0x1.15213d65c8ba8p-84, "5.596592611684874e-26"},
    {0x1.29b1e11a1fe30p+7, "148.84742051734202"},
    {-0x1.57a7d85ba9741p-37, "-9.767280889488862e-12"},
    {0x1.02551a2200168p-41, "4.588905788784352e-13"},
    {0x1.594e0ee3dba3fp-89, "2.179180380728072e-27"},
    {-0x1.4063bfe488cb6p-14, "-7.638684434900758e-05"},
    {-0x1.7060c8b914be7p-31, "-6.700757927128536e-10"},
    {-0x1.bd75b52aad40ap+2, "-6.960309306789904"},
    {-0x1.23b244ad34175p+37, "-156603291046.51138"},
    {-0x1.49fbe74ff5ba8p+16, "-84475.9035638409"},
    {0x1.82989a9744accp+83, "1.4605188055476792e+25"},
    {0x1.1c1ccd17f9acap+262, "8.224495118069446e+78"},
    {-0x1.ee08f57124242p-224, "-7.158115791618379e-68"},
    {-0x1.89fcd59a54a7bp-637, "-2.698580563432011e-192"},
    {-0x1.4031b7f26144bp-696, "-3.804490737600491e-210"},
    {0x1.9df6acc011cddp+845, "3.7937481619418327e+254"},
    {-0x1.820fe119a72d1p+369, "-1.813366227079492e+111"},
    {-0x1.69ed617f5e837p+798, "-2.3567736845445426e+240"},
    {0x1.e8229451abd81p+918, "4.2250910258184893e+276"},
    {-0x1.5e11ab2715945p-351, "-2.981159638324064e-106"},
    {0x1.8080b10a3d6b2p-775, "7.558102728675875e-234"},
    {-0x1.4fb36bb2d420fp-198, "-3.2641743650562687e-60"},
    {-0x1.a3c814f426dcbp-421, "-3.027995513626958e-127"},
    {-0x1.b890b93f448b3p+996, "-1.1525135242434574e+300"},
    {-0x1.9a9a5ae658f33p+295, "-1.0210119386754281e+89"},
    {0x1.b40af72158370p+142, "9.49617199559166e+42"},
    {0x1.33a4fb774eb52p+557, "5.669133984602297e+167"},
    {-0x1.cd31ee3151288p-333, "-1.0295705401073516e-100"},
    {0x1.6af0758d5563dp-931, "7.81030621256862e-281"},
    {0x1.1a992f0ce5835p+868, "2.1725307391616573e+261"},
    {0x1.537e65affb229p-335, "1.8947122228584578e-101"},
};

START_TEST(test_matches_python_repr) {
    for (size_t i = 0; i < sizeof python_repr / sizeof python_repr[0]; i++)
        ck_assert_msg(strcmp(fmt(python_repr[i].v), python_repr[i].repr) == 0,
                      "%a: got %s, want %s", python_repr[i].v, fmt(python_repr[i].v), python_repr[i].repr);
}
END_TEST

/* xorshift64: random bit patterns cover every exponent and subnormals. */
static uint64_t next_bits(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

START_TEST(test_random_round_trips) {
    uint64_t state = 0x9E3779B97F4A7C15ull;
    int checked = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t bits = next_bits(&state);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v)) continue;
        const char *s = fmt(v);
        double back = strtod(s, NULL);
        ck_assert_msg(memcmp(&back, &v, sizeof v) == 0, "%a printed as %s reads back as %a", v, s, back);
        ck_assert_msg(strlen(s) < 32, "%s too long", s);
        checked++;
    }
    ck_assert_int_gt(checked, 190000);
}
END_TEST

/* Shortest: one digit fewer never reads back (checked on decimal-looking values). */
START_TEST(test_shortest) {
    uint64_t state = 12345;
    for (int i = 0; i < 20000; i++) {
        double v = (double)(next_bits(&state) % 1000000) / 1000.0;
        const char *s = fmt(v);
        /* significant digits: from the first to the last non-zero one */
        int digits = 0, upto_last_nonzero = 0;
        for (const char *c = s; *c && *c != 'e'; c++) {
            if ((*c >= '1' && *c <= '9') || (digits && *c == '0')) digits++;
            if (*c >= '1' && *c <= '9') upto_last_nonzero = digits;
        }
        digits = upto_last_nonzero;
        char shorter[40];
        if (digits > 1 && v != 0) {
            snprintf(shorter, sizeof shorter, "%.*e", digits - 2, v);
            ck_assert_msg(strtod(shorter, NULL) != v,
                          "%s is not shortest: %s also reads back", s, shorter);
        }
    }
}
END_TEST

START_TEST(test_small_buffer) {
    char buf[4];
    mg_fmt_number(0.3333333333333333, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.3");   /* truncated, still terminated */
}
END_TEST

int main(void) {
    Suite *s = suite_create("numfmt");
    TCase *tc = tcase_create("numfmt");
    tcase_add_test(tc, test_spec_examples);
    tcase_add_test(tc, test_exponent_boundaries);
    tcase_add_test(tc, test_matches_python_repr);
    tcase_add_test(tc, test_random_round_trips);
    tcase_add_test(tc, test_shortest);
    tcase_add_test(tc, test_small_buffer);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
