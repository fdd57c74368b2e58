/* The dashboard's charts as inline SVG: the run chart, the MME distribution and prescriber
 * variation. Every number comes from libmed (med_practice_get_*); this file only places marks.
 * Series and signals differ by shape and line style as well as colour (Okabe-Ito palette), so
 * the charts read in greyscale and for colour-blind viewers; each mark has a tooltip and data-*
 * attributes, and each chart a <title> and <desc>. */
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "report_html.h"

#define W 960.0

/* The top of a y axis from 0: a little above the largest value, on a grid step. */
static double axis_top(double max, double *step)
{
    *step = svg_nice_step(max > 0 ? max * 1.1 : 1, 5);
    double top = *step;
    while (top < max * 1.05 && top < *step * 40)
        top += *step;
    return top;
}

/* --- run chart ------------------------------------------------------------------------------ */

static double point_share(const med_run_point *p, int benzo)
{
    return benzo ? p->benzodiazepine_share : p->high_dose_share;
}

static double run_max(const med_practice *pr, const med_dashboard *d, int benzo, double goal)
{
    const med_run_point *p;
    double max = goal > 0 ? goal : 0;
    for (size_t i = 0; i < d->periods; i++)
        if ((p = med_practice_get_run_point(pr, i)) != NULL && point_share(p, benzo) > max)
            max = point_share(p, benzo);
    return max > 0 ? max : 0.05;
}

static void run_desc(const med_practice *pr, const med_dashboard *d, int benzo, char *buf,
                     size_t cap)
{
    const med_run_point *first, *last = NULL, *pt;
    size_t signals = 0;
    for (size_t i = 0; i < d->periods; i++)
        if ((pt = med_practice_get_run_point(pr, i)) != NULL) {
            last = pt; /* the last point read */
            signals += (benzo ? pt->benzodiazepine_signals : pt->high_dose_signals) != 0;
        }
    if (d->periods == 0 || (first = med_practice_get_run_point(pr, 0)) == NULL || last == NULL) {
        snprintf(buf, cap, "No period has a patient with MME.");
        return;
    }
    snprintf(buf, cap, "Run chart of %zu %ss from %s to %s. Median %s%%. Latest, %s: %s%% (%ld "
             "of %ld patients). %zu points are part of a shift or a trend.", d->periods,
             med_period_string(d->period), first->label, last->label,
             benzo ? d->benzodiazepine_median_percent : d->high_dose_median_percent, last->label,
             benzo ? last->benzodiazepine_percent : last->high_dose_percent,
             benzo ? last->benzodiazepine : last->high_dose, last->patients, signals);
}

static void run_line(const svg_plot *p, const med_practice *pr, size_t n, int benzo)
{
    const med_run_point *pt;
    int open = 0;
    fputs("<path class=\"series\" d=\"", p->out);
    for (size_t i = 0; i < n; i++) {
        if ((pt = med_practice_get_run_point(pr, i)) == NULL || pt->patients == 0) {
            open = 0;
            continue;
        }
        fprintf(p->out, "%s%.1f %.1f ", open ? "L" : "M", svg_x(p, (double)i + 0.5),
                svg_y(p, point_share(pt, benzo)));
        open = 1;
    }
    fputs("\"/>\n", p->out);
}

static void run_points(const svg_plot *p, const med_practice *pr, size_t n, int benzo)
{
    const med_run_point *pt;
    char title[192], num[32];
    double r = n ? (p->right - p->left) / (double)n / 3 : 6; /* smaller marks when crowded */
    r = r > 6 ? 6 : r < 3 ? 3 : r;
    for (size_t i = 0; i < n; i++) {
        if ((pt = med_practice_get_run_point(pr, i)) == NULL || pt->patients == 0)
            continue;
        unsigned sig = benzo ? pt->benzodiazepine_signals : pt->high_dose_signals;
        long count = benzo ? pt->benzodiazepine : pt->high_dose;
        const char *pct = benzo ? pt->benzodiazepine_percent : pt->high_dose_percent;
        snprintf(title, sizeof title, "%s: %ld of %ld patients (%s%%)%s%s", pt->label, count,
                 pt->patients, pct, sig & MED_SIGNAL_SHIFT ? "; part of a shift" : "",
                 sig & MED_SIGNAL_TREND ? "; part of a trend" : "");
        svg_mark_begin(p->out, sig ? SHAPE_DIAMOND : SHAPE_CIRCLE, svg_x(p, (double)i + 0.5),
                       svg_y(p, point_share(pt, benzo)), sig ? r + 1 : r,
                       sig ? "pt signal" : "pt");
        html_attr(p->out, "data-period", pt->label);
        snprintf(num, sizeof num, "%ld", count);
        html_attr(p->out, "data-count", num);
        snprintf(num, sizeof num, "%ld", pt->patients);
        html_attr(p->out, "data-of", num);
        html_attr(p->out, "data-percent", pct);
        svg_mark_end(p->out, sig ? SHAPE_DIAMOND : SHAPE_CIRCLE, title);
        if (i + 1 == n) /* the latest value, written above its point */
            svg_textf(p->out, svg_x(p, (double)i + 0.5), svg_y(p, point_share(pt, benzo)) - 14,
                      "middle", "value", "%s%%", pct);
    }
}

