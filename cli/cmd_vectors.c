/* medcalc vectors [--table T] [--method M]: the conformance vectors of a table (every embedded
 * table when none is named) as CSV, each with the value we expect (med_vectors). The file is
 * what `medcalc agree` reads: expected_mme stands where a reported value would. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

/* Every vector of one table, with its expected result. */
static int write_table(FILE *out, const med_table *t, med_method method)
{
    med_vector_list *list = NULL;
    const med_table_info *info = med_table_get_info(t);
    char name[96];
    snprintf(name, sizeof name, "%s@%s", info->id, info->version);
    if (med_vectors_new(t, method, &list) != MED_OK) {
        cli_error("%s: cannot build the vectors", name);
        return -1;
    }
    size_t n = med_vectors_count(list);
    for (size_t i = 0; i < n; i++) {
        const med_vector *v = med_vectors_get(list, i);
        med_result x = MED_RESULT_INIT;
        if (v == NULL || med_compute(t, &v->input, v->method, &x) != MED_OK) {
            cli_error("%s: vector %s cannot be computed", name, v ? v->name : "?");
            med_vectors_free(list);
            return -1;
        }
        write_vector(out, name, t, v, &x);
    }
    med_vectors_free(list);
    return 0;
}

static int write_all(const options *o, FILE *out)
{
    if (o->table) {
        med_table *t = cli_load_table(o);
        int rc = t ? write_table(out, t, o->method) : -1;
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
        int rc = write_table(out, t, o->method);
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
