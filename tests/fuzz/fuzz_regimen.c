/* Fuzz target: a clinician's free-text order (med_regimen_parse), then the parsed input computed
 * under two shipped tables and both methods, alone and as a set. */
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
    char *text = fuzz_strdup(data, size);
    if (text == NULL)
        return 0;
    med_input in = MED_INPUT_INIT;
    med_error e;
    med_status s = med_regimen_parse(text, &in, &e);
    if (s != MED_OK) {
        fuzz_check_error(s, &e);
        free(text);
        return 0;
    }
    FUZZ_CHECK(memchr(in.drug, '\0', sizeof in.drug) && memchr(in.strength, '\0', MED_UNIT_MAX) &&
                   memchr(in.every_hours, '\0', MED_UNIT_MAX) &&
                   memchr(in.doses_per_day, '\0', MED_UNIT_MAX),
               "parsed fields terminated");
    for (int i = 0; i < 2; i++) {
        med_result r[2];
        med_total total;
        for (int m = MED_METHOD_AUTO; m <= MED_METHOD_SUPPLY; m++) {
            FUZZ_CHECK(med_compute(table(i), &in, (med_method)m, &r[0]) == MED_OK, "compute");
            fuzz_check_result(&r[0]);
        }
        med_input two[2] = {in, in};
        FUZZ_CHECK(med_compute_set(table(i), two, 2, MED_METHOD_AUTO, r, &total) == MED_OK, "set");
        fuzz_check_result(&r[0]);
        fuzz_check_result(&r[1]);
    }
    free(text);
    return 0;
}
