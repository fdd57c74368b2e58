/* medcalc compare REGIMEN... | --batch FILE: each input under several tables and both methods,
 * side by side, with the spread and the cause of every disagreement (med_compare). With -j N,
 * pieces of a --batch file are compared by N threads and written in input order: the output is
 * the same as with -j 1. */
#include <stdlib.h>
#include <string.h>

#include "chunks.h"
#include "cli.h"
#include "csvfile.h"
#include "outbuf.h"

#define MAX_TABLES 32

typedef struct compare_run {
    const options *o;
    med_table *tables[MAX_TABLES];
    size_t count;
    med_method method;
    out_format format;   /* text for regimens, csv for --batch unless --format says */
    med_tolerance tol;
    struct {
        const med_table *table;
        med_method method;
    } layout[2 * MAX_TABLES]; /* each row's table and method, for the CSV header */
    size_t nrows;
    FILE *out;
    int write_errno;     /* errno of the first failed write with -j N, reported at close */
    long inputs, failed; /* inputs; inputs that are an error under every table */
    int first;           /* no JSON object written yet */
} compare_run;

/* --tables a,b,c (or every embedded table), with --table first when given. */
static int load_tables(compare_run *r)
{
    char *list = r->o->tables ? strdup(r->o->tables) : NULL;
    const char *specs[MAX_TABLES + 1];
    size_t n = 0;
    if (r->o->table)
        specs[n++] = r->o->table;
    if (list)
        for (char *save = NULL, *s = strtok_r(list, ",", &save); s && n < MAX_TABLES + 1;
             s = strtok_r(NULL, ",", &save))
            specs[n++] = s;
    else
        for (const char *const *id = med_embedded_table_ids(); *id && n < MAX_TABLES + 1; id++)
            specs[n++] = *id;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        med_table *t = NULL;
        med_error e;
        if (med_table_load(specs[i], &t, &e) != MED_OK) {
            cli_error_at(&e);
            rc = -1;
            break;
        }
        const med_table_info *a = med_table_get_info(t);
        for (size_t j = 0; t && j < r->count; j++) {
            const med_table_info *b = med_table_get_info(r->tables[j]);
            if (strcmp(a->digest, b->digest) == 0) {
                med_table_free(t); /* the same table named twice */
                t = NULL;
            }
        }
        if (t && r->count == MAX_TABLES) {
            cli_error("compare takes at most %d tables", MAX_TABLES);
            med_table_free(t);
            rc = -1;
        } else if (t) {
            r->tables[r->count++] = t;
        }
    }
    free(list);
    return rc;
}

static void row_name(const med_table *t, char *buf, size_t cap)
{
    const med_table_info *i = med_table_get_info(t);
    snprintf(buf, cap, "%s@%s", i->id, i->version);
}

/* Row i's MME/day, or its status when it has none. */
static const char *value_of(const med_comparison *c, size_t i)
{
    const med_compare_row *x = med_comparison_row(c, i);
    return x->result.status == MED_RESULT_OK ? med_comparison_text(c, i, MED_TEXT_MME)
                                             : med_result_status_string(x->result.status);
}

/* The summary's min, max and ratio as texts ("" for a ratio when there is none). */
typedef struct spread_text {
    char min[32], max[32], ratio[32];
} spread_text;

static spread_text spread_of(const med_comparison_summary *s)
{
    spread_text t = {"", "", ""};
    med_hundredths_format(s->min_hundredths, t.min, sizeof t.min);
    med_hundredths_format(s->max_hundredths, t.max, sizeof t.max);
    if (s->ratio_hundredths >= 0)
        med_hundredths_format(s->ratio_hundredths, t.ratio, sizeof t.ratio);
    return t;
}

static void causes_text(unsigned causes, const char *sep, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int c = 1; c < MED_CAUSE_COUNT && used < cap; c++)
        if (causes & (1u << c))
            used += (size_t)snprintf(buf + used, cap - used, "%s%s", used ? sep : "",
                                     med_cause_string((med_cause)c));
}

