/* medcalc tables: the embedded tables with version, date, digest and source. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_one(FILE *out, const options *o, const med_table_info *i, int first)
{
    if (o->format == FORMAT_JSON) {
        fputs(first ? "" : "\n", out);
        fputs("{\"id\":", out);
        json_string(out, i->id);
        fputs(",\"version\":", out);
        json_string(out, i->version);
        fputs(",\"effective\":", out);
        json_string(out, i->effective);
        fputs(",\"digest\":", out);
        json_string(out, i->digest);
        fputs(",\"title\":", out);
        json_string(out, i->title);
        fputs(",\"source\":", out);
        json_string(out, i->source);
        fputs("}", out);
    } else if (o->format == FORMAT_CSV) {
        const char *cells[] = {i->id, i->version, i->effective, i->digest, i->title, i->source};
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            if (c) fputc(',', out);
            csv_field(out, cells[c]);
        }
        fputc('\n', out);
    } else {
        fprintf(out, "%-14s %-4s %s  %.16s  %s\n%21s %s\n", i->id, i->version, i->effective,
                i->digest, i->title, "", i->source);
    }
}

/* medcalc tables check FILE...: validates a site's own table, every file reported. */
static int check_files(const options *o)
{
    int rc = EXIT_OK;
    if (o->nargs < 2) {
        cli_error("tables check needs one or more table files");
        return EXIT_USAGE;
    }
    for (int i = 1; i < o->nargs; i++) {
        med_table *t = NULL;
        med_error e;
        med_status s = med_table_load_file(o->args[i], &t, &e);
        if (s != MED_OK) {
            cli_error_at(&e);
            if (s == MED_ERR_NOMEM)
                return EXIT_INPUT; /* out of memory stops the run: the next file is not checked */
            rc = EXIT_INPUT;
            continue;
        }
        const med_table_info *info = med_table_get_info(t);
        printf("%s: ok: %s@%s sha256:%s\n", o->args[i], info->id, info->version, info->digest);
        med_table_free(t);
    }
    return rc;
}

/* --- tables show ID... --------------------------------------------------------------------- */

static void show_note(FILE *out, const char *label, const char *note)
{
    if (note && note[0])
        fprintf(out, "      %s: %s\n", label, note);
}

static void show_factors_text(FILE *out, const med_table *t)
{
    const med_table_info *ti0 = med_table_get_info(t);
    /* A factor entry has no source of its own: every factor is the table's guideline's. */
    fprintf(out, "factors (source of each: %s, %s):\n", ti0->guideline, ti0->source);
    for (size_t i = 0; i < med_table_factor_count(t); i++) {
        const med_factor_info *f = med_table_factor(t, i);
        if (f == NULL)
            continue;
        fprintf(out, "  %-16s %-12s ", f->ingredient, f->form);
        if (f->tier_count)
            fprintf(out, "tiers on the daily dose in %s:\n", f->unit);
        else if (strcmp(f->per, "dose") == 0)
            fprintf(out, "%s per %s/day\n", f->factor_text, f->unit);
        else
            fprintf(out, "%s per mcg/hr%s, patch worn %s h\n", f->factor_text,
                    strcmp(f->per, "rate") == 0 ? "" : " per patch-day", f->patch_hours);
        for (size_t k = 0; k < f->tier_count; k++) {
            const med_tier_info *ti = med_table_tier(t, i, k);
            char range[64];
            if (ti == NULL)
                continue;
            snprintf(range, sizeof range, "(%s, %s]", ti->above,
                     ti->at_most ? ti->at_most : "-");
            fprintf(out, "      %-14s %s%s%s\n", range, ti->factor_text, ti->note ? "  " : "",
                    ti->note ? ti->note : "");
        }
        show_note(out, "note", f->note);
    }
}

