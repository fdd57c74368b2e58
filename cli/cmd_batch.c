/* medcalc batch [FILE|-]: one output row per input record, in order, whatever happens to it.
 * With -j N the input is cut into pieces at record boundaries (chunks.h), each read and
 * computed by one of N threads with its own med_batch over the shared table, and the rows are
 * written in input order: the output is the same as with -j 1. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chunks.h"
#include "cli.h"
#include "ndclist.h"
#include "outbuf.h"

typedef struct counts {
    long ok, excluded, not_opioid, error, rows;
} counts;

/* What is kept of the input while the header is read, so that -j N can hand the bytes after
 * it to the threads. */
typedef struct tee {
    FILE *in;
    char *kept;
    size_t len, cap;
    int keep;   /* 1 while the header is read; 0 after, or when out of memory (one thread) */
} tee;

typedef struct batch_run {
    const options *o;
    FILE *in, *out;
    const char *name;
    tee t;
    med_csv *csv;    /* the header's reader (and with one thread, the rows') */
    med_batch *batch;
    med_table *table;
    site_lists site_list; /* --ndc-list, --rxnorm-list */
    char **header;   /* copies of the header fields, for JSON keys and blank rows */
    size_t columns;
    counts n;        /* every row's */
    int read_failed;
} batch_run;

/* A row's result columns depend on its result alone, and nearly every row of an extract has the
 * result of an earlier one: the columns written for a result the batch names
 * (med_batch_row_result_id) are kept, and a later row of that name copies them. Names count up
 * from 1, so the slots (name modulo TAIL_SLOTS) hold the latest TAIL_SLOTS results; columns
 * longer than a slot holds are written afresh each time. */
#define TAIL_SLOTS 1024
#define TAIL_BYTES 240
typedef struct tail {
    uint64_t id; /* 0: none yet */
    size_t len;
    char bytes[TAIL_BYTES];
} tail;

/* One thread's rows: its own batch, reader and output (the run's fields are only read). */
typedef struct worker {
    const batch_run *r;
    med_batch *batch;
    med_csv *csv;
    outbuf *ob;
    char *line;      /* a record as read, 2 * MED_CSV_MAX_RECORD + 16 bytes */
    tail *tails;     /* [TAIL_SLOTS] */
    outbuf *scratch; /* in memory: a result's columns, written there to be kept */
    int read_failed;
} worker;

#define LINE_BYTES (2 * (size_t)MED_CSV_MAX_RECORD + 16)
/* Output room a row's record text is first tried in (outbuf_space). */
#define ROW_ROOM ((size_t)4096)

