/* medcalc patients [FILE|-]: one row per patient (or, with --daily, per patient-day). */
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "outbuf.h"
#include "patients.h"

#define DAILY_HEADER "patient_id,date,mme_per_day,opioid_fills,benzodiazepine\n"

typedef struct patients_out {
    FILE *out;
    outbuf *ob;
    const options *o;
    const patient_run *run; /* its table: the thresholds */
    int header_written;
    int *header;            /* the flag that says the header is out: its own, or the run's */
    int deferred;           /* -j N, a piece in memory: the header is the calling thread's */
} patients_out;

/* Whether this patient's rows come after a header this writer should write now. */
static int header_due(patients_out *w)
{
    if (w->deferred || *w->header)
        return 0;
    *w->header = 1;
    return 1;
}

/* The flag of a patient none of whose rows could be used (every one refused, each reported
 * on stderr): its MME/day, day counts, tier and review are those of no fill, so they are
 * written empty (JSON null) and this word leads its flags. */
#define NO_ROW_USED "no_usable_rows"

static int no_row_used(const med_patient_summary *s)
{
    return s->rows > 0 && s->rows_rejected == s->rows;
}

/* Threshold t of the run's table as the table prints it ("90"). */
static const char *threshold_text(const patients_out *w, size_t t)
{
    const med_threshold *th = med_table_threshold(w->run->table, t);
    return th && th->mme_text ? th->mme_text : "";
}

/* An MME/day in hundredths as text ("120", "5.83"), into `buf`. */
static const char *mme(int64_t hundredths, char *buf, size_t cap)
{
    med_hundredths_format(hundredths, buf, cap);
    return buf;
}

/* mme() written in the output buffer itself, four times a JSON row: no copy of the text to
 * measure and copy again. Near the buffer's end (or after a failed write) the text goes the usual
 * way, so the output is written out where it was before (stderr between lines of stdout). */
static void write_mme(outbuf *o, int64_t hundredths)
{
    char buf[32];
    size_t room;
    char *at = outbuf_room(o, &room);
    if (room >= sizeof buf)
        outbuf_wrote(o, med_hundredths_format(hundredths, at, room));
    else
        outbuf_str(o, mme(hundredths, buf, sizeof buf));
}

static void csv_header(patients_out *w, size_t thresholds)
{
    outbuf *o = w->ob;
    outbuf_str(o, "patient_id,first_day,last_day,treatment_days,days_covered,peak_mme_per_day,"
                  "peak_date,average_mme_per_day,average_mme_per_covered_day");
    for (size_t t = 0; t < thresholds; t++) {
        outbuf_str(o, ",days_at_or_above_");
        outbuf_str(o, threshold_text(w, t));
    }
    outbuf_str(o, ",longest_run_at_or_above_highest,as_of,mme_as_of,benzodiazepine_overlap_days,"
                  "prescribers,pharmacies,opioid_fills,benzodiazepine_fills,rows,rows_rejected,"
                  "flags,risk_tier,review_months,long_term,active,recent_days_covered,"
                  "primary_prescriber,group,last_review,review_due,review_overdue,last_uds,"
                  "last_pdmp,last_agreement,last_function,naloxone_last,naloxone_fills,"
                  "care_gaps,care_gaps_unknown,events,events_rejected\n");
}

/* ",text" and ",number": the cells of a row (inline: a row has some forty of them). */
static inline void cell(outbuf *o, const char *text)
{
    outbuf_char(o, ',');
    if (text[0] != '\0') /* a third of the cells are empty: nothing to measure or copy */
        outbuf_str(o, text);
}

static inline void cell_long(outbuf *o, long v)
{
    outbuf_char(o, ',');
    if (v >= 0 && v <= 9) /* most counts of a row (fills, prescribers, events): one digit */
        outbuf_char(o, (char)('0' + v));
    else
        outbuf_long(o, v);
}

/* "a;b": care gaps by name, in the rules' order. */
static void gap_list(outbuf *o, const med_patient *p, size_t n,
                     const char *(*name)(const med_patient *, size_t))
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            outbuf_char(o, ';');
        outbuf_str(o, name(p, i));
    }
}

/* --- runs of cells of a bounded length -------------------------------------------------------
 * Most cells of a row are numbers, MME/day and dates, each of a few bytes at most. Those that
 * stand together are put one after another from a cursor (a few stores each, where a write to
 * the outbuf checks its room and reloads its fill at every byte), straight into the output's
 * room when it has RUN_MAX bytes, else into a local buffer written out after, so the output
 * is written out at the same points as before. */
