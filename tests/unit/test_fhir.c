/* FHIR R4 orders (lib/fhir): documents, each field of a Dosage, errors with line and column,
 * and the set computed from them. The CDC reference cases are in tests/cli/cases/fhir-cdc-*. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "med.h"
#include "inputs.h"

#define RX "\"system\": \"http://www.nlm.nih.gov/research/umls/rxnorm\""

static med_fhir *read_ok(const med_table *t, const char *json, const char *drug)
{
    med_fhir *f = NULL;
    med_error e;
    if (med_fhir_read(t, json, strlen(json), "t.json", drug, &f, &e) != MED_OK)
        fail_msg("%d:%d %s", e.line, e.column, e.message);
    return f;
}

/* CDC's opioid-mme-r4 patient-mme-greater-than-fifty: fentanyl 75 mcg/hr every 3 days = 180. */
static void cdc_fentanyl(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_fhir *f = read_ok(t,
        "{\"resourceType\": \"MedicationRequest\", \"id\": \"mr1\",\n"
        " \"medicationCodeableConcept\": {\"coding\": [{" RX ", \"code\": \"197696\",\n"
        "   \"display\": \"72 HR Fentanyl 0.075 MG/HR Transdermal System\"}]},\n"
        " \"dosageInstruction\": [{\"timing\": {\"repeat\": {\"frequency\": 1, \"period\": 3.0,"
        " \"periodUnit\": \"d\"}}, \"asNeededBoolean\": false,\n"
        "   \"doseAndRate\": [{\"doseQuantity\": {\"value\": 1.0, \"unit\": \"patch\"}}]}]}", NULL);
    assert_int_equal(med_fhir_count(f), 1);
    const med_fhir_order *o = med_fhir_get(f, 0);
    assert_int_equal(o->status, MED_OK);
    assert_string_equal(o->id, "mr1");
    assert_string_equal(o->rxnorm, "197696");
    assert_string_equal(o->input.strength, "75");
    assert_string_equal(o->input.unit, "mcg/hr");
    assert_string_equal(o->input.every_hours, "72");
    assert_null(med_fhir_get(f, 1));
    med_result r = MED_RESULT_INIT;
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_fhir_compute(t, f, MED_METHOD_CLINICAL, &r, &total), MED_OK);
    assert_int_equal(r.mme_hundredths, 18000);
    assert_int_equal(total.complete, 1);
    assert_int_equal(total.mme_hundredths, 18000);
    med_fhir_free(f);
    med_table_free(t);
}

/* A Bundle: a bad order is an error at its line and column; the others are read; the total
 * has no number; an opioid with a gabapentinoid is flagged. */
