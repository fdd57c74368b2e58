/* The practice dashboard: options, the headline figures with their definitions, and the getters.
 * The run chart, the MME distribution, prescriber variation and the attention list each live in
 * their own file; this one feeds them a patient at a time and finishes them in order. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "patients/dashboard_private.h"
#include "common/dates.h"
#include "common/decimal.h"
#include "common/error.h"

#define MAX_ATTENTION 100000

const char *med_period_string(med_period period)
{
    return period == MED_PERIOD_WEEK ? "week" : period == MED_PERIOD_QUARTER ? "quarter" : "month";
}

med_status med_period_parse(const char *text, med_period *out)
{
    if (text == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    if (strcmp(text, "month") == 0)
        *out = MED_PERIOD_MONTH;
    else if (strcmp(text, "week") == 0)
        *out = MED_PERIOD_WEEK;
    else if (strcmp(text, "quarter") == 0)
        *out = MED_PERIOD_QUARTER;
    else
        return MED_ERR_ARGUMENT;
    return MED_OK;
}

/* Checks the caller's options; fills `d` from them. */
static med_status take_options(med__dashboard *d, const med_dashboard_options *o, med_error *e)
{
    if (o->version < 1 || o->version > MED_DASHBOARD_OPTIONS_VERSION)
        return med__fail(e, MED_ERR_VERSION, "<options>", 0, 0, NULL,
                         "med_dashboard_options version %u is not one this library knows (1 to "
                         "%d): initialise with MED_DASHBOARD_OPTIONS_INIT", o->version,
                         MED_DASHBOARD_OPTIONS_VERSION);
    if (o->period != MED_PERIOD_MONTH && o->period != MED_PERIOD_WEEK &&
        o->period != MED_PERIOD_QUARTER)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, NULL, "unknown period %d",
                         (int)o->period);
    if (o->small_number < 0 || o->small_number > 1000000)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, NULL,
                         "small_number %ld is not between 0 and 1000000", o->small_number);
    if (o->attention_max > MAX_ATTENTION)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, NULL,
                         "attention_max %zu is over %d", o->attention_max, MAX_ATTENTION);
    if (o->version >= 2) {
        d->options = *o;
    } else { /* a version 1 caller's struct ends before long_term_only */
        med_dashboard_options v1 = MED_DASHBOARD_OPTIONS_INIT;
        memcpy(&v1, o, offsetof(med_dashboard_options, long_term_only));
        d->options = v1;
    }
    d->options.version = MED_DASHBOARD_OPTIONS_VERSION;
    d->options.until = NULL; /* borrowed only during the call: kept as a day number */
    d->until = LONG_MIN;
    if (o->until && o->until[0] && med__date_parse(o->until, &d->until) != 0)
        return med__fail(e, MED_ERR_ARGUMENT, "<options>", 0, 0, o->until,
                         "'%.40s' is not a date written YYYY-MM-DD", o->until);
    return MED_OK;
}

static void dashboard_release(med__dashboard *d);
static med_status dashboard_add(med__dashboard *d, const med_patient *patient,
                                const med__patient_summary *s);
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
    free(d->pub_points);
    free(d->pub_variation);
    free(d->pub_attention);
    free(d);
}

static med_status dashboard_add(med__dashboard *d, const med_patient *patient,
                            const med__patient_summary *s)
{
    d->seq++;
    /* --population long-term: the run chart counts the patients on long-term therapy only */
    int charted = !d->options.long_term_only || s->long_term;
    if ((charted && med__run_chart_add(d, patient) != 0) || med__distribution_add(d, s) != 0 ||
        med__attention_add(d, patient, s) != 0)
        return MED_ERR_NOMEM;
    return MED_OK;
}

/* --- headline figures ----------------------------------------------------------------------- */

