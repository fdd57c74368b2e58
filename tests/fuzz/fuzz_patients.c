/* Fuzz target: timeline input, as `medcalc patients` and `report` read it: a CSV of fills with
 * patient_id, fill_date, days_supply (optional prescriber_id, pharmacy_id) and the claims
 * columns, computed by med_batch, added to med_patient, summarised per patient, the day series
 * walked, and every patient added to a practice report. Every record is accounted for: rows
 * counted by the patients plus records not attributed to one equal the records read. A row with
 * an `event` column filled is a care event (with its `date`), as `--events` gives them, and a
 * `clinic` column is the fill's group: the events and the fills together account for every
 * record, and the care gaps, last events and group are well-formed. */
#include "fuzz.h"

enum { C_PATIENT, C_DATE, C_DAYS, C_PRESCRIBER, C_PHARMACY, C_EVENT, C_EVENT_DATE, C_GROUP,
       NCOL };
static const char *const NAMES[NCOL] = {"patient_id", "fill_date", "days_supply",
                                        "prescriber_id", "pharmacy_id", "event", "date",
                                        "clinic"};

typedef struct run {
    med_batch *batch;
    med_patient *patient;
    med_practice *practice;
    long col[NCOL];
    size_t columns;
    long records, unattributed, counted;
    long current_records; /* of the open patient */
    int open;
    char current[256];
} run;

static const med_table *table(int i)
{
    static med_table *t[2];
    static const char *const ids[2] = {"cdc-2016", "hedis-2025"};
    med_error e;
    if (t[i] == NULL && med_table_load_embedded(ids[i], &t[i], &e) != MED_OK)
        abort();
    return t[i];
}

static const med_rules *rules(void)
{
    static med_rules *r;
    med_error e;
    if (r == NULL && med_rules_load(NULL, &r, &e) != MED_OK)
        abort();
    return r;
}

static void finish(run *r)
{
    med_patient_summary s = MED_PATIENT_SUMMARY_INIT;
    if (!r->open)
        return;
    r->open = 0;
    med_status st = med_patient_summarize(r->patient, &s);
    if (st == MED_ERR_LIMIT) { /* medcalc reports its records as not attributed */
        r->unattributed += r->current_records;
        return;
    }
    FUZZ_CHECK(st == MED_OK, "a patient is summarised");
    FUZZ_CHECK(s.rows >= s.rows_rejected, "summary");
    /* The flags are read one by one now (0.x: flags[MED_MAX_PATIENT_FLAGS]): exactly flag_count
     * of them, each named. */
    for (size_t i = 0; i < s.flag_count; i++)
        FUZZ_CHECK(med_patient_flag(r->patient, i) != NULL, "each flag raised is named");
    FUZZ_CHECK(med_patient_flag(r->patient, s.flag_count) == NULL, "flag_count flags");
    FUZZ_CHECK(s.threshold_count <= MED_MAX_THRESHOLDS, "thresholds");
    for (size_t i = 0; i < s.threshold_count; i++) {
        long at = med_patient_days_at_or_above(r->patient, i);
        FUZZ_CHECK(at >= 0 && at <= s.days_covered, "days at or above a threshold");
    }
    FUZZ_CHECK(med_patient_days_at_or_above(r->patient, s.threshold_count) == -1,
               "threshold_count thresholds");
    FUZZ_CHECK(s.patient_id && s.first_day && s.last_day && s.peak_date && s.as_of,
               "summary texts are strings");
    r->counted += s.rows + s.events;
    FUZZ_CHECK(s.events >= s.events_rejected && s.events_rejected >= 0, "events counted");
    FUZZ_CHECK(s.care_gap_count + s.care_gap_unknown_count <= 12, "care gaps");
    for (size_t i = 0; i < s.care_gap_count; i++)
        FUZZ_CHECK(med_patient_care_gap(r->patient, i) != NULL, "each care gap is named");
    FUZZ_CHECK(med_patient_care_gap(r->patient, s.care_gap_count) == NULL, "care_gap_count");
    FUZZ_CHECK(s.naloxone_last && s.last_review && s.review_due && s.group &&
               s.primary_prescriber, "care texts are strings");
    FUZZ_CHECK(s.review_overdue >= -1 && s.review_overdue <= 1, "review_overdue");
    size_t days = med_patient_day_count(r->patient);
    FUZZ_CHECK(days <= 200000, "a day series within the date range");
    for (size_t i = 0; i < days; i++) {
        med_patient_day d = MED_PATIENT_DAY_INIT;
        FUZZ_CHECK(med_patient_get_day(r->patient, i, &d) == MED_OK, "day in range");
    }
    med_status ps = med_practice_add(r->practice, r->patient);
    FUZZ_CHECK(ps == MED_OK || ps == MED_ERR_NOMEM, "a patient joins the report");
}

static const char *field(const run *r, const char *const *f, int c)
{
    return r->col[c] >= 0 ? f[r->col[c]] : "";
}

