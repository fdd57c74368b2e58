/* medcalc batch [FILE|-]: one output row per input record, in order, whatever happens to it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ndclist.h"
#include "outbuf.h"

typedef struct counts {
    long ok, excluded, not_opioid, error, rows;
} counts;

typedef struct batch_run {
    const options *o;
    FILE *in, *out;
    outbuf *ob;      /* rows go through this buffer to out */
    const char *name;
    med_csv *csv;
    med_batch *batch;
    med_table *table;
    med_ndc_list *site_list; /* --ndc-list */
    char **header;   /* copies of the header fields, for JSON keys and blank rows */
    size_t columns;
    counts n;
    int read_failed;
} batch_run;

static void write_header(batch_run *r)
{
    if (r->o->format == FORMAT_JSON)
        return;
    for (size_t i = 0; i < r->columns; i++) {
        outbuf_csv(r->ob, r->header[i]);
        outbuf_char(r->ob, ',');
    }
    outbuf_str(r->ob, "mme_per_day,factor,status,message\n");
}

static void count(batch_run *r, const med_result *x)
{
    r->n.rows++;
    switch (x->status) {
    case MED_RESULT_OK: r->n.ok++; break;
    case MED_RESULT_EXCLUDED: r->n.excluded++; break;
    case MED_RESULT_NOT_OPIOID: r->n.not_opioid++; break;
    case MED_RESULT_ERROR: r->n.error++; break;
    }
}

/* JSON rows of a batch with an ndc column name the list that decided them, and its digest. */
static void json_ndc(batch_run *r, int computed)
{
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    if (med_batch_ndc_list_count(r->batch) == 0)
        return;
    if (!computed || med_batch_row_ndc(r->batch, &p) != MED_OK) {
        outbuf_str(r->ob, ",\"ndc_list\":null,\"ndc_list_sha256\":null");
        return;
    }
    const med_ndc_list_info *info = med_ndc_list_get_info(p.list);
    outbuf_str(r->ob, ",\"ndc_list\":\"");
    outbuf_str(r->ob, info->id);
    outbuf_char(r->ob, '@');
    outbuf_str(r->ob, info->version);
    outbuf_str(r->ob, "\",\"ndc_list_sha256\":\"");
    outbuf_str(r->ob, info->digest);
    outbuf_char(r->ob, '"');
}

/* What a row's output says: the result, and its texts (from the batch, or the reader's error). */
typedef struct row_text {
    const med_result *x;
    const char *mme, *factor, *message;
} row_text;

/* A record that could not even be split into fields still gets its row (fields left empty). */
static void write_json_row(batch_run *r, const char *const *fields, size_t nfields,
                           const row_text *t)
{
    const med_result *x = t->x;
    int ok = x->status == MED_RESULT_OK;
    outbuf *o = r->ob;
    outbuf_char(o, '{');
    for (size_t i = 0; i < r->columns; i++) {
        outbuf_json(o, r->header[i]);
        outbuf_char(o, ':');
        outbuf_json(o, i < nfields ? fields[i] : "");
        outbuf_char(o, ',');
    }
    outbuf_str(o, "\"mme_per_day\":");
    outbuf_str(o, ok ? t->mme : "null");
    outbuf_str(o, ",\"factor\":");
    outbuf_str(o, ok ? t->factor : "null");
    outbuf_str(o, ",\"status\":");
    outbuf_json(o, med_result_status_string(x->status));
    outbuf_str(o, ",\"message\":");
    outbuf_json(o, t->message);
    json_ndc(r, fields != NULL);
    outbuf_str(o, "}\n");
}

static void write_row(batch_run *r, const char *const *fields, size_t nfields, const row_text *t)
{
    int ok = t->x->status == MED_RESULT_OK;
    outbuf *o = r->ob;
    if (r->o->format == FORMAT_JSON) {
        write_json_row(r, fields, nfields, t);
        return;
    }
    static char line[2 * MED_CSV_MAX_RECORD + 16];
    size_t len;
    if (fields && nfields == r->columns &&
        (len = med_csv_record_text(r->csv, line, sizeof line)) < sizeof line) {
        outbuf_write(o, line, len); /* the record as read: no per-field quoting to decide */
        outbuf_char(o, ',');
    } else {
        for (size_t i = 0; i < r->columns; i++) {
            outbuf_csv(o, i < nfields ? fields[i] : "");
            outbuf_char(o, ',');
        }
    }
    if (ok) {
        outbuf_str(o, t->mme);
        outbuf_char(o, ',');
        outbuf_str(o, t->factor);
    } else {
        outbuf_char(o, ',');
    }
    outbuf_char(o, ',');
    outbuf_str(o, med_result_status_string(t->x->status));
    outbuf_char(o, ',');
    outbuf_csv(o, t->message);
    outbuf_char(o, '\n');
}

