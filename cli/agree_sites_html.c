/* medcalc agree --sites --format html: one self-contained QA page (inline CSS, no scripts, no
 * remote resources) a clinic leader can read: per site, the rows that change a clinical
 * decision first, then the calculator the site runs, the rows it leaves, and the rest summed by
 * cause. The dashboard's style sheet, so the two pages look alike. */
#include <string.h>

#include "agree_sites.h"
#include "html.h"
#include "report_style.h"

static const char QA_CSS[] =
    ".decision{border-left:.5rem solid var(--vermillion);padding-left:.6rem}\n"
    ".calc{border-left:.5rem solid var(--blue);padding-left:.6rem}\n"
    "table.rows{border-collapse:collapse;width:100%;font-size:.9rem}\n"
    "table.rows th,table.rows td{border-bottom:1px solid var(--rule);padding:.2rem .4rem;"
    "text-align:left;vertical-align:top;white-space:normal;overflow-wrap:anywhere}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\n"
    "dl.facts dt{font-weight:bold}dl.facts dd{margin:0}\n";

static void page_start(FILE *out, const qa_context *c, size_t sites)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    html_textf(out, "Calculator QA: %s", c->input_name);
    fprintf(out, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n<header>\n"
                 "<h1>Calculator QA across sites</h1>\n<p class=\"sub\">", REPORT_CSS, QA_CSS);
    html_textf(out, "%s: %zu site%s checked against %s; values agree within %g MME/day or %g%%.",
               c->input_name, sites, sites == 1 ? "" : "s",
               c->reference ? c->reference : "each row's table", c->tolerance.absolute,
               c->tolerance.relative * 100.0);
    fputs("</p>\n<p class=\"note\">A row changes a decision when a threshold of the reference "
          "table (naloxone, review, consult) lies between the site's value and ours; a "
          "difference that crosses no threshold is counted, not listed first.</p>\n</header>\n",
          out);
}

static void row_cells(FILE *out, const qa_row *r, med_cause cause, int crossed)
{
    fprintf(out, "<tr data-line=\"%ld\" data-cause=\"%s\" data-decision=\"%s\"><td>%ld</td><td>",
            r->line, med_cause_string(cause), r->changes_decision ? "yes" : "no", r->line);
    html_text(out, r->input);
    fputs("</td><td>", out);
    html_text(out, r->reported);
    fputs("</td><td>", out);
    html_text(out, r->ours);
    fputs("</td><td>", out);
    if (crossed)
        html_text(out, r->crossed);
    else
        html_text(out, med_cause_string(cause));
    fputs("</td><td>", out);
    html_text(out, r->explanation);
    fputs("</td></tr>\n", out);
}

static void table_start(FILE *out, const char *cls, const char *fourth)
{
    fprintf(out, "<table class=\"rows %s\">\n<thead><tr><th>Line</th><th>Input</th>"
                 "<th>Reported</th><th>Ours</th><th>%s</th><th>Why</th></tr></thead>\n<tbody>\n",
            cls, fourth);
}

static void calculator_item(FILE *out, const med_calculator *c, size_t rows, int mixed_tie)
{
    fputs("<li class=\"calculator\"", out);
    html_attr(out, "data-table", c->table_id);
    if (c->fallback_id)
        html_attr(out, "data-fallback", c->fallback_id);
    fprintf(out, " data-method=\"%s\" data-rounding=\"%s\" data-rows=\"%zu\" data-part=\"%zu\">",
            med_method_string(c->method), med_rounding_string(c->rounding), c->rows, c->part);
    html_textf(out, "%s: reproduces %zu of %zu rows", c->text, c->rows, rows);
    if (mixed_tie)
        html_textf(out, " (as many as part %zu)", c->part + 1);
    fputs("</li>\n", out);
}

static void fingerprint_part(FILE *out, const med_fingerprint *f)
{
    fputs("<div class=\"calc\">\n<h3>Which calculator this site runs</h3>\n", out);
    if (f->best.rows == 0)
        fputs("<p class=\"verdict\" data-mixed=\"no\">None found: no shipped table, method, "
              "rounding or convention reproduces any row.</p>\n", out);
    else if (f->mixed) {
        fprintf(out, "<p class=\"verdict\" data-mixed=\"yes\">Mixed: no single calculator "
                     "reproduces more than half the rows; together these reproduce %zu of "
                     "%zu:</p>\n<ul>\n", f->explained, f->rows);
        for (size_t i = 0; i < f->part_count; i++)
            calculator_item(out, &f->parts[i], f->rows, 0);
        fputs("</ul>\n", out);
    } else {
        fputs("<p class=\"verdict\" data-mixed=\"no\">", out);
        html_textf(out, "%s: reproduces %zu of %zu rows (%zu to the hundredth).", f->best.text,
                   f->best.rows, f->rows, f->best.exact);
        fputs("</p>\n<ul hidden>\n", out);
        calculator_item(out, &f->best, f->rows, 0);
        fputs("</ul>\n", out);
    }
    if (f->tie_count) {
        fprintf(out, "<p>Tied: as many rows, as exactly, reproduced by</p>\n<ul class=\"ties\">\n");
        for (size_t i = 0; i < f->tie_count; i++)
            calculator_item(out, &f->ties[i], f->rows, f->mixed);
        fputs("</ul>\n", out);
    }
    fputs("</div>\n", out);
}

