/* Shares and percentiles as text, for reports. Internal. */
#ifndef MED_PERCENT_H
#define MED_PERCENT_H
#include <stddef.h>
#include <stdint.h>

/* num / den as a percentage to one decimal, half up ("12.5"); "0.0" when den is 0. */
void med__share_percent(long num, long den, char out[16]);
/* A share (0..1) as a percentage to one decimal, half up. */
void med__double_percent(double share, char out[16]);
/* The pct-th percentile (nearest rank; 50 is the median, averaging the middle two) of `n`
 * sorted hundredths, none negative (MME/day), as a decimal. */
/* The mean of lower and upper (0 <= lower <= upper), half up: (lower + upper + 1) / 2 without a
 * sum, nor a difference plus one, that could pass INT64_MAX (0 and INT64_MAX give 2^62). */
int64_t med__midpoint_half_up(int64_t lower, int64_t upper);
void med__percentile_text(const int64_t *sorted, size_t n, int pct, char *out, size_t cap);

#endif
