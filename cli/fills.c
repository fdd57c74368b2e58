/* Reading claims for patients and report. Input sorted by patient_id is streamed: memory is
 * bounded by the largest patient. Other orders are read into memory first (each record is
 * kept until its patient is done), then handed out patient by patient in order of first
 * appearance. Standard input and pipes are copied to a temporary file so they can be read
 * twice (once to check the order). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "fills_private.h"

static const char *const NEEDED[NCOL] = {"patient_id", "fill_date", "days_supply",
                                         "prescriber_id", "pharmacy_id"};

/* A message about the input: to standard error, or (-j N) to the piece's messages. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void say(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (r->err == NULL) {
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        return;
    }
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    text *t = r->err;
    if (n > 0 && t->len + (size_t)n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + (size_t)n + 1)
            cap *= 2;
        char *d = realloc(t->d, cap);
        if (d) {
            t->d = d;
            t->cap = cap;
        }
    }
    if (n > 0 && t->len + (size_t)n + 1 <= t->cap) {
        vsnprintf(t->d + t->len, (size_t)n + 1, fmt, again);
        t->len += (size_t)n;
    } else if (n > 0) {
        vfprintf(stderr, fmt, again); /* out of memory: said now rather than lost */
    }
    va_end(again);
    va_end(ap);
}

/* The input is read only in large pieces (the order check's megabyte, the reader's 64 KiB, a
 * -j piece's 128 KiB): unbuffered, each is one read() into the caller's memory. Buffered, stdio
 * split each into a read of whole 4 KiB blocks and a second read into its own buffer, copied
 * after (as cmd_batch.c's open_input says). Before any other operation on the stream. */
static FILE *unbuffered(FILE *f)
{
    if (f)
        setvbuf(f, NULL, _IONBF, 0);
    return f;
}

