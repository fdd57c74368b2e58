/* Unit tests for RxNorm lists (lib/ndc/ndc_list.c keyed by rxcui, med_rxcui_lookup) and RxNorm
 * drug names read as product descriptions (lib/ndc/rxnorm_name.c through med_product_resolve):
 * the embedded rxnorm-omtk list, lookups and their refusals, conflicts between lists, and the rate
 * over the list: every RxCUI's own RxNorm name must resolve to its ingredient, strength and unit
 * for at least 99.5% of them (README.md, "Products and codes", lists the rest). */
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

static void test_embedded_list(void **state)
{
    med_ndc_list *l = NULL;
    med_error e;
    (void)state;
    assert_int_equal(med_rxnorm_list_load_embedded(NULL, &l, &e), MED_OK);
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    assert_string_equal(info->id, "rxnorm-omtk");
    assert_string_equal(info->key, "rxcui");
    assert_int_equal(info->count, 742);
    assert_int_equal(strlen(info->digest), 64);
    med_ndc_list_free(l);
    /* the NDC loader does not hand out an RxNorm list, nor the reverse */
    assert_int_equal(med_ndc_list_load_embedded("rxnorm-omtk", &l, &e), MED_ERR_NOT_FOUND);
    assert_int_equal(med_rxnorm_list_load_embedded("cdc-ndc-2018", &l, &e), MED_ERR_NOT_FOUND);
    assert_int_equal(med_ndc_list_load_embedded(NULL, &l, &e), MED_OK);
    assert_string_equal(med_ndc_list_get_info(l)->key, "ndc");
    med_ndc_list_free(l);
}

typedef struct found {
    const char *rxcui, *ingredient, *form, *strength, *unit;
} found;

static void test_lookup(void **state)
{
    med_ndc_list *rx = NULL, *ndc = NULL;
    med_error e;
    (void)state;
    assert_int_equal(med_rxnorm_list_load_embedded(NULL, &rx, &e), MED_OK);
    assert_int_equal(med_ndc_list_load_embedded(NULL, &ndc, &e), MED_OK);
    const med_ndc_list *lists[] = {ndc, rx};
    const found cases[] = {
        {"245134", "fentanyl", "patch", "25", "mcg/hr"},         /* 0.025 MG/HR */
        {" 0245134 ", "fentanyl", "patch", "25", "mcg/hr"},      /* spaces, a leading zero */
        {"1237050", "fentanyl", "oral-spray", "100", "mcg"},     /* 0.1 MG/ACTUAT Mucosal Spray */
        {"637540", "oxycodone", "oral", "4.88", "mg"},           /* two salts added: 4.5 + 0.38 */
        {"1666831", "fentanyl", "iontophoretic", "40", "mcg"},   /* Ionsys: no table's form */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT;
        if (med_rxcui_lookup(lists, 2, cases[i].rxcui, &p, &e) != MED_OK)
            fail_msg("%s: %s", cases[i].rxcui, e.message);
        assert_string_equal(p.ingredient, cases[i].ingredient);
        assert_string_equal(p.form, cases[i].form);
        assert_string_equal(p.strength, cases[i].strength);
        assert_string_equal(p.unit, cases[i].unit);
        assert_ptr_equal(p.list, rx);
    }
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    assert_int_equal(med_rxcui_lookup(lists, 2, "12a", &p, &e), MED_ERR_SYNTAX);
    assert_non_null(strstr(e.message, "not an RxCUI"));
    assert_int_equal(med_rxcui_lookup(lists, 2, "12345678901", &p, &e), MED_ERR_SYNTAX);
    assert_int_equal(med_rxcui_lookup(lists, 2, "1", &p, &e), MED_ERR_NOT_FOUND);
    assert_non_null(strstr(e.message, "RxCUI 1 is in none of the RxNorm lists"));
    assert_int_equal(med_rxcui_lookup(lists, 1, "245134", &p, &e), MED_ERR_NOT_FOUND);
    /* an NDC lookup never reads an RxNorm list */
    assert_int_equal(med_ndc_lookup(lists + 1, 1, "00406055262", &p, &e), MED_ERR_NOT_FOUND);
    med_ndc_list_free(ndc);
    med_ndc_list_free(rx);
}

static const char SITE[] =
    "id: site\nversion: \"2\"\ntitle: a site's extract\nsource: local\neffective: 2026-01-01\n"
    "...\nrxcui,ingredient,form,strength,unit,product\n"
    "245134,fentanyl,patch,50,mcg/hr,wrong strength\n"
    "999999001,oxycodone,oral,5,mg,Oxycodone Hydrochloride 5 MG Oral Tablet\n";

static void test_site_list_and_conflicts(void **state)
{
    med_ndc_list *rx = NULL, *site = NULL;
    med_error e;
    (void)state;
    assert_int_equal(med_rxnorm_list_load_embedded(NULL, &rx, &e), MED_OK);
    assert_int_equal(med_rxnorm_list_load_buffer(SITE, sizeof SITE - 1, "site.rxnorm", &site, &e),
                     MED_OK);
    const med_ndc_list *lists[] = {rx, site};
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    assert_int_equal(med_rxcui_lookup(lists, 2, "999999001", &p, &e), MED_OK);
    assert_ptr_equal(p.list, site);
    assert_int_equal(med_rxcui_lookup(lists, 2, "245134", &p, &e), MED_ERR_INVALID);
    assert_non_null(strstr(e.message, "RxCUI 245134 is listed differently"));
    med_ndc_conflict c = MED_NDC_CONFLICT_INIT;
    assert_int_equal(med_ndc_list_conflicts(rx, site, &c), 1);
    assert_string_equal(c.b.strength, "50");
    /* an NDC list's column header is not an RxNorm list's */
    static const char NDC_SHAPE[] = "id: x\nversion: \"1\"\ntitle: t\nsource: s\neffective: "
                                    "2026-01-01\n...\nndc,ingredient,form,strength,unit\n";
    med_ndc_list *bad = NULL;
    assert_int_equal(med_rxnorm_list_load_buffer(NDC_SHAPE, sizeof NDC_SHAPE - 1, "x", &bad, &e),
                     MED_ERR_INVALID);
    assert_non_null(strstr(e.message, "unknown column 'ndc'; expected rxcui"));
    med_ndc_list_free(site);
    med_ndc_list_free(rx);
}

