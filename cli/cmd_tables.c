/* medcalc tables: the embedded tables with version, date, digest and source. */
#include <string.h>

#include "cli.h"

static void print_one(FILE *out, const options *o, const med_table_info *i, int first)
{
    if (o->format == FORMAT_JSON) {
        fputs(first ? "" : "\n", out);
        fputs("{\"id\":", out);
        json_string(out, i->id);
        fputs(",\"version\":", out);
        json_string(out, i->version);
        fputs(",\"effective\":", out);
        json_string(out, i->effective);
        fputs(",\"digest\":", out);
        json_string(out, i->digest);
        fputs(",\"title\":", out);
        json_string(out, i->title);
        fputs(",\"source\":", out);
        json_string(out, i->source);
        fputs("}", out);
    } else if (o->format == FORMAT_CSV) {
        const char *cells[] = {i->id, i->version, i->effective, i->digest, i->title, i->source};
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            if (c) fputc(',', out);
            csv_field(out, cells[c]);
        }
        fputc('\n', out);
    } else {
        fprintf(out, "%-14s %-4s %s  %.16s  %s\n%21s %s\n", i->id, i->version, i->effective,
                i->digest, i->title, "", i->source);
    }
}

/* medcalc tables check FILE...: validates a site's own table, every file reported. */
static int check_files(const options *o)
{
    int rc = EXIT_OK;
    if (o->nargs < 2) {
        cli_error("tables check needs one or more table files");
        return EXIT_USAGE;
    }
    for (int i = 1; i < o->nargs; i++) {
        med_table *t = NULL;
        med_error e;
        med_table_info info;
        if (med_table_load_file(o->args[i], &t, &e) != MED_OK) {
            cli_error_at(&e);
            rc = EXIT_INPUT;
            continue;
        }
        med_table_get_info(t, &info);
        printf("%s: ok: %s@%s sha256:%s\n", o->args[i], info.id, info.version, info.digest);
        med_table_free(t);
    }
    return rc;
}

int cmd_tables(const options *o)
{
    if (o->nargs > 0 && strcmp(o->args[0], "check") == 0)
        return check_files(o);
    if (o->nargs > 0) {
        cli_error("unknown tables command '%s': expected 'tables' or 'tables check FILE...'",
                  o->args[0]);
        return EXIT_USAGE;
    }
    FILE *out = cli_open_output(o);
    if (out == NULL)
        return EXIT_INPUT;
    if (o->format == FORMAT_CSV)
        fputs("id,version,effective,digest,title,source\n", out);
    int first = 1, rc = EXIT_OK;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        med_table *t = NULL;
        med_error e;
        med_table_info info;
        if (med_table_load_embedded(*id, &t, &e) != MED_OK) {
            cli_error_at(&e);
            rc = EXIT_INPUT;
            continue;
        }
        med_table_get_info(t, &info);
        print_one(out, o, &info, first);
        first = 0;
        med_table_free(t);
    }
    if (o->format == FORMAT_JSON && !first)
        fputc('\n', out);
    int wrc = cli_close_output(out, o);
    return wrc != EXIT_OK ? wrc : rc;
}
