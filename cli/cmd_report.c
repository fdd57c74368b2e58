/* medcalc report [FILE|-]: practice measures, for the whole practice and by prescriber. */
#include <stdlib.h>
#include <string.h>

#include "patients.h"
#include "report_html.h"

/* The practice patients are added to: the run's, or (-j N) a thread's, merged at the end. */
typedef struct practice_part {
    med_practice *pr;
    const med_rules *rules;
    const med_practice_options *options;
} practice_part;

static int on_patient(void *context, med_patient *p, const med_patient_summary *s)
{
    practice_part *x = context;
    (void)s; /* the practice takes the patient's last summary itself */
    med_status st = med_practice_add(x->pr, p);
    if (st != MED_OK)
        cli_error("adding a patient to the practice measures: %s", med_status_string(st));
    return st == MED_OK ? 0 : -1;
}

/* -j N: a practice per thread. The merge keeps every patient's peak, so the medians and
 * percentiles are those of the whole (med_practice_merge). */
static void *fork_part(void *context)
{
    const practice_part *main = context;
    practice_part *w = calloc(1, sizeof *w);
    med_error e;
    if (w == NULL || med_practice_new(main->rules, &w->pr, &e) != MED_OK ||
        med_practice_set_options(w->pr, main->options, &e) != MED_OK) {
        cli_error("out of memory");
        free(w);
        return NULL;
    }
    w->rules = main->rules;
    w->options = main->options;
    return w;
}

static void target_part(void *worker, outbuf *out, int direct)
{
    (void)worker, (void)out, (void)direct; /* the report is written once all are read */
}

static int join_part(void *context, void *worker)
{
    practice_part *main = context, *w = worker;
    med_status s = med_practice_merge(main->pr, w->pr);
    if (s != MED_OK)
        cli_error("merging the practice measures of the threads failed: out of memory");
    med_practice_free(w->pr);
    free(w);
    return s == MED_OK ? 0 : -1;
}

static const patient_threads THREADS = {fork_part, target_part, join_part, NULL};

/* The threshold's value as the table prints it ("90"). */
static const char *threshold_text(const med_practice *pr, size_t t)
{
    const med_threshold *th = med_practice_threshold(pr, t);
    return th && th->mme_text ? th->mme_text : "";
}

/* A group's median and 90th percentile peak daily MME as text ("60", "5.83"). */
typedef struct peak_texts {
    char median[32], p90[32];
} peak_texts;

static peak_texts peaks(const med_practice_group *g)
{
    peak_texts t;
    med_hundredths_format(g->median_peak_hundredths, t.median, sizeof t.median);
    med_hundredths_format(g->p90_peak_hundredths, t.p90, sizeof t.p90);
    return t;
}

/* "12 (4.5%)": a count with its share of the group's patients. */
static void count_share(FILE *out, long n, long of)
{
    if (of > 0)
        fprintf(out, "%ld (%.1f%%)", n, 100.0 * (double)n / (double)of);
    else
        fprintf(out, "%ld", n);
}

static void text_practice(FILE *out, const med_practice *pr, const med_practice_group *g,
                          const med_rules *rules)
{
    peak_texts pk = peaks(g);
    fprintf(out, "patients with opioid fills giving MME: %ld\n", g->patients);
    fprintf(out, "  on opioids now (MME on a day of the %ld days ending on the as-of day): ",
            med_rules_active_days(rules));
    count_share(out, g->active, g->patients);
    fputs("\n  on long-term therapy now: ", out);
    count_share(out, g->active_long_term, g->active);
    fputc('\n', out);
    fprintf(out, "  on long-term therapy (%s): ", med_rules_long_term_text(rules));
    count_share(out, g->long_term, g->patients);
    fputc('\n', out);
    for (size_t t = 0; t < g->threshold_count; t++) {
        const med_threshold *th = med_practice_threshold(pr, t);
        if (th == NULL)
            continue;
        fprintf(out, "  peak daily MME %s %s: ", med_comparator_string(th->comparator),
                th->mme_text);
        count_share(out, g->at_or_above[t], g->patients);
        fputc('\n', out);
    }
    fputs("  any day with an opioid and a benzodiazepine: ", out);
    count_share(out, g->coprescribed, g->patients);
    fputc('\n', out);
    for (size_t f = 0; f < g->flag_count; f++) {
        fprintf(out, "  %s: ", g->flag_names[f]);
        count_share(out, g->flag_patients[f], g->patients);
        fputc('\n', out);
    }
    fprintf(out, "  peak daily MME: median %s, 90th percentile %s\n", pk.median, pk.p90);
}

