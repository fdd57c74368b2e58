/* medcalc report --format html: variation by group and by clinician. One table a manager reads
 * across: the practice, each group of --group-by (a clinic, a team) and each prescriber (the
 * patients they are primary prescriber of), with patients, active and long-term counts, the
 * high-dose and benzodiazepine shares (each with a small bar against the practice's) and every
 * quality measure with its numerator and denominator. The numbers are the practice's groups as
 * the library made them: nothing is computed here but the shares drawn. */
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "report_html.h"

#define GROUP_ROWS_MAX 200 /* prescribers listed; the rest are named as left out */
#define BAR_WIDTH 60

/* A share to one decimal, half up, into buf ("" for none); its value 0..1 in *share. */
static void share_text(long num, long den, char *buf, size_t cap, double *share)
{
    *share = den > 0 ? (double)num / (double)den : 0;
    if (den <= 0) {
        snprintf(buf, cap, "%s", "");
        return;
    }
    long tenths = (num * 1000 + den / 2) / den;
    snprintf(buf, cap, "%ld.%ld", tenths / 10, tenths % 10);
}

/* "n (p%)" with a bar of the share, and a tick at the practice's share. */
static void share_cell(FILE *out, const char *cls, long num, long den, double practice)
{
    char pct[32];
    double share;
    share_text(num, den, pct, sizeof pct, &share);
    if (den <= 0) {
        fputs("<td>-</td>", out);
        return;
    }
    fprintf(out, "<td class=\"%s\" data-num=\"%ld\" data-den=\"%ld\">%ld (%s%%) "
                 "<svg class=\"gbar\" viewBox=\"0 0 %d 12\" width=\"%d\" height=\"12\" "
                 "aria-hidden=\"true\"><rect class=\"gbar-bg\" x=\"0\" y=\"2\" width=\"%d\" "
                 "height=\"8\"/><rect class=\"gbar-fg\" x=\"0\" y=\"2\" width=\"%.1f\" "
                 "height=\"8\"/><line class=\"gbar-practice\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" "
                 "y2=\"12\"/></svg></td>",
            cls, num, den, num, pct, BAR_WIDTH, BAR_WIDTH, BAR_WIDTH, share * BAR_WIDTH,
            practice * BAR_WIDTH, practice * BAR_WIDTH);
}

static void group_row(FILE *out, const med_practice *pr, size_t index, const char *level,
                      const char *level_label, const med_practice_group *all)
{
    const med_practice_group *g = med_practice_get_group(pr, index);
    double hd_all = all->patients > 0 ? (double)all->high_dose / (double)all->patients : 0;
    double bz_all = all->patients > 0 ? (double)all->coprescribed / (double)all->patients : 0;
    fputs("<tr", out);
    html_attr(out, "data-level", level);
    html_attr(out, "data-name", g->name);
    fputs("><th scope=\"row\" class=\"text\">", out);
    html_text(out, g->name);
    fputs("</th><td class=\"text\">", out);
    html_text(out, level_label);
    fprintf(out, "</td><td>%ld</td><td>%ld</td><td>%ld</td>", g->patients, g->active,
            g->active_long_term);
    share_cell(out, "high-dose", g->high_dose, g->patients, hd_all);
    share_cell(out, "benzo", g->coprescribed, g->patients, bz_all);
    const med_quality_measure *q;
    for (size_t m = 0; (q = med_practice_get_measure(pr, index, m)) != NULL; m++)
        html_measure_cell(out, q);
    fputs("</tr>\n", out);
}

static void header(FILE *out, const med_practice *pr, const med_dashboard *d)
{
    const med_quality_measure *q;
    fputs("<thead><tr><th scope=\"col\" class=\"text\">Name</th><th scope=\"col\" "
          "class=\"text\">Level</th><th scope=\"col\">Patients</th><th scope=\"col\">Active now"
          "</th><th scope=\"col\">Active, long-term</th>", out);
    fprintf(out, "<th scope=\"col\">High dose (&#8805; %s MME/day)</th><th scope=\"col\">"
                 "Opioid + benzodiazepine</th>", d->high_dose_text);
    for (size_t m = 0; (q = med_practice_get_measure(pr, 0, m)) != NULL; m++) {
        fputs("<th scope=\"col\"", out);
        html_attr(out, "data-key", q->key);
        html_attr(out, "title", q->definition);
        fputs(">", out);
        html_text(out, q->label);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n", out);
}

void html_groups_section(FILE *out, const med_practice *pr, const med_dashboard *d,
                         const char *group_by, int any)
{
    const med_practice_group *all = med_practice_get_group(pr, 0), *g;
    size_t prescribers = 0, shown = 0;
    if (all == NULL)
        return;
    for (size_t i = 1; (g = med_practice_get_group(pr, i)) != NULL; i++)
        prescribers += strcmp(g->level, "prescriber") == 0;
    fputs("<section id=\"groups\">\n<h2>", out);
    if (group_by)
        html_textf(out, "Variation by %s and by clinician", group_by);
    else
        html_text(out, "Variation by clinician");
    fputs("</h2>\n<p class=\"note\">", out);
    if (group_by)
        html_textf(out, "A %s's patients are those whose primary prescriber's fills (else their "
                        "latest fill) carry that %s. ", group_by, group_by);
    html_textf(out, "A clinician's patients are %s. High dose: peak daily MME at or above %s. "
                    "The bar is the row's share, the vertical line the practice's. The quality "
                    "measures are those of the table above, for each row (a dash: no patient in "
                    "the denominator).",
               any ? "every patient with one of their opioid fills (--attribution any)"
                   : "the patients they are primary prescriber of (each patient counted once)",
               d->high_dose_text);
    fputs("</p>\n<div style=\"overflow-x:auto\">\n<table id=\"groups-table\">\n", out);
    if (prescribers > GROUP_ROWS_MAX)
        fprintf(out, "<caption>The first %d clinicians by id, of %zu</caption>\n",
                GROUP_ROWS_MAX, prescribers);
    header(out, pr, d);
    fputs("<tbody>\n", out);
    group_row(out, pr, 0, "practice", "practice", all);
    for (size_t i = 1; group_by && (g = med_practice_get_group(pr, i)) != NULL; i++)
        if (strcmp(g->level, "group") == 0)
            group_row(out, pr, i, "group", group_by, all);
    for (size_t i = 1; (g = med_practice_get_group(pr, i)) != NULL && shown < GROUP_ROWS_MAX;
         i++)
        if (strcmp(g->level, "prescriber") == 0) {
            group_row(out, pr, i, "prescriber", "clinician", all);
            shown++;
        }
    fputs("</tbody>\n</table>\n</div>\n</section>\n", out);
}