enum {
    DATE_LEN = 10,  /* "YYYY-MM-DD" */
    MME_ROOM = 32,  /* the room med_hundredths_format writes any value into */
    RUN_MAX = 1024  /* the longest run, the first, is under 800 bytes: 4 dates, 4 MME/day
                     * (each given MME_ROOM), and 10 counts and the table's thresholds (at most
                     * MED_MAX_THRESHOLDS) of at most 21 bytes each (',', a sign, 19 digits) */
};

typedef struct cell_run {
    char *start;          /* the output's room or local */
    char local[RUN_MAX];
} cell_run;

/* Where the run's cells go: returns the cursor for the put_ calls below. */
static inline char *run_begin(outbuf *o, cell_run *r)
{
    size_t room;
    char *at = outbuf_room(o, &room);
    r->start = room >= RUN_MAX ? at : r->local;
    return r->start;
}

/* The cells put from run_begin's cursor up to `end`, counted or written out. */
static inline void run_end(outbuf *o, const cell_run *r, const char *end)
{
    size_t n = (size_t)(end - r->start);
    if (r->start == r->local)
        outbuf_write(o, r->local, n);
    else
        outbuf_wrote(o, n);
}

/* ",v" */
static inline char *put_long(char *at, long v)
{
    *at++ = ',';
    if (v >= 0 && v <= 9) { /* most counts of a row (fills, prescribers, events): one digit */
        *at++ = (char)('0' + v);
        return at;
    }
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    if (v < 0)
        *at++ = '-';
    char *end = at + outbuf_digit_count(u);
    outbuf_digits_before(end, u);
    return end;
}

/* ",120" or ",5.83": an MME/day in hundredths. */
static inline char *put_mme(char *at, int64_t hundredths)
{
    *at++ = ',';
    return at + med_hundredths_format(hundredths, at, MME_ROOM);
}

/* ",YYYY-MM-DD", or "," when there is no date (most care dates): the summary's dates are
 * written so, and a date's ten bytes are then one copy of a known length. */
static inline char *put_date(char *at, const char *date)
{
    *at++ = ',';
    if (date[0] == '\0')
        return at;
    size_t n = strnlen(date, DATE_LEN);
    if (n == DATE_LEN)
        memcpy(at, date, DATE_LEN);
    else
        memcpy(at, date, n);
    return at + n;
}

/* ",text" for a text of a few bytes known here ("yes", "no", "unknown"). */
static inline char *put_word(char *at, const char *word)
{
    *at++ = ',';
    while (*word)
        *at++ = *word++;
    return at;
}

/* The cells of a patient none of whose rows could be used: what was computed from no fill
 * (MME/day, day counts, tier, review) is left empty, never a 0 or a tier that reads as a result;
 * put_ calls with `known` 0 write only the ','. */
static inline char *put_long_if(char *at, long v, int known)
{
    if (known)
        return put_long(at, v);
    *at++ = ',';
    return at;
}

static inline char *put_mme_if(char *at, int64_t hundredths, int known)
{
    if (known)
        return put_mme(at, hundredths);
    *at++ = ',';
    return at;
}

