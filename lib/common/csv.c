/*
 * csv.c: a streaming RFC 4180 reader (med_csv_*) and the field quoting writers use.
 *
 * Input arrives through the caller's med_read_fn into one buffer that always holds the current
 * record from its first byte. Fields are then NUL-terminated and unescaped in place, so a record
 * costs no allocation, and a malformed record can be read again from a later line. A record with
 * no quoted field read by med_csv_next_record is only split, not written: its fields are found
 * by their offsets (med_csv_field), and its bytes stay as they were read. The buffer
 * grows with the record, never beyond MED_CSV_MAX_RECORD plus one read chunk, however long the
 * input is.
 *
 * Where we go beyond (or against) RFC 4180, for the files our users have:
 *  - A UTF-8 byte order mark at the very start is skipped; columns count from the byte after it.
 *  - A line ends with LF, CRLF or a bare CR (old Mac files). Inside quotes each of these counts
 *    as one line for line numbers and is kept in the field as it was.
 *  - A line that is exactly empty is skipped, not read as a record with one empty field. A line
 *    holding only "" is such a record; a line of spaces is a record with one field of spaces.
 *  - After an error the reader resumes at the start of the line after the one the error points
 *    at. An unterminated quoted field (or one still open when the record passes the size limit)
 *    is reported where its quote opened, so the reader goes back to the line after that one: the
 *    lines a stray quote swallowed are read again, and each physical record still yields one
 *    record or one error, in order. Lines that are exactly empty yield nothing.
 *  - After a read error (MED_ERR_IO) every later call reports the end of the input.
 */
#include "common/csv_plain.h"
#include "common/csv_private.h"
#include "common/error.h"
#include "common/hints.h"
#include "med.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Bytes asked of the read callback at a time. */
#define CHUNK ((size_t)64 * 1024)
/* The largest buffer: a record at the limit, its line end and one byte of lookahead, the spare
 * byte a final NUL needs, and room for one more read. */
#define BUF_MAX ((size_t)MED_CSV_MAX_RECORD + CHUNK + 4)
/* Bytes of input quoted in an error's text. */
#define EXCERPT 32

/* Where a field's content lies, as offsets from the start of its record. */
typedef struct field {
    size_t start, end; /* end is the byte after the content: a separator or closing quote */
    int escaped;       /* the content holds "" pairs to fold into one quote */
    int quoted;        /* set by publish(): the field was written in quotes */
    size_t len;        /* set by publish(): the content's length once unescaped */
} field;

struct med_csv {
    med_read_fn read;
    void *context;
    char *name;           /* copy of the caller's name, or NULL for "<input>" */
    char *buf;            /* holds the current record from buf[start] to buf[len] */
    size_t cap, start, len;
    unsigned long long base; /* input bytes before buf[0] (med_csv_position) */
    long line;            /* line number of buf[start] */
    int eof;              /* the callback has reported the end of input */
    int done;             /* a read failed: report end of input from now on */
    int bom_checked;      /* the start of the input has been looked at */
    int skip;             /* an error was reported: drop the rest of its line first */
    int have_record;      /* the last med_csv_next returned a record (fields are its) */
    med__csv_lookout lookout; /* where the next quote, NUL and CR lie (csv_plain.h) */
    int plain;            /* the current record had no quoted field (fields are contiguous) */
    size_t plain_end;     /* then: the offset of its line end from its first byte */
    /* then, when read by med_csv_next_record (fields were not made): its first byte, and where
     * each field starts (see med__csv_split_offsets); NULL otherwise */
    const char *record;
    uint32_t *starts;     /* MED_CSV_MAX_FIELDS + 1 */
    int borrowed;         /* buf is the caller's (med_csv_new_in_place): never grown or freed */
    size_t nfields;
    field *desc;          /* MED_CSV_MAX_FIELDS */
    const char **fields;  /* MED_CSV_MAX_FIELDS + 1, what med_csv_next hands out */
};

/* The scan of one record. Offsets count from the record's first byte, so they survive the
 * buffer being compacted or grown; r and n are refreshed whenever that happens. */