static void bundle_with_a_bad_order(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_fhir *f = read_ok(t,
        "{\"resourceType\": \"Bundle\", \"entry\": [\n"
        "{\"resource\": {\"resourceType\": \"Patient\"}},\n"
        "{\"resource\": {\"resourceType\": \"MedicationRequest\", \"medicationCodeableConcept\":"
        " {\"text\": \"Oxycodone Hydrochloride 5 MG Oral Tablet\"}, \"dosageInstruction\": [{"
        "\"timing\": {\"repeat\": {\"frequency\": 1, \"period\": 4, \"periodUnit\": \"h\"}},"
        " \"asNeededBoolean\": true, \"doseAndRate\": [{\"doseQuantity\": {\"value\": 1, \"unit\":"
        " \"tablet\"}}], \"maxDosePerPeriod\": {\"numerator\": {\"value\": 4, \"unit\": \"tablet\"},"
        " \"denominator\": {\"value\": 1, \"unit\": \"d\"}}}]}},\n"
        "{\"resource\": {\"resourceType\": \"MedicationRequest\", \"medicationCodeableConcept\":"
        " {\"text\": \"Gabapentin 300 MG Oral Capsule\"}, \"dosageInstruction\": [{"
        "\"timing\": {\"repeat\": {\"frequency\": 3, \"period\": 1, \"periodUnit\": \"mo\"}},"
        " \"doseAndRate\": [{\"doseQuantity\": {\"value\": 1, \"unit\": \"capsule\"}}]}]}},\n"
        "{\"resource\": {\"resourceType\": \"MedicationRequest\", \"medicationCodeableConcept\":"
        " {\"text\": \"pregabalin\"}, \"dosageInstruction\": [{"
        "\"timing\": {\"repeat\": {\"when\": [\"MORN\", \"HS\"]}},"
        " \"doseAndRate\": [{\"doseQuantity\": {\"value\": 75, \"unit\": \"mg\"}}]}]}}]}", NULL);
    assert_int_equal(med_fhir_count(f), 3);
    const med_fhir_order *cap = med_fhir_get(f, 0), *bad = med_fhir_get(f, 1);
    assert_int_equal(cap->status, MED_OK);
    assert_non_null(strstr(cap->read, "maxDosePerPeriod decided"));
    assert_int_equal(bad->status, MED_ERR_INVALID);
    assert_int_equal(bad->error->line, 4);
    assert_non_null(strstr(bad->error->message, "periodUnit 'mo'"));
    med_result r[3] = {MED_RESULT_INIT, MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_fhir_compute(t, f, MED_METHOD_CLINICAL, r, &total), MED_OK);
    assert_int_equal(r[0].mme_hundredths, 3000); /* 4 x 5 mg x 1.5: the cap decided */
    assert_int_equal(r[1].status, MED_RESULT_ERROR);
    assert_int_equal(r[1].error, MED_ERR_INVALID);
    assert_int_equal(r[2].status, MED_RESULT_NOT_OPIOID);
    assert_int_equal(total.complete, 0);
    assert_int_equal(total.mme_hundredths, MED_TOTAL_NONE);
    assert_int_equal(total.computed_hundredths, 3000);
    assert_int_equal(total.coprescribed, MED_COPRESCRIBED_GABAPENTINOID);
    med_fhir_free(f);
    med_table_free(t);
}

/* A bare Dosage takes its drug apart; a request refuses one. Whole-document errors are
 * located and leave nothing. */