static void csv_row(patients_out *w, const med_patient *p, const med_patient_summary *s)
{
    outbuf *o = w->ob;
    cell_run run;
    const int known = !no_row_used(s);
    outbuf_csv(o, s->patient_id);
    char *at = run_begin(o, &run);
    at = put_date(at, s->first_day);
    at = put_date(at, s->last_day);
    at = put_long_if(at, s->treatment_days, known);
    at = put_long_if(at, s->days_covered, known);
    at = put_mme_if(at, s->peak_hundredths, known);
    at = put_date(at, s->peak_date);
    at = put_mme_if(at, s->average_hundredths, known);
    at = put_mme_if(at, s->average_covered_hundredths, known);
    size_t thresholds = s->threshold_count < MED_MAX_THRESHOLDS ? s->threshold_count
                                                                 : MED_MAX_THRESHOLDS;
    for (size_t t = 0; t < thresholds; t++)
        at = put_long_if(at, med_patient_days_at_or_above(p, t), known);
    at = put_long_if(at, s->longest_run_at_highest, known);
    at = put_date(at, s->as_of);
    at = put_mme_if(at, s->as_of_hundredths, known);
    at = put_long_if(at, s->benzodiazepine_overlap_days, known);
    const long counts[] = {s->prescribers, s->pharmacies, s->opioid_fills,
                           s->benzodiazepine_fills, s->rows, s->rows_rejected};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        at = put_long(at, counts[i]);
    *at++ = ',';
    run_end(o, &run, at);
    if (!known)
        outbuf_str(o, NO_ROW_USED);
    for (size_t f = 0; f < s->flag_count; f++) {
        if (f || !known)
            outbuf_char(o, ';');
        outbuf_str(o, med_patient_flag(p, f));
    }
    cell(o, known ? s->risk_tier : "");
    at = run_begin(o, &run);
    at = put_long_if(at, s->review_months, known);
    at = known ? put_word(at, s->long_term ? "yes" : "no") : put_word(at, "");
    at = known ? put_word(at, s->active ? "yes" : "no") : put_word(at, "");
    at = put_long_if(at, s->recent_days_covered, known);
    *at++ = ',';
    run_end(o, &run, at);
    outbuf_csv(o, s->primary_prescriber);
    outbuf_char(o, ',');
    outbuf_csv(o, s->group);
    at = run_begin(o, &run);
    at = put_date(at, s->last_review);
    at = put_date(at, known ? s->review_due : "");
    at = put_word(at, s->review_overdue < 0 || !known ? "unknown"
                      : s->review_overdue ? "yes" : "no");
    const char *more[] = {s->last_uds, s->last_pdmp, s->last_agreement, s->last_function,
                          s->naloxone_last};
    for (size_t i = 0; i < 5; i++)
        at = put_date(at, more[i]);
    at = put_long(at, s->naloxone_fills);
    *at++ = ',';
    run_end(o, &run, at);
    gap_list(o, p, s->care_gap_count, med_patient_care_gap);
    outbuf_char(o, ',');
    gap_list(o, p, s->care_gap_unknown_count, med_patient_care_gap_unknown);
    at = run_begin(o, &run);
    at = put_long(at, s->events);
    at = put_long(at, s->events_rejected);
    *at++ = '\n';
    run_end(o, &run, at);
}

/* ,"key":value and ,"key":"date" (or null when there is none) */
static void json_key(outbuf *o, const char *key)
{
    outbuf_str(o, ",\"");
    outbuf_str(o, key);
    outbuf_str(o, "\":");
}

static void json_date(outbuf *o, const char *key, const char *date)
{
    json_key(o, key);
    if (date[0])
        outbuf_json(o, date);
    else
        outbuf_str(o, "null");
}

static void json_num(outbuf *o, const char *key, const char *number)
{
    json_key(o, key);
    outbuf_str(o, number);
}

static void json_mme(outbuf *o, const char *key, int64_t hundredths)
{
    json_key(o, key);
    write_mme(o, hundredths);
}

static void json_long(outbuf *o, const char *key, long v)
{
    json_key(o, key);
    outbuf_long(o, v);
}

/* json_mme and json_long, or null where nothing was computed (no_row_used). */
static void json_mme_if(outbuf *o, const char *key, int64_t hundredths, int known)
{
    if (known)
        json_mme(o, key, hundredths);
    else
        json_num(o, key, "null");
}

static void json_long_if(outbuf *o, const char *key, long v, int known)
{
    if (known)
        json_long(o, key, v);
    else
        json_num(o, key, "null");
}

