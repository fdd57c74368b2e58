/* medcalc report --format html: one self-contained page (inline CSS and SVG, no scripts) with
 * the headline figures and their definitions, the run charts, the MME distribution, prescriber
 * variation and the patients needing attention, each chart beside a table of its numbers, and a
 * footer that names the table, method, rules and input so a printed page can be traced. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "report_html.h"
#include "report_style.h"

#define VARIATION_TABLE_MAX 200

med_status html_dashboard_on(med_practice *practice, const options *o, const char *as_of)
{
    med_dashboard_options d = MED_DASHBOARD_OPTIONS_INIT;
    med_error e;
    d.period = o->period;
    d.deidentify = o->deidentify;
    d.long_term_only = o->long_term_only;
    d.until = as_of; /* borrowed during the call only */
    med_status s = med_practice_dashboard(practice, &d, &e);
    if (s != MED_OK)
        cli_error_at(&e);
    return s;
}

/* A legend entry: a small symbol (class `cls`, drawn by `shape`) and its meaning. */
static void legend_item(FILE *out, const char *symbol, const char *text)
{
    fprintf(out, "<li><svg viewBox=\"0 0 44 20\" aria-hidden=\"true\">%s</svg> ", symbol);
    html_text(out, text);
    fputs("</li>\n", out);
}

static void page_start(FILE *out, const patient_run *run, const med_dashboard *d)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    html_textf(out, "Opioid prescribing dashboard: %s", run->name);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n"
                 "<h1>Opioid prescribing dashboard</h1>\n<p class=\"sub\">", REPORT_CSS);
    html_textf(out, "%s: %ld patients on opioids; ", run->name, d->patients);
    if (run->as_of[0])
        html_textf(out, "as of %s%s", run->as_of,
                   run->o->as_of ? "" : " (the latest fill date in the input)");
    fputs("</p>\n</header>\n", out);
}

static void headlines(FILE *out, const med_practice *pr, const med_dashboard *d)
{
    const med_headline *h;
    fputs("<section id=\"headline\">\n<h2>Headline figures</h2>\n<ul class=\"cards\">\n", out);
    for (size_t i = 0; i < d->headlines; i++) {
        if ((h = med_practice_get_headline(pr, i)) == NULL)
            continue;
        fputs("<li class=\"card\"", out);
        html_attr(out, "data-key", h->key);
        fprintf(out, " data-count=\"%ld\" data-of=\"%ld\">\n<div class=\"num\">%ld</div>\n",
                h->count, h->of, h->count);
        if (i > 0)
            fprintf(out, "<div class=\"pct\">%s%% of %ld</div>\n", h->percent, h->of);
        else
            fputs("<div class=\"pct\">patients</div>\n", out);
        fputs("<div class=\"label\">", out);
        html_text(out, h->label);
        fputs("</div>\n<p class=\"def\">", out);
        html_text(out, h->definition);
        fputs("</p>\n</li>\n", out);
    }
    fputs("</ul>\n</section>\n", out);
}

/* --- run chart ------------------------------------------------------------------------------ */

/* A count and its share; a diamond (its title says which) marks a point in a shift or trend. */
static void share_cell(FILE *out, long count, const char *percent, unsigned s)
{
    fprintf(out, "<td>%ld (%s%%)", count, percent);
    if (s)
        fprintf(out, " <abbr class=\"sig\" title=\"part of a %s%s%s\">&#9670;</abbr>",
                s & MED_SIGNAL_SHIFT ? "shift" : "",
                (s & MED_SIGNAL_SHIFT) && (s & MED_SIGNAL_TREND) ? " and a " : "",
                s & MED_SIGNAL_TREND ? "trend" : "");
    else
        fputs(" <span class=\"sig none\">&#9670;</span>", out);
    fputs("</td>", out);
}