/* Appends a headline; the texts are copied into the dashboard. */
static void headline(med__dashboard *d, const char *key, const char *label, const char *def,
                     long count, long of)
{
    size_t i = d->headline_count++;
    med__headline *h = &d->headlines[i];
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

static void threshold_headline(med__dashboard *d, const med_practice *p,
                               const med_practice_group *g, size_t t)
{
    const med_threshold *th = med_practice_threshold(p, t);
    char key[48], label[80], def[256];
    int ge = th->comparator == MED_CMP_GE;
    snprintf(key, sizeof key, "peak_at_or_above_%s", th->mme_text);
    snprintf(label, sizeof label, "%s %s MME/day", ge ? "At or above" : "Above", th->mme_text);
    snprintf(def, sizeof def, "daily MME %s %s on at least one day (the table's \"%s\" level)",
             med_comparator_string(th->comparator), th->mme_text, th->level ? th->level : "");
    headline(d, key, label, def, g->at_or_above[t], g->patients);
}

static void build_headlines(med__dashboard *d, const med_practice *p, const med_practice_group *g)
{
    const med_rules *r = d->rules;
    char def[256];
    snprintf(def, sizeof def, "patients with opioid MME on at least one of the %ld days ending on "
             "the as-of day (active), of %ld with MME on some day in the input", r->active_days,
             g->patients);
    headline(d, "patients", "Patients on opioids now", def, g->active, g->active);
    headline(d, "long_term", "On long-term therapy now", r->long_term_text, g->active_long_term,
             g->active);
    for (size_t t = 0; t < g->threshold_count && t < MED_MAX_THRESHOLDS; t++)
        threshold_headline(d, p, g, t);
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
    med__dash *x = &d->summary;
    for (size_t i = 0; i < d->rules->tier_count && i < MED_DASHBOARD_TIERS; i++) {
        x->tiers[i] = d->rules->tiers[i].tier;
        x->tier_review_months[i] = d->rules->tiers[i].review_months;
        x->tier_patients[i] = d->tier_patients[i];
        x->tier_count++;
    }
}

/* The public structs point into the dashboard's own; made once, when it is finished. */
static void publish_dashboard(med__dashboard *d)
{
    const med__dash *x = &d->summary;
    med_dashboard *o = &d->pub;
    o->headlines = x->headlines;
    o->period = x->period;
    o->periods = x->periods;
    o->high_dose_text = x->high_dose_text;
    o->high_dose_median = x->high_dose_median;
    o->benzodiazepine_median = x->benzodiazepine_median;
    o->high_dose_median_percent = x->high_dose_median_percent;
    o->benzodiazepine_median_percent = x->benzodiazepine_median_percent;
    o->bins = x->bins;
    o->bin_width_hundredths = x->bin_width_hundredths;
    o->patients = x->patients;
    o->current_none = x->current_none;
    o->median_current = x->median_current;
    o->p90_current = x->p90_current;
    o->median_peak = x->median_peak;
    o->p90_peak = x->p90_peak;
    o->threshold_count = x->threshold_count;
    o->current_at_or_above = x->current_at_or_above;
    o->peak_at_or_above = x->peak_at_or_above;
    o->prescribers = x->prescribers;
    o->practice_share = x->practice_share;
    o->practice_percent = x->practice_percent;
    o->small_number = x->small_number;
    o->small_prescribers = x->small_prescribers;
    o->above = x->above;
    o->below = x->below;
    o->attention_patients = x->attention_patients;
    o->attention_shown = x->attention_shown;
    o->deidentified = x->deidentified;
    o->tier_count = x->tier_count;
    o->tiers = x->tiers;
    o->tier_review_months = x->tier_review_months;
    o->tier_patients = x->tier_patients;
}

static void publish_headline(const med__headline *h, med_headline *o)
{
    o->key = h->key;
    o->label = h->label;
    o->definition = h->definition;
    o->count = h->count;
    o->of = h->of;
    o->share = h->share;
    o->percent = h->percent;
}

static void publish_point(const med__run_point *r, med_run_point *o)
{
    o->label = r->label;
    o->first_day = r->first_day;
    o->last_day = r->last_day;
    o->patients = r->patients;
    o->high_dose = r->high_dose;
    o->benzodiazepine = r->benzodiazepine;
    o->high_dose_share = r->high_dose_share;
    o->benzodiazepine_share = r->benzodiazepine_share;
    o->high_dose_percent = r->high_dose_percent;
    o->benzodiazepine_percent = r->benzodiazepine_percent;
    o->high_dose_signals = r->high_dose_signals;
    o->benzodiazepine_signals = r->benzodiazepine_signals;
}

static void publish_bin(med__dashboard *d, size_t index)
{
    med__mme_bin *b = &d->bins[index];
    int64_t from = (int64_t)index * MED_DASH_BIN_WIDTH;
    int last = index + 1 == MED_DASH_BINS;
    b->from_hundredths = from;
    b->to_hundredths = last ? -1 : from + MED_DASH_BIN_WIDTH;
    if (last)
        snprintf(b->label, sizeof b->label, "%lld+", (long long)(from / 100));
    else
        snprintf(b->label, sizeof b->label, "%lld-%lld", (long long)(from / 100),
                 (long long)((from + MED_DASH_BIN_WIDTH) / 100));
    b->current = d->bin_current[index];
    b->peak = d->bin_peak[index];
    d->pub_bins[index] = (med_mme_bin){b->from_hundredths, b->to_hundredths, b->label,
                                       b->current, b->peak};
}

static void publish_variation(const med__variation *v, med_variation *o)
{
    *o = (med_variation){v->name, v->patients, v->high_dose, v->share, v->percent, v->lower95,
                         v->upper95, v->lower998, v->upper998, v->small, v->signal};
}

static void publish_attention(const med__attention *a, med_attention *o)
{
    o->rank = a->rank;
    o->patient_id = a->patient_id;
    o->risk_tier = a->risk_tier;
    o->review_months = a->review_months;
    o->as_of = a->as_of;
    o->review_due = a->review_due;
    o->mme_as_of = a->mme_as_of;
    o->peak_mme = a->peak_mme;
    o->average_mme = a->average_mme;
    o->benzodiazepine_overlap_days = a->benzodiazepine_overlap_days;
    o->prescribers = a->prescribers;
    o->pharmacies = a->pharmacies;
    o->flag_count = a->flag_count;
    o->flags = a->flags;
    o->primary_prescriber = a->primary_prescriber;
    o->group = a->group;
    o->drugs = a->drugs;
    o->last_fill = a->last_fill;
    o->review_overdue = a->review_overdue;
    o->care_gaps = a->care_gaps;
}

static med_status publish(med__dashboard *d)
{
    size_t n = d->point_count ? d->point_count : 1, v = d->variation_count ? d->variation_count : 1;
    size_t a = d->attention_count ? d->attention_count : 1;
    d->pub_points = calloc(n, sizeof *d->pub_points);
    d->pub_variation = calloc(v, sizeof *d->pub_variation);
    d->pub_attention = calloc(a, sizeof *d->pub_attention);
    if (d->pub_points == NULL || d->pub_variation == NULL || d->pub_attention == NULL)
        return MED_ERR_NOMEM;
    publish_dashboard(d);
    for (size_t i = 0; i < d->headline_count; i++)
        publish_headline(&d->headlines[i], &d->pub_headlines[i]);
    for (size_t i = 0; i < d->point_count; i++)
        publish_point(&d->points[i], &d->pub_points[i]);
    for (size_t i = 0; i < MED_DASH_BINS; i++)
        publish_bin(d, i);
    for (size_t i = 0; i < d->variation_count; i++)
        publish_variation(&d->variation[i], &d->pub_variation[i]);
    for (size_t i = 0; i < d->attention_count; i++)
        publish_attention(&d->attention[i].out, &d->pub_attention[i]);
    return MED_OK;
}

/* What an earlier finish made, let go: one that ran out of memory is done again from the
 * start. */
static void start_over(med__dashboard *d)
{
    free(d->points);
    free(d->variation);
    free(d->pub_points);
    free(d->pub_variation);
    free(d->pub_attention);
    d->points = NULL;
    d->variation = NULL;
    d->pub_points = NULL;
    d->pub_variation = NULL;
    d->pub_attention = NULL;
    d->point_count = d->variation_count = d->headline_count = 0;
}

static med_status dashboard_finish(med__dashboard *d, const med_practice *p)
{
    const med_practice_group *g = med_practice_get_group(p, 0);
    if (g == NULL)
        return MED_ERR_ARGUMENT;
    start_over(d);
    med__dash *x = &d->summary;
    memset(x, 0, sizeof *x);
    build_headlines(d, p, g);
    x->headlines = d->headline_count;
    x->period = d->options.period;
    x->high_dose_text = d->rules->high_dose_text;
    x->patients = g->patients;
    x->threshold_count = g->threshold_count;
    memcpy(x->peak_at_or_above, g->at_or_above, g->threshold_count * sizeof *g->at_or_above);
    x->small_number = d->options.small_number;
    x->deidentified = d->options.deidentify != 0;
    tiers(d);
    if (med__run_chart_finish(d) != 0 || med__distribution_finish(d) != 0 ||
        med__variation_finish(d, p) != 0)
        return MED_ERR_NOMEM;
    med__attention_finish(d);
    if (publish(d) != MED_OK)
        return MED_ERR_NOMEM;
    d->finished = 1;
    return MED_OK;
}

/* --- getters -------------------------------------------------------------------------------- */

static const med__dashboard *ready(const med_practice *p)
{
    const med__dashboard *d = med__practice_dashboard(p);
    return d && d->finished ? d : NULL;
}

const med_dashboard *med_practice_get_dashboard(const med_practice *p)
{
    const med__dashboard *d = ready(p);
    return d ? &d->pub : NULL;
}

const med_headline *med_practice_get_headline(const med_practice *p, size_t index)
{
    const med__dashboard *d = ready(p);
    return d && index < d->headline_count ? &d->pub_headlines[index] : NULL;
}

const med_run_point *med_practice_get_run_point(const med_practice *p, size_t index)
{
    const med__dashboard *d = ready(p);
    return d && index < d->point_count ? &d->pub_points[index] : NULL;
}

const med_variation *med_practice_get_variation(const med_practice *p, size_t index)
{
    const med__dashboard *d = ready(p);
    return d && index < d->variation_count ? &d->pub_variation[index] : NULL;
}

const med_attention *med_practice_get_attention(const med_practice *p, size_t index)
{
    const med__dashboard *d = ready(p);
    return d && index < d->attention_count ? &d->pub_attention[index] : NULL;
}

const med_mme_bin *med_practice_get_mme_bin(const med_practice *p, size_t index)
{
    const med__dashboard *d = ready(p);
    return d && index < MED_DASH_BINS ? &d->pub_bins[index] : NULL;
}
