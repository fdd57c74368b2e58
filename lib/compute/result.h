/* A result inside the library: the public med__result's numbers with the texts that explain
 * them, made as the computation goes. The public calls hand out the numbers (med__result) and
 * make the texts on request from this. Internal. */
#ifndef MED_RESULT_H
#define MED_RESULT_H
#include "common/format.h"
#include "med.h"

typedef struct med__result {
    med_result_status status;
    med_method method;
    const char *ingredient;
    const char *drug_class;
    const char *form;
    const char *release;       /* opioids: "er_la" or "ir" (med__result_mark_release); else NULL */
    double daily_dose;
    int64_t daily_dose_hundredths; /* exact, rounded half up */
    char daily_dose_text[32];
    const char *dose_unit;
    double factor;
    const char *factor_text;
    const char *factor_per;
    const char *factor_table;  /* "cdc-2022@1": the table the factor came from (ok results) or
                                * that excluded the drug (excluded results); else NULL */
    char factor_applied[32];
    double mme_per_day;
    int64_t mme_hundredths;
    char mme_text[32];
    char arithmetic[256];
    char message[512];
    med_error error;
    int numbers_only;          /* set by the caller: skip the texts of an ok result (the public
                                * med_compute makes none; they come on request) */
} med__result;

/* Sets `release` of an opioid result from the vocabulary's long_acting section and `texts` (the
 * input's drug, form, product texts); an "er_la" already set stays. NULL for other results. */
void med__result_mark_release(const med_table *t, med__result *out, const char *const *texts,
                              size_t count);

/* Writes the members of `out`'s version from `in`. MED_ERR_VERSION for a version this library
 * does not know (nothing written). */
med_status med__result_publish(const med__result *in, med_result *out);

/* The text `what` of a result ("" when it has none). */
const char *med__result_text(const med__result *r, med_text what);

/* How many med_text values there are (they run from 0). Whoever keeps every text of a result
 * (the batch memo) counts with this. med__result_text's switch names each value without a
 * default, so a value added to med.h without a case is a compiler warning there: this count
 * moves with that case. */
#define MED__TEXT_COUNT ((int)MED_TEXT_FACTOR_TABLE + 1)


#endif