typedef struct named {
    const char *text, *drug, *strength, *unit, *form;
} named;

static void test_rxnorm_names(void **state)
{
    const named cases[] = {
        {"72 HR Fentanyl 0.025 MG/HR Transdermal System", "fentanyl", "25", "mcg/hr", "patch"},
        {"12 HR oxymorphone hydrochloride 10 MG Extended Release Oral Tablet", "oxymorphone", "10",
         "mg", "oral"},
        {"1 ML Morphine Sulfate 10 MG/ML Prefilled Syringe", "morphine", "10", "mg/mL",
         "injection"},
        {"Abuse-Deterrent 12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet "
         "[Oxycontin]", "oxycodone", "10", "mg", "oral"},
        {"Matrix Delivery 24 HR tramadol hydrochloride 300 MG Extended Release Oral Tablet",
         "tramadol", "300", "mg", "oral"},
        {"Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet [Percocet]",
         "acetaminophen/oxycodone", "325/5", "mg", "oral"},
        {"{2 (Fentanyl 0.6 MG/ACTUAT Mucosal Spray [Subsys]) } Pack [Subsys 1200 MCG]",
         "fentanyl", "600", "mcg", "oral-spray"},
        {"Fentanyl 0.1 MG/ACTUAT Metered Dose Nasal Spray [Lazanda]", "fentanyl", "100", "mcg",
         "nasal-spray"},
        {"168 HR Buprenorphine 0.0075 MG/HR Transdermal System", "buprenorphine", "7.5", "mcg/hr",
         "patch"},
        {"Fentanyl 0.2 MG Oral Lozenge [Actiq]", "fentanyl", "0.2", "mg", "buccal"},
        {"Buprenorphine 0.075 MG Buccal Film", "buprenorphine", "0.075", "mg", "film"},
        {"1 ML Hydromorphone Hydrochloride 4 MG/ML Cartridge", "hydromorphone", "4", "mg/mL",
         "injection"},
        /* two salts of one ingredient: one ingredient of their summed strength */
        {"Aspirin 325 MG / Oxycodone Hydrochloride 4.5 MG / oxycodone terephthalate 0.38 MG Oral "
         "Tablet", "aspirin/oxycodone", "325/4.88", "mg", "oral"},
    };
    med_regimen *r = NULL;
    assert_int_equal(med_regimen_new(&r), MED_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        med_error e;
        if (med_product_resolve(*state, cases[i].text, r, &e) != MED_OK)
            fail_msg("'%s': %s", cases[i].text, e.message);
        const med_input *in = med_regimen_input(r);
        if (strcmp(in->drug, cases[i].drug) || strcmp(in->strength, cases[i].strength) ||
            strcmp(in->unit, cases[i].unit) || strcmp(in->form, cases[i].form))
            fail_msg("'%s': %s %s %s %s", cases[i].text, in->drug, in->strength, in->unit,
                     in->form);
    }
    /* MG/HR is a rate only in a transdermal system's name */
    med_error e;
    assert_int_not_equal(med_product_resolve(*state, "OXYCODONE 10 MG/HR", r, &e), MED_OK);
    med_regimen_free(r);
}


/* Every RxCUI's own name, as a product description: its ingredient, strength and unit. */
static void test_rate_over_the_list(void **state)
{
    med_ndc_list *l = NULL;
    med_regimen *r = NULL;
    med_error e;
    long same = 0, total = 0;
    int show = getenv("MED_SHOW_GAPS") != NULL;
    assert_int_equal(med_rxnorm_list_load_embedded(NULL, &l, &e), MED_OK);
    assert_int_equal(med_regimen_new(&r), MED_OK);
    for (size_t i = 0; i < med_ndc_list_get_info(l)->count; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT;
        const char *ingredient;
        double value;
        med_ndc_product q = MED_NDC_PRODUCT_INIT;
        const med_ndc_list *one = l;
        assert_int_equal(med_ndc_list_entry(l, i, &p), MED_OK);
        assert_int_equal(med_rxcui_lookup(&one, 1, p.ndc, &q, &e), MED_OK); /* by its code */
        assert_ptr_equal(q.product, p.product);
        total++;
        if (med_product_resolve(*state, p.product, r, &e) == MED_OK &&
            opioid_strength(*state, med_regimen_input(r), &ingredient, &value) == 0 &&
            strcmp(ingredient, p.ingredient) == 0 && same_number(value, strtod(p.strength, NULL)) &&
            strcmp(med_regimen_input(r)->unit, p.unit) == 0) {
            same++;
            continue;
        }
        if (show)
            print_message("  not resolved: %s %s\n", p.ndc, p.product);
    }
    double share = 100.0 * (double)same / (double)total;
    print_message("RxNorm names: %ld of %ld RxCUIs (%.2f%%)\n", same, total, share);
    assert_true(share >= 99.5);
    med_regimen_free(r);
    med_ndc_list_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embedded_list),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_site_list_and_conflicts),
        cmocka_unit_test_setup_teardown(test_rxnorm_names, setup_cdc_2022, teardown_table),
        cmocka_unit_test_setup_teardown(test_rate_over_the_list, setup_cdc_2022, teardown_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
