/* patients and report with -j N: input sorted by patient_id, read by several threads; see
 * fills_private.h. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chunks.h"
#include "events.h"
#include "fills_private.h"

/* What a piece leaves for the calling thread: its messages and whether it had a patient. */
typedef struct piece {
    text err;
    long patients;
    size_t thresholds;
} piece;

typedef struct worker {
    reader r;
    patient_run run;   /* its own counts, added to the run's at the end */
    outbuf *run_out;   /* the run's output: a piece read straight into it is the last */
} worker;

typedef struct parallel {
    patient_run *run;
    const reader *main;
    void *context;     /* the command's */
    int header_done;
} parallel;

/* Where a piece may end: the last line start in d[0..end) where the patient id changes, with an
 * id on both sides; 0 when there is none yet. The input has no quote character (fills_order_plain
 * said so), so a line is a record and its id a plain field, and the ids never decrease: every
 * record before the cut belongs to an earlier patient than every record after it. A bare CR
 * (which the reader takes for a line end too) makes lines ambiguous: no cut then. */
static size_t patient_cut(void *context, const char *d, size_t end)
{
    const parallel *p = context;
    const char *next_id = NULL;
    size_t next = end, next_len = 0;
    while (next > 0) {
        size_t stop = next - 1, from = stop; /* d[stop] is the line's LF */
        while (from > 0 && d[from - 1] != '\n')
            from--;
        size_t len = stop - from;
        if (len && d[from + len - 1] == '\r')
            len--;
        if (memchr(d + from, '\r', len))
            return 0;
        const char *id;
        size_t n = plain_field(d + from, len, p->main->col[C_PATIENT], &id);
        if (next < end && n > 0 && next_len > 0 && (n != next_len || memcmp(id, next_id, n) != 0))
            return next;
        next_id = id;
        next_len = n;
        next = from;
    }
    return 0;
}

static int work_piece(void *arg, chunk *c)
{
    worker *w = arg;
    piece *out = c->result;
    int direct = c->out == w->run_out;
    w->run.threads->target(w->r.context, c->out, direct);
    w->r.err = direct ? NULL : &out->err;
    w->r.piece_patients = 0;
    med_csv_free(w->r.csv);
    w->r.csv = NULL;
    /* A whole piece is read in place (no copy into the reader's buffer); the last one, which
     * reads on from the file, through chunk_read. */
    med_status st = c->rest ? med_csv_new_at(chunk_read, c, w->run.name, c->first_line, &w->r.csv)
                            : med_csv_new_in_place(c->data, c->len, c->room, w->run.name,
                                                   c->first_line, &w->r.csv);
    if (st != MED_OK) {
        cli_error("out of memory");
        return -1;
    }
    int rc = reader_stream(&w->r);
    out->patients = w->r.piece_patients;
    out->thresholds = w->r.thresholds;
    return rc;
}

static void before_piece(void *context, const chunk *c)
{
    parallel *p = context;
    const piece *x = c->result;
    if (x->patients > 0 && !p->header_done && p->run->threads->header)
        p->run->threads->header(p->context, x->thresholds);
    p->header_done |= x->patients > 0;
}

static void merge_piece(void *context, const chunk *c)
{
    (void)context;
    piece *x = c->result;
    if (x->err.len)
        fwrite(x->err.d, 1, x->err.len, stderr);
    free(x->err.d);
    x->err = (text){NULL, 0, 0};
}

static void release_piece(void *result)
{
    free(((piece *)result)->err.d);
}

/* A thread's reader: the main reader's columns, its own batch (the same header and site list;
 * conflicts were reported once already), patient and context. */
static int make_worker(worker *w, reader *main, outbuf *run_out)
{
    med_error e;
    w->run = *main->run;
    w->run.records = w->run.unattributed = w->run.patients = w->run.rejected = 0;
    if (main->run->events && (w->run.events = events_fork(main->run->events)) == NULL)
        return -1; /* reported */
    w->run_out = run_out;
    w->r.run = &w->run;
    w->r.fn = main->fn;
    w->r.warned = 1;
    memcpy(w->r.col, main->col, sizeof w->r.col);
    w->r.group_col = main->group_col;
    w->r.columns = main->columns;
    if ((w->r.context = main->run->threads->fork(main->context)) == NULL)
        return -1;
    if (med_batch_new(w->run.table, main->header, main->columns, w->run.o->method, &w->r.batch,
                      &e) != MED_OK ||
        ndc_site_add(w->run.o, w->run.name, w->r.batch, NULL, &w->run.site_list, 0) != 0) {
        cli_error("out of memory");
        return -1;
    }
    return reader_new_patient(&w->run, &w->r.patient) == MED_OK ? 0 : -1;
}

