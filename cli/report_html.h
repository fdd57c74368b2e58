/* medcalc report --format html: the dashboard page and its charts. */
#ifndef MEDCALC_REPORT_HTML_H
#define MEDCALC_REPORT_HTML_H
#include "patients.h"

/* Turns the dashboard measures on for the options (period, de-identification) and the run's
 * as-of day (the run chart's last day; "" for the latest fill); returns MED_OK, or the
 * library's status after reporting why. Call before the first patient is added. */
med_status html_dashboard_on(med_practice *practice, const options *o, const char *as_of);

/* Writes the page for a finished practice. */
void html_report(FILE *out, const med_practice *practice, const patient_run *run);

/* The charts (report_charts.c), each an inline <svg>. `benzo` picks the run chart's measure;
 * `goal` (0..1) is drawn on the high-dose run chart when >= 0, and o's --annotate lines on both; `peak` picks the distribution. */
void chart_run(FILE *out, const med_practice *pr, const med_dashboard *d, int benzo, double goal,
               const options *o);
void chart_distribution(FILE *out, const med_practice *pr, const med_dashboard *d, int peak);
void chart_variation(FILE *out, const med_practice *pr, const med_dashboard *d);

/* One quality measure's table cell: "3 / 4 (75.0%)" with data-num and data-den, or "-". */
void html_measure_cell(FILE *out, const med_quality_measure *q);

/* Variation by group (--group-by, may be NULL) and by clinician (report_groups.c): a table of
 * every group's and prescriber's counts, shares and quality measures. `any`: --attribution any. */
void html_groups_section(FILE *out, const med_practice *pr, const med_dashboard *d,
                         const char *group_by, int any);

/* Prescribers drawn one to a row; more are drawn as a funnel plot. */
#define VARIATION_ROWS_MAX 40

#endif
