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

/* A med_read_fn that keeps a copy of what it reads while the header is read. */
static size_t keep_read(void *context, char *buf, size_t capacity, int *failed)
{
    csv_file *f = context;
    size_t n = cli_read_file(f->in, buf, capacity, failed);
    if (f->keep == 1 && f->kept_len + n > f->kept_cap) {
        size_t cap = f->kept_cap ? f->kept_cap : 1 << 16;
        while (cap < f->kept_len + n)
            cap *= 2;
        char *kept = realloc(f->kept, cap);
        if (kept == NULL)
            f->keep = -1;
        else
            f->kept = kept, f->kept_cap = cap;
    }
    if (f->keep == 1 && n > 0) {
        memcpy(f->kept + f->kept_len, buf, n);
        f->kept_len += n;
    }
    return n;
}

static int open_file(csv_file *f, const char *path, int keep)
{
    memset(f, 0, sizeof *f);
    f->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    f->in = cli_open_input(path);
    if (f->in == NULL) {
        cli_error("cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    f->keep = keep;
    if ((keep ? med_csv_new(keep_read, f, f->name, &f->csv)
              : med_csv_new(cli_read_file, f->in, f->name, &f->csv)) != MED_OK) {
        cli_error("out of memory");
        return -1;
    }
    int rc = read_header(f);
    if (f->keep == 1)
        f->keep = 0; /* the rest is read by the pieces' readers, or by this one uncopied */
    return rc;
}

int csv_file_open(csv_file *f, const char *path)
{
    return open_file(f, path, 0);
}

int csv_file_open_kept(csv_file *f, const char *path)
{
    return open_file(f, path, 1);
}

int csv_file_job(const csv_file *f, chunk_job *job)
{
    unsigned long long offset;
    long line;
    if (f->keep < 0 || med_csv_position(f->csv, &offset, &line) != MED_OK ||
        offset > f->kept_len)
        return -1;
    job->in = f->in;
    job->name = f->name;
    job->start = f->kept ? f->kept + offset : ""; /* nothing read but a header */
    job->start_len = f->kept_len - (size_t)offset;
    job->first_line = line;
    return 0;
}

int csv_file_piece(csv_file *piece, const csv_file *whole, chunk *c)
{
    memset(piece, 0, sizeof *piece);
    piece->name = whole->name;
    piece->header = whole->header;
    piece->columns = whole->columns;
    if (med_csv_new_at(chunk_read, c, whole->name, c->first_line, &piece->csv) != MED_OK) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

void csv_file_close_piece(csv_file *piece)
{
    med_csv_free(piece->csv);
    memset(piece, 0, sizeof *piece);
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
    free(f->kept);
    if (f->in && f->in != stdin)
        fclose(f->in);
    memset(f, 0, sizeof *f);
}
