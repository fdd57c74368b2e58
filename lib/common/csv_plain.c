/* csv_plain.c: the CSV reader's fast path (see csv_plain.h). Nearly every record of a claims
 * extract has no quote: its fields are the spans between commas, found here with its line feed
 * sixteen bytes at a time (compares of a vector register where SSE2 is there, exact tests on
 * 64-bit words elsewhere: each gives a bit for each comma and each line feed), and the reader's
 * lookout says whether a quote, NUL or CR comes before the line end. */
#include "common/csv_plain.h"

#include <string.h>

#include "common/hints.h"
#include "common/marks.h"
#include "med.h"

#define BLOCK MED__BLOCK

/* The commas and the line feeds among 16 bytes: bit j set when byte j is one. */
typedef struct marks {
    unsigned commas, lfs;
} marks;

/* The marks of the 16 bytes at p. */
static marks marks_at(const unsigned char *p)
{
    marks m = {med__marks(p, ','), med__marks(p, '\n')};
    return m;
}

#if defined(__SSE2__)
/* The 16 bytes at src to dst, each NUL made a comma. */
static void commas_back(char *dst, const char *src)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)src);
    __m128i nuls = _mm_cmpeq_epi8(bytes, _mm_setzero_si128());
    bytes = _mm_or_si128(bytes, _mm_and_si128(nuls, _mm_set1_epi8(',')));
    _mm_storeu_si128((__m128i *)(void *)dst, bytes);
}
#else
/* The 16 bytes at src to dst, each NUL made a comma (a mark, shifted to 0x01 in its own byte,
 * times ','; in whichever order the machine keeps a word's bytes). */
static void commas_back(char *dst, const char *src)
{
    for (int half = 0; half < 2; half++) {
        uint64_t w;
        memcpy(&w, src + 8 * half, sizeof w);
        w |= (med__bytes_equal(w, '\0') >> 7) * ',';
        memcpy(dst + 8 * half, &w, sizeof w);
    }
}
#endif

/* The marks of the `avail` (< 16) bytes at p; `readable`: the bytes from p that may be read
 * (when 16 may, they are, and the bits past `avail` dropped). */
static marks marks_in_tail(const unsigned char *p, size_t avail, size_t readable)
{
    unsigned keep = (1u << avail) - 1;
    marks m;
    if (readable >= BLOCK) {
        m = marks_at(p);
    } else {
        unsigned char padded[BLOCK];
        memset(padded, 'a', sizeof padded);
        memcpy(padded, p, avail);
        m = marks_at(padded);
    }
    m.commas &= keep;
    m.lfs &= keep;
    return m;
}

/* The bytes a plain record may not hold (a line end aside): they need the careful scan. */
static const char SPECIAL[3] = {'"', '\0', '\r'};

/* Looks again for the quote, NUL and CR the lookout has no answer for (see next_special), from
 * `start` to `end` (input offsets); returns the first. Out of line: the split's usual path
 * needs no frame for it. */
static MED__OUT_OF_LINE unsigned long long look_again(const char *buf, unsigned long long start,
                                                      unsigned long long end,
                                                      unsigned long long base,
                                                      med__csv_lookout *l)
{
    unsigned long long first = end, fresh_to = ~0ull;
    for (int j = 0; j < 3; j++) {
        unsigned long long *at = &l->at[j], *to = &l->to[j];
        /* A remembered position stays right while it is at or after this record's start: the
         * reader writes NULs only into records before it. Look again when the record has
         * passed it, or when none was found and more input has been read since (from where
         * the last look ended, unless the record starts later). */
        if (*at < start || (*at == *to && *to < end)) {
            unsigned long long look = *at < start || *to < start ? start : *to;
            const char *p = memchr(buf + (look - base), SPECIAL[j], end - look);
            *at = p ? base + (unsigned long long)(p - buf) : end;
            *to = end;
        }
        if (*at < first)
            first = *at;
        if (*at == *to && *to < fresh_to)
            fresh_to = *to;
    }
    l->first = first;
    l->fresh_to = fresh_to;
    return first;
}

/* The offset in buf of the first quote, NUL or CR at or after buf[from], or len when the input
 * read so far has none. Each is looked for with memchr once and remembered until a record starts
 * past it or, when none was found, until more input is read: a file with no quote is searched
 * for quotes once, however many records it has. */
