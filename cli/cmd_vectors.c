/* medcalc vectors [--table T] [--method M]: the conformance vectors of a table (every embedded
 * table when none is named) as CSV, each with the value we expect (med_vectors). The file is
 * what `medcalc agree` reads: expected_mme stands where a reported value would. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char HEADER[] = "case,covers,table,method,drug,form,strength,unit,units_per_dose,"
                             "doses_per_day,every_hours,prn,quantity,days_supply,factor,"
                             "expected_mme\n";

static void write_vector(FILE *out, const char *table, const med_vector *v, const med_result *x)
{
    const med_input *in = &v->input;
    int ok = x->status == MED_RESULT_OK;
    const char *cells[] = {v->name, v->covers, table, med_method_string(v->method), in->drug,
                           in->form, in->strength, in->unit, in->units_per_dose,
                           in->doses_per_day, in->every_hours, in->prn ? "yes" : "",
                           in->quantity, in->days_supply, ok ? x->factor_applied : "",
                           ok ? x->mme_text : med_result_status_string(x->status)};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        csv_field(out, cells[i]);
        fputc(i + 1 < sizeof cells / sizeof *cells ? ',' : '\n', out);
    }
}

/* Every vector of one table, with its expected result. */
static int write_table(FILE *out, const med_table *t, med_method method)
{
    size_t n = 0;
    med_table_info info;
    char name[96];
    med_table_get_info(t, &info);
    snprintf(name, sizeof name, "%s@%s", info.id, info.version);
    if (med_vectors(t, method, NULL, 0, &n) != MED_OK && n == 0)
        return -1;
    med_vector *v = calloc(n ? n : 1, sizeof *v);
    if (v == NULL || med_vectors(t, method, v, n, &n) != MED_OK) {
        cli_error("%s: cannot build the vectors", name);
        free(v);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        med_result x;
        if (med_compute(t, &v[i].input, v[i].method, &x) != MED_OK) {
            cli_error("%s: vector %s cannot be computed", name, v[i].name);
            free(v);
            return -1;
        }
        write_vector(out, name, &v[i], &x);
    }
    free(v);
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
