/* The 1.0 API's promises: inputs borrow strings of any real length (and refuse what is over the
 * documented limit by name), struct versions are checked, text comes on request exactly as the
 * computation made it, the method asked for is the method used, and every threshold a table
 * has is reported. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"
#include "inputs.h"

static void assert_mme(const med_table *t, const med_input *in, med_method m, int64_t want)
{
    med_result r = MED_RESULT_INIT;
    char msg[600];
    assert_int_equal(med_compute(t, in, m, &r), MED_OK);
    med_compute_text(t, in, m, MED_TEXT_MESSAGE, msg, sizeof msg);
    if (r.status != MED_RESULT_OK)
        fail_msg("%s: %s", med_result_status_string(r.status), msg);
    assert_int_equal(r.mme_hundredths, want);
}

/* FDA and RxNorm dosage forms longer than 0.x's 24-byte field compute as their short forms. */
static void test_long_dosage_forms(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    static const char *const forms[] = {"TABLET, FILM COATED, EXTENDED RELEASE",
                                        "Extended Release Oral Tablet", "Tablet, Extended Release",
                                        "CAPSULE, EXTENDED RELEASE"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        med_input in = fill("oxycodone", forms[i], "10", "mg", "60", "30");
        assert_mme(t, &in, MED_METHOD_SUPPLY, 3000); /* 10 mg x 2/day x 1.5 */
    }
    med_table_free(t);
}

/* A 200-character drug name is read whole (an unknown drug, said so), never cut; a field over
 * the documented limit is refused by name with the limit. */
