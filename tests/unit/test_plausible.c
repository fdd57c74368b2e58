/* Unit tests for lib/compute/plausible.c (and the strength_ranges of vocabulary.yaml) through
 * med_compute: a combination's strengths in another order than its names ("hydrocodone/
 * acetaminophen 325/10") are an error that names the strength looking swapped, never 1300
 * MME/day with status ok; and a walk over every opioid NDC of the embedded CDC 2018 list, given
 * as claims columns (generic name, form, strength, unit), asserting that none is ever
 * not_opioid, that every one passes the plausibility check (the ranges cover the list they were
 * generated from), and that the same row with its strength 1000 times larger (mg read as mcg,
 * a swapped strength) is never ok. */
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

/* Computes `in`; returns the status and fills `message`. */
static med_result_status run(const med_table *t, const med_input *in, int64_t *mme,
                             char *message, size_t cap)
{
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_compute(t, in, MED_METHOD_SUPPLY, &r), MED_OK);
    med_compute_text(t, in, MED_METHOD_SUPPLY, MED_TEXT_MESSAGE, message, cap);
    *mme = r.mme_hundredths;
    return r.status;
}

static void expect_ok(const med_table *t, med_input in, int64_t hundredths)
{
    char message[600];
    int64_t mme;
    med_result_status s = run(t, &in, &mme, message, sizeof message);
    if (s != MED_RESULT_OK || mme != hundredths)
        fail_msg("%s %s: status %s (%s), %lld hundredths; want ok, %lld", in.drug, in.strength,
                 med_result_status_string(s), message, (long long)mme, (long long)hundredths);
}

static void expect_error(const med_table *t, med_input in, const char *says, const char *also)
{
    char message[600];
    int64_t mme;
    med_result_status s = run(t, &in, &mme, message, sizeof message);
    if (s != MED_RESULT_ERROR)
        fail_msg("%s %s: status %s (%lld hundredths), want error", in.drug, in.strength,
                 med_result_status_string(s), (long long)mme);
    if (strstr(message, says) == NULL || (also && strstr(message, also) == NULL))
        fail_msg("%s %s: message '%s' lacks '%s' / '%s'", in.drug, in.strength, message, says,
                 also ? also : "");
    assert_true(mme == 0);
}

static void test_swapped_strengths(void **state)
{
    const med_table *t = *state;
    /* the example: never 1300 MME/day with status ok */
    expect_error(t, fill("hydrocodone/acetaminophen", "tablet", "325/10", "mg", "120", "30"),
                 "strength '325/10' gives hydrocodone 325 mg",
                 "look swapped: 10 (given for acetaminophen) would fit");
    expect_ok(t, fill("hydrocodone/acetaminophen", "tablet", "10/325", "mg", "120", "30"), 4000);
    /* names in the strengths' order: fine either way round */
    expect_ok(t, fill("acetaminophen/hydrocodone", "tablet", "325/10", "mg", "120", "30"), 4000);
    /* FDA's name order (AND) with alphabetical substance strengths */
    expect_error(t, fill("HYDROCODONE BITARTRATE AND ACETAMINOPHEN", "TABLET", "325/10", "mg",
                          "120", "30"),
                 "hydrocodone 325 mg", "swapped");
    expect_error(t, fill("oxycodone/acetaminophen", "tablet", "325/5", "mg", "120", "30"),
                 "oxycodone 325 mg", "5 (given for acetaminophen)");
    expect_error(t, fill("tramadol/acetaminophen", "tablet", "325/37.5", "mg", "120", "30"),
                 "tramadol 325 mg", "37.5 (given for acetaminophen)");
    /* four ingredients: the codeine part swapped with aspirin's */
    expect_error(t, fill("aspirin/butalbital/caffeine/codeine", "capsule", "30/50/40/325", "mg",
                          "30", "10"),
                 "codeine 325 mg", "swapped");
    expect_ok(t, fill("aspirin/butalbital/caffeine/codeine", "capsule", "325/50/40/30", "mg",
                       "30", "10"), 1350);
    /* liquids are checked per mL: 7.5/325 mg per 15 mL is fine, 325/7.5 is not */
    expect_ok(t, fill("hydrocodone/acetaminophen", "oral solution", "7.5/325", "mg/15 mL", "450",
                       "30"), 750);
    expect_error(t, fill("hydrocodone/acetaminophen", "oral solution", "325/7.5", "mg/15 mL",
                          "450", "30"), "mg/mL", "swapped");
    /* one strength for a combination is the opioid's (as CDC's list gives it), still checked */
    expect_ok(t, fill("hydrocodone/acetaminophen", "tablet", "10", "mg", "120", "30"), 4000);
    expect_error(t, fill("hydrocodone/acetaminophen", "tablet", "325", "mg", "120", "30"),
                 "hydrocodone 325 mg", "check the strength and its unit");
    /* a single ingredient is not checked: its strength in a regimen is often the dose */
    expect_ok(t, fill("methadone", "tablet", "120", "mg", "30", "30"), 56400);
}

/* Every opioid NDC of the embedded list, as claims columns without the NDC. */
static void test_every_listed_opioid(void **state)
{
    const med_table *t = *state;
    med_ndc_list *l = NULL;
    med_error e;
    assert_int_equal(med_ndc_list_load_embedded(NULL, &l, &e), MED_OK);
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    assert_non_null(info);
    long opioids = 0, ok = 0, checked_big = 0;
    for (size_t i = 0; i < info->count; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT;
        med_drug_info d = MED_DRUG_INFO_INIT;
        assert_int_equal(med_ndc_list_entry(l, i, &p), MED_OK);
        if (med_lookup_drug(t, p.ingredient, &d, &e) != MED_OK ||
            strcmp(d.drug_class, "opioid") != 0)
            continue;
        opioids++;
        const char *drug = p.generic[0] ? p.generic : p.ingredient;
        med_input in = fill(drug, p.form, p.strength, p.unit, "30", "30");
        char message[600], big[64];
        int64_t mme;
        med_result_status s = run(t, &in, &mme, message, sizeof message);
        if (s == MED_RESULT_NOT_OPIOID)
            fail_msg("%s '%s' %s %s %s: not_opioid", p.ndc, drug, p.form, p.strength, p.unit);
        if (s == MED_RESULT_ERROR && strstr(message, "NDC list has"))
            fail_msg("%s '%s' %s %s %s: a listed strength is refused: %s", p.ndc, drug, p.form,
                     p.strength, p.unit, message);
        ok += s == MED_RESULT_OK;
        /* 1000 times the strength is never a result for a combination (its range is known) */
        med_drug_info parts = MED_DRUG_INFO_INIT;
        if (s != MED_RESULT_OK || med_lookup_drug(t, drug, &parts, &e) != MED_OK ||
            parts.component_count < 2)
            continue;
        snprintf(big, sizeof big, "%.0f", strtod(p.strength, NULL) * 1000);
        in.strength = big;
        if (run(t, &in, &mme, message, sizeof message) == MED_RESULT_OK)
            fail_msg("%s '%s' %s %s: ok with a strength outside its range", p.ndc, drug, big,
                     p.unit);
        checked_big++;
    }
    print_message("%ld opioid NDCs: %ld ok, none not_opioid; %ld combinations refused at 1000x\n",
                  opioids, ok, checked_big);
    assert_true(opioids > 14000);
    assert_true(checked_big > 8000);
    med_ndc_list_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_swapped_strengths, setup_cdc_2022, teardown_table),
        cmocka_unit_test_setup_teardown(test_every_listed_opioid, setup_cdc_2022, teardown_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
