/* Tables with a fallback (lib/tables/fallback.c and the factor lookup in dose.c): a factor the
 * table lacks comes from the fallback and the result says so; a drug the table excludes stays
 * excluded; a result the table computes is never changed; a drug missing from both is an error
 * naming both. Numbers are those of conversion-factors.md (cms-2018: meperidine 0.1, levorphanol
 * 11, fentanyl buccal 0.13). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"
#include "inputs.h"

#define CL MED_METHOD_CLINICAL
#define SU MED_METHOD_SUPPLY

/* A site table with morphine only and no exclusion, and one that leaves out methadone. */
static const char MORPHINE_ONLY[] =
    "id: site-morphine\nversion: \"1\"\ntitle: t\nguideline: g\nsource: https://example.org/\n"
    "effective: 2024-01-31\nfactors:\n  - {ingredient: morphine, unit: mg, factor: 1}\n"
    "thresholds:\n  - {mme: 50, comparator: \">=\", level: caution, summary: s, "
    "summarises: s}\n";

static med_table *joined(const char *table, const char *fallback)
{
    med_table *t = NULL;
    med_error e;
    if (med_table_load_with_fallback(table, fallback, &t, &e) != MED_OK)
        fail_msg("%s falling back to %s: %s", table, fallback, e.message);
    return t;
}

static void text(const med_table *t, med_input in, med_method m, med_text what, char *buf,
                 size_t cap)
{
    med_compute_text(t, &in, m, what, buf, cap);
}

/* meperidine 50 mg q4h: 300 mg/day x 0.1 (cms-2018) = 30 MME/day; the row names cms-2018@1. */
static void factor_from_fallback(void **state)
{
    (void)state;
    med_table *t = joined("cdc-2022", "cms-2018");
    med_input in = sched("meperidine", "50", "mg", NULL, NULL, "4");
    med_result r = MED_RESULT_INIT;
    char message[512], from[64];
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_OK);
    assert_int_equal(r.mme_hundredths, 3000);
    assert_string_equal(r.factor_text, "0.1");
    text(t, in, CL, MED_TEXT_FACTOR_TABLE, from, sizeof from);
    assert_string_equal(from, "cms-2018@1");
    text(t, in, CL, MED_TEXT_MESSAGE, message, sizeof message);
    assert_string_equal(message, "factor from the fallback table cms-2018@1: cdc-2022@1 has no "
                                 "factor for meperidine");
    /* levorphanol 2 mg x 60 / 30 days = 4 mg/day x 11 = 44; buccal fentanyl 200 mcg q6h =
     * 800 mcg/day x 0.13 = 104 (cdc-2022 lists fentanyl as a patch only) */
    in = fill("levorphanol", NULL, "2", "mg", "60", "30");
    assert_int_equal(med_compute(t, &in, SU, &r), MED_OK);
    assert_int_equal(r.mme_hundredths, 4400);
    in = sched("fentanyl", "200", "mcg", NULL, NULL, "6");
    in.form = "buccal";
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.mme_hundredths, 10400);
    text(t, in, CL, MED_TEXT_MESSAGE, message, sizeof message);
    assert_non_null(strstr(message, "no factor for fentanyl buccal"));
    med_table_free(t);
}

/* A drug the table excludes stays excluded: buprenorphine under cdc-2022 with cms-2018 or
 * hedis-2025 (which has no exclusion for it) behind it. */
static void excluded_stays_excluded(void **state)
{
    (void)state;
    const char *fallbacks[] = {"cms-2018", "hedis-2025", "cdc-2016"};
    for (size_t i = 0; i < 3; i++) {
        med_table *t = joined("cdc-2022", fallbacks[i]);
        med_input in = sched("buprenorphine", "8", "mg", NULL, "1", NULL);
        med_result r = MED_RESULT_INIT;
        char message[512], from[64];
        assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
        assert_int_equal(r.status, MED_RESULT_EXCLUDED);
        assert_int_equal(r.mme_hundredths, 0);
        text(t, in, CL, MED_TEXT_MESSAGE, message, sizeof message);
        assert_non_null(strstr(message, "cdc-2022@1 excludes buprenorphine"));
        text(t, in, CL, MED_TEXT_FACTOR_TABLE, from, sizeof from);
        assert_string_equal(from, "");
        med_table_free(t);
    }
}

/* Where the table has no factor and the fallback excludes the drug, the fallback's exclusion
 * decides, and says whose it is. */