static size_t next_special(const char *buf, size_t from, size_t len, unsigned long long base,
                           med__csv_lookout *l)
{
    unsigned long long start = base + from, end = base + len;
    if (start <= l->first && end <= l->fresh_to) /* nearly every record: nothing to look at */
        return (size_t)(l->first - base);
    return (size_t)(look_again(buf, start, end, base, l) - base);
}

/* Not plain after all (no line feed in reach, too many fields, a quote, NUL or CR): puts back
 * the commas made NULs, for the careful scan (which reports the record); returns 0. */
static med__csv_split unplain(char *record, const char **fields, size_t count)
{
    for (size_t j = 1; fields && j < count; j++)
        record[fields[j] - record - 1] = ',';
    return (med__csv_split){0, 0};
}

/* The split (see med__csv_split_plain), made part of each of the two calls below, so that
 * each has a loop of its own: C strings (`fields`) or offsets (`starts`, fields NULL). */
static MED__INLINE med__csv_split split(char *buf, size_t start, size_t len,
                                        unsigned long long base, med__csv_lookout *lookout,
                                        const char **fields, uint32_t *starts)
{
    char *record = buf + start;
    const unsigned char *line = (const unsigned char *)record;
    size_t n = len - start, limit = n < MED_CSV_MAX_RECORD ? n : MED_CSV_MAX_RECORD;
    /* Looked for before any comma is made a NUL (the lookout also looks for NULs). */
    size_t special = next_special(buf, start, len, base, lookout) - start;
    size_t k = 1, stop; /* k: the fields begun; stop: the record's line end, the LF or a CR */
    if (fields)
        fields[0] = record;
    else
        starts[0] = 0;
    /* The commas and the line feed in one pass, sixteen bytes at a time: each comma before the
     * line feed starts a field. For C strings the commas are made NULs as they are found, and
     * put back if the record is not plain after all. */
    for (size_t i = 0;; i += BLOCK) {
        /* No line feed in the buffer, or too far; or so many fields that this block could pass
         * the limit (the careful scan then counts them one by one). */
        if (i >= limit || k > MED_CSV_MAX_FIELDS - BLOCK)
            return unplain(record, fields, k);
        marks m = limit - i >= BLOCK ? marks_at(line + i)
                                     : marks_in_tail(line + i, limit - i, n - i);
        unsigned commas = m.lfs ? m.commas & ((1u << med__lowest(m.lfs)) - 1) : m.commas;
        if (fields) {
            for (char *at = record + i; commas; commas &= commas - 1) {
                char *comma = at + med__lowest(commas);
                *comma = '\0';
                fields[k++] = comma + 1;
            }
        } else {
            for (uint32_t at = (uint32_t)i + 1; commas; commas &= commas - 1)
                starts[k++] = at + med__lowest(commas);
        }
        if (m.lfs) {
            stop = i + med__lowest(m.lfs);
            break;
        }
    }
    if (stop > 0 && line[stop - 1] == '\r')
        stop--;
    if (stop == 0 || special < stop) /* an empty line is no record: the careful scan skips it */
        return unplain(record, fields, k);
    if (!fields)
        starts[k] = (uint32_t)stop + 1; /* as if a field began after the line end */
    return (med__csv_split){k, stop};
}

med__csv_split med__csv_split_plain(char *buf, size_t start, size_t len,
                                    unsigned long long base, med__csv_lookout *lookout,
                                    const char **fields)
{
    return split(buf, start, len, base, lookout, fields, NULL);
}

med__csv_split med__csv_split_offsets(const char *buf, size_t start, size_t len,
                                      unsigned long long base, med__csv_lookout *lookout,
                                      uint32_t *starts)
{
    /* Nothing is written to buf without fields: the cast only lets the two share a loop. */
    return split((char *)(uintptr_t)buf, start, len, base, lookout, NULL, starts);
}

void med__csv_plain_text(char *dst, const char *record, size_t len)
{
    if (len < BLOCK) {
        for (size_t i = 0; i < len; i++)
            dst[i] = record[i] ? record[i] : ',';
        return;
    }
    /* Blocks of 16; the bytes after the last whole block as the block that ends at len,
     * overlapping the one before (it writes the same bytes again), so no byte past the record
     * is read or written. */
    size_t i = 0;
    for (; i + BLOCK <= len; i += BLOCK)
        commas_back(dst + i, record + i);
    if (i < len)
        commas_back(dst + len - BLOCK, record + len - BLOCK);
}
