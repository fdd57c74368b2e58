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

/* What the parse read besides the input: each phrase set aside is the text at its column,
 * of a known kind; a cap comes with what decided; a failed parse leaves nothing. */
static void check_notes(const med_regimen *regimen, const char *text, med_status s)
{
    static const char *const kinds[] = {"reason", "quantity", "refills", "duration",
                                        "route",  "brand",    "restatement", "instruction"};
    size_t n = med_regimen_ignored_count(regimen), len = strlen(text);
    const char *cap = med_regimen_cap(regimen), *decided = med_regimen_decided_by(regimen);
    FUZZ_CHECK(s == MED_OK || (n == 0 && !cap[0] && !decided[0] && !med_regimen_split(regimen)[0]),
               "no notes after a failure");
    FUZZ_CHECK(!cap[0] == !decided[0], "a cap comes with what decided");
    FUZZ_CHECK(!decided[0] || strcmp(decided, "cap") == 0 || strcmp(decided, "schedule") == 0,
               "the schedule or the cap decides");
    for (size_t i = 0; i < n; i++) {
        const char *kind = NULL;
        unsigned column = 0;
        const char *said = med_regimen_ignored(regimen, i, &kind, &column);
        FUZZ_CHECK(said && kind && column >= 1 && column <= len, "a phrase at a column");
        FUZZ_CHECK(strncmp(text + column - 1, said, strlen(said)) == 0, "the phrase as written");
        size_t k = 0;
        while (k < sizeof kinds / sizeof kinds[0] && strcmp(kind, kinds[k]) != 0)
            k++;
        FUZZ_CHECK(k < sizeof kinds / sizeof kinds[0], "a known kind");
    }
    FUZZ_CHECK(med_regimen_ignored(regimen, n, NULL, NULL) == NULL, "nothing past the count");
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
    check_notes(regimen, text, s);
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