static void run_x_labels(const svg_plot *p, const med_practice *pr, size_t n, const char *unit)
{
    const med_run_point *pt;
    size_t every = 1;
    double room = 80; /* a label's width at the tick font, with a gap */
    if (n > 0 && (pt = med_practice_get_run_point(pr, 0)) != NULL)
        room = 9.0 * (double)strlen(pt->label) + 16;
    while ((double)((n + every - 1) / every) * room > p->right - p->left)
        every++;
    for (size_t i = 0; i < n; i += every)
        if ((pt = med_practice_get_run_point(pr, i)) != NULL)
            svg_text(p->out, svg_x(p, (double)i + 0.5), p->bottom + 24, "middle", "tick",
                     pt->label);
    svg_textf(p->out, (p->left + p->right) / 2, p->bottom + 50, "middle", "axis-title",
              "%s (each point: patients with MME in it)", unit);
}

/* A horizontal reference line across the plot, labelled at its right end. */
static void level_line(const svg_plot *p, double v, const char *cls, const char *label)
{
    double y = svg_y(p, v);
    svg_line(p->out, p->left, y, p->right, y, cls);
    svg_text(p->out, p->right + 8, y + 5, "start", cls, label);
}

/* --annotate DATE="text": a labelled vertical line where the date falls in its period (dates
 * outside the chart are left out, and said so in the line's absence from data-annotations). */
static void annotations(const svg_plot *p, const med_practice *pr, size_t n, const options *o)
{
    const med_run_point *pt;
    for (int a = 0; o && a < o->annotation_count; a++) {
        const char *eq = strchr(o->annotations[a], '=');
        char date[11];
        long day, first, last;
        snprintf(date, sizeof date, "%.10s", o->annotations[a]);
        if (med_date_parse(date, &day) != MED_OK)
            continue;
        for (size_t i = 0; i < n; i++) {
            if ((pt = med_practice_get_run_point(pr, i)) == NULL ||
                med_date_parse(pt->first_day, &first) != MED_OK ||
                med_date_parse(pt->last_day, &last) != MED_OK || day < first || day > last)
                continue;
            double x = svg_x(p, (double)i + (double)(day - first) / (double)(last - first + 1));
            fprintf(p->out, "<g class=\"annotation\" data-date=\"%s\">", date);
            svg_line(p->out, x, p->top, x, p->bottom, "annotation");
            svg_textf(p->out, x + 4, p->top + 12 + 14 * (a % 3), "start", "annotation", "%s %s",
                      date, eq + 1);
            fputs("</g>\n", p->out);
        }
    }
}