typedef struct cursor {
    med_csv *c;
    med_error *e;
    char *r;        /* c->buf + c->start */
    size_t n;       /* bytes available from r */
    size_t i;       /* next byte to look at */
    long line;      /* line of byte i */
    size_t lstart;  /* offset where that line starts */
    size_t fstart;  /* offset where the current field starts */
    int inq;        /* inside a quoted field, opened at: */
    size_t qopen;   /*   offset of its quote */
    long qline;     /*   line of its quote */
    size_t qlstart; /*   start of that line */
    size_t qnl;     /*   offset just past the first line end inside it, 0 before one */
} cursor;

/* Bytes that end a run of ordinary content, unquoted and quoted. */
static const unsigned char plain_stop[256] = {[0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1,
                                              ['\n'] = 1};
static const unsigned char quoted_stop[256] = {[0] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1};

/* ---- buffer ---------------------------------------------------------------------------------- */

/* Moves the current record to the front of the buffer and grows the buffer when the record
 * fills half of it, so each read has room for a good chunk. */
static med_status make_room(med_csv *c)
{
    if (c->start > 0) {
        c->base += c->start;
        memmove(c->buf, c->buf + c->start, c->len - c->start);
        c->len -= c->start;
        c->start = 0;
    }
    if (c->cap - 1 - c->len >= CHUNK / 2 || c->cap >= BUF_MAX)
        return MED_OK;
    size_t cap = c->cap * 2 < BUF_MAX ? c->cap * 2 : BUF_MAX;
    char *buf = realloc(c->buf, cap);
    if (buf == NULL)
        return MED_ERR_NOMEM;
    c->buf = buf;
    c->cap = cap;
    return MED_OK;
}

static const char *source_name(const med_csv *c)
{
    return c->name ? c->name : "<input>";
}

static int to_int(long v)
{
    return v > INT_MAX ? INT_MAX : (int)v;
}

/* Reads more input after what the buffer holds, keeping one byte spare for a final NUL. A
 * reader in place has all its input already (and no callback): its buffer is never moved. */
static med_status fill(med_csv *c, med_error *e, long line)
{
    if (c->borrowed) {
        c->eof = 1;
        return MED_OK;
    }
    if (make_room(c) != MED_OK)
        return med__fail(e, MED_ERR_NOMEM, source_name(c), to_int(line), 0, NULL,
                         "out of memory growing the CSV buffer to hold a record");
    size_t room = c->cap - 1 - c->len;
    if (room == 0) /* cannot happen: need() stops a record at the limit first */
        return med__fail(e, MED_ERR_LIMIT, source_name(c), to_int(line), 0, NULL,
                         "record longer than %u bytes", MED_CSV_MAX_RECORD);
    int failed = 0;
    size_t got = c->read(c->context, c->buf + c->len, room, &failed);
    if (failed || got > room) {
        c->done = 1;
        return med__fail(e, MED_ERR_IO, source_name(c), to_int(line), 0, NULL, "%s",
                         failed ? "read failed" : "read callback returned more than it was asked");
    }
    if (got == 0)
        c->eof = 1;
    c->len += got;
    return MED_OK;
}

/* ---- cursor ---------------------------------------------------------------------------------- */

static void cursor_reset(cursor *k)
{
    k->r = k->c->buf + k->c->start;
    k->n = k->c->len - k->c->start;
    k->i = 0;
    k->line = k->c->line;
    k->lstart = 0;
    k->fstart = 0;
    k->inq = 0;
}

/* Drops `bytes` from the front of the record (a BOM, a blank line) and starts over after them. */
static void advance(cursor *k, size_t bytes, long lines)
{
    k->c->start += bytes;
    k->c->line += lines;
    cursor_reset(k);
}

/* An error's place and an excerpt of the input there (a C string: control bytes as \xHH). */
typedef struct where {
    int line, column;
    char text[4 * EXCERPT + 8];
} where;

static where where_at(const cursor *k, long line, size_t lstart, size_t off, size_t from)
{
    where w = {to_int(line), to_int((long)(off - lstart + 1)), ""};
    size_t o = 0, j = from < lstart ? lstart : from;
    size_t end = j + EXCERPT < k->n ? j + EXCERPT : k->n;
    static const char hex[] = "0123456789abcdef";
    for (; j < end && k->r[j] != '\n' && k->r[j] != '\r'; j++) {
        unsigned char ch = (unsigned char)k->r[j];
        if (ch < 0x20 || ch == 0x7f) {
            w.text[o++] = '\\';
            w.text[o++] = 'x';
            w.text[o++] = hex[ch >> 4];
            w.text[o++] = hex[ch & 15];
        } else {
            w.text[o++] = (char)ch;
        }
    }
    int cut = j == end && end < k->n && k->r[j] != '\n' && k->r[j] != '\r';
    strcpy(w.text + o, cut ? "..." : "");
    return w;
}

/* The error is at byte i: resume at the line after it. */
static void resume_next_line(cursor *k)
{
    k->c->start += k->i;
    k->c->line = k->line;
    k->c->skip = 1;
}

/* The error points at the open quote: resume at the line after the quote's, which is already
 * in the buffer, or (when no line has ended since the quote) after the current line. */
static void resume_after_quote(cursor *k)
{
    if (k->qnl == 0) {
        resume_next_line(k);
        return;
    }
    k->c->start += k->qnl;
    k->c->line = k->qline + 1;
}

static med_status too_long(cursor *k)
{
    if (k->inq) {
        where w = where_at(k, k->qline, k->qlstart, k->qopen, k->qopen);
        resume_after_quote(k);
        return med__fail(k->e, MED_ERR_LIMIT, source_name(k->c), w.line, w.column, w.text,
                         "record longer than %u bytes: the quoted field opened at line %d "
                         "column %d is still open; expected a closing \"",
                         MED_CSV_MAX_RECORD, w.line, w.column);
    }
    /* Point at the first byte over the limit. The scan may have gone further, but only along
     * the same line (lines change inside quotes only), so that byte is on the current line. */
    where w = where_at(k, k->line, k->lstart, MED_CSV_MAX_RECORD, k->lstart);
    resume_next_line(k);
    return med__fail(k->e, MED_ERR_LIMIT, source_name(k->c), w.line, w.column, w.text,
                     "record longer than %u bytes: expected a line end by here",
                     MED_CSV_MAX_RECORD);
}

/* Makes at least `want` bytes of the record available, unless the input ends first.
 *
 * It also checks the record limit: the scan calls need() (or checks i itself) before every
 * change of state (a field ends or starts, a quote opens or closes, a line ends inside quotes),
 * so the limit is found in the same state however the input was split into chunks, and the
 * buffer never has to hold more than the limit plus one read. */
static med_status need(cursor *k, size_t want)
{
    if (k->i > MED_CSV_MAX_RECORD)
        return too_long(k);
    while (k->n < want && !k->c->eof) {
        med_status st = fill(k->c, k->e, k->line);
        if (st != MED_OK)
            return st;
        k->r = k->c->buf + k->c->start;
        k->n = k->c->len - k->c->start;
    }
    return MED_OK;
}

/* ---- errors at byte i ------------------------------------------------------------------------ */

static med_status fail_here(cursor *k, med_status code, const char *message)
{
    where w = where_at(k, k->line, k->lstart, k->i, k->fstart);
    resume_next_line(k);
    return med__fail(k->e, code, source_name(k->c), w.line, w.column, w.text, "%s", message);
}

static med_status nul_byte(cursor *k)
{
    return fail_here(k, MED_ERR_SYNTAX, "NUL byte in record");
}

static med_status unterminated(cursor *k)
{
    where w = where_at(k, k->qline, k->qlstart, k->qopen, k->qopen);
    resume_after_quote(k);
    return med__fail(k->e, MED_ERR_SYNTAX, source_name(k->c), w.line, w.column, w.text,
                     "unterminated quoted field opened at line %d column %d: expected a "
                     "closing \"",
                     w.line, w.column);
}

static med_status too_many_fields(cursor *k)
{
    where w = where_at(k, k->line, k->lstart, k->i, k->i);
    resume_next_line(k);
    return med__fail(k->e, MED_ERR_LIMIT, source_name(k->c), w.line, w.column, w.text,
                     "record has more than %d fields: a record may have at most %d",
                     MED_CSV_MAX_FIELDS, MED_CSV_MAX_FIELDS);
}

/* ---- fields ---------------------------------------------------------------------------------- */

static void push_field(med_csv *c, size_t start, size_t end, int escaped)
{
    field *f = &c->desc[c->nfields++];
    f->start = start;
    f->end = end;
    f->escaped = escaped;
}

/* An unquoted field: runs to a comma, a line end or the end of input. */
static med_status plain_field(cursor *k)
{
    for (;;) {
        const char *r = k->r;
        size_t i = k->i, n = k->n;
        while (i < n && !plain_stop[(unsigned char)r[i]])
            i++;
        k->i = i;
        if (i > MED_CSV_MAX_RECORD)
            return too_long(k);
        if (i < n || k->c->eof)
            break;
        med_status st = need(k, i + 1);
        if (st != MED_OK)
            return st;
    }
    if (k->i < k->n && k->r[k->i] == '"')
        return fail_here(k, MED_ERR_SYNTAX, "quote inside an unquoted field: expected the whole "
                                            "field in quotes, with \"\" for each quote in it");
    if (k->i < k->n && k->r[k->i] == '\0')
        return nul_byte(k);
    push_field(k->c, k->fstart, k->i, 0);
    return MED_OK;
}

/* A line end inside quotes: counted, and kept in the field. */
static med_status quoted_line_end(cursor *k)
{
    size_t next = k->i + 1;
    if (k->r[k->i] == '\r') {
        med_status st = need(k, k->i + 2);
        if (st != MED_OK)
            return st;
        if (next < k->n && k->r[next] == '\n')
            next++;
    }
    k->i = next;
    k->line++;
    k->lstart = next;
    if (k->qnl == 0)
        k->qnl = next;
    return MED_OK;
}

/* After a closing quote only a comma, a line end or the end of input may follow. */
static med_status after_quote(cursor *k)
{
    med_status st = need(k, k->i + 1);
    if (st != MED_OK || k->i == k->n)
        return st;
    char ch = k->r[k->i];
    if (ch == ',' || ch == '\n' || ch == '\r')
        return MED_OK;
    if (ch == '\0')
        return nul_byte(k);
    return fail_here(k, MED_ERR_SYNTAX,
                     "unexpected character after a closing quote: expected a comma or a line end "
                     "(a quote inside a quoted field is written \"\")");
}

/* Looks at the byte after a quote inside a quoted field: a second quote is an escaped quote,
 * anything else means this quote closed the field. */
static med_status quote_in_quotes(cursor *k, int *escaped, int *closed)
{
    med_status st = need(k, k->i + 2);
    if (st != MED_OK)
        return st;
    if (k->i + 1 < k->n && k->r[k->i + 1] == '"') {
        *escaped = 1;
        k->i += 2;
        return MED_OK;
    }
    *closed = 1;
    k->inq = 0;
    push_field(k->c, k->fstart + 1, k->i, *escaped);
    k->i++;
    return after_quote(k);
}

/* A quoted field, k->i at its opening quote: runs to the closing quote, across lines. */
static med_status quoted_field(cursor *k)
{
    int escaped = 0, closed = 0;
    k->inq = 1;
    k->qopen = k->i++;
    k->qline = k->line;
    k->qlstart = k->lstart;
    k->qnl = 0;
    while (!closed) {
        const char *r = k->r;
        size_t i = k->i, n = k->n;
        while (i < n && !quoted_stop[(unsigned char)r[i]])
            i++;
        k->i = i;
        med_status st;
        if (i > MED_CSV_MAX_RECORD)
            st = too_long(k);
        else if (i == n)
            st = k->c->eof ? unterminated(k) : need(k, i + 1);
        else if (r[i] == '"')
            st = quote_in_quotes(k, &escaped, &closed);
        else if (r[i] == '\0')
            st = nul_byte(k);
        else
            st = quoted_line_end(k);
        if (st != MED_OK)
            return st;
    }
    return MED_OK;
}

/* ---- records --------------------------------------------------------------------------------- */

/* Folds each "" into one quote, in place; returns the new length. */
static size_t unescape(char *s, size_t len)
{
    size_t w = 0;
    for (size_t j = 0; j < len; j++) {
        char ch = s[j];
        s[w++] = ch;
        if (ch == '"')
            j++;
    }
    return w;
}

/* Turns the field descriptions into C strings inside the buffer. Each terminating NUL lands on
 * the field's separator, closing quote or line end, or (at the end of input) on the spare byte
 * fill() keeps, so no field is disturbed. */
static void publish(cursor *k)
{
    med_csv *c = k->c;
    /* Locals: the stores into the record's bytes could otherwise alias the reader's fields,
     * and each would be read again for every field. */
    char *r = k->r;
    field *desc = c->desc;
    const char **fields = c->fields;
    size_t count = c->nfields;
    if (c->plain) { /* nearly every record: plain_record() set the pointers and NULs */
        r[c->plain_end] = '\0';
        fields[count] = NULL;
        return;
    }
    for (size_t j = 0; j < count; j++)
        desc[j].quoted = desc[j].start > 0 && r[desc[j].start - 1] == '"';
    for (size_t j = 0; j < count; j++) {
        field *f = &desc[j];
        char *s = r + f->start;
        size_t len = f->end - f->start;
        if (f->escaped)
            len = unescape(s, len);
        s[len] = '\0';
        f->len = len;
        fields[j] = s;
    }
    fields[count] = NULL;
}

/* k->i is at the record's line end (or the end of input): publish it and step past. */
static med_status end_record(cursor *k)
{
    size_t end = k->i, next = k->i;
    long lines = 0;
    if (end > MED_CSV_MAX_RECORD)
        return too_long(k);
    if (end < k->n) {
        next = end + 1;
        lines = 1;
        if (k->r[end] == '\r') {
            med_status st = need(k, end + 2);
            if (st != MED_OK)
                return st;
            if (next < k->n && k->r[next] == '\n')
                next++;
        }
    }
    publish(k);
    k->c->start += next;
    k->c->line = k->line + lines;
    return MED_OK;
}

/* ---- the plain record (csv_plain.c) ----------------------------------------------------------- */

/* The common case, a record with no quote, NUL or CR (see med__csv_split_plain). */
static int plain_record(cursor *k)
{
    if (k->i != 0)
        return 0;
    med__csv_split got = med__csv_split_plain(k->c->buf, k->c->start, k->c->len, k->c->base,
                                              &k->c->lookout, k->c->fields);
    size_t count = got.count, end = got.end;
    if (count == 0)
        return 0;
    k->c->nfields = count;
    k->c->plain_end = end;
    k->i = end;
    return 1;
}

/* The same record without the cursor's machinery, when the reader stands at a record's first
 * byte (no line to drop after an error or byte order mark to skip; split_plain declines a blank
 * line) and the whole plain record is in the buffer: nearly every call. Returns 0 when it is
 * not so (nothing changed); the careful scan then reads the record. Ends it as end_record()
 * does: the line end split_plain found is a LF, or a CR with the LF after it. `strings`: its
 * fields are made C strings (med_csv_next), else only found (med_csv_next_record). */
static MED__INLINE int next_plain(med_csv *c, int strings)
{
    if (c->skip || !c->bom_checked)
        return 0;
    med__csv_split got = strings ? med__csv_split_plain(c->buf, c->start, c->len, c->base,
                                                        &c->lookout, c->fields)
                                 : med__csv_split_offsets(c->buf, c->start, c->len, c->base,
                                                          &c->lookout, c->starts);
    size_t count = got.count, end = got.end;
    if (count == 0)
        return 0;
    char *r = c->buf + c->start;
    c->plain = 1;
    c->nfields = count;
    c->plain_end = end;
    c->record = strings ? NULL : r;
    c->start += end + (r[end] == '\r' ? 2 : 1);
    c->line++;
    if (strings) {
        r[end] = '\0';
        c->fields[count] = NULL;
    }
    return 1;
}

static med_status parse_record(cursor *k)
{
    k->c->record = NULL;
    k->c->plain = plain_record(k);
    if (k->c->plain)
        return end_record(k);
    k->c->nfields = 0;
    for (;;) {
        k->fstart = k->i;
        if (k->c->nfields == MED_CSV_MAX_FIELDS)
            return too_many_fields(k);
        med_status st = need(k, k->i + 1);
        if (st == MED_OK)
            st = k->i < k->n && k->r[k->i] == '"' ? quoted_field(k) : plain_field(k);
        if (st != MED_OK)
            return st;
        if (k->i == k->n || k->r[k->i] != ',')
            return end_record(k);
        k->i++;
    }
}

/* ---- skipping -------------------------------------------------------------------------------- */

/* Skips a byte order mark at the start of the input and lines that are exactly empty. Returns
 * with the cursor at a record's first byte, or with k->n == 0 at the end of the input. */
static med_status skip_blank(cursor *k)
{
    med_status st;
    if (!k->c->bom_checked) {
        if ((st = need(k, 3)) != MED_OK)
            return st;
        k->c->bom_checked = 1;
        if (k->n >= 3 && memcmp(k->r, "\xEF\xBB\xBF", 3) == 0)
            advance(k, 3, 0);
    }
    for (;;) {
        if ((st = need(k, 1)) != MED_OK)
            return st;
        if (k->n == 0 || (k->r[0] != '\n' && k->r[0] != '\r'))
            return MED_OK;
        size_t used = 1;
        if (k->r[0] == '\r') {
            if ((st = need(k, 2)) != MED_OK)
                return st;
            if (k->n >= 2 && k->r[1] == '\n')
                used = 2;
        }
        advance(k, used, 1);
    }
}

/* After an error: drops the rest of the physical line it was on, and the line end. */
static med_status skip_line(cursor *k)
{
    for (;;) {
        size_t j = 0;
        while (j < k->n && k->r[j] != '\n' && k->r[j] != '\r')
            j++;
        if (j < k->n) {
            size_t used = j + 1;
            med_status st = k->r[j] == '\r' ? need(k, j + 2) : MED_OK;
            if (st != MED_OK)
                return st;
            if (k->r[j] == '\r' && j + 1 < k->n && k->r[j + 1] == '\n')
                used++;
            advance(k, used, 1);
            break;
        }
        advance(k, k->n, 0);
        if (k->c->eof)
            break;
        med_status st = need(k, 1);
        if (st != MED_OK)
            return st;
    }
    k->c->skip = 0;
    return MED_OK;
}

/* ---- API ------------------------------------------------------------------------------------- */

/* The callback of a reader in place, which has all its input from the start. */
static size_t no_more_input(void *context, char *buf, size_t capacity, int *failed)
{
    (void)context, (void)buf, (void)capacity, (void)failed;
    return 0;
}

/* A reader whose first byte is on line `first_line`; `at_start`: that byte opens the file. */
static med_status create(med_read_fn read, void *context, const char *name, long first_line,
                         int at_start, med_csv **out)
{
    if (out != NULL)
        *out = NULL;
    if (read == NULL || out == NULL || first_line < 1)
        return MED_ERR_ARGUMENT;
    med_csv *c = calloc(1, sizeof *c);
    if (c == NULL)
        return MED_ERR_NOMEM;
    c->read = read;
    c->context = context;
    c->line = first_line;
    c->bom_checked = !at_start; /* a byte order mark only ever opens a file */
    c->cap = CHUNK + 1;
    c->buf = malloc(c->cap);
    c->desc = malloc(MED_CSV_MAX_FIELDS * sizeof *c->desc);
    c->starts = malloc((MED_CSV_MAX_FIELDS + 1) * sizeof *c->starts);
    c->fields = malloc((MED_CSV_MAX_FIELDS + 1) * sizeof *c->fields);
    if (name != NULL && (c->name = malloc(strlen(name) + 1)) != NULL)
        memcpy(c->name, name, strlen(name) + 1);
    if (c->buf == NULL || c->desc == NULL || c->starts == NULL || c->fields == NULL ||
        (name && c->name == NULL)) {
        med_csv_free(c);
        return MED_ERR_NOMEM;
    }
    *out = c;
    return MED_OK;
}

med_status med_csv_new(med_read_fn read, void *context, const char *name, med_csv **out)
{
    return create(read, context, name, 1, 1, out);
}

med_status med_csv_new_at(med_read_fn read, void *context, const char *name, long first_line,
                          med_csv **out)
{
    return create(read, context, name, first_line, 0, out);
}

void med_csv_free(med_csv *csv)
{
    if (csv == NULL)
        return;
    free(csv->name);
    if (!csv->borrowed)
        free(csv->buf);
    free(csv->desc);
    free(csv->starts);
    free(csv->fields);
    free(csv);
}

/* The careful scan of the next record, when next_plain() declines it (the first record, a
 * quoted field, a line after an error, the end of the buffer): its fields as C strings;
 * csv->have_record says whether there was one, and *first is its line. Out of line: the usual
 * path needs no frame for the cursor. */
static MED__OUT_OF_LINE med_status next_careful(med_csv *csv, long *first, med_error *error)
{
    cursor k = {.c = csv, .e = error};
    cursor_reset(&k);
    med_status st = csv->skip ? skip_line(&k) : MED_OK;
    if (st == MED_OK)
        st = skip_blank(&k);
    if (st != MED_OK || k.n == 0)
        return st;
    *first = k.line;
    if ((st = parse_record(&k)) != MED_OK)
        return st;
    csv->have_record = 1;
    return MED_OK;
}

/* Reads the next record (see next_plain for `strings`); csv->have_record says whether there
 * was one, and *first is its line. */
static MED__INLINE med_status next_record(med_csv *csv, int strings, long *first,
                                          med_error *error)
{
    csv->have_record = 0;
    *first = csv->line;
    if (csv->done)
        return MED_OK;
    if (next_plain(csv, strings)) {
        csv->have_record = 1;
        return MED_OK;
    }
    return next_careful(csv, first, error);
}

med_status med_csv_next(med_csv *csv, const char *const **fields, size_t *count, long *line,
                        med_error *error)
{
    if (fields != NULL)
        *fields = NULL;
    if (count != NULL)
        *count = 0;
    if (line != NULL)
        *line = 0;
    if (csv == NULL || fields == NULL || count == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL,
                         "med_csv_next: csv, fields and count must not be NULL");
    long first;
    med_status st = next_record(csv, 1, &first, error);
    if (st != MED_OK || !csv->have_record)
        return st;
    *fields = csv->fields;
    *count = csv->nfields;
    if (line != NULL)
        *line = first;
    return MED_OK;
}

med_status med_csv_next_record(med_csv *csv, size_t *count, long *line, med_error *error)
{
    if (count != NULL)
        *count = 0;
    if (line != NULL)
        *line = 0;
    if (csv == NULL || count == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL,
                         "med_csv_next_record: csv and count must not be NULL");
    long first;
    med_status st = next_record(csv, 0, &first, error);
    if (st != MED_OK || !csv->have_record)
        return st;
    *count = csv->nfields;
    if (line != NULL)
        *line = first;
    return MED_OK;
}

med_csv_span med_csv_field(const med_csv *csv, size_t index)
{
    med_csv_span f = {NULL, 0};
    if (csv == NULL || !csv->have_record || index >= csv->nfields)
        return f;
    if (csv->record) { /* a plain record not made C strings */
        f.text = csv->record + csv->starts[index];
        f.len = csv->starts[index + 1] - csv->starts[index] - 1;
    } else if (csv->plain) { /* one after another, each NUL where its comma was */
        const char *next = index + 1 < csv->nfields ? csv->fields[index + 1]
                                                   : csv->fields[0] + csv->plain_end + 1;
        f.text = csv->fields[index];
        f.len = (size_t)(next - 1 - f.text);
    } else {
        f.text = csv->fields[index];
        f.len = csv->desc[index].len;
    }
    return f;
}

size_t med__csv_count(const med_csv *csv)
{
    return csv != NULL && csv->have_record ? csv->nfields : 0;
}

/* `inline`, a hint (csv_private.h's declaration keeps this the one external definition): a
 * batch asks this of every row for its memo key, and as a call it cost more than its checks. */
inline med_csv_span med__csv_plain_span(const med_csv *csv, size_t first, size_t last)
{
    med_csv_span span = {NULL, 0};
    if (csv == NULL || !csv->have_record || !csv->plain || first > last ||
        last >= csv->nfields)
        return span;
    if (csv->record) {
        span.text = csv->record + csv->starts[first];
        span.len = csv->starts[last + 1] - 1 - csv->starts[first];
        return span;
    }
    const char *stop = last + 1 < csv->nfields ? csv->fields[last + 1] - 1
                                               : csv->fields[0] + csv->plain_end;
    span.text = csv->fields[first];
    span.len = (size_t)(stop - span.text);
    return span;
}

med_status med_csv_new_in_place(char *data, size_t len, size_t capacity, const char *name,
                                long first_line, med_csv **out)
{
    if (out != NULL)
        *out = NULL;
    if (data == NULL || out == NULL || capacity <= len || first_line < 1)
        return MED_ERR_ARGUMENT;
    /* A dummy callback for create(); fill() never calls it on a borrowed buffer. */
    med_status st = create(no_more_input, NULL, name, first_line, 0, out);
    if (st != MED_OK)
        return st;
    med_csv *c = *out;
    free(c->buf);
    c->buf = data;
    c->cap = capacity;
    c->len = len;
    c->borrowed = 1;
    return MED_OK;
}

med_status med_csv_position(const med_csv *csv, unsigned long long *offset, long *line)
{
    if (csv == NULL || offset == NULL || line == NULL)
        return MED_ERR_ARGUMENT;
    if (csv->skip || csv->done)
        return MED_ERR_NOT_FOUND; /* the next record's start is not known yet */
    *offset = csv->base + csv->start;
    *line = csv->line;
    return MED_OK;
}

/* Appends one byte if it fits, leaving room for the NUL; counts it either way. */
static void put(char *buf, size_t capacity, size_t *len, char ch)
{
    if (*len + 1 < capacity)
        buf[*len] = ch;
    (*len)++;
}

size_t med_csv_quote(const char *text, char *buf, size_t capacity)
{
    if (text == NULL)
        text = "";
    if (buf == NULL)
        capacity = 0;
    /* Leading or trailing spaces survive unquoted: our reader keeps them. */
    int quote = text[strcspn(text, ",\"\r\n")] != '\0';
    size_t len = 0;
    if (quote)
        put(buf, capacity, &len, '"');
    for (const char *p = text; *p; p++) {
        put(buf, capacity, &len, *p);
        if (*p == '"')
            put(buf, capacity, &len, '"');
    }
    if (quote)
        put(buf, capacity, &len, '"');
    if (capacity > 0)
        buf[len < capacity ? len : capacity - 1] = '\0';
    return len;
}

/* A record with a quoted field back as CSV (med_csv_record_text): fields read unquoted cannot
 * hold a comma, quote or line end, so they are copied as they are; quoted ones are quoted again
 * only if they need it. Out of line: a plain record's copy needs no frame for it. */
static MED__OUT_OF_LINE size_t fields_text(const med_csv *csv, char *buf, size_t capacity)
{
    size_t need = 0;
    for (size_t j = 0; j < csv->nfields; j++) {
        const field *f = &csv->desc[j];
        if (j > 0) {
            if (need + 1 < capacity)
                buf[need] = ',';
            need++;
        }
        if (f->quoted) {
            size_t room = need < capacity ? capacity - need : 0;
            need += med_csv_quote(csv->fields[j], buf + need, room);
        } else {
            if (need + f->len < capacity)
                memcpy(buf + need, csv->fields[j], f->len);
            need += f->len;
        }
    }
    if (capacity > 0)
        buf[need < capacity ? need : capacity - 1] = '\0';
    return need;
}

/* Writes the record just read back as CSV. */
size_t med_csv_record_text(const med_csv *csv, char *buf, size_t capacity)
{
    if (csv == NULL)
        return 0;
    if (!csv->plain || csv->nfields == 0)
        return fields_text(csv, buf, capacity);
    /* The fields lie one after another, as read or each NUL where its comma was: copy the span. */
    size_t need = csv->plain_end;
    if (need < capacity) {
        if (csv->record)
            memcpy(buf, csv->record, need);
        else
            med__csv_plain_text(buf, csv->fields[0], need);
        buf[need] = '\0';
    } else if (capacity > 0) {
        buf[0] = '\0';
    }
    return need;
}
