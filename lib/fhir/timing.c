/* A FHIR Dosage's timing and as-needed flag: how often a dose is taken (timing.repeat's
 * frequency and period, timeOfDay and when entries, or an HL7 GTSAbbreviation code such as
 * Q6H), and whether only as needed. */
#include <stdio.h>
#include <string.h>

#include "fhir/fhir_private.h"

static const char *const REPEAT_USED[] = {"frequency", "frequencyMax", "period", "periodMax",
                                          "periodUnit", "timeOfDay", "when", NULL};
static const char *const REPEAT_IGNORED[] = {"id", "extension", "boundsDuration", "boundsRange",
                                             "boundsPeriod", "count", "countMax", "duration",
                                             "durationMax", "durationUnit", "offset", NULL};
static const char *const TIMING_IGNORED[] = {"id", "extension", "event", NULL};

med_status med__fhir_period_hours(med__dosage_ctx *c, const med_ynode *unit_node,
                                  const char *unit, med_q *hours)
{
    static const struct { const char *u; int64_t num, den; } P[] = {
        {"s", 1, 3600}, {"min", 1, 60}, {"h", 1, 1}, {"d", 24, 1}, {"wk", 168, 1}};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
        if (strcmp(unit, P[i].u) == 0) {
            hours->num = P[i].num;
            hours->den = P[i].den;
            return MED_OK;
        }
    return med__fhir_fail(c, unit_node, MED_ERR_INVALID, "periodUnit '%s' is not one of s, min, "
                          "h, d, wk (a month or year has no fixed length)", unit);
}


static med_status count_list(med__dosage_ctx *c, const med_ynode *repeat, const char *key,
                             size_t *n)
{
    const med_ynode *l = med__ymap_get(repeat, key);
    *n = 0;
    if (l == NULL)
        return MED_OK;
    if (l->kind != MED_Y_SEQUENCE || l->count == 0)
        return med__fhir_fail(c, l, MED_ERR_INVALID, "timing.repeat.%s must be a non-empty list",
                              key);
    for (const med_ynode *e = l->first; e; e = e->next)
        if (e->kind != MED_Y_SCALAR || !e->quoted)
            return med__fhir_fail(c, e, MED_ERR_INVALID, "timing.repeat.%s holds strings", key);
    *n = l->count;
    return MED_OK;
}

