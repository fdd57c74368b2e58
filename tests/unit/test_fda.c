/* Unit tests for lib/claims/fda.c and lib/tables/units.c through med_batch: claims columns as
 * CDC, FDA and pharmacies spell them. (1) Every opioid NDC of the embedded CDC 2018 list, given
 * as claims columns WITHOUT the NDC (GENNME as drug, Master_Form as form, Strength_Per_Unit and
 * CDC's UOM), gives the same status, ingredient, form, factor and MME/day as through its NDC,
 * under cms-2018 (the table with the most forms) and cdc-2022: at least 99.5%, and every miss
 * is one of the known ones README.md lists. (2) FDA NDC Directory rows: names with AND, the
 * alphabetical SUBSTANCENAME list with its strengths, SPL dosage forms, mg/1 and ug/h units, a
 * route column; swapped strengths are an error; route and form that conflict are an error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"
#include "inputs.h"

/* A row's result and message, copied out of the batch. */
typedef struct outcome {
    med_result r;
    char ingredient[64], form[32], message[1024];
} outcome;

static void run_row(med_batch *b, const char *const *fields, size_t n, outcome *o)
{
    o->r = (med_result)MED_RESULT_INIT;
    assert_int_equal(med_batch_row(b, fields, n, 2, &o->r), MED_OK);
    snprintf(o->ingredient, sizeof o->ingredient, "%s", o->r.ingredient ? o->r.ingredient : "");
    snprintf(o->form, sizeof o->form, "%s", o->r.form ? o->r.form : "");
    snprintf(o->message, sizeof o->message, "%s", med_batch_text(b, MED_TEXT_MESSAGE));
}

static med_batch *batch(const med_table *t, const char *const *columns, size_t n)
{
    med_batch *b = NULL;
    med_error e;
    if (med_batch_new(t, columns, n, MED_METHOD_SUPPLY, &b, &e) != MED_OK)
        fail_msg("batch: %s", e.message);
    return b;
}

/* CDC's UOM for a list entry: the list keeps UOM lowercased, and MCG/SPRAY as mcg per unit. */
static const char *cdc_uom(const med_ndc_product *p)
{
    if (strcmp(p->unit, "mg") == 0)
        return "MG";
    if (strcmp(p->unit, "mg/mL") == 0)
        return "MG/ML";
    if (strcmp(p->unit, "mcg/hr") == 0)
        return "MCG/HR";
    return strcmp(p->dose_form, "Spray") == 0 ? "MCG/SPRAY" : "MCG";
}

static int same(const outcome *a, const outcome *b)
{
    return a->r.status == b->r.status && a->r.mme_hundredths == b->r.mme_hundredths &&
           strcmp(a->ingredient, b->ingredient) == 0 && strcmp(a->form, b->form) == 0 &&
           (a->r.status != MED_RESULT_OK ||
            (a->r.factor_text && b->r.factor_text &&
             strcmp(a->r.factor_text, b->r.factor_text) == 0));
}

/* The one kind of miss README.md lists: a fentanyl nasal spray (Lazanda) whose Master_Form says
 * only Spray reads as an oral spray without a route column. */
static int known_miss(const med_ndc_product *p)
{
    return strcmp(p->ingredient, "fentanyl") == 0 && strcmp(p->form, "nasal-spray") == 0 &&
           strcmp(p->dose_form, "Spray") == 0;
}