void chart_run(FILE *out, const med_practice *pr, const med_dashboard *d, int benzo, double goal,
               const options *o)
{
    char title[160], desc[512], label[48];
    double step;
    svg_plot p = {out, W, 330, 80, 16, W - 170, 270, 0, (double)d->periods, 0, 0};
    p.y_max = axis_top(run_max(pr, d, benzo, benzo ? -1 : goal), &step);
    if (benzo)
        snprintf(title, sizeof title, "Share of patients with an opioid and a benzodiazepine on "
                 "the same day, by %s", med_period_string(d->period));
    else
        snprintf(title, sizeof title, "Share of patients at or above %s MME/day, by %s",
                 d->high_dose_text, med_period_string(d->period));
    run_desc(pr, d, benzo, desc, sizeof desc);
    svg_begin(out, benzo ? "run-bz" : "run-hd", p.width, p.height, title, desc);
    fprintf(out, "<g class=\"run %s\">\n", benzo ? "bz" : "hd");
    svg_y_grid(&p, step, 1, "share of patients");
    run_x_labels(&p, pr, d->periods, med_period_string(d->period));
    snprintf(label, sizeof label, "median %s%%",
             benzo ? d->benzodiazepine_median_percent : d->high_dose_median_percent);
    if (d->periods > 0)
        level_line(&p, benzo ? d->benzodiazepine_median : d->high_dose_median, "median", label);
    if (!benzo && goal >= 0) {
        snprintf(label, sizeof label, "goal %g%%", goal * 100);
        level_line(&p, goal, "goal", label);
    }
    annotations(&p, pr, d->periods, o);
    run_line(&p, pr, d->periods, benzo);
    run_points(&p, pr, d->periods, benzo);
    fputs("</g>\n", out);
    svg_end(out);
}

/* --- distribution --------------------------------------------------------------------------- */

static long bin_count(const med_mme_bin *b, int peak)
{
    return peak ? b->peak : b->current;
}

static void distribution_desc(const med_practice *pr, const med_dashboard *d, int peak,
                              char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "Histogram of patients' %s daily MME in bins of %lld MME/day. "
                     "Median %s, 90th percentile %s.", peak ? "peak" : "current",
                     (long long)(d->bin_width_hundredths / 100),
                     peak ? d->median_peak : d->median_current,
                     peak ? d->p90_peak : d->p90_current);
    for (size_t t = 0; t < d->threshold_count && n > 0 && (size_t)n < cap; t++) {
        const med_threshold *th = med_practice_threshold(pr, t);
        n += snprintf(buf + n, cap - (size_t)n, " %ld at or above %s.",
                      peak ? d->peak_at_or_above[t] : d->current_at_or_above[t],
                      th ? th->mme_text : "");
    }
    if (!peak && n > 0 && (size_t)n < cap)
        snprintf(buf + n, cap - (size_t)n, " %ld had no opioid on their as-of day (not drawn).",
                 d->current_none);
}

static void distribution_axes(const svg_plot *p, const med_practice *pr, const med_dashboard *d)
{
    const med_mme_bin *b;
    for (size_t i = 0; i < d->bins; i++) {
        if ((b = med_practice_get_mme_bin(pr, i)) == NULL)
            continue;
        if (b->to_hundredths < 0)
            svg_text(p->out, svg_x(p, (double)i + 0.5), p->bottom + 24, "middle", "tick", b->label);
        else if (i % 5 == 0)
            svg_textf(p->out, svg_x(p, (double)i), p->bottom + 24, "middle", "tick", "%lld",
                      (long long)(b->from_hundredths / 100));
    }
    svg_text(p->out, (p->left + p->right) / 2, p->bottom + 50, "middle", "axis-title",
             "daily MME (morphine milligram equivalents per day)");
    for (size_t t = 0; t < d->threshold_count; t++) {
        const med_threshold *th = med_practice_threshold(pr, t);
        if (th == NULL)
            continue;
        double x = svg_x(p, th->mme * 100.0 / (double)d->bin_width_hundredths);
        svg_line(p->out, x, p->top - 4, x, p->bottom, "thr");
        svg_textf(p->out, x + 4, p->top - 10 - 16.0 * (double)(t % 2), "start", "thr",
                  "%s %s (%s)", th->comparator == MED_CMP_GE ? "\u2265" : ">", th->mme_text,
                  th->level ? th->level : "");
    }
}

