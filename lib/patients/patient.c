/* A patient's fills: taking them in (med_patient_add) and giving out the day series. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "common/dates.h"
#include "common/error.h"
#include "patients/care_private.h"
#include "patients/patient_private.h"

#define MAX_DAYS_SUPPLY 3660

med_status med_patient_new(const med_table *table, const med_rules *rules,
                           const med_patient_options *options, med_patient **out,
                           med_error *error)
{
    med_patient_options defaults = MED_PATIENT_OPTIONS_INIT;
    med__error_clear(error);
    if (table == NULL || rules == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no table or rules given");
    *out = NULL;
    if (options && (options->version < 1 || options->version > MED_PATIENT_OPTIONS_VERSION))
        return med__fail(error, MED_ERR_VERSION, NULL, 0, 0, NULL,
                         "med_patient_options version %u is not one this library knows (1 to "
                         "%d): initialise with MED_PATIENT_OPTIONS_INIT", options->version,
                         MED_PATIENT_OPTIONS_VERSION);
    med_patient *p = calloc(1, sizeof *p);
    if (p == NULL)
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    p->table = table;
    p->rules = rules;
    med__arena_init(&p->name_text);
    p->options = defaults;
    if (options && options->version >= 2) {
        p->options = *options;
    } else if (options) { /* a version 1 caller's struct ends before with_events */
        p->options.shift_early_refills = options->shift_early_refills;
        p->options.window_days = options->window_days;
        p->options.as_of = options->as_of;
    }
    p->options.version = MED_PATIENT_OPTIONS_VERSION;
    p->as_of = LONG_MIN;
    if (p->options.window_days <= 0)
        p->options.window_days = 180;
    const char *as_of = p->options.as_of ? p->options.as_of : "";
    if (as_of[0] && (strlen(as_of) >= sizeof p->as_of_text ||
                     med__date_parse(as_of, &p->as_of) != 0)) {
        free(p);
        return med__fail(error, MED_ERR_INVALID, "<options>", 0, 0, as_of,
                         "as-of date '%.40s' is not a date written YYYY-MM-DD", as_of);
    }
    memcpy(p->as_of_text, as_of, strlen(as_of) + 1);
    p->options.as_of = p->as_of_text;
    *out = p;
    return MED_OK;
}

/* The maps exist only while a patient has many names: freed, not emptied, so a large patient
 * does not leave every later reset clearing a large map. */
static void free_name_index(med_patient *p)
{
    for (size_t t = 0; t < sizeof p->name_index / sizeof p->name_index[0]; t++)
        med__strmap_free(&p->name_index[t]);
}

static void forget_names(med_patient *p)
{
    med__arena_reset(&p->name_text);
    p->name_count = 0;
    free_name_index(p);
}

void med_patient_free(med_patient *p)
{
    if (p == NULL)
        return;
    med__arena_free(&p->name_text);
    free_name_index(p);
    free(p->names);
    free(p->fills);
    free(p->runs);
    free(p->sweep);
    free(p->events);
    free(p);
}

void med_patient_reset(med_patient *p, const char *patient_id)
{
    if (p == NULL)
        return;
    forget_names(p);
    p->fill_count = 0;
    p->tiered_count = 0;
    p->day_count = 0;
    p->rows = p->rejected = p->opioid_fills = p->benzo_fills = 0;
    p->event_count = 0;
    p->event_rows = p->events_rejected = p->naloxone_fills = 0;
    p->summarized = 0;
    size_t len = patient_id ? strlen(patient_id) : 0;
    p->id_too_long = len >= sizeof p->id;
    /* strcpy, not memcpy(len + 1): knowing len is below 256, the compiler makes that memcpy a
     * `rep movsq`, whose start-up alone cost more than the rest of a reset (once a patient). */
    if (patient_id && !p->id_too_long)
        strcpy(p->id, patient_id);
    else
        p->id[0] = '\0';
}

/* Names searched one by one up to this many; past it, a map a tag finds them, so adding a fill
 * costs the same for a patient with thousands of prescribers (or for one "patient" made of a
 * whole file whose patient_id column was mapped wrong) as for one with a few. */
enum { NAMES_SEARCHED = 16 };

static med__strmap *name_index(med_patient *p, char tag)
{
    return &p->name_index[tag == 'D' ? 0 : tag == 'R' ? 1 : 2];
}

