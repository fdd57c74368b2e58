/* Unit tests for lib/product.c through med_product_resolve: claims product descriptions in their
 * usual spellings (salts, HCL, ER/SA, "10-325", "10 MG-325 MG", "MCG/HR", "5 MG/5 ML", TAB/CAP/
 * SOLN, brand names, names carrying numbers), refusals, and the rate over the embedded CDC list:
 * descriptions built from each opioid NDC's own product name, strength, unit and dose form must
 * resolve to its ingredient and strength for at least 99% of them (README.md, "NDC codes", lists
 * the rest). */
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

typedef struct expect {
    const char *text;
    const char *drug, *strength, *unit, *form;
} expect;

static void test_descriptions(void **state)
{
    const expect cases[] = {
        /* the examples */
        {"HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG TABLET", "hydrocodone/acetaminophen",
         "10/325", "mg", "oral"},
        {"FENTANYL 25 MCG/HR PATCH 72HR", "fentanyl", "25", "mcg/hr", "patch"},
        {"OXYCODONE HYDROCHLORIDE 10 MG TABLET", "oxycodone", "10", "mg", "oral"},
        /* salts, release words, abbreviations */
        {"OXYCODONE HCL ER 20 MG TAB SA", "oxycodone", "20", "mg", "oral"},
        {"MORPHINE SULF ER 15MG CAP", "morphine", "15", "mg", "oral"},
        {"oxycodone-acetaminophen 5-325", "oxycodone/acetaminophen", "5/325", "mg", ""},
        {"APAP/CODEINE 300-30 MG TAB", "acetaminophen/codeine", "300/30", "mg", "oral"},
        {"ACETAMINOPHEN AND CODEINE PHOSPHATE 300 MG-30 MG TABLET", "acetaminophen/codeine",
         "300/30", "mg", "oral"},
        {"ACETAMINOPHEN 300 MG / CODEINE 30 MG TABLET", "acetaminophen/codeine", "300/30", "mg",
         "oral"},
        {"HYDROCODONE BIT/APAP 7.5MG/325MG TAB", "hydrocodone/acetaminophen", "7.5/325", "mg",
         "oral"},
        /* liquids */
        {"MORPHINE SULFATE 10 MG/5 ML ORAL SOLUTION", "morphine", "10", "mg/5 mL", "oral"},
        {"OXYCODONE HCL 5 MG/5 ML SOLN", "oxycodone", "5", "mg/5 mL", "oral"},
        {"METHADONE HCL 10 MG/ML ORAL CONC", "methadone", "10", "mg/mL", "oral"},
        {"HYDROCODONE BIT/ACETAMINOPHEN 7.5 MG-325 MG/15 ML SOLUTION",
         "hydrocodone/acetaminophen", "7.5/325", "mg/15 mL", "oral"},
        {"HYDROMORPHONE HCL .5 MG/0.5 ML INJECTION", "hydromorphone", "0.5", "mg/0.5 mL",
         "injection"},
        /* forms named by words or brands */
        {"FENTANYL CITRATE 200 MCG LOZENGE", "fentanyl", "200", "mcg", "buccal"},
        {"LAZANDA 100 MCG/ACT NASAL SPRAY", "fentanyl", "100", "mcg", "nasal-spray"},
        {"LAZANDA 100 MCG Spray", "fentanyl", "100", "mcg", "nasal-spray"},
        {"SUBSYS 200 MCG SUBLINGUAL SPRAY", "fentanyl", "200", "mcg", "oral-spray"},
        {"BUPRENORPHINE-NALOXONE 8 MG-2 MG SL FILM", "buprenorphine/naloxone", "8/2", "mg",
         "film"},
        {"BUTRANS 10 MCG/HR TRANSDERMAL PATCH", "buprenorphine", "10", "mcg/hr", "patch"},
        {"DURAGESIC 50 MCG/HR", "fentanyl", "50", "mcg/hr", "patch"},
        {"MORPHINE SULFATE 10 MG SUPPOSITORY", "morphine", "10", "mg", "rectal"},
        /* numbers inside the name */
        {"LORTAB 10/325 10 MG Tablet", "hydrocodone/acetaminophen", "10", "mg", "oral"},
        {"PERCOCET 5/325 TABLET", "oxycodone/acetaminophen", "5/325", "mg", "oral"},
        {"TYLENOL WITH CODEINE NO. 3 30 MG Tablet", "acetaminophen/codeine", "30", "mg", "oral"},
        {"PHENAPHEN-650 W/CODEINE 30 MG Capsule", "acetaminophen/codeine", "30", "mg", "oral"},
        {"DARVOCET-N 100 100 MG Tablet", "propoxyphene/acetaminophen", "100", "mg", "oral"},
        /* every ingredient keeps its own strength, however many (issue 12: the opioid is last) */
        {"Aspirin 325 MG / butalbital 50 MG / Caffeine 40 MG / Codeine Phosphate 30 MG Oral "
         "Capsule", "aspirin/butalbital/caffeine/codeine", "325/50/40/30", "mg", "oral"},
        {"Carisoprodol 200 MG / Aspirin 325 MG / Codeine Phosphate 16 MG Oral Tablet",
         "carisoprodol/aspirin/codeine", "200/325/16", "mg", "oral"},
        {"Brompheniramine maleate 0.8 MG/ML / Codeine Phosphate 1.8 MG/ML / Pseudoephedrine "
         "Hydrochloride 6 MG/ML Oral Solution", "brompheniramine/codeine/pseudoephedrine",
         "0.8/1.8/6", "mg/mL", "oral"},
        /* non-opioids resolve too (the caller gets not_opioid when computing) */
        {"ALPRAZOLAM 0.5 MG TABLET", "alprazolam", "0.5", "mg", "oral"},
    };
    med_regimen *r = NULL;
    assert_int_equal(med_regimen_new(&r), MED_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const expect *c = &cases[i];
        med_error e;
        /* The regimen's input holds other fields first (units per dose, interval, prn): the
         * description fills drug, strength, unit and form only and leaves them alone. */
        if (med_regimen_parse(r, "morphine 1 mg 2 tabs q6h prn", &e) != MED_OK)
            fail_msg("regimen: %s", e.message);
        if (med_product_resolve(*state, c->text, r, &e) != MED_OK)
            fail_msg("'%s': %s", c->text, e.message);
        const med_input *in = med_regimen_input(r);
        assert_non_null(in);
        if (strcmp(in->drug, c->drug) || strcmp(in->strength, c->strength) ||
            strcmp(in->unit, c->unit) || strcmp(in->form, c->form))
            fail_msg("'%s': got %s | %s | %s | %s, want %s | %s | %s | %s", c->text, in->drug,
                     in->strength, in->unit, in->form, c->drug, c->strength, c->unit, c->form);
        assert_string_equal(in->units_per_dose, "2");
        assert_string_equal(in->every_hours, "6");
        assert_int_equal(in->prn, 1);
    }
    med_regimen_free(r);
}