static void record(run *r, const char *const *f, size_t n, long line)
{
    const char *id = n > (size_t)r->col[C_PATIENT] ? f[r->col[C_PATIENT]] : "";
    if (id[0] == '\0' || strlen(id) >= sizeof r->current) { /* as medcalc does */
        r->unattributed++;
        return;
    }
    if (!r->open || strcmp(id, r->current) != 0) {
        finish(r);
        snprintf(r->current, sizeof r->current, "%s", id);
        med_patient_reset(r->patient, id);
        r->open = 1;
        r->current_records = 0;
    }
    r->current_records++;
    const char *event = n == r->columns ? field(r, f, C_EVENT) : "";
    if (event[0]) {
        char why[256];
        med_status s = med_patient_add_event(r->patient, field(r, f, C_EVENT_DATE), event, why);
        FUZZ_CHECK(s == MED_OK || s == MED_ERR_INVALID || s == MED_ERR_NOMEM, "event status");
        if (s == MED_ERR_INVALID)
            FUZZ_CHECK(why[0] != '\0' && memchr(why, '\0', sizeof why), "a refused event says why");
        return;
    }
    med_result x = MED_RESULT_INIT;
    char why[256];
    FUZZ_CHECK(med_batch_row(r->batch, f, n, line, &x) == MED_OK, "a row result");
    const char *const *g = n == r->columns ? f : NULL;
    med_fill fill = MED_FILL_INIT;
    fill.result = &x;
    fill.fill_date = g ? field(r, g, C_DATE) : "";
    fill.days_supply = g ? field(r, g, C_DAYS) : "";
    fill.prescriber = g ? field(r, g, C_PRESCRIBER) : "";
    fill.pharmacy = g ? field(r, g, C_PHARMACY) : "";
    fill.group = g ? field(r, g, C_GROUP) : NULL;
    med_status s = med_patient_add_fill(r->patient, &fill, why);
    FUZZ_CHECK(s == MED_OK || s == MED_ERR_INVALID || s == MED_ERR_NOMEM, "add status");
    if (s == MED_ERR_INVALID)
        FUZZ_CHECK(why[0] != '\0' && memchr(why, '\0', sizeof why), "a rejected row says why");
}

static int start(run *r, med_csv *c, uint32_t h, med_error *e)
{
    const char *const *f;
    size_t n;
    long line;
    if (med_csv_next(c, &f, &n, &line, e) != MED_OK || f == NULL)
        return -1;
    for (int k = 0; k < NCOL; k++) {
        r->col[k] = -1;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], NAMES[k]) == 0)
                r->col[k] = (long)i;
    }
    if (r->col[C_PATIENT] < 0 || r->col[C_DATE] < 0 || r->col[C_DAYS] < 0)
        return -1;
    r->columns = n;
    med_patient_options po = MED_PATIENT_OPTIONS_INIT;
    po.shift_early_refills = h & 1;
    po.window_days = (h >> 1) & 1 ? 30 : 180;
    if ((h >> 2) & 1)
        po.as_of = "2025-03-01";
    po.with_events = (h >> 4) & 1;
    const med_table *t = table((h >> 3) & 1);
    if (med_batch_new(t, f, n, MED_METHOD_AUTO, &r->batch, e) != MED_OK)
        return -1;
    med_practice_options pro = MED_PRACTICE_OPTIONS_INIT;
    pro.attribution = (h >> 5) & 1 ? MED_ATTRIBUTION_ANY : MED_ATTRIBUTION_PRIMARY;
    pro.by_group = (h >> 6) & 1;
    if (med_patient_new(t, rules(), &po, &r->patient, e) != MED_OK ||
        med_practice_new(rules(), &r->practice, e) != MED_OK ||
        med_practice_set_options(r->practice, &pro, e) != MED_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_source src = {data, size, 0, 0};
    med_csv *c;
    med_error e;
    run r;
    memset(&r, 0, sizeof r);
    if (med_csv_new(fuzz_read, &src, "<fuzz>", &c) != MED_OK)
        return 0;
    if (start(&r, c, fuzz_hash(data, size), &e) == 0) {
        for (size_t calls = 0;; calls++) {
            FUZZ_CHECK(calls <= size + 1, "the reader makes progress");
            const char *const *f;
            size_t n;
            long line;
            med_status s = med_csv_next(c, &f, &n, &line, &e);
            if (s == MED_OK && f == NULL)
                break;
            r.records++;
            if (s != MED_OK)
                r.unattributed++;
            else
                record(&r, f, n, line);
        }
        finish(&r);
        FUZZ_CHECK(r.counted + r.unattributed == r.records, "every record accounted for");
        if (med_practice_finish(r.practice) == MED_OK)
            for (size_t i = 0; i < med_practice_group_count(r.practice); i++) {
                const med_practice_group *g = med_practice_get_group(r.practice, i);
                FUZZ_CHECK(g != NULL, "group");
                FUZZ_CHECK(g->patients >= 0 && g->high_dose <= g->patients, "group counts");
            }
    }
    med_practice_free(r.practice);
    med_patient_free(r.patient);
    med_batch_free(r.batch);
    med_csv_free(c);
    return 0;
}
