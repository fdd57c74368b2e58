/* Which of sixteen bytes are a given byte: a bit a byte, for the scans of CSV text that look
 * at a block of bytes at a time (csv_plain.c, claims/patient_order.c). A vector compare where SSE2
 * is there; exact tests on 64-bit words elsewhere. Internal. */
#ifndef MED_MARKS_H
#define MED_MARKS_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MED__BLOCK 16

#if defined(__SSE2__)
/* Bit j set when byte j of the 16 at p is `byte`. */
static inline unsigned med__marks(const unsigned char *p, char byte)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte)));
}
#else
/* Words of eight bytes in which each byte is 0x01 or 0x7F. */
#define MED__ONES ((uint64_t)0x0101010101010101u)
#define MED__LOW7 (MED__ONES * 0x7F)

/* 0x80 in each byte of w that equals `byte`, 0 in the others (exact: no carry leaves a byte). */
static inline uint64_t med__bytes_equal(uint64_t w, unsigned char byte)
{
    uint64_t x = w ^ (MED__ONES * byte);
    return ~(((x & MED__LOW7) + MED__LOW7) | x | MED__LOW7);
}

/* The eight bytes at p, the first in the low bits on any machine. */
static inline uint64_t med__load_word(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* Bit j set when byte j of w (from the low end) equals `byte`. */
static inline unsigned med__word_marks(uint64_t w, unsigned char byte)
{
    /* The multiply gathers bit 8j (byte j's mark) into bit 56 + j; no two products meet. */
    return (unsigned)(((med__bytes_equal(w, byte) >> 7) * (uint64_t)0x0102040810204080u) >> 56);
}

/* Bit j set when byte j of the 16 at p is `byte`. */
static inline unsigned med__marks(const unsigned char *p, char byte)
{
    return med__word_marks(med__load_word(p), (unsigned char)byte) |
           med__word_marks(med__load_word(p + 8), (unsigned char)byte) << 8;
}
#endif

/* Bit j set when byte j of the 64 at p is `byte`: four blocks of 16. */
static inline uint64_t med__marks64(const unsigned char *p, char byte)
{
    return (uint64_t)med__marks(p, byte) | (uint64_t)med__marks(p + 16, byte) << 16 |
           (uint64_t)med__marks(p + 32, byte) << 32 | (uint64_t)med__marks(p + 48, byte) << 48;
}

/* The index of the lowest set bit of a nonzero 64-bit mask. */
static inline size_t med__lowest64(uint64_t mask)
{
#if defined(__GNUC__) || defined(__clang__)
    return (size_t)__builtin_ctzll(mask);
#else
    size_t j = 0;
    for (; (mask & 1) == 0; mask >>= 1)
        j++;
    return j;
#endif
}

/* The index of the lowest set bit of a nonzero mask. */
static inline size_t med__lowest(unsigned mask)
{
    return med__lowest64(mask);
}

#endif