static void test_field_limits(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    char name[201], huge[MED_INPUT_MAX_TEXT + 2], msg[800];
    memset(name, 'x', 200);
    name[200] = '\0';
    memcpy(name, "oxycodone ", 10);
    med_input in = fill(name, NULL, "10", "mg", "60", "30");
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_compute(t, &in, MED_METHOD_AUTO, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_ERROR);
    assert_int_not_equal(r.error, MED_ERR_LIMIT);
    assert_int_equal(r.mme_hundredths, 0);

    memset(huge, 'a', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    in = fill("oxycodone", huge, "10", "mg", "60", "30");
    assert_int_equal(med_compute(t, &in, MED_METHOD_AUTO, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_ERROR);
    assert_int_equal(r.error, MED_ERR_LIMIT);
    med_compute_text(t, &in, MED_METHOD_AUTO, MED_TEXT_MESSAGE, msg, sizeof msg);
    assert_non_null(strstr(msg, "form"));
    assert_non_null(strstr(msg, "1024"));
    /* exactly at the limit is read (an unknown form, not a limit) */
    huge[MED_INPUT_MAX_TEXT] = '\0';
    assert_int_equal(med_compute(t, &in, MED_METHOD_AUTO, &r), MED_OK);
    assert_int_not_equal(r.error, MED_ERR_LIMIT);
    med_table_free(t);
}

/* Versions: an unknown input or result version is refused; a result of an unknown version is
 * not written. */
static void test_versions(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in = fill("oxycodone", NULL, "10", "mg", "60", "30");
    med_result r = MED_RESULT_INIT;
    r.version = 0;
    r.mme_hundredths = 777;
    assert_int_equal(med_compute(t, &in, MED_METHOD_AUTO, &r), MED_ERR_VERSION);
    assert_int_equal(r.mme_hundredths, 777);
    r.version = MED_RESULT_VERSION + 1;
    assert_int_equal(med_compute(t, &in, MED_METHOD_AUTO, &r), MED_ERR_VERSION);

    med_result ok = MED_RESULT_INIT;
    in.version = MED_INPUT_VERSION + 1;
    assert_int_equal(med_compute(t, &in, MED_METHOD_AUTO, &ok), MED_ERR_VERSION);
    assert_int_equal(ok.status, MED_RESULT_ERROR);
    assert_int_equal(ok.error, MED_ERR_VERSION);
    /* a refused input's result still says which method was asked for (it was left unset) */
    assert_int_equal(med_compute(t, &in, MED_METHOD_CLINICAL, &ok), MED_ERR_VERSION);
    assert_int_equal(ok.method, MED_METHOD_CLINICAL);
    assert_int_equal(med_compute(t, &in, MED_METHOD_SUPPLY, &ok), MED_ERR_VERSION);
    assert_int_equal(ok.method, MED_METHOD_SUPPLY);

    med_total total = MED_TOTAL_INIT;
    total.version = 0;
    in.version = MED_INPUT_VERSION;
    assert_int_equal(med_compute_set(t, &in, 1, MED_METHOD_AUTO, &ok, &total), MED_ERR_VERSION);

    med_drug_info info = MED_DRUG_INFO_INIT;
    med_error e;
    assert_int_equal(med_lookup_drug(t, "Percocet", &info, &e), MED_OK);
    assert_string_equal(info.ingredient, "oxycodone");
    med_table_free(t);
}

/* Text is made on request, snprintf-style, and is the same text every time. */
static void test_text_on_request(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in = MED_INPUT_INIT;
    in.drug = "oxycodone";
    in.strength = "10";
    in.unit = "mg";
    in.every_hours = "6";
    char buf[256], tiny[8];
    size_t n = med_compute_text(t, &in, MED_METHOD_AUTO, MED_TEXT_ARITHMETIC, buf, sizeof buf);
    assert_string_equal(buf, "10 mg x 4/day = 40 mg/day x 1.5 = 60 MME/day");
    assert_int_equal(n, strlen(buf));
    assert_int_equal(med_compute_text(t, &in, MED_METHOD_AUTO, MED_TEXT_ARITHMETIC, NULL, 0), n);
    assert_int_equal(med_compute_text(t, &in, MED_METHOD_AUTO, MED_TEXT_ARITHMETIC, tiny,
                                      sizeof tiny), n);
    assert_string_equal(tiny, "10 mg x");
    med_compute_text(t, &in, MED_METHOD_AUTO, MED_TEXT_MME, buf, sizeof buf);
    assert_string_equal(buf, "60");
    med_compute_text(t, &in, MED_METHOD_AUTO, MED_TEXT_DAILY_DOSE, buf, sizeof buf);
    assert_string_equal(buf, "40");
    med_compute_text(t, &in, MED_METHOD_AUTO, MED_TEXT_FACTOR_APPLIED, buf, sizeof buf);
    assert_string_equal(buf, "1.5");
    assert_int_equal(med_hundredths_format(583, buf, sizeof buf), 4);
    assert_string_equal(buf, "5.83");
    med_table_free(t);
}

/* Written in place into a buffer of 32 bytes or more, through a copy into a smaller one: the
 * same text and length either way, the longest value included. */
static void test_hundredths_any_buffer(void **state)
{
    (void)state;
    char big[32], small[8];
    assert_int_equal(med_hundredths_format(INT64_MIN, big, sizeof big), 21);
    assert_string_equal(big, "-92233720368547758.08");
    assert_int_equal(med_hundredths_format(INT64_MIN, small, sizeof small), 21);
    assert_string_equal(small, "-922337");
    assert_int_equal(med_hundredths_format(-50, big, sizeof big), 4);
    assert_string_equal(big, "-0.5");
    assert_int_equal(med_hundredths_format(6000, big, sizeof big), 2);
    assert_string_equal(big, "60");
    assert_int_equal(med_hundredths_format(6000, NULL, 0), 2);
}

/* An EHR order with both bases: the method asked for decides which is read. */
static void test_method_is_respected(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in = MED_INPUT_INIT;
    in.drug = "oxycodone";
    in.strength = "5";
    in.unit = "mg";
    in.every_hours = "4";
    in.quantity = "120";
    in.days_supply = "30";
    assert_mme(t, &in, MED_METHOD_CLINICAL, 4500); /* 5 mg x 6/day x 1.5 */
    assert_mme(t, &in, MED_METHOD_SUPPLY, 3000);   /* 5 mg x 4/day x 1.5 */
    assert_mme(t, &in, MED_METHOD_AUTO, 3000);     /* AUTO: the supply when it is given */
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_compute(t, &in, MED_METHOD_CLINICAL, &r), MED_OK);
    assert_int_equal(r.method, MED_METHOD_CLINICAL);
    med_table_free(t);
}

/* A YAML table with `count` thresholds at 10, 20, ... MME/day. */
static char *table_with_thresholds(int count)
{
    size_t cap = 512 + (size_t)count * 96;
    char *y = malloc(cap);
    size_t k = (size_t)snprintf(y, cap,
                                "id: site-many\nversion: \"1\"\ntitle: Many thresholds\n"
                                "guideline: Example policy\nsource: https://example.org/p\n"
                                "effective: 2024-01-31\nfactors:\n"
                                "  - {ingredient: morphine, unit: mg, factor: 1}\nthresholds:\n");
    for (int i = 1; i <= count; i++)
        k += (size_t)snprintf(y + k, cap - k,
                              "  - {mme: %d, comparator: \">=\", level: level-%c, summary: Review., summarises: example}\n",
                              10 * i, 'a' + i - 1);
    return y;
}

/* Twelve thresholds load and every one is reported; more than MED_MAX_THRESHOLDS is refused
 * where the list is, never cut short. */
static void test_many_thresholds(void **state)
{
    (void)state;
    char *yaml = table_with_thresholds(12);
    med_table *t = NULL;
    med_error e;
    if (med_table_load_buffer(yaml, strlen(yaml), "many.yaml", &t, &e) != MED_OK)
        fail_msg("%s:%d:%d: %s", e.source, e.line, e.column, e.message);
    free(yaml);
    assert_int_equal(med_table_threshold_count(t), 12);
    med_input in = MED_INPUT_INIT;
    in.drug = "morphine";
    in.strength = "200";
    in.unit = "mg";
    in.doses_per_day = "1";
    med_result r = MED_RESULT_INIT;
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_compute_set(t, &in, 1, MED_METHOD_AUTO, &r, &total), MED_OK);
    assert_int_equal(total.mme_hundredths, 20000);
    assert_int_equal(total.flag_count, 12);
    for (size_t i = 0; i < 12; i++)
        assert_int_equal(med_total_flag(t, &total, i)->mme_hundredths, (int64_t)(i + 1) * 1000);
    assert_null(med_total_flag(t, &total, 12));
    assert_null(med_table_threshold(t, 12));
    med_table_free(t);

    yaml = table_with_thresholds(MED_MAX_THRESHOLDS + 1);
    assert_int_equal(med_table_load_buffer(yaml, strlen(yaml), "too-many.yaml", &t, &e),
                     MED_ERR_INVALID);
    free(yaml);
    assert_null(t);
    assert_string_equal(e.source, "too-many.yaml");
    assert_int_equal(e.line, 10);
    assert_non_null(strstr(e.message, "at most 16 thresholds"));
}