static void site_section(FILE *out, const qa_sites *q, const med_fingerprint *f,
                         const med_agree_site *s, size_t index)
{
    fprintf(out, "<section class=\"site\" id=\"site-%zu\"", index);
    html_attr(out, "data-site", f->site);
    fprintf(out, " data-rows=\"%zu\" data-decision-changes=\"%zu\" data-agree=\"%zu\">\n<h2>",
            f->rows, f->decision_changes, f->agree);
    html_textf(out, "Site %s", f->site[0] ? f->site : "(no site)");
    fputs("</h2>\n<dl class=\"facts\">", out);
    fprintf(out, "<dt>Rows that change a decision</dt><dd>%zu</dd>"
                 "<dt>Rows</dt><dd>%zu</dd><dt>Agree with the reference</dt><dd>%zu (%s%%)</dd>"
                 "</dl>\n", f->decision_changes, f->rows, f->agree, s->rate);
    fputs("<div class=\"decision\">\n<h3>Rows that change a clinical decision</h3>\n", out);
    if (f->decision_changes == 0)
        fputs("<p>None: no difference crosses a threshold.</p>\n", out);
    else {
        table_start(out, "decisions", "Thresholds crossed");
        for (size_t i = 0; i < q->count; i++)
            if (q->rows[i].changes_decision && strcmp(q->rows[i].site, f->site) == 0)
                row_cells(out, &q->rows[i], q->rows[i].cause, 1);
        fputs("</tbody>\n</table>\n", out);
    }
    fputs("</div>\n", out);
    fingerprint_part(out, f);
    if (f->left_count) {
        fprintf(out, "<h3>Rows the calculator%s leave%s</h3>\n", f->mixed ? "s" : "",
                f->mixed ? "" : "s");
        table_start(out, "left", "Cause");
        for (size_t i = 0; i < f->left_count; i++) {
            const qa_row *r = qa_find(q, f->left[i].row);
            if (r)
                row_cells(out, r, f->left[i].cause, 0);
        }
        fputs("</tbody>\n</table>\n", out);
    }
    fputs("<h3>The rest, by cause</h3>\n<p class=\"summary\">", out);
    html_textf(out, "%zu of %zu rows agree with the reference table; the %zu that differ, by "
               "cause:", s->agree, s->rows, s->rows - s->agree);
    const char *sep = " ";
    for (int c = 1; c < MED_CAUSE_COUNT; c++)
        if (s->by_cause[c]) {
            fprintf(out, "%s<span class=\"cause\" data-cause=\"%s\" data-count=\"%zu\">%s %zu"
                         "</span>", sep, med_cause_string((med_cause)c), s->by_cause[c],
                    med_cause_string((med_cause)c), s->by_cause[c]);
            sep = ", ";
        }
    html_text(out, ".");
    fputs("</p>\n</section>\n", out);
}

int qa_write_html(const qa_sites *q, FILE *out, med_agree *agree, const qa_context *c)
{
    size_t n = med_agree_site_count(agree);
    page_start(out, c, n);
    for (size_t i = 0; i < n; i++) {
        const med_fingerprint *f;
        med_error e;
        if (med_agree_fingerprint(agree, i, &f, &e) != MED_OK) {
            cli_error_at(&e);
            return EXIT_INPUT;
        }
        site_section(out, q, f, med_agree_get_site(agree, i), i);
    }
    fputs("<footer class=\"note\"><p>", out);
    html_textf(out, "Made by medcalc %s (libmed %s) from %s. Calculators searched: every "
               "embedded table%s, the reference table falling back to each embedded table that "
               "fills one of its gaps, the clinical and supply methods and the two by input "
               "(clinical for orders, supply for fills), results as computed, rounded to one decimal, "
               "to a whole number or truncated, methadone tiers by the prescription's dose or "
               "the dose cut to whole mg, patches as the table says or with the patch-day factor "
               "on the rate.", MED_VERSION_STRING, med_version_string(), c->input_name,
               c->reference ? " and the given one" : "");
    fputs("</p></footer>\n</body>\n</html>\n", out);
    return EXIT_OK;
}