/* Puts names[from .. name_count - 1] in their tags' maps: 0, or -1 when out of memory (a name
 * whose put failed is in no map). */
static int index_names(med_patient *p, size_t from)
{
    for (size_t i = from; i < p->name_count; i++)
        if (med__strmap_put(name_index(p, p->names[i][0]), p->names[i] + 1, i) != 0)
            return -1;
    return 0;
}

/* Puts the name just added in the maps once there are more than NAMES_SEARCHED: every name must
 * be in them then, or a name would be added twice (the first time, all of them; then the new
 * one). Its index, or -2 when out of memory: the name is taken back (and the maps dropped, if
 * this was to be the first time), so that still holds. */
static int index_new_name(med_patient *p)
{
    if (index_names(p, p->name_count == NAMES_SEARCHED + 1 ? 0 : p->name_count - 1) != 0) {
        p->name_count--;
        if (p->name_count == NAMES_SEARCHED)
            free_name_index(p);
        return -2;
    }
    return (int)(p->name_count - 1);
}

/* Adds `id` under `tag` to names: its index, or -2 when out of memory. Not inline: a new name
 * is rare, and inlined here it made the compiler call intern() out of line (+1.5% patients). */
static int add_name(med_patient *p, char tag, const char *id)
{
    char **names = med__grow(p->names, p->name_count, &p->name_capacity, sizeof *names, 16);
    if (names == NULL)
        return -2;
    p->names = names;
    size_t len = strlen(id);
    char *copy = med__arena_take(&p->name_text, len + 2); /* every byte written below */
    if (copy == NULL)
        return -2;
    copy[0] = tag;
    memcpy(copy + 1, id, len + 1);
    p->names[p->name_count++] = copy;
    return p->name_count > NAMES_SEARCHED ? index_new_name(p) : (int)(p->name_count - 1);
}

/* intern() for a patient past NAMES_SEARCHED names: by the maps. */
static int intern_indexed(med_patient *p, char tag, const char *id)
{
    size_t at;
    if (med__strmap_get(name_index(p, tag), id, &at) == 0)
        return (int)at;
    return add_name(p, tag, id);
}

/* Prescriber and pharmacy ids are kept once each: "P1" prescriber and "P1" pharmacy are told
 * apart by a one-byte tag. Returns the index, -1 for an empty id, -2 when out of memory.
 * Inline: three calls a fill, most of them finding a name at once or no group at all; what is
 * rare (a new name, a patient with many) is called out. */
static inline int intern(med_patient *p, char tag, const char *id)
{
    if (id == NULL || id[0] == '\0')
        return -1;
    if (p->name_count > NAMES_SEARCHED)
        return intern_indexed(p, tag, id);
    for (size_t i = 0; i < p->name_count; i++)
        if (p->names[i][0] == tag && strcmp(p->names[i] + 1, id) == 0)
            return (int)i;
    return add_name(p, tag, id);
}

/* Counts a refused fill or event in `count` and says why (at most 256 bytes) in `why`. */
static med_status refuse(long *count, char *why, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static med_status refuse(long *count, char *why, const char *fmt, ...)
{
    (*count)++;
    if (why) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, 256, fmt, ap);
        va_end(ap);
    }
    return MED_ERR_INVALID;
}

/* Whole days from 1 to MAX_DAYS_SUPPLY: a fill covers whole days. */
static int parse_days(const char *text, long *days)
{
    long v = 0;
    if (text == NULL || *text == '\0')
        return -1;
    for (int i = 0; text[i]; i++) {
        if (i == 5 || text[i] < '0' || text[i] > '9') /* at most 5 digits */
            return -1;
        v = v * 10 + (text[i] - '0');
    }
    *days = v;
    return v >= 1 && v <= MAX_DAYS_SUPPLY ? 0 : -1;
}

/* Whether a release is "er_la": per fill, so the bytes are compared here rather than by a
 * strcmp call (the first that differs stops the && before the end of a shorter text). */
static int is_er_la(const char *r)
{
    return r && r[0] == 'e' && r[1] == 'r' && r[2] == '_' && r[3] == 'l' && r[4] == 'a' &&
           r[5] == '\0';
}