/* The regimen parser is an object whose input lives until the next parse. */
static void test_regimen_object(void **state)
{
    (void)state;
    med_regimen *reg = NULL;
    med_error e;
    assert_int_equal(med_regimen_new(&reg), MED_OK);
    assert_int_equal(med_regimen_parse(reg, "oxycodone 10 mg q6h", &e), MED_OK);
    const med_input *in = med_regimen_input(reg);
    assert_string_equal(in->drug, "oxycodone");
    assert_string_equal(in->every_hours, "6");
    assert_int_not_equal(med_regimen_parse(reg, "oxycodone 10 mg q6h (", &e), MED_OK);
    assert_string_equal(med_regimen_input(reg)->drug, "");
    assert_int_equal(med_regimen_parse(reg, "fentanyl 25 mcg/hr patch q72h", &e), MED_OK);
    assert_string_equal(med_regimen_input(reg)->unit, "mcg/hr");
    med_regimen_free(reg);
    med_regimen_free(NULL);
}

/* A row the batch has seen before comes back with every number of the first: the daily dose
 * too, which a patient's methadone tier by the total is chosen by. */
static void test_batch_repeat_same_numbers(void **state)
{
    (void)state;
    med_table *t = load("cdc-2016");
    const char *header[] = {"drug", "strength", "unit", "quantity", "days_supply"};
    const char *methadone[] = {"methadone", "10", "mg", "90", "30"};
    const char *oxycodone[] = {"oxycodone", "5", "mg", "30", "30"};
    med_batch *b = NULL;
    med_error e;
    assert_int_equal(med_batch_new(t, header, 5, MED_METHOD_AUTO, &b, &e), MED_OK);
    med_result first = MED_RESULT_INIT, other = MED_RESULT_INIT, again = MED_RESULT_INIT;
    assert_int_equal(med_batch_row(b, methadone, 5, 2, &first), MED_OK);
    char arithmetic[256];
    snprintf(arithmetic, sizeof arithmetic, "%s", med_batch_text(b, MED_TEXT_ARITHMETIC));
    assert_int_equal(med_batch_row(b, oxycodone, 5, 3, &other), MED_OK);
    assert_int_equal(med_batch_row(b, methadone, 5, 4, &again), MED_OK);
    assert_int_equal(first.daily_dose_hundredths, 3000);
    assert_int_equal(again.daily_dose_hundredths, first.daily_dose_hundredths);
    assert_int_equal(again.mme_hundredths, first.mme_hundredths);
    assert_string_equal(med_batch_text(b, MED_TEXT_ARITHMETIC), arithmetic);
    assert_int_equal(other.daily_dose_hundredths, 500);
    med_batch_free(b);
    med_table_free(t);
}