static void fallback_exclusion(void **state)
{
    (void)state;
    med_table *site = NULL, *cms = load("cms-2018"), *t = NULL;
    med_error e;
    assert_int_equal(med_table_load_buffer(MORPHINE_ONLY, sizeof MORPHINE_ONLY - 1, "site",
                                           &site, &e), MED_OK);
    assert_int_equal(med_table_with_fallback(site, cms, &t, &e), MED_OK);
    med_input in = sched("buprenorphine", "8", "mg", NULL, "1", NULL);
    med_result r = MED_RESULT_INIT;
    char message[512];
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_EXCLUDED);
    text(t, in, CL, MED_TEXT_MESSAGE, message, sizeof message);
    assert_non_null(strstr(message, "site-morphine@1 has no factor for buprenorphine and its "
                                    "fallback cms-2018@1 excludes it"));
    /* morphine is the site's own: 30 mg/day x 1 */
    in = sched("morphine", "10", "mg", NULL, "3", NULL);
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.mme_hundredths, 3000);
    med_table_free(t);
    med_table_free(cms);
    med_table_free(site);
}

/* Every conformance vector of the table: where the table itself decides (anything but "no
 * factor"), the joined table gives the very same result and texts. */
static void table_rows_unchanged(void **state)
{
    (void)state;
    const char *const *ids = med_embedded_table_ids();
    for (size_t a = 0; ids[a]; a++)
        for (size_t b = 0; ids[b]; b++) {
            if (a == b)
                continue;
            med_table *plain = load(ids[a]), *t = joined(ids[a], ids[b]);
            med_vector_list *v = NULL;
            assert_int_equal(med_vectors_new(plain, MED_METHOD_AUTO, &v), MED_OK);
            for (size_t i = 0; i < med_vectors_count(v); i++) {
                const med_vector *x = med_vectors_get(v, i);
                med_result p = MED_RESULT_INIT, j = MED_RESULT_INIT;
                assert_int_equal(med_compute(plain, &x->input, x->method, &p), MED_OK);
                assert_int_equal(med_compute(t, &x->input, x->method, &j), MED_OK);
                if (p.status == MED_RESULT_ERROR && p.error == MED_ERR_NO_FACTOR)
                    continue;
                if (p.status != j.status || p.mme_hundredths != j.mme_hundredths)
                    fail_msg("%s falling back to %s changed %s: %s %lld, now %s %lld", ids[a],
                             ids[b], x->name, med_result_status_string(p.status),
                             (long long)p.mme_hundredths, med_result_status_string(j.status),
                             (long long)j.mme_hundredths);
                for (int w = MED_TEXT_MESSAGE; w <= MED_TEXT_FACTOR_TABLE; w++) {
                    char tp[700], tj[700];
                    text(plain, x->input, x->method, (med_text)w, tp, sizeof tp);
                    text(t, x->input, x->method, (med_text)w, tj, sizeof tj);
                    if (strcmp(tp, tj) != 0)
                        fail_msg("%s: text %d '%s', joined '%s'", x->name, w, tp, tj);
                }
            }
            med_vectors_free(v);
            med_table_free(t);
            med_table_free(plain);
        }
}

/* A factor neither table has: the "no factor" error names both tables. */
static void missing_from_both(void **state)
{
    (void)state;
    med_table *t = joined("cdc-2022", "cms-2018");
    med_input in = sched("propoxyphene", "65", "mg", NULL, NULL, "6");
    med_result r = MED_RESULT_INIT;
    char message[512];
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_ERROR);
    assert_int_equal(r.error, MED_ERR_NO_FACTOR);
    text(t, in, CL, MED_TEXT_MESSAGE, message, sizeof message);
    assert_string_equal(message, "table cdc-2022@1 has no factor for propoxyphene; nor does its "
                                 "fallback table cms-2018@1");
    med_table_free(t);
}

/* The patient's total adds the fallback's rows: oxycodone 60 + meperidine 30 = 90, which
 * crosses cdc-2022's 50 and 90 (strict, the total is incomplete: no number, 60 computed). */
