/* --events FILE: care events (patient_id, date, event[, detail]). The file is read first from end
 * to end, keeping nothing but a few positions: every bad row is reported with its line and
 * reason and counted, the latest date found (the default as-of day may be it), and whether the
 * patient ids never decrease. Then, when the claims are streamed (sorted by patient_id) and the
 * events are in the same order, each reader walks the file alongside its patients (events
 * _stream.c), so memory stays bounded by the largest patient; otherwise the usable rows are read
 * into memory, sorted by patient, and looked up for each patient, as the claims are then. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvfile.h"
#include "events_private.h"

static int column(const csv_file *f, const char *name)
{
    for (size_t i = 0; i < f->columns; i++)
        if (strcmp(f->header[i], name) == 0)
            return (int)i;
    return -1;
}

static int keep(events *ev, const char *id, const char *date, const char *event, long line)
{
    size_t a = strlen(id) + 1, b = strlen(date) + 1, c = strlen(event) + 1;
    event_row *rows = cli_room_for_one(ev->rows, ev->count, &ev->capacity, sizeof *rows, 1024);
    if (rows == NULL)
        return -1;
    ev->rows = rows;
    char *blob = malloc(a + b + c);
    if (blob == NULL)
        return -1;
    memcpy(blob, id, a);
    memcpy(blob + a, date, b);
    memcpy(blob + a + b, event, c);
    ev->rows[ev->count++] = (event_row){blob, blob + a, blob + a + b, line};
    return 0;
}

static int by_patient(const void *a, const void *b)
{
    const event_row *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Where a reader may start to find patient `id` and later ones: every ~256 KiB, the first row
 * of a patient. Kept while the ids never decrease (a few hundred for a file of 100 MB). */
static int mark(events *ev, const char *id, unsigned long long offset, long line)
{
    if (ev->mark_count && offset < ev->marks[ev->mark_count - 1].offset + (1u << 18))
        return 0;
    event_mark *m = cli_room_for_one(ev->marks, ev->mark_count, &ev->mark_capacity, sizeof *m, 64);
    if (m == NULL)
        return -1;
    ev->marks = m;
    char *copy = strdup(id);
    if (copy == NULL)
        return -1;
    ev->marks[ev->mark_count++] = (event_mark){copy, offset, line};
    return 0;
}

/* A usable row, in the first reading: the latest date, the order, a mark; kept when reading
 * into memory (`at`: where the row starts, or NULL when that is not known). */
static int usable(events *ev, const char *id, const char *date, const char *event, long line,
                  const unsigned long long *at, long at_line)
{
    ev->usable++;
    if (strcmp(date, ev->latest) > 0)
        memcpy(ev->latest, date, 11);
    int change = strcmp(id, ev->last);
    if (change < 0)
        ev->sorted = 0;
    if (change != 0)
        events_copy_id(ev->last, id);
    if (ev->sorted && !ev->keep && change > 0 && at && mark(ev, id, *at, at_line) != 0)
        return -1;
    return ev->keep ? keep(ev, id, date, event, line) : 0;
}

/* One record: usable, or reported with its line and reason and counted. */
static int take(events *ev, patient_run *run, const char *name, const char *const *fields,
                size_t n, long line, const unsigned long long *at, long at_line)
{
    char why[256];
    const char *id, *date, *event;
    if (events_row_ok(ev, fields, n, &id, &date, &event, why))
        return usable(ev, id, date, event, line, at, at_line);
    run->events_rejected++;
    if (!run->o->quiet)
        fprintf(stderr, "medcalc: %s:%ld: event not used: %s\n", name, line, why);
    return 0;
}

void events_copy_id(char to[256], const char *id)
{
    size_t n = strnlen(id, 255);
    memcpy(to, id, n);
    to[n] = '\0';
}

int events_row_ok(const events *ev, const char *const *fields, size_t n, const char **id,
                  const char **date, const char **event, char *why)
{
    *id = (size_t)ev->col[0] < n ? fields[ev->col[0]] : "";
    *date = (size_t)ev->col[1] < n ? fields[ev->col[1]] : "";
    *event = (size_t)ev->col[2] < n ? fields[ev->col[2]] : "";
    if ((*id)[0] == '\0' || strlen(*id) > 255) {
        snprintf(why, 256, "%s", (*id)[0] ? "patient_id longer than 255 bytes" : "no patient_id");
        return 0;
    }
    return med_rules_check_event(ev->rules, *date, *event, NULL, why) == MED_OK;
}

static int read_rows(events *ev, patient_run *run, csv_file *f)
{
    const char *const *fields;
    size_t n;
    long line, at_line;
    unsigned long long at;
    med_error e;
    int got;
    ev->col[0] = column(f, "patient_id");
    ev->col[1] = column(f, "date");
    ev->col[2] = column(f, "event");
    if (ev->col[0] < 0 || ev->col[1] < 0 || ev->col[2] < 0) {
        cli_error("%s: the header lacks patient_id, date or event (an events file has "
                  "patient_id, date, event and optionally detail)", f->name);
        return -1;
    }
    ev->seekable = !ev->keep &&
                   med_csv_position(f->csv, &ev->data_offset, &ev->data_line) == MED_OK;
    for (;;) {
        int known = med_csv_position(f->csv, &at, &at_line) == MED_OK;
        if ((got = csv_file_next(f, &fields, &n, &line, &e)) <= 0)
            break;
        run->events_rows++;
        if (fields == NULL) {
            run->events_rejected++;
            fprintf(stderr, "medcalc: %s:%ld: event not used: %s\n", f->name, (long)e.line,
                    e.message);
            continue;
        }
        if (take(ev, run, f->name, fields, n, line, known ? &at : NULL, at_line) != 0) {
            cli_error("out of memory reading %s", f->name);
            return -1;
        }
    }
    return got;
}