static void print_text(compare_run *r, const char *label, const med_comparison *comparison)
{
    char name[96], causes[160];
    const med_comparison_summary *c = med_comparison_get_summary(comparison);
    spread_text spread = spread_of(c);
    fprintf(r->out, "%s\n  %-16s %-9s %-9s %s\n", label, "table", "method", "factor",
            "MME/day");
    for (size_t i = 0; i < c->rows; i++) {
        const med_compare_row *x = med_comparison_row(comparison, i);
        row_name(x->table, name, sizeof name);
        const char *v = value_of(comparison, i);
        fprintf(r->out, "  %-16s %-9s %-9s %s", name, med_method_string(x->method),
                x->result.status == MED_RESULT_OK
                    ? med_comparison_text(comparison, i, MED_TEXT_FACTOR_APPLIED)
                    : "-",
                v);
        if (x->differs)
            fprintf(r->out, "%*s* %s", strlen(v) < 10 ? (int)(10 - strlen(v)) : 1, "",
                    med_cause_string(x->cause));
        fputc('\n', r->out);
    }
    causes_text(c->causes, ", ", causes, sizeof causes);
    if (c->ok == 0)
        fprintf(r->out, "  no table gives a value (%s)\n",
                med_comparison_text(comparison, 0, MED_TEXT_MESSAGE));
    else
        fprintf(r->out, "  spread: %s to %s MME/day%s%s: %s%s%s\n", spread.min, spread.max,
                spread.ratio[0] ? ", max/min " : "", spread.ratio,
                c->disagree ? "tables disagree (" : "tables agree", causes,
                c->disagree ? ")" : "");
    fputc('\n', r->out);
}

static void print_json(compare_run *r, const char *label, const char *const *fields, size_t n,
                       const char *const *header, const med_comparison *comparison)
{
    char name[96], causes[160];
    const med_comparison_summary *c = med_comparison_get_summary(comparison);
    spread_text spread = spread_of(c);
    fputc('{', r->out);
    if (header) {
        for (size_t i = 0; i < n; i++) {
            json_string(r->out, header[i]);
            fputc(':', r->out);
            json_string(r->out, fields[i]);
            fputc(',', r->out);
        }
    } else {
        fputs("\"input\":", r->out);
        json_string(r->out, label);
        fputc(',', r->out);
    }
    fputs("\"rows\":[", r->out);
    for (size_t i = 0; i < c->rows; i++) {
        const med_compare_row *x = med_comparison_row(comparison, i);
        int ok = x->result.status == MED_RESULT_OK;
        row_name(x->table, name, sizeof name);
        fputs(i ? ",{\"table\":" : "{\"table\":", r->out);
        json_string(r->out, name);
        fputs(",\"method\":", r->out);
        json_string(r->out, med_method_string(x->method));
        fprintf(r->out, ",\"factor\":%s,\"mme_per_day\":%s,\"status\":",
                ok ? med_comparison_text(comparison, i, MED_TEXT_FACTOR_APPLIED) : "null",
                ok ? med_comparison_text(comparison, i, MED_TEXT_MME) : "null");
        json_string(r->out, med_result_status_string(x->result.status));
        fputs(",\"message\":", r->out);
        json_string(r->out, med_comparison_text(comparison, i, MED_TEXT_MESSAGE));
        fprintf(r->out, ",\"differs\":%s,\"cause\":", x->differs ? "true" : "false");
        if (x->differs)
            json_string(r->out, med_cause_string(x->cause));
        else
            fputs("null", r->out);
        fputc('}', r->out);
    }
    causes_text(c->causes, ";", causes, sizeof causes);
    fprintf(r->out, "],\"min\":%s,\"max\":%s,\"ratio\":%s,\"disagree\":%s,\"causes\":[",
            c->ok ? spread.min : "null", c->ok ? spread.max : "null",
            spread.ratio[0] ? spread.ratio : "null", c->disagree ? "true" : "false");
    for (char *save = NULL, *s = strtok_r(causes, ";", &save); s; s = strtok_r(NULL, ";", &save)) {
        if (s != causes)
            fputc(',', r->out);
        json_string(r->out, s);
    }
    fputs("]}\n", r->out);
}