/* The table's factor entry for a result, when its tiers apply to the day's total. */
static const med_factor *tiered_factor(const med_table *t, const med_result *r)
{
    if (!t->tiers_total)
        return NULL;
    const char *form = r->form && strcmp(r->form, "oral") != 0 ? r->form : NULL;
    for (size_t i = 0; i < t->factor_count; i++) {
        const med_factor *f = &t->factors[i];
        if (f->tier_count && strcmp(f->ingredient, r->ingredient) == 0 &&
            ((f->form == NULL && form == NULL) || (f->form && form && strcmp(f->form, form) == 0)))
            return f;
    }
    return NULL;
}

static int tier_slot(med_patient *p, const med_factor *f)
{
    for (size_t i = 0; i < p->tiered_count; i++)
        if (p->tiered[i] == f)
            return (int)i;
    if (p->tiered_count == MED_MAX_TIERED)
        return -2;
    p->tiered[p->tiered_count] = f;
    return (int)p->tiered_count++;
}

static med_fill_rec *new_fill(med_patient *p)
{
    med_fill_rec *grown = med__grow(p->fills, p->fill_count, &p->fill_capacity, sizeof *grown,
                                    32);
    if (grown == NULL)
        return NULL;
    p->fills = grown;
    /* Member by member: a memset of the record compiles to a `rep stos`, whose start-up alone
     * costs more than these stores (once a fill). classify and the caller set the rest. */
    med_fill_rec *f = &p->fills[p->fill_count];
    f->order = p->fill_count;
    f->mme = f->dose = 0;
    f->tiered = -1;
    f->ingredient = NULL;
    f->prescriber = f->pharmacy = f->group = -1;
    f->er_la = 0;
    return f;
}

static med_status classify(med_patient *p, const med_result *r, med_fill_rec *f, char *why)
{
    if (r->status == MED_RESULT_NOT_OPIOID) {
        if (r->drug_class == NULL || strcmp(r->drug_class, "benzodiazepine") != 0)
            return MED_ERR_NOT_FOUND; /* counted, not used, not rejected */
        f->kind = FILL_BENZO;
        p->benzo_fills++;
        return MED_OK;
    }
    p->opioid_fills++;
    f->ingredient = r->ingredient;
    if (r->status == MED_RESULT_EXCLUDED) {
        f->kind = FILL_OPIOID_NO_MME;
        return MED_OK;
    }
    f->kind = FILL_MME;
    f->mme = r->mme_hundredths;
    const med_factor *tf = tiered_factor(p->table, r);
    if (tf == NULL)
        return MED_OK;
    f->tiered = tier_slot(p, tf);
    if (f->tiered < 0)
        return refuse(&p->rejected, why, "%s: too many tiered drugs", r->ingredient);
    f->dose = r->daily_dose_hundredths;
    f->mme = 0;
    return MED_OK;
}

med_status med_patient_add(med_patient *p, const med_result *r, const char *fill_date,
                           const char *days_supply, const char *prescriber, const char *pharmacy,
                           char *why)
{
    med_fill f = MED_FILL_INIT;
    f.result = r;
    f.fill_date = fill_date;
    f.days_supply = days_supply;
    f.prescriber = prescriber;
    f.pharmacy = pharmacy;
    return med_patient_add_fill(p, &f, why);
}

