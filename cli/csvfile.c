/* Reading a CSV input file with its header (compare --batch, agree). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvfile.h"

static int read_header(csv_file *f)
{
    const char *const *fields;
    size_t n;
    long line;
    med_error e;
    if (med_csv_next(f->csv, &fields, &n, &line, &e) != MED_OK) {
        cli_error_at(&e);
        return -1;
    }
    if (fields == NULL) {
        cli_error("%s: empty input: expected a header row", f->name);
        return -1;
    }
    if ((f->header = calloc(n, sizeof *f->header)) == NULL) {
        cli_error("out of memory");
        return -1;
    }
    f->columns = n;
    for (size_t i = 0; i < n; i++)
        if ((f->header[i] = strdup(fields[i])) == NULL) {
            cli_error("out of memory");
            return -1;
        }
    return 0;
}

int csv_file_open(csv_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    f->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    f->in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f->in == NULL) {
        cli_error("cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    if (med_csv_new(cli_read_file, f->in, f->name, &f->csv) != MED_OK) {
        cli_error("out of memory");
        return -1;
    }
    return read_header(f);
}

int csv_file_next(csv_file *f, const char *const **fields, size_t *count, long *line,
                  med_error *error)
{
    med_status s = med_csv_next(f->csv, fields, count, line, error);
    if (s == MED_ERR_IO || s == MED_ERR_NOMEM) {
        cli_error_at(error);
        return -1;
    }
    if (s != MED_OK) {
        *fields = NULL;
        *count = 0;
        *line = error->line;
        return 1;
    }
    return *fields != NULL;
}

void csv_file_close(csv_file *f)
{
    med_csv_free(f->csv);
    for (size_t i = 0; f->header && i < f->columns; i++)
        free(f->header[i]);
    free(f->header);
    if (f->in && f->in != stdin)
        fclose(f->in);
    memset(f, 0, sizeof *f);
}