static void drop_marks(events *ev)
{
    for (size_t i = 0; i < ev->mark_count; i++)
        free(ev->marks[i].id);
    free(ev->marks);
    ev->marks = NULL;
    ev->mark_count = ev->mark_capacity = 0;
}

events *events_load(patient_run *run, const char *path)
{
    csv_file f;
    events *ev = calloc(1, sizeof *ev);
    if (ev == NULL)
        cli_error("out of memory");
    if (ev == NULL || csv_file_open(&f, path) != 0) {
        free(ev);
        return NULL;
    }
    ev->rules = run->rules;
    ev->sorted = 1;
    /* Read once, into memory, when it cannot be read again: standard input, a pipe. */
    ev->keep = f.in == stdin ? 1 : lseek(fileno(f.in), 0, SEEK_CUR) < 0 ? 2 : 0;
    int rc = (ev->path = strdup(path)) == NULL ? -1 : read_rows(ev, run, &f);
    if (ev->path == NULL)
        cli_error("out of memory");
    csv_file_close(&f);
    if (rc == 0 && !ev->sorted)
        drop_marks(ev);
    if (rc != 0) {
        events_free(ev);
        return NULL;
    }
    return ev;
}

/* The usable rows into memory, sorted by patient (their bad rows were reported already). */
static int read_into_memory(events *ev)
{
    csv_file f;
    const char *const *fields;
    size_t n;
    long line;
    med_error e;
    const char *id, *date, *event;
    char why[256];
    int got = -1;
    if (!ev->keep && csv_file_open(&f, ev->path) == 0) {
        while ((got = csv_file_next(&f, &fields, &n, &line, &e)) > 0)
            if (fields && events_row_ok(ev, fields, n, &id, &date, &event, why) &&
                keep(ev, id, date, event, line) != 0) {
                cli_error("out of memory reading %s", f.name);
                got = -1;
                break;
            }
        csv_file_close(&f);
    }
    return got;
}

int events_prepare(events *ev, int claims_grouped)
{
    ev->how = ev->keep == 1 ? "read into memory (standard input)"
              : ev->keep    ? "read into memory (a pipe: it cannot be read twice)"
              : !claims_grouped ? "read into memory (the claims are not sorted by patient_id)"
              : !ev->sorted     ? "read into memory (not in the claims' patient order)"
              : !ev->seekable   ? "read into memory (where the rows begin is not known)"
                                : "streamed (in the claims' patient order)";
    ev->streamed = !ev->keep && claims_grouped && ev->sorted && ev->seekable;
    if (ev->streamed)
        return 0;
    if (!ev->keep && read_into_memory(ev) != 0)
        return -1;
    drop_marks(ev);
    if (ev->count > 1)
        qsort(ev->rows, ev->count, sizeof *ev->rows, by_patient);
    if ((ev->used = calloc(ev->count ? ev->count : 1, 1)) == NULL) {
        cli_error("out of memory reading %s", ev->path);
        return -1;
    }
    return 0;
}

const char *events_latest(const events *ev)
{
    return ev->latest;
}

const char *events_how(const events *ev)
{
    return ev && ev->how ? ev->how : "";
}

/* The first row of `id`, or ev->count. */
static size_t first_of(const events *ev, const char *id)
{
    size_t lo = 0, hi = ev->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ev->rows[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int events_give(events *ev, med_patient *p, const char *id)
{
    char why[256];
    if (ev->streamed)
        return events_stream_give(ev, p, id);
    for (size_t i = first_of(ev, id); i < ev->count && strcmp(ev->rows[i].id, id) == 0; i++) {
        med_status s = med_patient_add_event(p, ev->rows[i].date, ev->rows[i].event, why);
        if (s == MED_ERR_NOMEM) {
            cli_error("patient %s: out of memory", id);
            return -1;
        }
        ev->used[i] = 1; /* one thread per patient: rows of other patients are other bytes */
    }
    return 0;
}

events *events_fork(events *ev)
{
    if (!ev->streamed)
        return ev;
    events *fork = calloc(1, sizeof *fork);
    if (fork == NULL) {
        cli_error("out of memory");
        return NULL;
    }
    fork->parent = ev;
    fork->streamed = 1;
    return fork;
}

void events_join(events *ev, events *fork)
{
    if (fork == NULL || fork == ev)
        return;
    ev->given += fork->given;
    events_free(fork);
}

long events_unmatched(const events *ev)
{
    if (ev->streamed || ev->used == NULL) /* each patient of the claims was given its rows once
                                           * (none, when the claims could not be read) */
        return ev->usable - ev->given;
    long n = 0;
    for (size_t i = 0; i < ev->count; i++)
        n += !ev->used[i];
    return n;
}

void events_free(events *ev)
{
    if (ev == NULL)
        return;
    events_stream_close(ev);
    for (size_t i = 0; i < ev->count; i++)
        free(ev->rows[i].id);
    free(ev->rows);
    free(ev->used);
    drop_marks(ev);
    free(ev->path);
    free(ev);
}
