/* Another calculator's MME/day against ours: agree within a tolerance or not, the cause of a
 * disagreement and what reproduces the other value, and a summary per site. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "agree/agree_private.h"
#include "compute/calc_private.h"
#include "claims/claims.h"
#include "claims/columns_private.h"
#include "common/error.h"
#include "agree/explain.h"
#include "agree/fingerprint.h"
#include "agree/sites.h"
#include "agree/verdict.h"

#define MAX_TABLES 16
#define MAX_NDC_LISTS 8 /* as a batch */

struct med_agree {
    const med_table *fixed; /* the caller's table, or NULL: each row's own, else the default */
    med_method method;
    med_tolerance tol;
    med_table *owned[MAX_TABLES]; /* the embedded tables, loaded here */
    size_t owned_count;
    med_table *joined[MAX_TABLES]; /* the reference table falling back to another (made here) */
    size_t joined_count;
    const med_table *candidates[MAX_TABLES + 1];
    size_t candidate_count;
    med_columns *columns;
    med_ndc_list *embedded_list;  /* owned: loaded only for a header with an ndc column */
    med_ndc_list *embedded_rxnorm; /* owned: loaded only for a header with an rxcui column */
    const med_ndc_list *added[MAX_NDC_LISTS - 1]; /* med_agree_add_ndc_list, borrowed */
    size_t added_count;
    const med_ndc_list *lists[MAX_NDC_LISTS + 1]; /* consulted: the embedded ones, then added */
    size_t list_count;
    med__sites sites;    /* each site's counts, and the total */
    int keep_fp;         /* med_agree_keep_fingerprints() */
    int fp_failed;       /* a row's fingerprint bits could not be kept (out of memory) */
    const med_input *cur_input; /* the row being counted, NULL when it could not be read */
    long cur_line;
    med__agreement last; /* the last row's verdict with its texts */
    med_agreement pub;   /* what the caller reads of it */
};

/* Whether `fallback` has a factor entry `table` lacks: joined, they give a value `table` alone
 * does not. */
static int fills_a_gap(const med_table *table, const med_table *fallback)
{
    for (size_t i = 0; i < fallback->factor_count; i++) {
        const med_factor *f = &fallback->factors[i];
        if (med__table_entry(table, f->ingredient, f->form) == NULL)
            return 1;
    }
    return 0;
}

/* The reference table falling back to each embedded table that fills one of its gaps, as peer
 * calculators do silently: "cdc-2022 falling back to cms-2018" is then a candidate like any
 * table. A caller's table that has a fallback is a candidate itself. */
static med_status join_candidates(med_agree *a, med_error *error)
{
    const med_table *ref = a->fixed ? a->fixed : NULL;
    for (size_t i = 0; ref == NULL && i < a->owned_count; i++)
        if (strcmp(a->owned[i]->info.id, med_default_table_id()) == 0)
            ref = a->owned[i];
    if (ref == NULL)
        return MED_OK;
    const med_table *base = ref->base ? ref->base : ref;
    if (ref->base)
        a->candidates[a->candidate_count++] = ref;
    for (size_t i = 0; i < a->owned_count && a->candidate_count < MAX_TABLES + 1; i++) {
        const med_table *y = a->owned[i];
        if (strcmp(y->info.id, base->info.id) == 0 || !fills_a_gap(base, y) ||
            (ref->fallback && strcmp(ref->fallback->info.digest, y->info.digest) == 0))
            continue;
        med_status s = med_table_with_fallback(base, y, &a->joined[a->joined_count], error);
        if (s != MED_OK)
            return s;
        a->candidates[a->candidate_count++] = a->joined[a->joined_count++];
    }
    return MED_OK;
}

static med_status load_candidates(med_agree *a, med_error *error)
{
    for (const char *const *id = med_embedded_table_ids(); *id && a->owned_count < MAX_TABLES;
         id++) {
        med_status s = med_table_load_embedded(*id, &a->owned[a->owned_count], error);
        if (s != MED_OK)
            return s;
        a->candidates[a->candidate_count++] = a->owned[a->owned_count++];
    }
    const med_table *own = a->fixed && a->fixed->base ? a->fixed->base : a->fixed;
    if (own && strcmp(own->info.origin, "embedded") != 0)
        a->candidates[a->candidate_count++] = own; /* a site's own table */
    return join_candidates(a, error);
}

