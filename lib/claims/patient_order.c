/* med_patient_order: whether claims come in patient order, and their latest fill date, from
 * CSV text with no quote character (each line a record), in one pass over its bytes 64 at a
 * time (marks.h compares sixteen at once). A reader of patients makes this pass before it reads
 * the records (to know whether it may take them patient by patient as they come), so it looks
 * at no more than it must: the line feeds, and the commas of each line up to its patient id and
 * fill date. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/dates.h"
#include "common/hints.h"
#include "common/marks.h"
#include "med.h"

/* Ids are compared on their first ID_MAX - 1 bytes (longer ones are cut). */
#define ID_MAX 1024
#define DATE_LEN 10

struct med_patient_order {
    long id_column, date_column; /* date_column -1: dates are not looked at */
    long last_column;            /* the last column a line is split up to */
    size_t *starts;              /* [last_column + 2]: where the fields of the line at hand start
                                  * (past the last one split: one past its end) */
    int sorted;
    size_t first_len, last_len;  /* 0: no id yet */
    char first[ID_MAX], last[ID_MAX];
    /* The last id's bytes: `last`, or during med_patient_order_lines() where the id lies in the
     * text (copied to `last` before the call returns). A new patient's id is then only pointed
     * to, not copied: a copy a patient cost more than the rest of the check of its lines. */
    const char *last_at;
    char latest[DATE_LEN + 1];   /* "" for none yet */
};

med_status med_patient_order_new(long id_column, long date_column, med_patient_order **out)
{
    if (out != NULL)
        *out = NULL;
    if (out == NULL || id_column < 0)
        return MED_ERR_ARGUMENT;
    if (id_column >= MED_CSV_MAX_FIELDS || date_column >= MED_CSV_MAX_FIELDS)
        return MED_ERR_ARGUMENT;
    med_patient_order *o = calloc(1, sizeof *o);
    long last = id_column > date_column ? id_column : date_column;
    size_t *starts = malloc(((size_t)last + 2) * sizeof *starts);
    if (o == NULL || starts == NULL) {
        free(o);
        free(starts);
        return MED_ERR_NOMEM;
    }
    o->starts = starts;
    o->id_column = id_column;
    o->date_column = date_column < 0 ? -1 : date_column;
    o->last_column = last;
    o->sorted = 1;
    o->last_at = o->last;
    *out = o;
    return MED_OK;
}

void med_patient_order_free(med_patient_order *order)
{
    if (order)
        free(order->starts);
    free(order);
}

int med_patient_order_sorted(const med_patient_order *order)
{
    return order ? order->sorted : 0;
}

const char *med_patient_order_latest(const med_patient_order *order)
{
    return order ? order->latest : "";
}

/* The eight bytes at p as a number whose order is theirs byte by byte: one load (and a byte
 * swap on a little-endian machine). */
static inline uint64_t ordered8(const char *p)
{
    uint64_t w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&w, p, sizeof w);
    w = __builtin_bswap64(w);
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    memcpy(&w, p, sizeof w);
#else
    w = 0;
    for (int k = 0; k < 8; k++)
        w = w << 8 | (unsigned char)p[k];
#endif
    return w;
}

/* Whether the ten bytes at a come after the ten at b, byte by byte (memcmp's order, without a
 * call: once a line). */
static inline int after10(const char *a, const char *b)
{
    uint64_t x = ordered8(a), y = ordered8(b);
    if (x != y)
        return x > y;
    unsigned tail_a = (unsigned char)a[8] << 8 | (unsigned char)a[9];
    return tail_a > ((unsigned char)b[8] << 8 | (unsigned)(unsigned char)b[9]);
}

/* Raises `latest` to the ten bytes at `date` when they are a later date. The text compare first
 * (most dates are not later), then the parse: dates written YYYY-MM-DD sort as their days do. */
static inline void raise_date(char latest[DATE_LEN + 1], const char *date)
{
    char text[DATE_LEN + 1];
    long day;
    if (latest[0] && !after10(date, latest))
        return;
    memcpy(text, date, DATE_LEN);
    text[DATE_LEN] = '\0';
    if (med__date_parse(text, &day) == 0)
        memcpy(latest, text, sizeof text);
}

