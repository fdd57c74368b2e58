/* Practice measures: patients counted for the whole practice and for each prescriber who wrote
 * them an opioid fill, with the distribution of their peak daily MME. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/grow.h"
#include "common/hints.h"
#include "common/dates.h"
#include "common/decimal.h"
#include "common/percent.h"
#include "common/error.h"
#include "common/strmap.h"
#include "patients/patient_private.h"
#include "patients/practice_private.h"
#include "patients/quality_private.h"
#include "patients/rules_private.h"

typedef enum { LEVEL_PRACTICE, LEVEL_PRESCRIBER, LEVEL_GROUP } level;
static const char *const LEVELS[] = {"practice", "prescriber", "group"};

/* What counting a patient in a group changes, apart from the rest of the group and in the order
 * of use: the peaks and the counters every patient adds to (the first 64 bytes), the thresholds,
 * the flags, then each measure's numerator and denominator side by side. A report has thousands
 * of groups, seldom in the cache: a patient then touches four or five of a group's lines, where
 * the counters spread over its public struct and two arrays of measures took seven. */
typedef struct tally {
    int64_t *peaks;          /* every patient's peak: the median and percentile need them all */
    size_t peak_count, peak_capacity;
    long patients, long_term, active, active_long_term, high_dose;
    long coprescribed;
    long at_or_above[MED_MAX_THRESHOLDS];
    long flag_patients[MED_MAX_PATIENT_FLAGS];
    long measure[MED_MAX_MEASURES][2]; /* numerator, denominator */
} tally;

typedef struct group {
    tally t;
    char *name;
    level level;
    med_practice_group g;    /* made from the tally when the practice is finished */
    med_quality_measure *measures; /* made at finish */
    char (*percents)[16];
} group;

struct med_practice {
    const med_rules *rules;
    group *groups;           /* 0 is the practice */
    size_t count, capacity;
    med_arena names;         /* the groups' names, side by side: each patient's group is found
                              * by comparing its name, and thousands of names strdup'd one by
                              * one lie apart, a cache miss each */
    med__strmap index;       /* prescriber name -> group (before finish sorts them) */
    med__strmap group_index; /* a patient group's name -> group (by_group) */
    const med_table *table;  /* of the first patient added: its thresholds */
    size_t threshold_count;
    const char *flag_names[MED_MAX_PATIENT_FLAGS]; /* the rules' */
    unsigned char namesakes[MED_MAX_PATIENT_FLAGS]; /* bit r of [i]: flags i and r have one name */
    int finished;
    int closed;              /* finish was called: the groups moved, no patient may be added */
    med_practice_options options;
    long from, to;           /* the options' measurement period, or LONG_MIN */
    long period_from, period_to; /* the period used (LONG_MIN before a patient) */
    char period_text[2][11];
    size_t measure_count;
    char (*labels)[160], (*definitions)[400]; /* care gap measures' texts */
    med__dashboard *dash;    /* the dashboard measures, when turned on */
    const med__practice_hooks *hooks; /* how to reach it */
};

static int add_group(med_practice *p, const char *name, level lv)
{
    group *grown = med__grow(p->groups, p->count, &p->capacity, sizeof *grown, 64);
    if (grown == NULL)
        return -1;
    p->groups = grown;
    group *g = &p->groups[p->count];
    memset(g, 0, sizeof *g);
    if ((g->name = med__arena_strndup(&p->names, name, strlen(name))) == NULL)
        return -1;
    g->g.name = g->name;
    g->level = lv;
    p->count++;
    return 0;
}

/* The group of a prescriber (or of a patient group), made on first sight; SIZE_MAX when out of
 * memory. */
static size_t find_group(med_practice *p, const char *name, level lv)
{
    size_t gi, len = 0;
    uint64_t hash = MED__STRHASH_SEED; /* the name's length and hash in one pass, once a patient */
    for (; name[len]; len++)
        hash = med__strhash_step(hash, (unsigned char)name[len]);
    med__strmap *m = lv == LEVEL_GROUP ? &p->group_index : &p->index;
    if (med__strmap_get_hashed(m, name, len, hash, &gi) == 0)
        return gi;
    if (add_group(p, name, lv) != 0)
        return SIZE_MAX;
    if (med__strmap_put(m, p->groups[p->count - 1].name, p->count - 1) != 0) {
        p->count--; /* not findable: a later patient would make it again */
        return SIZE_MAX;
    }
    return p->count - 1;
}

