/* The practice dashboard: options, the headline figures with their definitions, and the getters.
 * The run chart, the MME distribution, prescriber variation and the attention list each live in
 * their own file; this one feeds them a patient at a time and finishes them in order. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patients/dashboard_private.h"
#include "common/dates.h"
#include "common/decimal.h"
#include "common/error.h"

#define MAX_ATTENTION 100000

const char *med_period_string(med_period period)
{
    return period == MED_PERIOD_WEEK ? "week" : "month";
}

med_status med_period_parse(const char *text, med_period *out)
{
    if (text == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    if (strcmp(text, "month") == 0)
        *out = MED_PERIOD_MONTH;
    else if (strcmp(text, "week") == 0)
        *out = MED_PERIOD_WEEK;
    else
        return MED_ERR_ARGUMENT;
    return MED_OK;
}

/* Checks the caller's options; fills `d` from them. */
static med_status take_options(med__dashboard *d, const med_dashboard_options *o, med_error *e)
{
    if (o->version != MED_DASHBOARD_OPTIONS_VERSION)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, NULL,
                         "med_dashboard_options version %u: initialise with "
                         "MED_DASHBOARD_OPTIONS_INIT", o->version);
    if (o->period != MED_PERIOD_MONTH && o->period != MED_PERIOD_WEEK)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, NULL, "unknown period %d",
                         (int)o->period);
    if (o->small_number < 0 || o->small_number > 1000000)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, NULL,
                         "small_number %ld is not between 0 and 1000000", o->small_number);
    if (o->attention_max > MAX_ATTENTION)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, NULL,
                         "attention_max %zu is over %d", o->attention_max, MAX_ATTENTION);
    d->options = *o;
    d->options.until[sizeof d->options.until - 1] = '\0';
    d->until = LONG_MIN;
    if (d->options.until[0] && med__date_parse(d->options.until, &d->until) != 0)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, d->options.until,
                         "'%s' is not a date written YYYY-MM-DD", d->options.until);
    return MED_OK;
}

static void dashboard_release(med__dashboard *d);
static med_status dashboard_add(med__dashboard *d, const med_patient *patient,
                                const med_patient_summary *s);
static med_status dashboard_finish(med__dashboard *d, const med_practice *p);

static const med__practice_hooks hooks = {dashboard_add, dashboard_finish, dashboard_release};

med_status med_practice_dashboard(med_practice *practice, const med_dashboard_options *options,
                                  med_error *error)
{
    med_dashboard_options defaults = MED_DASHBOARD_OPTIONS_INIT;
    med__error_clear(error);
    if (practice == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no practice given");
    med__dashboard *d = calloc(1, sizeof *d);
    if (d == NULL)
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    med_status s = take_options(d, options ? options : &defaults, error);
    if (s == MED_OK && med__practice_attach(practice, d, &hooks) != 0)
        s = med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL,
                      "the dashboard is turned on once, before the first patient is added");
    if (s != MED_OK) {
        free(d);
        return s;
    }
    d->rules = med__practice_rules(practice);
    d->latest_fill = LONG_MIN;
    return MED_OK;
}

static void dashboard_release(med__dashboard *d)
{
    if (d == NULL)
        return;
    free(d->counts);
    free(d->points);
    free(d->current);
    free(d->peak);
    free(d->variation);
    free(d->attention);
    free(d);
}

static med_status dashboard_add(med__dashboard *d, const med_patient *patient,
                            const med_patient_summary *s)
{
    d->seq++;
    if (med__run_chart_add(d, patient) != 0 || med__distribution_add(d, s) != 0 ||
        med__attention_add(d, s) != 0)
        return MED_ERR_NOMEM;
    return MED_OK;
}

/* --- headline figures ----------------------------------------------------------------------- */

/* Appends a headline; the texts are copied into the dashboard. */
static void headline(med__dashboard *d, const char *key, const char *label, const char *def,
                     long count, long of)
{
    size_t i = d->headline_count++;
    med_headline *h = &d->headlines[i];
    snprintf(d->keys[i], sizeof d->keys[i], "%s", key);
    snprintf(d->labels[i], sizeof d->labels[i], "%s", label);
    snprintf(d->definitions[i], sizeof d->definitions[i], "%s", def ? def : "");
    h->key = d->keys[i];
    h->label = d->labels[i];
    h->definition = d->definitions[i];
    h->count = count;
    h->of = of;
    h->share = of > 0 ? (double)count / (double)of : 0.0;
    med__share_percent(count, of, h->percent);
}

/* "naloxone_advised" -> "Naloxone advised". */
static void flag_label(const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s", name);
    for (char *c = out; *c; c++)
        if (*c == '_')
            *c = ' ';
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
}

static void threshold_headline(med__dashboard *d, const med_practice_group *g, size_t t)
{
    const med_threshold *th = &g->thresholds[t];
    char key[48], label[80], def[256];
    int ge = th->comparator == MED_CMP_GE;
    snprintf(key, sizeof key, "peak_at_or_above_%s", th->mme_text);
    snprintf(label, sizeof label, "%s %s MME/day", ge ? "At or above" : "Above", th->mme_text);
    snprintf(def, sizeof def, "daily MME %s %s on at least one day (the table's \"%s\" level)",
             med_comparator_string(th->comparator), th->mme_text, th->level ? th->level : "");
    headline(d, key, label, def, g->at_or_above[t], g->patients);
}

