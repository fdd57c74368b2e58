/* Fuzz target: FHIR R4 JSON (med_fhir_read): a MedicationRequest, a Bundle or, when the first
 * byte is odd, a bare Dosage with a drug given apart; each order read is then computed as a set
 * with the point-of-care flags of the embedded rules. */
#include "fuzz.h"

static const med_table *table(void)
{
    static med_table *t;
    med_error e;
    if (t == NULL && med_table_load_embedded(NULL, &t, &e) != MED_OK)
        abort();
    return t;
}

static const med_rules *rules(void)
{
    static med_rules *r;
    med_error e;
    if (r == NULL && med_rules_load(NULL, &r, &e) != MED_OK)
        abort();
    return r;
}

static void check_orders(const med_fhir *f)
{
    size_t n = med_fhir_count(f);
    FUZZ_CHECK(n > 0 && n <= MED_FHIR_MAX_ORDERS, "a read document has orders");
    FUZZ_CHECK(med_fhir_get(f, n) == NULL, "no order past the count");
    med_result *r = calloc(n, sizeof *r);
    if (r == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        const med_fhir_order *o = med_fhir_get(f, i);
        FUZZ_CHECK(o && o->id && o->drug_text && o->read && o->ignored && o->error, "texts");
        if (o->status != MED_OK) {
            fuzz_check_error(o->status, o->error);
            FUZZ_CHECK(o->input.drug == NULL || o->input.drug[0] == '\0', "no drug on failure");
        } else if (o->not_counted == NULL) {
            FUZZ_CHECK(o->input.drug && o->input.drug[0], "a read order names a drug");
        } else {
            FUZZ_CHECK(o->not_counted[0] != '\0', "a request not counted says why");
        }
        r[i] = (med_result)MED_RESULT_INIT;
    }
    med_total total = MED_TOTAL_INIT;
    for (int m = MED_METHOD_CLINICAL; m <= MED_METHOD_SUPPLY; m++) {
        FUZZ_CHECK(med_fhir_compute(table(), f, (med_method)m, r, &total) == MED_OK, "compute");
        FUZZ_CHECK(total.ok + total.excluded + total.not_opioid + total.errors == n,
                   "every order counted");
        FUZZ_CHECK(total.complete == (total.errors == 0), "complete means no error");
        FUZZ_CHECK(total.complete ? total.mme_hundredths == total.computed_hundredths
                                  : total.mme_hundredths == MED_TOTAL_NONE,
                   "an incomplete total has no number");
        for (size_t i = 0; i < n; i++)
            if (med_fhir_get(f, i)->status != MED_OK)
                FUZZ_CHECK(r[i].status == MED_RESULT_ERROR, "an unread order is an error");
        size_t c = med_rules_care_count(rules(), &total);
        for (size_t k = 0; k < c; k++)
            FUZZ_CHECK(med_rules_care_flag(rules(), &total, k) != NULL, "each flag is there");
    }
    free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *drug = (data[0] & 1) ? "oxycodone 5 mg tablet" : NULL;
    med_fhir *f = NULL;
    med_error e;
    med_status s = med_fhir_read(table(), (const char *)data + 1, size - 1, "fuzz", drug, &f, &e);
    if (s != MED_OK) {
        fuzz_check_error(s, &e);
        FUZZ_CHECK(f == NULL, "nothing on failure");
        return 0;
    }
    check_orders(f);
    med_fhir_free(f);
    return 0;
}