med_status med_practice_new(const med_rules *rules, med_practice **out, med_error *error)
{
    med__error_clear(error);
    if (rules == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no rules given");
    med_practice *p = calloc(1, sizeof *p);
    if (p != NULL)
        med__arena_init(&p->names);
    if (p == NULL || add_group(p, "practice", LEVEL_PRACTICE) != 0) {
        med_practice_free(p);
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    p->rules = rules;
    p->options = (med_practice_options)MED_PRACTICE_OPTIONS_INIT;
    p->from = p->to = p->period_from = p->period_to = LONG_MIN;
    p->measure_count = med__quality_count(rules);
    for (size_t r = 0; r < rules->flag_count && r < MED_MAX_PATIENT_FLAGS; r++) {
        p->flag_names[r] = rules->flags[r].name;
        for (size_t i = 0; i < rules->flag_count && i < MED_MAX_PATIENT_FLAGS; i++)
            if (strcmp(rules->flags[i].name, rules->flags[r].name) == 0)
                p->namesakes[r] |= (unsigned char)(1u << i);
    }
    *out = p;
    return MED_OK;
}

void med_practice_free(med_practice *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->count; i++) {
        free(p->groups[i].t.peaks);
        free(p->groups[i].measures);
        free(p->groups[i].percents);
    }
    free(p->labels);
    free(p->definitions);
    free(p->groups);
    med__arena_free(&p->names);
    med__strmap_free(&p->index);
    med__strmap_free(&p->group_index);
    if (p->dash)
        p->hooks->release(p->dash);
    free(p);
}

/* What one patient adds to each of its groups, worked out once: the counters it raises, by
 * index. A report has thousands of groups of some 650 bytes each; a counter a patient leaves
 * as it was is then not even read, so its cache line is not fetched. */
typedef struct addition {
    int long_term, active, high_dose, coprescribed;
    uint32_t den, num;                           /* the quality measures: bit i for measure i */
    size_t measures, thresholds, flags;
    unsigned char measure[MED_MAX_MEASURES];     /* in a denominator (bits of den) */
    unsigned char threshold[MED_MAX_THRESHOLDS]; /* crossed */
    unsigned char flag[MED_MAX_PATIENT_FLAGS * MED_MAX_PATIENT_FLAGS]; /* the rules' flags it
                                                  * raised, once per raised flag of that name */
} addition;

/* The rules' flags named `name`: bit r for flag r. A patient summarised under the practice's
 * rules names its flags with the rules' own strings, found by address: the names are compared
 * only for a patient of other rules. */
static unsigned flags_named(const med_practice *p, const char *name)
{
    size_t n = p->rules->flag_count < MED_MAX_PATIENT_FLAGS ? p->rules->flag_count
                                                             : MED_MAX_PATIENT_FLAGS;
    unsigned set = 0;
    for (size_t r = 0; r < n; r++)
        if (name == p->flag_names[r])
            return p->namesakes[r];
    for (size_t r = 0; r < n; r++)
        if (strcmp(name, p->flag_names[r]) == 0)
            set |= 1u << r;
    return set;
}

static void work_out(const med_practice *p, const med__patient_summary *s, addition *a)
{
    a->long_term = s->long_term != 0;
    a->active = s->active != 0;
    a->high_dose = s->peak_hundredths >= p->rules->high_dose_hundredths;
    a->coprescribed = s->benzodiazepine_overlap_days > 0;
    a->measures = a->thresholds = a->flags = 0;
    for (size_t i = 0; a->den >> i; i++)
        if (a->den >> i & 1)
            a->measure[a->measures++] = (unsigned char)i;
    for (size_t t = 0; t < s->threshold_count; t++)
        if (s->days_at_or_above[t] > 0)
            a->threshold[a->thresholds++] = (unsigned char)t;
    for (size_t f = 0; f < s->flag_count; f++) {
        unsigned named = flags_named(p, s->flags[f]);
        for (size_t r = 0; named >> r; r++)
            if (named >> r & 1)
                a->flag[a->flags++] = (unsigned char)r;
    }
}

static int count_patient(tally *t, const med__patient_summary *s, const addition *a)
{
    int64_t *peaks = med__grow(t->peaks, t->peak_count, &t->peak_capacity, sizeof *peaks, 8);
    if (peaks == NULL)
        return -1;
    t->peaks = peaks;
    t->peaks[t->peak_count++] = s->peak_hundredths;
    t->patients++;
    t->long_term += a->long_term;
    t->active += a->active;
    t->active_long_term += a->active && a->long_term;
    t->high_dose += a->high_dose;
    t->coprescribed += a->coprescribed;
    for (size_t k = 0; k < a->thresholds; k++)
        t->at_or_above[a->threshold[k]]++;
    for (size_t k = 0; k < a->flags; k++)
        t->flag_patients[a->flag[k]]++;
    for (size_t k = 0; k < a->measures; k++) {
        size_t i = a->measure[k];
        t->measure[i][0] += a->num >> i & 1;
        t->measure[i][1]++;
    }
    return 0;
}

/* Asks for the lines of a tally a patient is about to be counted in. A report has thousands of
 * prescribers, so the tally is seldom in the cache: fetched while the patient's quality
 * measures are worked out, its lines arrive together instead of one miss after another in
 * count_patient (where perf found most of the practice's time). */
static void prefetch_tally(const tally *t)
{
    for (size_t at = 0; at < sizeof *t; at += 64)
        MED__PREFETCH((const char *)t + at);
}

med_status med_practice_add(med_practice *p, const med_patient *patient)
{
    const med__patient_summary *s = med__patient_summary_of(patient);
    if (p == NULL || s == NULL || p->closed)
        return MED_ERR_ARGUMENT;
    if (s->days_covered == 0)
        return MED_OK; /* no opioid fill giving MME: not in the denominators */
    if (p->groups[0].t.patients == 0) {
        p->table = med__patient_table(patient);
        p->threshold_count = s->threshold_count;
    }
    long as_of = LONG_MIN;
    if (p->period_from == LONG_MIN && med__date_parse(s->as_of, &as_of) == 0) {
        /* the 12 months ending on --to, else on the as-of day; --from moves the start */
        med__quality_period(p->to != LONG_MIN ? p->to : as_of, &p->period_from, &p->period_to);
        if (p->from != LONG_MIN)
            p->period_from = p->from;
        med__date_format(p->period_from, p->period_text[0]);
        med__date_format(p->period_to, p->period_text[1]);
    }
    /* The primary prescriber's group is looked up first (it may be made, moving the groups),
     * so that it is on its way to the cache while the patient's additions are worked out. */
    size_t primary = 0;
    if (p->options.attribution == MED_ATTRIBUTION_PRIMARY && s->primary_prescriber[0] &&
        (primary = find_group(p, s->primary_prescriber, LEVEL_PRESCRIBER)) == SIZE_MAX)
        return MED_ERR_NOMEM;
    if (primary > 0)
        prefetch_tally(&p->groups[primary].t);
    addition a;
    med__quality_patient(patient, s, p->period_from, p->period_to, &a.den, &a.num);
    work_out(p, s, &a);
    if (count_patient(&p->groups[0].t, s, &a) != 0)
        return MED_ERR_NOMEM;
    if (primary > 0 && count_patient(&p->groups[primary].t, s, &a) != 0)
        return MED_ERR_NOMEM;
    for (size_t i = 0; p->options.attribution == MED_ATTRIBUTION_ANY &&
                       i < med_patient_prescriber_count(patient); i++) {
        size_t gi = find_group(p, med_patient_prescriber(patient, i), LEVEL_PRESCRIBER);
        if (gi == SIZE_MAX || count_patient(&p->groups[gi].t, s, &a) != 0)
            return MED_ERR_NOMEM;
    }
    if (p->options.by_group && s->group[0]) {
        size_t gi = find_group(p, s->group, LEVEL_GROUP);
        if (gi == SIZE_MAX || count_patient(&p->groups[gi].t, s, &a) != 0)
            return MED_ERR_NOMEM;
    }
    return p->dash ? p->hooks->add(p->dash, patient, s) : MED_OK;
}

/* Adds tally `from`'s counts and peaks to `to`'s. */
static int add_counts(tally *to, const tally *from, size_t thresholds, size_t flags)
{
    size_t n = from->peak_count;
    if (n > to->peak_capacity - to->peak_count) { /* room for all of them at once */
        size_t cap = to->peak_count + n;
        if (cap < n || cap > SIZE_MAX / sizeof *to->peaks)
            return -1;
        int64_t *peaks = realloc(to->peaks, cap * sizeof *peaks);
        if (peaks == NULL)
            return -1;
        to->peaks = peaks;
        to->peak_capacity = cap;
    }
    if (n > 0)
        memcpy(to->peaks + to->peak_count, from->peaks, n * sizeof *from->peaks);
    to->peak_count += n;
    to->patients += from->patients;
    to->long_term += from->long_term;
    to->active += from->active;
    to->active_long_term += from->active_long_term;
    to->high_dose += from->high_dose;
    to->coprescribed += from->coprescribed;
    for (size_t t = 0; t < thresholds; t++)
        to->at_or_above[t] += from->at_or_above[t];
    for (size_t f = 0; f < flags; f++)
        to->flag_patients[f] += from->flag_patients[f];
    for (size_t i = 0; i < MED_MAX_MEASURES; i++) {
        to->measure[i][0] += from->measure[i][0];
        to->measure[i][1] += from->measure[i][1];
    }
    return 0;
}

/* Every group of `from` into `into`: the counts add up and the peaks are kept, so the medians
 * and percentiles that finish computes are those of all the patients together; the groups are
 * put in order of id at finish, so the order of the merges does not matter. */
med_status med_practice_merge(med_practice *into, const med_practice *from)
{
    if (into == NULL || from == NULL || into == from || into->closed || from->closed ||
        into->dash || from->dash || into->rules != from->rules ||
        into->options.attribution != from->options.attribution ||
        into->options.by_group != from->options.by_group || into->from != from->from ||
        into->to != from->to)
        return MED_ERR_ARGUMENT;
    if (from->groups[0].t.patients == 0)
        return MED_OK;
    if (into->groups[0].t.patients == 0) {
        into->table = from->table;
        into->threshold_count = from->threshold_count;
    }
    if (into->period_from == LONG_MIN) {
        into->period_from = from->period_from;
        into->period_to = from->period_to;
        memcpy(into->period_text, from->period_text, sizeof into->period_text);
    }
    size_t flags = into->rules->flag_count < MED_MAX_PATIENT_FLAGS ? into->rules->flag_count
                                                                   : MED_MAX_PATIENT_FLAGS;
    for (size_t i = 0; i < from->count; i++) {
        size_t gi = i == 0 ? 0 : find_group(into, from->groups[i].name, from->groups[i].level);
        if (gi == SIZE_MAX ||
            add_counts(&into->groups[gi].t, &from->groups[i].t, from->threshold_count, flags) != 0)
            return MED_ERR_NOMEM;
    }
    return MED_OK;
}

/* Prescribers, then patient groups, each in order of name (sorting pointers to groups). */
static int by_name(const void *a, const void *b)
{
    const group *x = *(const group *const *)a, *y = *(const group *const *)b;
    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Puts groups 1.. in order of name. A group is some 650 bytes: pointers to them are sorted, then
 * each group is moved once (a sort of the groups themselves moves each a dozen times). */
static int sort_groups(med_practice *p)
{
    size_t n = p->count - 1;
    group **order = malloc(n * sizeof *order);
    group *sorted = malloc(p->capacity * sizeof *sorted);
    if (order == NULL || sorted == NULL) {
        free(order);
        free(sorted);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &p->groups[i + 1];
    qsort(order, n, sizeof *order, by_name);
    sorted[0] = p->groups[0];
    for (size_t i = 0; i < n; i++)
        sorted[i + 1] = *order[i];
    free(order);
    free(p->groups);
    p->groups = sorted;
    return 0;
}

/* Median (mean of the middle two, half up) and 90th percentile by nearest rank, exact. */
static void distribution(group *g)
{
    size_t n = g->t.peak_count, mid = n / 2;
    if (n == 0) {
        g->g.median_peak_hundredths = g->g.p90_peak_hundredths = 0;
        return;
    }
    size_t rank = (9 * n + 9) / 10; /* ceil(0.9 n), 1-based: rank - 1 >= mid for every n */
    int64_t upper, lower, p90;
    if (n > MED_RANK_COUNTED_MIN) { /* each rank on its own: med__rank_value leaves no order */
        upper = med__rank_value(g->t.peaks, n, mid);
        lower = n % 2 ? upper : med__rank_value(g->t.peaks, n, mid - 1);
        p90 = med__rank_value(g->t.peaks, n, rank - 1);
    } else {
        upper = lower = med__select_kth(g->t.peaks, n, mid);
        if (n % 2 == 0) { /* the one below the middle: the largest of peaks[0..mid) */
            lower = g->t.peaks[0];
            for (size_t i = 1; i < mid; i++)
                lower = g->t.peaks[i] > lower ? g->t.peaks[i] : lower;
        }
        p90 = rank - 1 == mid ? upper
                              : med__select_kth(g->t.peaks + mid + 1, n - mid - 1, rank - 2 - mid);
    }
    g->g.median_peak_hundredths = n % 2 ? upper : med__midpoint_half_up(lower, upper);
    g->g.p90_peak_hundredths = p90;
}

/* The measures of every group as public structs, and the period as text. A measure's texts
 * are the same in every group: they are made once (into the practice's own group's measure)
 * and the other groups point at them. Out of memory, what was made is kept, and a second call
 * goes on from there. */
static int publish_measures(med_practice *p)
{
    size_t n = p->measure_count;
    if (p->labels == NULL)
        p->labels = calloc(n, sizeof *p->labels);
    if (p->definitions == NULL)
        p->definitions = calloc(n, sizeof *p->definitions);
    if (p->labels == NULL || p->definitions == NULL)
        return -1;
    for (size_t i = 0; i < p->count; i++) {
        group *g = &p->groups[i];
        if (g->measures == NULL)
            g->measures = calloc(n, sizeof *g->measures);
        if (g->percents == NULL)
            g->percents = calloc(n, sizeof *g->percents);
        if (g->measures == NULL || g->percents == NULL)
            return -1;
        for (size_t m = 0; m < n; m++) {
            med_quality_measure *q = &g->measures[m];
            if (i == 0) {
                med__quality_texts(p->rules, m, q, p->labels[m], sizeof p->labels[m],
                                   p->definitions[m], sizeof p->definitions[m]);
                q->key = med__quality_key(p->rules, m);
            } else {
                *q = p->groups[0].measures[m];
            }
            q->numerator = g->t.measure[m][0];
            q->denominator = g->t.measure[m][1];
            if (q->denominator > 0)
                med__share_percent(q->numerator, q->denominator, g->percents[m]);
            q->percent = g->percents[m];
        }
    }
    return 0;
}

size_t med_practice_measure_count(const med_practice *p)
{
    return p ? p->measure_count : 0;
}

const med_quality_measure *med_practice_get_measure(const med_practice *p, size_t group_index,
                                                    size_t index)
{
    if (p == NULL || !p->finished || group_index >= p->count || index >= p->measure_count ||
        p->groups[group_index].measures == NULL)
        return NULL;
    return &p->groups[group_index].measures[index];
}

med_status med_practice_measurement_period(const med_practice *p, const char **from,
                                           const char **to)
{
    if (p == NULL)
        return MED_ERR_ARGUMENT;
    if (p->period_from == LONG_MIN)
        return MED_ERR_NOT_FOUND;
    if (from) *from = p->period_text[0];
    if (to) *to = p->period_text[1];
    return MED_OK;
}

/* Drops the groups no patient was counted in (the practice's own aside). Only running out of
 * memory between making a group and counting its first patient in it leaves one (the patient
 * is then not counted anywhere it should be, and med_practice_add said so): a report must not
 * list a prescriber or group with no patients. After sort_groups: the index is not used again. */
static void drop_empty_groups(med_practice *p)
{
    size_t kept = 1;
    for (size_t i = 1; i < p->count; i++) {
        if (p->groups[i].t.patients == 0)
            free(p->groups[i].t.peaks);
        else
            p->groups[kept++] = p->groups[i];
    }
    p->count = kept;
}

/* Every step can be done again: a finish that ran out of memory is called again and redoes
 * what it had not done (the groups, once sorted, stay so; measures made are kept). */
med_status med_practice_finish(med_practice *p)
{
    if (p == NULL || p->finished)
        return MED_ERR_ARGUMENT;
    p->closed = 1;
    if (p->count > 2 && sort_groups(p) != 0)
        return MED_ERR_NOMEM;
    drop_empty_groups(p);
    for (size_t i = 0; i < p->count; i++) {
        med_practice_group *x = &p->groups[i].g;
        const tally *t = &p->groups[i].t;
        x->patients = t->patients;
        x->long_term = t->long_term;
        x->active = t->active;
        x->active_long_term = t->active_long_term;
        x->high_dose = t->high_dose;
        x->coprescribed = t->coprescribed;
        x->name = p->groups[i].name;
        x->level = LEVELS[p->groups[i].level];
        x->threshold_count = p->threshold_count;
        x->at_or_above = t->at_or_above;
        x->flag_count = p->rules->flag_count;
        x->flag_names = p->flag_names;
        x->flag_patients = t->flag_patients;
        distribution(&p->groups[i]);
    }
    if (publish_measures(p) != 0)
        return MED_ERR_NOMEM;
    p->finished = 1; /* the dashboard reads the groups through the getters */
    med_status s = p->dash ? p->hooks->finish(p->dash, p) : MED_OK;
    if (s != MED_OK)
        p->finished = 0;
    return s;
}

size_t med_practice_group_count(const med_practice *p)
{
    return p && p->finished ? p->count : 0;
}

const med_practice_group *med_practice_get_group(const med_practice *p, size_t index)
{
    if (p == NULL || !p->finished || index >= p->count)
        return NULL;
    return &p->groups[index].g;
}

const med_threshold *med_practice_threshold(const med_practice *p, size_t index)
{
    if (p == NULL || p->table == NULL || index >= p->threshold_count)
        return NULL;
    return med_table_threshold(p->table, index);
}

med_status med_practice_set_options(med_practice *p, const med_practice_options *options,
                                    med_error *error)
{
    med_practice_options defaults = MED_PRACTICE_OPTIONS_INIT;
    med__error_clear(error);
    if (p == NULL || p->closed || p->groups[0].t.patients > 0)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL,
                         "practice options are set before the first patient is added");
    if (options && (options->version < 1 || options->version > MED_PRACTICE_OPTIONS_VERSION))
        return med__fail(error, MED_ERR_VERSION, NULL, 0, 0, NULL,
                         "med_practice_options version %u is not one this library knows (1 to "
                         "%d): initialise with MED_PRACTICE_OPTIONS_INIT", options->version,
                         MED_PRACTICE_OPTIONS_VERSION);
    if (options == NULL)
        options = &defaults;
    if (options->attribution != MED_ATTRIBUTION_PRIMARY &&
        options->attribution != MED_ATTRIBUTION_ANY)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL,
                         "attribution %d is neither primary nor any", (int)options->attribution);
    long from = LONG_MIN, to = LONG_MIN;
    const char *bad = options->from && options->from[0] && med__date_parse(options->from, &from)
                          ? options->from
                          : options->to && options->to[0] && med__date_parse(options->to, &to)
                                ? options->to : NULL;
    if (bad)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, bad,
                         "measurement period date '%.40s' is not a date written YYYY-MM-DD", bad);
    if (from != LONG_MIN && to != LONG_MIN && from > to)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL,
                         "the measurement period starts after it ends");
    p->options = *options;
    p->options.from = p->options.to = NULL; /* read during the call only */
    p->from = from;
    p->to = to;
    return MED_OK;
}

const char *med_attribution_string(med_attribution a)
{
    return a == MED_ATTRIBUTION_ANY ? "any" : a == MED_ATTRIBUTION_PRIMARY ? "primary" : NULL;
}

med_status med_attribution_parse(const char *text, med_attribution *out)
{
    if (text && strcmp(text, "primary") == 0)
        *out = MED_ATTRIBUTION_PRIMARY;
    else if (text && strcmp(text, "any") == 0)
        *out = MED_ATTRIBUTION_ANY;
    else
        return MED_ERR_ARGUMENT;
    return MED_OK;
}

med__dashboard *med__practice_dashboard(const med_practice *p)
{
    return p ? p->dash : NULL;
}

int med__practice_attach(med_practice *p, med__dashboard *d, const med__practice_hooks *hooks)
{
    if (p->closed || p->dash || p->groups[0].t.patients > 0)
        return -1;
    p->dash = d;
    p->hooks = hooks;
    return 0;
}

const med_rules *med__practice_rules(const med_practice *p)
{
    return p->rules;
}
