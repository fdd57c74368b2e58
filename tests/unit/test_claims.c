/* Unit tests for lib/claims.c and the claims side of lib/batch.c: an ndc column decides the
 * product; columns that disagree with it make the row an error that says so; an unknown NDC
 * falls back to complete columns and says so; a malformed NDC is an error naming it; lists that
 * disagree are reported, not resolved; a product column, or a drug column holding a description,
 * fills in drug, strength, unit and form; the embedded list is loaded only for an ndc column. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"
#include "inputs.h"

/* Oxycodone HCl 5 mg tablet and a fentanyl 25 mcg/hr patch in CDC's 2018 list. */
#define OXY5 "00406055262"
#define FENTANYL25 "00378912198"

static const char *const COLUMNS[] = {"ndc", "product", "drug", "strength", "unit", "form",
                                      "quantity", "days_supply"};

/* A row's result with the texts the batch made for it (copied: the batch's are borrowed until
 * its next row) and its located error. */
typedef struct outcome {
    med_result r;
    char mme[32], daily_dose[32], factor_applied[32], factor_table[64], arithmetic[256],
        message[1024];
    med_status error_found; /* med_batch_error(): MED_OK for an error row, else NOT_FOUND */
    med_error error;        /* the located error of an error row; cleared otherwise */
} outcome;

static void copy_text(char *buf, size_t capacity, const char *text)
{
    assert_non_null(text);
    if ((size_t)snprintf(buf, capacity, "%s", text) >= capacity)
        fail_msg("text longer than %zu bytes: '%s'", capacity - 1, text);
}

/* Reads what med_batch_row() left for the row just computed into `o`. */
static void collect(const med_batch *b, outcome *o)
{
    copy_text(o->mme, sizeof o->mme, med_batch_text(b, MED_TEXT_MME));
    copy_text(o->daily_dose, sizeof o->daily_dose, med_batch_text(b, MED_TEXT_DAILY_DOSE));
    copy_text(o->factor_table, sizeof o->factor_table,
              med_batch_text(b, MED_TEXT_FACTOR_TABLE));
    copy_text(o->factor_applied, sizeof o->factor_applied,
              med_batch_text(b, MED_TEXT_FACTOR_APPLIED));
    copy_text(o->arithmetic, sizeof o->arithmetic, med_batch_text(b, MED_TEXT_ARITHMETIC));
    copy_text(o->message, sizeof o->message, med_batch_text(b, MED_TEXT_MESSAGE));
    memset(&o->error, 0, sizeof o->error);
    o->error_found = med_batch_error(b, &o->error);
    /* a located error exactly for error rows, of the result's kind */
    if (o->r.status == MED_RESULT_ERROR) {
        assert_int_equal(o->error_found, MED_OK);
        assert_int_equal(o->error.code, o->r.error);
        assert_int_not_equal(o->r.error, MED_OK);
    } else {
        assert_int_equal(o->error_found, MED_ERR_NOT_FOUND);
        assert_int_equal(o->r.error, MED_OK);
        memset(&o->error, 0, sizeof o->error);
    }
}

/* Two rows' outcomes agree: status, numbers, every text and the located error's message. */
static void assert_same_outcome(const outcome *a, const outcome *b)
{
    assert_int_equal(a->r.status, b->r.status);
    assert_int_equal(a->r.error, b->r.error);
    assert_int_equal(a->r.mme_hundredths, b->r.mme_hundredths);
    assert_string_equal(a->mme, b->mme);
    assert_string_equal(a->daily_dose, b->daily_dose);
    assert_string_equal(a->factor_applied, b->factor_applied);
    assert_string_equal(a->factor_table, b->factor_table);
    assert_string_equal(a->message, b->message);
    assert_string_equal(a->arithmetic, b->arithmetic);
    assert_int_equal(a->error_found, b->error_found);
    assert_string_equal(a->error.message, b->error.message);
}