/* Whether a[0..n) and b[0..n) are the same bytes: by words of eight (the last one overlapping the
 * word before) when n is eight or more, else byte by byte. Inline: once a line. */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    if (n < 8) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return 0;
        return 1;
    }
    for (size_t i = 0; i + 8 < n; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return 0;
    }
    memcpy(&x, a + n - 8, 8);
    memcpy(&y, b + n - 8, 8);
    return x == y;
}

/* Compares id[0..n) with the last id, as the ids are ordered: byte by byte, a prefix first.
 * Eight bytes at a time as numbers in byte order (ordered8), without a call: once a patient. */
static int compare_last(const med_patient_order *o, const char *id, size_t n)
{
    const char *last = o->last_at;
    size_t common = n < o->last_len ? n : o->last_len, i = 0;
    for (; i + 8 <= common; i += 8) {
        uint64_t x = ordered8(id + i), y = ordered8(last + i);
        if (x != y)
            return x < y ? -1 : 1;
    }
    for (; i < common; i++)
        if (id[i] != last[i])
            return (unsigned char)id[i] < (unsigned char)last[i] ? -1 : 1;
    return (n > o->last_len) - (n < o->last_len);
}

/* An id as it is kept: its first ID_MAX - 1 bytes. */
static size_t kept_len(size_t n)
{
    return n < ID_MAX ? n : ID_MAX - 1;
}

static void keep_id(char *to, size_t *to_len, const char *id, size_t n)
{
    *to_len = kept_len(n);
    memcpy(to, id, *to_len);
}

/* The last id into the check's own bytes, when it lies in the text of the call returning. */
static void keep_last(med_patient_order *o)
{
    if (o->last_at != o->last)
        memcpy(o->last, o->last_at, o->last_len);
    o->last_at = o->last;
}

/* The line text[line..stop) (its line end left out) into the check: its fields 0 to `fields`
 * (at most the last column looked at) start at o->starts[0..fields], each ended one byte before
 * the next starts (o->starts[fields + 1] is one past the last one's end). */
static MED__INLINE void take_line(med_patient_order *o, const char *text, size_t line, size_t stop,
                             long fields)
{
    const size_t *at = o->starts;
    long c = o->id_column;
    /* An empty line holds no record. A line too short to reach its id column is a record of
     * nobody, which the reader of the records refuses whole: its date is none either. */
    if (stop == line || c > fields)
        return;
    long d = o->date_column;
    if (d >= 0 && d <= fields && at[d + 1] - 1 - at[d] == DATE_LEN)
        raise_date(o->latest, text + at[d]);
    if (!o->sorted || at[c + 1] - 1 == at[c])
        return; /* already out of order, or an empty id: nothing to compare */
    const char *id = text + at[c];
    size_t n = at[c + 1] - 1 - at[c];
    /* Most lines are of the patient of the line before: one compare tells. */
    if (n == o->last_len && same_bytes(id, o->last_at, n))
        return;
    if (o->first_len == 0)
        keep_id(o->first, &o->first_len, id, n);
    if (compare_last(o, id, n) < 0) {
        o->sorted = 0;
    } else { /* a later id (an equal one returned above): kept where it lies until the end */
        o->last_at = id;
        o->last_len = kept_len(n);
    }
}

/* The bytes of text taken at a time: each a bit of a 64-bit mask. */
#define SPAN 64

/* The marks of text[i..len) (64 bytes, or the fewer left, copied to be read): the commas, and
 * the line feeds with (when `careful`: the text has some) the quotes and CRs, which may end a
 * record where a line does not end, and the NUL bytes, for which the reader refuses a record. */
typedef struct span_marks {
    uint64_t commas, ends;
} span_marks;

