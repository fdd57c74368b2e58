/* Library speed: computations per second for one structured regimen, on one core. Prints
 * "COMPUTATIONS SECONDS" for med_compute (the input's texts read on every call), then the same
 * for med_compute_prepared (read once by med_input_prepare, outside the timed loop).
 * usage: libbench [CALLS [ROUNDS]]: each figure is the median of ROUNDS (default 5) timed rounds
 * of CALLS (default 2,000,000) calls, so one slow moment of a shared host does not make it. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <med.h>

static double seconds(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

enum { MAX_ROUNDS = 99 };

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return v[n / 2];
}

/* Rounds of n calls of med_compute (prepared == NULL) or med_compute_prepared; the median
 * round's seconds, or -1 when a call failed or gave another result. */
static double timed_rounds(const med_table *t, const med_input *in, const med_prepared *prepared,
                           long n, int rounds)
{
    double secs[MAX_ROUNDS];
    med_result r = MED_RESULT_INIT;
    for (int k = 0; k < rounds; k++) {
        struct timespec a, b;
        long ok = 0;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (long i = 0; i < n; i++) {
            med_status st = prepared ? med_compute_prepared(prepared, &r)
                                     : med_compute(t, in, MED_METHOD_CLINICAL, &r);
            ok += st == MED_OK && r.mme_hundredths == 6000;
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ok != n)
            return -1;
        secs[k] = seconds(a, b);
    }
    return median(secs, rounds);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (n < 1 || rounds < 1 || rounds > MAX_ROUNDS)
        return 2;
    med_table *t;
    med_regimen *regimen = NULL;
    med_error e;
    if (med_table_load_embedded(NULL, &t, &e) != MED_OK)
        return 1;
    if (med_regimen_new(&regimen) != MED_OK ||
        med_regimen_parse(regimen, "oxycodone 10 mg q6h", &e) != MED_OK) {
        med_regimen_free(regimen);
        med_table_free(t);
        return 1;
    }
    const med_input *in = med_regimen_input(regimen);
    med_prepared *prepared = NULL;
    double plain = timed_rounds(t, in, NULL, n, rounds), ready = -1;
    if (plain >= 0)
        printf("%ld %.6f\n", n, plain);
    if (plain >= 0 && med_input_prepare(t, in, MED_METHOD_CLINICAL, &prepared) == MED_OK) {
        ready = timed_rounds(t, in, prepared, n, rounds);
        if (ready >= 0)
            printf("%ld %.6f\n", n, ready);
    }
    med_prepared_free(prepared);
    med_regimen_free(regimen);
    med_table_free(t);
    return plain >= 0 && ready >= 0 ? 0 : 1;
}