static void json_row(patients_out *w, const med_patient *p, const med_patient_summary *s)
{
    outbuf *o = w->ob;
    const int known = !no_row_used(s);
    outbuf_str(o, "{\"patient_id\":");
    outbuf_json(o, s->patient_id);
    json_date(o, "first_day", s->first_day);
    json_date(o, "last_day", s->last_day);
    json_long_if(o, "treatment_days", s->treatment_days, known);
    json_long_if(o, "days_covered", s->days_covered, known);
    json_mme_if(o, "peak_mme_per_day", s->peak_hundredths, known);
    json_date(o, "peak_date", s->peak_date);
    json_mme_if(o, "average_mme_per_day", s->average_hundredths, known);
    json_mme_if(o, "average_mme_per_covered_day", s->average_covered_hundredths, known);
    outbuf_str(o, ",\"days_at_or_above\":{");
    for (size_t t = 0; t < s->threshold_count; t++) {
        if (t)
            outbuf_char(o, ',');
        outbuf_json(o, threshold_text(w, t));
        outbuf_char(o, ':');
        if (known)
            outbuf_long(o, med_patient_days_at_or_above(p, t));
        else
            outbuf_str(o, "null");
    }
    outbuf_char(o, '}');
    json_long_if(o, "longest_run_at_or_above_highest", s->longest_run_at_highest, known);
    json_date(o, "as_of", s->as_of);
    json_mme_if(o, "mme_as_of", s->as_of_hundredths, known);
    json_long_if(o, "benzodiazepine_overlap_days", s->benzodiazepine_overlap_days, known);
    json_long(o, "prescribers", s->prescribers);
    json_long(o, "pharmacies", s->pharmacies);
    json_long(o, "opioid_fills", s->opioid_fills);
    json_long(o, "benzodiazepine_fills", s->benzodiazepine_fills);
    json_long(o, "rows", s->rows);
    json_long(o, "rows_rejected", s->rows_rejected);
    json_key(o, "risk_tier");
    if (known)
        outbuf_json(o, s->risk_tier);
    else
        outbuf_str(o, "null");
    json_long_if(o, "review_months", s->review_months, known);
    json_num(o, "long_term", !known ? "null" : s->long_term ? "true" : "false");
    json_num(o, "active", !known ? "null" : s->active ? "true" : "false");
    json_long_if(o, "recent_days_covered", s->recent_days_covered, known);
    json_key(o, "primary_prescriber");
    outbuf_json(o, s->primary_prescriber);
    json_key(o, "group");
    outbuf_json(o, s->group);
    json_date(o, "last_review", s->last_review);
    json_date(o, "review_due", known ? s->review_due : "");
    json_num(o, "review_overdue", s->review_overdue < 0 || !known ? "null"
                                  : s->review_overdue ? "true" : "false");
    json_date(o, "last_uds", s->last_uds);
    json_date(o, "last_pdmp", s->last_pdmp);
    json_date(o, "last_agreement", s->last_agreement);
    json_date(o, "last_function", s->last_function);
    json_date(o, "naloxone_last", s->naloxone_last);
    json_long(o, "naloxone_fills", s->naloxone_fills);
    json_long(o, "events", s->events);
    json_long(o, "events_rejected", s->events_rejected);
    const char *(*lists[])(const med_patient *, size_t) = {med_patient_care_gap,
                                                           med_patient_care_gap_unknown};
    const size_t counts[] = {s->care_gap_count, s->care_gap_unknown_count};
    const char *keys[] = {"care_gaps", "care_gaps_unknown"};
    for (size_t l = 0; l < 2; l++) {
        json_key(o, keys[l]);
        outbuf_char(o, '[');
        for (size_t i = 0; i < counts[l]; i++) {
            if (i)
                outbuf_char(o, ',');
            outbuf_json(o, lists[l](p, i));
        }
        outbuf_char(o, ']');
    }
    outbuf_str(o, ",\"flags\":[");
    if (!known)
        outbuf_json(o, NO_ROW_USED);
    for (size_t f = 0; f < s->flag_count; f++) {
        if (f || !known)
            outbuf_char(o, ',');
        outbuf_json(o, med_patient_flag(p, f));
    }
    outbuf_str(o, "]}\n");
}

static void daily_rows(patients_out *w, med_patient *p, const med_patient_summary *s)
{
    outbuf *o = w->ob;
    char date[11], buf[32];
    if (header_due(w) && w->o->format != FORMAT_JSON)
        outbuf_str(o, DAILY_HEADER);
    for (size_t i = 0; i < med_patient_day_count(p); i++) {
        med_patient_day d = MED_PATIENT_DAY_INIT;
        if (med_patient_get_day(p, i, &d) != MED_OK)
            continue;
        med_date_format(d.day, date, sizeof date);
        mme(d.mme_hundredths, buf, sizeof buf);
        if (w->o->format == FORMAT_JSON) {
            outbuf_str(o, "{\"patient_id\":");
            outbuf_json(o, s->patient_id);
            json_date(o, "date", date);
            json_num(o, "mme_per_day", buf);
            json_long(o, "opioid_fills", d.opioid_fills);
            json_num(o, "benzodiazepine", d.benzodiazepine ? "true" : "false");
            outbuf_str(o, "}\n");
        } else {
            outbuf_csv(o, s->patient_id);
            cell(o, date);
            cell(o, buf);
            cell_long(o, d.opioid_fills);
            cell(o, d.benzodiazepine ? "yes" : "no");
            outbuf_char(o, '\n');
        }
    }
}

