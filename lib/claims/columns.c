/* CSV columns to a med__input_buf, for the agreement and comparison files: a regimen column of free
 * text, or structured columns (claims: quantity and days supply; schedules: doses per day, an
 * interval, units per dose, prn), plus lookup of any other column by name. For agree, rows can
 * also be read as claims (ndc, product, descriptions), by claims.c as batch reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims/claims.h"
#include "claims/columns_private.h"
#include "common/error.h"
#include "compute/regimen.h"
#include "med.h"
#include "common/text.h"

enum {
    C_REGIMEN, C_DRUG, C_FORM, C_STRENGTH, C_UNIT, C_PER_DOSE, C_DOSES, C_EVERY, C_PRN,
    C_QUANTITY, C_DAYS, C_NDC, C_PRODUCT, C_ROUTE, C_SUBSTANCE, C_RXCUI, NCOLS
};
static const char *const NAMES[NCOLS] = {"regimen", "drug", "form", "strength", "unit",
                                         "units_per_dose", "doses_per_day", "every_hours",
                                         "prn", "quantity", "days_supply", "ndc", "product",
                                         "route", "substance", "rxcui"};

struct med_columns {
    size_t count;
    char **names;      /* the header, trimmed and lowercased, for lookup by name */
    long where[NCOLS]; /* field index of each known column, or -1 */
    int claims;        /* ndc, product and descriptions are read (med__columns_new) */
};

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* A header name without surrounding spaces, lowercased. */
static char *normal_name(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *out = malloc(n + 1);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = lower(s[i]);
    out[n] = '\0';
    return out;
}

void med_columns_free(med_columns *columns)
{
    if (columns == NULL)
        return;
    for (size_t i = 0; columns->names && i < columns->count; i++)
        free(columns->names[i]);
    free(columns->names);
    free(columns);
}

/* A product named by ndc, product or a drug column alone (descriptions: the strength is in
 * them), with a supply or a schedule to compute from, as batch asks of claims. */
static int described(const med_columns *c)
{
    int named = c->where[C_NDC] >= 0 || c->where[C_PRODUCT] >= 0 || c->where[C_DRUG] >= 0 ||
                c->where[C_RXCUI] >= 0;
    int supply = c->where[C_QUANTITY] >= 0 && c->where[C_DAYS] >= 0;
    int schedule = c->where[C_DOSES] >= 0 || c->where[C_EVERY] >= 0;
    return named && (supply || schedule);
}

static med_status map(med_columns *c, med_error *error)
{
    for (int k = 0; k < NCOLS; k++)
        c->where[k] = -1;
    for (size_t i = 0; i < c->count; i++)
        for (int k = 0; k < NCOLS; k++) {
            if (strcmp(c->names[i], NAMES[k]) != 0)
                continue;
            if (c->where[k] >= 0)
                return med__fail(error, MED_ERR_INVALID, "<header>", 1, (int)i + 1, NAMES[k],
                                 "column '%s' appears twice in the header (fields %ld and %zu)",
                                 NAMES[k], c->where[k] + 1, i + 1);
            c->where[k] = (long)i;
        }
    if (c->where[C_REGIMEN] >= 0 ||
        (c->where[C_DRUG] >= 0 && c->where[C_STRENGTH] >= 0 && c->where[C_UNIT] >= 0) ||
        (c->claims && described(c)))
        return MED_OK;
    return med__fail(error, MED_ERR_INVALID, "<header>", 1, 0, NULL,
                     c->claims ? "the header names no input: expected a regimen column, or "
                                 "drug, strength and unit, or ndc, product or drug (a product "
                                 "description), with quantity and days_supply (claims) or "
                                 "doses_per_day or every_hours (schedules)"
                               : "the header names no input: expected a regimen column, or "
                                 "drug, strength and unit with quantity and days_supply "
                                 "(claims) or doses_per_day or every_hours (schedules)");
}