/* A seekable copy of the input: the file itself, or standard input spooled to a temp file. */
static FILE *open_seekable(patient_run *run)
{
    const char *path = run->o->nargs > 0 ? run->o->args[0] : "-";
    run->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    FILE *f = unbuffered(cli_open_input(path));
    if (f == NULL) {
        cli_error("cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_SET) == 0)
        return f;
    FILE *tmp = unbuffered(tmpfile());
    char buf[1 << 16];
    size_t n;
    while (tmp && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (fwrite(buf, 1, n, tmp) != n) {
            fclose(tmp);
            tmp = NULL;
        }
    if (tmp == NULL || ferror(f) || fseek(tmp, 0, SEEK_SET) != 0) {
        cli_error("cannot copy %s to a temporary file: %s", run->name, strerror(errno));
        if (tmp)
            fclose(tmp);
        tmp = NULL;
    }
    if (f != stdin)
        fclose(f);
    return tmp;
}

static int header_index(const char *const *fields, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fields[i], name) == 0)
            return (int)i;
    return -1;
}

/* Reads the header, maps the columns, prepares the batch. -1 when unusable (reported). */
int reader_start(reader *r)
{
    const char *const *fields;
    size_t n;
    long line;
    med_error e;
    med_csv_free(r->csv);
    r->csv = NULL;
    if (fseek(r->in, 0, SEEK_SET) != 0) {
        cli_error("cannot read %s: %s", r->run->name, strerror(errno));
        return -1;
    }
    if (med_csv_new(cli_read_file, r->in, r->run->name, &r->csv) != MED_OK) {
        cli_error("out of memory");
        return -1;
    }
    med_status s = med_csv_next(r->csv, &fields, &n, &line, &e);
    if (s != MED_OK) {
        cli_error_at(&e); /* a read error, or a header CSV cannot read */
        return -1;
    }
    if (fields == NULL) {
        cli_error("%s: no header row", r->run->name);
        return -1;
    }
    r->header = fields;
    for (int c = 0; c < NCOL; c++)
        r->col[c] = header_index(fields, n, NEEDED[c]);
    for (int c = 0; c < C_PRESCRIBER; c++)
        if (r->col[c] < 0) {
            cli_error("%s: the header lacks %s: patients and report need patient_id, "
                      "fill_date, days_supply and the claims columns", r->run->name, NEEDED[c]);
            return -1;
        }
    r->group_col = -1;
    if (r->run->o->group_by && (r->group_col = header_index(fields, n, r->run->o->group_by)) < 0) {
        cli_error("%s: --group-by %s: the header has no such column", r->run->name,
                  r->run->o->group_by);
        return -1;
    }
    r->columns = n;
    med_batch_free(r->batch);
    r->batch = NULL;
    if (med_batch_new(r->run->table, fields, n, r->run->o->method, &r->batch, &e) != MED_OK) {
        snprintf(e.source, sizeof e.source, "%s", r->run->name);
        cli_error_at(&e);
        return -1;
    }
    if (ndc_site_add(r->run->o, r->run->name, r->batch, NULL, &r->run->site_list, !r->warned) != 0)
        return -1;
    r->warned = 1;
    r->run->started = 1;
    return 0;
}

static const char *field(const reader *r, const char *const *fields, int c)
{
    return r->col[c] >= 0 ? fields[r->col[c]] : "";
}

/* One record into the current patient; a rejected row is reported with its line. `csv`: the
 * reader that just returned the record, whose memo key is then read in place (faster), or NULL
 * for a record kept in memory. 0, or -1 when it could not be kept (reported): out of memory is
 * never a row not used, nor a fill silently missing from the patient. */
static int add_record(reader *r, const med_csv *csv, const char *const *fields, size_t n,
                      long line)
{
    med_result *x = &r->result;
    char why[256];
    /* Initialised once per reader, not per record: a batch row writes every member of a result
     * of this version, and the compiler zeroes a fresh one with a `rep stos` whose start-up
     * alone cost some 35 cycles a record. */
    if (x->version == 0)
        *x = (med_result)MED_RESULT_INIT;
    r->current_records++;
    med_status s = csv ? med_batch_row_csv(r->batch, csv, line, x)
                       : med_batch_row(r->batch, fields, n, line, x);
    if (s == MED_OK && x->status == MED_RESULT_ERROR && x->error == MED_ERR_NOMEM)
        s = MED_ERR_NOMEM;
    if (s != MED_OK) {
        cli_error("%s:%ld: %s", r->run->name, line, med_status_string(s));
        return -1;
    }
    med_fill f = MED_FILL_INIT;
    f.result = x;
    f.fill_date = field(r, fields, C_DATE);
    f.days_supply = field(r, fields, C_DAYS);
    f.prescriber = field(r, fields, C_PRESCRIBER);
    f.pharmacy = field(r, fields, C_PHARMACY);
    f.group = r->group_col >= 0 && (size_t)r->group_col < n ? fields[r->group_col] : NULL;
    f.release = med_batch_row_release(r->batch);
    s = med_patient_add_fill(r->patient, &f, why);
    if (s != MED_OK && s != MED_ERR_INVALID) {
        cli_error("%s:%ld: patient %s: %s", r->run->name, line, r->current,
                  med_status_string(s));
        return -1;
    }
    if (s == MED_ERR_INVALID) {
        /* The library says only that the fill could not be computed: the row's own message
         * says why (as the reason always has, shortened to the same 255 bytes). */
        if (x->status == MED_RESULT_ERROR)
            snprintf(why, sizeof why, "%s", med_batch_text(r->batch, MED_TEXT_MESSAGE));
        r->run->rejected++;
        if (!r->run->o->quiet)
            say(r, "medcalc: %s:%ld: patient %s: row not used: %s\n", r->run->name, line,
                field(r, fields, C_PATIENT), why);
    }
    return 0;
}

static int finish_patient(reader *r)
{
    /* Initialised once per reader, not per patient (as add_record's result): a summary writes
     * every member of a summary of this version, and the compiler zeroes a fresh one with a
     * `rep stos` whose start-up alone cost some 30 ns a patient. MED_PATIENT_SUMMARY_INIT
     * names only the version, which -Wmissing-field-initializers (-Wextra) refuses; a
     * designated initializer says the same without the warning. */
    med_patient_summary *s = &r->summary;
    if (s->version == 0)
        *s = (med_patient_summary){.version = MED_PATIENT_SUMMARY_VERSION};
    if (r->run->events && events_give(r->run->events, r->patient, r->current) != 0)
        return -1; /* reported */
    med_status st = med_patient_summarize(r->patient, s);
    if (st == MED_ERR_LIMIT) {
        /* Reported and counted, and the next patient goes on: nothing is dropped silently. */
        r->run->unattributed += r->current_records;
        say(r, "medcalc: %s: patient %s: not summarised: with early refills shifted, "
            "the fills span more than %d days; its %ld records are not attributed\n",
            r->run->name, r->current, MED_PATIENT_MAX_DAYS, r->current_records);
        return 0;
    }
    if (st == MED_ERR_RANGE) { /* the same: reported, counted, the next patient goes on */
        r->run->unattributed += r->current_records;
        say(r, "medcalc: %s: patient %s: not summarised: a day's total MME/day is too large "
            "to hold exactly; its %ld records are not attributed\n", r->run->name, r->current,
            r->current_records);
        return 0;
    }
    if (st != MED_OK) {
        cli_error("patient %s: out of memory", r->current);
        return -1;
    }
    r->run->patients++;
    if (r->piece_patients++ == 0)
        r->thresholds = s->threshold_count;
    return r->fn(r->context, r->patient, s);
}

/* A record the reader could not split, or with no patient id, belongs to nobody: it is
 * reported and counted, never silently dropped. */
static void unattributed(reader *r, long line, const char *why)
{
    r->run->unattributed++;
    say(r, "medcalc: %s:%ld: record not attributed to a patient: %s\n", r->run->name, line,
        why);
}


/* The patient id of one unquoted line: field `col` (commas only); "" when it has fewer. */
size_t plain_field(const char *line, size_t len, long col, const char **field)
{
    size_t i = 0;
    for (long c = 0; c < col; c++) {
        const char *comma = memchr(line + i, ',', len - i);
        if (comma == NULL)
            return *field = "", 0;
        i = (size_t)(comma - line) + 1;
    }
    const char *end = memchr(line + i, ',', len - i);
    *field = line + i;
    return end ? (size_t)(end - (line + i)) : len - i;
}

/* The latest fill date seen while checking the order: without --as-of, the as-of day of every
 * patient (one day for the whole input, so "now" means the same for all). */
void note_date(char latest[11], const char *date, size_t n)
{
    char day_text[11];
    if (n != 10 || (latest[0] && memcmp(date, latest, 10) <= 0))
        return;
    memcpy(day_text, date, 10);
    day_text[10] = '\0';
    if (med_date_parse(day_text, NULL) == MED_OK)
        memcpy(latest, day_text, sizeof day_text);
}

/* A read error of the order check, said as the -j N check (chunks.c) says it: -2. */
static int read_failed(const reader *r)
{
    cli_error("cannot read %s: %s", r->run->name, strerror(errno ? errno : EIO));
    return -2;
}

med_patient_order *order_new(const reader *r)
{
    med_patient_order *o = NULL;
    long dates = r->run->o->as_of ? -1 : r->col[C_DATE];
    return med_patient_order_new(r->col[C_PATIENT], dates, &o) == MED_OK ? o : NULL;
}

long order_header(const char *buf, size_t have, int eof)
{
    const char *nl = memchr(buf, '\n', have);
    if (nl == NULL && !eof)
        return 0;
    size_t len = nl ? (size_t)(nl - buf) : have;
    if (len && buf[len - 1] == '\r')
        len--;
    if (memchr(buf, '\r', len))
        return -1;
    return nl ? (long)(nl - buf) + 1 : (long)have;
}

/* The quick check, for files without a quote character (nearly all claims extracts): each
 * line is a record, and only its patient id and fill date are looked at (by the library's
 * med_patient_order). 1 sorted, 0 not, -1 a quote, bare CR or NUL was seen (use the full reader,
 * which knows where such records end), -2 a read error. */
int fills_order_plain(reader *r)
{
    static char buf[ORDER_LINE_MAX + 1];
    size_t have = 0;
    int header = 1, eof = 0, rc = -1;
    med_patient_order *o = order_new(r);
    if (o == NULL) {
        cli_error("out of memory");
        return -2;
    }
    if (fseek(r->in, 0, SEEK_SET) != 0) {
        med_patient_order_free(o);
        return read_failed(r);
    }
    while (!eof) {
        size_t got = fread(buf + have, 1, sizeof buf - 1 - have, r->in), start = 0, used;
        eof = got == 0;
        if (eof && ferror(r->in)) {
            rc = read_failed(r);
            goto out;
        }
        have += got;
        if (memchr(buf + have - got, '"', got))
            goto out;
        if (header) {
            long n = order_header(buf, have, eof);
            if (n < 0)
                goto out;
            header = n == 0;
            start = (size_t)n;
        }
        med_status st = MED_OK;
        if (!header) {
            st = med_patient_order_lines(o, buf + start, have - start, eof, &used);
            start += used;
        }
        if (!med_patient_order_sorted(o) && r->run->o->as_of) {
            rc = 0; /* no date to look for: the order is all this pass wanted */
            goto out;
        }
        if (st != MED_OK)
            goto out; /* a bare CR ends a record for the reader, not a line; a NUL refuses one */
        if (start == 0 && have == sizeof buf - 1)
            goto out; /* a line of ORDER_LINE_MAX bytes or more: let the full reader report it */
        memmove(buf, buf + start, have - start);
        have -= start;
    }
    const char *latest = med_patient_order_latest(o);
    note_date(r->run->as_of, latest, strlen(latest));
    rc = med_patient_order_sorted(o);
out:
    med_patient_order_free(o);
    return rc;
}

/* Copies `from` into `to` (cap bytes), cut to cap - 1 bytes as snprintf("%s") cuts it, without
 * snprintf's formatting (some 600 instructions a call): it runs for every record of the order
 * check of input with quotes, and for every patient of input not sorted by patient_id. */
static void copy_cut(char *to, size_t cap, const char *from)
{
    size_t n = strnlen(from, cap - 1);
    memcpy(to, from, n);
    to[n] = '\0';
}

/* Checks whether patient ids never decrease, so the input can be streamed. A record with no id
 * (empty, or too few fields) belongs to nobody: reported and counted wherever it is, it cannot
 * split a patient, so it does not count for the order (as med_patient_order_lines() has it). */
static int sorted_by_patient(reader *r, int *sorted)
{
    const char *const *fields;
    size_t n;
    long line;
    med_error e;
    char prev[1024] = "";
    *sorted = 1;
    if (reader_start(r) != 0)
        return -1;
    int threads = r->run->threads ? cli_threads(r->run->o) : 1;
    int quick = threads > 1 ? fills_order_threads(r, threads) : fills_order_plain(r);
    r->plain = quick >= 0;
    if (quick >= 0) {
        *sorted = quick;
        return 0;
    }
    if (quick == -2 || reader_start(r) != 0)
        return -1;
    for (;;) {
        med_status st = med_csv_next(r->csv, &fields, &n, &line, &e);
        if (st == MED_ERR_IO || st == MED_ERR_NOMEM) {
            cli_error_at(&e);
            return -1;
        }
        if (st == MED_OK && fields == NULL)
            return 0;
        if (st != MED_OK || n <= (size_t)r->col[C_PATIENT])
            continue;
        if (n > (size_t)r->col[C_DATE] && !r->run->o->as_of)
            note_date(r->run->as_of, fields[r->col[C_DATE]], strlen(fields[r->col[C_DATE]]));
        const char *id = fields[r->col[C_PATIENT]];
        if (id[0] == '\0')
            continue;
        if (*sorted && strcmp(id, prev) < 0) {
            *sorted = 0;
            if (r->run->o->as_of)
                return 0;
        }
        copy_cut(prev, sizeof prev, id);
    }
}

/* Whether a record's patient id is too long to be kept (r->current): then it belongs to nobody,
 * reported and counted as next_attributed() reports the others. Asked by the callers, not by
 * next_attributed(): a record of the patient being read has that patient's id, which fits, and
 * streaming then needs no strlen() of every record's id. */
static int id_too_long(reader *r, const char *id, long line)
{
    if (strlen(id) < sizeof r->current)
        return 0;
    unattributed(r, line, "patient_id longer than 255 bytes");
    return 1;
}

/* The next record that belongs to a patient (its id not empty, but perhaps too long: see
 * id_too_long): 1 with its fields and id, 0 at the end, -1 on a read error. Records that belong
 * to nobody are reported and counted on the way. */
static int next_attributed(reader *r, const char *const **fields, size_t *n, long *line,
                           const char **id)
{
    med_error e;
    for (;;) {
        med_status st = med_csv_next(r->csv, fields, n, line, &e);
        if (st == MED_ERR_IO || st == MED_ERR_NOMEM) {
            cli_error_at(&e);
            return -1;
        }
        if (st == MED_OK && *fields == NULL)
            return 0;
        r->run->records++;
        if (st != MED_OK) {
            unattributed(r, e.line, e.message);
            continue;
        }
        *id = *n > (size_t)r->col[C_PATIENT] ? (*fields)[r->col[C_PATIENT]] : "";
        if ((*id)[0] != '\0')
            return 1;
        unattributed(r, *line, *n == r->columns ? "empty patient_id" : "wrong number of fields");
    }
}

/* Streaming: a patient is finished when the next one starts. */
int reader_stream(reader *r)
{
    const char *const *fields;
    const char *id;
    size_t n;
    long line;
    int open = 0, got;
    while ((got = next_attributed(r, &fields, &n, &line, &id)) > 0) {
        int order = open ? strcmp(id, r->current) : 1;
        if (order != 0 && id_too_long(r, id, line))
            continue;
        if (order < 0) {
            /* The first pass found the ids in order; reading on would split a patient in two. */
            say(r, "medcalc: %s:%ld: patient_id '%s' comes after '%s', but the first pass found "
                   "the input sorted by patient_id: did it change while medcalc read it?\n",
                r->run->name, line, id, r->current);
            return -1;
        }
        if (order > 0) {
            if (open && finish_patient(r) != 0)
                return -1;
            memcpy(r->current, id, strlen(id) + 1); /* shorter: id_too_long checked */
            med_patient_reset(r->patient, id);
            r->current_records = 0;
            open = 1;
        }
        if (add_record(r, r->csv, fields, n, line) != 0)
            return -1;
    }
    if (got < 0)
        return -1;
    return open ? finish_patient(r) : 0;
}


static int stream(reader *r)
{
    return reader_start(r) == 0 ? reader_stream(r) : -1;
}

/* --- input not sorted by patient: every record kept until all are read ------------------------ */

typedef struct stored {
    char *blob;      /* the fields, each NUL-terminated, one after another */
    size_t count;    /* fields */
    long line;
    size_t patient;  /* index in order of first appearance */
} stored;

typedef struct memory {
    stored *records;
    size_t count, capacity;
    char **ids;      /* patient ids in order of first appearance */
    size_t id_count, id_capacity;
    size_t *slots;   /* hash of ids -> index */
    size_t slot_capacity;
} memory;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int grow_slots(memory *m)
{
    size_t cap = m->slot_capacity ? m->slot_capacity * 2 : 1024;
    size_t *slots = malloc(cap * sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < cap; i++)
        slots[i] = SIZE_MAX;
    for (size_t i = 0; i < m->id_count; i++) {
        size_t j = hash(m->ids[i]) & (cap - 1);
        while (slots[j] != SIZE_MAX)
            j = (j + 1) & (cap - 1);
        slots[j] = i;
    }
    free(m->slots);
    m->slots = slots;
    m->slot_capacity = cap;
    return 0;
}

static size_t patient_index(memory *m, const char *id)
{
    if ((m->id_count + 1) * 2 > m->slot_capacity && grow_slots(m) != 0)
        return SIZE_MAX;
    size_t mask = m->slot_capacity - 1, j = hash(id) & mask;
    for (; m->slots[j] != SIZE_MAX; j = (j + 1) & mask)
        if (strcmp(m->ids[m->slots[j]], id) == 0)
            return m->slots[j];
    char **ids = cli_room_for_one(m->ids, m->id_count, &m->id_capacity, sizeof *ids, 1024);
    if (ids == NULL)
        return SIZE_MAX;
    m->ids = ids;
    if ((m->ids[m->id_count] = strdup(id)) == NULL)
        return SIZE_MAX;
    m->slots[j] = m->id_count;
    return m->id_count++;
}

static int keep(memory *m, const char *const *fields, size_t n, long line, size_t patient)
{
    size_t size = 0;
    for (size_t i = 0; i < n; i++)
        size += strlen(fields[i]) + 1;
    stored *r = cli_room_for_one(m->records, m->count, &m->capacity, sizeof *r, 4096);
    if (r == NULL)
        return -1;
    m->records = r;
    char *blob = malloc(size ? size : 1), *at = blob;
    if (blob == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(fields[i]) + 1;
        memcpy(at, fields[i], l);
        at += l;
    }
    m->records[m->count++] = (stored){blob, n, line, patient};
    return 0;
}

static void free_memory(memory *m)
{
    for (size_t i = 0; i < m->count; i++)
        free(m->records[i].blob);
    for (size_t i = 0; i < m->id_count; i++)
        free(m->ids[i]);
    free(m->records);
    free(m->ids);
    free(m->slots);
}

static int collect(reader *r, memory *m)
{
    const char *const *fields;
    const char *id;
    size_t n;
    long line;
    int got;
    if (reader_start(r) != 0)
        return -1;
    while ((got = next_attributed(r, &fields, &n, &line, &id)) > 0) {
        if (id_too_long(r, id, line))
            continue;
        size_t p = patient_index(m, id);
        if (p == SIZE_MAX || keep(m, fields, n, line, p) != 0) {
            cli_error("out of memory reading %s", r->run->name);
            return -1;
        }
    }
    return got;
}

/* Hands out the kept records patient by patient (a counting sort keeps each one's order). */
static int replay(reader *r, memory *m)
{
    size_t *start_at = calloc(m->id_count + 1, sizeof *start_at);
    size_t *order = malloc((m->count ? m->count : 1) * sizeof *order);
    const char **fields = malloc(MED_CSV_MAX_FIELDS * sizeof *fields);
    int rc = start_at && order && fields ? 0 : -1;
    if (rc != 0)
        cli_error("out of memory");
    for (size_t i = 0; rc == 0 && i < m->count; i++)
        start_at[m->records[i].patient + 1]++;
    for (size_t p = 0; rc == 0 && p < m->id_count; p++)
        start_at[p + 1] += start_at[p];
    for (size_t i = 0; rc == 0 && i < m->count; i++)
        order[start_at[m->records[i].patient]++] = i;
    for (size_t p = 0, k = 0; rc == 0 && p < m->id_count; p++) {
        copy_cut(r->current, sizeof r->current, m->ids[p]);
        med_patient_reset(r->patient, m->ids[p]);
        r->current_records = 0;
        for (; rc == 0 && k < m->count && m->records[order[k]].patient == p; k++) {
            const stored *s = &m->records[order[k]];
            const char *at = s->blob;
            for (size_t f = 0; f < s->count; f++, at += strlen(at) + 1)
                fields[f] = at;
            rc = add_record(r, NULL, fields, s->count, s->line);
        }
        if (rc == 0)
            rc = finish_patient(r);
    }
    free(start_at);
    free(order);
    free(fields);
    return rc;
}

static int read_in_memory(reader *r)
{
    memory m;
    memset(&m, 0, sizeof m);
    int rc = collect(r, &m);
    if (rc == 0)
        rc = replay(r, &m);
    free_memory(&m);
    return rc;
}

med_status reader_new_patient(patient_run *run, med_patient **out)
{
    med_patient_options po = MED_PATIENT_OPTIONS_INIT;
    med_error e;
    po.shift_early_refills = run->o->shift_early_refills;
    if (run->o->window_days > 0)
        po.window_days = run->o->window_days;
    po.as_of = run->as_of; /* borrowed during med_patient_new() only */
    po.with_events = run->o->events != NULL;
    med_status s = med_patient_new(run->table, run->rules, &po, out, &e);
    if (s != MED_OK)
        cli_error_at(&e);
    return s;
}

/* The exit status of a patient or dashboard the options could not make: the options are
 * wrong (a bad --as-of, --period), unless memory ran out. */
static int usage_or_input(med_status s)
{
    return s == MED_ERR_NOMEM ? EXIT_INPUT : EXIT_USAGE;
}

int for_each_patient(patient_run *run, patient_fn fn, void *context)
{
    med_error e;
    reader r;
    memset(&r, 0, sizeof r);
    r.run = run;
    r.fn = fn;
    r.context = context;
    if ((run->table = cli_load_table(run->o)) == NULL)
        return EXIT_INPUT;
    if (med_rules_load(run->o->rules, &run->rules, &e) != MED_OK) {
        cli_error_at(&e);
        return EXIT_INPUT;
    }
    if (ndc_site_load(run->o, &run->site_list) != 0)
        return EXIT_INPUT;
    /* --as-of, at most 10 bytes as the option has always been read; else the latest fill date,
     * found while the order is checked */
    snprintf(run->as_of, sizeof run->as_of, "%s", run->o->as_of ? run->o->as_of : "");
    med_status st;
    if (run->o->as_of && (st = reader_new_patient(run, &r.patient)) != MED_OK)
        return usage_or_input(st); /* a bad --as-of, before any input is read */
    if (run->o->events) {
        if ((run->events = events_load(run, run->o->events)) == NULL) {
            med_patient_free(r.patient);
            return EXIT_INPUT;
        }
        if (!run->o->as_of) /* the later of the latest event and the latest fill */
            snprintf(run->as_of, sizeof run->as_of, "%s", events_latest(run->events));
    }
    int sorted = 0, rc = -1;
    if ((r.in = open_seekable(run)) != NULL && sorted_by_patient(&r, &sorted) == 0) {
        st = r.patient == NULL ? reader_new_patient(run, &r.patient) : MED_OK;
        if (st == MED_OK && run->ready)
            st = run->ready(run, context);
        if (st != MED_OK) {
            med_csv_free(r.csv);
            med_batch_free(r.batch);
            med_patient_free(r.patient);
            if (r.in != stdin)
                fclose(r.in);
            return usage_or_input(st);
        }
        run->grouped = sorted;
        int threads = cli_threads(run->o);
        /* Several threads for sorted input without quotes; other input is read by one. */
        run->parallel = sorted && r.plain && threads > 1 && run->threads != NULL;
        /* --events: read alongside the claims when both are in patient order, else into memory */
        if (run->events && events_prepare(run->events, sorted) != 0)
            rc = -1; /* reported */
        else
            rc = run->parallel ? fills_stream_threads(&r, threads)
                 : sorted      ? stream(&r)
                               : read_in_memory(&r);
    }
    ndc_lists consulted = ndc_lists_of(r.batch, NULL);
    ndc_lists_text(&consulted, "; ndc lists ", run->ndc_lists, sizeof run->ndc_lists);
    med_csv_free(r.csv);
    med_batch_free(r.batch);
    med_patient_free(r.patient);
    if (r.in && r.in != stdin)
        fclose(r.in);
    if (run->events)
        run->events_unmatched = events_unmatched(run->events);
    if (rc != 0)
        return EXIT_INPUT;
    return run->rejected || run->unattributed || run->events_rejected ? EXIT_ROWS : EXIT_OK;
}

void patient_run_free(patient_run *run)
{
    med_table_free(run->table);
    med_rules_free(run->rules);
    ndc_site_free(&run->site_list);
    events_free(run->events);
}