/* 0, or -1 out of memory (reported; worker_free frees what was made). */
static int worker_init(worker *w, const batch_run *r, med_batch *batch, med_csv *csv, outbuf *ob)
{
    *w = (worker){r, batch, csv, ob, malloc(LINE_BYTES),
                  calloc(TAIL_SLOTS, sizeof(tail)), malloc(sizeof(outbuf)), 0};
    if (w->scratch)
        outbuf_init_memory(w->scratch);
    if (w->line == NULL || w->tails == NULL || w->scratch == NULL) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

static void worker_free(worker *w)
{
    free(w->line);
    free(w->tails);
    if (w->scratch)
        outbuf_release(w->scratch);
    free(w->scratch);
}

static void write_header(const batch_run *r, outbuf *ob)
{
    if (r->o->format == FORMAT_JSON)
        return;
    for (size_t i = 0; i < r->columns; i++) {
        outbuf_csv(ob, r->header[i]);
        outbuf_char(ob, ',');
    }
    /* with a fallback table, the table each factor came from */
    outbuf_str(ob, med_table_get_fallback(r->table) ? "mme_per_day,factor,factor_table,status,"
                                                      "message\n"
                                                    : "mme_per_day,factor,status,message\n");
}

static void count(counts *n, const med_result *x)
{
    n->rows++;
    switch (x->status) {
    case MED_RESULT_OK: n->ok++; break;
    case MED_RESULT_EXCLUDED: n->excluded++; break;
    case MED_RESULT_NOT_OPIOID: n->not_opioid++; break;
    case MED_RESULT_ERROR: n->error++; break;
    }
}

/* JSON rows of a batch with an ndc column name the list that decided them, and its digest. */
static void json_ndc(const worker *w, outbuf *o, int computed)
{
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    if (med_batch_ndc_list_count(w->batch) == 0)
        return;
    if (!computed || med_batch_row_ndc(w->batch, &p) != MED_OK) {
        outbuf_str(o, ",\"ndc_list\":null,\"ndc_list_sha256\":null");
        return;
    }
    const med_ndc_list_info *info = med_ndc_list_get_info(p.list);
    outbuf_str(o, ",\"ndc_list\":\"");
    outbuf_str(o, info->id);
    outbuf_char(o, '@');
    outbuf_str(o, info->version);
    outbuf_str(o, "\",\"ndc_list_sha256\":\"");
    outbuf_str(o, info->digest);
    outbuf_char(o, '"');
}

/* What a row's output says: the result, and its texts (from the batch, or the reader's error). */
typedef struct row_text {
    const med_result *x;
    int computed;             /* by the batch, whose texts are fetched when they are written */
    uint64_t id;              /* the batch's name for the result, or 0 (med_batch_row_result_id) */
    const char *mme, *factor, *message;
    const char *factor_table; /* NULL without a fallback table */
} row_text;

/* A record that could not even be split into fields (nfields 0) still gets its row (fields left
 * empty). */
static void write_json_fields(worker *w, size_t nfields)
{
    const batch_run *r = w->r;
    outbuf *o = w->ob;
    outbuf_char(o, '{');
    for (size_t i = 0; i < r->columns; i++) {
        outbuf_json(o, r->header[i]);
        outbuf_char(o, ':');
        med_csv_span f = med_csv_field(w->csv, i); /* {NULL, 0} past nfields */
        outbuf_json_span(o, i < nfields ? f.text : "", f.len);
        outbuf_char(o, ',');
    }
}

static void write_json_result(const worker *w, outbuf *o, const row_text *t)
{
    const med_result *x = t->x;
    int ok = x->status == MED_RESULT_OK;
    outbuf_str(o, "\"mme_per_day\":");
    outbuf_str(o, ok ? t->mme : "null");
    outbuf_str(o, ",\"factor\":");
    outbuf_str(o, ok ? t->factor : "null");
    if (t->factor_table) {
        outbuf_str(o, ",\"factor_table\":");
        if (ok)
            outbuf_json(o, t->factor_table);
        else
            outbuf_str(o, "null");
    }
    outbuf_str(o, ",\"status\":");
    outbuf_json(o, med_result_status_string(x->status));
    outbuf_str(o, ",\"message\":");
    outbuf_json(o, t->message);
    json_ndc(w, o, t->computed);
    outbuf_str(o, "}\n");
}

static void write_csv_result(outbuf *o, const row_text *t)
{
    int ok = t->x->status == MED_RESULT_OK;
    if (ok) {
        outbuf_short(o, t->mme);
        outbuf_char(o, ',');
        outbuf_short(o, t->factor);
    } else {
        outbuf_char(o, ',');
    }
    outbuf_char(o, ',');
    if (t->factor_table) {
        outbuf_str(o, ok ? t->factor_table : "");
        outbuf_char(o, ',');
    }
    outbuf_short(o, med_result_status_string(t->x->status));
    outbuf_char(o, ',');
    outbuf_csv(o, t->message);
    outbuf_char(o, '\n');
}

/* The result columns into `o`; a computed row's texts are fetched from the batch here, so a row
 * whose columns are copied (write_result) asks for none. */
static void write_result_to(const worker *w, outbuf *o, row_text *t)
{
    if (t->computed) {
        t->mme = med_batch_text(w->batch, MED_TEXT_MME);
        t->factor = med_batch_text(w->batch, MED_TEXT_FACTOR_APPLIED);
        t->message = med_batch_text(w->batch, MED_TEXT_MESSAGE);
        if (t->factor_table)
            t->factor_table = med_batch_text(w->batch, MED_TEXT_FACTOR_TABLE);
    }
    if (w->r->o->format == FORMAT_JSON)
        write_json_result(w, o, t);
    else
        write_csv_result(o, t);
}

/* The row's result columns (and the line end): copied when an earlier row of the same result
 * wrote them, else written (through the scratch buffer, to be kept, when the result is named). */
static void write_result(worker *w, row_text *t)
{
    tail *slot = &w->tails[t->id % TAIL_SLOTS];
    if (t->id != 0 && slot->id == t->id) {
        outbuf_write(w->ob, slot->bytes, slot->len);
        return;
    }
    if (t->id == 0) {
        write_result_to(w, w->ob, t);
        return;
    }
    outbuf_clear(w->scratch);
    write_result_to(w, w->scratch, t);
    if (outbuf_flush(w->scratch) != 0) { /* out of memory: written straight, not kept */
        write_result_to(w, w->ob, t);
        return;
    }
    size_t len = w->scratch->mem_len;
    outbuf_write(w->ob, w->scratch->mem, len);
    if (len <= TAIL_BYTES) {
        slot->id = t->id;
        slot->len = len;
        memcpy(slot->bytes, w->scratch->mem, len);
    }
}

/* The row of the record the reader last returned, of nfields fields (0: it could not be read). */
static void write_row(worker *w, size_t nfields, row_text *t)
{
    const batch_run *r = w->r;
    outbuf *o = w->ob;
    if (r->o->format == FORMAT_JSON) {
        write_json_fields(w, nfields);
        write_result(w, t);
        return;
    }
    /* The record as read (no per-field quoting to decide), straight into the output when it
     * fits there, as nearly every record does, else through w->line. */
    size_t len, room;
    char *at = outbuf_space(o, ROW_ROOM, &room);
    if (nfields == r->columns && (len = med_csv_record_text(w->csv, at, room)) < room) {
        outbuf_wrote(o, len);
        outbuf_char(o, ',');
    } else if (nfields == r->columns &&
               (len = med_csv_record_text(w->csv, w->line, LINE_BYTES)) < LINE_BYTES) {
        outbuf_write(o, w->line, len);
        outbuf_char(o, ',');
    } else {
        for (size_t i = 0; i < r->columns; i++) {
            med_csv_span f = med_csv_field(w->csv, i); /* {NULL, 0} past nfields */
            if (i < nfields)
                outbuf_csv_span(o, f.text, f.len);
            outbuf_char(o, ',');
        }
    }
    write_result(w, t);
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
    /* The count is set first, so that cleanup() frees the copies made before one failed. */
    if ((r->header = calloc(n, sizeof *r->header)) != NULL)
        r->columns = n;
    for (size_t i = 0; r->header && i < n; i++)
        if ((r->header[i] = strdup(fields[i])) == NULL)
            break;
    if (r->header == NULL || (n > 0 && r->header[n - 1] == NULL)) {
        cli_error("out of memory");
        return -1;
    }
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
    return ndc_site_add(r->o, r->name, r->batch, NULL, &r->site_list, 1);
}

/* Every record: a result row, or an error row for a malformed record; never skipped. Rows are
 * counted in `tally`, which the caller keeps on its own stack. The workers of -j N sit side by
 * side in one array: a count kept in the worker, written every row, shared a cache line with the
 * next worker's members, which its thread reads every row (false sharing). With it, -j 2 spent
 * twice the CPU time of -j 1 on the same rows. */
static int process_rows(worker *r, counts *tally)
{
    int fallback = med_table_get_fallback(r->r->table) != NULL;
    /* Each row's result: med_batch_row_csv writes every member of it, so it is made afresh
     * only for a record that could not be read (once, not for every row). */
    med_result x = MED_RESULT_INIT;
    for (;;) {
        size_t n;
        long line;
        med_error e;
        char why[sizeof e.message + 64];
        row_text t = {&x, 0, 0, "", "", why, fallback ? "" : NULL};
        med_status s = med_csv_next_record(r->csv, &n, &line, &e);
        if (s == MED_ERR_IO || s == MED_ERR_NOMEM) {
            cli_error_at(&e);
            r->read_failed = 1;
            return -1;
        }
        if (s != MED_OK) {
            x = (med_result)MED_RESULT_INIT; /* status error */
            snprintf(why, sizeof why, "line %d, column %d: %s", e.line, e.column, e.message);
            n = 0;
        } else if (n == 0) {
            return 0;
        } else if (med_batch_row_csv(r->batch, r->csv, line, &x) != MED_OK) {
            cli_error("internal error on line %ld", line);
            return -1;
        } else {
            t.computed = 1;
            t.id = med_batch_row_result_id(r->batch);
        }
        count(tally, &x);
        write_row(r, n, &t);
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
    const med_table_info *fb = med_table_get_info(med_table_get_fallback(r->table));
    if (fb)
        fprintf(stderr, "; fallback table %s@%s sha256:%s", fb->id, fb->version, fb->digest);
    fprintf(stderr, "%s\n", lists);
}

static FILE *open_input(batch_run *r)
{
    const char *path = r->o->nargs > 0 ? r->o->args[0] : "-";
    r->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    FILE *f = cli_open_input(path);
    if (f == NULL) {
        cli_error("cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    /* Every read asks for 64 KiB or more (the reader's, a chunk's): unbuffered, each is one
     * read() into the caller's memory. Buffered, stdio split a chunk's 128 KiB less a few bytes
     * into a read of whole 4 KiB blocks and a second read into its own buffer, copied after. */
    setvbuf(f, NULL, _IONBF, 0);
    return f;
}

/* A med_read_fn that keeps a copy of what it reads (while the header is read). */
static size_t tee_read(void *context, char *buf, size_t capacity, int *failed)
{
    tee *t = context;
    size_t n = cli_read_file(t->in, buf, capacity, failed);
    if (t->len + n > t->cap && t->keep) {
        size_t cap = t->cap ? t->cap : 1 << 16;
        while (cap < t->len + n)
            cap *= 2;
        char *kept = realloc(t->kept, cap);
        if (kept == NULL)
            t->keep = 0;
        else
            t->kept = kept, t->cap = cap;
    }
    if (t->keep && n > 0) {
        memcpy(t->kept + t->len, buf, n);
        t->len += n;
    }
    return n;
}

static void cleanup(batch_run *r)
{
    med_csv_free(r->csv);
    med_batch_free(r->batch);
    for (size_t i = 0; r->header && i < r->columns; i++)
        free(r->header[i]);
    free(r->header);
    free(r->t.kept);
    if (r->in && r->in != stdin)
        fclose(r->in);
    med_table_free(r->table);
    ndc_site_free(&r->site_list);
}

/* -j 1: the header's reader goes on through the rows. */
static int one_thread(batch_run *r, outbuf *ob)
{
    worker w;
    int failed = worker_init(&w, r, r->batch, r->csv, ob);
    if (failed == 0) {
        failed = process_rows(&w, &r->n);
        r->read_failed = w.read_failed;
    }
    worker_free(&w);
    return failed;
}

/* One piece of the input, on whichever thread runs it: read in place when it is all in
 * memory, which saves copying it into a reader's buffer. */
static int work_chunk(void *context, chunk *c)
{
    worker *w = context;
    med_status st = c->rest ? med_csv_new_at(chunk_read, c, w->r->name, c->first_line, &w->csv)
                            : med_csv_new_in_place(c->data, c->len, c->room, w->r->name,
                                                   c->first_line, &w->csv);
    if (st != MED_OK) {
        cli_error("out of memory");
        return -1;
    }
    w->ob = c->out;
    counts n = {0, 0, 0, 0, 0};
    int failed = process_rows(w, &n);
    *(counts *)c->result = n;
    med_csv_free(w->csv);
    w->csv = NULL;
    return failed;
}

static void merge_counts(void *context, const chunk *c)
{
    counts *all = context;
    const counts *n = c->result;
    all->ok += n->ok;
    all->excluded += n->excluded;
    all->not_opioid += n->not_opioid;
    all->error += n->error;
    all->rows += n->rows;
}

/* Each thread's batch: the first is the run's; the others are made alike (same header, same
 * site list; its conflicts were reported once already). */
static int make_workers(batch_run *r, worker *w, int threads)
{
    for (int i = 0; i < threads; i++) {
        /* Only the first borrows the run's batch: threaded() frees the others' batches, so one
         * that failed to start must not hold the run's. */
        if (worker_init(&w[i], r, i == 0 ? r->batch : NULL, NULL, NULL) != 0)
            return -1;
        med_error e;
        if (i > 0 && (med_batch_new(r->table, (const char *const *)r->header, r->columns,
                                    r->o->method, &w[i].batch, &e) != MED_OK ||
                      ndc_site_add(r->o, r->name, w[i].batch, NULL, &r->site_list, 0) != 0)) {
            cli_error("out of memory");
            return -1;
        }
    }
    return 0;
}

/* -j N: the bytes after the header go to the threads in pieces. */
static int threaded(batch_run *r, outbuf *ob, int threads)
{
    unsigned long long offset;
    long line;
    worker *w = calloc((size_t)threads, sizeof *w);
    void **ctx = calloc((size_t)threads, sizeof *ctx);
    int failed = -1;
    if (w == NULL || ctx == NULL || med_csv_position(r->csv, &offset, &line) != MED_OK ||
        offset > r->t.len) {
        cli_error("out of memory");
    } else if (make_workers(r, w, threads) == 0) {
        for (int i = 0; i < threads; i++)
            ctx[i] = &w[i];
        const char *start = r->t.kept ? r->t.kept + offset : ""; /* nothing read but a header */
        chunk_job job = {r->in, r->name, start, r->t.len - (size_t)offset, line,
                         threads, ctx, work_chunk, merge_counts, &r->n, sizeof(counts), ob,
                         NULL, NULL, NULL};
        failed = chunks_run(&job);
    }
    for (int i = 0; w && i < threads; i++) {
        if (i > 0)
            med_batch_free(w[i].batch);
        worker_free(&w[i]);
    }
    free(w);
    free(ctx);
    return failed;
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
    int threads = cli_threads(r->o);
    r->t = (tee){r->in, NULL, 0, 0, 1};
    if ((threads > 1 ? med_csv_new(tee_read, &r->t, r->name, &r->csv)
                     : med_csv_new(cli_read_file, r->in, r->name, &r->csv)) != MED_OK) {
        cli_error("out of memory");
        return EXIT_INPUT;
    }
    if (read_header(r) != 0 || add_site_list(r) != 0)
        return EXIT_INPUT;
    if ((r->out = cli_open_output(r->o)) == NULL)
        return EXIT_INPUT;
    static outbuf ob;
    outbuf_init(&ob, fileno(r->out));
    write_header(r, &ob);
    /* When the bytes read with the header could not all be kept, one thread reads on. */
    int parallel = threads > 1 && r->t.keep;
    r->t.keep = 0;
    int failed = parallel ? threaded(r, &ob, threads) : one_thread(r, &ob);
    int werr = outbuf_flush(&ob);
    if (werr)
        cli_error("writing %s failed: %s", r->o->output ? r->o->output : "standard output",
                  strerror(werr));
    int rc = cli_close_output(r->out, r->o);
    if (werr)
        rc = EXIT_WRITE;
    if (!failed) /* a run that stopped (out of memory, a read error) said why; no partial counts */
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
