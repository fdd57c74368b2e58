/* Batch rows: a CSV header names the columns; each data row becomes one med_input and one result.
 * A row never vanishes: whatever is wrong with it comes back as a result with status error.
 * Claims rows (NDC, product description, drug columns) are worked out by claims.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims/claims.h"
#include "common/error.h"
#include "claims/memo.h"
#include "common/hints.h"
#include "common/csv_private.h"
#include "compute/calc_private.h"
#include "compute/regimen.h"
#include "ndc/ndc_private.h"
#include "tables/table_private.h"

enum { COL_DRUG, COL_STRENGTH, COL_UNIT, COL_QUANTITY, COL_DAYS, COL_FORM, COL_REGIMEN, COL_NDC,
       COL_PRODUCT, COL_PER_DOSE, COL_DOSES, COL_EVERY, COL_PRN, COL_ROUTE, COL_SUBSTANCE,
       COL_RXCUI, NCOLS };
static const char *const COLUMN_NAMES[NCOLS] = {"drug", "strength", "unit", "quantity",
                                                "days_supply", "form", "regimen", "ndc",
                                                "product", "units_per_dose", "doses_per_day",
                                                "every_hours", "prn", "route", "substance",
                                                "rxcui"};

/* The claim's fields in med_claim order (claims.h): what a row's result depends on. */
static const int CLAIM_COLUMNS[MED_CLAIM_FIELDS] = {
    COL_NDC,  COL_PRODUCT,  COL_DRUG,     COL_STRENGTH, COL_UNIT,  COL_FORM,
    COL_QUANTITY, COL_DAYS, COL_PER_DOSE, COL_DOSES,    COL_EVERY, COL_PRN,
    COL_ROUTE, COL_SUBSTANCE, COL_RXCUI};

#define MAX_NDC_LISTS 8
#define MAX_FIELD MED_CLAIM_FIELD_MAX

struct med_batch {
    const med_table *table;
    med_method method;
    size_t columns;      /* fields the header has */
    long where[NCOLS];   /* field index of each known column, or -1 */
    int regimen_mode;
    med_ndc_list *embedded_list;  /* owned: loaded only when the header has an ndc column */
    med_ndc_list *embedded_rxnorm; /* owned: loaded only when the header has an rxcui column */
    const med_ndc_list *lists[MAX_NDC_LISTS];
    size_t list_count;
    med_ndc_product last; /* the product that decided the last row, when last_used */
    int last_used;
    med_memo *memo;       /* results of claims fields seen before (see memo.h) */
    /* The memo a list added replaced while the last row's result was read from it: kept until
     * the next row, for the texts a caller was given for that row (med_batch_text). */
    med_memo *retired;
    long claim_where[MED_CLAIM_FIELDS]; /* the claims columns the header has, in its order
                                         * (memo keys) */
    size_t claim_count;
    int claims_adjacent; /* they are next to one another in the header (memo keys from spans) */
    med__result last_result; /* the last row's result with its texts, when computed */
    /* The memo's entry the last row's result came from (NULL: computed). Such a result is read
     * from the entry, not copied: last_result, last and last_used are not the row's then. */
    const med__memo_entry *remembered;
    long line;                /* the last row's */
    /* The last row's result's name (med_batch_row_result_id): the id of the memo's entry it
     * came from or was remembered as, else 0. Ids come from `ids`, so none is used twice, even
     * when the memo starts afresh. */
    uint64_t result_id;
    uint64_t ids;
    int have_result;
};

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Header names compare without case and surrounding spaces ("Days_Supply " is days_supply). */
static int header_is(const char *field, const char *name)
{
    while (*field == ' ')
        field++;
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        if (field[i] == '\0' || lower(field[i]) != name[i])
            return 0;
    for (field += n; *field == ' '; field++)
        ;
    return *field == '\0';
}

static med_status map_columns(med_batch *b, const char *const *columns, size_t count,
                              med_error *error)
{
    for (int c = 0; c < NCOLS; c++)
        b->where[c] = -1;
    for (size_t i = 0; i < count; i++)
        for (int c = 0; c < NCOLS; c++) {
            if (!header_is(columns[i], COLUMN_NAMES[c]))
                continue;
            if (b->where[c] >= 0)
                return med__fail(error, MED_ERR_INVALID, "<header>", 1, (int)i + 1, columns[i],
                                 "column '%s' appears twice in the header (fields %ld and %zu)",
                                 COLUMN_NAMES[c], b->where[c] + 1, i + 1);
            b->where[c] = (long)i;
        }
    return MED_OK;
}

