/* csv_plain.c: the CSV reader's fast path (see csv_plain.h). Nearly every record of a claims
 * extract has no quote: its fields are the spans between commas, found here sixteen bytes at a
 * time (one compare of a vector register where SSE2 is there, two exact tests on 64-bit words
 * elsewhere: each gives a bit for each comma) once memchr has found the line feed and the
 * reader's lookout has said that no quote, NUL or CR comes before it. */
#include "common/csv_plain.h"

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "med.h"

#define BLOCK 16

#if defined(__SSE2__)
/* Bit j set when p[j] is a comma, for the 16 bytes at p. */
static unsigned commas_at(const unsigned char *p)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(',')));
}

/* The 16 bytes at src to dst, each NUL made a comma. */
static void commas_back(char *dst, const char *src)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)src);
    __m128i nuls = _mm_cmpeq_epi8(bytes, _mm_setzero_si128());
    bytes = _mm_or_si128(bytes, _mm_and_si128(nuls, _mm_set1_epi8(',')));
    _mm_storeu_si128((__m128i *)(void *)dst, bytes);
}
#else
/* Words of eight bytes in which each byte is 0x01 or 0x7F. */
#define ONES ((uint64_t)0x0101010101010101u)
#define LOW7 (ONES * 0x7F)

/* 0x80 in each byte of w that equals `byte`, 0 in the others (exact: no carry leaves a byte). */
static uint64_t bytes_equal(uint64_t w, unsigned char byte)
{
    uint64_t x = w ^ (ONES * byte);
    return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/* Bit j set when p[j] is a comma, for the 8 bytes at p. */
static unsigned word_commas(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w); /* the first byte in the low bits */
#endif
    /* The multiply gathers bit 8j (byte j's mark) into bit 56 + j; no two products meet. */
    return (unsigned)(((bytes_equal(w, ',') >> 7) * (uint64_t)0x0102040810204080u) >> 56);
}

/* Bit j set when p[j] is a comma, for the 16 bytes at p. */
static unsigned commas_at(const unsigned char *p)
{
    return word_commas(p) | word_commas(p + 8) << 8;
}

/* The 16 bytes at src to dst, each NUL made a comma (a mark, shifted to 0x01 in its own byte,
 * times ','; in whichever order the machine keeps a word's bytes). */
static void commas_back(char *dst, const char *src)
{
    for (int half = 0; half < 2; half++) {
        uint64_t w;
        memcpy(&w, src + 8 * half, sizeof w);
        w |= (bytes_equal(w, '\0') >> 7) * ',';
        memcpy(dst + 8 * half, &w, sizeof w);
    }
}
#endif

/* The commas among the `avail` (< 16) bytes at p; `readable`: the bytes from p that may be read
 * (when 16 may, they are, and the bits past `avail` dropped). */
static unsigned commas_in_tail(const unsigned char *p, size_t avail, size_t readable)
{
    unsigned keep = (1u << avail) - 1;
    if (readable >= BLOCK)
        return commas_at(p) & keep;
    unsigned char padded[BLOCK];
    memset(padded, 'a', sizeof padded);
    memcpy(padded, p, avail);
    return commas_at(padded) & keep;
}

/* The index of the lowest set bit of a nonzero mask. */
static size_t lowest(unsigned mask)
{
#if defined(__GNUC__) || defined(__clang__)
    return (size_t)__builtin_ctz(mask);
#else
    size_t j = 0;
    for (; (mask & 1) == 0; mask >>= 1)
        j++;
    return j;
#endif
}

/* The bytes a plain record may not hold (a line end aside): they need the careful scan. */
static const char SPECIAL[3] = {'"', '\0', '\r'};

/* The offset in buf of the first quote, NUL or CR at or after buf[from], or len when the input
 * read so far has none. Each is looked for with memchr once and remembered until a record starts
 * past it or, when none was found, until more input is read: a file with no quote is searched
 * for quotes once, however many records it has. */
static size_t next_special(const char *buf, size_t from, size_t len, unsigned long long base,
                           med__csv_lookout *l)
{
    unsigned long long start = base + from, end = base + len, first = end, fresh_to = ~0ull;
    if (start <= l->first && end <= l->fresh_to) /* nearly every record: nothing to look at */
        return (size_t)(l->first - base);
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
    return (size_t)(first - base);
}

/* Too many fields after all: puts back the commas made NULs, for the careful
 * scan (which reports the record); returns 0. */
static int unplain(char *record, const char **fields, size_t count)
{
    for (size_t j = 1; j < count; j++)
        record[fields[j] - record - 1] = ',';
    return 0;
}

int med__csv_split_plain(char *buf, size_t start, size_t len, unsigned long long base,
                         med__csv_lookout *lookout, const char **fields, size_t *count,
                         size_t *end)
{
    char *record = buf + start;
    const unsigned char *line = (const unsigned char *)record;
    size_t n = len - start, limit = n < MED_CSV_MAX_RECORD ? n : MED_CSV_MAX_RECORD;
    const unsigned char *lf = memchr(line, '\n', limit);
    if (lf == NULL)
        return 0;
    size_t stop = (size_t)(lf - line); /* the record's line end: the LF, or a CR just before */
    if (stop > 0 && line[stop - 1] == '\r')
        stop--;
    if (next_special(buf, start, len, base, lookout) - start < stop)
        return 0;
    size_t k = 1;
    fields[0] = record;
    for (size_t i = 0; i < stop; i += BLOCK) {
        unsigned commas = stop - i >= BLOCK ? commas_at(line + i)
                                            : commas_in_tail(line + i, stop - i, n - i);
        for (; commas; commas &= commas - 1) {
            if (k == MED_CSV_MAX_FIELDS)
                return unplain(record, fields, k);
            char *comma = record + i + lowest(commas);
            *comma = '\0';
            fields[k++] = comma + 1;
        }
    }
    *count = k;
    *end = stop;
    return 1;
}

void med__csv_plain_text(char *dst, const char *record, size_t len)
{
    if (len < BLOCK) {
        for (size_t i = 0; i < len; i++)
            dst[i] = record[i] ? record[i] : ',';
        return;
    }
    /* Blocks of 16; the last one ends at len, overlapping the one before (it writes the same
     * bytes again), so no byte past the record is read or written. */
    for (size_t i = 0;; i += BLOCK) {
        if (i > len - BLOCK)
            i = len - BLOCK;
        commas_back(dst + i, record + i);
        if (i == len - BLOCK)
            return;
    }
}