/* A resolved description computes like the structured input it stands for. */
static void test_computes(void **state)
{
    med_regimen *reg = NULL;
    med_result r = MED_RESULT_INIT;
    med_error e;
    assert_int_equal(med_regimen_new(&reg), MED_OK);
    assert_int_equal(med_product_resolve(*state, "HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG "
                                                 "TABLET", reg, &e), MED_OK);
    med_input in = *med_regimen_input(reg);
    in.quantity = "120";
    in.days_supply = "30";
    assert_int_equal(med_compute(*state, &in, MED_METHOD_SUPPLY, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_OK);
    assert_int_equal(r.mme_hundredths, 4000); /* 10 mg x 4/day x 1 */
    /* a 4-ingredient product is an opioid: codeine 30 mg x 30 / 10 days x 0.15 */
    assert_int_equal(med_product_resolve(*state, "Aspirin 325 MG / butalbital 50 MG / Caffeine "
                                                 "40 MG / Codeine Phosphate 30 MG Oral Capsule",
                                         reg, &e), MED_OK);
    in = *med_regimen_input(reg);
    in.quantity = "30";
    in.days_supply = "10";
    assert_int_equal(med_compute(*state, &in, MED_METHOD_SUPPLY, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_OK);
    assert_string_equal(r.ingredient, "codeine");
    assert_int_equal(r.mme_hundredths, 1350);
    med_regimen_free(reg);
}

typedef struct refusal {
    const char *text;
    med_status code;
    const char *message;
} refusal;

static void test_refusals(void **state)
{
    char long_text[400];
    memset(long_text, 'A', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    const refusal cases[] = {
        {"OXYCODONE HCL TABLET", MED_ERR_SYNTAX, "no strength in product"},
        {"", MED_ERR_SYNTAX, "no strength"},
        {"10 MG TABLET", MED_ERR_NOT_FOUND, "no drug name"},
        {"OXYCODOEN HCL 10 MG TAB", MED_ERR_NOT_FOUND, "did you mean 'oxycodone'"},
        {"HYDROCODONE BITARTRATE 10-325 MG TABLET", MED_ERR_INVALID, "has 2 parts"},
        {"OXYCODONE 10 MG/HR", MED_ERR_SYNTAX, "per hour"},
        {"OXYCODONE 10 MG-500 MCG", MED_ERR_SYNTAX, "mixes units"},
        {long_text, MED_ERR_LIMIT, "at most 256"},
        /* a fifth labelled ingredient is refused, never dropped */
        {"APAP 1 MG / ASA 2 MG / CAFF 3 MG / BUTALBITAL 4 MG / CODEINE 30 MG TAB", MED_ERR_LIMIT,
         "more than 4 ingredients"},
    };
    med_regimen *r = NULL;
    assert_int_equal(med_regimen_new(&r), MED_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        med_error e;
        med_status s = med_product_resolve(*state, cases[i].text, r, &e);
        if (s != cases[i].code || strstr(e.message, cases[i].message) == NULL)
            fail_msg("'%.40s': status %d '%s', want %d '%s'", cases[i].text, s, e.message,
                     cases[i].code, cases[i].message);
    }
    assert_int_equal(med_product_resolve(NULL, "X 1 MG", r, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_product_resolve(*state, NULL, r, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_product_resolve(*state, "X 1 MG", NULL, NULL), MED_ERR_ARGUMENT);
    med_regimen_free(r);
}


/* "PRODUCT STRENGTH UNIT DOSE_FORM", unit in capitals as claims write it. */
static void describe(const med_ndc_product *p, const char *name, char *buf, size_t cap)
{
    char unit[16];
    size_t k = 0;
    for (; p->unit[k] && k + 1 < sizeof unit; k++)
        unit[k] = (char)(p->unit[k] >= 'a' && p->unit[k] <= 'z' ? p->unit[k] - 32 : p->unit[k]);
    unit[k] = '\0';
    snprintf(buf, cap, "%s %s %s %s", name, p->strength, unit, p->dose_form);
}

/* The share of opioid NDCs whose description resolves to the list's ingredient and strength. */
static double rate(const med_table *t, const med_ndc_list *l, int generic, int show)
{
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    long total = 0, same = 0;
    med_regimen *r = NULL;
    assert_non_null(info);
    assert_int_equal(med_regimen_new(&r), MED_OK);
    for (size_t i = 0; i < info->count; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT;
        med_drug_info d = MED_DRUG_INFO_INIT;
        med_error e;
        char text[600];
        const char *ingredient;
        double value;
        assert_int_equal(med_ndc_list_entry(l, i, &p), MED_OK);
        if (med_lookup_drug(t, p.ingredient, &d, &e) != MED_OK ||
            strcmp(d.drug_class, "opioid") != 0)
            continue;
        total++;
        describe(&p, generic ? p.generic : p.product, text, sizeof text);
        if (med_product_resolve(t, text, r, &e) == MED_OK &&
            opioid_strength(t, med_regimen_input(r), &ingredient, &value) == 0 &&
            strcmp(ingredient, p.ingredient) == 0 && same_number(value, strtod(p.strength, NULL))) {
            same++;
            continue;
        }
        if (show)
            print_message("  not resolved: %s %s\n", p.ndc, text);
    }
    med_regimen_free(r);
    double share = 100.0 * (double)same / (double)total;
    print_message("%s: %ld of %ld opioid NDCs (%.2f%%)\n", generic ? "generic names" :
                  "product names", same, total, share);
    return share;
}

static void test_rate_over_the_list(void **state)
{
    med_ndc_list *l = NULL;
    med_error e;
    assert_int_equal(med_ndc_list_load_embedded(NULL, &l, &e), MED_OK);
    int show = getenv("MED_SHOW_GAPS") != NULL;
    assert_true(rate(*state, l, 0, show) >= 99.0);
    assert_true(rate(*state, l, 1, show) >= 99.0);
    med_ndc_list_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_descriptions, setup_cdc_2022, teardown_table),
        cmocka_unit_test_setup_teardown(test_computes, setup_cdc_2022, teardown_table),
        cmocka_unit_test_setup_teardown(test_refusals, setup_cdc_2022, teardown_table),
        cmocka_unit_test_setup_teardown(test_rate_over_the_list, setup_cdc_2022, teardown_table),
    };
    return cmocka_run_group_tests_name("product", tests, NULL, NULL);
}