/* Claims need a supply (quantity, days_supply) and something naming the product: drug (with
 * strength and unit, or holding descriptions), ndc or product. */
static med_status check_columns(const med_batch *b, med_error *error)
{
    if (b->regimen_mode)
        return MED_OK;
    int described = b->where[COL_NDC] >= 0 || b->where[COL_PRODUCT] >= 0 ||
                    b->where[COL_RXCUI] >= 0;
    if ((described || b->where[COL_DRUG] >= 0) && b->where[COL_QUANTITY] >= 0 &&
        b->where[COL_DAYS] >= 0)
        return MED_OK;
    char missing[160] = "";
    for (int c = COL_DRUG; c <= COL_DAYS; c++)
        if (b->where[c] < 0 && (!described || c == COL_QUANTITY || c == COL_DAYS))
            snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
                     missing[0] ? ", " : "", COLUMN_NAMES[c]);
    return med__fail(error, MED_ERR_INVALID, "<header>", 1, 0, NULL,
                     "the header lacks %s: a batch needs the claims columns drug, strength, "
                     "unit, quantity, days_supply (optional form), or ndc, rxcui or product with "
                     "quantity and days_supply, or a regimen column",
                     missing);
}

med_status med_batch_new(const med_table *table, const char *const *columns, size_t count,
                         med_method method, med_batch **out, med_error *error)
{
    med__error_clear(error);
    if (table == NULL || out == NULL || (count && columns == NULL))
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no table or header given");
    *out = NULL;
    med_batch *b = calloc(1, sizeof *b);
    if (b == NULL)
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    b->table = table;
    b->method = method;
    b->columns = count;
    b->memo = med__memo_new(); /* NULL (out of memory) only makes the batch slower */
    med_status s = map_columns(b, columns, count, error);
    b->regimen_mode = b->where[COL_REGIMEN] >= 0;
    for (size_t i = 0; i < count; i++)
        for (size_t j = 0; j < MED_CLAIM_FIELDS; j++)
            if (b->where[CLAIM_COLUMNS[j]] == (long)i)
                b->claim_where[b->claim_count++] = (long)i;
    b->claims_adjacent = b->claim_count > 0 &&
                         b->claim_where[b->claim_count - 1] - b->claim_where[0] ==
                             (long)b->claim_count - 1;
    if (s == MED_OK)
        s = check_columns(b, error);
    /* Lazily: the shipped NDC list is parsed only for a batch that has NDCs to look up. */
    if (s == MED_OK && b->where[COL_NDC] >= 0 &&
        (s = med_ndc_list_load_embedded(NULL, &b->embedded_list, error)) == MED_OK)
        b->lists[b->list_count++] = b->embedded_list;
    if (s == MED_OK && b->where[COL_RXCUI] >= 0 &&
        (s = med_rxnorm_list_load_embedded(NULL, &b->embedded_rxnorm, error)) == MED_OK)
        b->lists[b->list_count++] = b->embedded_rxnorm;
    if (s != MED_OK) {
        med_batch_free(b);
        return s;
    }
    *out = b;
    return MED_OK;
}

void med_batch_free(med_batch *batch)
{
    if (batch) {
        med_ndc_list_free(batch->embedded_list);
        med_ndc_list_free(batch->embedded_rxnorm);
        med__memo_free(batch->memo);
        med__memo_free(batch->retired);
    }
    free(batch);
}

