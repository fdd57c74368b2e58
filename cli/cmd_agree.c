/* medcalc agree FILE: another calculator's MME/day (reported_mme) or a vectors file's expected
 * value (expected_mme) against ours, row by row, with a summary per site (med_agree). Exit
 * status 0 only when every row agrees. With -j N (not with --sites, whose fingerprints keep every
 * row) pieces of the file are checked by N threads, each with its own checker; the rows are
 * written in order and the pieces' counts merged in order (med_agree_merge): the output is the
 * same as with -j 1. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "agree_sites.h"
#include "chunks.h"
#include "cli.h"
#include "csvfile.h"
#include "ndclist.h"
#include "outbuf.h"

typedef struct agree_run {
    const options *o;
    out_format format; /* csv unless --format says */
    med_table *table;  /* --table (with --fallback), or NULL: each row's own */
    char reference[300]; /* how the summary names it: "cdc-2022 falling back to cms-2018" */
    med_agree *agree;
    site_lists site_list; /* --ndc-list, --rxnorm-list */
    med_tolerance tol;
    csv_file f;
    FILE *out;
    int write_errno; /* errno of the first failed write with -j N, reported at close */
    qa_sites qa; /* --sites: what the site blocks print of each row */
    int threads; /* -j N; 1 with --sites */
} agree_run;

static const char *const COLUMNS[] = {"table", "method", "our_mme",     "our_status",
                                      "difference", "agree", "cause", "explanation", "message",
                                      "changes_decision", "thresholds_crossed"};

static void write_header(agree_run *r)
{
    if (r->format != FORMAT_CSV || r->o->sites)
        return;
    for (size_t i = 0; i < r->f.columns; i++) {
        csv_field(r->out, r->f.header[i]);
        fputc(',', r->out);
    }
    for (size_t i = 0; i < sizeof COLUMNS / sizeof *COLUMNS; i++)
        fprintf(r->out, "%s%s", COLUMNS[i], i + 1 < sizeof COLUMNS / sizeof *COLUMNS ? "," : "\n");
}

static void table_name(const med_agreement *a, char *buf, size_t cap)
{
    if (a->table_id)
        snprintf(buf, cap, "%s@%s", a->table_id, a->table_version);
    else
        buf[0] = '\0';
}

static void write_csv(agree_run *r, const char *const *fields, size_t n, const med_agreement *a)
{
    char table[96];
    int ok = a->ours.status == MED_RESULT_OK;
    table_name(a, table, sizeof table);
    for (size_t i = 0; i < r->f.columns; i++) {
        csv_field(r->out, fields && i < n ? fields[i] : "");
        fputc(',', r->out);
    }
    const char *cells[] = {table, a->table_id ? med_method_string(a->ours.method) : "",
                           ok ? med_agree_text(r->agree, MED_TEXT_MME) : "",
                           med_result_status_string(a->ours.status), a->difference,
                           a->agrees ? "yes" : "no", a->agrees ? "" : med_cause_string(a->cause),
                           a->explanation, med_agree_text(r->agree, MED_TEXT_MESSAGE),
                           a->changes_decision ? "yes" : "no", a->thresholds_crossed};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        csv_field(r->out, cells[i]);
        fputc(i + 1 < sizeof cells / sizeof *cells ? ',' : '\n', r->out);
    }
}

static void write_json(agree_run *r, const char *const *fields, size_t n, long line,
                       const med_agreement *a)
{
    char table[96];
    int ok = a->ours.status == MED_RESULT_OK;
    table_name(a, table, sizeof table);
    fputc('{', r->out);
    for (size_t i = 0; i < r->f.columns; i++) {
        json_string(r->out, r->f.header[i]);
        fputc(':', r->out);
        json_string(r->out, fields && i < n ? fields[i] : "");
        fputc(',', r->out);
    }
    fprintf(r->out, "\"line\":%ld,\"table\":", line);
    json_string(r->out, table);
    fputs(",\"method\":", r->out);
    json_string(r->out, med_method_string(a->ours.method));
    fprintf(r->out, ",\"our_mme\":%s,\"our_status\":",
            ok ? med_agree_text(r->agree, MED_TEXT_MME) : "null");
    json_string(r->out, med_result_status_string(a->ours.status));
    fprintf(r->out, ",\"difference\":%s,\"agree\":%s,\"cause\":",
            a->difference[0] ? a->difference + (a->difference[0] == '+') : "null",
            a->agrees ? "true" : "false");
    if (a->agrees)
        fputs("null", r->out);
    else
        json_string(r->out, med_cause_string(a->cause));
    fputs(",\"explanation\":", r->out);
    json_string(r->out, a->explanation);
    fputs(",\"message\":", r->out);
    json_string(r->out, med_agree_text(r->agree, MED_TEXT_MESSAGE));
    fprintf(r->out, ",\"changes_decision\":%s,\"thresholds_crossed\":[",
            a->changes_decision ? "true" : "false");
    for (size_t i = 0; i < a->crossed_count; i++) {
        fprintf(r->out, "%s{\"mme\":%s,\"comparator\":", i ? "," : "", a->crossed[i]->mme_text);
        json_string(r->out, med_comparator_string(a->crossed[i]->comparator));
        fputs(",\"level\":", r->out);
        json_string(r->out, a->crossed[i]->level);
        fputc('}', r->out);
    }
    fputs("]}\n", r->out);
}

