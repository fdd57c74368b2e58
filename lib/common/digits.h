/* Whole numbers written as decimal digits, two at a time. Internal. */
#ifndef MED_DIGITS_H
#define MED_DIGITS_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* "00" to "99" side by side: two digits are one look-up rather than a division and a
 * remainder each. */
extern const char med__digit_pairs[200];

/* Writes v (0-99) as two digits at `at`. */
static inline void med__two_digits(char *at, unsigned v)
{
    memcpy(at, med__digit_pairs + 2 * v, 2);
}

/* How many digits u has (1 for 0): the usual values (days, MME/day) take a compare or two. */
static inline size_t med__digit_count(uint64_t u)
{
    size_t n = 1;
    for (; u >= 100; u /= 100)
        n += 2;
    return n + (u >= 10);
}

/* Writes the digits of u so that the last is just before `end`; returns where the first is
 * (end - med__digit_count(u)). */
static inline char *med__digits_before(char *end, uint64_t u)
{
    for (; u >= 100; u /= 100) {
        end -= 2;
        med__two_digits(end, (unsigned)(u % 100));
    }
    if (u >= 10) {
        end -= 2;
        med__two_digits(end, (unsigned)u);
    } else {
        *--end = (char)('0' + u);
    }
    return end;
}

#endif