static med_status read_frequency(med__dosage_ctx *c, const med_ynode *repeat,
                                 med__fhir_schedule *sc, char *words, size_t cap)
{
    med_q f, fmax, p, pmax;
    int has_f, has_fmax, has_p, has_pmax;
    size_t times, whens;
    const char *unit;
    med_status s = med__fhir_number(c, repeat, "frequency", 0, &f, &has_f);
    if (s == MED_OK) s = med__fhir_number(c, repeat, "frequencyMax", 0, &fmax, &has_fmax);
    if (s == MED_OK) s = med__fhir_number(c, repeat, "period", 0, &p, &has_p);
    if (s == MED_OK) s = med__fhir_number(c, repeat, "periodMax", 0, &pmax, &has_pmax);
    if (s == MED_OK) s = med__fhir_string(c, repeat, "periodUnit", &unit);
    if (s == MED_OK) s = count_list(c, repeat, "timeOfDay", &times);
    if (s == MED_OK) s = count_list(c, repeat, "when", &whens);
    if (s != MED_OK)
        return s;
    if (has_p != (unit != NULL))
        return med__fhir_fail(c, repeat, MED_ERR_INVALID, "timing.repeat needs period and "
                              "periodUnit together");
    if (has_f && med__q_cmp(f, med__q_int((int64_t)f.num / (int64_t)f.den)) != 0)
        return med__fhir_fail(c, med__ymap_get(repeat, "frequency"), MED_ERR_INVALID,
                              "frequency must be a whole number");
    if (has_p)
        s = med__fhir_period_hours(c, med__ymap_get(repeat, "periodUnit"), unit, &sc->hours);
    else
        sc->hours = med__q_int(24);
    if (s == MED_OK && has_p && med__q_mul(sc->hours, p, &sc->hours) != 0)
        return med__fhir_fail(c, med__ymap_get(repeat, "period"), MED_ERR_RANGE,
                              "period is out of range");
    if (s != MED_OK)
        return s;
    size_t listed = times + whens;
    if (has_fmax && (!has_f || med__q_cmp(fmax, f) < 0))
        return med__fhir_fail(c, med__ymap_get(repeat, "frequencyMax"), MED_ERR_INVALID,
                              "frequencyMax needs a frequency no larger than it");
    if (has_pmax && (!has_p || med__q_cmp(pmax, p) < 0))
        return med__fhir_fail(c, med__ymap_get(repeat, "periodMax"), MED_ERR_INVALID,
                              "periodMax needs a period no longer than it");
    sc->uses = has_fmax ? fmax : has_f ? f : med__q_int((int64_t)listed);
    if (listed && has_f && (has_p ? med__q_cmp(sc->hours, med__q_int(24)) != 0 : 0))
        return med__fhir_fail(c, repeat, MED_ERR_INVALID, "timeOfDay or when with a period "
                              "other than 1 day cannot be read");
    if (listed && has_f && med__q_cmp(sc->uses, med__q_int((int64_t)listed)) != 0)
        return med__fhir_fail(c, repeat, MED_ERR_INVALID, "frequency and the %zu times of "
                              "timeOfDay/when disagree", listed);
    if (!has_f && !listed)
        return med__fhir_fail(c, repeat, MED_ERR_INVALID, "timing.repeat says neither frequency "
                              "nor timeOfDay/when: how often is not said");
    char a[40], b[40];
    med__q_format(sc->uses, 4, a, sizeof a);
    if (!has_f)
        snprintf(words, cap, "%s a day (%s%s%s)", a, times ? "timeOfDay" : "",
                 times && whens ? " and " : "", whens ? "when" : "");
    else {
        med__q_format(has_p ? p : med__q_int(1), 4, b, sizeof b);
        snprintf(words, cap, "%s%s per %s %s%s", a, has_fmax ? " (frequencyMax)" : "", b,
                 has_p ? unit : "d", has_pmax ? " (the shortest period; periodMax not used)" : "");
    }
    return MED_OK;
}

/* HL7 v3 GTSAbbreviation codes of timing.code (what EHRs print as BID, Q6H): uses per hours. */
#define GTS_SYSTEM "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation"
static const struct { const char *code; int uses, hours; } GTS[] = {
    {"QD", 1, 24}, {"AM", 1, 24}, {"PM", 1, 24}, {"BED", 1, 24}, {"BID", 2, 24},
    {"TID", 3, 24}, {"QID", 4, 24}, {"QOD", 1, 48}, {"Q1H", 1, 1}, {"Q2H", 1, 2},
    {"Q3H", 1, 3}, {"Q4H", 1, 4}, {"Q6H", 1, 6}, {"Q8H", 1, 8}, {"WK", 1, 168}};