med_status med_batch_add_ndc_list(med_batch *batch, const med_ndc_list *list, med_error *error)
{
    med__error_clear(error);
    if (batch == NULL || list == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no batch or list given");
    const char *key = med_ndc_list_get_info(list)->key;
    if (batch->where[strcmp(key, "rxcui") == 0 ? COL_RXCUI : COL_NDC] < 0)
        return MED_OK; /* no codes of its kind to look up */
    if (batch->list_count == MAX_NDC_LISTS)
        return med__fail(error, MED_ERR_LIMIT, NULL, 0, 0, NULL,
                         "a batch consults at most %d NDC lists", MAX_NDC_LISTS);
    batch->lists[batch->list_count++] = list;
    /* Results remembered so far were made without this list: a new memo. The last row's result
     * may be read from the old one (batch->remembered, with the texts the caller holds): it is
     * kept until the next row then. A second list before that row finds it kept already. */
    if (batch->remembered && batch->retired == NULL)
        batch->retired = batch->memo;
    else
        med__memo_free(batch->memo);
    batch->memo = med__memo_new();
    return MED_OK;
}

size_t med_batch_ndc_list_count(const med_batch *batch)
{
    return batch ? batch->list_count : 0;
}

const med_ndc_list *med_batch_ndc_list(const med_batch *batch, size_t index)
{
    return batch && index < batch->list_count ? batch->lists[index] : NULL;
}

med_status med_batch_row_ndc(const med_batch *batch, med_ndc_product *out)
{
    if (batch == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    if (!med__ndc_product_version_ok(out))
        return MED_ERR_VERSION;
    if (batch->remembered)
        return med__memo_ndc(batch->remembered, out) ? MED_OK : MED_ERR_NOT_FOUND;
    if (!batch->last_used)
        return MED_ERR_NOT_FOUND;
    *out = batch->last;
    return MED_OK;
}

const char *med_batch_row_release(const med_batch *batch)
{
    if (batch == NULL || !batch->have_result)
        return NULL;
    if (batch->remembered)
        return med__memo_release(batch->remembered);
    return batch->last_result.release;
}

static void row_error(med__result *out, long line, med_status code, const char *msg)
{
    memset(out, 0, sizeof *out);
    out->status = MED_RESULT_ERROR;
    snprintf(out->message, sizeof out->message, "%s", msg);
    out->error.code = code;
    out->error.line = (int)line;
    snprintf(out->error.source, sizeof out->error.source, "<row>");
    snprintf(out->error.message, sizeof out->error.message, "%s", msg);
}

/* A row's fields: C strings (med_batch_row), or the record a CSV reader last returned
 * (med_batch_row_csv), read from it as spans. */
typedef struct row {
    const char *const *strings; /* or NULL: */
    const med_csv *csv;
    size_t count;
} row;

static med_csv_span field_at(const row *r, size_t i)
{
    if (r->csv)
        return med_csv_field(r->csv, i);
    med_csv_span f = {r->strings[i], strlen(r->strings[i])};
    return f;
}

/* The row's claims fields, trimmed, into `buf`; the first column that does not fit, or -1. */
static int claim_fields(const med_batch *b, const row *r, char (*buf)[MAX_FIELD], med_claim *c)
{
    int bad = r->csv ? med__claim_read_csv(b->where, CLAIM_COLUMNS, r->csv, buf, c)
                     : med__claim_read(b->where, CLAIM_COLUMNS, r->strings, buf, c);
    return bad < 0 ? -1 : CLAIM_COLUMNS[bad];
}

/* The memo key: the row's claims fields (the columns this batch has, in the header's order) as
 * they are, joined by NULs (no field holds one), so that no two rows' fields make the same key;
 * -1 when a field is too long (the full path then reports which). Fields are not trimmed: " 5"
 * and "5" make two keys with the same result, which costs only a second computation, while
 * every row is spared a pass over its fields. */
static long memo_key(const med_batch *b, const row *r, char *key)
{
    size_t k = 0;
    for (size_t i = 0; i < b->claim_count; i++) {
        med_csv_span f = field_at(r, (size_t)b->claim_where[i]);
        if (f.len + 1 > MAX_FIELD)
            return -1;
        memcpy(key + k, f.text, f.len);
        key[k + f.len] = '\0'; /* the separator */
        k += f.len + 1;
    }
    return k > 0 ? (long)k - 1 : 0; /* the last NUL separates nothing */
}

/* The same key without a copy, when the row is a CSV record with no quoted field and the
 * claims columns are next to one another: the bytes from the first claims field to the last
 * one's end. Its separators are the record's, commas or NULs (where med_csv_next made its
 * fields C strings), which no field of such a record holds. A key with commas never equals one
 * joined by NULs: with two claims columns or more, the joined key holds a NUL, which no field
 * holds; with one, both are the field itself. Part of each caller: every record's key is
 * found here, and as a call its length came back through memory. */
static MED__INLINE const char *span_key(const med_batch *b, const row *r, long *len)
{
    if (r->csv == NULL || !b->claims_adjacent)
        return NULL;
    med_csv_span key = med__csv_plain_span(r->csv, (size_t)b->claim_where[0],
                                           (size_t)b->claim_where[b->claim_count - 1]);
    if (key.text == NULL || key.len >= MED_CLAIM_FIELDS * MAX_FIELD)
        return NULL;
    *len = (long)key.len;
    return key.text;
}

/* A claims row whose result the memo does not hold: read, computed and remembered under `key`
 * (len -1: no key, the row is only computed). Out of line: its buffers make a frame of some
 * 30 KB that a row found in the memo, nearly every row, need not set up. */
static MED__OUT_OF_LINE void compute_claims_row(med_batch *b, const row *r, long line,
                                                const char *key, long len, uint64_t hash,
                                                med__result *out)
{
    char buf[MED_CLAIM_FIELDS][MAX_FIELD], msg[160];
    med_claim c;
    int bad = claim_fields(b, r, buf, &c);
    if (bad >= 0) {
        snprintf(msg, sizeof msg, "column %s is longer than %d bytes (the most a field may hold)",
                 COLUMN_NAMES[bad], MAX_FIELD - 1);
        row_error(out, line, MED_ERR_LIMIT, msg);
        return;
    }
    b->last_used = med__claim_compute(b->table, b->lists, b->list_count, &c, b->method, out,
                                      &b->last);
    if (len >= 0 && b->memo &&
        med__memo_put(b->memo, key, (size_t)len, hash, out, b->last_used, &b->last, b->ids + 1))
        b->result_id = ++b->ids;
    out->error.line = (int)line;
}

/* A claims row whose key is copied (its fields joined by NULs): out of line, as the copy is a
 * frame of some 4 KB. */
static MED__OUT_OF_LINE void copied_claims_row(med_batch *b, const row *r, long line,
                                               med__result *out)
{
    char copy[MED_CLAIM_FIELDS * (MAX_FIELD + 1)];
    long len = memo_key(b, r, copy);
    uint64_t hash = len >= 0 ? med__memo_hash(copy, (size_t)len) : 0;
    if (len >= 0 && b->memo &&
        (b->remembered = med__memo_get(b->memo, copy, (size_t)len, hash, &b->result_id)))
        return;
    compute_claims_row(b, r, line, copy, len, hash, out);
}

/* A claims row: its result from the memo when it holds the row's key, else computed. */
static void claims_row(med_batch *b, const row *r, long line, med__result *out)
{
    long len;
    const char *key = span_key(b, r, &len);
    if (key == NULL) {
        copied_claims_row(b, r, line, out);
        return;
    }
    uint64_t hash = med__memo_hash(key, (size_t)len);
    if (b->memo && (b->remembered = med__memo_get(b->memo, key, (size_t)len, hash,
                                                  &b->result_id)) != NULL)
        return;
    compute_claims_row(b, r, line, key, len, hash, out);
}

static void regimen_row(const med_batch *b, const char *text, long line, med__result *out)
{
    med__input_buf in;
    med_error e;
    if (med__regimen_parse(text, &in, &e) != MED_OK) {
        char msg[600];
        if (e.column)
            snprintf(msg, sizeof msg, "regimen '%.120s', column %d: %s", text, e.column,
                     e.message);
        else
            snprintf(msg, sizeof msg, "regimen '%.120s': %s", text, e.message);
        row_error(out, line, e.code, msg);
        out->error.column = e.column;
        return;
    }
    med_input view = med__input_view(&in);
    med_status s = med__compute(b->table, &view, b->method, out);
    (void)s; /* only NULL arguments fail, and these are not NULL */
    out->error.line = (int)line;
}

/* A regimen given as a span: as a C string, of as much of it as the parser reads (a longer text
 * is refused for its length alone). */
static void regimen_span(const med_batch *b, med_csv_span f, long line, med__result *out)
{
    char text[MED_REGIMEN_MAX_TEXT + 2];
    size_t n = f.len < sizeof text - 1 ? f.len : sizeof text - 1;
    memcpy(text, f.text, n);
    text[n] = '\0';
    regimen_row(b, text, line, out);
}

/* The memo a list replaced (med_batch_add_ndc_list), once a new row no longer reads from it.
 * Called by the public row calls, not by batch_row, which stays small enough to inline. */
static void drop_retired(med_batch *batch)
{
    if (batch->retired) {
        med__memo_free(batch->retired);
        batch->retired = NULL;
    }
}

/* One row into the library's result (texts included). */
static void batch_row(med_batch *batch, const row *r, long line, med__result *out)
{
    size_t count = r->count;
    batch->last_used = 0;
    batch->remembered = NULL;
    batch->result_id = 0;
    batch->line = line;
    if (count != batch->columns) {
        char msg[160];
        snprintf(msg, sizeof msg, "row has %zu fields but the header has %zu", count,
                 batch->columns);
        row_error(out, line, MED_ERR_SYNTAX, msg);
        return;
    }
    if (batch->regimen_mode) {
        med_csv_span regimen = field_at(r, (size_t)batch->where[COL_REGIMEN]);
        if (regimen.len > 0 && r->strings) {
            regimen_row(batch, regimen.text, line, out);
            return;
        }
        if (regimen.len > 0) {
            regimen_span(batch, regimen, line, out);
            return;
        }
        if (batch->where[COL_DRUG] < 0 && batch->where[COL_NDC] < 0 &&
            batch->where[COL_PRODUCT] < 0 && batch->where[COL_RXCUI] < 0) {
            row_error(out, line, MED_ERR_INVALID, "column regimen is empty");
            return;
        }
    }
    claims_row(batch, r, line, out);
}

/* Nearly every record of a claims extract: one of the header's width, whose result the memo
 * holds under its span key. Then the row is that result (as batch_row would find it) and 1 is
 * returned, with none of batch_row's frames set up; else 0, with nothing changed (batch_row
 * reads the row, and on a miss hashes the key again: rare). */
static int remembered_record(med_batch *b, const row *r, long line)
{
    long len;
    if (r->count != b->columns || b->regimen_mode || b->memo == NULL)
        return 0;
    const char *key = span_key(b, r, &len);
    if (key == NULL)
        return 0;
    uint64_t id;
    const med__memo_entry *e = med__memo_lookup(b->memo, key, (size_t)len, &id);
    if (e == NULL)
        return 0;
    b->last_used = 0;
    b->remembered = e;
    b->result_id = id;
    b->line = line;
    return 1;
}

/* The row's result, from the memo or as computed. */
static med_status publish(const med_batch *batch, med_result *out)
{
    if (batch->remembered)
        return med__memo_publish(batch->remembered, out);
    return med__result_publish(&batch->last_result, out);
}

med_status med_batch_row(med_batch *batch, const char *const *fields, size_t count, long line,
                         med_result *out)
{
    if (batch == NULL || out == NULL || (count && fields == NULL))
        return MED_ERR_ARGUMENT;
    if (out->version < 1 || out->version > MED_RESULT_VERSION)
        return MED_ERR_VERSION;
    drop_retired(batch);
    row r = {fields, NULL, count};
    batch_row(batch, &r, line, &batch->last_result);
    batch->have_result = 1;
    return publish(batch, out);
}

med_status med_batch_row_csv(med_batch *batch, const med_csv *csv, long line, med_result *out)
{
    row r = {NULL, csv, med__csv_count(csv)};
    if (batch == NULL || out == NULL || r.count == 0)
        return MED_ERR_ARGUMENT;
    if (out->version < 1 || out->version > MED_RESULT_VERSION)
        return MED_ERR_VERSION;
    drop_retired(batch);
    if (!remembered_record(batch, &r, line))
        batch_row(batch, &r, line, &batch->last_result);
    batch->have_result = 1;
    return publish(batch, out);
}

uint64_t med_batch_row_result_id(const med_batch *batch)
{
    return batch && batch->have_result ? batch->result_id : 0;
}

const char *med_batch_text(const med_batch *batch, med_text what)
{
    if (batch == NULL || !batch->have_result)
        return "";
    if (batch->remembered)
        return med__memo_text(batch->remembered, what);
    return med__result_text(&batch->last_result, what);
}

med_status med_batch_error(const med_batch *batch, med_error *out)
{
    if (batch == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    const med__memo_entry *e = batch->remembered;
    if (!batch->have_result ||
        (e ? med__memo_status(e) : batch->last_result.status) != MED_RESULT_ERROR)
        return MED_ERR_NOT_FOUND;
    if (e) {
        med__memo_error(e, out);
        out->line = (int)batch->line;
    } else {
        *out = batch->last_result.error;
    }
    if (out->message[0] == '\0')
        snprintf(out->message, sizeof out->message, "%s",
                 e ? med__memo_text(e, MED_TEXT_MESSAGE) : batch->last_result.message);
    return MED_OK;
}