/* "12 of 40 (30.0%)", or "none in the denominator". */
static void fraction(FILE *out, const med_quality_measure *q)
{
    if (q->denominator > 0)
        fprintf(out, "%ld of %ld (%s%%)", q->numerator, q->denominator, q->percent);
    else
        fputs("no patient in the denominator", out);
}

static void text_measures(FILE *out, const med_practice *pr)
{
    const char *from = "", *to = "";
    const med_quality_measure *q;
    if (med_practice_measurement_period(pr, &from, &to) != MED_OK)
        return;
    fprintf(out, "\nquality measures, %s to %s (after CDC's 2018 quality improvement measures)\n",
            from, to);
    for (size_t i = 0; (q = med_practice_get_measure(pr, 0, i)) != NULL; i++) {
        fprintf(out, "  %s: ", q->key);
        fraction(out, q);
        fprintf(out, "\n    %s\n    definition: %s\n    source: %s\n", q->label, q->definition,
                q->source);
    }
}

/* The table of the groups of one level ("prescriber" or "group"), headed `heading`. */
static void text_groups(FILE *out, const med_practice *pr, const char *level, const char *heading)
{
    const med_practice_group *g;
    fprintf(out, "  %-12s %8s %11s %9s %10s %13s\n", heading, "patients", "median_peak",
            "p90_peak", "high_dose", "coprescribed");
    for (size_t i = 1; i < med_practice_group_count(pr); i++) {
        if ((g = med_practice_get_group(pr, i)) == NULL || strcmp(g->level, level) != 0)
            continue;
        peak_texts pk = peaks(g);
        fprintf(out, "  %-12s %8ld %11s %9s %9.1f%% %12.1f%%\n", g->name, g->patients,
                pk.median, pk.p90, g->patients ? 100.0 * g->high_dose / g->patients : 0.0,
                g->patients ? 100.0 * g->coprescribed / g->patients : 0.0);
    }
}

static void text_report(FILE *out, const med_practice *pr, const patient_run *run)
{
    const med_practice_group *g;
    const char *rid, *rversion, *rdigest;
    const med_table_info *info = med_table_get_info(run->table);
    med_rules_get_info(run->rules, &rid, &rversion, &rdigest);
    const med_table_info *fb = med_table_get_info(med_table_get_fallback(run->table));
    fprintf(out, "input:  %s\ntable:  %s@%s sha256 %s\n", run->name, info->id, info->version,
            info->digest);
    if (fb)
        fprintf(out, "fallback: %s@%s sha256 %s (factors the table lacks)\n", fb->id,
                fb->version, fb->digest);
    fprintf(out, "rules:  %s@%s sha256 %s\nas of:  %s\n\n", rid, rversion, rdigest,
            run->as_of[0] ? run->as_of : "(no fill date)");
    if ((g = med_practice_get_group(pr, 0)) == NULL)
        return;
    text_practice(out, pr, g, run->rules);
    text_measures(out, pr);
    fprintf(out, "\nby prescriber (%s; high dose: peak >= %s MME/day)\n",
            run->o->attribution == MED_ATTRIBUTION_ANY
                ? "each patient counted for every prescriber of an opioid fill"
                : "each patient counted once, for its primary prescriber",
            med_rules_high_dose_text(run->rules));
    text_groups(out, pr, "prescriber", "prescriber");
    if (run->o->group_by) {
        fprintf(out, "\nby %s (each patient in the group of its primary prescriber's latest fill)\n",
                run->o->group_by);
        text_groups(out, pr, "group", run->o->group_by);
    }
}

