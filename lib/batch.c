/* Batch rows: a CSV header names the columns; each data row becomes one med_input and one result.
 * A row never vanishes: whatever is wrong with it comes back as a result with status error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "table_private.h"

enum { COL_DRUG, COL_STRENGTH, COL_UNIT, COL_QUANTITY, COL_DAYS, COL_FORM, COL_REGIMEN, NCOLS };
static const char *const COLUMN_NAMES[NCOLS] = {"drug", "strength", "unit", "quantity",
                                                "days_supply", "form", "regimen"};

struct med_batch {
    const med_table *table;
    med_method method;
    size_t columns;      /* fields the header has */
    long where[NCOLS];   /* field index of each known column, or -1 */
    int regimen_mode;
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

static med_status check_columns(const med_batch *b, med_error *error)
{
    if (b->regimen_mode)
        return MED_OK;
    char missing[160] = "";
    for (int c = COL_DRUG; c <= COL_DAYS; c++)
        if (b->where[c] < 0)
            snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
                     missing[0] ? ", " : "", COLUMN_NAMES[c]);
    if (missing[0] == '\0')
        return MED_OK;
    return med__fail(error, MED_ERR_INVALID, "<header>", 1, 0, NULL,
                     "the header lacks %s: a batch needs the claims columns drug, strength, "
                     "unit, quantity, days_supply (optional form), or a regimen column",
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
    med_status s = map_columns(b, columns, count, error);
    b->regimen_mode = b->where[COL_REGIMEN] >= 0;
    if (s == MED_OK)
        s = check_columns(b, error);
    if (s != MED_OK) {
        free(b);
        return s;
    }
    *out = b;
    return MED_OK;
}

void med_batch_free(med_batch *batch)
{
    free(batch);
}

/* Copies a field without surrounding spaces; fails when it does not fit. */
static int copy_field(char *dst, size_t cap, const char *src)
{
    while (*src == ' ' || *src == '\t')
        src++;
    size_t n = strlen(src);
    while (n && (src[n - 1] == ' ' || src[n - 1] == '\t'))
        n--;
    if (n >= cap)
        return -1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return 0;
}

static void row_error(med_result *out, long line, med_status code, const char *msg)
{
    memset(out, 0, sizeof *out);
    out->status = MED_RESULT_ERROR;
    snprintf(out->message, sizeof out->message, "%s", msg);
    out->error.code = code;
    out->error.line = (int)line;
    snprintf(out->error.source, sizeof out->error.source, "<row>");
    snprintf(out->error.message, sizeof out->error.message, "%s", msg);
}

static int fill_claims(const med_batch *b, const char *const *fields, med_input *in)
{
    struct { int col; char *dst; size_t cap; } map[] = {
        {COL_DRUG, in->drug, sizeof in->drug},
        {COL_STRENGTH, in->strength, sizeof in->strength},
        {COL_UNIT, in->unit, sizeof in->unit},
        {COL_QUANTITY, in->quantity, sizeof in->quantity},
        {COL_DAYS, in->days_supply, sizeof in->days_supply},
        {COL_FORM, in->form, sizeof in->form},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        long w = b->where[map[i].col];
        if (w >= 0 && copy_field(map[i].dst, map[i].cap, fields[w]) != 0)
            return map[i].col;
    }
    return -1;
}

static void claims_row(const med_batch *b, const char *const *fields, long line, med_result *out)
{
    med_input in = MED_INPUT_INIT;
    char msg[160];
    int bad = fill_claims(b, fields, &in);
    if (bad >= 0) {
        snprintf(msg, sizeof msg, "column %s is too long", COLUMN_NAMES[bad]);
        row_error(out, line, MED_ERR_LIMIT, msg);
        return;
    }
    const char *blank = in.drug[0] ? in.strength[0] ? in.unit[0] ? NULL : "unit" : "strength"
                                   : "drug";
    if (blank) {
        snprintf(msg, sizeof msg, "column %s is empty", blank);
        row_error(out, line, MED_ERR_INVALID, msg);
        return;
    }
    med_status s = med_compute(b->table, &in, b->method, out);
    (void)s; /* only NULL arguments fail, and these are not NULL */
    out->error.line = (int)line;
}

static void regimen_row(const med_batch *b, const char *text, long line, med_result *out)
{
    med_input in = MED_INPUT_INIT;
    med_error e;
    if (med_regimen_parse(text, &in, &e) != MED_OK) {
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
    med_status s = med_compute(b->table, &in, b->method, out);
    (void)s; /* only NULL arguments fail, and these are not NULL */
    out->error.line = (int)line;
}

med_status med_batch_row(med_batch *batch, const char *const *fields, size_t count, long line,
                         med_result *out)
{
    if (batch == NULL || out == NULL || (count && fields == NULL))
        return MED_ERR_ARGUMENT;
    if (count != batch->columns) {
        char msg[160];
        snprintf(msg, sizeof msg, "row has %zu fields but the header has %zu", count,
                 batch->columns);
        row_error(out, line, MED_ERR_SYNTAX, msg);
        return MED_OK;
    }
    long r = batch->where[COL_REGIMEN];
    if (batch->regimen_mode && fields[r][0] != '\0')
        regimen_row(batch, fields[r], line, out);
    else if (batch->regimen_mode && batch->where[COL_DRUG] < 0)
        row_error(out, line, MED_ERR_INVALID, "column regimen is empty");
    else
        claims_row(batch, fields, line, out);
    return MED_OK;
}
