/* One row's verdict: the reported value read, compared with ours within the tolerance, and a
 * disagreement explained (what reproduces the other value, or why one side has none), with
 * whether a threshold of the reference table lies between them. */
#include <stdio.h>
#include <string.h>

#include "agree/agree_private.h"
#include "agree/verdict.h"
#include "common/error.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Why a reported text that was not read as a number was not: a plain decimal (digits, and a
 * point between digits) whose hundredths, rounded half up, pass INT64_MAX is too large,
 * whatever its number of digits; another plain decimal has more digits than are read exactly;
 * anything else is no plain number. Read from the whole text, which out->reported may cut. */
static med__reported_bad why_not_read(const char *t, size_t n)
{
    size_t i = 0, whole, frac = 0, point;
    while (i < n && t[i] == '0')
        i++;
    size_t first = i; /* the first significant digit of the whole part */
    while (i < n && is_digit(t[i]))
        i++;
    if (i == 0)
        return REP_BAD_TEXT;
    whole = i - first;
    point = i;
    if (i < n) {
        if (t[i++] != '.' || i == n)
            return REP_BAD_TEXT;
        for (; i < n; i++, frac++)
            if (!is_digit(t[i]))
                return REP_BAD_TEXT;
    }
    if (whole > 17) /* at least 10^17: above 92233720368547758.07 */
        return REP_BAD_TOO_LARGE;
    uint64_t h = 0; /* the hundredths, rounded half up: below 10^19 + 1, inside 64 bits */
    for (size_t k = first; k < point; k++)
        h = h * 10 + (uint64_t)(t[k] - '0');
    for (size_t k = 1; k <= 2; k++)
        h = h * 10 + (uint64_t)(k <= frac ? t[point + k] - '0' : 0);
    if (frac >= 3 && t[point + 3] >= '5')
        h++;
    return h > (uint64_t)INT64_MAX ? REP_BAD_TOO_LARGE : REP_BAD_DIGITS;
}

/* The reported value: a plain decimal, a status word, or nothing. */
static med__reported_kind read_reported_kind(const char *text, med__agreement *out,
                                            med_result_status *st)
{
    char v[32];
    med_q q;
    while (text && (*text == ' ' || *text == '\t'))
        text++;
    size_t n = text ? strlen(text) : 0;
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    med__copy_text(out->reported, sizeof out->reported, text, n);
    out->bad = REP_BAD_TEXT;
    if (n >= sizeof v)
        return out->bad = why_not_read(text, n), REP_BAD;
    for (size_t i = 0; i < n; i++)
        v[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] - 'A' + 'a' : text[i]);
    v[n] = '\0';
    if (n == 0 || !strcmp(v, "none") || !strcmp(v, "n/a") || !strcmp(v, "na") || !strcmp(v, "-"))
        return REP_NONE;
    static const med_result_status words[] = {MED_RESULT_EXCLUDED, MED_RESULT_NOT_OPIOID,
                                              MED_RESULT_ERROR};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(v, med_result_status_string(words[i])) == 0)
            return *st = words[i], REP_STATUS;
    /* A value whose hundredths 64 bits cannot hold is not read: a wrapped one would compare. */
    if (med__q_parse(v, n, &q) != 0 || med__q_hundredths(q, &out->reported_hundredths) != 0)
        return out->bad = why_not_read(v, n), REP_BAD;
    out->reported_value = 1;
    return REP_NUMBER;
}

med__reported_kind med__agree_read_reported(const char *text, med__agreement *out,
                                            med_result_status *said)
{
    med__reported_kind k = read_reported_kind(text, out, said);
    out->kind = k;
    out->said = k == REP_STATUS ? *said : MED_RESULT_OK;
    return k;
}

static void difference(med__agreement *out)
{
    int64_t d = out->reported_hundredths - out->ours.mme_hundredths;
    char v[32];
    med__hundredths_format(d < 0 ? -d : d, v, sizeof v);
    snprintf(out->difference, sizeof out->difference, "%s%s", d < 0 ? "-" : d > 0 ? "+" : "",
             v);
    med_q ratio = {d < 0 ? -d : d, out->ours.mme_hundredths}, rel;
    /* |d| x 100 / ours, exact (a product cut to 64 bits would be a wrong percentage); a ratio
     * too large to hold is not given. */
    if (out->ours.mme_hundredths > 0 && med__q_mul_fractions(ratio, med__q_int(100), &rel) == 0) {
        med__q_format(rel, 1, v, sizeof v);
        snprintf(out->relative, sizeof out->relative, "%s%s%%", d < 0 ? "-" : d > 0 ? "+" : "", v);
    }
}

static void explain_number(const med_explain *x, med__agreement *out)
{
    char names[256], joined[256];
    const med__result *o = &out->ours;
    if (o->status == MED_RESULT_OK) {
        med__explain(x, &out->cause, out->explanation, sizeof out->explanation);
        return;
    }
    med__tables_reproducing(x, 0, names, sizeof names);
    if (o->status == MED_RESULT_EXCLUDED) {
        out->cause = MED_CAUSE_EXCLUDED;
        snprintf(out->explanation, sizeof out->explanation,
                 out->reported_hundredths == 0
                     ? "excluded drug reported as 0: %s@%s excludes %s (no MME, not zero)%s%s"
                     : "excluded drug given a value: %s@%s excludes %s%s%s",
                 out->table_id, out->table_version, o->ingredient,
                 names[0] ? "; reproduced by " : "; no shipped table gives it a factor", names);
    } else if (o->status == MED_RESULT_ERROR && o->error.code == MED_ERR_NO_FACTOR) {
        out->cause = MED_CAUSE_NO_FACTOR;
        med__tables_reproducing(x, 1, joined, sizeof joined);
        snprintf(out->explanation, sizeof out->explanation, "no factor here: %s%s%s%s%s",
                 o->message, joined[0] ? "; reproduced with " : "", joined,
                 names[0] ? (joined[0] ? "; also by " : "; reproduced by ") : "", names);
    } else {
        out->cause = o->status == MED_RESULT_NOT_OPIOID ? MED_CAUSE_UNEXPLAINED : MED_CAUSE_INPUT;
        snprintf(out->explanation, sizeof out->explanation, "%s here: %s",
                 med_result_status_string(o->status), o->message);
    }
}

