/* From the library's results to the public, versioned med__result, and their texts. */
#include <string.h>

#include "common/decimal.h"
#include "compute/result.h"
#include "tables/table_private.h"
#include "tables/vocab.h"

void med__result_mark_release(const med_table *t, med__result *out, const char *const *texts,
                              size_t count)
{
    int opioid = out->status != MED_RESULT_ERROR && out->drug_class &&
                 strcmp(out->drug_class, "opioid") == 0;
    if (!opioid) {
        out->release = NULL;
        return;
    }
    int la = med__vocab_long_acting(t->vocab, texts, count, out->ingredient, out->form);
    out->release = la || (out->release && strcmp(out->release, "er_la") == 0) ? "er_la" : "ir";
}

med_status med__result_publish(const med__result *in, med_result *out)
{
    if (out->version < 1 || out->version > MED_RESULT_VERSION)
        return MED_ERR_VERSION;
    out->status = in->status;
    out->method = in->method;
    out->error = in->status == MED_RESULT_ERROR ? in->error.code : MED_OK;
    if (out->error == MED_OK && in->status == MED_RESULT_ERROR)
        out->error = MED_ERR_INVALID;
    out->ingredient = in->ingredient;
    out->drug_class = in->drug_class;
    out->form = in->form;
    out->daily_dose = in->daily_dose;
    out->daily_dose_hundredths = in->status == MED_RESULT_OK ? in->daily_dose_hundredths : 0;
    out->dose_unit = in->dose_unit;
    out->factor = in->factor;
    out->factor_text = in->factor_text;
    out->factor_per = in->factor_per;
    out->mme_per_day = in->mme_per_day;
    out->mme_hundredths = in->mme_hundredths;
    return MED_OK;
}

const char *med__result_text(const med__result *r, med_text what)
{
    int ok = r->status == MED_RESULT_OK;
    switch (what) {
    case MED_TEXT_MESSAGE: return r->message;
    case MED_TEXT_ARITHMETIC: return ok ? r->arithmetic : "";
    case MED_TEXT_MME: return ok ? r->mme_text : "";
    case MED_TEXT_DAILY_DOSE: return ok ? r->daily_dose_text : "";
    case MED_TEXT_FACTOR_APPLIED: return ok ? r->factor_applied : "";
    case MED_TEXT_FACTOR_TABLE: return ok && r->factor_table ? r->factor_table : "";
    }
    return "";
}