static void csv_header(compare_run *r, const char *const *header, size_t n)
{
    char name[96];
    if (header)
        for (size_t i = 0; i < n; i++) {
            csv_field(r->out, header[i]);
            fputc(',', r->out);
        }
    else
        fputs("input,", r->out);
    for (size_t i = 0; i < r->nrows; i++) {
        row_name(r->layout[i].table, name, sizeof name);
        fprintf(r->out, "%s/%s,", name, med_method_string(r->layout[i].method));
    }
    fputs("min,max,ratio,disagree,causes,message\n", r->out);
}

static void print_csv(compare_run *r, const char *label, const char *const *fields, size_t n,
                      const med_comparison *comparison, const char *message)
{
    char causes[160];
    const med_comparison_summary *c =
        comparison ? med_comparison_get_summary(comparison) : NULL;
    spread_text spread = {"", "", ""};
    if (c)
        spread = spread_of(c);
    if (fields)
        for (size_t i = 0; i < n; i++) {
            csv_field(r->out, fields[i]);
            fputc(',', r->out);
        }
    else {
        csv_field(r->out, label);
        fputc(',', r->out);
    }
    for (size_t i = 0; i < r->nrows; i++) {
        fputs(c && i < c->rows ? value_of(comparison, i) : "error", r->out);
        fputc(',', r->out);
    }
    causes_text(c ? c->causes : 0, ";", causes, sizeof causes);
    fprintf(r->out, "%s,%s,%s,%s,%s,", c && c->ok ? spread.min : "", c && c->ok ? spread.max : "",
            spread.ratio, c && c->disagree ? "yes" : "no", causes);
    csv_field(r->out, message);
    fputc('\n', r->out);
}

/* Compares one parsed input and writes it in the chosen format. */
static int compare_one(compare_run *r, const char *label, const med_input *in,
                       const char *const *fields, size_t n, const char *const *header)
{
    med_comparison *comparison = NULL;
    med_status s = med_compare((const med_table *const *)r->tables, r->count, in, r->method,
                               &r->tol, &comparison);
    if (s != MED_OK) {
        cli_error("cannot compare '%s': %s", label, med_status_string(s));
        return -1;
    }
    const med_comparison_summary *c = med_comparison_get_summary(comparison);
    r->inputs++;
    size_t errors = 0;
    for (size_t i = 0; i < c->rows; i++)
        errors += med_comparison_row(comparison, i)->result.status == MED_RESULT_ERROR;
    if (errors == c->rows) /* an error under every table: it cannot be computed at all */
        r->failed++;
    if (r->format == FORMAT_JSON)
        print_json(r, label, fields, n, header, comparison);
    else if (r->format == FORMAT_CSV)
        print_csv(r, label, fields, n, comparison,
                  c->ok ? "" : med_comparison_text(comparison, 0, MED_TEXT_MESSAGE));
    else
        print_text(r, label, comparison);
    med_comparison_free(comparison);
    return 0;
}

/* An input that could not be read: reported in its place, never skipped. */
static void input_failed(compare_run *r, const char *label, const char *const *fields,
                         size_t n, const char *const *header, const med_error *e)
{
    r->inputs++;
    r->failed++;
    if (r->format == FORMAT_CSV) {
        print_csv(r, label, fields, n, NULL, e->message);
        return;
    }
    if (r->format == FORMAT_JSON) {
        fputc('{', r->out);
        for (size_t i = 0; header && fields && i < n; i++) {
            json_string(r->out, header[i]);
            fputc(':', r->out);
            json_string(r->out, fields[i]);
            fputc(',', r->out);
        }
        fputs("\"input\":", r->out);
        json_string(r->out, label);
        fputs(",\"status\":\"error\",\"message\":", r->out);
        json_string(r->out, e->message);
        fputs("}\n", r->out);
        return;
    }
    fprintf(r->out, "%s\n  error: %s\n\n", label, e->message);
}