static void dosage_and_document_errors(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    const char *dosage = "{\"timing\": {\"repeat\": {\"frequency\": 4, \"period\": 1, "
                         "\"periodUnit\": \"d\"}}, \"doseAndRate\": [{\"doseRange\": {\"high\": "
                         "{\"value\": 2, \"unit\": \"tablet\"}}}]}";
    med_fhir *f = read_ok(t, dosage, "tramadol 50 MG Oral Tablet");
    med_result r = MED_RESULT_INIT;
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_fhir_compute(t, f, MED_METHOD_CLINICAL, &r, &total), MED_OK);
    assert_int_equal(r.mme_hundredths, 8000); /* 2 x 50 mg x 4 x 0.2 */
    med_fhir_free(f);
    static const struct { const char *json, *drug; med_status s; int line, column; } bad[] = {
        {"{\"timing\": {}}", NULL, MED_ERR_ARGUMENT, 1, 1},
        {"{\"resourceType\": \"MedicationRequest\"}", "x", MED_ERR_ARGUMENT, 1, 1},
        {"{\"resourceType\": \"Patient\"}", NULL, MED_ERR_INVALID, 1, 18},
        {"{\"resourceType\": \"Bundle\", \"entry\": []}", NULL, MED_ERR_INVALID, 1, 1},
        {"{\n \"a\": }", NULL, MED_ERR_SYNTAX, 2, 7},
        {"{\n \"a\": nope}", NULL, MED_ERR_SYNTAX, 2, 7},
        {"{\n a: 1}", NULL, MED_ERR_SYNTAX, 2, 2},
        {"{\"a\": 1, \"a\": 2}", NULL, MED_ERR_INVALID, 1, 10},
        {"[1]", NULL, MED_ERR_INVALID, 1, 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        med_error e;
        f = (med_fhir *)1;
        med_status s = med_fhir_read(t, bad[i].json, strlen(bad[i].json), "t.json", bad[i].drug,
                                     &f, &e);
        if (s != bad[i].s || e.line != bad[i].line || e.column != bad[i].column || f != NULL)
            fail_msg("case %zu: status %d at %d:%d: %s", i, s, e.line, e.column, e.message);
    }
    assert_int_equal(med_fhir_read(NULL, "{}", 2, NULL, NULL, &f, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_fhir_count(NULL), 0);
    assert_null(med_fhir_get(NULL, 0));
    med_fhir_free(NULL);
    med_table_free(t);
}

/* One oxycodone 10 mg q6h request (60 MME/day) with status and doNotPerform as given. */
#define STATUS_MR(id, extra)                                                                    \
    "{\"resource\": {\"resourceType\": \"MedicationRequest\", \"id\": \"" id "\"" extra ","      \
    " \"medicationCodeableConcept\": {\"text\": \"oxycodone 10 MG Oral Tablet\"},"              \
    " \"dosageInstruction\": [{\"timing\": {\"repeat\": {\"frequency\": 1, \"period\": 6,"      \
    " \"periodUnit\": \"h\"}}, \"doseAndRate\": [{\"doseQuantity\": {\"value\": 1,"              \
    " \"unit\": \"tablet\"}}]}]}}"

/* Only active requests count: the reviewer's Bundle (active, entered-in-error, active with
 * doNotPerform, cancelled) totals 60, not 240; the others are excluded results in place. */
static void status_and_do_not_perform(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_fhir *f = read_ok(t,
        "{\"resourceType\": \"Bundle\", \"entry\": [\n"
        STATUS_MR("a", ", \"status\": \"active\"") ",\n"
        STATUS_MR("b", ", \"status\": \"entered-in-error\"") ",\n"
        STATUS_MR("c", ", \"status\": \"active\", \"doNotPerform\": true") ",\n"
        STATUS_MR("d", ", \"status\": \"cancelled\"") "]}", NULL);
    assert_int_equal(med_fhir_count(f), 4);
    assert_null(med_fhir_get(f, 0)->not_counted);
    assert_string_equal(med_fhir_get(f, 1)->not_counted,
                        "status 'entered-in-error': not an active order, not counted");
    assert_string_equal(med_fhir_get(f, 2)->not_counted,
                        "doNotPerform true: an order not to give it, not counted");
    assert_int_equal(med_fhir_get(f, 3)->status, MED_OK);
    med_result r[4] = {MED_RESULT_INIT, MED_RESULT_INIT, MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_fhir_compute(t, f, MED_METHOD_CLINICAL, r, &total), MED_OK);
    assert_int_equal(r[0].status, MED_RESULT_OK);
    assert_int_equal(r[0].mme_hundredths, 6000);
    for (int i = 1; i < 4; i++) {
        assert_int_equal(r[i].status, MED_RESULT_EXCLUDED);
        assert_int_equal(r[i].mme_hundredths, 0);
    }
    assert_int_equal(total.complete, 1);
    assert_int_equal(total.mme_hundredths, 6000);
    assert_int_equal(total.ok, 1);
    assert_int_equal(total.excluded, 3);
    med_fhir_free(f);
    /* the same id twice: the second is an error naming the first's place, never summed;
     * an absent status is read as active and said; a status FHIR lacks is an error */
    f = read_ok(t,
        "{\"resourceType\": \"Bundle\", \"entry\": [\n"
        STATUS_MR("a", ", \"status\": \"active\"") ",\n"
        STATUS_MR("a", ", \"status\": \"active\"") ",\n"
        STATUS_MR("n", "") ",\n"
        STATUS_MR("x", ", \"status\": \"Active\"") "]}", NULL);
    assert_int_equal(med_fhir_get(f, 1)->status, MED_ERR_INVALID);
    assert_int_equal(med_fhir_get(f, 1)->error->line, 3);
    assert_non_null(strstr(med_fhir_get(f, 1)->error->message,
                           "the same MedicationRequest twice: id 'a' is also at line 2, column"));
    assert_int_equal(med_fhir_get(f, 2)->status, MED_OK);
    assert_string_equal(med_fhir_get(f, 2)->ignored, "status (absent: read as active)");
    assert_int_equal(med_fhir_get(f, 3)->status, MED_ERR_INVALID);
    assert_int_equal(r[0].version, MED_RESULT_VERSION);
    med_result r4[4] = {MED_RESULT_INIT, MED_RESULT_INIT, MED_RESULT_INIT, MED_RESULT_INIT};
    total = (med_total)MED_TOTAL_INIT;
    assert_int_equal(med_fhir_compute(t, f, MED_METHOD_CLINICAL, r4, &total), MED_OK);
    assert_int_equal(r4[1].status, MED_RESULT_ERROR);
    assert_int_equal(r4[1].error, MED_ERR_INVALID);
    assert_int_equal(total.complete, 0);
    assert_int_equal(total.computed_hundredths, 12000);
    med_fhir_free(f);
    med_table_free(t);
}

/* A Quantity's unit and code both naming a unit must name the same one; the code was taken
 * silently before (10 "mg" with code {tbl} on a 5 mg tablet: 300 for 60). */
static void quantity_unit_and_code(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    static const struct { const char *dose, *supply; int agree; int64_t mme; } cases[] = {
        {"{\"value\": 10, \"unit\": \"mg\", \"code\": \"{tbl}\"}", NULL, 0, 0},
        {"{\"value\": 2, \"unit\": \"tablet\", \"code\": \"mg\"}", NULL, 0, 0},
        {"{\"value\": 5000, \"unit\": \"mcg\", \"code\": \"mg\"}", NULL, 0, 0},
        {"{\"value\": 10, \"unit\": \"mg\", \"code\": \"mg\"}", NULL, 1, 6000},
        {"{\"value\": 2, \"unit\": \"tablet\", \"code\": \"{tbl}\"}", NULL, 1, 6000},
        {"{\"value\": 10000, \"unit\": \"mcg\", \"code\": \"ug\"}", NULL, 1, 6000},
        {"{\"value\": 2, \"unit\": \"tablet\", \"code\": \"{tbl}\"}",
         "{\"value\": 30, \"unit\": \"days\", \"code\": \"wk\"}", 0, 0},
        {"{\"value\": 2, \"unit\": \"tablet\", \"code\": \"{tbl}\"}",
         "{\"value\": 30, \"unit\": \"days\", \"code\": \"d\"}", 1, 6000},
        {"{\"value\": 2, \"unit\": \"tablet\", \"code\": \"{tbl}\"}",
         "{\"value\": 4, \"unit\": \"wk\", \"code\": \"week\"}", 1, 6000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[1024];
        snprintf(json, sizeof json, "{\"resourceType\": \"MedicationRequest\", \"status\": "
                 "\"active\", \"medicationCodeableConcept\": {\"text\": \"oxycodone 5 MG Oral "
                 "Tablet\"}, \"dosageInstruction\": [{\"timing\": {\"repeat\": {\"frequency\": "
                 "1, \"period\": 6, \"periodUnit\": \"h\"}}, \"doseAndRate\": "
                 "[{\"doseQuantity\": %s}]}]%s%s%s}", cases[i].dose,
                 cases[i].supply ? ", \"dispenseRequest\": {\"quantity\": {\"value\": 240, "
                 "\"unit\": \"tablet\"}, \"expectedSupplyDuration\": " : "",
                 cases[i].supply ? cases[i].supply : "", cases[i].supply ? "}" : "");
        med_fhir *f = read_ok(t, json, NULL);
        const med_fhir_order *o = med_fhir_get(f, 0);
        if (!cases[i].agree) {
            if (o->status != MED_ERR_INVALID || strstr(o->error->message, "disagree") == NULL ||
                o->error->line != 1 || o->error->column == 0)
                fail_msg("case %zu: status %d: %s", i, o->status, o->error->message);
        } else {
            med_result r = MED_RESULT_INIT;
            med_total total = MED_TOTAL_INIT;
            assert_int_equal(o->status, MED_OK);
            assert_int_equal(med_fhir_compute(t, f, MED_METHOD_CLINICAL, &r, &total), MED_OK);
            if (r.mme_hundredths != cases[i].mme)
                fail_msg("case %zu: %lld", i, (long long)r.mme_hundredths);
        }
        med_fhir_free(f);
    }
    med_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cdc_fentanyl),
        cmocka_unit_test(bundle_with_a_bad_order),
        cmocka_unit_test(dosage_and_document_errors),
        cmocka_unit_test(status_and_do_not_perform),
        cmocka_unit_test(quantity_unit_and_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