static int read_header(batch_run *r)
{
    const char *const *fields;
    size_t n;
    long line;
    med_error e;
    if (med_csv_next(r->csv, &fields, &n, &line, &e) != MED_OK) {
        cli_error_at(&e);
        return -1;
    }
    if (fields == NULL) {
        cli_error("%s: empty input: expected a header row (drug,strength,unit,quantity,"
                  "days_supply or regimen)", r->name);
        return -1;
    }
    r->header = calloc(n, sizeof *r->header);
    for (size_t i = 0; r->header && i < n; i++)
        if ((r->header[i] = strdup(fields[i])) == NULL)
            return -1;
    if (r->header == NULL) {
        cli_error("out of memory");
        return -1;
    }
    r->columns = n;
    if (med_batch_new(r->table, (const char *const *)r->header, n, r->o->method, &r->batch,
                      &e) != MED_OK) {
        snprintf(e.source, sizeof e.source, "%s", r->name);
        cli_error_at(&e);
        return -1;
    }
    return 0;
}

/* --ndc-list FILE: loaded (and checked) whenever given, consulted when the input has an ndc
 * column. */
static int add_site_list(batch_run *r)
{
    if (ndc_site_load(r->o, &r->site_list) != 0)
        return -1;
    return ndc_site_add(r->o, r->name, r->batch, NULL, r->site_list, 1);
}

/* Every record: a result row, or an error row for a malformed record; never skipped. */
static int process_rows(batch_run *r)
{
    for (;;) {
        const char *const *fields;
        size_t n;
        long line;
        med_error e;
        med_result x = MED_RESULT_INIT;
        char why[sizeof e.message + 64];
        row_text t = {&x, "", "", why};
        med_status s = med_csv_next(r->csv, &fields, &n, &line, &e);
        if (s == MED_ERR_IO || s == MED_ERR_NOMEM) {
            cli_error_at(&e);
            r->read_failed = 1;
            return -1;
        }
        if (s != MED_OK) {
            x.status = MED_RESULT_ERROR;
            snprintf(why, sizeof why, "line %d, column %d: %s", e.line, e.column, e.message);
            fields = NULL;
            n = 0;
        } else if (fields == NULL) {
            return 0;
        } else if (med_batch_row(r->batch, fields, n, line, &x) != MED_OK) {
            cli_error("internal error on line %ld", line);
            return -1;
        } else {
            t.mme = med_batch_text(r->batch, MED_TEXT_MME);
            t.factor = med_batch_text(r->batch, MED_TEXT_FACTOR_APPLIED);
            t.message = med_batch_text(r->batch, MED_TEXT_MESSAGE);
        }
        count(r, &x);
        write_row(r, fields, n, &t);
    }
}

static void summary(const batch_run *r)
{
    if (r->o->quiet)
        return;
    const med_table_info *info = med_table_get_info(r->table);
    fprintf(stderr,
            "medcalc: %s: %ld rows: %ld ok, %ld excluded, %ld not_opioid, %ld error; table "
            "%s@%s sha256:%s; method %s",
            r->name, r->n.rows, r->n.ok, r->n.excluded, r->n.not_opioid, r->n.error, info->id,
            info->version, info->digest,
            r->o->method == MED_METHOD_AUTO ? "auto (supply for claims, clinical for regimens)"
                                            : med_method_string(r->o->method));
    char lists[NDC_LISTS_TEXT];
    ndc_lists consulted = ndc_lists_of(r->batch, NULL);
    ndc_lists_text(&consulted, "; ndc lists ", lists, sizeof lists);
    fprintf(stderr, "%s\n", lists);
}

static FILE *open_input(batch_run *r)
{
    const char *path = r->o->nargs > 0 ? r->o->args[0] : "-";
    r->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        cli_error("cannot read %s: %s", path, strerror(errno));
    return f;
}

static void cleanup(batch_run *r)
{
    med_csv_free(r->csv);
    med_batch_free(r->batch);
    for (size_t i = 0; r->header && i < r->columns; i++)
        free(r->header[i]);
    free(r->header);
    if (r->in && r->in != stdin)
        fclose(r->in);
    med_table_free(r->table);
    med_ndc_list_free(r->site_list);
}

static int run(batch_run *r)
{
    if (r->o->nargs > 1) {
        cli_error("batch takes one input file (or - for standard input), not %d", r->o->nargs);
        return EXIT_USAGE;
    }
    if (r->o->format == FORMAT_TEXT && r->o->format_given) {
        cli_error("batch writes csv or json, not text");
        return EXIT_USAGE;
    }
    if ((r->table = cli_load_table(r->o)) == NULL || (r->in = open_input(r)) == NULL)
        return EXIT_INPUT;
    if (med_csv_new(cli_read_file, r->in, r->name, &r->csv) != MED_OK || read_header(r) != 0 ||
        add_site_list(r) != 0)
        return EXIT_INPUT;
    if ((r->out = cli_open_output(r->o)) == NULL)
        return EXIT_INPUT;
    static outbuf ob;
    outbuf_init(&ob, fileno(r->out));
    r->ob = &ob;
    write_header(r);
    int failed = process_rows(r);
    int werr = outbuf_flush(&ob);
    if (werr)
        cli_error("writing %s failed: %s", r->o->output ? r->o->output : "standard output",
                  strerror(werr));
    int rc = cli_close_output(r->out, r->o);
    if (werr)
        rc = EXIT_WRITE;
    summary(r);
    if (rc != EXIT_OK)
        return rc;
    if (failed)
        return EXIT_INPUT;
    return r->n.error ? EXIT_ROWS : EXIT_OK;
}

int cmd_batch(const options *o)
{
    batch_run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    int rc = run(&r);
    cleanup(&r);
    return rc;
}
