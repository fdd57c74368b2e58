/* See chunks.h. */
#include "chunks.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Input bytes per chunk: large enough that a chunk's set-up (a reader, a buffer) is lost in
 * its rows, small enough that the chunk and its rows (batch: 1.3 times its bytes) stay in the
 * core's cache (L2: 512 KiB to 1 MiB) until the thread writes them out. With 1 MiB chunks the
 * copy of batch -j 2's rows into the page cache cost 5x the samples it does with 128 KiB. */
#define CHUNK_BYTES ((size_t)1 << 17)
/* Chunks the ring holds beyond two a thread: the chunks done while an earlier one is not (its
 * thread was descheduled for a few milliseconds, on a busy machine) wait in them, and the other
 * threads go on meanwhile. 4 MiB of input, and the rows of the chunks done. */
#define RING_SPARE 32
/* A record still incomplete when the pending bytes reach this cannot be cut: the rest of the
 * input goes to one reader, which reports it (the reader's limit is MED_CSV_MAX_RECORD). */
#define PENDING_MAX ((size_t)MED_CSV_MAX_RECORD * 2 + CHUNK_BYTES)
/* Chunk buffers hold one byte more than their capacity, so that a chunk that fills its
 * buffer still has the spare byte a reader in place needs (med_csv_new_in_place). */
#define SPARE 1
/* record_end(): not well formed. */
#define NOT_WELL_FORMED SIZE_MAX

size_t chunk_read(void *context, char *buf, size_t capacity, int *failed)
{
    chunk *c = context;
    if (c->len > 0) {
        size_t n = c->len < capacity ? c->len : capacity;
        memcpy(buf, c->data, n);
        c->data += n;
        c->len -= n;
        return n;
    }
    return c->rest ? cli_read_file(c->rest, buf, capacity, failed) : 0;
}

/* ---- where records end ----------------------------------------------------------------------- */