static void batch_row(med_batch *b, const char *const *fields, long line, outcome *o)
{
    o->r = (med_result)MED_RESULT_INIT;
    assert_int_equal(med_batch_row(b, fields, 8, line, &o->r), MED_OK);
    collect(b, o);
}

/* One row through a batch with all the claims columns. */
static outcome row(const med_table *t, const med_ndc_list *extra, const char *ndc,
                   const char *product, const char *drug, const char *strength,
                   const char *unit, const char *form, const char *quantity, const char *days)
{
    med_batch *b = NULL;
    med_error e;
    outcome o;
    if (med_batch_new(t, COLUMNS, 8, MED_METHOD_SUPPLY, &b, &e) != MED_OK)
        fail_msg("batch: %s", e.message);
    if (extra && med_batch_add_ndc_list(b, extra, &e) != MED_OK)
        fail_msg("add list: %s", e.message);
    const char *fields[] = {ndc, product, drug, strength, unit, form, quantity, days};
    batch_row(b, fields, 2, &o);
    med_batch_free(b);
    return o;
}

static void has(const outcome *o, const char *text)
{
    if (strstr(o->message, text) == NULL)
        fail_msg("message '%s' lacks '%s'", o->message, text);
}

static void test_ndc_decides(void **state)
{
    const med_table *t = *state;
    outcome r = row(t, NULL, OXY5, "", "", "", "", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    assert_int_equal(r.r.mme_hundredths, 3000); /* 5 mg x 4/day x 1.5 */
    has(&r, "ndc 00406055262 (cdc-ndc-2018@2): oxycodone oral 5 mg");
    r = row(t, NULL, "00378-9121-98", "", "", "", "", "", "10", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    assert_int_equal(r.r.mme_hundredths, 6000); /* 25 mcg/hr x 10 patches / 30 days x 7.2 */
    /* Columns that agree (same amount in other words) are fine. */
    r = row(t, NULL, OXY5, "", "Oxycodone HCl", "5", "MG", "TABLET", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    r = row(t, NULL, OXY5, "", "oxycodone/apap", "5/325", "mg", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    r = row(t, NULL, OXY5, "", "", "5000", "mcg", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
}

static void test_disagreement_is_an_error(void **state)
{
    const med_table *t = *state;
    outcome r = row(t, NULL, OXY5, "", "morphine", "", "", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "ndc 00406055262 (cdc-ndc-2018@2) is oxycodone oral 5 mg, but the row says drug "
            "morphine");
    r = row(t, NULL, OXY5, "", "oxycodone", "10", "mg", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "but the row says strength 10 mg");
    r = row(t, NULL, OXY5, "", "oxycodone", "5", "", "", "120", "30"); /* read in the NDC's unit */
    assert_int_equal(r.r.status, MED_RESULT_OK);
    r = row(t, NULL, FENTANYL25, "", "fentanyl", "", "", "buccal tablet", "10", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "form buccal tablet (buccal)");
    r = row(t, NULL, FENTANYL25, "", "Actiq", "", "", "", "10", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "form Actiq (buccal)");
    r = row(t, NULL, OXY5, "MORPHINE SULFATE 15 MG TABLET", "", "", "", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "drug morphine");
}

static void test_unreadable_columns_are_noted(void **state)
{
    outcome r = row(*state, NULL, OXY5, "", "zzzz", "ten", "mg", "jar", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    has(&r, "drug 'zzzz' not recognised, not compared");
    has(&r, "strength 'ten mg' not compared");
    has(&r, "form 'jar' not recognised, not compared");
}

static void test_unknown_ndc(void **state)
{
    const med_table *t = *state;
    outcome r = row(t, NULL, "99998-0000-01", "", "oxycodone", "10", "mg", "", "60", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    assert_int_equal(r.r.mme_hundredths, 3000);
    has(&r, "ndc 99998000001 is in none of the NDC lists (cdc-ndc-2018@2): computed from the "
            "drug, strength and unit columns");
    r = row(t, NULL, "99998-0000-01", "OXYCODONE HCL 10 MG TAB", "", "", "", "", "60", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    has(&r, "computed from product 'OXYCODONE HCL 10 MG TAB'");
    r = row(t, NULL, "99998-0000-01", "", "oxycodone", "", "mg", "", "60", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "the row lacks strength to compute from its other columns");
    assert_int_equal(r.r.error, MED_ERR_NOT_FOUND);
    assert_int_equal(r.error.code, MED_ERR_NOT_FOUND);
}

static void test_malformed_ndc(void **state)
{
    outcome r = row(*state, NULL, "406-552-62", "", "oxycodone", "5", "mg", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    assert_int_equal(r.r.error, MED_ERR_SYNTAX);
    assert_int_equal(r.error.code, MED_ERR_SYNTAX);
    has(&r, "ndc '406-552-62' is not an NDC");
    assert_int_equal(r.error.line, 2);
}

static const char SITE[] = "id: site\nversion: \"4\"\ntitle: t\nsource: s\neffective: 2025-01-01\n"
                           "...\n"
                           "ndc,ingredient,form,strength,unit\n"
                           "99998000101,tapentadol,oral,50,mg\n"
                           "00406055262,oxycodone,oral,10,mg\n";

static void test_site_list(void **state)
{
    const med_table *t = *state;
    med_ndc_list *site = NULL;
    med_error e;
    assert_int_equal(med_ndc_list_load_buffer(SITE, strlen(SITE), "site.ndc", &site, &e), MED_OK);
    outcome r = row(t, site, "99998-0001-01", "", "", "", "", "", "60", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    has(&r, "(site@4): tapentadol oral 50 mg");
    r = row(t, site, OXY5, "", "", "", "", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "NDC 00406055262 is listed differently");
    has(&r, "cdc-ndc-2018@2");
    has(&r, "site@4 (line 9) says oxycodone oral 10 mg");
    r = row(t, site, "99998-0002-01", "", "", "", "", "", "60", "30");
    has(&r, "in none of the NDC lists (cdc-ndc-2018@2, site@4)");
    med_ndc_list_free(site);
}

static void test_descriptions(void **state)
{
    const med_table *t = *state;
    /* A product column alone. */
    outcome r = row(t, NULL, "", "HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG TABLET", "",
                       "", "", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    assert_int_equal(r.r.mme_hundredths, 4000);
    /* A drug column holding a description. */
    r = row(t, NULL, "", "", "FENTANYL 25 MCG/HR PATCH 72HR", "", "", "", "10", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    assert_int_equal(r.r.mme_hundredths, 6000);
    /* A description and columns that agree, and that do not. */
    r = row(t, NULL, "", "OXYCODONE HCL 5 MG TAB", "oxycodone", "5", "mg", "tablet", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_OK);
    r = row(t, NULL, "", "OXYCODONE HCL 5 MG TAB", "", "10", "mg", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "product 'OXYCODONE HCL 5 MG TAB' is oxycodone oral 5 mg, but the row says "
            "strength 10 mg");
    r = row(t, NULL, "", "OXYCODONE HCL 5 MG/5 ML SOLN", "", "", "mg", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "unit mg");
    /* Unreadable descriptions say why; a drug column that is no description is a drug name. */
    r = row(t, NULL, "", "OXYCODOEN 5 MG TAB", "", "", "", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "product column: unknown drug 'oxycodoen'");
    r = row(t, NULL, "", "", "oxycodoen", "5", "mg", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "did you mean 'oxycodone'");
    r = row(t, NULL, "", "", "", "", "", "", "120", "30");
    assert_int_equal(r.r.status, MED_RESULT_ERROR);
    has(&r, "column drug is empty");
}

static void test_lists_are_loaded_only_for_an_ndc_column(void **state)
{
    const med_table *t = *state;
    const char *plain[] = {"drug", "strength", "unit", "quantity", "days_supply"};
    const char *ndc[] = {"ndc", "quantity", "days_supply"};
    const char *lacking[] = {"ndc", "quantity"};
    const char *descriptions[] = {"drug", "quantity", "days_supply"};
    med_batch *b = NULL;
    med_ndc_list *site = NULL;
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    med_error e;
    assert_int_equal(med_ndc_list_load_buffer(SITE, strlen(SITE), NULL, &site, &e), MED_OK);
    assert_int_equal(med_batch_new(t, plain, 5, MED_METHOD_AUTO, &b, &e), MED_OK);
    assert_int_equal(med_batch_ndc_list_count(b), 0);
    assert_int_equal(med_batch_add_ndc_list(b, site, &e), MED_OK); /* accepted, not consulted */
    assert_int_equal(med_batch_ndc_list_count(b), 0);
    assert_null(med_batch_ndc_list(b, 0));
    assert_int_equal(med_batch_row_ndc(b, &p), MED_ERR_NOT_FOUND);
    med_batch_free(b);
    assert_int_equal(med_batch_new(t, ndc, 3, MED_METHOD_AUTO, &b, &e), MED_OK);
    assert_int_equal(med_batch_add_ndc_list(b, site, &e), MED_OK);
    assert_int_equal(med_batch_ndc_list_count(b), 2);
    assert_ptr_equal(med_batch_ndc_list(b, 1), site);
    const char *fields[] = {OXY5, "120"};
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_batch_row(b, fields, 2, 3, &r), MED_OK); /* wrong field count */
    assert_int_equal(r.status, MED_RESULT_ERROR);
    assert_int_equal(med_batch_row_ndc(b, &p), MED_ERR_NOT_FOUND);
    med_batch_free(b);
    assert_int_equal(med_batch_new(t, lacking, 2, MED_METHOD_AUTO, &b, &e), MED_ERR_INVALID);
    assert_non_null(strstr(e.message, "lacks days_supply"));
    assert_int_equal(med_batch_new(t, descriptions, 3, MED_METHOD_AUTO, &b, &e), MED_OK);
    med_batch_free(b);
    med_ndc_list_free(site);
}

/* A batch remembers results of claims fields it has seen: a repeated row (NDC-decided, named,
 * excluded, not an opioid, or an error) must come back exactly as it did the first time, but
 * for its own line number; and a second batch, which starts with no memory, must agree. */
static void repeated_rows_same_result(void **state)
{
    const med_table *t = *state;
    static const char *const rows[][8] = {
        {OXY5, "", "", "", "", "", "120", "30"},
        {"", "", "oxycodone", "10", "mg", "tablet", "120", "30"},
        {"", "", "buprenorphine", "8", "mg", "film", "30", "30"},
        {"", "", "alprazolam", "1", "mg", "tablet", "60", "30"},
        {"", "", "oxycodon", "10", "mg", "tablet", "120", "30"},
        {"", "", "oxycodone", "ten", "mg", "tablet", "120", "30"},
    };
    size_t errors = 0;
    med_ndc_list *site = NULL;
    med_error e;
    assert_int_equal(med_ndc_list_load_buffer(SITE, strlen(SITE), NULL, &site, &e), MED_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        med_batch *b = NULL, *fresh = NULL;
        outcome first, again, other;
        assert_int_equal(med_batch_new(t, COLUMNS, 8, MED_METHOD_SUPPLY, &b, &e), MED_OK);
        assert_int_equal(med_batch_new(t, COLUMNS, 8, MED_METHOD_SUPPLY, &fresh, &e), MED_OK);
        batch_row(b, rows[i], 2, &first);
        uint64_t first_id = med_batch_row_result_id(b);
        batch_row(b, rows[i], 9, &again);
        batch_row(fresh, rows[i], 9, &other);
        assert_same_outcome(&first, &again);
        /* remembered: the repeat is named as the first row was */
        assert_true(first_id != 0);
        assert_true(med_batch_row_result_id(b) == first_id);
        assert_string_equal(first.error.source, again.error.source);
        assert_string_equal(first.error.text, again.error.text);
        /* 1.0: only an error row has a located error (0.x filled the line for every row) */
        if (first.r.status == MED_RESULT_ERROR) {
            errors++;
            assert_int_equal(first.error.line, 2);
            assert_int_equal(again.error.line, 9);
            assert_int_equal(other.error.line, 9);
        }
        assert_string_equal(again.message, other.message);
        assert_string_equal(again.mme, other.mme);
        /* a list added now drops what the batch remembers, but not the last row's result */
        outcome kept;
        kept.r = again.r;
        assert_int_equal(med_batch_add_ndc_list(b, site, &e), MED_OK);
        collect(b, &kept);
        assert_same_outcome(&again, &kept);
        assert_string_equal(again.error.source, kept.error.source);
        assert_string_equal(again.error.text, kept.error.text);
        assert_int_equal(again.error.line, kept.error.line);
        med_ndc_product p = MED_NDC_PRODUCT_INIT, q = MED_NDC_PRODUCT_INIT;
        assert_int_equal(med_batch_row_ndc(b, &p), med_batch_row_ndc(fresh, &q));
        assert_string_equal(med_batch_row_release(b) ? med_batch_row_release(b) : "-",
                            med_batch_row_release(fresh) ? med_batch_row_release(fresh) : "-");
        med_batch_free(b);
        med_batch_free(fresh);
    }
    assert_int_equal(errors, 2); /* oxycodon, strength "ten" */
    med_ndc_list_free(site);
}

/* A repeated row is read from what the batch remembers: every text of it, down to the table
 * the factor came from, is the first row's. */
static void a_repeated_row_keeps_every_text(void **state)
{
    const med_table *t = *state;
    static const char *const oxy[8] = {"", "", "oxycodone", "10", "mg", "tablet", "120", "30"};
    med_batch *b = NULL;
    med_error e;
    assert_int_equal(med_batch_new(t, COLUMNS, 8, MED_METHOD_SUPPLY, &b, &e), MED_OK);
    outcome first, repeat;
    batch_row(b, oxy, 2, &first);
    batch_row(b, oxy, 3, &repeat); /* remembered */
    assert_string_equal(first.mme, "60");
    assert_string_equal(first.daily_dose, "40");
    assert_string_equal(first.factor_applied, "1.5");
    assert_true(strncmp(first.factor_table, "cms-2018@", 9) == 0);
    assert_same_outcome(&first, &repeat);
    med_batch_free(b);
}

/* A batch remembers thousands of results, its memory growing as they come, and starts afresh
 * when it holds as many as it keeps (fewer than 10,000): every row, remembered or not, has the
 * result a fresh batch gives it, and a row seen again soon after is named as it was then. */
static void many_results_remembered(void **state)
{
    const med_table *t = *state;
    enum { ALL = 30000 };
    /* rows [from, to) with quantities from + 1 to `to`; `again`: each seen just before */
    static const struct { int from, to, again; } runs[] = {
        {0, 5000, 0}, {0, 5000, 1}, {5000, ALL, 0}, {ALL - 2000, ALL, 1}};
    med_batch *b = NULL;
    med_error e;
    assert_int_equal(med_batch_new(t, COLUMNS, 8, MED_METHOD_SUPPLY, &b, &e), MED_OK);
    uint64_t *ids = calloc(ALL, sizeof *ids);
    int64_t *mme = calloc(ALL, sizeof *mme);
    assert_non_null(ids);
    assert_non_null(mme);
    char quantity[16];
    const char *row[8] = {"", "", "oxycodone", "10", "mg", "tablet", quantity, "30"};
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        for (int q = runs[k].from; q < runs[k].to; q++) {
            snprintf(quantity, sizeof quantity, "%d", q + 1);
            med_result r = MED_RESULT_INIT;
            assert_int_equal(med_batch_row(b, row, 8, 2, &r), MED_OK);
            uint64_t id = med_batch_row_result_id(b);
            assert_true(id != 0);
            if (runs[k].again) {
                assert_true(id == ids[q]);
                assert_true(r.mme_hundredths == mme[q]);
                continue;
            }
            ids[q] = id;
            mme[q] = r.mme_hundredths;
            if (q % 97 == 0) { /* computed by a batch that remembers nothing */
                med_batch *fresh = NULL;
                med_result f = MED_RESULT_INIT;
                assert_int_equal(med_batch_new(t, COLUMNS, 8, MED_METHOD_SUPPLY, &fresh, &e),
                                 MED_OK);
                assert_int_equal(med_batch_row(fresh, row, 8, 2, &f), MED_OK);
                assert_int_equal(r.status, f.status);
                assert_true(r.mme_hundredths == f.mme_hundredths);
                med_batch_free(fresh);
            }
        }
    }
    assert_true(mme[119] == 6000); /* 120 tablets of 10 mg over 30 days: 40 mg x 1.5 */
    free(ids);
    free(mme);
    med_batch_free(b);
}

/* A repeated row's texts are read from what the batch remembers, which a list added drops:
 * texts fetched before the list was added stay readable until the next row, as med_batch_text
 * promises (another batch at work meanwhile reuses whatever memory was given back). */
static void texts_outlive_an_added_list(void **state)
{
    const med_table *t = *state;
    static const char *const oxy[8] = {"", "", "oxycodone", "10", "mg", "tablet", "120", "30"};
    static const char *const other[8] = {"", "", "morphine", "15", "mg", "tablet", "90", "30"};
    static const med_text kinds[] = {MED_TEXT_MME, MED_TEXT_FACTOR_APPLIED,
                                     MED_TEXT_ARITHMETIC, MED_TEXT_MESSAGE};
    enum { KINDS = sizeof kinds / sizeof kinds[0] };
    med_ndc_list *site = NULL, *again = NULL;
    med_batch *b = NULL;
    med_error e;
    assert_int_equal(med_ndc_list_load_buffer(SITE, strlen(SITE), NULL, &site, &e), MED_OK);
    assert_int_equal(med_ndc_list_load_buffer(SITE, strlen(SITE), NULL, &again, &e), MED_OK);
    assert_int_equal(med_batch_new(t, COLUMNS, 8, MED_METHOD_SUPPLY, &b, &e), MED_OK);
    outcome first, repeat;
    batch_row(b, oxy, 2, &first);
    batch_row(b, oxy, 3, &repeat); /* remembered */
    assert_same_outcome(&first, &repeat);
    const char *held[KINDS];
    for (size_t k = 0; k < KINDS; k++)
        held[k] = med_batch_text(b, kinds[k]);
    assert_int_equal(med_batch_add_ndc_list(b, site, &e), MED_OK);
    assert_int_equal(med_batch_add_ndc_list(b, again, &e), MED_OK); /* twice: still kept */
    for (int i = 0; i < 4; i++) {
        med_batch *busy = NULL;
        outcome o;
        assert_int_equal(med_batch_new(t, COLUMNS, 8, MED_METHOD_SUPPLY, &busy, &e), MED_OK);
        batch_row(busy, other, 2, &o);
        batch_row(busy, other, 3, &o);
        med_batch_free(busy);
    }
    assert_string_equal(held[0], first.mme);
    assert_string_equal(held[1], first.factor_applied);
    assert_string_equal(held[2], first.arithmetic);
    assert_string_equal(held[3], first.message);
    /* and the next row, remembered afresh, is still the same result */
    batch_row(b, oxy, 4, &repeat);
    batch_row(b, oxy, 5, &repeat);
    assert_same_outcome(&first, &repeat);
    med_batch_free(b);
    med_ndc_list_free(again);
    med_ndc_list_free(site);
}

/* The fields of the record `reader` last returned, copied into `copies` as C strings. */
static size_t copy_fields(const med_csv *reader, size_t count, char (*copies)[1400],
                          const char **fields)
{
    assert_true(count <= 16);
    for (size_t i = 0; i < count; i++) {
        med_csv_span f = med_csv_field(reader, i);
        assert_true(f.len < 1400);
        memcpy(copies[i], f.text, f.len);
        copies[i][f.len] = '\0';
        fields[i] = copies[i];
    }
    return count;
}

/* The rows of `csv` (a header, then records) through med_batch_row_csv and, in a second batch,
 * through med_batch_row with the same fields: the same results, texts and errors, row by row.
 * by_record: the records are read with med_csv_next_record (not made C strings). renamed: the
 * least number of rows named as an earlier one (claims rows repeated; regimens have no names). */
static void same_from_reader(const med_table *t, const char *csv, int by_record,
                             size_t renamed_min)
{
    char buf[4096];
    size_t len = strlen(csv);
    assert_true(len < sizeof buf);
    memcpy(buf, csv, len + 1);
    med_csv *reader = NULL;
    assert_int_equal(med_csv_new_in_place(buf, len, sizeof buf, "<t>", 1, &reader), MED_OK);
    const char *const *fields;
    size_t count;
    long line;
    med_error e;
    assert_int_equal(med_csv_next(reader, &fields, &count, &line, &e), MED_OK);
    med_batch *by_reader = NULL, *by_fields = NULL;
    assert_int_equal(med_batch_new(t, fields, count, MED_METHOD_SUPPLY, &by_reader, &e), MED_OK);
    assert_int_equal(med_batch_new(t, fields, count, MED_METHOD_SUPPLY, &by_fields, &e), MED_OK);
    size_t rows = 0, renamed = 0;
    /* The first outcome of each result name (med_batch_row_result_id): a row of that name later
     * must come out the same. Names are counted from 1, one per result remembered. */
    enum { NAMES = 64 };
    outcome *named = calloc(NAMES + 1, sizeof *named);
    assert_non_null(named);
    char copies[16][1400];
    const char *copied[16];
    for (;;) {
        if (by_record) {
            if (med_csv_next_record(reader, &count, &line, &e) != MED_OK || count == 0)
                break;
            fields = copied;
            copy_fields(reader, count, copies, copied);
        } else if (med_csv_next(reader, &fields, &count, &line, &e) != MED_OK || !fields) {
            break;
        }
        outcome a, b;
        a.r = (med_result)MED_RESULT_INIT;
        b.r = (med_result)MED_RESULT_INIT;
        assert_int_equal(med_batch_row_csv(by_reader, reader, line, &a.r), MED_OK);
        collect(by_reader, &a);
        assert_int_equal(med_batch_row(by_fields, fields, count, line, &b.r), MED_OK);
        collect(by_fields, &b);
        assert_same_outcome(&a, &b);
        assert_int_equal(a.error.line, b.error.line);
        uint64_t id = med_batch_row_result_id(by_reader);
        assert_true(id <= NAMES);
        if (id != 0 && named[id].r.version != 0) {
            assert_same_outcome(&named[id], &a);
            renamed++;
        } else if (id != 0) {
            named[id] = a;
        }
        rows++;
    }
    assert_true(rows >= 10);
    assert_true(renamed >= renamed_min); /* the repeated rows were named as their first */
    free(named);
    /* after the last record, the reader has none to give */
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_batch_row_csv(by_reader, reader, line, &r), MED_ERR_ARGUMENT);
    med_batch_free(by_reader);
    med_batch_free(by_fields);
    med_csv_free(reader);
}

/* med_batch_row_csv keys its memo on a plain record's bytes when the claims columns are next to
 * one another, else on copies; either way a row gives what med_batch_row gives it: repeated
 * rows, quoted fields, spaces around a value, a field too long, a row of the wrong width. */
static void rows_from_a_reader(void **state)
{
    const med_table *t = *state;
    static const char rows[] =
        "oxycodone,10,mg,tablet,120,30\n"
        "oxycodone,10,mg,tablet,120,30\n"
        "\"oxycodone\",10,mg,tablet,120,30\n"
        "oxycodone, 10 ,mg,tablet,120,30\n"
        "oxycodone,10 ,mg,tablet,120,30\n"
        "alprazolam,1,mg,tablet,60,30\n"
        "oxycodone,10,mg,tablet,120,30\n"
        "oxycodone,10,mg,tablet,120,15\n"
        "morphine,10,mg,tablet,120,15\n"
        "oxycodone,1000000000000000000000000000000000000000000000000000000000000000000000,mg,"
        "tablet,120,30\n"
        "oxycodone,1000000000000000000000000000000000000000000000000000000000000000000000,mg,"
        "tablet,120,30\n"
        "oxycodone,ten,mg,tablet,120,30\n"
        "oxycodone,ten,mg,tablet,120,30\n"
        "oxycodone,10,mg,tablet,120\n"
        ",,,,,\n"
        "hydromorphone,2,mg,\"tablet\",90,30\n"
        "hydromorphone,2,mg,tablet,90,30\n";
    char csv[4096];
    /* claims columns together, with other columns around them */
    char *p = csv;
    p += sprintf(p, "id,drug,strength,unit,form,quantity,days_supply,note\n");
    for (const char *r = rows; *r; r = strchr(r, '\n') + 1)
        p += sprintf(p, "7,%.*s,x\n", (int)(strchr(r, '\n') - r), r);
    same_from_reader(t, csv, 0, 3);
    same_from_reader(t, csv, 1, 3);
    /* claims columns apart: a column between them, and days_supply last */
    p = csv;
    p += sprintf(p, "drug,strength,unit,form,quantity,note,days_supply\n");
    for (const char *r = rows; *r; r = strchr(r, '\n') + 1) {
        const char *end = strchr(r, '\n'), *last = end;
        while (last > r && *last != ',')
            last--;
        p += sprintf(p, "%.*s,note%.*s\n", (int)(last - r), r, (int)(end - last), last);
    }
    same_from_reader(t, csv, 0, 3);
    same_from_reader(t, csv, 1, 3);
    /* regimens: read, refused, empty, quoted, and one longer than a regimen may be */
    p = csv;
    p += sprintf(p, "regimen,note\n");
    for (int i = 0; i < 3; i++)
        p += sprintf(p, "oxycodone 10 mg q6h,x\n,x\n\"morphine 15 mg, twice daily\",x\n"
                        "oxycodone 10 mg every blue moon,x\n");
    p += sprintf(p, "oxycodone %01200d mg q6h,x\n", 5);
    for (int i = 0; i < 7; i++)
        p += sprintf(p, "tramadol 50 mg q6h,%d\n", i);
    same_from_reader(t, csv, 0, 0);
    same_from_reader(t, csv, 1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(repeated_rows_same_result, setup_cms_2018, teardown_table),
        cmocka_unit_test(test_ndc_decides),
        cmocka_unit_test(test_disagreement_is_an_error),
        cmocka_unit_test(test_unreadable_columns_are_noted),
        cmocka_unit_test(test_unknown_ndc),
        cmocka_unit_test(test_malformed_ndc),
        cmocka_unit_test(test_site_list),
        cmocka_unit_test(test_descriptions),
        cmocka_unit_test(test_lists_are_loaded_only_for_an_ndc_column),
        cmocka_unit_test(rows_from_a_reader),
        cmocka_unit_test(a_repeated_row_keeps_every_text),
        cmocka_unit_test(many_results_remembered),
        cmocka_unit_test(texts_outlive_an_added_list),
    };
    return cmocka_run_group_tests_name("claims", tests, setup_cms_2018, teardown_table);
}