static int compare_regimens(compare_run *r, med_regimen *reg)
{
    if (r->format == FORMAT_CSV)
        csv_header(r, NULL, 0);
    for (int i = 0; i < r->o->nargs; i++) {
        med_error e;
        if (med_regimen_parse(reg, r->o->args[i], &e) != MED_OK)
            input_failed(r, r->o->args[i], NULL, 0, NULL, &e);
        else if (compare_one(r, r->o->args[i], med_regimen_input(reg), NULL, 0, NULL) != 0)
            return -1;
    }
    return 0;
}

/* Every record of a reader, compared (or its error reported) in place. */
static int compare_rows(compare_run *r, csv_file *f, const med_columns *cols, med_regimen *reg)
{
    const char *const *header = (const char *const *)f->header;
    for (;;) {
        const char *const *fields;
        size_t n;
        long line;
        char label[64];
        med_error e;
        int got = csv_file_next(f, &fields, &n, &line, &e);
        if (got <= 0)
            return got;
        snprintf(label, sizeof label, "%s:%ld", f->name, line);
        if (fields == NULL || med_columns_input(cols, fields, n, line, reg, &e) != MED_OK) {
            const char *const *shown = fields && n == f->columns ? fields : NULL;
            input_failed(r, label, shown, f->columns, header, &e);
        } else if (compare_one(r, label, med_regimen_input(reg), fields, n, header) != 0) {
            return -1;
        }
    }
}

/* ---- -j N ---------------------------------------------------------------------------------- */

typedef struct compare_worker {
    compare_run r;     /* a copy of the run's, with its own stream and counts */
    outbuf *target;    /* where r.out writes: the piece being worked on */
    med_regimen *reg;
    med_columns *cols;
    csv_file *whole;
} compare_worker;

typedef struct piece_counts {
    long inputs, failed;
} piece_counts;

static int work_piece(void *context, chunk *c)
{
    compare_worker *w = context;
    piece_counts *pc = c->result;
    csv_file piece;
    if (csv_file_piece(&piece, w->whole, c) != 0)
        return -1;
    w->target = c->out;
    w->r.inputs = w->r.failed = 0;
    int rc = compare_rows(&w->r, &piece, w->cols, w->reg);
    fflush(w->r.out);
    csv_file_close_piece(&piece);
    pc->inputs = w->r.inputs;
    pc->failed = w->r.failed;
    return rc;
}

static void merge_piece(void *context, const chunk *c)
{
    compare_run *r = context;
    const piece_counts *pc = c->result;
    r->inputs += pc->inputs;
    r->failed += pc->failed;
}

static int make_workers(compare_run *r, csv_file *f, compare_worker *w, int threads, void **ctx)
{
    med_error e;
    for (int i = 0; i < threads; i++) {
        w[i].r = *r;
        w[i].whole = f;
        ctx[i] = &w[i];
        if ((w[i].r.out = outbuf_stream(&w[i].target)) == NULL ||
            med_regimen_new(&w[i].reg) != MED_OK ||
            med_columns_new((const char *const *)f->header, f->columns, &w[i].cols, &e) !=
                MED_OK) {
            cli_error("out of memory");
            return -1;
        }
    }
    return 0;
}

/* -j N: the records after the header go to the threads in pieces, written through an outbuf
 * into the run's stream. */
static int threaded(compare_run *r, csv_file *f, chunk_job *job, int threads)
{
    void *ctx[CLI_MAX_THREADS];
    compare_worker *w = calloc((size_t)threads, sizeof *w);
    outbuf *ob = malloc(sizeof *ob);
    int failed = -1;
    if (w == NULL || ob == NULL) {
        cli_error("out of memory");
    } else if (make_workers(r, f, w, threads, ctx) == 0) {
        outbuf_init_file(ob, r->out);
        job->threads = threads;
        job->workers = ctx;
        job->work = work_piece;
        job->merge = merge_piece;
        job->context = r;
        job->result_size = sizeof(piece_counts);
        job->out = ob;
        failed = chunks_run(job);
        /* a failed write is reported when the stream is closed, with this write's reason */
        r->write_errno = outbuf_flush(ob);
    }
    for (int i = 0; w && i < threads; i++) {
        if (w[i].r.out)
            fclose(w[i].r.out);
        med_regimen_free(w[i].reg);
        med_columns_free(w[i].cols);
    }
    free(ob);
    free(w);
    return failed;
}

