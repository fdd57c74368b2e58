/* medcalc vectors [--table T] [--method M]: the conformance vectors of a table (every embedded
 * table when none is named) as CSV, each with the value we expect (med_vectors). The file is
 * what `medcalc agree` reads: expected_mme stands where a reported value would. With -j N each
 * table's vectors are computed in N consecutive runs, one per thread, written in order. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outbuf.h"

static const char HEADER[] = "case,covers,table,method,drug,form,strength,unit,units_per_dose,"
                             "doses_per_day,every_hours,prn,quantity,days_supply,factor,"
                             "expected_mme\n";

static void write_vector(FILE *out, const char *table, const med_table *t, const med_vector *v,
                         const med_result *x)
{
    const med_input *in = &v->input;
    int ok = x->status == MED_RESULT_OK;
    char factor[64] = "", mme[64] = "";
    if (ok) {
        med_compute_text(t, in, v->method, MED_TEXT_FACTOR_APPLIED, factor, sizeof factor);
        med_compute_text(t, in, v->method, MED_TEXT_MME, mme, sizeof mme);
    }
    const char *cells[] = {v->name, v->covers, table, med_method_string(v->method), in->drug,
                           in->form, in->strength, in->unit, in->units_per_dose,
                           in->doses_per_day, in->every_hours, in->prn ? "yes" : "",
                           in->quantity, in->days_supply, ok ? factor : "",
                           ok ? mme : med_result_status_string(x->status)};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        csv_field(out, cells[i]);
        fputc(i + 1 < sizeof cells / sizeof *cells ? ',' : '\n', out);
    }
}

/* A run of one table's vectors, [from, to), computed by one thread into memory. */
typedef struct vector_run {
    const med_table *table;
    const med_vector_list *list;
    const char *name;
    size_t from, to;
    size_t failed_at;  /* the first vector that cannot be computed, or `to` */
    outbuf *target;    /* where out writes */
    FILE *out;
} vector_run;

static void *write_run(void *arg)
{
    vector_run *v = arg;
    v->failed_at = v->to;
    for (size_t i = v->from; i < v->to; i++) {
        const med_vector *x = med_vectors_get(v->list, i);
        med_result res = MED_RESULT_INIT;
        if (x == NULL || med_compute(v->table, &x->input, x->method, &res) != MED_OK) {
            v->failed_at = i;
            break;
        }
        write_vector(v->out, v->name, v->table, x, &res);
    }
    fflush(v->out);
    return NULL;
}

/* -1 (reported) when a vector of the run could not be computed. */
static int run_failed(const vector_run *v)
{
    if (v->failed_at == v->to)
        return 0;
    const med_vector *x = med_vectors_get(v->list, v->failed_at);
    cli_error("%s: vector %s cannot be computed", v->name, x ? x->name : "?");
    return -1;
}

/* The vectors in `threads` consecutive runs, each on its own thread into memory; written in
 * order up to the first that cannot be computed. */
static int write_runs(FILE *out, vector_run *runs, int threads)
{
    pthread_t id[CLI_MAX_THREADS];
    int started[CLI_MAX_THREADS];
    for (int k = 0; k < threads; k++)
        started[k] = pthread_create(&id[k], NULL, write_run, &runs[k]) == 0;
    for (int k = 0; k < threads; k++)
        if (started[k])
            pthread_join(id[k], NULL);
        else
            write_run(&runs[k]); /* no thread: here */
    for (int k = 0; k < threads; k++) {
        if (outbuf_flush(runs[k].target) != 0) {
            cli_error("out of memory");
            return -1;
        }
        fwrite(runs[k].target->mem, 1, runs[k].target->mem_len, out);
        if (run_failed(&runs[k]) != 0)
            return -1;
    }
    return 0;
}

/* Every vector of one table in `threads` runs (see write_runs). */
static int write_threaded(FILE *out, const med_table *t, const med_vector_list *list,
                          const char *name, int threads)
{
    size_t n = med_vectors_count(list);
    vector_run *runs = calloc((size_t)threads, sizeof *runs);
    outbuf *bufs = calloc((size_t)threads, sizeof *bufs);
    int rc = -1;
    for (int k = 0; runs && bufs && k < threads; k++) {
        outbuf_init_memory(&bufs[k]);
        runs[k] = (vector_run){t, list, name, n * (size_t)k / (size_t)threads,
                               n * (size_t)(k + 1) / (size_t)threads, 0, &bufs[k], NULL};
        if ((runs[k].out = outbuf_stream(&runs[k].target)) == NULL)
            break;
        rc = k + 1 == threads ? 0 : -1;
    }
    if (rc == 0)
        rc = write_runs(out, runs, threads);
    else
        cli_error("out of memory");
    for (int k = 0; runs && bufs && k < threads; k++) {
        if (runs[k].out)
            fclose(runs[k].out);
        outbuf_release(&bufs[k]);
    }
    free(runs);
    free(bufs);
    return rc;
}

/* Every vector of one table, with its expected result. */
static int write_table(FILE *out, const med_table *t, med_method method, int threads)
{
    med_vector_list *list = NULL;
    const med_table_info *info = med_table_get_info(t);
    char name[96];
    snprintf(name, sizeof name, "%s@%s", info->id, info->version);
    med_status s = med_vectors_new(t, method, &list);
    if (s != MED_OK) { /* out of memory, in practice: say which */
        cli_error("%s: cannot build the vectors: %s", name, med_status_string(s));
        return -1;
    }
    vector_run all = {t, list, name, 0, med_vectors_count(list), 0, NULL, out};
    int rc = threads > 1 ? write_threaded(out, t, list, name, threads)
                         : (write_run(&all), run_failed(&all));
    med_vectors_free(list);
    return rc;
}

static int write_all(const options *o, FILE *out)
{
    if (o->table) {
        med_table *t = cli_load_table(o);
        int rc = t ? write_table(out, t, o->method, cli_threads(o)) : -1;
        med_table_free(t);
        return rc;
    }
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        med_table *t = NULL;
        med_error e;
        if (med_table_load_embedded(*id, &t, &e) != MED_OK) {
            cli_error_at(&e);
            return -1;
        }
        int rc = write_table(out, t, o->method, cli_threads(o));
        med_table_free(t);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int cmd_vectors(const options *o)
{
    if (o->nargs > 0) {
        cli_error("vectors takes no operands: name the table with --table, the method with "
                  "--method");
        return EXIT_USAGE;
    }
    if (o->format_given && o->format != FORMAT_CSV) {
        cli_error("vectors writes csv only");
        return EXIT_USAGE;
    }
    FILE *out = cli_open_output(o);
    if (out == NULL)
        return EXIT_INPUT;
    fputs(HEADER, out);
    int failed = write_all(o, out);
    int rc = cli_close_output(out, o);
    return rc != EXIT_OK ? rc : failed ? EXIT_INPUT : EXIT_OK;
}