static void csv_report(FILE *out, const med_practice *pr, const patient_run *run)
{
    const med_practice_group *g;
    for (size_t i = 0; i < med_practice_group_count(pr); i++) {
        if ((g = med_practice_get_group(pr, i)) == NULL)
            continue;
        if (i == 0) {
            fputs("as_of,group_by,group,patients,long_term,active,active_long_term", out);
            for (size_t t = 0; t < g->threshold_count; t++)
                fprintf(out, ",peak_at_or_above_%s", threshold_text(pr, t));
            fputs(",high_dose,coprescribed", out);
            for (size_t f = 0; f < g->flag_count; f++)
                fprintf(out, ",%s", g->flag_names[f]);
            fputs(",median_peak_mme,p90_peak_mme,period_from,period_to", out);
            for (size_t m = 0; m < med_practice_measure_count(pr); m++) {
                const med_quality_measure *q = med_practice_get_measure(pr, 0, m);
                fprintf(out, ",%s_numerator,%s_denominator", q->key, q->key);
            }
            fputc('\n', out);
        }
        peak_texts pk = peaks(g);
        fprintf(out, "%s,", run->as_of);
        csv_field(out, strcmp(g->level, "group") == 0 ? run->o->group_by : g->level);
        fputc(',', out);
        csv_field(out, i == 0 ? "practice" : g->name);
        fprintf(out, ",%ld,%ld,%ld,%ld", g->patients, g->long_term, g->active,
                g->active_long_term);
        for (size_t t = 0; t < g->threshold_count; t++)
            fprintf(out, ",%ld", g->at_or_above[t]);
        fprintf(out, ",%ld,%ld", g->high_dose, g->coprescribed);
        for (size_t f = 0; f < g->flag_count; f++)
            fprintf(out, ",%ld", g->flag_patients[f]);
        const char *from = "", *to = "";
        if (med_practice_measurement_period(pr, &from, &to) != MED_OK)
            from = to = ""; /* no patient: no period */
        fprintf(out, ",%s,%s,%s,%s", pk.median, pk.p90, from, to);
        for (size_t m = 0; m < med_practice_measure_count(pr); m++) {
            const med_quality_measure *q = med_practice_get_measure(pr, i, m);
            fprintf(out, ",%ld,%ld", q->numerator, q->denominator);
        }
        fputc('\n', out);
    }
}

static void json_group(FILE *out, const med_practice *pr, const med_practice_group *g)
{
    peak_texts pk = peaks(g);
    fputs("{\"name\":", out);
    json_string(out, g->name);
    fprintf(out, ",\"patients\":%ld,\"long_term\":%ld,\"active\":%ld,\"active_long_term\":%ld,"
            "\"peak_at_or_above\":{", g->patients, g->long_term, g->active, g->active_long_term);
    for (size_t t = 0; t < g->threshold_count; t++)
        fprintf(out, "%s\"%s\":%ld", t ? "," : "", threshold_text(pr, t), g->at_or_above[t]);
    fprintf(out, "},\"high_dose\":%ld,\"coprescribed\":%ld,\"flags\":{", g->high_dose,
            g->coprescribed);
    for (size_t f = 0; f < g->flag_count; f++) {
        fputs(f ? "," : "", out);
        json_string(out, g->flag_names[f]); /* a clinic's rules file names its own flags */
        fprintf(out, ":%ld", g->flag_patients[f]);
    }
    fprintf(out, "},\"median_peak_mme\":%s,\"p90_peak_mme\":%s,\"measures\":{", pk.median,
            pk.p90);
    size_t gi = 0;
    while (med_practice_get_group(pr, gi) != g)
        gi++;
    for (size_t m = 0; m < med_practice_measure_count(pr); m++) {
        const med_quality_measure *q = med_practice_get_measure(pr, gi, m);
        fputs(m ? "," : "", out);
        json_string(out, q->key);
        fprintf(out, ":{\"numerator\":%ld,\"denominator\":%ld}", q->numerator, q->denominator);
    }
    fputs("}}", out);
}

/* ,"measurement_period":{...},"measures":[...]: the practice's measures with their words. */
static void json_measures(FILE *out, const med_practice *pr)
{
    const char *from = "", *to = "";
    const med_quality_measure *q;
    if (med_practice_measurement_period(pr, &from, &to) != MED_OK)
        return;
    fprintf(out, ",\"measurement_period\":{\"from\":\"%s\",\"to\":\"%s\"},\"measures\":[", from,
            to);
    for (size_t i = 0; (q = med_practice_get_measure(pr, 0, i)) != NULL; i++) {
        fputs(i ? ",{\"key\":" : "{\"key\":", out);
        json_string(out, q->key);
        const char *keys[] = {"label", "definition", "source"};
        const char *vals[] = {q->label, q->definition, q->source};
        for (size_t k = 0; k < 3; k++) {
            fprintf(out, ",\"%s\":", keys[k]);
            json_string(out, vals[k]);
        }
        fprintf(out, ",\"numerator\":%ld,\"denominator\":%ld,\"percent\":%s}", q->numerator,
                q->denominator, q->percent[0] ? q->percent : "null");
    }
    fputc(']', out);
}

/* "[...]": the groups of one level. */
static void json_groups(FILE *out, const med_practice *pr, const char *level)
{
    const med_practice_group *g;
    int first = 1;
    fputc('[', out);
    for (size_t i = 1; i < med_practice_group_count(pr); i++)
        if ((g = med_practice_get_group(pr, i)) != NULL && strcmp(g->level, level) == 0) {
            if (!first)
                fputc(',', out);
            first = 0;
            json_group(out, pr, g);
        }
    fputc(']', out);
}

