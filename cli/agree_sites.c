/* medcalc agree --sites: text and JSON site blocks (the HTML page is agree_sites_html.c). A
 * block counts the rows that change a decision first, then names the calculator the site runs,
 * its ties, or the calculators a mixed site combines, and the rows it leaves. */
#include <stdlib.h>
#include <string.h>

#include "agree_sites.h"

static const char *const INPUT_COLUMNS[] = {"ndc",      "product",     "drug",
                                            "form",     "strength",    "unit",
                                            "quantity", "days_supply", "doses_per_day",
                                            "every_hours", "units_per_dose", "prn",
                                            "route",    "substance"};

/* The regimen when the row has one, else its input columns as name=value. */
static char *describe_input(const csv_file *f, const char *const *fields, size_t n)
{
    char buf[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < f->columns && i < n && fields; i++)
        if (strcmp(f->header[i], "regimen") == 0 && fields[i][0])
            return strdup(fields[i]);
    for (size_t k = 0; k < sizeof INPUT_COLUMNS / sizeof *INPUT_COLUMNS; k++)
        for (size_t i = 0; i < f->columns && i < n && fields; i++) {
            if (strcmp(f->header[i], INPUT_COLUMNS[k]) != 0 || fields[i][0] == '\0')
                continue;
            int w = snprintf(buf + used, sizeof buf - used, "%s%s=%s", used ? " " : "",
                             INPUT_COLUMNS[k], fields[i]);
            if (w > 0 && (size_t)w < sizeof buf - used)
                used += (size_t)w;
        }
    return strdup(fields ? buf : "(a record that could not be read)");
}