static const unsigned char UNQUOTED_STOP[256] = {[0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1,
                                                 ['\n'] = 1};

/* The end of the record at d[p] (just past its line end) when it is whole and well formed
 * under RFC 4180 and well inside the reader's limits; 0 when the data ends first;
 * NOT_WELL_FORMED otherwise (the reader's error recovery then decides what follows). A line
 * that is exactly empty counts as a record: the reader skips it, and ends in the same place. */
static size_t record_end(const char *d, size_t len, size_t p)
{
    size_t start = p, fields = 0;
    for (;;) {
        if (++fields > MED_CSV_MAX_FIELDS)
            return NOT_WELL_FORMED;
        if (p < len && d[p] == '"') {
            for (p++;;) { /* to the closing quote; "" is a quote inside */
                const char *q = memchr(d + p, '"', len - p);
                if (q == NULL)
                    return 0;
                if (memchr(d + p, '\0', (size_t)(q - d) - p))
                    return NOT_WELL_FORMED;
                p = (size_t)(q - d) + 1;
                if (p == len)
                    return 0;
                if (d[p] != '"')
                    break;
                p++;
            }
        } else {
            while (p < len && !UNQUOTED_STOP[(unsigned char)d[p]])
                p++;
            if (p == len)
                return 0;
            if (d[p] == '"' || d[p] == '\0')
                return NOT_WELL_FORMED;
        }
        if (p - start > MED_CSV_MAX_RECORD / 2)
            return NOT_WELL_FORMED;
        if (d[p] == ',') {
            p++;
        } else if (d[p] == '\n') {
            return p + 1;
        } else if (d[p] == '\r') {
            if (p + 1 == len)
                return 0; /* CR LF or a bare CR: the next byte says */
            return d[p + 1] == '\n' ? p + 2 : p + 1;
        } else {
            return NOT_WELL_FORMED; /* after a closing quote */
        }
    }
}

size_t chunk_cut(const char *d, size_t len, int *unsure)
{
    *unsure = 0;
    if (memchr(d, '"', len) == NULL) {
        /* Without quotes every line end ends a record (or a malformed record the reader
         * reports, resuming at the next line). */
        while (len > 0 && d[len - 1] != '\n')
            len--;
        return len;
    }
    size_t p = 0, cut = 0;
    while (p < len) {
        size_t end = record_end(d, len, p);
        if (end == 0)
            break;
        if (end == NOT_WELL_FORMED) {
            *unsure = 1;
            break;
        }
        p = end;
        if (d[end - 1] == '\n')
            cut = end;
    }
    return cut;
}

/* Lines in d[0..n) as the reader counts them: LF, CRLF and a bare CR each end one. Every byte
 * of the input is counted (on the threads' turns to read), so the usual case (no CR, which
 * memchr rules out at a fraction of a count's cost) is one pass in blocks of 128 bytes: a loop
 * of fixed length, which compilers turn into vector compares (a memchr per line cost the
 * reading thread more than the rest of its work). */
static long lines_in(const char *d, size_t n)
{
    size_t lines = 0, i = 0;
    if (memchr(d, '\r', n) != NULL) {
        for (; i < n; i++)
            if (d[i] == '\n' || (d[i] == '\r' && (i + 1 == n || d[i + 1] != '\n')))
                lines++;
        return (long)lines;
    }
    for (; n - i >= 128; i += 128) {
        unsigned char block = 0; /* at most 128 */
        for (size_t k = 0; k < 128; k++)
            block += d[i + k] == '\n';
        lines += block;
    }
    for (; i < n; i++)
        lines += d[i] == '\n';
    return (long)lines;
}

/* ---- the ring of chunks ---------------------------------------------------------------------- */

/* The slots the threads fill in turn: slot k % count holds chunk k from its submission
 * until it is written. */
typedef struct slot {
    chunk c;
    char *buf;       /* the chunk's bytes (a buffer the reader filled, see submit); NULL once
                      * it is written (the buffer is back in the ring's spares) */
    size_t cap;
    outbuf *out;     /* in memory: from the spares when a thread takes the chunk, back after */
    void *result;
    int done, failed; /* its work is done; and failed */
} slot;

/* A buffer of input bytes, `cap` of them (and the SPARE byte). */
typedef struct buffer {
    char *d;
    size_t cap;
} buffer;

typedef struct pending pending;

typedef struct ring {
    chunk_job *job;
    slot *slots;
    size_t count;
    pthread_mutex_t lock;
    pthread_cond_t advanced;  /* `written` grew */
    size_t submitted, written; /* chunks so far */
    int failed;                /* a chunk failed: nothing after it is written */
    /* The turn to read: the thread holding it reads and cuts the next chunk, which it then works
     * on itself (see worker_main); `pending` and `reading` are its. */
    pthread_mutex_t read_turn;
    pending *p;
    int reading; /* 0 while chunks are cut; 1 once the rest must be read by one reader (the end
                  * of the input, a record not well formed or too long); -1 after a failure */
    /* Buffers of chunks written, for the next chunks: the last one freed is used first, as it
     * is likely still in a core's cache (taken in turn, a buffer had left every cache since
     * its last use, the ring being a dozen times larger than a core's cache). */
    outbuf **spare_outs; /* [count]: every output buffer starts here */
    size_t spare_out_count;
    buffer *spare_bufs;  /* [count + 1]: at most one a slot and the pending one exist */
    size_t spare_buf_count;
} ring;

typedef struct thread_arg {
    ring *r;
    void *worker;
} thread_arg;

/* A chunk's rows into its slot's memory: 0, or -1 (reported). */
static int work_on(ring *r, void *worker, slot *s)
{
    outbuf_clear(s->out);
    memset(s->result, 0, r->job->result_size);
    int rc = r->job->work(worker, &s->c);
    int werr = outbuf_flush(s->out);
    if (werr != 0) /* said here even when the work stopped for it (patients stop silently) */
        cli_error("out of memory holding a piece of output");
    return rc != 0 || werr != 0 ? -1 : 0;
}

/* With the lock held: a written chunk's buffers go back to the spares. */
static void give_back(ring *r, slot *s)
{
    r->spare_outs[r->spare_out_count++] = s->out;
    r->spare_bufs[r->spare_buf_count++] = (buffer){s->buf, s->cap};
    s->out = NULL;
    s->buf = NULL;
    s->cap = 0;
}

/* A chunk's rows into the run's output, on its turn (everything before it is written). */
static void write_out(ring *r, slot *s)
{
    if (r->job->before)
        r->job->before(r->job->context, &s->c);
    outbuf_write(r->job->out, s->out->mem, s->out->mem_len);
    r->job->merge(r->job->context, &s->c);
}

/* With the lock held, by the thread that finished chunk `turn`: when every chunk before it is
 * written, this thread writes it, and after it each chunk that is done meanwhile, in order.
 * Usually a thread so writes its own chunk, its rows still in this core's cache; it never waits
 * for another thread's chunk (the thread that finishes that one writes it). */
static void write_done(ring *r, size_t turn)
{
    if (r->written != turn)
        return; /* an earlier chunk's thread writes this one */
    while (r->written < r->submitted) {
        slot *s = &r->slots[r->written % r->count];
        if (!s->done)
            break; /* its thread writes it when it is done */
        /* A chunk that failed is written too (its rows up to the failure and its messages, which
         * say why, as one thread would have written them); none after it. */
        if (!r->failed) { /* the next chunk is this thread's alone: no other writes meanwhile */
            pthread_mutex_unlock(&r->lock);
            write_out(r, s);
            pthread_mutex_lock(&r->lock);
        }
        r->failed |= s->failed;
        r->written++;
        give_back(r, s);
        /* A thread that waits for a free slot to read into is woken once half the ring is free,
         * not for each chunk written. */
        if (r->submitted - r->written <= r->count / 2 || r->failed)
            pthread_cond_broadcast(&r->advanced);
    }
}

static int read_chunk(ring *r, size_t *turn);

/* The threads take turns reading: each reads and cuts a chunk, then works on it itself, while
 * its bytes are still in this core's cache (the kernel's copy put them there). With one thread
 * reading for all, each thread's first pass over a chunk (the reader's search for quotes) pulled
 * every byte across from the reading core. */
static void *worker_main(void *arg)
{
    thread_arg *t = arg;
    ring *r = t->r;
    size_t turn;
    while (read_chunk(r, &turn)) {
        slot *s = &r->slots[turn % r->count];
        int failed = work_on(r, t->worker, s);
        pthread_mutex_lock(&r->lock);
        s->failed = failed;
        s->done = 1;
        write_done(r, turn);
        pthread_mutex_unlock(&r->lock);
    }
    return NULL;
}

/* Waits until slot k % count is free (chunk k - count written): 0, or -1 once a chunk failed. */
static int wait_for_slot(ring *r)
{
    pthread_mutex_lock(&r->lock);
    while (r->submitted - r->written >= r->count && !r->failed)
        pthread_cond_wait(&r->advanced, &r->lock);
    int failed = r->failed;
    pthread_mutex_unlock(&r->lock);
    return failed ? -1 : 0;
}

/* ---- reading and cutting --------------------------------------------------------------------- */

struct pending {
    char *d;
    size_t len, cap;
    long line;       /* the line d starts on */
    int eof, failed; /* the input ended; a read failed (reported) */
};

/* A buffer for the pending bytes, of `cap` bytes at least: the spare freed last, or a new one
 * (d NULL when out of memory, reported). */
static buffer take_buffer(ring *r, size_t cap)
{
    buffer b = {NULL, 0};
    pthread_mutex_lock(&r->lock);
    if (r->spare_buf_count > 0)
        b = r->spare_bufs[--r->spare_buf_count];
    pthread_mutex_unlock(&r->lock);
    if (b.cap < cap) { /* none yet, or one made before the pending bytes grew */
        free(b.d);
        b = (buffer){malloc(cap + SPARE), cap};
        if (b.d == NULL)
            cli_error("out of memory");
    }
    return b;
}

/* Makes the first n pending bytes chunk `submitted`, once the chunk whose slot it takes is
 * written, and sets *turn to it. The slot takes the pending buffer itself, so the piece is not
 * copied; the bytes after it go to the start of a spare buffer, which becomes the pending one. */
static int submit(ring *r, pending *p, size_t n, size_t *turn)
{
    if (wait_for_slot(r) != 0)
        return -1;
    slot *s = &r->slots[r->submitted % r->count];
    buffer b = take_buffer(r, p->cap);
    if (b.d == NULL)
        return -1;
    memcpy(b.d, p->d + n, p->len - n);
    s->buf = p->d;
    s->cap = p->cap;
    p->d = b.d;
    p->cap = b.cap;
    p->len -= n;
    s->c = (chunk){s->buf, n, NULL, p->line, NULL, s->result, s->cap + SPARE};
    p->line += lines_in(s->buf, n);
    pthread_mutex_lock(&r->lock);
    s->done = 0;
    s->out = s->c.out = r->spare_outs[--r->spare_out_count]; /* one a slot: never none */
    *turn = r->submitted++;
    pthread_mutex_unlock(&r->lock);
    return 0;
}

static void fill(pending *p, chunk_job *job)
{
    while (p->len < p->cap && !p->eof) {
        size_t n = fread(p->d + p->len, 1, p->cap - p->len, job->in);
        p->len += n;
        if (n == 0) {
            p->eof = 1;
            if (ferror(job->in)) {
                cli_error("cannot read %s: %s", job->name, strerror(errno));
                p->failed = 1;
            }
        }
    }
}

/* Cuts the next chunk off the pending bytes (reading more as needed): 0 with *turn set to it;
 * 1 when there is none, the rest being for one reader (the end of the input, a record not well
 * formed or too long); -1 on failure (reported). */
static int cut_chunk(ring *r, pending *p, size_t *turn)
{
    for (;;) {
        fill(p, r->job);
        if (p->failed)
            return -1;
        if (p->eof) { /* the rest is one last chunk */
            if (p->len == 0)
                return 1;
            return submit(r, p, p->len, turn) != 0 ? -1 : 0;
        }
        int unsure;
        size_t cut = chunk_cut(p->d, p->len, &unsure);
        if (cut > 0 && r->job->cut)
            cut = r->job->cut(r->job->context, p->d, cut);
        if (cut > 0)
            return submit(r, p, cut, turn) != 0 ? -1 : 0;
        if (unsure || p->cap >= PENDING_MAX)
            return 1;
        /* a record longer than the pending bytes */
        char *d = realloc(p->d, p->cap * 2 + SPARE);
        if (d == NULL) {
            cli_error("out of memory");
            return -1;
        }
        p->d = d;
        p->cap *= 2;
    }
}

/* On this thread's turn to read: the next chunk for it to work on (1, *turn set), or 0 when
 * there are no more. After the last chunk (the end of the input) or a cut that must stop, the
 * rest is left for one reader (r->reading 1); a failure stops the reading (-1). */
static int read_chunk(ring *r, size_t *turn)
{
    pthread_mutex_lock(&r->read_turn);
    int got = 0;
    if (r->reading == 0) {
        int rc = cut_chunk(r, r->p, turn);
        if (rc == 0 && r->p->eof)
            r->reading = 1; /* that was the last chunk */
        else if (rc != 0)
            r->reading = rc;
        got = rc == 0;
    }
    pthread_mutex_unlock(&r->read_turn);
    return got;
}

/* The rest of the input (the pending bytes, then the file) by one reader on this thread,
 * written straight to the output. */
static int run_rest(chunk_job *job, pending *p)
{
    void *result = calloc(1, job->result_size ? job->result_size : 1);
    if (result == NULL) {
        cli_error("out of memory");
        return -1;
    }
    chunk c = {p->d, p->len, p->eof ? NULL : job->in, p->line, job->out, result,
               p->eof ? p->cap + SPARE : 0};
    int rc = job->work(job->workers[0], &c);
    job->merge(job->context, &c);
    if (job->release)
        job->release(result);
    free(result);
    return rc;
}

static int ring_init(ring *r, chunk_job *job)
{
    r->job = job;
    pthread_mutex_init(&r->lock, NULL);
    pthread_mutex_init(&r->read_turn, NULL);
    pthread_cond_init(&r->advanced, NULL);
    r->count = 2 * (size_t)job->threads + RING_SPARE;
    if ((r->slots = calloc(r->count, sizeof *r->slots)) == NULL ||
        (r->spare_outs = calloc(r->count, sizeof *r->spare_outs)) == NULL ||
        (r->spare_bufs = calloc(r->count + 1, sizeof *r->spare_bufs)) == NULL)
        return -1;
    for (size_t i = 0; i < r->count; i++) {
        outbuf *out = malloc(sizeof *out);
        if (out == NULL)
            return -1;
        outbuf_init_memory(out);
        r->spare_outs[r->spare_out_count++] = out;
        if ((r->slots[i].result = calloc(1, job->result_size ? job->result_size : 1)) == NULL)
            return -1;
    }
    return 0;
}

static void free_out(outbuf *out)
{
    if (out)
        outbuf_release(out);
    free(out);
}

static void ring_free(ring *r)
{
    for (size_t i = 0; r->slots && i < r->count; i++) {
        free_out(r->slots[i].out); /* a chunk not written (after a failure) */
        if (r->slots[i].result && r->job->release)
            r->job->release(r->slots[i].result);
        free(r->slots[i].result);
        free(r->slots[i].buf);
    }
    for (size_t i = 0; i < r->spare_out_count; i++)
        free_out(r->spare_outs[i]);
    for (size_t i = 0; i < r->spare_buf_count; i++)
        free(r->spare_bufs[i].d);
    free(r->spare_outs);
    free(r->spare_bufs);
    free(r->slots);
    pthread_mutex_destroy(&r->lock);
    pthread_mutex_destroy(&r->read_turn);
    pthread_cond_destroy(&r->advanced);
}

int chunks_run(chunk_job *job)
{
    ring r;
    memset(&r, 0, sizeof r);
    pending p = {NULL, job->start_len, CHUNK_BYTES, job->first_line, 0, 0};
    while (p.cap < 2 * job->start_len)
        p.cap *= 2;
    pthread_t *threads = calloc((size_t)job->threads, sizeof *threads);
    thread_arg *args = calloc((size_t)job->threads, sizeof *args);
    int rc = -1, started = 0;
    int ring_made = 0;
    if (threads == NULL || args == NULL || (p.d = malloc(p.cap + SPARE)) == NULL ||
        (ring_made = 1, ring_init(&r, job)) != 0) {
        cli_error("out of memory");
        goto out;
    }
    memcpy(p.d, job->start, job->start_len);
    r.p = &p;
    for (; started < job->threads; started++) {
        args[started] = (thread_arg){&r, job->workers[started]};
        if (pthread_create(&threads[started], NULL, worker_main, &args[started]) != 0)
            break;
    }
    /* The threads end once every chunk is written. With no thread at all (none could start),
     * the whole input is "the rest". */
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    if (r.failed || r.reading < 0)
        goto out;
    rc = run_rest(job, &p);
out:
    if (ring_made)
        ring_free(&r);
    free(p.d);
    free(threads);
    free(args);
    return rc;
}