static void walk(const char *table_id)
{
    static const char *const BY_NDC[] = {"ndc", "quantity", "days_supply"};
    static const char *const BY_COLUMNS[] = {"drug", "form", "strength", "unit", "quantity",
                                             "days_supply"};
    med_table *t = load(table_id);
    med_ndc_list *l = NULL;
    med_error e;
    assert_int_equal(med_ndc_list_load_embedded(NULL, &l, &e), MED_OK);
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    med_batch *a = batch(t, BY_NDC, 3), *b = batch(t, BY_COLUMNS, 6);
    long opioids = 0, agree = 0, known = 0;
    for (size_t i = 0; i < info->count; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT;
        med_drug_info d = MED_DRUG_INFO_INIT;
        assert_int_equal(med_ndc_list_entry(l, i, &p), MED_OK);
        if (med_lookup_drug(t, p.ingredient, &d, &e) != MED_OK ||
            strcmp(d.drug_class, "opioid") != 0 || p.generic[0] == '\0')
            continue;
        opioids++;
        const char *f1[] = {p.ndc, "30", "30"};
        const char *f2[] = {p.generic, p.dose_form, p.strength, cdc_uom(&p), "30", "30"};
        outcome x, y;
        run_row(a, f1, 3, &x);
        run_row(b, f2, 6, &y);
        if (same(&x, &y)) {
            agree++;
            continue;
        }
        if (!known_miss(&p))
            fail_msg("%s %s: NDC %s %s %s %lld; columns '%s' '%s' %s %s: %s %s %s %lld (%s)",
                     table_id, p.ndc, med_result_status_string(x.r.status), x.ingredient,
                     x.form, (long long)x.r.mme_hundredths, p.generic, p.dose_form, p.strength,
                     cdc_uom(&p), med_result_status_string(y.r.status), y.ingredient, y.form,
                     (long long)y.r.mme_hundredths, y.message);
        known++;
    }
    print_message("%s: %ld opioid NDCs as claims columns: %ld as through the NDC, %ld known "
                  "misses\n", table_id, opioids, agree, known);
    assert_true(opioids > 14000);
    assert_true(agree * 1000 >= opioids * 995);
    med_batch_free(a);
    med_batch_free(b);
    med_ndc_list_free(l);
    med_table_free(t);
}

static void test_cdc_columns_as_ndc_cms(void **state)
{
    (void)state;
    walk("cms-2018");
}

static void test_cdc_columns_as_ndc_cdc(void **state)
{
    (void)state;
    walk("cdc-2022");
}

/* FDA NDC Directory rows, with the columns a warehouse joins claims to. */
static const char *const FDA[] = {"drug", "substance", "form", "route", "strength", "unit",
                                  "quantity", "days_supply"};

static outcome fda_row(const med_table *t, const char *drug, const char *substance,
                       const char *form, const char *route, const char *strength,
                       const char *unit, const char *qty, const char *days)
{
    med_batch *b = batch(t, FDA, 8);
    const char *f[] = {drug, substance, form, route, strength, unit, qty, days};
    outcome o;
    run_row(b, f, 8, &o);
    med_batch_free(b);
    return o;
}

static void expect(const outcome *o, med_result_status s, const char *ingredient,
                   const char *form, int64_t hundredths, const char *says)
{
    if (o->r.status != s || (ingredient && strcmp(o->ingredient, ingredient) != 0) ||
        (form && strcmp(o->form, form) != 0) || o->r.mme_hundredths != hundredths ||
        (says && strstr(o->message, says) == NULL))
        fail_msg("got %s %s %s %lld '%s'; want %s %s %s %lld '%s'",
                 med_result_status_string(o->r.status), o->ingredient, o->form,
                 (long long)o->r.mme_hundredths, o->message, med_result_status_string(s),
                 ingredient ? ingredient : "", form ? form : "", (long long)hundredths,
                 says ? says : "");
}