static void json_report(FILE *out, const med_practice *pr, const patient_run *run)
{
    const med_practice_group *g;
    const char *rid, *rversion, *rdigest;
    const med_table_info *info = med_table_get_info(run->table);
    med_rules_get_info(run->rules, &rid, &rversion, &rdigest);
    fputs("{\"input\":", out);
    json_string(out, run->name);
    fputs(",\"as_of\":", out);
    if (run->as_of[0])
        json_string(out, run->as_of);
    else
        fputs("null", out);
    fputs(",\"table\":{\"id\":", out);
    json_string(out, info->id);
    fputs(",\"version\":", out);
    json_string(out, info->version);
    fputs(",\"digest\":", out);
    json_string(out, info->digest);
    cli_fallback_json(out, run->table);
    fputs("},\"rules\":{\"id\":", out);
    json_string(out, rid);
    fputs(",\"version\":", out);
    json_string(out, rversion);
    fputs(",\"digest\":", out);
    json_string(out, rdigest);
    fprintf(out, ",\"high_dose_mme\":%s", med_rules_high_dose_text(run->rules));
    fputs(",\"long_term\":", out);
    json_string(out, med_rules_long_term_text(run->rules));
    fprintf(out, ",\"active_days\":%ld", med_rules_active_days(run->rules));
    fputs("},\"attribution\":", out);
    json_string(out, med_attribution_string(run->o->attribution));
    json_measures(out, pr);
    fputs(",\"practice\":", out);
    if ((g = med_practice_get_group(pr, 0)) != NULL)
        json_group(out, pr, g);
    fputs(",\"prescribers\":", out);
    json_groups(out, pr, "prescriber");
    if (run->o->group_by) {
        fputs(",\"group_by\":", out);
        json_string(out, run->o->group_by);
        fputs(",\"groups\":", out);
        json_groups(out, pr, "group");
    }
    fputs("}\n", out);
}

/* patient_run.ready: the dashboard on, its run chart ending on the as-of day. */
static med_status dashboard_ready(patient_run *run, void *context)
{
    const practice_part *whole = context;
    return html_dashboard_on(whole->pr, run->o, run->as_of);
}

int cmd_report(const options *o)
{
    patient_run run;
    med_practice *pr = NULL;
    med_error e;
    memset(&run, 0, sizeof run);
    run.o = o;
    if (o->nargs > 1) {
        cli_error("report takes one input file (or - for standard input)");
        return EXIT_USAGE;
    }
    int rc = EXIT_INPUT;
    /* The practice needs the rules, which for_each_patient loads: load them here first. */
    med_rules *rules = NULL;
    if (med_rules_load(o->rules, &rules, &e) != MED_OK) {
        cli_error_at(&e);
        return EXIT_INPUT;
    }
    med_practice_options po = MED_PRACTICE_OPTIONS_INIT;
    po.attribution = o->attribution;
    po.by_group = o->group_by != NULL;
    po.from = o->from;
    po.to = o->to;
    if (med_practice_new(rules, &pr, &e) != MED_OK) {
        cli_error_at(&e);
    } else if (med_practice_set_options(pr, &po, &e) != MED_OK) {
        cli_error("%s", e.message); /* a bad --from or --to */
        rc = EXIT_USAGE;
    }
    else {
        practice_part whole = {pr, rules, &po};
        /* the dashboard needs the as-of day, known once the input's order was checked */
        run.ready = o->format == FORMAT_HTML ? dashboard_ready : NULL;
        /* The dashboard (HTML) reads every patient's days in order: one thread. */
        run.threads = o->format == FORMAT_HTML ? NULL : &THREADS;
        rc = for_each_patient(&run, on_patient, &whole);
    }
    med_status fin = rc == EXIT_OK || rc == EXIT_ROWS ? med_practice_finish(pr) : MED_OK;
    if (fin != MED_OK) {
        cli_error("working out the practice measures: %s", med_status_string(fin));
        rc = EXIT_INPUT;
    } else if (rc == EXIT_OK || rc == EXIT_ROWS) {
        FILE *out = cli_open_output(o);
        if (out == NULL) {
            rc = EXIT_INPUT;
        } else {
            if (o->format == FORMAT_JSON)
                json_report(out, pr, &run);
            else if (o->format == FORMAT_HTML)
                html_report(out, pr, &run);
            else if (o->format == FORMAT_CSV)
                csv_report(out, pr, &run);
            else
                text_report(out, pr, &run);
            int wrc = cli_close_output(out, o);
            rc = wrc != EXIT_OK ? wrc : rc;
        }
    }
    med_practice_free(pr);
    med_rules_free(rules);
    patient_run_free(&run);
    return rc;
}