med_status med_agree_new(const med_table *table, med_method method,
                         const med_tolerance *tolerance, med_agree **out, med_error *error)
{
    med__error_clear(error);
    if (out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no output given");
    *out = NULL;
    if (!med__tolerance_version_ok(tolerance))
        return med__fail(error, MED_ERR_VERSION, "<tolerance>", 0, 0, NULL,
                         "med_tolerance version %u is not one this library knows: initialise it "
                         "with MED_TOLERANCE_INIT", tolerance->version);
    if (tolerance && (!(tolerance->absolute >= 0) || !(tolerance->relative >= 0)))
        return med__fail(error, MED_ERR_RANGE, "<tolerance>", 0, 0, NULL,
                         "a tolerance cannot be negative");
    med_agree *a = calloc(1, sizeof *a);
    if (a == NULL)
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    med_tolerance dflt = MED_TOLERANCE_INIT;
    a->fixed = table;
    a->method = method;
    a->tol = tolerance ? *tolerance : dflt;
    med_status s = load_candidates(a, error);
    if (s != MED_OK) {
        med_agree_free(a);
        return s;
    }
    *out = a;
    return MED_OK;
}

void med_agree_free(med_agree *agree)
{
    if (agree == NULL)
        return;
    for (size_t i = 0; i < agree->joined_count; i++)
        med_table_free(agree->joined[i]);
    for (size_t i = 0; i < agree->owned_count; i++)
        med_table_free(agree->owned[i]);
    med__sites_free(&agree->sites);
    med_columns_free(agree->columns);
    med_ndc_list_free(agree->embedded_list);
    med_ndc_list_free(agree->embedded_rxnorm);
    free(agree);
}

/* --- sites (see sites.c) ----------------------------------------------------------------- */

/* Counts the row for its site and the total; the site name is then borrowed from the checker.
 * MED_ERR_NOMEM when the row's site could not be made: the row is in the total only, and the
 * caller must say so rather than give the site's counts short of it. */
static med_status record(med_agree *a, const char *name, med__agreement *out)
{
    med__site *s = med__sites_find(&a->sites, name ? name : "");
    med__site_count(&a->sites.total, "", out);
    out->site = "";
    if (s) {
        med__site_count(s, s->name, out);
        out->site = s->name;
    }
    if (a->keep_fp) {
        med__fp_check c = {a->candidates, a->candidate_count, &a->tol, a->cur_input, out,
                           a->sites.total.rows, a->cur_line};
        if (s == NULL || med__fp_add(&s->fp, &c) != MED_OK)
            a->fp_failed = 1;
    }
    a->cur_input = NULL;
    a->cur_line = 0;
    return s ? MED_OK : MED_ERR_NOMEM;
}

med_status med_agree_keep_fingerprints(med_agree *agree, med_error *error)
{
    med__error_clear(error);
    if (agree == NULL || agree->sites.total.rows)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, agree ?
                         "fingerprints are kept from the first row: turn them on before it" :
                         "no checker given");
    agree->keep_fp = 1;
    return MED_OK;
}

med_status med_agree_fingerprint(med_agree *agree, size_t index, const med_fingerprint **out,
                                 med_error *error)
{
    med__error_clear(error);
    if (agree == NULL || out == NULL || !agree->keep_fp || index >= agree->sites.count)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, agree && !agree->keep_fp
                         ? "fingerprints were not kept (med_agree_keep_fingerprints)"
                         : "no checker, output or site %zu", index);
    if (agree->fp_failed)
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL,
                         "out of memory keeping the rows' fingerprints");
    med__site *s = agree->sites.all[index];
    if (s->fp == NULL) /* a site has at least one row, so this is only out of memory */
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    med_status st = med__fp_search(s->fp, agree->candidates, agree->candidate_count, &s->pub, out);
    if (st != MED_OK)
        return med__fail(error, st, NULL, 0, 0, NULL, "out of memory searching the site's "
                         "fingerprint");
    return MED_OK;
}