/* Text: one line per disagreement, located; the summary follows on standard output. */
static void write_text(agree_run *r, long line, const med_agreement *a)
{
    char table[96];
    if (a->agrees)
        return;
    table_name(a, table, sizeof table);
    fprintf(r->out, "%s:%ld: %s%s%sours %s (%s %s), reported %s: %s: %s%s%s\n", r->f.name, line,
            a->site[0] ? "site " : "", a->site, a->site[0] ? ": " : "",
            a->ours.status == MED_RESULT_OK ? med_agree_text(r->agree, MED_TEXT_MME)
                                            : med_result_status_string(a->ours.status),
            table[0] ? table : "no table", med_method_string(a->ours.method),
            a->reported[0] ? a->reported : "nothing", med_cause_string(a->cause),
            a->explanation, a->changes_decision ? "; changes a decision: crosses " : "",
            a->thresholds_crossed);
}

static void write_row(agree_run *r, const char *const *fields, size_t n, long line,
                      const med_agreement *a)
{
    if (r->format == FORMAT_JSON)
        write_json(r, fields, n, line, a);
    else if (r->format == FORMAT_CSV)
        write_csv(r, fields, n, a);
    else
        write_text(r, line, a);
}

static void summary_line(FILE *out, const med_agree_site *s, const char *name)
{
    char cause[48] = "-";
    if (s->common_cause != MED_CAUSE_NONE)
        snprintf(cause, sizeof cause, "%s (%zu)", med_cause_string(s->common_cause),
                 s->common_cause_rows);
    fprintf(out, "  %-20s %8zu %10zu %8zu %7s%%  %s\n", name, s->rows, s->decision_changes,
            s->agree, s->rate, cause);
}

/* Per site, then all rows: rows, rows that change a decision (first: they matter most),
 * agreeing rows, agreement rate, most common cause. */
static void summary(agree_run *r, FILE *out)
{
    const med_agree_site *s;
    size_t n = med_agree_site_count(r->agree);
    char lists[NDC_LISTS_TEXT];
    ndc_lists consulted = ndc_lists_of(NULL, r->agree);
    ndc_lists_text(&consulted, "; ndc lists ", lists, sizeof lists);
    fprintf(out, "agreement with %s (tolerance %g MME/day or %g%%)%s:\n  %-20s %8s %10s %8s %8s  %s\n",
            r->table ? r->reference : "each row's table", r->tol.absolute,
            r->tol.relative * 100.0, lists, "site", "rows", "decisions", "agree", "rate",
            "most common cause");
    for (size_t i = 0; i < n && n > 1; i++)
        if ((s = med_agree_get_site(r->agree, i)) != NULL)
            summary_line(out, s, s->site[0] ? s->site : "(no site)");
    if ((s = med_agree_get_total(r->agree)) != NULL)
        summary_line(out, s, "all");
}

static int process(agree_run *r, int *all_agree)
{
    for (;;) {
        const char *const *fields;
        size_t n;
        long line;
        med_error e;
        const med_agreement *a = NULL;
        int got = csv_file_next(&r->f, &fields, &n, &line, &e);
        if (got <= 0)
            return got;
        med_status s = fields == NULL ? med_agree_record_error_checked(r->agree, &e, &a)
                                      : med_agree_row(r->agree, fields, n, line, &a);
        if (s != MED_OK) { /* a record the reader refused has its line in its error */
            cli_error("%s:%ld: %s", r->f.name, fields ? line : e.line, med_status_string(s));
            return -1;
        }
        if (a == NULL) {
            cli_error("%s:%ld: internal error", r->f.name, line);
            return -1;
        }
        *all_agree &= a->agrees;
        if (!r->o->sites)
            write_row(r, fields, n, line, a);
        else if (qa_note(&r->qa, &r->f, fields, n, line, a, r->agree) != 0)
            return -1;
    }
}

/* ---- -j N ---------------------------------------------------------------------------------- */

