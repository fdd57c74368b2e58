/* The value at a rank of an array of peaks (what a sort would put there) without sorting: for
 * the practice's medians and percentiles and the dashboard's. See practice_private.h. */
#include <stdint.h>
#include <stdlib.h>

#include "patients/practice_private.h"

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void swap(int64_t *a, size_t i, size_t j)
{
    int64_t t = a[i];
    a[i] = a[j];
    a[j] = t;
}

/* The value a sort would put at a[k], put there, with a[0..k) <= a[k] <= a[k+1..n) (a
 * quickselect: a median and a percentile need only that, not the whole order). A range that
 * fails to shrink (an unlucky or hostile order) is sorted instead, so the work never exceeds a
 * sort's. */
int64_t med__select_kth(int64_t *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* lo <= k < hi; what is outside [lo, hi) is in place */
    for (int rounds = 0; hi - lo > 16 && rounds < 64; rounds++) {
        int64_t x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi - 1];
        int64_t pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
        size_t lt = lo, i = lo, gt = hi; /* [lo, lt) < pivot, [lt, i) == pivot, [gt, hi) > */
        while (i < gt) {
            if (a[i] < pivot)
                swap(a, lt++, i++);
            else if (a[i] > pivot)
                swap(a, i, --gt);
            else
                i++;
        }
        if (k >= lt && k < gt)
            return a[k];
        if (k < lt)
            hi = lt;
        else
            lo = gt;
    }
    if (hi - lo <= 16) { /* most groups end here: a few values, in place (qsort would allocate) */
        for (size_t i = lo + 1; i < hi; i++) {
            int64_t v = a[i];
            size_t j = i;
            for (; j > lo && a[j - 1] > v; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
    } else {
        qsort(a + lo, hi - lo, sizeof *a, by_value);
    }
    return a[k];
}

#define COUNTED_BUCKETS 1024

/* The value a sort would put at a[k], for a large array (the practice's own group holds every
 * patient's peak, a million or more): the values are counted into COUNTED_BUCKETS buckets of
 * equal width, in order of value; those of the bucket holding rank k are moved to the front of
 * a, and the rank is looked for among them alone, the same way. Three passes over the array and
 * a few over the bucket, where a quickselect over a million peaks of a few thousand distinct
 * values swaps and mispredicts its way through several. Afterwards a holds the same values in
 * another order (no more is promised than that). */
int64_t med__rank_value(int64_t *a, size_t n, size_t k)
{
    while (n > MED_RANK_COUNTED_MIN) {
        int64_t lo = a[0], hi = a[0];
        for (size_t i = 1; i < n; i++) {
            lo = a[i] < lo ? a[i] : lo;
            hi = a[i] > hi ? a[i] : hi;
        }
        uint64_t span = (uint64_t)hi - (uint64_t)lo; /* unsigned: the difference always fits */
        if (span == 0)
            return lo;
        unsigned shift = 0; /* the bucket of v: (v - lo) >> shift */
        while ((span >> shift) >= COUNTED_BUCKETS)
            shift++;
        size_t count[COUNTED_BUCKETS] = {0};
        for (size_t i = 0; i < n; i++)
            count[((uint64_t)a[i] - (uint64_t)lo) >> shift]++;
        size_t b = 0, below = 0; /* rank k is in bucket b, after the `below` values before it */
        while (below + count[b] <= k)
            below += count[b++];
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (((uint64_t)a[i] - (uint64_t)lo) >> shift == b)
                swap(a, m++, i);
        n = m; /* < n: lo and hi are in different buckets */
        k -= below;
    }
    return med__select_kth(a, n, k);
}