static void run_table(FILE *out, const med_practice *pr, const med_dashboard *d)
{
    const med_run_point *p;
    fprintf(out, "<table id=\"run-table\">\n<caption>By %s (&#9670;: part of a shift or a trend)"
                 "</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">Patients</th>"
                 "<th scope=\"col\">&#8805; %s MME/day</th><th scope=\"col\">Opioid + "
                 "benzodiazepine</th></tr></thead>\n<tbody>\n", med_period_string(d->period),
            d->period == MED_PERIOD_WEEK ? "Week of"
            : d->period == MED_PERIOD_QUARTER ? "Quarter" : "Month", d->high_dose_text);
    for (size_t i = 0; i < d->periods; i++) {
        if ((p = med_practice_get_run_point(pr, i)) == NULL)
            continue;
        fprintf(out, "<tr data-period=\"%s\"><td>%s</td><td>%ld</td>", p->label, p->label,
                p->patients);
        share_cell(out, p->high_dose, p->high_dose_percent, p->high_dose_signals);
        share_cell(out, p->benzodiazepine, p->benzodiazepine_percent, p->benzodiazepine_signals);
        fputs("</tr>\n", out);
    }
    fprintf(out, "</tbody>\n<tfoot><tr><th scope=\"row\">Median</th><td></td><td>%s%%</td>"
                 "<td>%s%%</td></tr></tfoot>\n</table>\n",
            d->high_dose_median_percent, d->benzodiazepine_median_percent);
}

static void run_legend(FILE *out, double goal)
{
    fputs("<ul class=\"legend\">\n", out);
    legend_item(out, "<circle cx=\"22\" cy=\"10\" r=\"6\" class=\"pt\"/>", "a period's share");
    legend_item(out, "<path d=\"M22 2l8 8l-8 8l-8-8z\" class=\"pt signal\"/>",
                "part of a shift (6 or more points on one side of the median) or a trend "
                "(5 or more rising or falling): a change worth a look");
    legend_item(out, "<line x1=\"2\" y1=\"10\" x2=\"42\" y2=\"10\" class=\"median\"/>",
                "median of the points");
    if (goal >= 0)
        legend_item(out, "<line x1=\"2\" y1=\"10\" x2=\"42\" y2=\"10\" class=\"goal\"/>",
                    "the practice's goal (--goal)");
    fputs("</ul>\n", out);
}

static void run_section(FILE *out, const med_practice *pr, const med_dashboard *d, double goal,
                        const options *o)
{
    fprintf(out, "<section id=\"run\">\n<h2>Run chart: high doses and benzodiazepines by %s</h2>\n"
                 "<p class=\"note\">Each point counts the patients with opioid MME on some day of "
                 "the %s; of them, those whose daily total reached %s MME/day on a day of it, and "
                 "those with an opioid and a benzodiazepine active on the same day. Lower is "
                 "better for both.%s</p>\n<div class=\"pair\">\n<div>\n<figure>\n",
            med_period_string(d->period), med_period_string(d->period), d->high_dose_text,
            o->long_term_only ? " Only patients on long-term therapy on the as-of day are "
                                "counted (--population long-term)." : "");
    fprintf(out, "<figcaption class=\"chart-title\">At or above %s MME/day</figcaption>\n",
            d->high_dose_text);
    chart_run(out, pr, d, 0, goal, o);
    fputs("</figure>\n<figure>\n<figcaption class=\"chart-title\">Opioid and benzodiazepine on "
          "the same day</figcaption>\n", out);
    chart_run(out, pr, d, 1, -1, o);
    fputs("</figure>\n", out);
    run_legend(out, goal);
    fputs("</div>\n<div>\n", out);
    run_table(out, pr, d);
    fputs("</div>\n</div>\n</section>\n", out);
}

/* --- distribution --------------------------------------------------------------------------- */