/* The checkers pieces are counted with: one per piece until its counts are merged, then
 * cleared and handed to the next piece. */
typedef struct checkers {
    const agree_run *run;
    pthread_mutex_t lock;
    med_agree **idle;
    size_t count, cap;
    int *all_agree;
    int merge_failed;
} checkers;

typedef struct agree_worker {
    agree_run r;    /* a copy of the run's, with this piece's checker, reader and stream */
    outbuf *target; /* where r.out writes: the piece being worked on */
    checkers *pool;
} agree_worker;

/* A piece's result: the checker that counted its rows. */
typedef struct piece_counts {
    med_agree *counted;
    int all_agree;
} piece_counts;

/* An idle checker, or a new one made like the run's (its list conflicts were reported). */
static med_agree *take_checker(checkers *p)
{
    const agree_run *r = p->run;
    med_agree *a = NULL;
    med_error e;
    memset(&e, 0, sizeof e);
    pthread_mutex_lock(&p->lock);
    if (p->count > 0)
        a = p->idle[--p->count];
    pthread_mutex_unlock(&p->lock);
    if (a)
        return a;
    if (med_agree_new(r->table, r->o->method, &r->tol, &a, &e) != MED_OK ||
        med_agree_header(a, (const char *const *)r->f.header, r->f.columns, &e) != MED_OK ||
        ndc_site_add(r->o, r->f.name, NULL, a, &r->site_list, 0) != 0) {
        cli_error("%s: cannot make a checker for a thread%s%s", r->f.name,
                  e.message[0] ? ": " : "", e.message);
        med_agree_free(a);
        return NULL;
    }
    return a;
}

