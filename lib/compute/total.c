/* A patient's concurrent regimens computed together: each one's MME/day, the total, the
 * thresholds it crosses, what is prescribed beside the opioid, and tiers chosen by the total
 * daily dose where the table says so (methadone under tables that tier by the total). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/calc_private.h"
#include "common/error.h"

/* The tier-selecting total: the daily doses of every tiered result of the same ingredient. */
static med_q tier_total(const med__result *results, const med__computed *cs, size_t count, size_t i)
{
    med_q total = med__q_int(0);
    for (size_t j = 0; j < count; j++)
        if (results[j].status == MED_RESULT_OK && cs[j].tier &&
            strcmp(results[j].ingredient, results[i].ingredient) == 0 &&
            med__q_add(total, cs[j].daily, &total) != 0)
            return cs[i].daily;
    return total;
}

static size_t count_flags(const med_table *t, int64_t hundredths)
{
    size_t n = 0;
    for (size_t i = 0; i < t->threshold_count; i++)
        n += med_threshold_crossed(med_table_threshold(t, i), hundredths) != 0;
    return n;
}

const med_threshold *med_total_flag(const med_table *table, const med_total *total, size_t index)
{
    if (table == NULL || total == NULL)
        return NULL;
    /* Version 2 keeps the computed sum apart from the total, which an incomplete set lacks. */
    int64_t by = total->version >= 2 ? total->computed_hundredths : total->mme_hundredths;
    for (size_t i = 0; i < table->threshold_count; i++) {
        const med_threshold *th = med_table_threshold(table, i);
        if (med_threshold_crossed(th, by) && index-- == 0)
            return th;
    }
    return NULL;
}

/* Classes seen beside a recognised opioid in one set. An opioid counts whatever its result
 * (an excluded or failed opioid order is still an opioid at the point of care). */
static unsigned coprescribed(const med__result *results, size_t count)
{
    int opioid = 0;
    unsigned others = 0;
    for (size_t i = 0; i < count; i++) {
        const char *c = results[i].drug_class;
        if (c == NULL)
            continue;
        if (strcmp(c, "opioid") == 0)
            opioid = 1;
        else if (strcmp(c, "benzodiazepine") == 0)
            others |= MED_COPRESCRIBED_BENZODIAZEPINE;
        else if (strcmp(c, "gabapentinoid") == 0)
            others |= MED_COPRESCRIBED_GABAPENTINOID;
    }
    return opioid ? others : 0;
}

static void sum_results(const med_table *t, const med__result *results, const med__computed *cs,
                        size_t count, med__total *total)
{
    med_q sum = med__q_int(0), next;
    int64_t hundredths = 0, h; /* the hundredths of sum */
    for (size_t i = 0; i < count; i++) {
        switch (results[i].status) {
        case MED_RESULT_OK:
            total->ok++;
            /* A sum too large to hold exactly leaves the total incomplete: never a wrapped one.
             * The order itself was computed: not an error of its own. */
            if (med__q_add(sum, cs[i].mme, &next) != 0 ||
                med__q_hundredths(next, &h) != 0) {
                total->too_large = 1;
            } else {
                sum = next;
                hundredths = h;
            }
            break;
        case MED_RESULT_EXCLUDED: total->excluded++; break;
        case MED_RESULT_NOT_OPIOID: total->not_opioid++; break;
        case MED_RESULT_ERROR: total->errors++; break;
        }
    }
    total->mme_hundredths = hundredths;
    total->mme_per_day = (double)total->mme_hundredths / 100.0;
    total->flag_count = count_flags(t, total->mme_hundredths);
    total->coprescribed = coprescribed(results, count);
}

/* The set into the library's results, tiers by the total where the table says so. */
med_status med__compute_set(const med_table *table, const med_input *inputs, size_t count,
                            med_method method, med__result *results, med__total *total)
{
    if (table == NULL || total == NULL || (count && (inputs == NULL || results == NULL)))
        return MED_ERR_ARGUMENT;
    memset(total, 0, sizeof *total);
    med__computed *cs = calloc(count ? count : 1, sizeof *cs);
    med__fields *ns = calloc(count ? count : 1, sizeof *ns);
    if (cs == NULL || ns == NULL) {
        free(cs);
        free(ns);
        return MED_ERR_NOMEM;
    }
    for (size_t i = 0; i < count; i++)
        if (med__compute_take_input(&inputs[i], method, &ns[i], &results[i]) == 0)
            med__compute_exact(table, &ns[i], method, NULL, &results[i], &cs[i]);
    /* Tiers by the patient's total: recompute each tiered part with the summed daily dose. */
    for (size_t i = 0; i < count; i++) {
        if (results[i].status != MED_RESULT_OK || cs[i].tier == NULL || !cs[i].tiers_total)
            continue;
        med_q by = tier_total(results, cs, count, i);
        if (med__q_cmp(by, cs[i].daily) != 0)
            med__compute_exact(table, &ns[i], method, &by, &results[i], &cs[i]);
    }
    sum_results(table, results, cs, count, total);
    free(cs);
    free(ns);
    return MED_OK;
}

/* The set computed with the library's results, for its numbers or its texts. */
med_status med__set_results(const med_table *table, const med_input *inputs, size_t count,
                            med_method method, int numbers_only, med__result **results,
                            med__total *total)
{
    *results = calloc(count ? count : 1, sizeof **results);
    if (*results == NULL)
        return MED_ERR_NOMEM;
    for (size_t i = 0; i < count; i++)
        (*results)[i].numbers_only = numbers_only;
    med_status s = med__compute_set(table, inputs, count, method, *results, total);
    if (s != MED_OK) {
        free(*results);
        *results = NULL;
    }
    return s;
}

med_status med__total_publish(const med__total *t, med_total *total)
{
    if (total->version < 1 || total->version > MED_TOTAL_VERSION)
        return MED_ERR_VERSION;
    total->mme_per_day = t->mme_per_day;
    total->mme_hundredths = t->mme_hundredths;
    total->ok = t->ok;
    total->excluded = t->excluded;
    total->not_opioid = t->not_opioid;
    /* Version 1 has no `complete`: a sum too large counts as an error there, so that such a
     * caller never takes the part that was held for the total. */
    total->errors = t->errors + (total->version < 2 && t->too_large);
    total->flag_count = t->flag_count;
    if (total->version >= 2) {
        total->complete = t->errors == 0 && !t->too_large;
        total->computed_hundredths = t->mme_hundredths;
        total->coprescribed = t->coprescribed;
        if (!total->complete) {
            total->mme_per_day = NAN;
            total->mme_hundredths = MED_TOTAL_NONE;
        }
    }
    if (total->version >= 3)
        total->too_large = t->too_large;
    return MED_OK;
}

med_status med_compute_set(const med_table *table, const med_input *inputs, size_t count,
                           med_method method, med_result *results, med_total *total)
{
    if (table == NULL || total == NULL || (count && (inputs == NULL || results == NULL)))
        return MED_ERR_ARGUMENT;
    if (total->version < 1 || total->version > MED_TOTAL_VERSION)
        return MED_ERR_VERSION;
    for (size_t i = 0; i < count; i++)
        if (results[i].version < 1 || results[i].version > MED_RESULT_VERSION)
            return MED_ERR_VERSION;
    med__result *fat;
    med__total t;
    med_status s = med__set_results(table, inputs, count, method, 1, &fat, &t);
    if (s != MED_OK)
        return s;
    for (size_t i = 0; i < count; i++)
        (void)med__result_publish(&fat[i], &results[i]);
    free(fat);
    return med__total_publish(&t, total);
}