/* Ends a thread's reader: its counts into the run's, its context into the command's. */
static int end_worker(worker *w, reader *main)
{
    int rc = 0;
    main->run->records += w->run.records;
    main->run->unattributed += w->run.unattributed;
    main->run->patients += w->run.patients;
    main->run->rejected += w->run.rejected;
    if (main->run->events) /* what its own reader of the events gave */
        events_join(main->run->events, w->run.events);
    w->run.events = NULL;
    if (w->r.context && main->run->threads->join(main->context, w->r.context) != 0)
        rc = -1;
    med_csv_free(w->r.csv);
    med_batch_free(w->r.batch);
    med_patient_free(w->r.patient);
    return rc;
}

/* The pieces after the header go to `threads` readers; the output of each is written in input
 * order, with its messages. */
int fills_stream_threads(reader *r, int threads)
{
    unsigned long long offset;
    long line;
    outbuf spare; /* for a command that writes nothing while patients are read */
    outbuf *out = r->run->out ? r->run->out : &spare;
    outbuf_init_memory(&spare);
    worker *w = calloc((size_t)threads, sizeof *w);
    void **ctx = calloc((size_t)threads, sizeof *ctx);
    parallel par = {r->run, r, r->context, 0};
    int rc = -1, made = 0;
    if (w == NULL || ctx == NULL) {
        cli_error("out of memory");
    } else if (reader_start(r) != 0) {
        /* reported */
    } else if (med_csv_position(r->csv, &offset, &line) != MED_OK ||
               fseek(r->in, (long)offset, SEEK_SET) != 0) {
        /* Where the data begins is not known: one reader, from the start. */
        rc = reader_start(r) == 0 ? reader_stream(r) : -1;
    } else {
        for (rc = 0; made < threads && rc == 0; made++) {
            rc = make_worker(&w[made], r, out);
            ctx[made] = &w[made];
        }
        chunk_job job = {r->in, r->run->name, "", 0, line, threads, ctx, work_piece,
                         merge_piece, &par, sizeof(piece), out, patient_cut, before_piece,
                         release_piece};
        if (rc == 0)
            rc = chunks_run(&job);
    }
    for (int i = 0; i < made; i++)
        if (end_worker(&w[i], r) != 0)
            rc = -1;
    outbuf_release(&spare);
    free(w);
    free(ctx);
    return rc;
}


/* ---- -j N: the order check ------------------------------------------------------------------ */

/* The check reads the file in spans of this many bytes, each thread its own with pread: no
 * thread reads for the others (the file is copied once, by the threads that check it, and
 * nothing counts lines). A line belongs to the span its first byte is in. */
#define ORDER_SPAN ((size_t)1 << 20)
/* Past a span's end, the rest of its last line is read this many bytes at a time. */
#define ORDER_TAIL ((size_t)4096)

/* What the check of one span leaves for the calling thread. */
typedef struct order_piece {
    med_patient_order *order; /* the check of its lines (NULL until it is made) */
    int full_reader; /* a quote, or a line too long: the full reader must check the input */
    int failed;      /* a read failed (its errno), said by the calling thread */
} order_piece;

typedef struct order_job {
    const reader *r;
    int fd;
    unsigned long long size;   /* of the file when the check began */
    size_t spans;
    order_piece *pieces;       /* [spans], in input order */
    pthread_mutex_t lock;
    size_t next;               /* the next span to check */
} order_job;

/* Reads exactly n bytes at offset `at` (fewer only at the end of the file): the count, or -1
 * with errno set. */