static void show_text(FILE *out, const med_table *t)
{
    const med_table_info *i = med_table_get_info(t);
    fprintf(out, "%s@%s  %s\n  guideline: %s\n  source:    %s\n  effective: %s\n"
                 "  sha256:    %s\n  methadone tiers chosen by: %s\n",
            i->id, i->version, i->title, i->guideline, i->source, i->effective, i->digest,
            strcmp(i->tiers_apply_to, "total") == 0 ? "the patient's total daily dose"
                                                   : "each prescription's daily dose");
    if (med_table_notes(t))
        fprintf(out, "  notes:     %s\n", med_table_notes(t));
    show_factors_text(out, t);
    if (med_table_exclusion_count(t))
        fputs("excluded:\n", out);
    for (size_t k = 0; k < med_table_exclusion_count(t); k++) {
        const med_exclusion_info *x = med_table_exclusion(t, k);
        if (x)
            fprintf(out, "  %-16s %-12s %s\n", x->ingredient, x->form ? x->form : "all",
                    x->reason);
    }
    if (med_table_absence_count(t))
        fputs("absent (no factor):\n", out);
    for (size_t k = 0; k < med_table_absence_count(t); k++) {
        const med_absence_info *x = med_table_absence(t, k);
        if (x)
            fprintf(out, "  %-16s %s\n", x->ingredient, x->note);
    }
    fputs("thresholds:\n", out);
    for (size_t k = 0; k < med_table_threshold_count(t); k++) {
        const med_threshold *th = med_table_threshold(t, k);
        if (th == NULL)
            continue;
        fprintf(out, "  %s %s MME/day (%s)\n", med_comparator_string(th->comparator),
                th->mme_text, th->level);
        cli_threshold_words(out, th, "      ");
    }
}

static void csv_row(FILE *out, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        csv_field(out, cells[i]);
        fputc(i + 1 < n ? ',' : '\n', out);
    }
}

/* One CSV row per factor, tier, exclusion and absence. */
static void show_csv(FILE *out, const med_table *t)
{
    const med_table_info *i = med_table_get_info(t);
    char name[96];
    snprintf(name, sizeof name, "%s@%s", i->id, i->version);
    for (size_t k = 0; k < med_table_factor_count(t); k++) {
        const med_factor_info *f = med_table_factor(t, k);
        if (f == NULL)
            continue;
        const char *cells[] = {name, "factor", f->ingredient, f->form, f->unit, f->per,
                               f->factor_text ? f->factor_text : "", "", "", f->patch_hours,
                               f->note ? f->note : ""};
        csv_row(out, cells, sizeof cells / sizeof *cells);
        for (size_t j = 0; j < f->tier_count; j++) {
            const med_tier_info *ti = med_table_tier(t, k, j);
            if (ti == NULL)
                continue;
            const char *tc[] = {name, "tier", f->ingredient, f->form, f->unit, f->per,
                                ti->factor_text, ti->above, ti->at_most ? ti->at_most : "", "",
                                ti->note ? ti->note : ""};
            csv_row(out, tc, sizeof tc / sizeof *tc);
        }
    }
    for (size_t k = 0; k < med_table_exclusion_count(t); k++) {
        const med_exclusion_info *x = med_table_exclusion(t, k);
        if (x == NULL)
            continue;
        const char *cells[] = {name, "excluded", x->ingredient, x->form ? x->form : "all", "",
                               "", "", "", "", "", x->reason};
        csv_row(out, cells, sizeof cells / sizeof *cells);
    }
    for (size_t k = 0; k < med_table_absence_count(t); k++) {
        const med_absence_info *x = med_table_absence(t, k);
        if (x == NULL)
            continue;
        const char *cells[] = {name, "absent", x->ingredient, "all", "", "", "", "", "", "",
                               x->note};
        csv_row(out, cells, sizeof cells / sizeof *cells);
    }
}

/* medcalc tables show ID...: every factor with its note, tiers, exclusions, thresholds. */
static int show_tables(const options *o)
{
    if (o->nargs < 2) {
        cli_error("tables show needs one or more table ids (or .yaml files)");
        return EXIT_USAGE;
    }
    if (o->format == FORMAT_JSON) {
        cli_error("tables show writes text or csv");
        return EXIT_USAGE;
    }
    FILE *out = cli_open_output(o);
    if (out == NULL)
        return EXIT_INPUT;
    if (o->format == FORMAT_CSV)
        fputs("table,kind,ingredient,form,unit,per,factor,above,at_most,patch_hours,note\n", out);
    int rc = EXIT_OK;
    for (int i = 1; i < o->nargs; i++) {
        med_table *t = NULL;
        med_error e;
        if (med_table_load(o->args[i], &t, &e) != MED_OK) {
            cli_error_at(&e);
            rc = EXIT_INPUT;
            continue;
        }
        if (o->format == FORMAT_CSV)
            show_csv(out, t);
        else
            show_text(out, t);
        if (o->format != FORMAT_CSV && i + 1 < o->nargs)
            fputc('\n', out);
        med_table_free(t);
    }
    int wrc = cli_close_output(out, o);
    return wrc != EXIT_OK ? wrc : rc;
}