void chart_distribution(FILE *out, const med_practice *pr, const med_dashboard *d, int peak)
{
    const med_mme_bin *b;
    char desc[640], title[160], num[32];
    double step, max = 1;
    for (size_t i = 0; i < d->bins; i++)
        if ((b = med_practice_get_mme_bin(pr, i)) != NULL && bin_count(b, peak) > max)
            max = (double)bin_count(b, peak);
    svg_plot p = {out, W, 320, 80, 56, W - 24, 260, 0, (double)d->bins, 0, 0};
    p.y_max = axis_top(max, &step);
    if (step < 1)
        step = 1;
    distribution_desc(pr, d, peak, desc, sizeof desc);
    svg_begin(out, peak ? "dist-peak" : "dist-current", p.width, p.height,
              peak ? "Patients by peak daily MME" : "Patients by current daily MME", desc);
    if (peak)
        fputs("<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\""
              " patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" class=\"hatch-bg\"/>"
              "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" class=\"hatch-line\"/></pattern></defs>\n",
              out);
    fprintf(out, "<g class=\"dist %s\">\n", peak ? "peak" : "current");
    svg_y_grid(&p, step, 0, "patients");
    distribution_axes(&p, pr, d);
    for (size_t i = 0; i < d->bins; i++) {
        if ((b = med_practice_get_mme_bin(pr, i)) == NULL)
            continue;
        long n = bin_count(b, peak);
        double x0 = svg_x(&p, (double)i) + 1, x1 = svg_x(&p, (double)i + 1) - 1;
        double y = svg_y(&p, (double)n);
        snprintf(title, sizeof title, "%s MME/day: %ld patients", b->label, n);
        svg_rect_begin(out, x0, y, x1 - x0, p.bottom - y, peak ? "bar peak" : "bar current");
        html_attr(out, "data-bin", b->label);
        snprintf(num, sizeof num, "%ld", n);
        html_attr(out, "data-count", num);
        svg_rect_end(out, title);
    }
    fputs("</g>\n", out);
    svg_end(out);
}

/* --- prescriber variation ------------------------------------------------------------------- */

static svg_shape variation_shape(const med_variation *v)
{
    return v->small ? SHAPE_CIRCLE : v->signal > 0 ? SHAPE_UP : v->signal < 0 ? SHAPE_DOWN
                                                                              : SHAPE_CIRCLE;
}

static const char *variation_class(const med_variation *v)
{
    return v->small ? "vm small" : v->signal > 0 ? "vm above" : v->signal < 0 ? "vm below"
                                                                              : "vm within";
}

static void variation_mark(FILE *out, const med_variation *v, double x, double y, double r)
{
    char title[256], num[32];
    snprintf(title, sizeof title, "%s: %ld of %ld patients at high dose (%s%%)%s", v->name,
             v->high_dose, v->patients, v->percent,
             v->small ? "; small number" : v->signal > 0 ? "; above the 99.8% range"
                                         : v->signal < 0 ? "; below the 99.8% range" : "");
    svg_mark_begin(out, variation_shape(v), x, y, r, variation_class(v));
    html_attr(out, "data-prescriber", v->name);
    snprintf(num, sizeof num, "%ld", v->patients);
    html_attr(out, "data-patients", num);
    snprintf(num, sizeof num, "%ld", v->high_dose);
    html_attr(out, "data-high-dose", num);
    html_attr(out, "data-small", v->small ? "yes" : "no");
    svg_mark_end(out, variation_shape(v), title);
}

static void variation_row(const svg_plot *p, const med_variation *v, double y)
{
    double h = 14;
    fprintf(p->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"band\"/>\n",
            svg_x(p, v->lower95), y - h / 2, svg_x(p, v->upper95) - svg_x(p, v->lower95), h);
    svg_line(p->out, svg_x(p, v->lower998), y, svg_x(p, v->upper998), y, "range");
    variation_mark(p->out, v, svg_x(p, v->share), y, 7);
    svg_text(p->out, p->left - 12, y + 5, "end", "name", v->name);
    svg_textf(p->out, p->right + 12, y + 5, "start", v->small ? "count small" : "count",
              "%ld of %ld (%s%%)%s", v->high_dose, v->patients, v->percent,
              v->small ? " small number" : "");
}

static void share_grid_x(const svg_plot *p, double step)
{
    for (int i = 0; i * step <= p->x_max + step / 100 && i <= 20; i++) {
        double x = svg_x(p, i * step);
        svg_line(p->out, x, p->top, x, p->bottom, i ? "grid" : "axis");
        svg_textf(p->out, x, p->bottom + 22, "middle", "tick", "%g%%", i * step * 100);
    }
    svg_text(p->out, (p->left + p->right) / 2, p->bottom + 46, "middle", "axis-title",
             "share of the prescriber's patients at high dose");
}