int qa_note(qa_sites *q, const csv_file *f, const char *const *fields, size_t n, long line,
            const med_agreement *a, med_agree *agree)
{
    qa_row *rows = cli_room_for_one(q->rows, q->count, &q->cap, sizeof *rows, 64);
    if (rows == NULL) {
        cli_error("out of memory");
        return -1;
    }
    q->rows = rows;
    qa_row *r = &q->rows[q->count];
    char table[96] = "";
    if (a->table_id)
        snprintf(table, sizeof table, "%s@%s %s", a->table_id, a->table_version,
                 med_method_string(a->ours.method));
    memset(r, 0, sizeof *r);
    r->row = q->count + 1;
    r->line = line;
    r->input = describe_input(f, fields, n);
    r->site = strdup(a->site);
    r->reported = strdup(a->reported[0] ? a->reported : "nothing");
    r->ours = strdup(a->ours.status == MED_RESULT_OK ? med_agree_text(agree, MED_TEXT_MME)
                                                     : med_result_status_string(a->ours.status));
    r->table = strdup(table);
    r->explanation = strdup(a->explanation);
    r->crossed = strdup(a->thresholds_crossed);
    r->cause = a->cause;
    r->agrees = a->agrees;
    r->changes_decision = a->changes_decision;
    q->count++;
    if (!r->input || !r->site || !r->reported || !r->ours || !r->table || !r->explanation || !r->crossed) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

void qa_free(qa_sites *q)
{
    for (size_t i = 0; i < q->count; i++) {
        qa_row *r = &q->rows[i];
        free(r->input);
        free(r->site);
        free(r->reported);
        free(r->ours);
        free(r->table);
        free(r->explanation);
        free(r->crossed);
    }
    free(q->rows);
    memset(q, 0, sizeof *q);
}

const qa_row *qa_find(const qa_sites *q, size_t row)
{
    return row >= 1 && row <= q->count ? &q->rows[row - 1] : NULL;
}

/* --- text ---------------------------------------------------------------------------------- */

static const char *site_name(const med_fingerprint *f)
{
    return f->site[0] ? f->site : "(no site)";
}

static void text_row(FILE *out, const qa_row *r, med_cause cause, int with_crossed)
{
    fprintf(out, "    line %ld: %s: reported %s, ours %s (%s)", r->line, r->input, r->reported,
            r->ours, r->table[0] ? r->table : "no table");
    if (with_crossed)
        fprintf(out, ": crosses %s; %s", r->crossed,
                r->agrees ? "agrees within the tolerance" : med_cause_string(r->cause));
    else
        fprintf(out, ": %s%s", med_cause_string(cause),
                r->changes_decision ? " (changes a decision, above)" : "");
    if (r->explanation[0])
        fprintf(out, ": %s", r->explanation);
    fputc('\n', out);
}

static void text_calculator(FILE *out, const char *lead, const med_calculator *c, size_t rows)
{
    fprintf(out, "%s%s: reproduces %zu of %zu rows (%zu to the hundredth)\n", lead, c->text,
            c->rows, rows, c->exact);
}

static void text_site(FILE *out, const qa_sites *q, const med_fingerprint *f, const qa_context *c)
{
    fprintf(out, "site %s: %zu rows\n", site_name(f), f->rows);
    fprintf(out, "  decision changes: %zu (a threshold of %s between reported and ours)\n",
            f->decision_changes, c->reference ? c->reference : "the row's table");
    fprintf(out, "  agree with %s: %zu of %zu\n", c->reference ? c->reference : "each row's table",
            f->agree, f->rows);
    if (f->best.rows == 0)
        fputs("  calculator: none found: no combination of table, method, rounding and "
              "convention reproduces any row\n", out);
    else if (!f->mixed)
        text_calculator(out, "  calculator: ", &f->best, f->rows);
    else {
        fprintf(out, "  calculator: mixed: none reproduces more than half the rows; together "
                     "%zu of %zu:\n", f->explained, f->rows);
        for (size_t i = 0; i < f->part_count; i++)
            fprintf(out, "    %s: %zu %srow%s\n", f->parts[i].text, f->parts[i].rows,
                    i ? "more " : "", f->parts[i].rows == 1 ? "" : "s");
    }
    for (size_t i = 0; i < f->tie_count; i++) {
        char lead[64] = "  tied: ";
        if (f->mixed)
            snprintf(lead, sizeof lead, "  tied with part %zu: ", f->ties[i].part + 1);
        text_calculator(out, lead, &f->ties[i], f->rows);
    }
    if (f->decision_changes)
        fprintf(out, "  rows that change a decision (%zu):\n", f->decision_changes);
    for (size_t i = 0; i < q->count; i++)
        if (q->rows[i].changes_decision && strcmp(q->rows[i].site, f->site) == 0)
            text_row(out, &q->rows[i], q->rows[i].cause, 1);
    if (f->left_count)
        fprintf(out, "  rows %s (%zu):\n", f->mixed ? "the calculators together leave"
                                                    : "the calculator leaves", f->left_count);
    for (size_t i = 0; i < f->left_count; i++) {
        const qa_row *r = qa_find(q, f->left[i].row);
        if (r)
            text_row(out, r, f->left[i].cause, 0);
    }
}

/* --- JSON ---------------------------------------------------------------------------------- */

static void json_calculator(FILE *out, const med_calculator *c)
{
    char table[96];
    snprintf(table, sizeof table, "%s@%s", c->table_id, c->table_version);
    fputs("{\"table\":", out);
    json_string(out, table);
    if (c->fallback_id) {
        snprintf(table, sizeof table, "%s@%s", c->fallback_id, c->fallback_version);
        fputs(",\"fallback\":", out);
        json_string(out, table);
    }
    fprintf(out, ",\"method\":\"%s\",\"rounding\":\"%s\",\"tier\":\"%s\",\"patch\":\"%s\","
                 "\"rows_explained\":%zu,\"exact\":%zu,\"part\":%zu,\"text\":",
            med_method_string(c->method), med_rounding_string(c->rounding),
            c->tier_by_total ? "total" : c->tier_by_whole_dose ? "whole_dose" : "prescription",
            c->patch_day_on_rate ? "patch_day_on_rate" : "table", c->rows, c->exact, c->part);
    json_string(out, c->text);
    fputc('}', out);
}

static void json_row(FILE *out, const qa_row *r, med_cause cause)
{
    fprintf(out, "{\"line\":%ld,\"input\":", r->line);
    json_string(out, r->input);
    fputs(",\"reported\":", out);
    json_string(out, r->reported);
    fputs(",\"ours\":", out);
    json_string(out, r->ours);
    fputs(",\"table\":", out);
    json_string(out, r->table);
    fprintf(out, ",\"cause\":\"%s\",\"changes_decision\":%s,\"thresholds_crossed\":",
            med_cause_string(cause), r->changes_decision ? "true" : "false");
    json_string(out, r->crossed);
    fputs(",\"explanation\":", out);
    json_string(out, r->explanation);
    fputc('}', out);
}

static void json_calculators(FILE *out, const char *key, const med_calculator *c, size_t n)
{
    fprintf(out, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', out);
        json_calculator(out, &c[i]);
    }
    fputc(']', out);
}

static void json_site(FILE *out, const qa_sites *q, const med_fingerprint *f)
{
    fputs("{\"site\":", out);
    json_string(out, f->site);
    fprintf(out, ",\"rows\":%zu,\"decision_changes\":%zu,\"agree\":%zu,\"fingerprint\":",
            f->rows, f->decision_changes, f->agree);
    if (f->best.rows)
        json_calculator(out, &f->best);
    else
        fputs("null", out);
    json_calculators(out, "ties", f->ties, f->tie_count);
    fprintf(out, ",\"mixed\":%s", f->mixed ? "true" : "false");
    json_calculators(out, "parts", f->parts, f->part_count);
    fprintf(out, ",\"explained\":%zu,\"decision_changing\":[", f->explained);
    int first = 1;
    for (size_t i = 0; i < q->count; i++)
        if (q->rows[i].changes_decision && strcmp(q->rows[i].site, f->site) == 0) {
            fputs(first ? "" : ",", out);
            json_row(out, &q->rows[i], q->rows[i].cause);
            first = 0;
        }
    fputs("],\"unexplained\":[", out);
    for (size_t i = 0; i < f->left_count; i++) {
        const qa_row *r = qa_find(q, f->left[i].row);
        if (r == NULL)
            continue;
        fputs(i ? "," : "", out);
        json_row(out, r, f->left[i].cause);
    }
    fputs("]}\n", out);
}

int qa_write(const qa_sites *q, FILE *out, out_format format, med_agree *agree,
             const qa_context *c)
{
    if (format == FORMAT_HTML)
        return qa_write_html(q, out, agree, c);
    size_t n = med_agree_site_count(agree);
    for (size_t i = 0; i < n; i++) {
        const med_fingerprint *f;
        med_error e;
        if (med_agree_fingerprint(agree, i, &f, &e) != MED_OK) {
            cli_error_at(&e);
            return EXIT_INPUT;
        }
        if (format == FORMAT_JSON)
            json_site(out, q, f);
        else {
            if (i)
                fputc('\n', out);
            text_site(out, q, f, c);
        }
    }
    return EXIT_OK;
}