static void give_back(checkers *p, med_agree *a)
{
    med_agree_clear(a);
    pthread_mutex_lock(&p->lock);
    med_agree **idle = cli_room_for_one(p->idle, p->count, &p->cap, sizeof *idle, 8);
    if (idle != NULL) {
        p->idle = idle;
        p->idle[p->count++] = a;
        a = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    med_agree_free(a); /* no room to keep it */
}

static int work_piece(void *context, chunk *c)
{
    agree_worker *w = context;
    piece_counts *pc = c->result;
    csv_file piece;
    pc->all_agree = 1;
    if ((pc->counted = take_checker(w->pool)) == NULL ||
        csv_file_piece(&piece, &w->pool->run->f, c) != 0)
        return -1;
    w->target = c->out;
    w->r.f = piece;
    w->r.agree = pc->counted;
    int rc = process(&w->r, &pc->all_agree);
    fflush(w->r.out);
    csv_file_close_piece(&w->r.f);
    return rc;
}

/* In input order, one piece at a time, after the piece's rows are written. */
static void merge_piece(void *context, const chunk *c)
{
    checkers *p = context;
    piece_counts *pc = c->result;
    med_error e;
    *p->all_agree &= pc->all_agree;
    if (pc->counted == NULL)
        return;
    if (!p->merge_failed && med_agree_merge(p->run->agree, pc->counted, &e) != MED_OK) {
        cli_error("%s: %s (use -j 1)", p->run->f.name, e.message);
        p->merge_failed = 1;
    }
    give_back(p, pc->counted);
    pc->counted = NULL;
}

static void release_piece(void *result)
{
    piece_counts *pc = result;
    med_agree_free(pc->counted);
    pc->counted = NULL;
}

static int run_pieces(agree_run *r, agree_worker *w, int threads, outbuf *ob, int *all_agree)
{
    void *ctx[CLI_MAX_THREADS];
    checkers *pool = w[0].pool;
    chunk_job job;
    memset(&job, 0, sizeof job);
    if (csv_file_job(&r->f, &job) != 0)
        return process(r, all_agree); /* where the data begins is not known: one reader */
    for (int i = 0; i < threads; i++) {
        w[i].r = *r;
        memset(&w[i].r.qa, 0, sizeof w[i].r.qa);
        if ((w[i].r.out = outbuf_stream(&w[i].target)) == NULL) {
            cli_error("out of memory");
            return -1;
        }
        ctx[i] = &w[i];
    }
    job.threads = threads;
    job.workers = ctx;
    job.work = work_piece;
    job.merge = merge_piece;
    job.context = pool;
    job.result_size = sizeof(piece_counts);
    job.out = ob;
    job.release = release_piece;
    int failed = chunks_run(&job);
    /* a failed write is reported when the stream is closed, with this write's reason */
    r->write_errno = outbuf_flush(ob);
    return failed || pool->merge_failed ? -1 : 0;
}

/* -j N: the records after the header go to the threads in pieces (written after the header
 * and before the summary, through an outbuf into the run's stream). */
static int threaded(agree_run *r, int threads, int *all_agree)
{
    checkers pool = {r, PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, all_agree, 0};
    agree_worker *w = calloc((size_t)threads, sizeof *w);
    outbuf *ob = malloc(sizeof *ob);
    int failed = -1;
    if (w == NULL || ob == NULL) {
        cli_error("out of memory");
    } else {
        outbuf_init_file(ob, r->out);
        for (int i = 0; i < threads; i++)
            w[i].pool = &pool;
        failed = run_pieces(r, w, threads, ob, all_agree);
    }
    for (int i = 0; w && i < threads; i++)
        if (w[i].r.out)
            fclose(w[i].r.out);
    for (size_t i = 0; i < pool.count; i++)
        med_agree_free(pool.idle[i]);
    free(pool.idle);
    pthread_mutex_destroy(&pool.lock);
    free(ob);
    free(w);
    return failed;
}

static int setup(agree_run *r)
{
    med_error e;
    if ((r->o->table || r->o->fallback) && (r->table = cli_load_table(r->o)) == NULL)
        return -1;
    if (r->table && r->o->fallback)
        snprintf(r->reference, sizeof r->reference, "%s falling back to %s",
                 r->o->table ? r->o->table : med_default_table_id(), r->o->fallback);
    else if (r->table)
        snprintf(r->reference, sizeof r->reference, "%s", r->o->table);
    if (med_agree_new(r->table, r->o->method, &r->tol, &r->agree, &e) != MED_OK ||
        (r->o->sites && med_agree_keep_fingerprints(r->agree, &e) != MED_OK)) {
        cli_error_at(&e);
        return -1;
    }
    const char *path = r->o->nargs ? r->o->args[0] : "-";
    if ((r->threads > 1 ? csv_file_open_kept(&r->f, path) : csv_file_open(&r->f, path)) != 0)
        return -1;
    if (med_agree_header(r->agree, (const char *const *)r->f.header, r->f.columns, &e) !=
        MED_OK) {
        snprintf(e.source, sizeof e.source, "%s", r->f.name);
        cli_error_at(&e);
        return -1;
    }
    if (ndc_site_load(r->o, &r->site_list) != 0)
        return -1;
    return ndc_site_add(r->o, r->f.name, NULL, r->agree, &r->site_list, 1);
}

static int run(agree_run *r)
{
    med_error e;
    int all_agree = 1;
    if (r->o->nargs > 1) {
        cli_error("agree takes one input file (or - for standard input), not %d", r->o->nargs);
        return EXIT_USAGE;
    }
    if (r->o->sites && r->format == FORMAT_CSV) {
        cli_error("agree --sites writes text, json or html, not csv");
        return EXIT_USAGE;
    }
    if (r->o->tolerance && med_tolerance_parse(r->o->tolerance, &r->tol, &e) != MED_OK) {
        cli_error("--tolerance: %s", e.message);
        return EXIT_USAGE;
    }
    if (setup(r) != 0 || (r->out = cli_open_output(r->o)) == NULL)
        return EXIT_INPUT;
    write_header(r);
    int failed = r->threads > 1 ? threaded(r, r->threads, &all_agree) : process(r, &all_agree);
    int sites_rc = EXIT_OK;
    /* A run that stopped (out of memory, a read error) has counts short of its rows: no
     * summary of them, and nothing on standard output but the rows already written. */
    if (r->o->sites && !failed) {
        qa_context c = {r->f.name, r->table ? r->reference : NULL, r->tol};
        sites_rc = qa_write(&r->qa, r->out, r->format, r->agree, &c);
    } else if (r->format == FORMAT_TEXT && !failed)
        summary(r, r->out);
    int rc = cli_close_output_after(r->out, r->o, r->write_errno);
    if ((r->format != FORMAT_TEXT || r->o->sites) && !r->o->quiet && !failed)
        summary(r, stderr);
    if (sites_rc != EXIT_OK)
        return sites_rc;
    if (rc != EXIT_OK)
        return rc;
    if (failed)
        return EXIT_INPUT;
    return all_agree ? EXIT_OK : EXIT_ROWS;
}

int cmd_agree(const options *o)
{
    agree_run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    r.format = o->format_given ? o->format : o->sites ? FORMAT_TEXT : FORMAT_CSV;
    r.tol = (med_tolerance)MED_TOLERANCE_INIT;
    r.threads = o->sites ? 1 : cli_threads(o);
    int rc = run(&r);
    csv_file_close(&r.f);
    qa_free(&r.qa);
    med_agree_free(r.agree);
    ndc_site_free(&r.site_list); /* after the checker that borrowed it */
    med_table_free(r.table);
    return rc;
}