/* --- tables diff A B ----------------------------------------------------------------------- */

static void diff_print(FILE *out, const options *o, const med_table_diff *diff)
{
    size_t n = med_table_diff_count(diff);
    for (size_t i = 0; i < n; i++) {
        const med_table_change *c = med_table_diff_get(diff, i);
        if (c == NULL)
            continue;
        if (o->format == FORMAT_CSV) {
            const char *cells[] = {med_diff_kind_string(c->kind), c->ingredient, c->form,
                                   c->before, c->after, c->equivalent ? "yes" : "no"};
            csv_row(out, cells, sizeof cells / sizeof *cells);
            continue;
        }
        fprintf(out, "%-8s %-16s %-12s %s -> %s%s\n", med_diff_kind_string(c->kind),
                c->ingredient, c->form, c->before, c->after,
                c->equivalent ? "  (equivalent: the same MME/day under both methods)" : "");
    }
}

/* medcalc tables diff A B: what changed from A to B, drug by drug and form by form. */
static int diff_tables(const options *o)
{
    med_table *t[2] = {NULL, NULL};
    med_table_diff *diff = NULL;
    med_error e;
    size_t n = 0;
    int rc = EXIT_INPUT;
    if (o->nargs != 3 || o->format == FORMAT_JSON) {
        cli_error(o->nargs != 3 ? "tables diff needs two tables: tables diff A B"
                                : "tables diff writes text or csv");
        return EXIT_USAGE;
    }
    for (int i = 0; i < 2; i++)
        if (med_table_load(o->args[i + 1], &t[i], &e) != MED_OK) {
            cli_error_at(&e);
            goto out;
        }
    if (med_table_diff_new(t[0], t[1], 0, &diff) != MED_OK) {
        cli_error("out of memory");
        goto out;
    }
    n = med_table_diff_count(diff);
    FILE *out = cli_open_output(o);
    if (out == NULL)
        goto out;
    if (o->format == FORMAT_CSV) {
        fputs("kind,ingredient,form,before,after,equivalent\n", out);
    } else {
        for (int i = 0; i < 2; i++) {
            const med_table_info *info = med_table_get_info(t[i]);
            fprintf(out, "%s %s@%s sha256:%s\n", i ? "+++" : "---", info->id, info->version,
                    info->digest);
        }
    }
    diff_print(out, o, diff);
    if (o->format != FORMAT_CSV)
        fprintf(out, "%zu change%s in factors, exclusions and absences\n", n, n == 1 ? "" : "s");
    rc = cli_close_output(out, o);
out:
    med_table_diff_free(diff); /* before the tables it borrows from */
    med_table_free(t[0]);
    med_table_free(t[1]);
    return rc;
}

int cmd_tables(const options *o)
{
    if (o->nargs > 0 && strcmp(o->args[0], "check") == 0)
        return check_files(o);
    if (o->nargs > 0 && strcmp(o->args[0], "show") == 0)
        return show_tables(o);
    if (o->nargs > 0 && strcmp(o->args[0], "diff") == 0)
        return diff_tables(o);
    if (o->nargs > 0) {
        cli_error("unknown tables command '%s': expected 'tables', 'tables show ID...', "
                  "'tables diff A B' or 'tables check FILE...'", o->args[0]);
        return EXIT_USAGE;
    }
    FILE *out = cli_open_output(o);
    if (out == NULL)
        return EXIT_INPUT;
    if (o->format == FORMAT_CSV)
        fputs("id,version,effective,digest,title,source\n", out);
    int first = 1, rc = EXIT_OK;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        med_table *t = NULL;
        med_error e;
        if (med_table_load_embedded(*id, &t, &e) != MED_OK) {
            cli_error_at(&e);
            rc = EXIT_INPUT;
            continue;
        }
        print_one(out, o, med_table_get_info(t), first);
        first = 0;
        med_table_free(t);
    }
    if (o->format == FORMAT_JSON && !first)
        fputc('\n', out);
    int wrc = cli_close_output(out, o);
    return wrc != EXIT_OK ? wrc : rc;
}
