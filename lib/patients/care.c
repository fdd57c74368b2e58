/* Care events (reviews, urine drug tests, PDMP checks, agreements, naloxone, pain and function
 * assessments) and the care gaps the rules define: an active patient with no such event in the
 * months up to the as-of day. Naloxone rescue fills in the claims count as naloxone events. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/dates.h"
#include "common/grow.h"
#include "patients/care_private.h"

med_status med_rules_check_event(const med_rules *rules, const char *date, const char *event,
                                 long *day, char *why)
{
    int kind;
    return med__care_check_event(rules, date, event, day, &kind, why);
}

med_status med__care_check_event(const med_rules *rules, const char *date, const char *event,
                                 long *day, int *kind, char *why)
{
    long d;
    if (why)
        why[0] = '\0';
    if (rules == NULL)
        return MED_ERR_ARGUMENT;
    if (date == NULL || med__date_parse(date, &d) != 0) {
        if (why)
            snprintf(why, 256, "date '%.40s' is not a date written YYYY-MM-DD (1900-2199)",
                     date ? date : "");
        return MED_ERR_INVALID;
    }
    if ((*kind = med__rules_event(rules, event)) < 0) {
        if (why) {
            int n = snprintf(why, 256, "event '%.40s' is not one of", event ? event : "");
            for (size_t i = 0; i < rules->event_count && n > 0 && n < 200; i++)
                n += snprintf(why + n, 256 - (size_t)n, "%s %s", i ? "," : "",
                              rules->event_names[i]);
        }
        return MED_ERR_INVALID;
    }
    if (day)
        *day = d;
    return MED_OK;
}

/* Year, month and day of day number `z` (days since 1970-01-01): the civil calendar algorithm
 * of med__date_from_civil run backwards, without text (it runs for every gap of every patient). */
static void civil(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* Day `day` plus `months` calendar months (the day cut to the month's length: Aug 31 + 6 months
 * is Feb 28). */
static long months_after(long day, int months)
{
    long y, m, d;
    civil(day, &y, &m, &d);
    m = m - 1 + months;
    y += m >= 0 ? m / 12 : (m - 11) / 12;
    m = ((m % 12) + 12) % 12 + 1;
    long first = med__date_from_civil(y, (int)m, 1);
    long next = m == 12 ? med__date_from_civil(y + 1, 1, 1) : med__date_from_civil(y, (int)m + 1, 1);
    return first + (d < next - first ? d : next - first) - 1;
}

/* The latest event of each kind up to the as-of day. */
static void latest(const med_patient *p, long as_of, long *last)
{
    for (size_t k = 0; k < MED_MAX_EVENTS; k++)
        last[k] = LONG_MIN;
    for (size_t i = 0; i < p->event_count; i++) {
        const med_event_rec *e = &p->events[i];
        if (e->day <= as_of && e->day > last[e->kind])
            last[e->kind] = e->day;
    }
}

static int flag_raised(const med_rules *r, const med__patient_summary *s, int flag)
{
    for (size_t f = 0; flag >= 0 && f < s->flag_count; f++)
        if (strcmp(s->flags[f], r->flags[flag].name) == 0)
            return 1;
    return flag < 0;
}

/* One gap: not applicable, met, a gap, or unknown (an event no file could show). */
static int judge(const med_patient *p, const med_care_gap_rule *g, const med__patient_summary *s,
                 long as_of, const long *last)
{
    if (!s->active || (g->long_term_only && !s->long_term) || !flag_raised(p->rules, s, g->flag))
        return MED_GAP_NA;
    if (!p->options.with_events && g->event_index != MED_EV_NALOXONE)
        return MED_GAP_UNKNOWN;
    int months = g->months ? g->months : s->review_months;
    long done = last[g->event_index];
    return done != LONG_MIN && months_after(done, months) >= as_of ? MED_GAP_MET : MED_GAP_OPEN;
}

void med__care_apply(const med_patient *p, long as_of, med__patient_summary *s)
{
    const med_rules *r = p->rules;
    long last[MED_MAX_EVENTS];
    s->naloxone_fills = p->naloxone_fills;
    s->events = p->event_rows;
    s->events_rejected = p->events_rejected;
    s->review_overdue = -1;
    if (as_of == LONG_MIN)
        return;
    latest(p, as_of, last);
    for (size_t k = 0; p->event_count > 0 && k < r->event_count && k < MED_MAX_EVENTS; k++)
        if (last[k] != LONG_MIN) /* none without events (most patients): all stay "" */
            med__date_format(last[k], s->last_event[k]);
    long due = last[MED_EV_REVIEW] != LONG_MIN
                   ? months_after(last[MED_EV_REVIEW], s->review_months) : as_of;
    /* With no review yet the due day is the as-of day, whose text the summary has already
     * (most patients: a copy rather than a date to write out). */
    if (due == s->as_of_day && s->as_of_day != LONG_MIN)
        memcpy(s->review_due, s->as_of, sizeof s->review_due);
    else
        med__date_format(due, s->review_due);
    if (p->options.with_events)
        s->review_overdue = due < as_of;
    /* An inactive patient (most) has no gap to judge: each state stays MED_GAP_NA (0), as
     * med__patient_measures cleared it. */
    for (size_t i = 0; s->active && i < r->gap_count && i < MED_MAX_CARE_GAPS; i++) {
        int state = judge(p, &r->gaps[i], s, as_of, last);
        s->gap_state[i] = (unsigned char)state;
        if (state == MED_GAP_OPEN)
            s->gaps[s->gap_count++] = r->gaps[i].name;
        else if (state == MED_GAP_UNKNOWN)
            s->unknown[s->unknown_count++] = r->gaps[i].name;
    }
}

int med__care_is_naloxone(const med_rules *r, const med_result *x)
{
    if (x->status != MED_RESULT_NOT_OPIOID || x->ingredient == NULL)
        return 0;
    for (size_t i = 0; i < r->naloxone_count; i++)
        if (strcmp(r->naloxone_ingredients[i], x->ingredient) == 0)
            return 1;
    return 0;
}