static long long read_at(int fd, char *buf, size_t n, unsigned long long at)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(fd, buf + got, n - got, (off_t)(at + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (long long)got;
}

/* Whether the line that ends at buf[have - 1] (a line feed, or the last byte read) is
 * ORDER_LINE_MAX bytes or more, its line feed aside: the only line of a span that may be, since
 * it alone reaches past the span. `at`: where the span's lines start. */
static int last_line_too_long(const char *buf, size_t at, size_t have)
{
    size_t end = buf[have - 1] == '\n' ? have - 1 : have, start = end;
    while (start > at && buf[start - 1] != '\n')
        start--;
    return end - start >= ORDER_LINE_MAX;
}

/* Checks span i as fills_order_plain checks a file: buf has room for the span, the byte before
 * it and the longest line the check reads past its end. 0, or the errno of a read that failed
 * (EIO when the file ended before the size it had). */
static int order_span(order_job *job, size_t i, char *buf)
{
    order_piece *out = &job->pieces[i];
    unsigned long long from = (unsigned long long)i * ORDER_SPAN;
    unsigned long long to = from + ORDER_SPAN < job->size ? from + ORDER_SPAN : job->size;
    size_t before = i > 0; /* the byte before the span says whether a line starts at `from` */
    if ((out->order = order_new(job->r)) == NULL)
        return ENOMEM;
    long long got = read_at(job->fd, buf, (size_t)(to - from) + before, from - before);
    if (got < 0)
        return errno ? errno : EIO;
    if ((unsigned long long)got != to - from + before)
        return EIO; /* the file is shorter than it was */
    size_t own = (size_t)got, have = own;
    if (memchr(buf + before, '"', own - before)) {
        out->full_reader = 1; /* quotes: only the full reader knows where records end */
        return 0;
    }
    /* The last line starting in the span ends after it: read on to its line end. */
    while (have > before && buf[have - 1] != '\n' && from - before + have < job->size &&
           have - own <= ORDER_LINE_MAX) {
        got = read_at(job->fd, buf + have, ORDER_TAIL, from - before + have);
        if (got < 0)
            return errno ? errno : EIO;
        if (got == 0)
            break;
        char *nl = memchr(buf + have, '\n', (size_t)got);
        have += nl ? (size_t)(nl - (buf + have)) + 1 : (size_t)got;
    }
    int at_end = from - before + have >= job->size;
    size_t at = 0, used;
    if (before) { /* the first line starting in the span */
        const char *nl = memchr(buf, '\n', own);
        if (nl == NULL)
            return 0;
        at = (size_t)(nl - buf) + 1;
    } else { /* the header: a line as the others, not checked */
        long n = order_header(buf, have, at_end);
        if (n <= 0 || (size_t)n - (buf[n - 1] == '\n') >= ORDER_LINE_MAX) {
            out->full_reader = 1;
            return 0;
        }
        at = (size_t)n;
    }
    if (at >= have)
        return 0;
    /* A line that the read did not reach the end of, or too long: the full reader's. */
    if ((buf[have - 1] != '\n' && !at_end) || last_line_too_long(buf, at, have) ||
        med_patient_order_lines(out->order, buf + at, have - at, 1, &used) != MED_OK)
        out->full_reader = 1; /* (the last: a bare CR or a NUL, which only the reader knows) */
    return 0;
}

static void *order_thread(void *arg)
{
    order_job *job = arg;
    char *buf = malloc(ORDER_SPAN + 1 + ORDER_LINE_MAX + ORDER_TAIL);
    for (;;) {
        pthread_mutex_lock(&job->lock);
        size_t i = job->next++;
        pthread_mutex_unlock(&job->lock);
        if (i >= job->spans)
            break;
        job->pieces[i].failed = buf ? order_span(job, i, buf) : ENOMEM;
    }
    free(buf);
    return NULL;
}

int fills_order_threads(reader *r, int threads)
{
    struct stat st;
    int fd = fileno(r->in);
    /* Not a plain file, or one whose size says nothing (procfs and some FUSE files say 0):
     * one thread reads it to its end. */
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
        return fills_order_plain(r);
    order_job job = {r, fd, (unsigned long long)st.st_size, 0, NULL, PTHREAD_MUTEX_INITIALIZER, 0};
    job.spans = (size_t)((job.size + ORDER_SPAN - 1) / ORDER_SPAN);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    job.pieces = calloc(job.spans ? job.spans : 1, sizeof *job.pieces);
    if (ids == NULL || job.pieces == NULL) {
        free(ids);
        free(job.pieces);
        cli_error("out of memory");
        return -2;
    }
    int started = 0;
    while (started < threads && pthread_create(&ids[started], NULL, order_thread, &job) == 0)
        started++;
    if (started == 0)
        order_thread(&job); /* no thread could start: this one checks every span */
    for (int i = 0; i < started; i++)
        pthread_join(ids[i], NULL);
    /* In input order: each piece's check added to the whole's, as if one had read them all. */
    med_patient_order *whole = order_new(r);
    int rc = 1;
    if (whole == NULL) {
        cli_error("out of memory");
        rc = -2;
    }
    for (size_t i = 0; i < job.spans && rc > 0; i++) {
        if (job.pieces[i].failed) {
            cli_error("cannot read %s: %s", r->run->name, strerror(job.pieces[i].failed));
            rc = -2;
        } else if (job.pieces[i].full_reader) {
            rc = -1;
        } else if (med_patient_order_merge(whole, job.pieces[i].order) != MED_OK) {
            rc = -2; /* not reached: both are checks */
        }
    }
    if (rc > 0) {
        const char *latest = med_patient_order_latest(whole);
        note_date(r->run->as_of, latest, strlen(latest));
        rc = med_patient_order_sorted(whole);
    }
    for (size_t i = 0; i < job.spans; i++)
        med_patient_order_free(job.pieces[i].order);
    med_patient_order_free(whole);
    free(ids);
    free(job.pieces);
    pthread_mutex_destroy(&job.lock);
    return rc;
}