med_status med_agree_merge(med_agree *into, const med_agree *from, med_error *error)
{
    med__error_clear(error);
    if (into == NULL || from == NULL || into == from || into->keep_fp || from->keep_fp)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, into && from && into != from
                         ? "a checker keeping fingerprints cannot be merged"
                         : "two different checkers are needed");
    med_status s = med__sites_merge(&into->sites, &from->sites);
    if (s == MED_ERR_LIMIT)
        return med__fail(error, s, NULL, 0, 0, NULL, "the checker merged has more than %d "
                         "sites: its rows past them were counted as \"%s\" and cannot be told "
                         "apart again", MED__MAX_SITES, MED__OTHER_SITES);
    if (s != MED_OK)
        return med__fail(error, s, NULL, 0, 0, NULL, "out of memory");
    return MED_OK;
}

void med_agree_clear(med_agree *agree)
{
    if (agree == NULL)
        return;
    med__sites_free(&agree->sites);
    memset(&agree->sites, 0, sizeof agree->sites);
    agree->fp_failed = 0;
}

size_t med_agree_site_count(const med_agree *agree)
{
    return agree ? agree->sites.count : 0;
}

const med_agree_site *med_agree_get_site(const med_agree *agree, size_t index)
{
    return agree && index < agree->sites.count ? &agree->sites.all[index]->pub : NULL;
}

const med_agree_site *med_agree_get_total(const med_agree *agree)
{
    return agree ? med__sites_total(&agree->sites) : NULL;
}

/* --- one check ----------------------------------------------------------------------------- */

/* The table a row is computed under: the checker's, the row's own (embedded), the default. */
static const med_table *pick_table(const med_agree *a, const char *spec, med__agreement *out)
{
    if (a->fixed)
        return a->fixed;
    if (spec == NULL || spec[0] == '\0')
        spec = med_default_table_id();
    const char *at = strchr(spec, '@');
    size_t n = at ? (size_t)(at - spec) : strlen(spec);
    for (size_t i = 0; i < a->owned_count; i++) {
        const med_table *t = a->owned[i];
        if (strlen(t->info.id) != n || strncmp(t->info.id, spec, n) != 0)
            continue;
        if (at == NULL || strcmp(at + 1, t->info.version) == 0)
            return t;
        med__result_error(&out->ours, MED_ERR_VERSION, "table %s is version %s here, not %s",
                          t->info.id, t->info.version, at + 1);
        return NULL;
    }
    med__result_error(&out->ours, MED_ERR_NOT_FOUND, "no embedded table '%.64s' (give --table "
                      "to choose one)", spec);
    return NULL;
}

static void input_error(med__agreement *out, const char *reported)
{
    med_result_status said;
    med__agree_read_reported(reported, out, &said);
    out->cause = MED_CAUSE_INPUT;
    snprintf(out->explanation, sizeof out->explanation, "%s", out->ours.message);
}

/* A check under the table picked for the row (NULL: none could be, and `out` says why); our
 * result's message begins with `note`. */
static med_status check_under(med_agree *agree, const med_table *t, const med_input *input,
                              const char *note, const char *reported, const char *site_name,
                              med_method method, med__agreement *out)
{
    if (t == NULL) {
        input_error(out, reported);
        return record(agree, site_name, out);
    }
    out->table_id = t->info.id;
    out->table_version = t->info.version;
    med_method m = agree->method != MED_METHOD_AUTO ? agree->method : method;
    med_status s = med__compute(t, input, m, &out->ours);
    if (s != MED_OK)
        return s;
    agree->cur_input = input;
    med__claim_note(&out->ours, note);
    med_result_status said = MED_RESULT_OK;
    med__reported_kind kind = med__agree_read_reported(reported, out, &said);
    med_explain x = {agree->candidates, agree->candidate_count, &agree->tol, t, input,
                     &out->ours, out->reported_hundredths};
    med__agree_decide(&x, kind, said, out);
    return record(agree, site_name, out);
}