static span_marks marks_at(const unsigned char *text, size_t i, size_t len, int careful)
{
    unsigned char padded[SPAN];
    const unsigned char *p = text + i;
    uint64_t keep = ~(uint64_t)0;
    if (len - i < SPAN) {
        memset(padded, 'a', sizeof padded);
        memcpy(padded, p, len - i);
        p = padded;
        keep = ((uint64_t)1 << (len - i)) - 1;
    }
    span_marks m = {med__marks64(p, ',') & keep, med__marks64(p, '\n') & keep};
    if (careful)
        m.ends |= (med__marks64(p, '"') | med__marks64(p, '\r') | med__marks64(p, '\0')) & keep;
    return m;
}

/* The scan: the bits of each span of text are taken in order, the commas of a line only up to
 * its last column looked at, then its line end. The state of the line at hand (where it and
 * its current field start, which field that is, where the id and the date lie) is kept in
 * locals from span to span. *used: where the lines taken end. */
static med_status scan(med_patient_order *o, const char *text, size_t len, int at_end,
                       size_t *used)
{
    const unsigned char *t = (const unsigned char *)text;
    /* Most texts have no quote, CR or NUL: then their spans need not be searched for them. */
    int careful = len > 0 && (memchr(text, '"', len) || memchr(text, '\r', len) ||
                              memchr(text, '\0', len));
    size_t line = 0, *starts = o->starts;
    long column = 0, last = o->last_column;
    starts[0] = 0;
    for (size_t i = 0; i < len; i += SPAN) {
        span_marks m = marks_at(t, i, len, careful);
        for (;;) {
            uint64_t end = m.ends & (~m.ends + 1); /* the first line end (or odd byte) left */
            uint64_t commas = column <= last ? m.commas & (end ? end - 1 : ~(uint64_t)0) : 0;
            for (; commas && column <= last; commas &= commas - 1)
                starts[++column] = i + med__lowest64(commas) + 1;
            if (end == 0)
                break;
            size_t at = i + med__lowest64(end);
            m.ends &= m.ends - 1;
            m.commas &= ~(end | (end - 1));
            if (t[at] != '\n') {
                /* A CR just before a line feed ends the line; a CR at the end of the text is
                 * judged when its line is (its line feed may be in the next text). */
                if (t[at] == '\r' && (at + 1 == len || t[at + 1] == '\n'))
                    continue;
                /* A quote, or a CR that ends a record, not a line; a NUL byte, for which
                 * med_csv_next refuses the record (its id and date are then no one's). */
                return MED_ERR_SYNTAX;
            }
            size_t stop = at > line && t[at - 1] == '\r' ? at - 1 : at;
            if (column <= last)
                starts[column + 1] = stop + 1;
            take_line(o, text, line, stop, column <= last ? column : last);
            line = starts[0] = at + 1;
            *used = line;
            column = 0;
        }
    }
    if (at_end && line < len) { /* the last line, without a line feed */
        size_t stop = t[len - 1] == '\r' ? len - 1 : len;
        if (column <= last)
            starts[column + 1] = stop + 1;
        take_line(o, text, line, stop, column <= last ? column : last);
        *used = len;
    }
    return MED_OK;
}

med_status med_patient_order_lines(med_patient_order *o, const char *text, size_t len,
                                   int at_end, size_t *used)
{
    if (used != NULL)
        *used = 0;
    if (o == NULL || (text == NULL && len > 0) || used == NULL)
        return MED_ERR_ARGUMENT;
    med_status st = scan(o, text, len, at_end, used);
    keep_last(o); /* the text is the caller's again */
    return st;
}

med_status med_patient_order_merge(med_patient_order *order, const med_patient_order *next)
{
    if (order == NULL || next == NULL)
        return MED_ERR_ARGUMENT;
    if (next->latest[0])
        raise_date(order->latest, next->latest);
    if (next->first_len == 0)
        return MED_OK; /* no id in the next text */
    if (order->first_len == 0)
        keep_id(order->first, &order->first_len, next->first, next->first_len);
    if (!next->sorted || compare_last(order, next->first, next->first_len) < 0)
        order->sorted = 0;
    keep_id(order->last, &order->last_len, next->last, next->last_len);
    return MED_OK;
}