static void distribution_table(FILE *out, const med_practice *pr, const med_dashboard *d)
{
    const med_mme_bin *b;
    fputs("<table id=\"dist-table\">\n<caption>Patients by daily MME</caption>\n<thead><tr>"
          "<th scope=\"col\">MME/day</th><th scope=\"col\">Current</th>"
          "<th scope=\"col\">Peak</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < d->bins; i++)
        if ((b = med_practice_get_mme_bin(pr, i)) != NULL && (b->current || b->peak))
            fprintf(out, "<tr data-bin=\"%s\"><td>%s</td><td>%ld</td><td>%ld</td></tr>\n",
                    b->label, b->label, b->current, b->peak);
    fputs("</tbody>\n<tfoot>\n", out);
    fprintf(out, "<tr><th scope=\"row\">Median</th><td>%s</td><td>%s</td></tr>\n"
                 "<tr><th scope=\"row\">90th percentile</th><td>%s</td><td>%s</td></tr>\n",
            d->median_current, d->median_peak, d->p90_current, d->p90_peak);
    for (size_t t = 0; t < d->threshold_count; t++) {
        const med_threshold *th = med_practice_threshold(pr, t);
        if (th == NULL)
            continue;
        fputs("<tr><th scope=\"row\">", out);
        html_textf(out, "%s %s (%s)", th->comparator == MED_CMP_GE ? "\u2265" : ">",
                   th->mme_text, th->level);
        fprintf(out, "</th><td>%ld</td><td>%ld</td></tr>\n", d->current_at_or_above[t],
                d->peak_at_or_above[t]);
    }
    fprintf(out, "<tr><th scope=\"row\">No opioid on the as-of day</th><td>%ld</td><td></td>"
                 "</tr>\n</tfoot>\n</table>\n", d->current_none);
}

static void distribution_section(FILE *out, const med_practice *pr, const med_dashboard *d)
{
    fputs("<section id=\"distribution\">\n<h2>Daily MME: current and peak</h2>\n<p class=\"note\">"
          "Current: the patient's total on the as-of day. Peak: the highest daily total of "
          "the whole period. Dashed lines are the table's thresholds.</p>\n"
          "<div class=\"pair\">\n<div>\n<figure>\n"
          "<figcaption class=\"chart-title\">Current daily MME (solid bars)</figcaption>\n", out);
    chart_distribution(out, pr, d, 0);
    fputs("</figure>\n<figure>\n"
          "<figcaption class=\"chart-title\">Peak daily MME (hatched bars)</figcaption>\n", out);
    chart_distribution(out, pr, d, 1);
    fputs("</figure>\n</div>\n<div>\n", out);
    distribution_table(out, pr, d);
    fputs("</div>\n</div>\n</section>\n", out);
}

/* --- variation ------------------------------------------------------------------------------ */

static void variation_table(FILE *out, const med_practice *pr, const med_dashboard *d)
{
    const med_variation *v;
    size_t shown = d->prescribers < VARIATION_TABLE_MAX ? d->prescribers : VARIATION_TABLE_MAX;
    fputs("<table id=\"variation-table\">\n<caption>", out);
    if (shown < d->prescribers)
        fprintf(out, "The %zu prescribers with the most patients, of %zu", shown, d->prescribers);
    else
        fputs("Prescribers, most patients first", out);
    fputs("</caption>\n<thead><tr><th scope=\"col\">Prescriber</th><th scope=\"col\">Patients"
          "</th><th scope=\"col\">High dose</th><th scope=\"col\">Expected by chance (95%)</th>"
          "<th scope=\"col\" class=\"text\">Note</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < shown; i++) {
        if ((v = med_practice_get_variation(pr, i)) == NULL)
            continue;
        fprintf(out, "<tr class=\"%s\"", v->small ? "small" : v->signal ? "signal" : "");
        html_attr(out, "data-prescriber", v->name);
        fputs("><td>", out);
        html_text(out, v->name);
        fprintf(out, "</td><td>%ld</td><td>%ld (%s%%)</td><td>%.1f&#8211;%.1f%%</td>"
                     "<td class=\"text\">%s</td></tr>\n", v->patients, v->high_dose, v->percent,
                v->lower95 * 100, v->upper95 * 100,
                v->small ? "small number: read with care" : v->signal > 0 ? "above the range"
                : v->signal < 0 ? "below the range" : "");
    }
    fprintf(out, "</tbody>\n<tfoot><tr><th scope=\"row\">Practice</th><td>%ld</td><td>%s%%</td>"
                 "<td></td><td></td></tr></tfoot>\n</table>\n", d->patients, d->practice_percent);
}

static void variation_legend(FILE *out)
{
    fputs("<ul class=\"legend\">\n", out);
    legend_item(out, "<circle cx=\"22\" cy=\"10\" r=\"6\" class=\"vm within\"/>",
                "within the range chance alone gives");
    legend_item(out, "<path d=\"M22 3l7 13h-14z\" class=\"vm above\"/>", "above the 99.8% range");
    legend_item(out, "<path d=\"M22 17l7-13h-14z\" class=\"vm below\"/>", "below the 99.8% range");
    legend_item(out, "<circle cx=\"22\" cy=\"10\" r=\"6\" class=\"vm small\"/>",
                "small number of patients: not judged");
    legend_item(out, "<line x1=\"22\" y1=\"1\" x2=\"22\" y2=\"19\" class=\"practice\"/>",
                "the practice's share");
    fputs("</ul>\n", out);
}

static void variation_section(FILE *out, const med_practice *pr, const med_dashboard *d,
                              int any)
{
    fprintf(out, "<section id=\"variation\">\n<h2>Variation by prescriber</h2>\n<p class=\"note\">"
                 "Each prescriber's share of their patients whose peak reached %s MME/day (%s). "
                 "The %s "
                 "shows the range the practice's own share would give that many patients by "
                 "chance: 95%% (grey), 99.8%% (%s). Fewer than %ld patients is a small number, "
                 "shown as such and never called an outlier.</p>\n<div class=\"pair\">\n<div>\n"
                 "<figure>\n", d->high_dose_text,
            any ? "a patient counts for every prescriber of one of their opioid fills"
                : "each patient counts once, for their primary prescriber",
            d->prescribers <= VARIATION_ROWS_MAX ? "band" : "funnel",
            d->prescribers <= VARIATION_ROWS_MAX ? "thin line" : "dotted", d->small_number);
    chart_variation(out, pr, d);
    fputs("</figure>\n", out);
    variation_legend(out);
    fputs("</div>\n<div>\n", out);
    variation_table(out, pr, d);
    fputs("</div>\n</div>\n</section>\n", out);
}

/* --- attention ------------------------------------------------------------------------------ */

static void tier_counts(FILE *out, const med_dashboard *d)
{
    for (size_t t = 0; t + 1 < d->tier_count; t++) {
        fputs(t ? ", " : " (", out);
        html_textf(out, "%s: %ld", d->tiers[t], d->tier_patients[t]);
    }
    fputs(d->tier_count > 1 ? ")" : "", out);
}

static void attention_row(FILE *out, const med_attention *a, const med_dashboard *d,
                          int group_col)
{
    int ids = !d->deidentified;
    fprintf(out, "<tr><td>%zu</td>", a->rank);
    if (ids) {
        fputs("<td class=\"text\">", out);
        html_text(out, a->patient_id);
        fputs("</td>", out);
    }
    int top = d->tier_count > 0 && a->risk_tier && strcmp(a->risk_tier, d->tiers[0]) == 0;
    fprintf(out, "<td class=\"text%s\">%s", top ? " tier-high" : "", top ? "&#9650; " : "&#9679; ");
    html_text(out, a->risk_tier);
    fprintf(out, "</td><td>%s</td><td>%s</td><td>%s</td><td>%ld</td><td>%ld / %ld</td>"
                 "<td class=\"text\">", a->mme_as_of, a->peak_mme, a->average_mme,
            a->benzodiazepine_overlap_days, a->prescribers, a->pharmacies);
    for (size_t f = 0; f < a->flag_count; f++) { /* "high_dosage" written "high dosage" */
        char name[128];
        snprintf(name, sizeof name, "%s", a->flags[f]);
        for (char *c = name; *c; c++)
            *c = *c == '_' ? ' ' : *c;
        fputs(f ? ", " : "", out);
        html_text(out, name);
    }
    fputs("</td><td class=\"text\">", out);
    html_text(out, a->primary_prescriber);
    if (group_col) {
        fputs("</td><td class=\"text\">", out);
        html_text(out, a->group);
    }
    fputs("</td><td class=\"text\">", out);
    html_text(out, a->drugs);
    fprintf(out, "</td><td>%s</td>", a->last_fill);
    if (a->review_overdue > 0) /* overdue: marked by words and a symbol, not colour alone */
        fprintf(out, "<td class=\"overdue\">&#9888; %s overdue</td>", a->review_due);
    else
        fprintf(out, "<td>%s</td>", a->review_due);
    fputs("<td class=\"text\">", out);
    html_text(out, a->care_gaps);
    fputs("</td></tr>\n", out);
}

/* With --group-by, a line that says how many of the listed patients are in each group, in order
 * of first listing (at most 40 groups named). */
static void attention_groups(FILE *out, const med_practice *pr, const med_dashboard *d,
                             const char *group_by)
{
    const char *names[40];
    size_t counts[40], n = 0, other = 0;
    const med_attention *a;
    for (size_t i = 0; i < d->attention_shown; i++) {
        if ((a = med_practice_get_attention(pr, i)) == NULL)
            continue;
        size_t k = 0;
        while (k < n && strcmp(names[k], a->group) != 0)
            k++;
        if (k == n && n == 40) {
            other++;
            continue;
        }
        if (k == n) {
            names[n] = a->group;
            counts[n++] = 0;
        }
        counts[k]++;
    }
    fputs("<p class=\"note\" id=\"attention-groups\">", out);
    html_textf(out, "Listed patients by %s:", group_by);
    for (size_t k = 0; k < n; k++)
        html_textf(out, "%s %s %zu", k ? "," : "", names[k][0] ? names[k] : "(none)", counts[k]);
    if (other)
        html_textf(out, ", other groups %zu", other);
    fputs("</p>\n", out);
}

static void attention_section(FILE *out, const med_practice *pr, const med_dashboard *d,
                              const char *group_by)
{
    const med_attention *a;
    int ids = !d->deidentified;
    fputs("<section id=\"attention\">\n<h2>Patients needing attention</h2>\n<p class=\"note\">",
          out);
    html_textf(out, "%ld patients are in a tier above the lowest", d->attention_patients);
    tier_counts(out, d);
    if (d->attention_shown < (size_t)d->attention_patients)
        html_textf(out, ". Only the %zu most urgent are listed", d->attention_shown);
    else
        html_text(out, ". All are listed");
    html_text(out, ": active patients only (opioid MME in the rules' active days ending on the "
                   "as-of day), highest tier first, then the highest MME/day on the as-of day. "
                   "Review due: the last review (--events) plus the tier's review interval; with "
                   "no review on record, the as-of day. Care gaps: the rules' care gaps open "
                   "(without --events only naloxone is judged).");
    if (!ids)
        html_text(out, " Patient identifiers are left out (--deidentify).");
    fputs("</p>\n", out);
    if (group_by)
        attention_groups(out, pr, d, group_by);
    fputs("<table id=\"attention-table\">\n<caption>Most urgent first</caption>\n"
          "<thead><tr><th scope=\"col\">#</th>", out);
    if (ids)
        fputs("<th scope=\"col\" class=\"text\">Patient</th>", out);
    fputs("<th scope=\"col\" class=\"text\">Tier</th><th scope=\"col\">MME/day now</th>"
          "<th scope=\"col\">Peak</th><th scope=\"col\">Average</th>"
          "<th scope=\"col\">Benzodiazepine overlap days</th>"
          "<th scope=\"col\">Prescribers / pharmacies</th><th scope=\"col\" class=\"text\">"
          "Flags</th><th scope=\"col\" class=\"text\">Primary prescriber</th>", out);
    if (group_by) {
        fputs("<th scope=\"col\" class=\"text\">", out);
        html_text(out, group_by);
        fputs("</th>", out);
    }
    fputs("<th scope=\"col\" class=\"text\">Opioids now</th><th scope=\"col\">Last fill</th>"
          "<th scope=\"col\">Review due</th><th scope=\"col\" class=\"text\">Care gaps</th>"
          "</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < d->attention_shown; i++)
        if ((a = med_practice_get_attention(pr, i)) != NULL)
            attention_row(out, a, d, group_by != NULL);
    fputs("</tbody>\n</table>\n</section>\n", out);
}

/* --- quality measures --------------------------------------------------------------------- */

/* One cell: "3 / 4 (75.0%)", or "-" with no patient in the denominator. */
void html_measure_cell(FILE *out, const med_quality_measure *q)
{
    if (q == NULL || q->denominator == 0) {
        fputs("<td>-</td>", out);
        return;
    }
    fprintf(out, "<td data-num=\"%ld\" data-den=\"%ld\">%ld / %ld (%s%%)</td>", q->numerator,
            q->denominator, q->numerator, q->denominator, q->percent);
}

/* The measures of the practice (and of each group with --group-by), each with its definition
 * and source, over the measurement period. */
static void measures_section(FILE *out, const med_practice *pr, const char *group_by)
{
    const char *from = "", *to = "";
    const med_quality_measure *q;
    const med_practice_group *g;
    if (med_practice_measurement_period(pr, &from, &to) != MED_OK)
        return;
    fputs("<section id=\"measures\">\n<h2>Quality measures</h2>\n<p class=\"note\">", out);
    html_textf(out, "Measurement period %s to %s. After CDC's 2018 quality improvement measures for "
                    "its opioid guideline; each row gives its definition and source. A dash: no "
                    "patient in the denominator (care gaps other than naloxone need --events).",
               from, to);
    fputs("</p>\n<table id=\"measures-table\">\n<thead><tr><th scope=\"col\" class=\"text\">"
          "Measure</th><th scope=\"col\">Practice</th>", out);
    for (size_t i = 1; group_by && (g = med_practice_get_group(pr, i)) != NULL; i++)
        if (strcmp(g->level, "group") == 0) {
            fputs("<th scope=\"col\">", out);
            html_text(out, g->name);
            fputs("</th>", out);
        }
    fputs("<th scope=\"col\" class=\"text\">Definition and source</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t m = 0; (q = med_practice_get_measure(pr, 0, m)) != NULL; m++) {
        fputs("<tr", out);
        html_attr(out, "data-key", q->key);
        fputs("><td class=\"text\">", out);
        html_text(out, q->label);
        fputs("</td>", out);
        html_measure_cell(out, q);
        for (size_t i = 1; group_by && (g = med_practice_get_group(pr, i)) != NULL; i++)
            if (strcmp(g->level, "group") == 0)
                html_measure_cell(out, med_practice_get_measure(pr, i, m));
        fputs("<td class=\"text def\">", out);
        html_textf(out, "%s. Source: %s", q->definition, q->source);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
}

/* --- footer --------------------------------------------------------------------------------- */

static void footer_item(FILE *out, const char *term, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void footer_item(FILE *out, const char *term, const char *fmt, ...)
{
    char buf[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fputs("<dt>", out);
    html_text(out, term);
    fputs("</dt><dd>", out);
    html_text(out, buf);
    fputs("</dd>\n", out);
}

static void footer(FILE *out, const patient_run *run, const med_dashboard *d)
{
    const char *rid, *rversion, *rdigest;
    const options *o = run->o;
    const med_table_info *t = med_table_get_info(run->table);
    med_rules_get_info(run->rules, &rid, &rversion, &rdigest);
    fputs("<footer>\n<dl>\n", out);
    footer_item(out, "Input", "%s (%ld records, %ld patients, %ld rows not used)", run->name,
                run->records, run->patients, run->rejected + run->unattributed);
    footer_item(out, "Table", "%s@%s (%s), sha256 %s", t->id, t->version, t->title, t->digest);
    const med_table_info *fb = med_table_get_info(med_table_get_fallback(run->table));
    if (fb)
        footer_item(out, "Fallback table", "%s@%s (%s), sha256 %s: factors the table lacks",
                    fb->id, fb->version, fb->title, fb->digest);
    footer_item(out, "Method", "%s", o->method == MED_METHOD_AUTO
                                         ? "supply (strength x quantity / days supply x factor)"
                                         : med_method_string(o->method));
    footer_item(out, "Rules", "%s@%s, sha256 %s; high dose: %s MME/day", rid, rversion, rdigest,
                d->high_dose_text);
    footer_item(out, "Options", "period %s; as of %s; window %d days; early refills %s",
                med_period_string(d->period), run->as_of,
                o->window_days > 0 ? o->window_days : 180,
                o->shift_early_refills ? "shifted" : "overlap");
    footer_item(out, "Made by", "medcalc %s (libmed %s)", MED_VERSION_STRING,
                med_version_string());
    fputs("</dl>\n</footer>\n", out);
}

void html_report(FILE *out, const med_practice *pr, const patient_run *run)
{
    const med_dashboard *d = med_practice_get_dashboard(pr);
    if (d == NULL)
        return;
    page_start(out, run, d);
    headlines(out, pr, d);
    run_section(out, pr, d, run->o->goal_given ? run->o->goal : -1, run->o);
    distribution_section(out, pr, d);
    variation_section(out, pr, d, run->o->attribution == MED_ATTRIBUTION_ANY);
    measures_section(out, pr, run->o->group_by);
    html_groups_section(out, pr, d, run->o->group_by, run->o->attribution == MED_ATTRIBUTION_ANY);
    attention_section(out, pr, d, run->o->group_by);
    footer(out, run, d);
    fputs("</body>\n</html>\n", out);
}