static void build_headlines(med__dashboard *d, const med_practice_group *g)
{
    const med_rules *r = d->rules;
    headline(d, "patients", "Patients on opioids",
             "patients with an opioid fill giving MME on at least one day", g->patients,
             g->patients);
    headline(d, "long_term", "On long-term therapy", r->long_term_text, g->long_term,
             g->patients);
    for (size_t t = 0; t < g->threshold_count && t < MED_MAX_THRESHOLDS; t++)
        threshold_headline(d, g, t);
    headline(d, "coprescribed", "Opioid and benzodiazepine",
             "at least one day with an opioid giving MME and a benzodiazepine both active",
             g->coprescribed, g->patients);
    for (size_t f = 0; f < r->flag_count && f < MED_MAX_PATIENT_FLAGS; f++) {
        char label[80];
        flag_label(r->flags[f].name, label, sizeof label);
        headline(d, r->flags[f].name, label, r->flags[f].description, g->flag_patients[f],
                 g->patients);
    }
}

/* --- the end -------------------------------------------------------------------------------- */

static void tiers(med__dashboard *d)
{
    med_dashboard *x = &d->summary;
    for (size_t i = 0; i < d->rules->tier_count && i < MED_DASHBOARD_TIERS; i++) {
        x->tiers[i] = d->rules->tiers[i].tier;
        x->tier_review_months[i] = d->rules->tiers[i].review_months;
        x->tier_patients[i] = d->tier_patients[i];
        x->tier_count++;
    }
}

static med_status dashboard_finish(med__dashboard *d, const med_practice *p)
{
    med_practice_group g;
    if (med_practice_get_group(p, 0, &g) != MED_OK)
        return MED_ERR_ARGUMENT;
    med_dashboard *x = &d->summary;
    memset(x, 0, sizeof *x);
    build_headlines(d, &g);
    x->headlines = d->headline_count;
    x->period = d->options.period;
    x->high_dose_text = d->rules->high_dose_text;
    x->patients = g.patients;
    x->threshold_count = g.threshold_count;
    memcpy(x->thresholds, g.thresholds, sizeof x->thresholds);
    memcpy(x->peak_at_or_above, g.at_or_above, sizeof x->peak_at_or_above);
    x->small_number = d->options.small_number;
    x->deidentified = d->options.deidentify != 0;
    tiers(d);
    if (med__run_chart_finish(d) != 0 || med__distribution_finish(d) != 0 ||
        med__variation_finish(d, p) != 0)
        return MED_ERR_NOMEM;
    med__attention_finish(d);
    d->finished = 1;
    return MED_OK;
}

/* --- getters -------------------------------------------------------------------------------- */

static const med__dashboard *ready(const med_practice *p)
{
    const med__dashboard *d = med__practice_dashboard(p);
    return d && d->finished ? d : NULL;
}

med_status med_practice_get_dashboard(const med_practice *p, med_dashboard *out)
{
    const med__dashboard *d = ready(p);
    if (d == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    *out = d->summary;
    return MED_OK;
}

med_status med_practice_get_headline(const med_practice *p, size_t index, med_headline *out)
{
    const med__dashboard *d = ready(p);
    if (d == NULL || out == NULL || index >= d->headline_count)
        return MED_ERR_ARGUMENT;
    *out = d->headlines[index];
    return MED_OK;
}

med_status med_practice_get_run_point(const med_practice *p, size_t index, med_run_point *out)
{
    const med__dashboard *d = ready(p);
    if (d == NULL || out == NULL || index >= d->point_count)
        return MED_ERR_ARGUMENT;
    *out = d->points[index];
    return MED_OK;
}

med_status med_practice_get_variation(const med_practice *p, size_t index, med_variation *out)
{
    const med__dashboard *d = ready(p);
    if (d == NULL || out == NULL || index >= d->variation_count)
        return MED_ERR_ARGUMENT;
    *out = d->variation[index];
    return MED_OK;
}

med_status med_practice_get_attention(const med_practice *p, size_t index, med_attention *out)
{
    const med__dashboard *d = ready(p);
    if (d == NULL || out == NULL || index >= d->attention_count)
        return MED_ERR_ARGUMENT;
    *out = d->attention[index].out;
    return MED_OK;
}

med_status med_practice_get_mme_bin(const med_practice *p, size_t index, med_mme_bin *out)
{
    const med__dashboard *d = ready(p);
    if (d == NULL || out == NULL || index >= MED_DASH_BINS)
        return MED_ERR_ARGUMENT;
    int64_t from = (int64_t)index * MED_DASH_BIN_WIDTH;
    int last = index + 1 == MED_DASH_BINS;
    out->from_hundredths = from;
    out->to_hundredths = last ? -1 : from + MED_DASH_BIN_WIDTH;
    if (last)
        snprintf(out->label, sizeof out->label, "%lld+", (long long)(from / 100));
    else
        snprintf(out->label, sizeof out->label, "%lld-%lld", (long long)(from / 100),
                 (long long)((from + MED_DASH_BIN_WIDTH) / 100));
    out->current = d->bin_current[index];
    out->peak = d->bin_peak[index];
    return MED_OK;
}