static void variation_rows(FILE *out, const med_practice *pr, const med_dashboard *d, size_t n)
{
    const med_variation *v;
    char label[64];
    double step, max = d->practice_share;
    svg_plot p = {out, W, 0, 170, 40, W - 250, 0, 0, 1, 0, 1};
    for (size_t i = 0; i < n; i++) /* the axis ends a step past every share and range */
        if ((v = med_practice_get_variation(pr, i)) != NULL)
            max = v->share > max ? v->share : v->upper998 > max ? v->upper998 : max;
    p.x_max = axis_top(max < 1 ? max : 1, &step);
    if (p.x_max > 1)
        p.x_max = 1;
    p.bottom = p.top + 30.0 * (double)n;
    p.height = p.bottom + 60;
    share_grid_x(&p, step);
    double x = svg_x(&p, d->practice_share);
    svg_line(out, x, p.top - 8, x, p.bottom, "practice");
    snprintf(label, sizeof label, "practice %s%%", d->practice_percent);
    svg_text(out, x, p.top - 14, "middle", "practice", label);
    for (size_t i = 0; i < n; i++)
        if ((v = med_practice_get_variation(pr, i)) != NULL)
            variation_row(&p, v, p.top + 30.0 * ((double)i + 0.5));
}

/* A limit curve of the funnel plot, through the prescribers' own limits (fewest patients
 * first). */
static void funnel_curve(const svg_plot *p, const med_practice *pr, size_t n, int which)
{
    const med_variation *v;
    long last = -1;
    fprintf(p->out, "<path class=\"%s\" d=\"", which < 2 ? "limit95" : "limit998");
    for (size_t i = n, k = 0; i-- > 0;)
        if ((v = med_practice_get_variation(pr, i)) != NULL && v->patients != last) {
            last = v->patients; /* the limits depend on the number of patients only */
            double lim = which == 0 ? v->lower95 : which == 1 ? v->upper95
                         : which == 2 ? v->lower998 : v->upper998;
            fprintf(p->out, "%s%.1f %.1f ", k++ ? "L" : "M", svg_x(p, (double)v->patients),
                    svg_y(p, lim));
        }
    fputs("\"/>\n", p->out);
}

static void variation_funnel(FILE *out, const med_practice *pr, const med_dashboard *d)
{
    const med_variation *v;
    double step, most = 1;
    if ((v = med_practice_get_variation(pr, 0)) != NULL)
        most = (double)v->patients;
    svg_plot p = {out, W, 480, 80, 24, W - 150, 420, 0, 0, 0, 1};
    p.x_max = axis_top(most, &step);
    svg_y_grid(&p, 0.2, 1, "share at high dose");
    for (double t = 0; t <= p.x_max + step / 2; t += step)
        svg_textf(out, svg_x(&p, t), p.bottom + 22, "middle", "tick", "%g", t);
    svg_text(out, (p.left + p.right) / 2, p.bottom + 48, "middle", "axis-title",
             "the prescriber's patients on opioids");
    for (int which = 0; which < 4; which++)
        funnel_curve(&p, pr, d->prescribers, which);
    char label[64];
    snprintf(label, sizeof label, "practice %s%%", d->practice_percent);
    level_line(&p, d->practice_share, "practice", label);
    for (size_t i = d->prescribers; i-- > 0;)
        if ((v = med_practice_get_variation(pr, i)) != NULL)
            variation_mark(out, v, svg_x(&p, (double)v->patients), svg_y(&p, v->share), 4);
}

void chart_variation(FILE *out, const med_practice *pr, const med_dashboard *d)
{
    char desc[512];
    int rows = d->prescribers <= VARIATION_ROWS_MAX;
    snprintf(desc, sizeof desc, "%s of %zu prescribers' shares of patients whose peak reached %s "
             "MME/day, against the practice's %s%%. %zu are above and %zu below the range the "
             "practice's share gives by chance (99.8%%); %zu have fewer than %ld patients, too "
             "few to judge.", rows ? "Dot chart" : "Funnel plot", d->prescribers,
             d->high_dose_text, d->practice_percent, d->above, d->below, d->small_prescribers,
             d->small_number);
    svg_begin(out, "variation", W, rows ? 40 + 30.0 * (double)d->prescribers + 60 : 480,
              "High-dose share by prescriber, beside the practice", desc);
    fprintf(out, "<g class=\"variation %s\">\n", rows ? "rows" : "funnel");
    if (rows)
        variation_rows(out, pr, d, d->prescribers);
    else
        variation_funnel(out, pr, d);
    fputs("</g>\n", out);
    svg_end(out);
}
