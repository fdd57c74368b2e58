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
void med__percentile_text(const int64_t *sorted, size_t n, int pct, char *out, size_t cap);

#endif