static void set_total(void **state)
{
    (void)state;
    med_table *t = joined("cdc-2022", "cms-2018"), *plain = load("cdc-2022");
    med_input in[2] = {sched("oxycodone", "10", "mg", NULL, NULL, "6"),
                       sched("meperidine", "50", "mg", NULL, NULL, "4")};
    med_result r[2] = {MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_compute_set(t, in, 2, CL, r, &total), MED_OK);
    assert_int_equal(total.mme_hundredths, 9000);
    assert_int_equal(total.ok, 2);
    assert_int_equal(total.flag_count, 2);
    assert_int_equal(med_compute_set(plain, in, 2, CL, r, &total), MED_OK);
    assert_int_equal(total.complete, 0);
    assert_int_equal(total.mme_hundredths, MED_TOTAL_NONE);
    assert_int_equal(total.computed_hundredths, 6000);
    assert_int_equal(total.errors, 1);
    med_table_free(plain);
    med_table_free(t);
}

/* A tiered entry from the fallback names the fallback's table and tiers: methadone 10 mg tid
 * (30 mg/day) under cdc-2016's (20, 40] tier, factor 8: 240. */
static void tiers_of_the_fallback(void **state)
{
    (void)state;
    med_table *site = NULL, *cdc2016 = load("cdc-2016"), *t = NULL;
    med_error e;
    assert_int_equal(med_table_load_buffer(MORPHINE_ONLY, sizeof MORPHINE_ONLY - 1, "site",
                                           &site, &e), MED_OK);
    assert_int_equal(med_table_with_fallback(site, cdc2016, &t, &e), MED_OK);
    med_input in = sched("methadone", "10", "mg", NULL, "3", NULL);
    med_result r = MED_RESULT_INIT;
    char message[512];
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.mme_hundredths, 24000);
    text(t, in, CL, MED_TEXT_MESSAGE, message, sizeof message);
    assert_non_null(strstr(message, "(cdc-2016@1 applies tiers"));
    assert_non_null(strstr(message, "factor from the fallback table cdc-2016@1"));
    med_table_free(t);
    med_table_free(cdc2016);
    med_table_free(site);
}

/* The calls' own contract: what the joined table says of itself, and what is refused. */
static void api(void **state)
{
    (void)state;
    med_table *a = load("cdc-2022"), *b = load("cms-2018"), *t = NULL, *u = NULL;
    med_error e;
    assert_int_equal(med_table_with_fallback(a, b, &t, &e), MED_OK);
    assert_ptr_equal(med_table_get_fallback(t), b);
    assert_null(med_table_get_fallback(a));
    assert_null(med_table_get_fallback(NULL));
    assert_string_equal(med_table_get_info(t)->id, "cdc-2022");
    assert_string_equal(med_table_get_info(t)->digest, med_table_get_info(a)->digest);
    assert_int_equal(med_table_factor_count(t), med_table_factor_count(a));
    /* one level only; never the table itself; no NULLs */
    assert_int_equal(med_table_with_fallback(t, b, &u, &e), MED_ERR_ARGUMENT);
    assert_null(u);
    assert_int_equal(med_table_with_fallback(b, t, &u, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_table_with_fallback(a, a, &u, &e), MED_ERR_ARGUMENT);
    assert_non_null(strstr(e.message, "is the table itself"));
    assert_int_equal(med_table_with_fallback(NULL, b, &u, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_table_with_fallback(a, b, NULL, &e), MED_ERR_ARGUMENT);
    /* loading by spec: a bad fallback id fails and leaves nothing */
    assert_int_equal(med_table_load_with_fallback("cdc-2022", "cdc-1999", &u, &e),
                     MED_ERR_NOT_FOUND);
    assert_null(u);
    assert_int_equal(med_table_load_with_fallback("cdc-2022", "cms-2018@9", &u, &e),
                     MED_ERR_VERSION);
    assert_int_equal(med_table_load_with_fallback("cdc-2022", "cdc-2022@1", &u, &e),
                     MED_ERR_ARGUMENT);
    assert_int_equal(med_table_load_with_fallback("cdc-2022", NULL, &u, &e), MED_OK);
    assert_null(med_table_get_fallback(u));
    med_table_free(u);
    med_table_free(t); /* before or after its parts: it owns neither */
    med_table_free(a);
    med_table_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(factor_from_fallback), cmocka_unit_test(excluded_stays_excluded),
        cmocka_unit_test(fallback_exclusion),   cmocka_unit_test(table_rows_unchanged),
        cmocka_unit_test(missing_from_both),    cmocka_unit_test(set_total),
        cmocka_unit_test(tiers_of_the_fallback), cmocka_unit_test(api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
