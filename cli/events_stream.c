/* --events FILE in the claims' patient order: each reader of the claims (one, or one per thread
 * with -j N) walks the file alongside its patients, holding one row at a time. A thread's first
 * patient may be far into the file: the reader starts at the last mark before it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "events_private.h"

static const events *shared(const events *ev)
{
    return ev->parent ? ev->parent : ev;
}

/* The last mark whose patient is not after `id`, or NULL. */
static const event_mark *mark_before(const events *s, const char *id)
{
    size_t lo = 0, hi = s->mark_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->marks[mid].id, id) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &s->marks[lo - 1] : NULL;
}

/* Starts reading at `m` (NULL: where the data begins). */
static int seek(events *ev, const events *s, const event_mark *m)
{
    med_csv_free(ev->csv);
    ev->csv = NULL;
    ev->pending = ev->at_end = 0;
    if (ev->in == NULL && (ev->in = fopen(s->path, "rb")) == NULL) {
        cli_error("cannot read %s: %s", s->path, strerror(errno));
        return -1;
    }
    if (fseek(ev->in, (long)(m ? m->offset : s->data_offset), SEEK_SET) != 0) {
        cli_error("cannot read %s again: %s", s->path, strerror(errno));
        return -1;
    }
    if (med_csv_new_at(cli_read_file, ev->in, s->path, m ? m->line : s->data_line, &ev->csv) !=
        MED_OK) {
        cli_error("out of memory reading %s", s->path);
        return -1;
    }
    return 0;
}

/* The next usable row into p_id, p_date, p_event (or at_end). Bad rows were reported in the
 * first reading and are passed over. 0, or -1 after reporting. */
static int next_row(events *ev, const events *s)
{
    const char *const *fields;
    size_t n;
    long line;
    med_error e;
    char why[256];
    for (;;) {
        med_status st = med_csv_next(ev->csv, &fields, &n, &line, &e);
        if (st == MED_ERR_IO || st == MED_ERR_NOMEM) {
            cli_error_at(&e);
            return -1;
        }
        if (st == MED_OK && fields == NULL) {
            ev->at_end = 1;
            return 0;
        }
        if (st == MED_OK &&
            events_row_ok(s, fields, n, &ev->p_id, &ev->p_date, &ev->p_event, why)) {
            ev->pending = 1;
            return 0;
        }
    }
}

/* Whether the reader must (re)start before looking for `id`: not started, `id` not after the
 * last patient given, or a mark after the row at hand and not after `id` (a jump forward). */
static int must_seek(const events *ev, const char *id, const event_mark *m)
{
    if (ev->csv == NULL || (ev->gave && strcmp(id, ev->last_given) <= 0))
        return 1;
    return ev->pending && m && strcmp(m->id, ev->p_id) > 0;
}

int events_stream_give(events *ev, med_patient *p, const char *id)
{
    const events *s = shared(ev);
    const event_mark *m = mark_before(s, id);
    char why[256];
    if (must_seek(ev, id, m) && seek(ev, s, m) != 0)
        return -1;
    for (;;) {
        if (!ev->pending && !ev->at_end && next_row(ev, s) != 0)
            return -1;
        if (ev->at_end)
            break;
        int c = strcmp(ev->p_id, id);
        if (c > 0)
            break;
        ev->pending = 0;
        if (c < 0)
            continue; /* a patient with no claims (counted at the end), or another thread's */
        if (med_patient_add_event(p, ev->p_date, ev->p_event, why) == MED_ERR_NOMEM) {
            cli_error("patient %s: out of memory", id);
            return -1;
        }
        ev->given++;
    }
    events_copy_id(ev->last_given, id);
    ev->gave = 1;
    return 0;
}

void events_stream_close(events *ev)
{
    med_csv_free(ev->csv);
    ev->csv = NULL;
    if (ev->in)
        fclose(ev->in);
    ev->in = NULL;
}
