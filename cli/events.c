/* --events FILE: care events (patient_id, date, event[, detail]) read once, checked against the
 * rules (a bad row is reported with its line and reason, and counted), sorted by patient, and
 * handed to each patient as it is summarised. */
#include <stdlib.h>
#include <string.h>

#include "csvfile.h"
#include "events.h"

typedef struct event_row {
    char *id;          /* id, date and event, each NUL-terminated, one after another */
    const char *date, *event;
    long line;
} event_row;

struct events {
    event_row *rows;
    size_t count, capacity;
    unsigned char *used;     /* per row: its patient was in the claims */
    char latest[11];         /* the latest date of a usable row */
};

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
    if (ev->count == ev->capacity) {
        size_t cap = ev->capacity ? 2 * ev->capacity : 1024;
        event_row *rows = realloc(ev->rows, cap * sizeof *rows);
        if (rows == NULL)
            return -1;
        ev->rows = rows;
        ev->capacity = cap;
    }
    char *blob = malloc(a + b + c);
    if (blob == NULL)
        return -1;
    memcpy(blob, id, a);
    memcpy(blob + a, date, b);
    memcpy(blob + a + b, event, c);
    ev->rows[ev->count++] = (event_row){blob, blob + a, blob + a + b, line};
    if (strcmp(date, ev->latest) > 0)
        memcpy(ev->latest, date, 11);
    return 0;
}

static int by_patient(const void *a, const void *b)
{
    const event_row *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* One record: kept, or reported with its line and reason and counted. */
static int take(events *ev, patient_run *run, const char *name, const char *const *fields,
                size_t n, long line, const int *col)
{
    char why[256];
    const char *id = (size_t)col[0] < n ? fields[col[0]] : "";
    const char *date = (size_t)col[1] < n ? fields[col[1]] : "";
    const char *event = (size_t)col[2] < n ? fields[col[2]] : "";
    if (id[0] == '\0' || strlen(id) > 255)
        snprintf(why, sizeof why, "%s", id[0] ? "patient_id longer than 255 bytes"
                                              : "no patient_id");
    else if (med_rules_check_event(run->rules, date, event, NULL, why) == MED_OK)
        return keep(ev, id, date, event, line);
    run->events_rejected++;
    if (!run->o->quiet)
        fprintf(stderr, "medcalc: %s:%ld: event not used: %s\n", name, line, why);
    return 0;
}

static int read_rows(events *ev, patient_run *run, csv_file *f)
{
    const char *const *fields;
    size_t n;
    long line;
    med_error e;
    int col[3] = {column(f, "patient_id"), column(f, "date"), column(f, "event")}, got;
    if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
        cli_error("%s: the header lacks patient_id, date or event (an events file has "
                  "patient_id, date, event and optionally detail)", f->name);
        return -1;
    }
    while ((got = csv_file_next(f, &fields, &n, &line, &e)) > 0) {
        run->events_rows++;
        if (fields == NULL) {
            run->events_rejected++;
            fprintf(stderr, "medcalc: %s:%ld: event not used: %s\n", f->name, (long)e.line, e.message);
            continue;
        }
        if (take(ev, run, f->name, fields, n, line, col) != 0) {
            cli_error("out of memory reading %s", f->name);
            return -1;
        }
    }
    return got;
}

events *events_load(patient_run *run, const char *path)
{
    csv_file f;
    events *ev = calloc(1, sizeof *ev);
    if (ev == NULL || csv_file_open(&f, path) != 0) {
        free(ev);
        return NULL;
    }
    int rc = read_rows(ev, run, &f);
    csv_file_close(&f);
    if (rc == 0 && ev->count > 1)
        qsort(ev->rows, ev->count, sizeof *ev->rows, by_patient);
    if (rc == 0 && (ev->used = calloc(ev->count ? ev->count : 1, 1)) == NULL)
        rc = -1;
    if (rc != 0) {
        events_free(ev);
        return NULL;
    }
    return ev;
}

const char *events_latest(const events *ev)
{
    return ev->latest;
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
    for (size_t i = first_of(ev, id); i < ev->count && strcmp(ev->rows[i].id, id) == 0; i++) {
        med_status s = med_patient_add_event(p, ev->rows[i].date, ev->rows[i].event, why);
        if (s == MED_ERR_NOMEM)
            return -1;
        ev->used[i] = 1; /* one thread per patient: rows of other patients are other bytes */
    }
    return 0;
}

long events_unmatched(const events *ev)
{
    long n = 0;
    for (size_t i = 0; i < ev->count; i++)
        n += !ev->used[i];
    return n;
}

void events_free(events *ev)
{
    if (ev == NULL)
        return;
    for (size_t i = 0; i < ev->count; i++)
        free(ev->rows[i].id);
    free(ev->rows);
    free(ev->used);
    free(ev);
}