static int compare_file(compare_run *r, csv_file *f, med_regimen *reg)
{
    med_columns *cols = NULL;
    med_error e;
    const char *const *header = (const char *const *)f->header;
    if (med_columns_new(header, f->columns, &cols, &e) != MED_OK) {
        snprintf(e.source, sizeof e.source, "%s", f->name);
        cli_error_at(&e);
        return -1;
    }
    if (r->format == FORMAT_CSV)
        csv_header(r, header, f->columns);
    int threads = cli_threads(r->o);
    chunk_job job;
    memset(&job, 0, sizeof job);
    /* One reader when the start of the data is not known (see csv_file_job). */
    int rc = threads > 1 && csv_file_job(f, &job) == 0 ? threaded(r, f, &job, threads)
                                                       : compare_rows(r, f, cols, reg);
    med_columns_free(cols);
    return rc;
}

static int run(compare_run *r)
{
    csv_file f;
    med_regimen *reg = NULL;
    memset(&f, 0, sizeof f);
    const options *o = r->o;
    int batch = o->batch != NULL;
    if ((batch && o->nargs > 0) || (!batch && o->nargs == 0)) {
        cli_error(batch ? "compare --batch FILE takes no regimens"
                        : "compare needs one or more regimens, or --batch FILE");
        return EXIT_USAGE;
    }
    if (load_tables(r) != 0 || (batch && (cli_threads(o) > 1 ? csv_file_open_kept(&f, o->batch)
                                                             : csv_file_open(&f, o->batch)) != 0)) {
        csv_file_close(&f);
        return EXIT_INPUT;
    }
    if (med_regimen_new(&reg) != MED_OK) {
        cli_error("out of memory");
        csv_file_close(&f);
        return EXIT_INPUT;
    }
    if ((r->out = cli_open_output(o)) == NULL) {
        med_regimen_free(reg);
        csv_file_close(&f);
        return EXIT_INPUT;
    }
    r->format = o->format_given ? o->format : batch ? FORMAT_CSV : FORMAT_TEXT;
    r->nrows = r->count * (r->method == MED_METHOD_AUTO ? 2 : 1);
    for (size_t i = 0; i < r->nrows; i++) { /* the row layout, for the CSV header */
        r->layout[i].table = r->tables[i / (r->method == MED_METHOD_AUTO ? 2 : 1)];
        r->layout[i].method = r->method != MED_METHOD_AUTO ? r->method
                              : i % 2                      ? MED_METHOD_SUPPLY
                                                           : MED_METHOD_CLINICAL;
    }
    int failed = batch ? compare_file(r, &f, reg) : compare_regimens(r, reg);
    med_regimen_free(reg);
    csv_file_close(&f);
    int rc = cli_close_output_after(r->out, o, r->write_errno);
    if (rc != EXIT_OK)
        return rc;
    if (failed)
        return EXIT_INPUT;
    return r->failed ? EXIT_ROWS : EXIT_OK;
}

int cmd_compare(const options *o)
{
    compare_run *r = calloc(1, sizeof *r);
    med_error e;
    if (r == NULL) {
        cli_error("out of memory");
        return EXIT_INPUT;
    }
    r->o = o;
    r->method = o->method;
    r->tol = (med_tolerance)MED_TOLERANCE_INIT;
    int rc = EXIT_USAGE;
    if (o->tolerance && med_tolerance_parse(o->tolerance, &r->tol, &e) != MED_OK)
        cli_error("--tolerance: %s", e.message);
    else
        rc = run(r);
    for (size_t i = 0; i < r->count; i++)
        med_table_free(r->tables[i]);
    free(r);
    return rc;
}