static int on_patient(void *context, med_patient *p, const med_patient_summary *s)
{
    patients_out *w = context;
    if (w->o->daily) {
        daily_rows(w, p, s);
    } else if (w->o->format == FORMAT_JSON) {
        json_row(w, p, s);
    } else {
        if (header_due(w))
            csv_header(w, s->threshold_count);
        csv_row(w, p, s);
    }
    return w->ob->failed ? -1 : 0;
}

/* -j N: each thread writes its patients to the piece at hand, the header aside. */
static void *fork_out(void *context)
{
    patients_out *main = context, *w = malloc(sizeof *w);
    if (w == NULL) {
        cli_error("out of memory");
        return NULL;
    }
    *w = *main;
    return w;
}

static void target_out(void *worker, outbuf *out, int direct)
{
    patients_out *w = worker; /* its header flag is the run's (copied by fork_out) */
    w->ob = out;
    w->deferred = !direct;
}

static int join_out(void *context, void *worker)
{
    (void)context;
    free(worker);
    return 0;
}

/* Before the first piece with a patient: the header its rows need (JSON has none). */
static void header_out(void *context, size_t thresholds)
{
    patients_out *w = context;
    if (!header_due(w) || w->o->format == FORMAT_JSON)
        return;
    if (w->o->daily)
        outbuf_str(w->ob, DAILY_HEADER);
    else
        csv_header(w, thresholds);
}

static const patient_threads THREADS = {fork_out, target_out, join_out, header_out};

static void summary(const patient_run *run)
{
    const char *rid, *rversion, *rdigest;
    if (run->o->quiet || run->table == NULL || run->rules == NULL || !run->started)
        return;
    const med_table_info *info = med_table_get_info(run->table);
    const med_table_info *fb = med_table_get_info(med_table_get_fallback(run->table));
    char fallback[300] = "";
    if (fb)
        snprintf(fallback, sizeof fallback, "; fallback table %s@%s sha256:%s", fb->id,
                 fb->version, fb->digest);
    med_rules_get_info(run->rules, &rid, &rversion, &rdigest);
    fprintf(stderr,
            "medcalc: %s: %ld records, %ld patients, %ld rows not used, %ld records not "
            "attributed; as of %s; %s; table %s@%s sha256:%s%s; rules %s@%s sha256:%s%s\n",
            run->name ? run->name : "<input>", run->records, run->patients, run->rejected,
            run->unattributed, run->as_of[0] ? run->as_of : "(no fill date)",
            run->grouped ? "streamed (sorted by patient_id)"
                                            : "read into memory (not sorted by patient_id)",
            info->id, info->version, info->digest, fallback, rid, rversion, rdigest,
            run->ndc_lists);
    if (run->o->events)
        fprintf(stderr,
                "medcalc: %s: %ld events, %ld not used, %ld of patients with no claims%s%s\n",
                run->o->events, run->events_rows, run->events_rejected, run->events_unmatched,
                events_how(run->events)[0] ? "; " : "", events_how(run->events));
}

int cmd_patients(const options *o)
{
    patient_run run;
    patients_out w;
    memset(&run, 0, sizeof run);
    memset(&w, 0, sizeof w);
    run.o = o;
    w.o = o;
    w.run = &run;
    w.header = &w.header_written;
    if (o->nargs > 1) {
        cli_error("patients takes one input file (or - for standard input)");
        return EXIT_USAGE;
    }
    if (o->format == FORMAT_TEXT && o->format_given) {
        cli_error("patients writes csv or json, not text");
        return EXIT_USAGE;
    }
    if ((w.out = cli_open_output(o)) == NULL)
        return EXIT_INPUT;
    static outbuf ob;
    outbuf_init(&ob, fileno(w.out));
    w.ob = &ob;
    run.threads = &THREADS;
    run.out = &ob;
    int rc = for_each_patient(&run, on_patient, &w);
    int werr = outbuf_flush(&ob);
    if (werr)
        cli_error("writing %s failed: %s", o->output ? o->output : "standard output",
                  strerror(werr));
    int wrc = cli_close_output(w.out, o); /* closed even after a failed write */
    if (werr)
        wrc = EXIT_WRITE;
    if (rc != EXIT_INPUT) /* a run that stopped (out of memory, a read error) said why: no
                           * counts of what was read before, which would read as the input's */
        summary(&run);
    patient_run_free(&run);
    return wrc != EXIT_OK ? wrc : rc;
}