static void test_fda_rows(void **state)
{
    (void)state;
    med_table *t = load("cms-2018");
    outcome o;
    /* NONPROPRIETARYNAME with AND, SUBSTANCENAME alphabetical, strengths and units beside it */
    o = fda_row(t, "HYDROCODONE BITARTRATE AND ACETAMINOPHEN",
                "ACETAMINOPHEN; HYDROCODONE BITARTRATE", "TABLET", "ORAL", "325; 10",
                "mg/1; mg/1", "120", "30");
    expect(&o, MED_RESULT_OK, "hydrocodone", "oral", 4000, NULL);
    /* the same strengths beside the name in another order: swapped, an error that says so */
    o = fda_row(t, "HYDROCODONE BITARTRATE AND ACETAMINOPHEN", "", "TABLET", "ORAL", "325; 10",
                "mg/1; mg/1", "120", "30");
    expect(&o, MED_RESULT_ERROR, "hydrocodone", "oral", 0, "look swapped: 10");
    /* a substance list naming another opioid than the drug column */
    o = fda_row(t, "OXYCODONE AND ACETAMINOPHEN", "ACETAMINOPHEN; HYDROCODONE BITARTRATE",
                "TABLET", "ORAL", "325; 10", "mg/1; mg/1", "120", "30");
    expect(&o, MED_RESULT_ERROR, NULL, NULL, 0, "is oxycodone but substance");
    o = fda_row(t, "ACETAMINOPHEN AND CODEINE PHOSPHATE", "ACETAMINOPHEN; CODEINE PHOSPHATE",
                "TABLET", "ORAL", "300; 30", "mg/1; mg/1", "120", "30");
    expect(&o, MED_RESULT_OK, "codeine", "oral", 1800, NULL);
    /* 3- and 4-ingredient codeine and dihydrocodeine products are opioids */
    o = fda_row(t, "ASPIRIN, BUTALBITAL, CAFFEINE, AND CODEINE PHOSPHATE",
                "ASPIRIN; BUTALBITAL; CAFFEINE; CODEINE PHOSPHATE", "CAPSULE", "ORAL",
                "325; 50; 40; 30", "mg/1; mg/1; mg/1; mg/1", "30", "10");
    expect(&o, MED_RESULT_OK, "codeine", "oral", 1350, NULL);
    o = fda_row(t, "BUTALBITAL, ACETAMINOPHEN, CAFFEINE, AND CODEINE PHOSPHATE",
                "ACETAMINOPHEN; BUTALBITAL; CAFFEINE; CODEINE PHOSPHATE", "CAPSULE", "ORAL",
                "300; 50; 40; 30", "mg/1; mg/1; mg/1; mg/1", "30", "10");
    expect(&o, MED_RESULT_OK, "codeine", "oral", 1350, NULL);
    o = fda_row(t, "ACETAMINOPHEN, CAFFEINE, DIHYDROCODEINE BITARTRATE",
                "ACETAMINOPHEN; CAFFEINE; DIHYDROCODEINE BITARTRATE", "CAPSULE", "ORAL",
                "320.5; 30; 16", "mg/1; mg/1; mg/1", "30", "10");
    expect(&o, MED_RESULT_OK, "dihydrocodeine", "oral", 1200, NULL);
    /* SPL dosage forms; route decides the spray: nasal 0.16, sublingual (oral spray) 0.18 */
    o = fda_row(t, "OXYCODONE HYDROCHLORIDE", "", "TABLET, FILM COATED, EXTENDED RELEASE",
                "ORAL", "10", "mg/1", "60", "30");
    expect(&o, MED_RESULT_OK, "oxycodone", "oral", 3000, NULL);
    o = fda_row(t, "FENTANYL CITRATE", "", "SPRAY", "NASAL", "100", "ug/1", "60", "30");
    expect(&o, MED_RESULT_OK, "fentanyl", "nasal-spray", 3200, NULL);
    o = fda_row(t, "FENTANYL", "", "SPRAY", "SUBLINGUAL", "100", "ug/1", "60", "30");
    expect(&o, MED_RESULT_OK, "fentanyl", "oral-spray", 3600, NULL);
    o = fda_row(t, "FENTANYL CITRATE", "", "TABLET", "BUCCAL", "100", "ug/1", "60", "30");
    expect(&o, MED_RESULT_OK, "fentanyl", "buccal", 2600, NULL);
    o = fda_row(t, "BUPRENORPHINE HYDROCHLORIDE", "", "FILM, SOLUBLE", "BUCCAL", "150", "ug/1",
                "60", "30");
    expect(&o, MED_RESULT_EXCLUDED, "buprenorphine", "film", 0, "excludes buprenorphine");
    /* ug/h, MCG/HR and 0.025 MG/HR are the same patch, exactly: 25 mcg/hr, 10 patches of 72 h
     * over 30 days, 60 MME/day */
    o = fda_row(t, "FENTANYL", "", "PATCH, EXTENDED RELEASE", "TRANSDERMAL", "25", "ug/h", "10",
                "30");
    expect(&o, MED_RESULT_OK, "fentanyl", "patch", 6000, NULL);
    o = fda_row(t, "FENTANYL", "", "PATCH", "TRANSDERMAL", "0.025", "MG/HR", "10", "30");
    expect(&o, MED_RESULT_OK, "fentanyl", "patch", 6000, NULL);
    /* route and form that conflict, an unknown route */
    o = fda_row(t, "FENTANYL", "", "PATCH", "ORAL", "25", "ug/h", "10", "30");
    expect(&o, MED_RESULT_ERROR, NULL, NULL, 0, "form 'PATCH' (patch) cannot be given by route "
                                                "'ORAL' (oral)");
    o = fda_row(t, "OXYCODONE HYDROCHLORIDE", "", "TABLET", "MOUTH", "10", "mg/1", "60", "30");
    expect(&o, MED_RESULT_ERROR, NULL, NULL, 0, "unknown route 'MOUTH'");
    /* without a route: CDC's fentanyl Tablets are buccal, butorphanol Sprays nasal, said so */
    o = fda_row(t, "FENTANYL CITRATE", "", "TABLET", "", "100", "MCG", "60", "30");
    expect(&o, MED_RESULT_OK, "fentanyl", "buccal", 2600, "read as buccal");
    o = fda_row(t, "BUTORPHANOL TARTRATE", "", "SPRAY", "", "10", "MG/ML", "10", "30");
    expect(&o, MED_RESULT_OK, "butorphanol", "nasal-spray", 2333, "read as nasal-spray");
    /* the pharmacy and CDC units: MCG/SPRAY and MCG/ACTUAT are per spray */
    o = fda_row(t, "FENTANYL", "", "SPRAY", "", "100", "MCG/SPRAY", "60", "30");
    expect(&o, MED_RESULT_OK, "fentanyl", "oral-spray", 3600, NULL);
    o = fda_row(t, "FENTANYL", "", "SPRAY", "SUBLINGUAL", "0.1", "MG/ACTUAT", "60", "30");
    expect(&o, MED_RESULT_OK, "fentanyl", "oral-spray", 3600, NULL);
    med_table_free(t);
}

