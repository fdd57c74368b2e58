/* Shares and percentiles as the reports print them: percentages to one decimal, half up, and
 * nearest-rank percentiles of hundredths. */
#include <stdio.h>

#include "common/decimal.h"
#include "common/percent.h"

void med__share_percent(long num, long den, char out[16])
{
    long tenths = den > 0 ? (long)(((int64_t)num * 2000 + den) / (2 * (int64_t)den)) : 0;
    if (tenths < 0 || tenths >= 100000000000000) { /* not a share of counts: as printf has it */
        snprintf(out, 16, "%ld.%ld", tenths / 10, tenths % 10);
        return;
    }
    /* The digits written by hand: a report makes one for every measure of every prescriber,
     * and snprintf costs a thousand instructions each. */
    char digits[24];
    size_t n = 0;
    for (long whole = tenths / 10; n == 0 || whole > 0; whole /= 10)
        digits[n++] = (char)('0' + whole % 10);
    size_t k = 0; /* at most 13 digits, then ".d" and the NUL: 16 bytes */
    while (n > 0)
        out[k++] = digits[--n];
    out[k++] = '.';
    out[k++] = (char)('0' + tenths % 10);
    out[k] = '\0';
}

void med__double_percent(double share, char out[16])
{
    long tenths = share > 0 ? (long)(share * 1000.0 + 0.5) : 0;
    snprintf(out, 16, "%ld.%ld", tenths / 10, tenths % 10);
}

int64_t med__midpoint_half_up(int64_t lower, int64_t upper)
{
    uint64_t gap = (uint64_t)upper - (uint64_t)lower; /* at most INT64_MAX */
    return lower + (int64_t)(gap / 2 + gap % 2);
}

void med__percentile_text(const int64_t *v, size_t n, int pct, char *out, size_t cap)
{
    int64_t x = 0;
    if (n > 0 && pct == 50)
        x = n % 2 ? v[n / 2] : med__midpoint_half_up(v[n / 2 - 1], v[n / 2]);
    else if (n > 0)
        x = v[((size_t)pct * n + 99) / 100 - 1]; /* ceil(pct% of n), 1-based */
    med__hundredths_format(x, out, cap);
}