static void start_result(med__agreement *out)
{
    memset(out, 0, sizeof *out);
    out->ours.status = MED_RESULT_ERROR;
}

/* What the caller reads of the last verdict: numbers, and texts borrowed from `last`. */
static const med_agreement *publish(med_agree *a)
{
    const med__agreement *in = &a->last;
    med_agreement *out = &a->pub;
    med_result blank = MED_RESULT_INIT;
    out->ours = blank;
    (void)med__result_publish(&in->ours, &out->ours);
    out->table_id = in->table_id;
    out->table_version = in->table_version;
    out->reported = in->reported;
    out->reported_value = in->reported_value;
    out->reported_hundredths = in->reported_hundredths;
    out->difference = in->difference;
    out->relative = in->relative;
    out->agrees = in->agrees;
    out->cause = in->cause;
    out->explanation = in->explanation;
    out->site = in->site ? in->site : "";
    out->changes_decision = in->changes_decision;
    out->crossed_count = in->crossed_count;
    out->crossed = in->crossed;
    out->thresholds_crossed = in->thresholds_crossed;
    return out;
}

med_status med_agree_check(med_agree *agree, const med_input *input, const char *reported,
                           const char *site_name, const char *table, med_method method,
                           const med_agreement **out)
{
    if (agree == NULL || input == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    med__agreement *r = &agree->last;
    start_result(r);
    const med_table *t = pick_table(agree, table, r);
    med_status s = check_under(agree, t, input, "", reported, site_name, method, r);
    *out = publish(agree);
    return s;
}

const char *med_agree_text(const med_agree *agree, med_text what)
{
    return agree ? med__result_text(&agree->last.ours, what) : "";
}

/* --- NDC lists ----------------------------------------------------------------------------- */

/* The lists rows consult: none without an ndc or rxcui column, else the embedded ones (the NDC
 * list for an ndc column, the RxNorm list for an rxcui column) and those added. */
static void set_lists(med_agree *a)
{
    a->list_count = 0;
    if (a->embedded_list == NULL && a->embedded_rxnorm == NULL)
        return;
    if (a->embedded_list)
        a->lists[a->list_count++] = a->embedded_list;
    if (a->embedded_rxnorm)
        a->lists[a->list_count++] = a->embedded_rxnorm;
    for (size_t i = 0; i < a->added_count; i++)
        a->lists[a->list_count++] = a->added[i];
}

/* Lazily, as a batch does: the shipped list is parsed only for a file that has NDCs. */
static med_status header_lists(med_agree *a, med_error *error)
{
    med_status s = MED_OK;
    if (!med__columns_has(a->columns, "ndc")) {
        med_ndc_list_free(a->embedded_list);
        a->embedded_list = NULL;
    } else if (a->embedded_list == NULL) {
        s = med_ndc_list_load_embedded(NULL, &a->embedded_list, error);
    }
    if (!med__columns_has(a->columns, "rxcui")) {
        med_ndc_list_free(a->embedded_rxnorm);
        a->embedded_rxnorm = NULL;
    } else if (s == MED_OK && a->embedded_rxnorm == NULL) {
        s = med_rxnorm_list_load_embedded(NULL, &a->embedded_rxnorm, error);
    }
    set_lists(a);
    return s;
}

med_status med_agree_add_ndc_list(med_agree *agree, const med_ndc_list *list, med_error *error)
{
    med__error_clear(error);
    if (agree == NULL || list == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no checker or list given");
    if (agree->added_count == MAX_NDC_LISTS - 1)
        return med__fail(error, MED_ERR_LIMIT, NULL, 0, 0, NULL,
                         "a checker consults at most %d NDC lists", MAX_NDC_LISTS);
    agree->added[agree->added_count++] = list;
    set_lists(agree);
    return MED_OK;
}

size_t med_agree_ndc_list_count(const med_agree *agree)
{
    return agree ? agree->list_count : 0;
}

const med_ndc_list *med_agree_ndc_list(const med_agree *agree, size_t index)
{
    return agree && index < agree->list_count ? agree->lists[index] : NULL;
}

/* --- rows ---------------------------------------------------------------------------------- */

med_status med_agree_header(med_agree *agree, const char *const *columns, size_t count,
                            med_error *error)
{
    med__error_clear(error);
    if (agree == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no checker given");
    med_columns_free(agree->columns);
    agree->columns = NULL;
    med_status s = med__columns_new(columns, count, 1, &agree->columns, error);
    if (s != MED_OK)
        return s;
    /* The header itself, read as a row, finds each column by name. */
    if (med_columns_value(agree->columns, columns, count, "reported_mme") ||
        med_columns_value(agree->columns, columns, count, "expected_mme")) {
        if ((s = header_lists(agree, error)) == MED_OK)
            return MED_OK;
        med_columns_free(agree->columns);
        agree->columns = NULL;
        return s;
    }
    med_columns_free(agree->columns);
    agree->columns = NULL;
    return med__fail(error, MED_ERR_INVALID, "<header>", 1, 0, NULL,
                     "the header lacks reported_mme (the other calculator's MME/day) or "
                     "expected_mme (a vectors file)");
}

static med_status row_error(med_agree *a, const med_error *e, const char *reported,
                            const char *site_name, med__agreement *out)
{
    memset(out, 0, sizeof *out);
    out->ours.status = MED_RESULT_ERROR;
    out->ours.error = *e;
    snprintf(out->ours.message, sizeof out->ours.message, "%s", e->message);
    input_error(out, reported);
    return record(a, site_name, out);
}

med_status med_agree_record_error_checked(med_agree *agree, const med_error *error,
                                          const med_agreement **out)
{
    if (agree == NULL || error == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    agree->cur_line = error->line;
    med_status s = row_error(agree, error, NULL, NULL, &agree->last);
    *out = publish(agree);
    return s;
}

void med_agree_record_error(med_agree *agree, const med_error *error,
                            const med_agreement **out)
{
    /* Out of memory here leaves the row in the total only: this call has no status. */
    med_status ignored = med_agree_record_error_checked(agree, error, out);
    (void)ignored;
}

/* One row into agree->last. */
static med_status agree_row(med_agree *agree, const char *const *fields, size_t count, long line,
                            med__agreement *out)
{
    const med_columns *c = agree->columns;
    const char *reported = med_columns_value(c, fields, count, "reported_mme");
    if (reported == NULL)
        reported = med_columns_value(c, fields, count, "expected_mme");
    const char *site_name = med_columns_value(c, fields, count, "site");
    const char *table = med_columns_value(c, fields, count, "table");
    const char *method_text = med_columns_value(c, fields, count, "method");
    med__input_buf in;
    med_error e;
    med_method m = MED_METHOD_AUTO;
    char note[900] = "";
    start_result(out);
    /* The row's table first: an NDC or a description is read with its vocabulary. */
    const med_table *t = pick_table(agree, table, out);
    if (t && med__columns_claim_input(c, t, agree->lists, agree->list_count, fields, count, line,
                                      &in, note, sizeof note, &e) != MED_OK) {
        agree->cur_line = line;
        return row_error(agree, &e, reported, site_name, out);
    }
    if (method_text && method_text[0] && med_method_parse(method_text, &m) != MED_OK) {
        med__fail(&e, MED_ERR_INVALID, "<row>", (int)line, 0, method_text,
                  "method '%.32s' is not clinical, supply or auto", method_text);
        agree->cur_line = line;
        return row_error(agree, &e, reported, site_name, out);
    }
    med_input view = MED_INPUT_INIT;
    if (t)
        view = med__input_view(&in);
    agree->cur_line = line;
    med_status s = check_under(agree, t, t ? &view : NULL, note, reported, site_name, m, out);
    out->ours.error.line = (int)line;
    return s;
}

med_status med_agree_row(med_agree *agree, const char *const *fields, size_t count, long line,
                         const med_agreement **out)
{
    if (agree == NULL || agree->columns == NULL || out == NULL || (count && fields == NULL))
        return MED_ERR_ARGUMENT;
    med_status s = agree_row(agree, fields, count, line, &agree->last);
    *out = publish(agree);
    return s;
}
