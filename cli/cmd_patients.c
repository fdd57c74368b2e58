/* medcalc patients [FILE|-]: one row per patient (or, with --daily, per patient-day). */
#include <string.h>

#include "patients.h"

typedef struct patients_out {
    FILE *out;
    const options *o;
    int header_written;
} patients_out;

static void csv_header(patients_out *w, const med_patient_summary *s)
{
    fputs("patient_id,first_day,last_day,treatment_days,days_covered,peak_mme_per_day,peak_date,"
          "average_mme_per_day,average_mme_per_covered_day", w->out);
    for (size_t t = 0; t < s->threshold_count; t++)
        fprintf(w->out, ",days_at_or_above_%s", s->thresholds[t].mme_text);
    fputs(",longest_run_at_or_above_highest,as_of,mme_as_of,benzodiazepine_overlap_days,"
          "prescribers,pharmacies,opioid_fills,benzodiazepine_fills,rows,rows_rejected,flags,"
          "risk_tier,review_months,long_term\n", w->out);
}

static void csv_row(patients_out *w, const med_patient_summary *s)
{
    csv_field(w->out, s->patient_id);
    fprintf(w->out, ",%s,%s,%ld,%ld,%s,%s,%s,%s", s->first_day, s->last_day, s->treatment_days,
            s->days_covered, s->peak_mme, s->peak_date, s->average_mme, s->average_covered_mme);
    for (size_t t = 0; t < s->threshold_count; t++)
        fprintf(w->out, ",%ld", s->days_at_or_above[t]);
    fprintf(w->out, ",%ld,%s,%s,%ld,%ld,%ld,%ld,%ld,%ld,%ld,", s->longest_run_at_highest, s->as_of,
            s->mme_as_of, s->benzodiazepine_overlap_days, s->prescribers, s->pharmacies,
            s->opioid_fills, s->benzodiazepine_fills, s->rows, s->rows_rejected);
    for (size_t f = 0; f < s->flag_count; f++)
        fprintf(w->out, "%s%s", f ? ";" : "", s->flags[f]);
    fprintf(w->out, ",%s,%d,%s\n", s->risk_tier, s->review_months, s->long_term ? "yes" : "no");
}

static void json_date(FILE *out, const char *key, const char *date)
{
    fprintf(out, ",\"%s\":", key);
    if (date[0])
        json_string(out, date);
    else
        fputs("null", out);
}

static void json_row(patients_out *w, const med_patient_summary *s)
{
    FILE *out = w->out;
    fputs("{\"patient_id\":", out);
    json_string(out, s->patient_id);
    json_date(out, "first_day", s->first_day);
    json_date(out, "last_day", s->last_day);
    fprintf(out, ",\"treatment_days\":%ld,\"days_covered\":%ld,\"peak_mme_per_day\":%s",
            s->treatment_days, s->days_covered, s->peak_mme);
    json_date(out, "peak_date", s->peak_date);
    fprintf(out, ",\"average_mme_per_day\":%s,\"average_mme_per_covered_day\":%s,"
                 "\"days_at_or_above\":{", s->average_mme, s->average_covered_mme);
    for (size_t t = 0; t < s->threshold_count; t++)
        fprintf(out, "%s\"%s\":%ld", t ? "," : "", s->thresholds[t].mme_text,
                s->days_at_or_above[t]);
    fprintf(out, "},\"longest_run_at_or_above_highest\":%ld", s->longest_run_at_highest);
    json_date(out, "as_of", s->as_of);
    fprintf(out, ",\"mme_as_of\":%s,\"benzodiazepine_overlap_days\":%ld,\"prescribers\":%ld,"
                 "\"pharmacies\":%ld,\"opioid_fills\":%ld,\"benzodiazepine_fills\":%ld,"
                 "\"rows\":%ld,\"rows_rejected\":%ld,\"risk_tier\":",
            s->mme_as_of, s->benzodiazepine_overlap_days, s->prescribers, s->pharmacies,
            s->opioid_fills, s->benzodiazepine_fills, s->rows, s->rows_rejected);
    json_string(out, s->risk_tier);
    fprintf(out, ",\"review_months\":%d,\"long_term\":%s,\"flags\":[", s->review_months,
            s->long_term ? "true" : "false");
    for (size_t f = 0; f < s->flag_count; f++) {
        if (f)
            fputc(',', out);
        json_string(out, s->flags[f]);
    }
    fputs("]}\n", out);
}

static void daily_rows(patients_out *w, med_patient *p, const med_patient_summary *s)
{
    if (!w->header_written && w->o->format != FORMAT_JSON)
        fputs("patient_id,date,mme_per_day,opioid_fills,benzodiazepine\n", w->out);
    w->header_written = 1;
    for (size_t i = 0; i < med_patient_day_count(p); i++) {
        med_patient_day d;
        if (med_patient_get_day(p, i, &d) != MED_OK)
            continue;
        if (w->o->format == FORMAT_JSON) {
            fputs("{\"patient_id\":", w->out);
            json_string(w->out, s->patient_id);
            fprintf(w->out, ",\"date\":\"%s\",\"mme_per_day\":%s,\"opioid_fills\":%d,"
                            "\"benzodiazepine\":%s}\n",
                    d.date, d.mme, d.opioid_fills, d.benzodiazepine ? "true" : "false");
        } else {
            csv_field(w->out, s->patient_id);
            fprintf(w->out, ",%s,%s,%d,%s\n", d.date, d.mme, d.opioid_fills,
                    d.benzodiazepine ? "yes" : "no");
        }
    }
}

static int on_patient(void *context, med_patient *p, const med_patient_summary *s)
{
    patients_out *w = context;
    if (w->o->daily) {
        daily_rows(w, p, s);
    } else if (w->o->format == FORMAT_JSON) {
        json_row(w, s);
    } else {
        if (!w->header_written)
            csv_header(w, s);
        w->header_written = 1;
        csv_row(w, s);
    }
    return ferror(w->out) ? -1 : 0;
}

static void summary(const patient_run *run)
{
    med_table_info info;
    const char *rid, *rversion, *rdigest;
    if (run->o->quiet || run->table == NULL || run->rules == NULL)
        return;
    med_table_get_info(run->table, &info);
    med_rules_get_info(run->rules, &rid, &rversion, &rdigest);
    fprintf(stderr,
            "medcalc: %s: %ld records, %ld patients, %ld rows not used, %ld records not "
            "attributed; %s; table %s@%s sha256:%s; rules %s@%s sha256:%s\n",
            run->name ? run->name : "<input>", run->records, run->patients, run->rejected,
            run->unattributed, run->grouped ? "streamed (sorted by patient_id)"
                                            : "read into memory (not sorted by patient_id)",
            info.id, info.version, info.digest, rid, rversion, rdigest);
}

int cmd_patients(const options *o)
{
    patient_run run;
    patients_out w;
    memset(&run, 0, sizeof run);
    memset(&w, 0, sizeof w);
    run.o = o;
    w.o = o;
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
    int rc = for_each_patient(&run, on_patient, &w);
    int wrc = cli_close_output(w.out, o);
    summary(&run);
    patient_run_free(&run);
    return wrc != EXIT_OK ? wrc : rc;
}