med_status med_patient_add_fill(med_patient *p, const med_fill *fill, char *why)
{
    long day, days;
    if (why)
        why[0] = '\0';
    if (p == NULL || fill == NULL || fill->result == NULL)
        return MED_ERR_ARGUMENT;
    if (fill->version < 1 || fill->version > MED_FILL_VERSION)
        return MED_ERR_VERSION;
    const med_result *r = fill->result;
    const char *fill_date = fill->fill_date, *days_supply = fill->days_supply;
    const char *prescriber = fill->prescriber, *pharmacy = fill->pharmacy;
    p->rows++;
    p->summarized = 0;
    if (p->id_too_long)
        return refuse(&p->rejected, why, "the patient id is longer than %d bytes",
                      (int)sizeof p->id - 1);
    if (r->status == MED_RESULT_ERROR)
        return refuse(&p->rejected, why, "the fill could not be computed (%s)",
                      med_status_string(r->error));
    if (med__date_parse(fill_date, &day) != 0)
        return refuse(&p->rejected, why,
                      "fill_date '%s' is not a date written YYYY-MM-DD (1900-2199)",
                      fill_date ? fill_date : "");
    if (parse_days(days_supply, &days) != 0)
        return refuse(&p->rejected, why,
                      "days_supply '%s' is not a whole number of days from 1 to 3660",
                      days_supply ? days_supply : "");
    med_fill_rec *f = new_fill(p);
    if (f == NULL)
        return MED_ERR_NOMEM;
    f->fill_day = f->start = day;
    f->end = day + days - 1;
    med_status s = classify(p, r, f, why);
    f->er_la = fill->version >= 2 && is_er_la(fill->release);
    if (s == MED_ERR_NOT_FOUND && med__care_is_naloxone(p->rules, r)) {
        p->naloxone_fills++; /* a rescue product: a naloxone event, not a fill of the series */
        return med__care_push(p, day, MED_EV_NALOXONE) == 0 ? MED_OK : MED_ERR_NOMEM;
    }
    if (s == MED_ERR_NOT_FOUND)
        return MED_OK;
    if (s != MED_OK)
        return s;
    int is_opioid = f->kind != FILL_BENZO;
    f->prescriber = is_opioid ? intern(p, 'D', prescriber) : -1;
    f->pharmacy = is_opioid ? intern(p, 'R', pharmacy) : -1;
    f->group = is_opioid ? intern(p, 'G', fill->group) : -1;
    if (f->prescriber == -2 || f->pharmacy == -2 || f->group == -2)
        return MED_ERR_NOMEM;
    p->fill_count++;
    return MED_OK;
}

/* Runs cover days 0 .. day_count - 1 one after another: a binary search finds a day's. */
const med_run *med__patient_run_at(const med_patient *p, long index)
{
    size_t lo = 0, hi = p->run_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->runs[mid].start <= index)
            lo = mid;
        else
            hi = mid;
    }
    return &p->runs[lo];
}

size_t med_patient_day_count(const med_patient *p)
{
    return p ? p->day_count : 0;
}

med_status med_patient_get_day(const med_patient *p, size_t index, med_patient_day *out)
{
    if (p == NULL || out == NULL || index >= p->day_count)
        return MED_ERR_ARGUMENT;
    if (out->version < 1 || out->version > MED_PATIENT_DAY_VERSION)
        return MED_ERR_VERSION;
    const med_run *r = med__patient_run_at(p, (long)index);
    out->day = p->first + (long)index;
    out->mme_hundredths = r->mme;
    out->opioid_fills = r->fills;
    out->benzodiazepine = r->benzo;
    return MED_OK;
}

/* Prescribers of opioid fills, in order of first appearance. */
size_t med_patient_prescriber_count(const med_patient *p)
{
    size_t n = 0;
    for (size_t i = 0; p && i < p->name_count; i++)
        n += p->names[i][0] == 'D';
    return n;
}

const char *med_patient_prescriber(const med_patient *p, size_t index)
{
    for (size_t i = 0; p && i < p->name_count; i++)
        if (p->names[i][0] == 'D' && index-- == 0)
            return p->names[i] + 1;
    return NULL;
}

/* --- care events (the figures are care.c's) --- */

int med__care_push(med_patient *p, long day, int kind)
{
    med_event_rec *e = med__grow(p->events, p->event_count, &p->event_capacity, sizeof *e, 16);
    if (e == NULL)
        return -1;
    p->events = e;
    p->events[p->event_count++] = (med_event_rec){day, kind};
    p->summarized = 0;
    return 0;
}

med_status med_patient_add_event(med_patient *p, const char *date, const char *event, char *why)
{
    long day;
    int kind;
    if (p == NULL)
        return MED_ERR_ARGUMENT;
    p->event_rows++;
    if (med__care_check_event(p->rules, date, event, &day, &kind, why) != MED_OK) {
        p->events_rejected++;
        return MED_ERR_INVALID;
    }
    if (p->event_count >= MED_PATIENT_MAX_EVENTS)
        return refuse(&p->events_rejected, why, "more than %d care events for one patient",
                      MED_PATIENT_MAX_EVENTS);
    return med__care_push(p, day, kind) == 0 ? MED_OK : MED_ERR_NOMEM;
}