med_status med_columns_new(const char *const *header, size_t count, med_columns **out,
                           med_error *error)
{
    return med__columns_new(header, count, 0, out, error);
}

med_status med__columns_new(const char *const *header, size_t count, int claims,
                            med_columns **out, med_error *error)
{
    med__error_clear(error);
    if (out == NULL || (count && header == NULL))
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no header given");
    *out = NULL;
    med_columns *c = calloc(1, sizeof *c);
    if (c == NULL || (count && (c->names = calloc(count, sizeof *c->names)) == NULL)) {
        free(c);
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    c->count = count;
    c->claims = claims;
    for (size_t i = 0; i < count; i++)
        if ((c->names[i] = normal_name(header[i])) == NULL) {
            med_columns_free(c);
            return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
    med_status s = map(c, error);
    if (s != MED_OK) {
        med_columns_free(c);
        return s;
    }
    *out = c;
    return MED_OK;
}

const char *med_columns_value(const med_columns *columns, const char *const *fields,
                              size_t count, const char *name)
{
    if (columns == NULL || fields == NULL || name == NULL || count != columns->count)
        return NULL;
    for (size_t i = 0; i < columns->count; i++)
        if (strcmp(columns->names[i], name) == 0)
            return fields[i];
    return NULL;
}


/* The bytes (with the NUL) an input field read from column k may hold. */
static size_t field_cap(int k)
{
    return k == C_DRUG || k == C_FORM ? MED_NAME_MAX : MED_UNIT_MAX;
}

/* Copies the row's columns `from` to `to` (in NAMES order) into `in`, prn read as yes or no. */
static med_status copy_columns(const med_columns *c, const char *const *fields, long line,
                               int from, int to, med__input_buf *in, med_error *error)
{
    char *dst[C_NDC] = {NULL,          in->drug,          in->form,        in->strength,
                        in->unit,      in->units_per_dose, in->doses_per_day, in->every_hours,
                        NULL,          in->quantity,      in->days_supply};
    for (int k = from; k <= to; k++) {
        long w = c->where[k];
        if (w < 0)
            continue;
        if (k == C_PRN ? med__claim_prn(fields[w], &in->prn) != 0
                       : med__copy_field(dst[k], field_cap(k), fields[w]) != 0)
            return med__fail(error, k == C_PRN ? MED_ERR_SYNTAX : MED_ERR_LIMIT, "<row>",
                             (int)line, (int)w + 1, fields[w],
                             k == C_PRN ? "column prn must be yes or no (or 1 or 0)"
                                        : "column %s is longer than %d bytes (the most it may hold)",
                             NAMES[k], (int)field_cap(k) - 1);
    }
    return MED_OK;
}

static med_status structured(const med_columns *c, const char *const *fields, long line,
                             med__input_buf *in, med_error *error)
{
    med_status s = copy_columns(c, fields, line, C_DRUG, C_DAYS, in, error);
    if (s != MED_OK)
        return s;
    const char *blank = in->drug[0] ? in->strength[0] ? in->unit[0] ? NULL : "unit" : "strength"
                                    : "drug";
    if (blank)
        return med__fail(error, MED_ERR_INVALID, "<row>", (int)line, 0, NULL,
                         "column %s is empty", blank);
    return MED_OK;
}

med_status med__columns_input(const med_columns *columns, const char *const *fields,
                              size_t count, long line, med__input_buf *out, med_error *error)
{
    med__error_clear(error);
    if (columns == NULL || out == NULL || (count && fields == NULL))
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no row given");
    med__input_buf_clear(out);
    if (count != columns->count)
        return med__fail(error, MED_ERR_SYNTAX, "<row>", (int)line, 0, NULL,
                         "row has %zu fields but the header has %zu", count, columns->count);
    long r = columns->where[C_REGIMEN];
    if (r >= 0 && fields[r][0] != '\0') {
        med_status s = med__regimen_parse(fields[r], out, error);
        if (s != MED_OK && error) {
            char msg[sizeof error->message];
            if (error->column)
                snprintf(msg, sizeof msg, "regimen '%.120s', column %d: %s", fields[r],
                         error->column, error->message);
            else
                snprintf(msg, sizeof msg, "regimen '%.120s': %s", fields[r], error->message);
            snprintf(error->message, sizeof error->message, "%s", msg);
            snprintf(error->source, sizeof error->source, "<row>");
            error->line = (int)line;
        }
        return s;
    }
    if (columns->where[C_DRUG] < 0)
        return med__fail(error, MED_ERR_INVALID, "<row>", (int)line, (int)r + 1, NULL,
                         "column regimen is empty");
    return structured(columns, fields, line, out, error);
}

int med__columns_has(const med_columns *columns, const char *name)
{
    for (size_t i = 0; columns && i < columns->count; i++)
        if (strcmp(columns->names[i], name) == 0)
            return 1;
    return 0;
}

/* The row's claim, its fields trimmed into `buf`. */
static med_status read_claim(const med_columns *c, const char *const *fields, long line,
                             char (*buf)[MED_CLAIM_FIELD_MAX], med_claim *claim, med_error *error)
{
    static const int cols[MED_CLAIM_FIELDS] = {C_NDC,      C_PRODUCT, C_DRUG,  C_STRENGTH,
                                               C_UNIT,     C_FORM,    C_QUANTITY, C_DAYS,
                                               C_PER_DOSE, C_DOSES,   C_EVERY, C_PRN,
                                               C_ROUTE,    C_SUBSTANCE, C_RXCUI};
    int bad = med__claim_read(c->where, cols, fields, buf, claim);
    if (bad < 0)
        return MED_OK;
    long w = c->where[cols[bad]];
    return med__fail(error, MED_ERR_LIMIT, "<row>", (int)line, (int)w + 1, fields[w],
                     "column %s is longer than %d bytes (the most it may hold)",
                     NAMES[cols[bad]], MED_CLAIM_FIELD_MAX - 1);
}

med_status med__columns_claim_input(const med_columns *columns, const med_table *table,
                                    const med_ndc_list *const *lists, size_t list_count,
                                    const char *const *fields, size_t count, long line,
                                    med__input_buf *in, char *note, size_t cap, med_error *error)
{
    char buf[MED_CLAIM_FIELDS][MED_CLAIM_FIELD_MAX];
    med_claim claim;
    med__result failed;
    med_ndc_product used;
    note[0] = '\0';
    const med_columns *c = columns;
    long r = c ? c->where[C_REGIMEN] : -1;
    int product_named = c && (c->where[C_DRUG] >= 0 || c->where[C_NDC] >= 0 ||
                              c->where[C_PRODUCT] >= 0 || c->where[C_RXCUI] >= 0);
    /* Regimens, and what is wrong with a row before its claim is read, as for any file. */
    if (c == NULL || table == NULL || !product_named || count != c->count ||
        (r >= 0 && fields[r][0] != '\0'))
        return med__columns_input(c, fields, count, line, in, error);
    med__error_clear(error);
    med_status s = read_claim(c, fields, line, buf, &claim, error);
    if (s != MED_OK)
        return s;
    if (med__claim_input(table, lists, list_count, &claim, in, note, cap, &failed, &used) < 0) {
        if (error) {
            *error = failed.error;
            error->line = (int)line;
        }
        return failed.error.code;
    }
    return copy_columns(c, fields, line, C_PER_DOSE, C_PRN, in, error);
}

med_status med_columns_input(const med_columns *columns, const char *const *fields, size_t count,
                             long line, med_regimen *into, med_error *error)
{
    if (into == NULL) {
        med__error_clear(error);
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no regimen given");
    }
    med_status s = med__columns_input(columns, fields, count, line, med__regimen_buf(into), error);
    med__regimen_sync(into);
    return s;
}