/* A description's form is read as a form column's would be: CDC's generic fentanyl Tablets and
 * butorphanol Sprays, written as descriptions, are buccal and nasal too, and the row says so. */
static void test_description_forms(void **state)
{
    (void)state;
    static const char *const COLS[] = {"product", "quantity", "days_supply"};
    med_table *t = load("cms-2018");
    med_batch *b = batch(t, COLS, 3);
    outcome o;
    const char *f1[] = {"FENTANYL CITRATE 100 MCG Tablet", "60", "30"};
    run_row(b, f1, 3, &o);
    expect(&o, MED_RESULT_OK, "fentanyl", "buccal", 2600, "read as buccal");
    const char *f2[] = {"BUTORPHANOL TARTRATE 10 MG/ML Spray", "10", "30"};
    run_row(b, f2, 3, &o);
    expect(&o, MED_RESULT_OK, "butorphanol", "nasal-spray", 2333, "read as nasal-spray");
    const char *f3[] = {"OXYCODONE HCL 10 MG Tablet", "60", "30"};
    run_row(b, f3, 3, &o);
    expect(&o, MED_RESULT_OK, "oxycodone", "oral", 3000, NULL);
    med_batch_free(b);
    med_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cdc_columns_as_ndc_cms),
        cmocka_unit_test(test_cdc_columns_as_ndc_cdc),
        cmocka_unit_test(test_fda_rows),
        cmocka_unit_test(test_description_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
