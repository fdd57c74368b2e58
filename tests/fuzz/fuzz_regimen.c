/* Fuzz target: a clinician's free-text order (med_regimen_parse), then the parsed input computed
 * under two shipped tables and both methods, alone and as a set, with the texts that explain
 * each result. */
#include "fuzz.h"

static const med_table *table(int i)
{
    static med_table *t[2];
    static const char *const ids[2] = {"cdc-2016", "cms-2018"};
    med_error e;
    if (t[i] == NULL && med_table_load_embedded(ids[i], &t[i], &e) != MED_OK)
        abort();
    return t[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static med_regimen *regimen; /* reused from input to input, as a caller would */
    char *text = fuzz_strdup(data, size);
    if (text == NULL)
        return 0;
    if (regimen == NULL && med_regimen_new(&regimen) != MED_OK)
        abort();
    med_error e;
    med_status s = med_regimen_parse(regimen, text, &e);
    const med_input *parsed = med_regimen_input(regimen);
    FUZZ_CHECK(parsed != NULL && parsed->version == MED_INPUT_VERSION, "an input");
    if (s != MED_OK) {
        fuzz_check_error(s, &e);
        FUZZ_CHECK(parsed->drug == NULL || parsed->drug[0] == '\0', "no drug after a failure");
        free(text);
        return 0;
    }
    FUZZ_CHECK(e.code == MED_OK, "no error on success");
    const char *const fields[] = {parsed->drug, parsed->form, parsed->strength, parsed->unit,
                                  parsed->units_per_dose, parsed->doses_per_day,
                                  parsed->every_hours, parsed->quantity, parsed->days_supply};
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
        FUZZ_CHECK(fields[k] == NULL || strlen(fields[k]) <= MED_INPUT_MAX_TEXT,
                   "parsed fields within the input's limit");
    FUZZ_CHECK(parsed->drug && parsed->drug[0] != '\0', "a parsed order names a drug");
    med_input in = *parsed;
    fuzz_check_text_promise(table(0), &in, MED_METHOD_AUTO, MED_TEXT_MESSAGE);
    for (int i = 0; i < 2; i++) {
        med_result r[2] = {MED_RESULT_INIT, MED_RESULT_INIT};
        med_total total = MED_TOTAL_INIT;
        for (int m = MED_METHOD_AUTO; m <= MED_METHOD_SUPPLY; m++) {
            r[0] = (med_result)MED_RESULT_INIT;
            FUZZ_CHECK(med_compute(table(i), &in, (med_method)m, &r[0]) == MED_OK, "compute");
            fuzz_check_computed(table(i), &in, 0, 0, (med_method)m, &r[0]);
        }
        med_input two[2] = {in, in};
        r[0] = (med_result)MED_RESULT_INIT;
        FUZZ_CHECK(med_compute_set(table(i), two, 2, MED_METHOD_AUTO, r, &total) == MED_OK, "set");
        fuzz_check_computed(table(i), two, 2, 0, MED_METHOD_AUTO, &r[0]);
        fuzz_check_computed(table(i), two, 2, 1, MED_METHOD_AUTO, &r[1]);
        FUZZ_CHECK(total.ok + total.excluded + total.not_opioid + total.errors == 2,
                   "every input counted in the total");
        for (size_t f = 0; f < total.flag_count; f++)
            FUZZ_CHECK(med_total_flag(table(i), &total, f) != NULL, "each flag is a threshold");
        FUZZ_CHECK(med_total_flag(table(i), &total, total.flag_count) == NULL,
                   "no flag past the count");
    }
    free(text);
    return 0;
}
