/* medcalc agree --sites: a block per site (text, JSON or an HTML QA page) with the calculator
 * the site runs (med_agree_fingerprint) and its rows that change a decision. The CLI keeps what
 * it prints of each row; the numbers and verdicts all come from libmed. */
#ifndef MEDCALC_AGREE_SITES_H
#define MEDCALC_AGREE_SITES_H
#include <stdio.h>

#include "cli.h"
#include "csvfile.h"

typedef struct qa_row {
    size_t row;        /* 1-based, as med_left_row.row */
    long line;
    char *input;       /* the regimen, or the input columns as name=value */
    char *site, *reported, *ours, *table, *explanation, *crossed;
    med_cause cause;
    int agrees, changes_decision;
} qa_row;

typedef struct qa_sites {
    qa_row *rows;
    size_t count, cap;
    int failed; /* out of memory keeping a row */
} qa_sites;

/* What the page says it checked against. */
typedef struct qa_context {
    const char *input_name;
    const char *reference;  /* --table, or NULL: each row's own */
    med_tolerance tolerance;
} qa_context;

/* Keeps what the site blocks print of a row; -1 when out of memory (reported). */
int qa_note(qa_sites *q, const csv_file *f, const char *const *fields, size_t n, long line,
            const med_agreement *a, med_agree *agree);
/* Writes every site's block in `format` (text, json or html). EXIT_OK, or EXIT_INPUT after
 * reporting a library error. */
int qa_write(const qa_sites *q, FILE *out, out_format format, med_agree *agree,
             const qa_context *c);
void qa_free(qa_sites *q);

/* The HTML page (agree_sites_html.c). */
int qa_write_html(const qa_sites *q, FILE *out, med_agree *agree, const qa_context *c);
/* The row `row` (1-based) kept, or NULL. */
const qa_row *qa_find(const qa_sites *q, size_t row);

#endif