/* Tables, rules and NDC lists load the same way: embedded by id or id@version, from a buffer,
 * from a file, with the same refusals. */
static void test_one_loader_shape(void **state)
{
    (void)state;
    med_rules *r = NULL;
    med_table *t = NULL;
    med_ndc_list *l = NULL;
    med_error e;
    assert_int_equal(med_rules_load_embedded("risk-rules@2", &r, &e), MED_OK);
    const char *id, *version, *digest;
    med_rules_get_info(r, &id, &version, &digest);
    assert_string_equal(id, "risk-rules");
    med_rules_free(r);
    assert_int_equal(med_rules_load_embedded("risk-rules@9", &r, &e), MED_ERR_VERSION);
    assert_null(r);
    assert_non_null(strstr(e.message, "not 9 as asked"));
    assert_int_equal(med_table_load_embedded("cdc-2022@9", &t, &e), MED_ERR_VERSION);
    assert_int_equal(med_ndc_list_load_embedded("cdc-ndc-2018@9", &l, &e), MED_ERR_VERSION);
    assert_int_equal(med_rules_load_embedded("nonesuch", &r, &e), MED_ERR_NOT_FOUND);
    assert_non_null(strstr(e.message, "no embedded rules 'nonesuch'"));
    assert_int_equal(med_table_load_embedded("nonesuch", &t, &e), MED_ERR_NOT_FOUND);
    assert_non_null(strstr(e.message, "no embedded table 'nonesuch'"));
    static const char bad[] = "id: site\nid: again\n";
    assert_int_equal(med_rules_load_buffer(bad, sizeof bad - 1, "mine.yaml", &r, &e),
                     MED_ERR_INVALID); /* a duplicate key */
    assert_string_equal(e.source, "mine.yaml");
    assert_int_equal(e.line, 2);
    assert_int_equal(med_rules_load_file("/nonexistent/rules.yaml", &r, &e), MED_ERR_IO);
    assert_int_equal(med_table_load_buffer(bad, sizeof bad - 1, NULL, NULL, &e),
                     MED_ERR_ARGUMENT);
    assert_int_equal(med_rules_load_file(NULL, &r, &e), MED_ERR_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_dosage_forms),  cmocka_unit_test(test_field_limits),
        cmocka_unit_test(test_versions),           cmocka_unit_test(test_text_on_request),
        cmocka_unit_test(test_method_is_respected), cmocka_unit_test(test_many_thresholds),
        cmocka_unit_test(test_regimen_object),     cmocka_unit_test(test_batch_repeat_same_numbers),
        cmocka_unit_test(test_one_loader_shape),  cmocka_unit_test(test_hundredths_any_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