/* Ours has a value, the other calculator none (or a status word): which tables give none. */
static void explain_missing(const med_explain *x, med_result_status said, med__agreement *out)
{
    char names[256];
    int excluded = said == MED_RESULT_EXCLUDED;
    med__tables_without_value(x, excluded ? MED_RESULT_EXCLUDED : MED_RESULT_ERROR, names,
                              sizeof names);
    out->cause = excluded ? MED_CAUSE_EXCLUDED : MED_CAUSE_NO_FACTOR;
    snprintf(out->explanation, sizeof out->explanation, "no value reported for %s, %s here%s%s",
             out->ours.ingredient ? out->ours.ingredient : "the drug", out->ours.mme_text,
             names[0] ? (excluded ? "; excluded by " : "; no factor in ") : "", names);
}

/* Both sides without a value: agree when the reported word (if any) is our status. */
static void both_missing(med__reported_kind kind, med_result_status said, med__agreement *out)
{
    const med__result *o = &out->ours;
    out->agrees = kind == REP_NONE || said == o->status;
    if (out->agrees)
        return;
    out->cause = o->status == MED_RESULT_EXCLUDED || said == MED_RESULT_EXCLUDED
                     ? MED_CAUSE_EXCLUDED
                 : o->status == MED_RESULT_ERROR && o->error.code != MED_ERR_NO_FACTOR
                     ? MED_CAUSE_INPUT
                     : MED_CAUSE_NO_FACTOR;
    snprintf(out->explanation, sizeof out->explanation, "reported %s, %s here: %s",
             med_result_status_string(said), med_result_status_string(o->status), o->message);
}

/* A row changes a decision when a threshold of the reference table lies between the two values,
 * even when they agree within the tolerance (89.99 reported as 90 is on the other side of 90).
 * A status that gives no MME (excluded, not_opioid; nothing reported) counts as 0
 * towards a total; an error on either side (ours or reported) or an unreadable value cannot be
 * placed against a threshold, so it is judged by its cause alone, never as a decision change. */
static void decision_of(const med_table *t, med__reported_kind kind, med_result_status said,
                        med__agreement *out)
{
    const med__result *o = &out->ours;
    int ours_valued = o->status == MED_RESULT_OK || o->status == MED_RESULT_EXCLUDED ||
                      o->status == MED_RESULT_NOT_OPIOID;
    int rep_valued = kind == REP_NUMBER || kind == REP_NONE ||
                     (kind == REP_STATUS && said != MED_RESULT_ERROR);
    int64_t ours = o->status == MED_RESULT_OK ? o->mme_hundredths : 0;
    int64_t rep = kind == REP_NUMBER ? out->reported_hundredths : 0;
    med__decision(t, ours_valued && rep_valued, ours, rep, out);
}

void med__agree_decide(const med_explain *x, med__reported_kind kind, med_result_status said,
                       med__agreement *out)
{
    int ours_value = out->ours.status == MED_RESULT_OK;
    if (kind == REP_BAD && out->bad == REP_BAD_TOO_LARGE) {
        out->cause = MED_CAUSE_INPUT; /* a plain number whose hundredths 64 bits cannot hold */
        snprintf(out->explanation, sizeof out->explanation, "reported value '%s' is too large "
                 "to compare exactly (at most %lld.%02lld MME/day)", out->reported,
                 (long long)(INT64_MAX / 100), (long long)(INT64_MAX % 100));
    } else if (kind == REP_BAD && out->bad == REP_BAD_DIGITS) {
        out->cause = MED_CAUSE_INPUT;
        snprintf(out->explanation, sizeof out->explanation, "reported value '%s' has more "
                 "digits than can be compared exactly (at most 18)", out->reported);
    } else if (kind == REP_BAD) {
        out->cause = MED_CAUSE_INPUT;
        snprintf(out->explanation, sizeof out->explanation, "reported value '%s' is not a plain "
                 "number (expected e.g. 60 or 7.5) nor none, excluded, not_opioid or error",
                 out->reported);
    } else if (kind == REP_NUMBER && ours_value) {
        difference(out);
        out->agrees = med__within(x->tolerance, out->ours.mme_hundredths, out->reported_hundredths);
        if (!out->agrees)
            explain_number(x, out);
    } else if (kind == REP_NUMBER) {
        out->agrees = out->ours.status == MED_RESULT_NOT_OPIOID && out->reported_hundredths == 0;
        if (!out->agrees)
            explain_number(x, out);
    } else if (ours_value) {
        explain_missing(x, kind == REP_STATUS ? said : MED_RESULT_ERROR, out);
    } else {
        both_missing(kind, said, out);
    }
    if (out->agrees)
        out->cause = MED_CAUSE_NONE;
    decision_of(x->table, kind, said, out);
}