/* timing.code alone: a GTSAbbreviation coding; anything else says nothing we can count. */
static med_status read_timing_code(med__dosage_ctx *c, const med_ynode *code,
                                   med__fhir_schedule *sc, char *words, size_t cap)
{
    const med_ynode *coding = code->kind == MED_Y_MAPPING ? med__ymap_get(code, "coding") : NULL;
    for (const med_ynode *e = coding && coding->kind == MED_Y_SEQUENCE ? coding->first : NULL; e;
         e = e->next) {
        const char *system = NULL, *value = NULL;
        med_status s = med__fhir_string(c, e, "system", &system);
        if (s == MED_OK) s = med__fhir_string(c, e, "code", &value);
        if (s != MED_OK)
            return s;
        if (system == NULL || value == NULL || strcmp(system, GTS_SYSTEM) != 0)
            continue;
        for (size_t i = 0; i < sizeof GTS / sizeof GTS[0]; i++)
            if (strcmp(GTS[i].code, value) == 0) {
                sc->uses = med__q_int(GTS[i].uses);
                sc->hours = med__q_int(GTS[i].hours);
                snprintf(words, cap, "%d per %d h (timing.code %s)", GTS[i].uses, GTS[i].hours,
                         value);
                return MED_OK;
            }
        return med__fhir_fail(c, e, MED_ERR_INVALID, "timing.code %s is not one we read (QD, "
                              "BID, TID, QID, AM, PM, BED, QOD, Q1H..Q8H, WK): give "
                              "timing.repeat", value);
    }
    return med__fhir_fail(c, code, MED_ERR_INVALID, "timing.code has no GTSAbbreviation coding "
                          "and there is no timing.repeat: how often is not said");
}

med_status med__fhir_timing(med__dosage_ctx *c, const med_ynode *dosage, med__fhir_schedule *sc,
                            char *words, size_t cap)
{
    const med_ynode *t = med__ymap_get(dosage, "timing");
    if (t == NULL)
        return med__fhir_fail(c, dosage, MED_ERR_INVALID, "the Dosage has no timing: how often "
                              "is not said");
    static const char *const USED[] = {"repeat", "code", NULL};
    med_status s = med__fhir_check_keys(c, t, "timing.", USED, TIMING_IGNORED);
    if (s != MED_OK)
        return s;
    const med_ynode *r = med__ymap_get(t, "repeat"), *code = med__ymap_get(t, "code");
    if (r == NULL && code == NULL)
        return med__fhir_fail(c, t, MED_ERR_INVALID, "timing has neither repeat nor code: how "
                              "often is not said");
    if (r == NULL)
        return read_timing_code(c, code, sc, words, cap);
    s = med__fhir_check_keys(c, r, "timing.repeat.", REPEAT_USED, REPEAT_IGNORED);
    if (s == MED_OK) s = read_frequency(c, r, sc, words, cap);
    if (s != MED_OK || code == NULL)
        return s;
    /* both: a code we read must say as often as the repeat; any other code is a label */
    med__fhir_schedule by_code;
    char code_words[80];
    med_error kept = c->order->error;
    if (read_timing_code(c, code, &by_code, code_words, sizeof code_words) != MED_OK) {
        c->order->error = kept;
        med__fhir_note_ignored(c, "timing.", "code (timing.repeat is read)");
        return MED_OK;
    }
    med_q a, b;
    if (med__q_div(sc->uses, sc->hours, &a) != 0 || med__q_div(by_code.uses, by_code.hours, &b) != 0
        || med__q_cmp(a, b) != 0)
        return med__fhir_fail(c, code, MED_ERR_INVALID, "timing.code says %s but timing.repeat "
                              "says %s: which is meant is not clear", code_words, words);
    med__fhir_note_ignored(c, "timing.", "code (agrees with timing.repeat)");
    return MED_OK;
}

med_status med__fhir_prn(med__dosage_ctx *c, const med_ynode *dosage, int *prn)
{
    const med_ynode *b = med__ymap_get(dosage, "asNeededBoolean");
    const med_ynode *cc = med__ymap_get(dosage, "asNeededCodeableConcept");
    *prn = cc != NULL;
    if (b == NULL)
        return MED_OK;
    if (cc)
        return med__fhir_fail(c, b, MED_ERR_INVALID, "asNeededBoolean and asNeededCodeableConcept "
                              "together: give one");
    if (b->kind != MED_Y_SCALAR || b->quoted ||
        (strcmp(b->value, "true") != 0 && strcmp(b->value, "false") != 0))
        return med__fhir_fail(c, b, MED_ERR_INVALID, "asNeededBoolean must be true or false");
    *prn = strcmp(b->value, "true") == 0;
    return MED_OK;
}
